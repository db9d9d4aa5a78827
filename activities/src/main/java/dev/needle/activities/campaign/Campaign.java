package dev.needle.activities.campaign;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import dev.needle.activities.IdentifiedEntity;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.StopReason;

/** Iterations of one project run back to back until a stopping rule or a person ends them. */
@Entity
public class Campaign extends IdentifiedEntity {

    @Column(name = "project_id")
    public long projectId;

    @Column(name = "workflow_id")
    public String workflowId;

    /** Read freely; written only through {@link #moveTo}, which keeps {@link #open} in step. */
    @Enumerated(EnumType.STRING)
    public CampaignStatus status;

    /**
     * TRUE until STOPPED, null after: the unique (project_id, open) key lets a project have one open campaign, and
     * null never collides (see V8).
     */
    Boolean open;

    /** JSON of {@link CampaignSettings}. */
    public String settings;

    @Column(name = "rounds_done")
    public int roundsDone;

    @Column(name = "best_accuracy")
    public Double bestAccuracy;

    @Enumerated(EnumType.STRING)
    @Column(name = "stop_reason")
    public StopReason stopReason;

    @Column(name = "stop_detail")
    public String stopDetail;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Changes the status; the open marker follows, so the database sees the project's campaign place taken or free. */
    public void moveTo(CampaignStatus next) {
        status = next;
        open = next == CampaignStatus.STOPPED ? null : Boolean.TRUE;
    }
}
