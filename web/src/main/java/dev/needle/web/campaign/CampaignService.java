package dev.needle.web.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;

import dev.needle.activities.campaign.Campaign;
import dev.needle.activities.campaign.CampaignEvent;
import dev.needle.activities.campaign.CampaignRepository;
import dev.needle.activities.campaign.CampaignSettings;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.iteration.NewIteration;
import dev.needle.activities.project.Project;
import dev.needle.web.iteration.IterationService;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;
import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.campaign.CampaignWorkflow;
import dev.needle.workflows.messages.commands.CampaignRequest;
import dev.needle.workflows.messages.commands.CampaignSignal;
import dev.needle.workflows.messages.queries.CampaignState;
import dev.needle.workflows.messages.values.CampaignProgress;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.StoppingRules;

/** Starts campaigns and passes on pause, resume and stop; never waits for a round or a campaign to finish. */
@ApplicationScoped
public class CampaignService {

    private static final int DEFAULT_CONTINUE_AS_NEW_EVERY = 10;

    @Inject
    ProjectService projects;
    @Inject
    IterationService iterations;
    @Inject
    CampaignRepository campaigns;
    @Inject
    WorkflowClient temporal;
    @Inject
    IterationRepository iterationRows;

    public CampaignViews.Campaign start(String projectSlug, CampaignViews.StartCampaign request, String by) {
        Campaign campaign;
        try {
            campaign = QuarkusTransaction.requiringNew().call(() -> createRow(projectSlug, request, by));
        } catch (PersistenceException e) {
            throw ProblemException.conflict("project", "another campaign of " + projectSlug + " started at the same time");
        }
        try {
            launch(campaign, CampaignProgress.start());
        } catch (RuntimeException e) {
            Log.error("Could not start campaign " + campaign.id, e);
            QuarkusTransaction.requiringNew().run(() -> {
                Campaign row = campaigns.findById(campaign.id);
                row.status = CampaignStatus.STOPPED;
                row.stopDetail = "Temporal did not accept the workflow: " + e.getMessage();
                row.finishedAt = Instant.now();
            });
            throw new ProblemException(503, null, "Temporal is unavailable; the campaign was not started");
        }
        return get(projectSlug, campaign.id);
    }

    private void launch(Campaign campaign, CampaignProgress progress) {
        CampaignSettings settings = CampaignSettings.fromJson(campaign.settings);
        CampaignWorkflow workflow = temporal.newWorkflowStub(CampaignWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.ITERATIONS)
                .setWorkflowId(campaign.workflowId)
                // A lost campaign is started again under the same business key.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
        WorkflowClient.start(workflow::run, new CampaignRequest(campaign.id, campaign.projectId, settings.rules(),
                settings.continueAsNewEvery(), progress));
    }

    /**
     * Starts again every unfinished campaign whose workflow Temporal no longer has (the embedded server forgets them
     * on restart), with the progress its rounds recorded. Returns the ids of the iterations still running under these
     * campaigns: each campaign takes its round over as its child again, so they must not be resumed on their own.
     */
    public Set<Long> resumeUnfinished() {
        List<Campaign> open = QuarkusTransaction.requiringNew()
                .call(() -> campaigns.list("status <> ?1", CampaignStatus.STOPPED));
        Set<Long> takenOver = new HashSet<>();
        for (Campaign campaign : open) {
            if (iterations.isRunning(campaign.workflowId))
                continue;
            Resumed resumed = QuarkusTransaction.requiringNew().call(() -> recorded(campaign));
            Log.infof("Resuming campaign %d of project %d after %d rounds", campaign.id, campaign.projectId,
                    resumed.progress().roundsDone());
            launch(campaign, resumed.progress());
            takenOver.addAll(resumed.running());
        }
        return takenOver;
    }

    private record Resumed(CampaignProgress progress, Set<Long> running) {
    }

    /** The campaign's progress as its iterations recorded it: finished rounds and their accuracies, in order. */
    private Resumed recorded(Campaign campaign) {
        List<Double> accuracies = new ArrayList<>();
        Set<Long> running = new HashSet<>();
        for (CampaignEvent event : campaigns.events(campaign.id)) {
            if (event.kind != CampaignEvent.Kind.ROUND_STARTED)
                continue;
            Iteration round = iterationRows.inRound(campaign.projectId, event.round).orElseThrow();
            if (round.status.isFinished())
                accuracies.add(round.outputs.accuracy());
            else
                running.add(round.id);
        }
        return new Resumed(new CampaignProgress(accuracies.size(), accuracies, campaign.status == CampaignStatus.PAUSED),
                running);
    }

