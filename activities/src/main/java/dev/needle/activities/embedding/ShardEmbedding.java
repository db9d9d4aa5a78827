package dev.needle.activities.embedding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.workflows.messages.values.ShardCheckpoint;

/**
 * Embeds one shard in chunks, checkpointing after each: a chunk's rows go to the artifact store and its artifact id
 * into the checkpoint, which the activity sends as its heartbeat detail. A retried attempt given the last checkpoint
 * starts after its chunks. Chunks are content-addressed, so redoing one gives the same artifact: the shard's output is
 * the same whether it ran once or was interrupted any number of times.
 *
 * <p>
 * Plain Java, no framework: the activity supplies the heartbeat and where skipped files are recorded.
 */
public final class ShardEmbedding {

    /** A file of the shard that the embedder could not use. */
    public record Skip(long sampleId, Path file, String reason) {
    }

    /** The shard's matrix (rows in input order, skipped files left out) and how many were skipped. */
    public record Result(String artifact, int embedded, int skipped) {
    }

    private final Embedder embedder;
    private final ArtifactStore artifacts;
    private final int threads;
    private final int chunkSize;
    private final String kind;

    public ShardEmbedding(Embedder embedder, ArtifactStore artifacts, int threads, int chunkSize) {
        this(embedder, artifacts, threads, chunkSize, "embedding");
    }

    /**
     * @param kind names the artifacts' kind ({@code <kind>-chunks}, {@code <kind>-shards}): the prediction step runs a
     *        network's class probabilities through the same shards as {@code prediction}
     */
    public ShardEmbedding(Embedder embedder, ArtifactStore artifacts, int threads, int chunkSize, String kind) {
        if (chunkSize < 1)
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        this.embedder = embedder;
        this.artifacts = artifacts;
        this.threads = threads;
        this.chunkSize = chunkSize;
        this.kind = kind;
    }

    /**
     * @param ids the shard's sample ids, aligned with {@code files}
     * @param resume the last checkpoint of an earlier attempt, or null
     * @param heartbeat receives progress within a chunk and a checkpoint after each; may throw to stop the work
     * @param skipped receives each chunk's skipped files before the chunk is checkpointed (so a resumed attempt never
     *        loses them; receiving the same ones twice must be harmless)
     */
    public Result run(long[] ids, List<Path> files, ShardCheckpoint resume, Consumer<ShardCheckpoint> heartbeat,
            Consumer<List<Skip>> skipped) throws InterruptedException {
        int n = files.size();
        List<String> chunks = new ArrayList<>();
        if (resume != null && resume.total() == n) {
            for (String chunk : resume.chunks()) {
                if (!artifacts.exists(chunk))
                    break; // the store lost it: redo from here
                chunks.add(chunk);
            }
        }
        for (int start = chunks.size() * chunkSize; start < n; start += chunkSize) {
            int end = Math.min(n, start + chunkSize);
            int offset = start;
            List<String> finished = List.copyOf(chunks);
            EmbeddedImages embedded = embedder.embedAll(files.subList(start, end), threads,
                    done -> heartbeat.accept(new ShardCheckpoint(offset + done, n, finished)));
            List<Skip> skips = new ArrayList<>();
            for (EmbeddedImages.Failure f : embedded.failures())
                skips.add(new Skip(ids[start + f.index()], f.file(), f.reason()));
            skipped.accept(skips);
            chunks.add(artifacts.write(kind + "-chunks", matrix(ids, start, embedded)::writeTo));
            heartbeat.accept(new ShardCheckpoint(end, n, chunks));
        }
        List<SampleMatrix> parts = new ArrayList<>();
        for (String chunk : chunks)
            parts.add(SampleMatrix.readFrom(artifacts.open(chunk)));
        SampleMatrix shard = SampleMatrix.concat(embedder.dimension(), parts);
        return new Result(artifacts.write(kind + "-shards", shard::writeTo), shard.rows(), n - shard.rows());
    }

    private SampleMatrix matrix(long[] ids, int offset, EmbeddedImages embedded) {
        float[][] vectors = embedded.vectors();
        int rows = vectors.length - embedded.failures().size();
        long[] kept = new long[rows];
        float[][] keptVectors = new float[rows][];
        int r = 0;
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i] != null) {
                kept[r] = ids[offset + i];
                keptVectors[r++] = vectors[i];
            }
        }
        return SampleMatrix.of(kept, keptVectors, embedder.dimension());
    }
}
