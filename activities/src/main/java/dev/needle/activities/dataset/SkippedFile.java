package dev.needle.activities.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A file in a dataset folder that is not a usable image, and why. */
@Entity
@Table(name = "skipped_file")
public class SkippedFile {

    @Id
    @SequenceGenerator(name = "skipped_file_seq", sequenceName = "skipped_file_seq", allocationSize = 50)
    @GeneratedValue(generator = "skipped_file_seq")
    public Long id;

    @Column(name = "dataset_id")
    public long datasetId;

    public String path;

    public String reason;
}
