package dev.needle.web.dashboard.map;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The embedding map of one round, as the page draws it.
 *
 * @param explained share of the embeddings' variance along each axis
 * @param embeddings the embeddings artifact projected
 * @param poolSize pool images in the projection (before the subsample)
 * @param maxPoints the most points sent: past it {@link PointSample} picks which
 * @param computeMillis how long the projection took when it was computed
 * @param cached whether this answer reused a projection computed before
 * @param series unlabeled, labeled and selected points, in drawing order
 */
public record MapPoints(String project, int round, String method, String methodName, double[] explained,
        String embeddings, int dimension, int poolSize, int maxPoints, long computeMillis, boolean cached,
        List<Series> series) {

    /**
     * Points of one kind as parallel arrays (compact for 20,000 points). Only the batch carries file names, ranks and
     * scores: its images are the ones the tooltip shows.
     *
     * @param total points of this kind in the pool; {@code shown} of them are here
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Series(String id, String name, int total, int shown, float[] x, float[] y, long[] sampleId,
            List<String> fileName, int[] rank, Double[] score) {
    }
}
