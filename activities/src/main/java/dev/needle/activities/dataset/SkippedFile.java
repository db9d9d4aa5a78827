package dev.needle.activities.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/** A file in a dataset folder that is not a usable image, and why. */
@Entity
@Table(name = "skipped_file")
public class SkippedFile extends IdentifiedEntity {

    @Column(name = "dataset_id")
    public long datasetId;

    public String path;

    public String reason;
}