    private Campaign createRow(String projectSlug, CampaignViews.StartCampaign request, String by) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        StoppingRules rules = rules(request.stop());
        int every = request.continueAsNewEvery() == null ? DEFAULT_CONTINUE_AS_NEW_EVERY : request.continueAsNewEvery();
        if (every < 1)
            throw ProblemException.badRequest("continueAsNewEvery", "must be at least 1");
        if (request.round() == null)
            throw ProblemException.badRequest("round", "the iteration every round starts with is required");
        NewIteration round = iterations.validate(projectSlug, request.round());
        if (campaigns.count("projectId = ?1 and status <> ?2", round.projectId(), CampaignStatus.STOPPED) > 0)
            throw ProblemException.conflict("project", "a campaign of " + projectSlug + " is still running");
        Campaign campaign = new Campaign();
        campaign.projectId = round.projectId();
        campaign.status = CampaignStatus.RUNNING;
        campaign.settings = new CampaignSettings(round, rules, every).toJson();
        campaign.createdAt = Instant.now();
        // Unique until the id is known; the business key needs the id the sequence assigns on persist.
        campaign.workflowId = UUID.randomUUID().toString();
        campaigns.persist(campaign);
        campaign.workflowId = CampaignWorkflow.workflowId(campaign.projectId, campaign.id);
        campaigns.persistEvent(CampaignEvent.of(campaign.id, CampaignEvent.Kind.STARTED, null, "by " + by));
        return campaign;
    }

    private static StoppingRules rules(CampaignViews.Stop stop) {
        if (stop == null || stop.maxRounds() == null)
            throw ProblemException.badRequest("stop.maxRounds", "is required: every campaign ends after a number of rounds");
        if (stop.maxRounds() < 1 || stop.maxRounds() > 1000)
            throw ProblemException.badRequest("stop.maxRounds", "must be between 1 and 1000");
        if (stop.targetAccuracy() != null && !(stop.targetAccuracy() > 0 && stop.targetAccuracy() <= 1))
            throw ProblemException.badRequest("stop.targetAccuracy", "must be above 0 and at most 1");
        if ((stop.plateauEpsilon() == null) != (stop.plateauRounds() == null))
            throw ProblemException.badRequest(stop.plateauEpsilon() == null ? "stop.plateauEpsilon" : "stop.plateauRounds",
                    "the plateau rule needs both plateauEpsilon and plateauRounds");
        if (stop.plateauEpsilon() != null && !(stop.plateauEpsilon() >= 0 && stop.plateauEpsilon() <= 1))
            throw ProblemException.badRequest("stop.plateauEpsilon", "must be between 0 and 1");
        if (stop.plateauRounds() != null && stop.plateauRounds() < 1)
            throw ProblemException.badRequest("stop.plateauRounds", "must be at least 1");
        return new StoppingRules(stop.targetAccuracy(), stop.plateauEpsilon(), stop.plateauRounds(), stop.maxRounds());
    }

    @Transactional
    public List<CampaignViews.Campaign> list(String projectSlug) {
        Project project = projects.require(projectSlug);
        return campaigns.forProject(project.id).stream().map(c -> view(projectSlug, c)).toList();
    }

    @Transactional
    public CampaignViews.Campaign get(String projectSlug, long id) {
        return view(projectSlug, find(projectSlug, id));
    }

    public void pause(String projectSlug, long id, String by, String reason) {
        signal(projectSlug, id, workflow -> workflow.pause(new CampaignSignal(by, reason)));
    }

    public void resume(String projectSlug, long id, String by, String reason) {
        signal(projectSlug, id, workflow -> workflow.resume(new CampaignSignal(by, reason)));
    }

    public void stop(String projectSlug, long id, String by, String reason) {
        signal(projectSlug, id, workflow -> workflow.stop(new CampaignSignal(by, reason)));
    }

    private void signal(String projectSlug, long id, Consumer<CampaignWorkflow> send) {
        Campaign campaign = QuarkusTransaction.requiringNew().call(() -> find(projectSlug, id));
        if (campaign.status == CampaignStatus.STOPPED)
            throw ProblemException.conflict("campaign", "campaign " + id + " has stopped: " + campaign.stopReason);
        try {
            send.accept(temporal.newWorkflowStub(CampaignWorkflow.class, campaign.workflowId));
        } catch (WorkflowNotFoundException e) {
            throw ProblemException.conflict("campaign", "campaign " + id + " is not running in Temporal");
        }
    }

    private CampaignViews.Campaign view(String projectSlug, Campaign c) {
        CampaignState live = null;
        if (c.status != CampaignStatus.STOPPED) {
            try {
                live = temporal.newWorkflowStub(CampaignWorkflow.class, c.workflowId).state();
            } catch (RuntimeException e) {
                Log.debugf("Campaign %d has no live state: %s", c.id, e.getMessage());
            }
        }
        // The workflow knows a stop a moment before its activity records it on the row.
        boolean liveStop = live != null && live.stopReason() != null;
        return new CampaignViews.Campaign(c.id, projectSlug, live == null ? c.status : live.status(), c.roundsDone,
                live == null ? null : live.currentRound(), c.bestAccuracy, liveStop ? live.stopReason() : c.stopReason,
                liveStop ? live.stopDetail() : c.stopDetail, c.settings,
                campaigns.events(c.id).stream()
                        .map(e -> new CampaignViews.Event(e.occurredAt, e.kind.name(), e.round, e.detail)).toList(),
                c.createdAt, c.finishedAt);
    }

    private Campaign find(String projectSlug, long id) {
        Project project = projects.require(projectSlug);
        return campaigns.findByIdOptional(id).filter(c -> c.projectId == project.id)
                .orElseThrow(() -> ProblemException.notFound("campaign", "project " + projectSlug + " has no campaign " + id));
    }
}
