package dev.needle.activities.assignment;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

import dev.needle.activities.IdentifiedEntity;

/** One image of a batch and the annotator who is to label it; {@code labeledAt} is when its first label came. */
@Entity
public class Assignment extends IdentifiedEntity {

    @Column(name = "iteration_id")
    public long iterationId;

    @Column(name = "sample_id")
    public long sampleId;

    public String annotator;

    @Column(name = "assigned_at")
    public Instant assignedAt;

    @Column(name = "labeled_at")
    public Instant labeledAt;

    @Column(name = "labeled_by")
    public String labeledBy;
}
