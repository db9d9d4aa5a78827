package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The production database: the same migrations and a whole iteration against a real PostgreSQL server. */
class PostgresTest {

    @TempDir
    Path data;

    @Test
    void aWholeIterationRunsOnPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Map<String, String> db = Map.of(
                    "NEEDLE_DB_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "NEEDLE_DB_USER", "postgres",
                    "NEEDLE_DB_PASSWORD", "postgres");
            Map<String, String> truth = NeedleProcess.demoTruth();
            try (NeedleProcess needle = NeedleProcess.start(NeedleProcess.POSTGRES, data, db)) {
                needle.postJson("mlops", "/api/projects/demo/iterations",
                        Map.of("strategy", "RANDOM", "batchSize", 15, "seed", 5), 202);
                JsonNode labeling = needle.awaitIteration("demo", 1, s -> "LABELING".equals(s.path("step").asText()));
                List<String> batch = RestartDuringLabelingTest.files(labeling);
                needle.post("annotator", "/api/projects/demo/iterations/1/labels", "text/csv",
                        RestartDuringLabelingTest.csv(batch, truth), 200);
                JsonNode done = needle.awaitIteration("demo", 1, s -> "COMPLETED".equals(s.path("status").asText()));
                assertEquals(15, done.path("trainingSize").asInt());
                assertTrue(done.path("accuracy").asDouble() > 0.1, done.toString());
            }
            try (var connection = postgres.getPostgresDatabase().getConnection();
                    var rows = connection.createStatement().executeQuery("select count(*) from label")) {
                rows.next();
                assertEquals(15, rows.getInt(1), "the labels live in PostgreSQL");
            }
        }
    }
}
