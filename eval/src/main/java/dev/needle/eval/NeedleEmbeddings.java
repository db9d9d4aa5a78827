package dev.needle.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;

/**
 * The embeddings Needle computed for a project's dataset, joined with classes: the artifact its first round recorded in
 * its lineage, its rows matched to file names through the dataset's samples endpoint; pool classes from ground truth,
 * eval classes from their folders.
 */
record NeedleEmbeddings(int dimension, float[][] poolX, List<String> poolY, float[][] evalX, List<String> evalY) {

    static NeedleEmbeddings of(NeedleApi api, Path artifacts, String project, Map<String, String> poolTruth) {
        JsonNode lineage = api.get("/api/projects/" + project + "/iterations/1").path("lineage");
        SampleMatrix matrix = SampleMatrix.readFrom(new ArtifactStore(artifacts).open(lineage.path("embeddings").asText()));
        Map<Long, Integer> row = matrix.index();
        List<float[]> poolX = new ArrayList<>();
        List<String> poolY = new ArrayList<>();
        List<float[]> evalX = new ArrayList<>();
        List<String> evalY = new ArrayList<>();
        for (JsonNode sample : api.get("/api/projects/" + project + "/datasets/" + lineage.path("dataset").asLong()
                + "/samples")) {
            Integer r = row.get(sample.path("id").asLong());
            if (r == null)
                continue; // not embeddable: Needle cannot select or train on it either
            if (sample.path("split").asText().equals("EVAL")) {
                evalX.add(matrix.row(r));
                evalY.add(sample.path("evalClass").asText());
            } else {
                poolX.add(matrix.row(r));
                poolY.add(poolTruth.get(sample.path("path").asText()));
            }
        }
        return new NeedleEmbeddings(matrix.columns(), poolX.toArray(float[][]::new), poolY,
                evalX.toArray(float[][]::new), evalY);
    }
}
