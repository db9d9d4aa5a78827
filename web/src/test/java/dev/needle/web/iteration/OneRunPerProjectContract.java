package dev.needle.web.iteration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import jakarta.inject.Inject;

import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.RefusedException;
import dev.needle.activities.UniqueKey;
import dev.needle.activities.assignment.AssignmentMode;
import dev.needle.activities.campaign.Campaign;
import dev.needle.activities.campaign.CampaignRepository;
import dev.needle.activities.campaign.Campaigns;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.DatasetStatus;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.iteration.IterationRows;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.iteration.NewIteration;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.Errors;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.StoppingRules;

/**
 * One running round and one open campaign per project, held by the database itself: the unique marker keys refuse a
 * second running row written straight through a repository, the check keeps the marker off finished rows, and starts
 * racing through the domain leave exactly one winner and nothing else. Run on H2 and on PostgreSQL.
 */
abstract class OneRunPerProjectContract {

    private static final int THREADS = 10;

    @Inject
    Iterations iterations;
    @Inject
    IterationRows rows;
    @Inject
    IterationRepository iterationRows;
    @Inject
    Campaigns campaigns;
    @Inject
    CampaignRepository campaignRows;
    @Inject
    ProjectRepository projects;
    @Inject
    DatasetRepository datasets;

    private final List<Long> fixtures = new ArrayList<>();

