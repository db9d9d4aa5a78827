package dev.needle.activities.dataset;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;

/**
 * A registration's rows while it runs, each step a transaction of its own. The dataset is written PENDING, its samples
 * in batches, and {@link DatasetRegistry} makes it READY in the last transaction; until then nothing else sees it. A
 * process killed mid-registration leaves a PENDING dataset that stops showing progress: it is removed at start-up once
 * it has been silent for {@link #ABANDONED_AFTER}, or at once when its name is registered again after that, so the name
 * is free again and no round ever runs on part of a folder.
 * <p>
 * Silence, not the process that wrote it, marks a registration dead: any process may clean up, including a worker
 * that starts while a web process is still registering, because a live registration shows progress every
 * {@link #HEARTBEAT}.
 */
@ApplicationScoped
public class PendingDatasets {

    /** How often a live registration shows progress, even while one slow file holds the walk up. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Twelve heartbeats missed: a busy machine is not mistaken for a dead registration. */
    public static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);

    @Inject
    ProjectRepository projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    SkippedFileRepository skippedFiles;
    @Inject
    SampleRows rows;

    /**
     * Writes the PENDING dataset that holds the name while its folder is walked. A name taken by a READY dataset is bad
     * input; one a live registration holds is refused for now (409); one an abandoned registration holds is taken over.
     */
    public Dataset begin(long projectId, String name, String root) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Project project = projects.findByIdOptional(projectId)
                        .orElseThrow(() -> new BadInputException("project", "no project " + projectId));
                Optional<Dataset> holder = datasets.find("projectId = ?1 and name = ?2", projectId, name)
                        .firstResultOptional();
                if (holder.isPresent()) {
                    Dataset other = holder.get();
                    if (other.ready())
                        throw new BadInputException("name", "project " + project.slug + " already has a dataset " + name);
                    if (!abandoned(other, Instant.now()))
                        throw beingRegistered(name);
                    deleteRows(other);
                    datasets.flush();
                }
                Dataset d = new Dataset();
                d.projectId = projectId;
                d.name = name;
                d.root = root;
                d.snapshot = "";
                d.status = DatasetStatus.PENDING;
                d.registeredAt = Instant.now();
                d.progressAt = d.registeredAt;
                datasets.persist(d);
                datasets.flush();
                return d;
            });
        } catch (RuntimeException e) {
            // Two registrations of one name at once: the database's unique name lets one through.
            if (uniqueViolation(e))
                throw beingRegistered(name);
            throw e;
        }
    }

    /** One batch of samples and skipped files, with the progress that shows the registration is alive. */
    public void write(long datasetId, List<Sample> batch, List<SkippedFile> skipped) {
        QuarkusTransaction.requiringNew().run(() -> {
            progress(datasetId);
            rows.insert(batch, skipped);
        });
    }

    /** Progress without rows: the walk is busy with a slow file. */
    public void heartbeat(long datasetId) {
        QuarkusTransaction.requiringNew().run(() -> progress(datasetId));
    }

    /** Removes a registration that failed, with what it wrote. */
    public void remove(long datasetId) {
        QuarkusTransaction.requiringNew().run(() -> datasets.findByIdOptional(datasetId)
                .filter(d -> !d.ready())
                .ifPresent(this::deleteRows));
    }

    /**
     * Removes every PENDING dataset whose registration has been silent for {@link #ABANDONED_AFTER} at {@code now}.
     *
     * @return when the next PENDING dataset left will count as abandoned if it stays silent; empty when none is left
     */
    public Optional<Instant> removeAbandoned(Instant now) {
        List<Dataset> pending = QuarkusTransaction.requiringNew()
                .call(() -> datasets.list("status = ?1 order by id", DatasetStatus.PENDING));
        Instant next = null;
        for (Dataset d : pending) {
            if (!abandoned(d, now)) {
                Instant due = d.progressAt.plus(ABANDONED_AFTER);
                next = next == null || due.isBefore(next) ? due : next;
                continue;
            }
            long written = QuarkusTransaction.requiringNew().call(() -> {
                // Claimed by a conditional update, so a registration that showed progress since the list was read,
                // or another process cleaning up at the same time, is left alone.
                if (datasets.update("progressAt = progressAt where id = ?1 and status = ?2 and progressAt <= ?3", d.id,
                        DatasetStatus.PENDING, now.minus(ABANDONED_AFTER)) == 0)
                    return -1L;
                return deleteRows(datasets.findById(d.id));
            });
            if (written >= 0) {
                Log.warnf("Removed the unfinished registration of dataset %s (project %d, %d samples written, last "
                        + "progress %s): its process stopped before it finished; register the folder again", d.name,
                        d.projectId, written, d.progressAt);
            }
        }
        return Optional.ofNullable(next);
    }

    /**
     * After a restart: removes the registrations the last process left unfinished. One cut short just before has not
     * been silent long enough yet, so this waits for it in the background rather than holding the start-up up.
     */
    void onStart(@Observes StartupEvent event) {
        Thread cleaner = new Thread(() -> {
            try {
                for (Optional<Instant> next = removeAbandoned(Instant.now()); next.isPresent(); next = removeAbandoned(
                        Instant.now())) {
                    Thread.sleep(Math.max(HEARTBEAT.toMillis(), Duration.between(Instant.now(), next.get()).toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Log.warn("Could not remove unfinished dataset registrations; the next start-up tries again", e);
            }
        }, "needle-unfinished-registrations");
        cleaner.setDaemon(true);
        cleaner.start();
    }

    static boolean abandoned(Dataset d, Instant now) {
        return d.progressAt == null || !d.progressAt.isAfter(now.minus(ABANDONED_AFTER));
    }

    /** Records progress; a registration whose dataset was taken over as abandoned stops here. */
    private void progress(long datasetId) {
        if (datasets.update("progressAt = ?1 where id = ?2 and status = ?3", Instant.now(), datasetId,
                DatasetStatus.PENDING) == 0) {
            throw RefusedException.wrongState("name", "the registration stalled for more than "
                    + ABANDONED_AFTER.toSeconds() + " s and was removed; register the folder again");
        }
    }

    /** The samples it wrote, which go with it. */
    private long deleteRows(Dataset d) {
        skippedFiles.delete("datasetId", d.id);
        long written = samples.delete("datasetId", d.id);
        datasets.delete(d);
        return written;
    }

    private static RefusedException beingRegistered(String name) {
        return RefusedException.wrongState("name", "dataset " + name
                + " is being registered; wait until that registration is done or has been silent for "
                + ABANDONED_AFTER.toSeconds() + " s");
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE)
                return true;
        return false;
    }
}
