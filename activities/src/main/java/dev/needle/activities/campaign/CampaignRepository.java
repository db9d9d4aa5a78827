package dev.needle.activities.campaign;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

import dev.needle.workflows.messages.values.CampaignStatus;

@ApplicationScoped
public class CampaignRepository implements PanacheRepository<Campaign> {

    public List<Campaign> forProject(long projectId) {
        return list("projectId = ?1 order by id", projectId);
    }

    /** Campaigns not yet stopped (running or paused), oldest first. */
    public List<Campaign> open() {
        return list("status <> ?1 order by id", CampaignStatus.STOPPED);
    }

    /** The project's open campaign, the earliest if there were ever more than one. */
    public Optional<Campaign> openIn(long projectId) {
        return find("projectId = ?1 and status <> ?2 order by id", projectId, CampaignStatus.STOPPED)
                .firstResultOptional();
    }

    public void persistEvent(CampaignEvent event) {
        getEntityManager().persist(event);
    }

    public List<CampaignEvent> events(long campaignId) {
        return getEntityManager()
                .createQuery("from CampaignEvent where campaignId = ?1 order by id", CampaignEvent.class)
                .setParameter(1, campaignId).getResultList();
    }

    public Optional<CampaignEvent> lastRoundStarted(long campaignId) {
        return getEntityManager()
                .createQuery("from CampaignEvent where campaignId = ?1 and kind = ?2 order by id desc",
                        CampaignEvent.class)
                .setParameter(1, campaignId).setParameter(2, CampaignEvent.Kind.ROUND_STARTED)
                .setMaxResults(1).getResultStream().findFirst();
    }
}
