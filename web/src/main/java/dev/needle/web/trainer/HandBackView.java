package dev.needle.web.trainer;

/**
 * What an upload to a trainer run stored.
 *
 * @param artifact the stored ONNX file or predictions (content-addressed)
 * @param bytes the ONNX file's size; 0 for imports
 * @param importId the import holding uploaded predictions or embeddings; null for an ONNX file
 * @param matched images of the dataset the upload covers (imports)
 * @param missing images it does not cover, listed by the import (imports)
 */
public record HandBackView(String artifact, long bytes, Long importId, int matched, int missing) {
}
