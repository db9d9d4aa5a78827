package dev.needle.activities.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import dev.needle.activities.IdentifiedEntity;

/** One image of a dataset. */
@Entity
public class Sample extends IdentifiedEntity {

    @Column(name = "dataset_id")
    public long datasetId;

    /** Path relative to the dataset folder, forward slashes: what users and label files call the image. */
    public String path;

    /** SHA-256 of the file's bytes. */
    @Column(name = "content_hash")
    public String contentHash;

    public int width;

    public int height;

    @Enumerated(EnumType.STRING)
    public Split split;

    /** The true class of an eval image, from its folder name; null for pool images. */
    @Column(name = "eval_class")
    public String evalClass;
}
