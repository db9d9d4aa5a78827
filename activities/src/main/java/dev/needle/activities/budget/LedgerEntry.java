package dev.needle.activities.budget;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/** One movement of money; entries are never changed or deleted. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends IdentifiedEntity {

    public enum Kind {
        /** The query step set money aside for a batch. */
        RESERVE,
        /** A label was accepted: part of a reservation became spend. */
        SPEND,
        /** The round ended with part of its reservation unused. */
        RELEASE,
        /** The budget itself changed (signed amount), with a reason. */
        ADJUST
    }

    @Column(name = "project_id")
    public long projectId;

    @Column(name = "iteration_id")
    public Long iterationId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public BigDecimal amount;

    public String currency;

    public Integer labels;

    @Column(name = "unit_cost")
    public BigDecimal unitCost;

    @Column(name = "sample_id")
    public Long sampleId;

    public String annotator;

    public String reason;

    @Column(name = "dedupe_key")
    public String dedupeKey;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;
}
