package dev.needle.activities.campaign;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.budget.BudgetLedger;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.iteration.IterationRows;
import dev.needle.workflows.campaign.CampaignActivities;
import dev.needle.workflows.messages.commands.FinishCampaign;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.commands.RecordCampaignState;
import dev.needle.workflows.messages.commands.RecordRound;
import dev.needle.workflows.messages.values.BudgetCheck;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.IterationStatus;

@ApplicationScoped
public class CampaignActivitiesImpl implements CampaignActivities {

    @Inject
    CampaignRepository campaigns;
    @Inject
    IterationRepository iterations;
    @Inject
    IterationRows rows;
    @Inject
    BudgetLedger ledger;

    @Override
    @Transactional
    public BudgetCheck checkBudget(long campaignId) {
        Campaign campaign = find(campaignId);
        return ledger.check(campaign.projectId, CampaignSettings.fromJson(campaign.settings).round().batchSize());
    }

    @Override
    @Transactional
    public IterationRequest startRound(long campaignId) {
        Campaign campaign = find(campaignId);
        // A retry after the row was committed must not start a second round.
        Optional<Iteration> started = campaigns.lastRoundStarted(campaignId)
                .flatMap(e -> iterations.inRound(campaign.projectId, e.round))
                .filter(i -> i.status == IterationStatus.RUNNING);
        if (started.isPresent())
            return rows.request(started.get());
        // Rounds by hand are refused while the campaign is open, so this is a round left from before V8 made that so;
        // the unique running key backs it against anything else.
        Optional<Iteration> running = iterations.running(campaign.projectId);
        if (running.isPresent())
            throw new BadInputException("project", "round " + running.get().round + " of the project is still running");
        Iteration iteration = rows.create(CampaignSettings.fromJson(campaign.settings).round());
        campaigns.persistEvent(CampaignEvent.of(campaignId, CampaignEvent.Kind.ROUND_STARTED, iteration.round, null));
        return rows.request(iteration);
    }

    @Override
    @Transactional
    public void recordRound(RecordRound command) {
        Campaign campaign = find(command.campaignId());
        boolean recorded = campaigns.events(campaign.id).stream()
                .anyMatch(e -> e.kind == CampaignEvent.Kind.ROUND_FINISHED && Integer.valueOf(command.round()).equals(e.round));
        if (recorded)
            return;
        campaign.roundsDone++;
        if (command.accuracy() != null && (campaign.bestAccuracy == null || command.accuracy() > campaign.bestAccuracy))
            campaign.bestAccuracy = command.accuracy();
        campaigns.persistEvent(CampaignEvent.of(campaign.id, CampaignEvent.Kind.ROUND_FINISHED, command.round(),
                command.status() + (command.accuracy() == null ? "" : ", accuracy " + command.accuracy())));
    }

    @Override
    @Transactional
    public void recordState(RecordCampaignState command) {
        Campaign campaign = find(command.campaignId());
        if (campaign.status == command.status() || campaign.status == CampaignStatus.STOPPED)
            return;
        campaign.moveTo(command.status());
        campaigns.persistEvent(CampaignEvent.of(campaign.id,
                command.status() == CampaignStatus.PAUSED ? CampaignEvent.Kind.PAUSED : CampaignEvent.Kind.RESUMED,
                null, command.by()));
    }

    @Override
    @Transactional
    public void finishCampaign(FinishCampaign command) {
        Campaign campaign = find(command.campaignId());
        if (campaign.status == CampaignStatus.STOPPED)
            return;
        campaign.moveTo(CampaignStatus.STOPPED);
        campaign.stopReason = command.reason();
        campaign.stopDetail = command.detail();
        campaign.finishedAt = Instant.now();
        campaigns.persistEvent(CampaignEvent.of(campaign.id, CampaignEvent.Kind.STOPPED, null,
                command.reason() + (command.detail() == null ? "" : ": " + command.detail())));
    }

    private Campaign find(long campaignId) {
        return campaigns.findByIdOptional(campaignId)
                .orElseThrow(() -> new BadInputException("campaign", "no campaign " + campaignId));
    }
}
