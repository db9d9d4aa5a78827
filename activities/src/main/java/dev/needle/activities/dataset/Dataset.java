package dev.needle.activities.dataset;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import dev.needle.activities.IdentifiedEntity;

/** A folder of images registered with a project: {@code pool/**} to select from, {@code eval/<class>/**} to measure. */
@Entity
public class Dataset extends IdentifiedEntity {

    @Column(name = "project_id")
    public long projectId;

    public String name;

    /** Folder relative to the datasets root, with forward slashes. */
    public String root;

    /** Hash over every sample's path and content hash, in path order. */
    public String snapshot;

    @Column(name = "pool_count")
    public int poolCount;

    @Column(name = "eval_count")
    public int evalCount;

    @Column(name = "skipped_count")
    public int skippedCount;

    /** When the registration started; once READY, when it finished. */
    @Column(name = "registered_at")
    public Instant registeredAt;

    /** PENDING until every sample is recorded; only READY datasets are seen by rounds, imports and lists. */
    @Enumerated(EnumType.STRING)
    public DatasetStatus status;

    /** While PENDING: when the registration last showed progress (see {@link PendingDatasets#ABANDONED_AFTER}). */
    @Column(name = "progress_at")
    public Instant progressAt;

    public boolean ready() {
        return status == DatasetStatus.READY;
    }
}
