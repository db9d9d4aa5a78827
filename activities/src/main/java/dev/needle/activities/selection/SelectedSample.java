package dev.needle.activities.selection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One image of an iteration's batch, in pick order. */
@Entity
@Table(name = "selection")
public class SelectedSample {

    @Id
    @SequenceGenerator(name = "selection_seq", sequenceName = "selection_seq", allocationSize = 50)
    @GeneratedValue(generator = "selection_seq")
    public Long id;

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
