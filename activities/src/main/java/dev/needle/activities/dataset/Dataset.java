package dev.needle.activities.dataset;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

/** A folder of images registered with a project: {@code pool/**} to select from, {@code eval/<class>/**} to measure. */
@Entity
public class Dataset {

    @Id
    @SequenceGenerator(name = "dataset_seq", sequenceName = "dataset_seq", allocationSize = 50)
    @GeneratedValue(generator = "dataset_seq")
    public Long id;

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

    @Column(name = "registered_at")
    public Instant registeredAt;
}
