package dev.needle.activities.budget;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import dev.needle.activities.IdentifiedEntity;

/**
 * A project's budget settings. Holds no amount: the amount is the sum of the ledger's adjustments, so every number can
 * be traced to entries. The row is what reservations lock to queue behind each other.
 */
@Entity
public class Budget extends IdentifiedEntity {

    @Column(name = "project_id")
    public long projectId;

    /** ISO 4217 code; every entry of the project's ledger is in it. */
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(name = "overrun_policy")
    public OverrunPolicy overrunPolicy;

    @Column(name = "created_at")
    public Instant createdAt;
}
