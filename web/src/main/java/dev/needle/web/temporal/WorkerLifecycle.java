package dev.needle.web.temporal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;

import dev.needle.activities.assignment.AssignmentActivitiesImpl;
import dev.needle.activities.budget.BudgetActivitiesImpl;
import dev.needle.activities.campaign.CampaignActivitiesImpl;
import dev.needle.activities.deadline.DeadlineActivitiesImpl;
import dev.needle.activities.embedding.EmbeddingActivitiesImpl;
import dev.needle.activities.iteration.IterationActivitiesImpl;
import dev.needle.activities.labeling.LabelingActivitiesImpl;
import dev.needle.activities.prediction.PredictionActivitiesImpl;
import dev.needle.activities.scoring.ScoringActivitiesImpl;
import dev.needle.activities.selection.SelectionActivitiesImpl;
import dev.needle.activities.trainer.ExternalTrainingActivitiesImpl;
import dev.needle.activities.training.TrainingActivitiesImpl;
import dev.needle.web.NeedleConfig;
import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.campaign.CampaignWorkflowImpl;
import dev.needle.workflows.iteration.IterationWorkflowImpl;

/**
 * Starts and stops the Temporal workers of a process whose roles include {@code worker}. Kept apart from the bean that
 * produces the {@link WorkerFactory}: injecting the factory into its own producer recursed without end.
 */
@ApplicationScoped
public class WorkerLifecycle {

    @Inject
    NeedleConfig config;
    @Inject
    WorkerFactory factory;
    @Inject
    IterationActivitiesImpl iterations;
    @Inject
    LabelingActivitiesImpl labeling;
    @Inject
    EmbeddingActivitiesImpl embedding;
    @Inject
    PredictionActivitiesImpl prediction;
    @Inject
    ScoringActivitiesImpl scoring;
    @Inject
    SelectionActivitiesImpl selection;
    @Inject
    TrainingActivitiesImpl training;
    @Inject
    BudgetActivitiesImpl budget;
    @Inject
    AssignmentActivitiesImpl assignment;
    @Inject
    CampaignActivitiesImpl campaigns;
    @Inject
    DeadlineActivitiesImpl deadlines;
    @Inject
    ExternalTrainingActivitiesImpl externalTraining;

    private boolean started;

    public boolean runsWorkers() {
        return config.roles().contains(NeedleConfig.Role.WORKER);
    }

    /** Called once the database is migrated; see {@code Startup}. */
    public void start() {
        if (!runsWorkers() || started)
            return;
        Worker iterationWorker = factory.newWorker(TaskQueues.ITERATIONS);
        iterationWorker.registerWorkflowImplementationTypes(IterationWorkflowImpl.class, CampaignWorkflowImpl.class);
        iterationWorker.registerActivitiesImplementations(iterations, labeling, budget, assignment, campaigns, deadlines);
        // Heartbeats carry the progress people watch: send them every few seconds, not the SDK's default 30-60 s.
        Worker mlWorker = factory.newWorker(TaskQueues.ML, WorkerOptions.newBuilder()
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(5))
                .build());
        mlWorker.registerActivitiesImplementations(embedding, prediction, scoring, selection, training, externalTraining);
        factory.start();
        started = true;
        Log.infof("Temporal workers started on %s and %s", TaskQueues.ITERATIONS, TaskQueues.ML);
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        if (!started)
            return;
        factory.shutdown();
        factory.awaitTermination(10, TimeUnit.SECONDS);
    }
}
