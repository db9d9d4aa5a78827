package dev.needle.web.campaign;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.temporal.client.WorkflowNotFoundException;

import dev.needle.activities.campaign.Campaign;
import dev.needle.activities.campaign.Campaigns;
import dev.needle.activities.iteration.NewIteration;
import dev.needle.web.iteration.IterationStarts;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.temporal.Workflows;
import dev.needle.workflows.campaign.CampaignWorkflow;
import dev.needle.workflows.messages.commands.CampaignSignal;
import dev.needle.workflows.messages.queries.CampaignState;
import dev.needle.workflows.messages.values.CampaignProgress;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.StoppingRules;

/**
 * Starts campaigns and passes on pause, resume and stop; never waits for a round or a campaign to finish. Rows are
 * read and written by {@link Campaigns}, each in a transaction of its own; Temporal is called outside them.
 */
@ApplicationScoped
public class CampaignService {

    private static final int DEFAULT_CONTINUE_AS_NEW_EVERY = 10;

    @Inject
    IterationStarts iterations;
    @Inject
    Campaigns campaigns;
    @Inject
    Workflows workflows;

    public CampaignViews.Campaign start(String projectSlug, CampaignViews.StartCampaign request, String by) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        StoppingRules rules = rules(request.stop());
        int every = request.continueAsNewEvery() == null ? DEFAULT_CONTINUE_AS_NEW_EVERY : request.continueAsNewEvery();
        if (every < 1)
            throw ProblemException.badRequest("continueAsNewEvery", "must be at least 1");
        if (request.round() == null)
            throw ProblemException.badRequest("round", "the iteration every round starts with is required");
        NewIteration round = iterations.validate(projectSlug, request.round());
        Campaign campaign = campaigns.create(round, rules, every, by);
        try {
            workflows.launch(campaign, CampaignProgress.start());
        } catch (RuntimeException e) {
            Log.error("Could not start campaign " + campaign.id, e);
            campaigns.markNotStarted(campaign.id, "Temporal did not accept the workflow: " + e.getMessage());
            throw new ProblemException(503, null, "Temporal is unavailable; the campaign was not started");
        }
        return get(projectSlug, campaign.id);
    }

    /**
     * Starts again every unfinished campaign whose workflow Temporal no longer has (the embedded server forgets them
     * on restart), with the progress its rounds recorded. Returns the ids of the iterations still running under these
     * campaigns: each campaign takes its round over as its child again, so they must not be resumed on their own.
     */
    public Set<Long> resumeUnfinished() {
        Set<Long> takenOver = new HashSet<>();
        for (Campaign campaign : campaigns.open()) {
            if (workflows.isRunning(campaign.workflowId))
                continue;
            Campaigns.Recorded resumed = campaigns.recorded(campaign);
            Log.infof("Resuming campaign %d of project %d after %d rounds", campaign.id, campaign.projectId,
                    resumed.progress().roundsDone());
            workflows.launch(campaign, resumed.progress());
            takenOver.addAll(resumed.running());
        }
        return takenOver;
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

    public List<CampaignViews.Campaign> list(String projectSlug) {
        return campaigns.inProject(projectSlug).stream().map(c -> view(projectSlug, c)).toList();
    }

    public CampaignViews.Campaign get(String projectSlug, long id) {
        return view(projectSlug, campaigns.find(projectSlug, id));
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
        Campaign campaign = campaigns.requireOpen(projectSlug, id);
        try {
            send.accept(workflows.campaign(campaign));
        } catch (WorkflowNotFoundException e) {
            throw ProblemException.conflict("campaign", "campaign " + id + " is not running in Temporal");
        }
    }

    /** The row with the workflow's live state over it while it runs; the rows were read before, Temporal is asked now. */
    private CampaignViews.Campaign view(String projectSlug, Campaigns.Record record) {
        Campaign c = record.campaign();
        CampaignState live = null;
        if (c.status != CampaignStatus.STOPPED) {
            try {
                live = workflows.campaign(c).state();
            } catch (RuntimeException e) {
                Log.debugf("Campaign %d has no live state: %s", c.id, e.getMessage());
            }
        }
        // The workflow knows a stop a moment before its activity records it on the row.
        boolean liveStop = live != null && live.stopReason() != null;
        return new CampaignViews.Campaign(c.id, projectSlug, live == null ? c.status : live.status(), c.roundsDone,
                live == null ? null : live.currentRound(), c.bestAccuracy, liveStop ? live.stopReason() : c.stopReason,
                liveStop ? live.stopDetail() : c.stopDetail, c.settings,
                record.events().stream()
                        .map(e -> new CampaignViews.Event(e.occurredAt, e.kind.name(), e.round, e.detail)).toList(),
                c.createdAt, c.finishedAt);
    }
}
