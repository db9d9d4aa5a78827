package dev.needle.web.iteration;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.iteration;
import static dev.needle.web.Api.mlops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;

import dev.needle.activities.StorageConfig;
import dev.needle.activities.embedding.TestImages;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.messages.commands.SubmitLabels;
import dev.needle.workflows.messages.values.LabelEntry;

/**
 * Times a round's whole batch labeled in one CSV (5,000 and 20,000 images) and a 100,000-row CSV, and prints what
 * Temporal carried. Not part of the suite (the name does not end in Test); run it with the production limits:
 *
 * <pre>
 * ./mvnw -pl web test -Dtest=LabelUploadBench '-D%test.needle.labels.max-upload-size=32M' \
 *     '-D%test.needle.labels.max-entries=50000' -Dsurefire.failIfNoSpecifiedTests=false | grep BENCH
 * </pre>
 */
@QuarkusTest
class LabelUploadBench {

    @Inject
    StorageConfig storage;
    @Inject
    WorkflowClient temporal;
    @Inject
    ProjectRepository projects;
    @Inject
    IterationRepository iterations;
    @Inject
    LabelRepository labels;

    @Test
    void labelWholeBatchesInOneCsv() throws Exception {
        Path folder = storage.datasetsRoot().resolve("bench-labels");
        for (int d = 0; d < 25; d++) {
            Path dir = Files.createDirectories(folder.resolve("pool/d" + d));
            for (int i = 0; i < 1000; i++)
                Files.write(dir.resolve("img-" + i + ".png"), TestImages.tinyPng(d * 10_000L + i, 8));
        }
        for (String c : List.of("a", "b")) {
            Path dir = Files.createDirectories(folder.resolve("eval/" + c));
            for (int i = 0; i < 3; i++)
                Files.write(dir.resolve(c + i + ".png"), TestImages.tinyPng(c.hashCode() * 100L + i, 8));
        }
        mlops().body(Map.of("slug", "bench", "classes", List.of("a", "b"))).post("/api/projects").then().statusCode(201);
        mlops().body(Map.of("name", "v1", "folder", "bench-labels")).post("/api/projects/bench/datasets").then()
                .statusCode(201);
        for (int batch : new int[] { 5_000, 20_000 }) {
            mlops().body(Map.of("strategy", "RANDOM", "batchSize", batch, "seed", 1))
                    .post("/api/projects/bench/iterations").then().statusCode(202);
            int round = mlops().get("/api/projects/bench/iterations").jsonPath().getInt("[-1].round");
            JsonPath state = iteration("bench", round);
            while (!"LABELING".equals(state.getString("step")) && "RUNNING".equals(state.getString("status"))) {
                Thread.sleep(500);
                state = iteration("bench", round);
            }
            List<String> files = state.getList("batch.fileName");
            StringBuilder csv = new StringBuilder("file_name,label\n");
            List<LabelEntry> inline = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                String label = i % 2 == 0 ? "a" : "b";
                csv.append(files.get(i)).append(',').append(label).append('\n');
                inline.add(new LabelEntry(files.get(i), label));
            }
            print(batch, "the same labels inline would be an update of %d bytes", DefaultDataConverter
                    .newDefaultInstance().toPayloads(new SubmitLabels(inline, "annotator")).get().getSerializedSize());
            time(batch, "a CSV of " + files.size() + " rows", csv.toString(), round);
            Iteration row = QuarkusTransaction.requiringNew().call(() -> iterations
                    .inRound(projects.findBySlug("bench").orElseThrow().id, round).orElseThrow());
            print(batch, "labels stored: %d", QuarkusTransaction.requiringNew().call(() -> labels.countForIteration(row.id)));
            for (HistoryEvent e : temporal.fetchHistory(row.workflowId).getEvents()) {
                if (e.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
                    print(batch, "the update carried %d bytes", e.getWorkflowExecutionUpdateAcceptedEventAttributes()
                            .getAcceptedRequest().getInput().getArgs().getSerializedSize());
                }
            }
            StringBuilder big = new StringBuilder("file_name,label\n");
            for (int i = 0; i < 100_000; i++)
                big.append("pool/d").append(i % 20).append("/img-").append(i).append(".png,a\n");
            time(batch, "a CSV of 100,000 rows", big.toString(), round);
            awaitIteration("bench", round, s -> !"RUNNING".equals(s.getString("status")));
        }
    }

    private static void time(int batch, String what, String csv, int round) {
        long start = System.nanoTime();
        Response r = annotator().contentType("text/csv").body(csv).post("/api/projects/bench/iterations/{r}/labels",
                round);
        String body = r.asString();
        print(batch, "%s (%d bytes): %d in %.2f s: %s", what, csv.length(), r.statusCode(),
                (System.nanoTime() - start) / 1e9, body.substring(0, Math.min(160, body.length())));
    }

    private static void print(int batch, String format, Object... args) {
        System.out.println("BENCH batch " + batch + ": " + String.format(format, args));
    }
}
