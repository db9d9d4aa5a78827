package dev.needle.activities.selection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/** One image of an iteration's batch, in pick order. */
@Entity
@Table(name = "selection")
public class SelectedSample extends IdentifiedEntity {

    @Column(name = "iteration_id")
    public long iterationId;

    @Column(name = "sample_id")
    public long sampleId;

    /** 0 for the first pick. */
    @Column(name = "pick_order")
    public int rank;

    /** The uncertainty score the image had when picked; null when the strategy used none. */
    public Double score;
}
