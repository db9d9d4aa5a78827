package dev.needle.activities.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.workflows.messages.values.ShardCheckpoint;

class ShardEmbeddingTest {

    private static final int CHUNK = 100;

    @TempDir
    Path tmp;

    @Test
    void givenACrashAfterFiveChunks_whenRetriedFromTheLastCheckpoint_itRedoesOnlyTheRestAndGivesTheSameArtifact()
            throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 1_150; i++)
            files.add(Files.write(tmp.resolve("img-" + i + ".png"), TestImages.tinyPng(i, 8)));
        long[] ids = LongStream.range(1000, 1000 + files.size()).toArray();
        ArtifactStore store = new ArtifactStore(tmp.resolve("artifacts"));
        Counting embedder = new Counting(new ImageDescriptor());

        ShardEmbedding.Result once = new ShardEmbedding(embedder, store, 2, CHUNK).run(ids, files, null, c -> {
        }, skips -> {
        });
        assertEquals(files.size(), embedder.calls.getAndSet(0));

        AtomicReference<ShardCheckpoint> last = new AtomicReference<>();
        RuntimeException crash = new RuntimeException("worker lost");
        assertThrows(RuntimeException.class, () -> new ShardEmbedding(embedder, store, 2, CHUNK).run(ids, files, null,
                checkpoint -> {
                    last.set(checkpoint);
                    if (checkpoint.chunks().size() == 5)
                        throw crash;
                }, skips -> {
                }));
        assertEquals(5, last.get().chunks().size());
        assertEquals(5 * CHUNK, last.get().done());
        embedder.calls.set(0);

        ShardEmbedding.Result retried = new ShardEmbedding(embedder, store, 2, CHUNK).run(ids, files, last.get(), c -> {
        }, skips -> {
        });

        assertEquals(files.size() - 5 * CHUNK, embedder.calls.get(), "the retry redoes only unfinished chunks");
        assertEquals(once, retried);
        SampleMatrix matrix = SampleMatrix.readFrom(store.open(retried.artifact()));
        assertEquals(files.size(), new HashSet<>(LongStream.of(matrix.sampleIds()).boxed().toList()).size());
        assertEquals(ids[0], matrix.sampleIds()[0]);
        assertEquals(ids[ids.length - 1], matrix.sampleIds()[ids.length - 1]);
    }

    @Test
    void hostileFilesAreSkippedEachWithItsReasonAndTheRestIsEmbedded() throws Exception {
        Path folder = tmp.resolve("pool");
        Map<String, String> hostile = TestImages.write(folder);
        Files.write(folder.resolve("deleted.png"), TestImages.tinyPng(7, 8));
        hostile.put("deleted.png", "cannot read the file");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            files.add(Files.write(folder.resolve("ok-" + i + ".png"), TestImages.tinyPng(i, 8)));
            if (i % 60 == 0 && hostile.size() > 0) {
                String name = new ArrayList<>(hostile.keySet()).get(i / 60);
                files.add(folder.resolve(name));
            }
        }
        Files.delete(folder.resolve("deleted.png")); // gone between registration and embedding
        long[] ids = LongStream.range(0, files.size()).toArray();
        Map<String, String> skipped = new TreeMap<>();
        List<ShardCheckpoint> checkpoints = new ArrayList<>();

        ShardEmbedding.Result result = new ShardEmbedding(new ImageDescriptor(), new ArtifactStore(tmp.resolve("a")), 2,
                CHUNK).run(ids, files, null, checkpoints::add,
                        skips -> skips.forEach(s -> skipped.put(s.file().getFileName().toString(), s.reason())));

        assertEquals(hostile.keySet(), skipped.keySet());
        hostile.forEach((name, reason) -> assertTrue(skipped.get(name).startsWith(reason), name + ": " + skipped.get(name)));
        assertEquals(250, result.embedded());
        assertEquals(hostile.size(), result.skipped());
        ShardCheckpoint end = checkpoints.get(checkpoints.size() - 1);
        assertEquals(new ShardCheckpoint(files.size(), files.size(), end.chunks()), end);
    }

    /** Counts the images actually embedded. */
    private static final class Counting implements Embedder {
        final Embedder inner;
        final AtomicInteger calls = new AtomicInteger();

        Counting(Embedder inner) {
            this.inner = inner;
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public float[] embed(Path image) throws IOException {
            calls.incrementAndGet();
            return inner.embed(image);
        }
    }
}
