package dev.needle.activities.budget;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/** The cost of one label of a task type from {@code setAt} on; a later row replaces it for later rounds. */
@Entity
@Table(name = "label_cost")
public class LabelCost extends IdentifiedEntity {

    @Column(name = "project_id")
    public long projectId;

    @Column(name = "task_type")
    public String taskType;

    public BigDecimal cost;

    @Column(name = "set_by")
    public String setBy;

    @Column(name = "set_at")
    public Instant setAt;
}
