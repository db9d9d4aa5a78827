package dev.needle.activities.campaign;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

@Entity
@Table(name = "campaign_event")
public class CampaignEvent extends IdentifiedEntity {

    public enum Kind {
        STARTED,
        ROUND_STARTED,
        ROUND_FINISHED,
        PAUSED,
        RESUMED,
        STOPPED
    }

    @Column(name = "campaign_id")
    public long campaignId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public Integer round;

    public String detail;

    public static CampaignEvent of(long campaignId, Kind kind, Integer round, String detail) {
        CampaignEvent event = new CampaignEvent();
        event.campaignId = campaignId;
        event.occurredAt = Instant.now();
        event.kind = kind;
        event.round = round;
        event.detail = detail;
        return event;
    }
}
