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

    /** The class of a classification label; null for a detection label. */
    @Column(name = "class_name")
    public String className;

    /** A detection label's boxes as JSON (see {@link LabelBoxes}); null for a classification label. */
    public String boxes;

    /** Where a labeling tool's label came from, e.g. {@code label-studio:annotation:17}; null for uploads. */
    @Column(name = "source_ref")
    public String sourceRef;

    public String annotator;

    @Column(name = "labeled_at")
    public Instant labeledAt;
}
