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

import dev.needle.web.NeedleConfig;
import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.assignment.AssignmentActivities;
import dev.needle.workflows.budget.BudgetActivities;
import dev.needle.workflows.campaign.CampaignActivities;
import dev.needle.workflows.campaign.CampaignWorkflowImpl;
import dev.needle.workflows.deadline.DeadlineActivities;
import dev.needle.workflows.embedding.EmbeddingActivities;
import dev.needle.workflows.iteration.IterationActivities;
import dev.needle.workflows.iteration.IterationWorkflowImpl;
import dev.needle.workflows.labeling.LabelingActivities;
import dev.needle.workflows.prediction.PredictionActivities;
import dev.needle.workflows.scoring.ScoringActivities;
import dev.needle.workflows.selection.SelectionActivities;
import dev.needle.workflows.training.ExternalTrainingActivities;
import dev.needle.workflows.training.TrainingActivities;

/**
 * Starts and stops the Temporal workers of a process whose roles include {@code worker}. Kept apart from the bean that
 * produces the {@link WorkerFactory}: injecting the factory into its own producer recursed without end. The activities
 * are injected by their interfaces: CDI gives the one bean that implements each, and nothing here can reach past the
 * activity contract into an implementation.
 */
@ApplicationScoped
public class WorkerLifecycle {

    @Inject
    NeedleConfig config;
    @Inject
    WorkerFactory factory;
    @Inject
    IterationActivities iterations;
    @Inject
    LabelingActivities labeling;
    @Inject
    EmbeddingActivities embedding;
    @Inject
    PredictionActivities prediction;
    @Inject
    ScoringActivities scoring;
    @Inject
    SelectionActivities selection;
    @Inject
    TrainingActivities training;
    @Inject
    BudgetActivities budget;
    @Inject
    AssignmentActivities assignment;
    @Inject
    CampaignActivities campaigns;
    @Inject
    DeadlineActivities deadlines;
    @Inject
    ExternalTrainingActivities externalTraining;

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