    @Test
    void givenARunningRound_aSecondRunningRowWrittenThroughTheRepositoryIsRefusedByTheDatabase() {
        NewIteration planned = fixture();
        QuarkusTransaction.requiringNew().run(() -> rows.create(planned));

        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> rows.create(planned)));

        assertTrue(UniqueKey.violatedBy(refused), "a unique key refused it: " + refused);
        assertEquals(1, count(planned.projectId()), "the second row was not written");
    }

    @Test
    void finishedRoundsNeverCollide_soAProjectKeepsAnyNumberBesideItsRunningOne() {
        NewIteration planned = fixture();
        for (IterationStatus end : List.of(IterationStatus.COMPLETED, IterationStatus.FAILED, IterationStatus.CANCELLED))
            QuarkusTransaction.requiringNew().run(() -> rows.create(planned).moveTo(end));

        Iteration running = QuarkusTransaction.requiringNew().call(() -> rows.create(planned));

        assertEquals(4, running.round);
        assertEquals(4, count(planned.projectId()));
    }

    @Test
    void aRowCannotLeaveRunningWithoutGivingUpItsPlace() {
        NewIteration planned = fixture();
        long id = QuarkusTransaction.requiringNew().call(() -> rows.create(planned)).id;

        // A write that skips Iteration.moveTo would leave the marker on a finished row and block the project forever.
        RuntimeException refused = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> iterationRows.update("status = ?1 where id = ?2", IterationStatus.COMPLETED, id)));

        assertTrue(violated(refused, "iteration_running_marker"), "the marker check refused it: " + refused);
        assertEquals(IterationStatus.RUNNING, QuarkusTransaction.requiringNew().call(() -> iterationRows.findById(id)).status);
    }

    @Test
    void givenAnOpenCampaign_aSecondOpenCampaignWrittenThroughTheRepositoryIsRefusedByTheDatabase() {
        long projectId = fixture().projectId();
        QuarkusTransaction.requiringNew().run(() -> campaignRows.persist(campaign(projectId, CampaignStatus.STOPPED)));
        QuarkusTransaction.requiringNew().run(() -> campaignRows.persist(campaign(projectId, CampaignStatus.STOPPED)));
        QuarkusTransaction.requiringNew().run(() -> campaignRows.persist(campaign(projectId, CampaignStatus.RUNNING)));

        RuntimeException refused = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> campaignRows.persist(campaign(projectId, CampaignStatus.PAUSED))));

        assertTrue(UniqueKey.violatedBy(refused), "a unique key refused it: " + refused);
        assertEquals(3, QuarkusTransaction.requiringNew().call(() -> campaignRows.forProject(projectId)).size());
    }

    @Test
    void givenTenStartsOfOneProjectAtOnce_exactlyOneWritesItsRound() throws Exception {
        NewIteration planned = fixture();

        List<Object> outcomes = race(THREADS, i -> () -> iterations.create(planned));

        assertOneWinner(outcomes);
        assertEquals(1, count(planned.projectId()), "the losers left no row");
    }

    @Test
    void givenTenCampaignStartsAtOnce_exactlyOneWritesItsCampaign() throws Exception {
        NewIteration planned = fixture();

        List<Object> outcomes = race(THREADS, i -> () -> campaigns.create(planned, rules(), 10, "mlops"));

        assertOneWinner(outcomes);
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> campaignRows.forProject(planned.projectId())).size(),
                "the losers left no campaign");
    }

    @Test
    void givenRoundAndCampaignStartsAtOnce_exactlyOneOfThemIsWritten() throws Exception {
        NewIteration planned = fixture();

        List<Object> outcomes = race(THREADS, i -> i % 2 == 0
                ? () -> iterations.create(planned)
                : () -> campaigns.create(planned, rules(), 10, "mlops"));

        assertOneWinner(outcomes);
        int written = count(planned.projectId())
                + QuarkusTransaction.requiringNew().call(() -> campaignRows.forProject(planned.projectId())).size();
        assertEquals(1, written, "one round or one campaign, and nothing of the losers");
    }

    @Test
    void givenARunningRound_aRetriedRetrainOfAnotherIsRefusedAndTheRowStaysFailed() {
        NewIteration planned = fixture();
        long failed = QuarkusTransaction.requiringNew().call(() -> {
            Iteration row = rows.create(planned);
            row.moveTo(IterationStatus.FAILED);
            row.step = Step.RETRAIN;
            return row;
        }).id;
        QuarkusTransaction.requiringNew().run(() -> rows.create(planned));
        String slug = QuarkusTransaction.requiringNew().call(() -> projects.findById(planned.projectId()).slug);

        RefusedException refused = assertThrows(RefusedException.class, () -> iterations.reopenRetrain(slug, 1, "mlops"));

        assertEquals("project", refused.field());
        assertTrue(refused.reason().contains("round 2 of " + slug + " is still running"), refused.reason());
        assertEquals(IterationStatus.FAILED,
                QuarkusTransaction.requiringNew().call(() -> iterationRows.findById(failed)).status);
    }

    /** Fixture rounds and campaigns end with their test, so nothing here is resumed as if it had been running. */
    @AfterEach
    void endWhatTheFixturesLeftRunning() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (long projectId : fixtures) {
                iterationRows.forProject(projectId).forEach(i -> i.moveTo(IterationStatus.CANCELLED));
                campaignRows.forProject(projectId).forEach(c -> c.moveTo(CampaignStatus.STOPPED));
            }
        });
        fixtures.clear();
    }

    /** Runs the calls at once; each outcome is what the call returned or the exception it threw. */
    private static List<Object> race(int threads, IntFunction<Callable<Object>> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Object> one = call.apply(i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return one.call();
                }));
            }
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                try {
                    outcomes.add(future.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One call wrote its row; every other was refused as the wrong state of {@code project}, nothing failed. */
    private static void assertOneWinner(List<Object> outcomes) {
        List<Object> written = outcomes.stream().filter(o -> o instanceof Iteration || o instanceof Campaign).toList();
        assertEquals(1, written.size(), outcomes.toString());
        for (Object o : outcomes) {
            if (written.contains(o))
                continue;
            RefusedException refused = assertInstanceOfRefused(o);
            assertEquals(Errors.WRONG_STATE, refused.type(), refused.toString());
            assertEquals("project", refused.field(), refused.toString());
        }
    }

    private static RefusedException assertInstanceOfRefused(Object outcome) {
        assertTrue(outcome instanceof RefusedException, "refused, not failed: " + outcome);
        return (RefusedException) outcome;
    }

    /** Whether the named constraint refused it; H2 spells the name in capitals, PostgreSQL as written. */
    private static boolean violated(Throwable failure, String constraint) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation)
                return String.valueOf(violation.getMessage()).toLowerCase().contains(constraint);
        }
        return false;
    }

    private int count(long projectId) {
        return QuarkusTransaction.requiringNew().call(() -> iterationRows.forProject(projectId)).size();
    }

    private static StoppingRules rules() {
        return new StoppingRules(null, null, null, 3);
    }

    private static Campaign campaign(long projectId, CampaignStatus status) {
        Campaign c = new Campaign();
        c.projectId = projectId;
        c.moveTo(status);
        c.settings = "{}";
        c.workflowId = "campaign-" + UUID.randomUUID();
        c.createdAt = Instant.now();
        return c;
    }

    /** A project with a dataset row, and the round its starts would write. */
    private NewIteration fixture() {
        NewIteration planned = QuarkusTransaction.requiringNew().call(() -> {
            String slug = "one-run-" + UUID.randomUUID().toString().substring(0, 8);
            Project project = new Project();
            project.slug = slug;
            project.name = slug;
            project.setClasses(List.of("a", "b"));
            project.createdAt = Instant.now();
            projects.persist(project);
            Dataset dataset = new Dataset();
            dataset.projectId = project.id;
            dataset.name = "v1";
            dataset.root = slug;
            dataset.snapshot = "0".repeat(64);
            dataset.registeredAt = Instant.now();
            dataset.status = DatasetStatus.READY;
            datasets.persist(dataset);
            return new NewIteration(project.id, dataset.id, "RANDOM", 3, 0, "uncertainty_margin", 60,
                    AssignmentMode.ROUND_ROBIN, Map.of(), null, null, null);
        });
        fixtures.add(planned.projectId());
        return planned;
    }
}
