package dev.needle.activities.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.RefusedException;
import dev.needle.activities.UniqueKey;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.iteration.NewIteration;
import dev.needle.activities.iteration.ProjectRuns;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.Projects;
import dev.needle.workflows.campaign.CampaignWorkflow;
import dev.needle.workflows.messages.values.CampaignProgress;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.StoppingRules;

/**
 * Campaign rows: writing one, closing one Temporal would not start, finding a project's campaigns with their events,
 * and reading back from the rounds what a campaign to resume has done. The campaign's own progress is recorded by its
 * workflow's activities.
 */
@ApplicationScoped
public class Campaigns {

    @Inject
    Projects projects;
    @Inject
    CampaignRepository campaigns;
    @Inject
    IterationRepository iterations;
    @Inject
    ProjectRuns runs;

    /** A campaign with its events, oldest first. */
    public record Record(Campaign campaign, List<CampaignEvent> events) {
    }

    /**
     * A campaign's progress as its iterations recorded it (finished rounds and their accuracies, in order), and the
     * ids of its rounds still running, which it takes over again as its children when it resumes.
     */
    public record Recorded(CampaignProgress progress, Set<Long> running) {
    }

    /**
     * Writes a running campaign whose rounds are like {@code round}; refused (409 naming {@code project}) while another
     * campaign of the project is open or a round of it runs, checked under the project's lock ({@link ProjectRuns}) in
     * the transaction that writes. A writer that got past it anyway is stopped by the unique open key.
     */
    public Campaign create(NewIteration round, StoppingRules rules, int continueAsNewEvery, String by) {
        return UniqueKey.writeOrRefuse(() -> {
            runs.requireIdle(round.projectId());
            Campaign campaign = new Campaign();
            campaign.projectId = round.projectId();
            campaign.moveTo(CampaignStatus.RUNNING);
            campaign.settings = new CampaignSettings(round, rules, continueAsNewEvery).toJson();
            campaign.createdAt = Instant.now();
            // Unique until the id is known; the business key needs the id the sequence assigns on persist.
            campaign.workflowId = UUID.randomUUID().toString();
            campaigns.persist(campaign);
            campaign.workflowId = CampaignWorkflow.workflowId(campaign.projectId, campaign.id);
            campaigns.persistEvent(CampaignEvent.of(campaign.id, CampaignEvent.Kind.STARTED, null, "by " + by));
            return campaign;
        }, () -> RefusedException.wrongState("project",
                "another campaign of " + projects.slugOf(round.projectId()) + " started at the same time"));
    }

    /** Stops a campaign whose workflow never started, with the reason. */
    @Transactional
    public void markNotStarted(long campaignId, String reason) {
        Campaign row = campaigns.findById(campaignId);
        row.moveTo(CampaignStatus.STOPPED);
        row.stopDetail = reason;
        row.finishedAt = Instant.now();
    }

    /** Campaigns not stopped yet: running or paused. */
    @Transactional
    public List<Campaign> open() {
        return campaigns.open();
    }

    @Transactional
    public Recorded recorded(Campaign campaign) {
        List<Double> accuracies = new ArrayList<>();
        Set<Long> running = new HashSet<>();
        for (CampaignEvent event : campaigns.events(campaign.id)) {
            if (event.kind != CampaignEvent.Kind.ROUND_STARTED)
                continue;
            Iteration round = iterations.inRound(campaign.projectId, event.round).orElseThrow();
            if (round.status.isFinished())
                accuracies.add(round.outputs.accuracy());
            else
                running.add(round.id);
        }
        return new Recorded(new CampaignProgress(accuracies.size(), accuracies, campaign.status == CampaignStatus.PAUSED),
                running);
    }

    @Transactional
    public List<Record> inProject(String projectSlug) {
        return campaigns.forProject(projects.require(projectSlug).id).stream()
                .map(c -> new Record(c, campaigns.events(c.id))).toList();
    }

    @Transactional
    public Record find(String projectSlug, long id) {
        Campaign campaign = require(projectSlug, id);
        return new Record(campaign, campaigns.events(campaign.id));
    }

    /** The campaign, if it has not stopped: a message to a stopped one is refused naming why it stopped. */
    @Transactional
    public Campaign requireOpen(String projectSlug, long id) {
        Campaign campaign = require(projectSlug, id);
        if (campaign.status == CampaignStatus.STOPPED)
            throw RefusedException.wrongState("campaign", "campaign " + id + " has stopped: " + campaign.stopReason);
        return campaign;
    }

    private Campaign require(String projectSlug, long id) {
        Project project = projects.require(projectSlug);
        return campaigns.findByIdOptional(id).filter(c -> c.projectId == project.id).orElseThrow(
                () -> RefusedException.notFound("campaign", "project " + projectSlug + " has no campaign " + id));
    }
}
