package dev.needle.activities.imports;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/**
 * Embeddings or predictions a user brought for a dataset, matched to its images by file name and stored as an
 * artifact an iteration can use in place of its embed or predict step.
 */
@Entity
@Table(name = "import_set")
public class ImportSet extends IdentifiedEntity {

    public static final String EMBEDDINGS = "embeddings";
    public static final String PREDICTIONS = "predictions";

    @Column(name = "project_id")
    public long projectId;

    @Column(name = "dataset_id")
    public long datasetId;

    /** {@value #EMBEDDINGS} or {@value #PREDICTIONS}. */
    public String kind;

    /** {@code lightly-embeddings-csv}, {@code lightly-predictions} or {@code coco-results}. */
    public String format;

    @Column(name = "task_type")
    public String taskType;

    public String artifact;

    /** Length of an embedding; null for predictions. */
    public Integer dimension;

    @Column(name = "matched_count")
    public int matchedCount;

    /** How many of the dataset's images the import has nothing for. */
    @Column(name = "missing_count")
    public int missingCount;

    /** Their paths, one per line, as an artifact; null when none is missing. */
    @Column(name = "missing_artifact")
    public String missingArtifact;

    /** The file the user uploaded, as they named it. */
    @Column(name = "source_name")
    public String sourceName;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;
}
