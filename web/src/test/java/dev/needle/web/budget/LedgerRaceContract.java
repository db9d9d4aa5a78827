package dev.needle.web.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.assignment.AssignmentMode;
import dev.needle.activities.budget.Balance;
import dev.needle.activities.budget.BudgetLedger;
import dev.needle.activities.budget.LedgerEntry;
import dev.needle.activities.budget.LedgerEntryRepository;
import dev.needle.activities.budget.OverrunPolicy;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.DatasetStatus;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRows;
import dev.needle.activities.iteration.NewIteration;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Reservation;

/**
 * The ledger's guarantees against a real database, run on H2 and on PostgreSQL: concurrent reservations never take more
 * than the budget, balances are always the sums of the entries, and a label event seen twice spends once.
 */
abstract class LedgerRaceContract {

    private static final int THREADS = 8;

    @Inject
    BudgetLedger ledger;
    @Inject
    LedgerEntryRepository entries;
    @Inject
    ProjectRepository projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    IterationRows rows;

    @Test
    void givenTheLastOfTheBudget_whenIterationsReserveAtTheSameMoment_onlyWhatFitsIsGranted() throws Exception {
        // 10 EUR at 1 EUR a label; eight batches of 3 race: exactly three fit, the others are refused.
        Fixture f = fixture("race-refuse", THREADS, 0);
        setBudget(f, "10", OverrunPolicy.REFUSE, "1");

        List<Reservation> granted = race(f, 3);

        assertEquals(3, granted.stream().filter(r -> !r.refused()).count(), granted.toString());
        assertTrue(granted.stream().filter(Reservation::refused).allMatch(r -> r.reason().contains("1 EUR available")),
                granted.toString());
        Balance balance = balance(f);
        assertEquals(0, new BigDecimal("9").compareTo(balance.reserved()), balance.toString());
        assertEquals(0, BigDecimal.ONE.compareTo(balance.available()), balance.toString());
        assertBalanceIsTheSumOfEntries(f);
    }

    @Test
    void givenShrinkingBatches_whenIterationsRaceForTheBudget_theyTakeItExactlyAndNeverBelowZero() throws Exception {
        // 10 EUR at 1 EUR a label; eight batches of 3: three whole, one shrunk to 1, four refused.
        Fixture f = fixture("race-shrink", THREADS, 0);
        setBudget(f, "10", OverrunPolicy.SHRINK, "1");

        List<Reservation> granted = race(f, 3);

        assertEquals(10, granted.stream().mapToInt(Reservation::granted).sum(), granted.toString());
        assertEquals(1, granted.stream().filter(r -> r.granted() == 1).count(), granted.toString());
        Balance balance = balance(f);
        assertEquals(0, balance.available().signum(), balance.toString());
        assertBalanceIsTheSumOfEntries(f);
    }

