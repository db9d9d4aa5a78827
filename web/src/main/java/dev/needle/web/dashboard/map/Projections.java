package dev.needle.web.dashboard.map;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;

/**
 * 2-D projections of embedding artifacts, computed once per (artifact, method) and kept twice: the last few in memory,
 * and every one beside its artifact ({@code <hash>.pca.bin}: the pool's coordinates as a sample matrix, and
 * {@code <hash>.pca.json}: the variances), so a restart or another web pod does not compute it again. Both are
 * derived from a content-addressed artifact that never changes, so neither ever goes stale.
 */
@ApplicationScoped
public class Projections {

    /** A pool's coordinates and how much of the embeddings' variance the two axes carry. */
    public record Projection(ProjectionMethod method, SampleMatrix coordinates, int dimension, double[] explained,
            long computeMillis, boolean cached) {
    }

    /** What the JSON companion file holds. */
    record Summary(String method, int dimension, long rows, double[] variances, double totalVariance, double[] explained,
            long computeMillis) {
    }

    private static final int IN_MEMORY = 4;
    /** Rows read per chunk: about 16 MB of float32 at any width. */
    private static final int CHUNK_VALUES = 4 << 20;

    @Inject
    ArtifactStore artifacts;
    @Inject
    ObjectMapper json;

    private final Map<String, Projection> recent = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Projection> eldest) {
            return size() > IN_MEMORY;
        }
    };
    private final ConcurrentHashMap<String, Object> computing = new ConcurrentHashMap<>();

    /**
     * The projection of the rows of {@code artifact} whose sample ids are in {@code pool} (eval images are no part of
     * the map). The first call computes it; concurrent calls for the same one wait for it instead of computing it too.
     */
    public Projection of(String artifact, Set<Long> pool, ProjectionMethod method) {
        String key = artifact + "#" + method.key();
        Projection hit = remembered(key);
        if (hit != null)
            return hit;
        synchronized (computing.computeIfAbsent(key, k -> new Object())) {
            hit = remembered(key);
            if (hit != null)
                return hit;
            Projection projection = stored(artifact, method);
            if (projection == null)
                projection = compute(artifact, pool, method);
            synchronized (recent) {
                recent.put(key, projection);
            }
            return projection;
        }
    }

    private Projection remembered(String key) {
        synchronized (recent) {
            Projection p = recent.get(key);
            return p == null ? null
                    : new Projection(p.method(), p.coordinates(), p.dimension(), p.explained(), p.computeMillis(), true);
        }
    }

    private Projection stored(String artifact, ProjectionMethod method) {
        Path coordinates = artifacts.beside(artifact, "." + method.key() + ".bin");
        Path summary = artifacts.beside(artifact, "." + method.key() + ".json");
        if (!Files.isRegularFile(coordinates) || !Files.isRegularFile(summary))
            return null;
        try (InputStream in = Files.newInputStream(coordinates)) {
            Summary s = json.readValue(summary.toFile(), Summary.class);
            return new Projection(method, SampleMatrix.readFrom(in), s.dimension(), s.explained(), s.computeMillis(),
                    true);
        } catch (IOException | UncheckedIOException e) {
            // A damaged cache file is only a cache: compute it again and overwrite it.
            Log.warnf(e, "Ignoring the unreadable projection cache of %s", artifact);
            return null;
        }
    }

    private Projection compute(String artifact, Set<Long> pool, ProjectionMethod method) {
        long start = System.nanoTime();
        MatrixRows rows = rowsOf(artifact, pool);
        Pca pca = Pca.fit(rows);
        SampleMatrix coordinates = pca.projectAll(rows);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Log.infof("Projected %d × %d embeddings of %s by %s in %d ms", pca.rows(), rows.columns(), artifact, method.key(),
                millis);
        Summary summary = new Summary(method.key(), rows.columns(), pca.rows(), pca.variances(), pca.totalVariance(),
                pca.explained(), millis);
        // The summary first: a reader needs both files and takes the coordinates' presence as the sign both are there.
        artifacts.writeBeside(artifact, "." + method.key() + ".json", out -> out.write(json.writeValueAsBytes(summary)));
        artifacts.writeBeside(artifact, "." + method.key() + ".bin", coordinates::writeTo);
        return new Projection(method, coordinates, rows.columns(), pca.explained(), millis, false);
    }

    /** The pool rows of a stored matrix, read chunk by chunk by seeking, so a large one is never held whole. */
    MatrixRows rowsOf(String artifact, Set<Long> pool) {
        SampleMatrix.Header header;
        try (InputStream in = artifacts.open(artifact)) {
            header = SampleMatrix.readHeader(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int columns = header.columns();
        int chunk = Math.max(1, CHUNK_VALUES / Math.max(1, columns));
        return new MatrixRows() {
            @Override
            public int columns() {
                return columns;
            }

            @Override
            public void forEach(Sink sink) {
                try (SeekableByteChannel channel = artifacts.openChannel(artifact)) {
                    for (int from = 0; from < header.rows(); from += chunk) {
                        SampleMatrix part = SampleMatrix.readRows(channel, from, chunk);
                        long[] ids = part.sampleIds();
                        for (int i = 0; i < ids.length; i++) {
                            if (pool.contains(ids[i]))
                                sink.accept(ids[i], part.values(), i * columns);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
