package dev.needle.activities.labeling;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

import dev.needle.activities.IdentifiedEntity;

/** The current class of a pool image, who gave it and when. */
@Entity
public class Label extends IdentifiedEntity {

    @Column(name = "sample_id")
    public long sampleId;

    /** The iteration whose batch the label was given for. */
    @Column(name = "iteration_id")
    public Long iterationId;

    @Column(name = "class_name")
    public String className;

    public String annotator;

    @Column(name = "labeled_at")
    public Instant labeledAt;
}
