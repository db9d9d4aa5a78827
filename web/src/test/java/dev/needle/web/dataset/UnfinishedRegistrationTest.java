package dev.needle.web.dataset;

import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Datasets;
import dev.needle.activities.dataset.PendingDatasets;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.Projects;
import dev.needle.web.Api;
import dev.needle.web.SmallProject;

/**
 * A registration cut short (kill -9 two seconds into 100,040 files left 9,992 sample rows, a dataset no round should
 * touch and a name nobody could use again). Here its rows are left exactly as a killed process leaves them: the
 * PENDING dataset and the batches written so far, with nothing after. It must stay invisible to lists, rounds, imports
 * and the dataset choice, hold its name while it may still be alive, and be removed by the start-up clean-up once it
 * has been silent, which frees the name.
 */
@QuarkusTest
class UnfinishedRegistrationTest {

    @Inject
    DatasetRegistry registry;
    @Inject
    PendingDatasets pending;
    @Inject
    Datasets datasetChoice;
    @Inject
    Projects projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;

    @Test
    void aRegistrationCutShortIsInvisible_thenRemovedAtStartUp_andItsNameIsFreeAgain() throws IOException {
        String slug = "half-registered";
        SmallProject.create(registry.datasetsRoot(), slug, 12, 1);
        Project project = projects.require(slug);
        // The crash: v2's row and its first batch are committed, the process dies before the rest.
        Dataset cut = pending.begin(project.id, "v2", slug + "-dataset");
        pending.write(cut.id, fakeSamples(cut.id, 7), List.of());
        assertEquals(7, samplesOf(cut.id));

        mlops().get("/api/projects/{p}/datasets", slug).then().statusCode(200).body("name", equalTo(List.of("v1")));
        mlops().get("/api/projects/{p}", slug).then().statusCode(200).body("datasets.name", equalTo(List.of("v1")));
        mlops().get("/api/projects/{p}/datasets/{id}", slug, cut.id).then().statusCode(404);
        mlops().get("/api/projects/{p}/datasets/{id}/samples", slug, cut.id).then().statusCode(404);
        // Newer than v1, yet a round without a dataset named runs on v1, and one naming v2 finds none.
        assertEquals("v1", datasetChoice.chosen(project, null).name);
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 2, "dataset", "v2"))
                .post("/api/projects/{p}/iterations", slug).then().statusCode(404).body("field", equalTo("dataset"));
        mlops().contentType("text/csv").body("filenames,embedding_0,labels\n").queryParam("dataset", "v2")
                .post("/api/projects/{p}/imports/embeddings", slug).then().statusCode(404).body("field", equalTo("dataset"));

        // While it may still be alive (it showed progress a moment ago), its name is taken: 409, not a second copy.
        register(slug, "v2").then().statusCode(409).contentType("application/problem+json").body("field", equalTo("name"));

        // Start-up right after the crash: too early to call it dead, so it stays, and the clean-up knows when to look again.
        Optional<Instant> again = pending.removeAbandoned(Instant.now());
        assertTrue(again.isPresent());
        assertEquals(7, samplesOf(cut.id));
        // Once it has been silent for the whole period: removed with its samples.
        pending.removeAbandoned(again.get().plusSeconds(1));
        assertEquals(0, samplesOf(cut.id));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> datasets.findByIdOptional(cut.id).isPresent()));

        register(slug, "v2").then().statusCode(201).body("poolCount", equalTo(12)).body("evalCount", equalTo(10));
        mlops().get("/api/projects/{p}/datasets", slug).then().body("name", equalTo(List.of("v1", "v2")));
    }

    /** A name held by a registration silent for longer than the period is taken over at once, without a restart. */
    @Test
    void aNewRegistrationTakesTheNameOfAnAbandonedOne() throws IOException {
        String slug = "taken-over";
        SmallProject.create(registry.datasetsRoot(), slug, 12, 1);
        Project project = projects.require(slug);
        Dataset cut = pending.begin(project.id, "v2", slug + "-dataset");
        pending.write(cut.id, fakeSamples(cut.id, 3), List.of());
        Instant longAgo = Instant.now().minus(PendingDatasets.ABANDONED_AFTER).minusSeconds(5);
        QuarkusTransaction.requiringNew().run(() -> datasets.update("progressAt = ?1 where id = ?2", longAgo, cut.id));

        register(slug, "v2").then().statusCode(201).body("poolCount", equalTo(12));
        assertEquals(0, samplesOf(cut.id));
    }

    /**
     * A registration that fails after batches were committed (here: the last step refuses a folder without eval
     * classes for a project without classes) removes what it wrote: no row, no sample, the name free.
     */
    @Test
    void aRegistrationThatFailsPartWayLeavesNothingBehind() throws IOException {
        String slug = "no-classes-yet";
        Path folder = registry.datasetsRoot().resolve(slug + "-dataset");
        deleteRecursively(folder); // left by an earlier run of the test, with its eval folder
        Api.copyImages(Path.of("src/main/resources/demo/fashion-mnist/pool"), folder.resolve("pool"), 12);
        mlops().body(Map.of("slug", slug)).post("/api/projects").then().statusCode(201);
        long datasetsBefore = QuarkusTransaction.requiringNew().call(() -> datasets.count());
        long samplesBefore = QuarkusTransaction.requiringNew().call(() -> samples.count());

        register(slug, "v1").then().statusCode(400).body("field", equalTo("folder"));
        assertEquals(datasetsBefore, QuarkusTransaction.requiringNew().call(() -> datasets.count()));
        assertEquals(samplesBefore, QuarkusTransaction.requiringNew().call(() -> samples.count()));

        Api.copyImages(Path.of("src/main/resources/demo/fashion-mnist/eval/bag"), folder.resolve("eval/bag"), 1);
        register(slug, "v1").then().statusCode(201).body("poolCount", equalTo(12));
    }

    /** Folders that are not one dataset folder under the root are refused before anything is written. */
    @Test
    void aFolderThatIsNotOneDatasetFolderIsRefused() throws IOException {
        String slug = "half-registered";
        SmallProject.create(registry.datasetsRoot(), slug, 12, 1);
        long datasetsBefore = QuarkusTransaction.requiringNew().call(() -> datasets.count());
        for (String folder : List.of(".", "./", "x/..", "a\u0000b", "../" + slug + "-dataset", "/etc"))
            mlops().body(Map.of("name", "bad", "folder", folder)).post("/api/projects/{p}/datasets", slug).then()
                    .statusCode(400).contentType("application/problem+json").body("field", equalTo("folder"));
        mlops().body(Map.of("name", "n".repeat(201), "folder", slug + "-dataset"))
                .post("/api/projects/{p}/datasets", slug).then().statusCode(400).body("field", equalTo("name"));
        assertEquals(datasetsBefore, QuarkusTransaction.requiringNew().call(() -> datasets.count()));
        mlops().get("/api/projects/{p}/datasets/{id}", slug, -1).then().statusCode(400).body("field", equalTo("id"));
        assertTrue(Files.isDirectory(registry.datasetsRoot().resolve(slug + "-dataset")));
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder))
            return;
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
                Files.delete(p);
        }
    }

    private static io.restassured.response.Response register(String slug, String name) {
        return mlops().body(Map.of("name", name, "folder", slug + "-dataset")).post("/api/projects/{p}/datasets", slug);
    }

    private long samplesOf(long datasetId) {
        return QuarkusTransaction.requiringNew().call(() -> samples.count("datasetId", datasetId));
    }

    private static List<Sample> fakeSamples(long datasetId, int count) {
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sample s = new Sample();
            s.datasetId = datasetId;
            s.path = "pool/written-before-the-crash-" + i + ".png";
            s.contentHash = "0".repeat(64);
            s.width = 28;
            s.height = 28;
            s.split = Split.POOL;
            batch.add(s);
        }
        return batch;
    }
}