    @Test
    void givenRandomRounds_afterEveryOperation_theBalanceIsTheSumOfEntriesAndNeverNegative() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            Fixture f = fixture("props-" + seed, 6, 40);
            setBudget(f, Integer.toString(20 + random.nextInt(60)), random.nextBoolean() ? OverrunPolicy.SHRINK
                    : OverrunPolicy.REFUSE, "1.25");
            int nextSample = 0;
            for (long iteration : f.iterations) {
                if (random.nextInt(4) == 0)
                    ledger.setCost(f.projectId, BudgetLedger.CLASSIFICATION, new BigDecimal("0.5").add(
                            BigDecimal.valueOf(random.nextInt(300), 2)), "manager");
                if (random.nextInt(4) == 0)
                    ledger.adjust(f.projectId, BigDecimal.valueOf(1 + random.nextInt(20)), "top-up", "manager");
                Reservation r = ledger.reserve(iteration, f.projectId, 1 + random.nextInt(8));
                assertInvariants(f);
                List<Long> labeled = new ArrayList<>();
                for (int i = 0; i < r.granted() && random.nextInt(3) > 0; i++)
                    labeled.add(f.samples.get(nextSample++));
                // Every label event arrives twice, as a retried activity or a resubmitted upload would send it.
                QuarkusTransaction.requiringNew().run(() -> ledger.spend(iteration, labeled, "annotator"));
                QuarkusTransaction.requiringNew().run(() -> ledger.spend(iteration, labeled, "annotator"));
                assertEquals(labeled.size(), entries.count("iterationId = ?1 and kind = ?2", iteration,
                        LedgerEntry.Kind.SPEND), "a label event seen twice spends once");
                assertInvariants(f);
                ledger.release(iteration, "round completed");
                ledger.release(iteration, "round completed");
                assertInvariants(f);
            }
            assertEquals(0, balance(f).reserved().signum(), "every round released what it did not spend");
        }
    }

    private List<Reservation> race(Fixture f, int batch) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(f.iterations.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reservation>> futures = new ArrayList<>();
            for (long iteration : f.iterations) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return ledger.reserve(iteration, f.projectId, batch);
                }));
            }
            go.countDown();
            List<Reservation> out = new ArrayList<>();
            for (Future<Reservation> future : futures)
                out.add(future.get(60, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertInvariants(Fixture f) {
        Balance b = balance(f);
        assertTrue(b.available().signum() >= 0, "available never negative: " + b);
        assertTrue(b.reserved().signum() >= 0, "reserved never negative: " + b);
        assertEquals(0, b.total().compareTo(b.available().add(b.reserved()).add(b.spent())), b.toString());
        assertBalanceIsTheSumOfEntries(f);
    }

    /** Recomputes every figure from the raw entries, independently of the ledger's own sums. */
    private void assertBalanceIsTheSumOfEntries(Fixture f) {
        Map<LedgerEntry.Kind, BigDecimal> sums = new HashMap<>();
        for (LedgerEntry e : QuarkusTransaction.requiringNew().call(() -> entries.forProject(f.projectId)))
            sums.merge(e.kind, e.amount, BigDecimal::add);
        BigDecimal adjust = sums.getOrDefault(LedgerEntry.Kind.ADJUST, BigDecimal.ZERO);
        BigDecimal reserve = sums.getOrDefault(LedgerEntry.Kind.RESERVE, BigDecimal.ZERO);
        BigDecimal spend = sums.getOrDefault(LedgerEntry.Kind.SPEND, BigDecimal.ZERO);
        BigDecimal release = sums.getOrDefault(LedgerEntry.Kind.RELEASE, BigDecimal.ZERO);
        Balance b = balance(f);
        assertEquals(0, adjust.compareTo(b.total()), b.toString());
        assertEquals(0, spend.compareTo(b.spent()), b.toString());
        assertEquals(0, reserve.subtract(spend).subtract(release).compareTo(b.reserved()), b.toString());
        assertEquals(0, adjust.subtract(reserve).add(release).compareTo(b.available()), b.toString());
    }

    private Balance balance(Fixture f) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.balance(f.projectId).orElseThrow());
    }

    private void setBudget(Fixture f, String amount, OverrunPolicy policy, String cost) {
        ledger.setBudget(f.projectId, new BigDecimal(amount), "EUR", policy, "manager");
        ledger.setCost(f.projectId, BudgetLedger.CLASSIFICATION, new BigDecimal(cost), "manager");
    }

    record Fixture(long projectId, List<Long> iterations, List<Long> samples) {
    }

    /** A project with a dataset row, {@code poolSize} sample rows and {@code rounds} iteration rows. */
    private Fixture fixture(String slug, int rounds, int poolSize) {
        return QuarkusTransaction.requiringNew().call(() -> {
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
            dataset.poolCount = poolSize;
            dataset.registeredAt = Instant.now();
            dataset.status = DatasetStatus.READY;
            datasets.persist(dataset);
            List<Long> sampleIds = new ArrayList<>();
            for (int i = 0; i < poolSize; i++) {
                Sample sample = new Sample();
                sample.datasetId = dataset.id;
                sample.path = "pool/" + i + ".png";
                sample.contentHash = "0".repeat(64);
                sample.split = Split.POOL;
                samples.persist(sample);
                sampleIds.add(sample.id);
            }
            List<Long> iterationIds = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                Iteration row = rows.create(new NewIteration(project.id, dataset.id, "RANDOM", 3, 0,
                        "uncertainty_margin", 60, AssignmentMode.ROUND_ROBIN, Map.of(), null, null, null));
                // One round of a project runs at a time (the database holds to it); the ledger does not ask.
                row.moveTo(IterationStatus.COMPLETED);
                iterationIds.add(row.id);
            }
            return new Fixture(project.id, iterationIds, sampleIds);
        });
    }
}
