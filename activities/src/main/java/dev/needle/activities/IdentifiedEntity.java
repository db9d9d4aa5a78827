package dev.needle.activities;

import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.SequenceGenerator;

/**
 * The id every Needle entity has. One sequence serves all tables, allocated 50 at a time so Hibernate can batch
 * inserts of samples and selections without a round trip per row.
 */
@MappedSuperclass
public abstract class IdentifiedEntity {

    @Id
    @SequenceGenerator(name = "needle_seq", sequenceName = "needle_seq", allocationSize = 50)
    @GeneratedValue(generator = "needle_seq")
    public Long id;
}
