package dev.needle.web.dashboard.map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.web.dashboard.map.PointSample.Kind;

/**
 * Times the map's projection of a large pool the way the page computes it: an embeddings artifact on disk read chunk by
 * chunk, the covariance pass, the projection pass, the subsample and the JSON a browser gets. Not a test; run as
 *
 * <pre>
 * java -Xmx6g -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.needle.web.dashboard.map.MapBench 1000000 512 /tmp/mapbench
 * </pre>
 *
 * (the class path from {@code ../mvnw dependency:build-classpath -Dmdep.outputFile=target/cp.txt}). The rows are two
 * Gaussian clusters, like the day and night frames of a driving data set, with an id gap as a pool has.
 */
public final class MapBench {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        Path root = Path.of(args[2]);
        ArtifactStore store = new ArtifactStore(root);

        long t0 = System.nanoTime();
        SplittableRandom random = new SplittableRandom(1);
        long[] ids = new long[n];
        float[] values = new float[Math.multiplyExact(n, d)];
        float[] night = new float[d];
        for (int j = 0; j < d; j++)
            night[j] = (float) (random.nextGaussian() * 0.15);
        for (int i = 0; i < n; i++) {
            ids[i] = 10 + 2L * i;
            boolean dark = random.nextInt(3) == 0;
            for (int j = 0; j < d; j++)
                values[i * d + j] = (float) (random.nextGaussian() * 0.04 + (dark ? night[j] : 0));
        }
        SampleMatrix matrix = new SampleMatrix(ids, d, values);
        String artifact = store.write("embeddings", matrix::writeTo);
        System.out.printf("wrote %d × %d (%.0f MB) in %.1f s%n", n, d, Files.size(store.beside(artifact, ".bin")) / 1e6,
                (System.nanoTime() - t0) / 1e9);
        matrix = null;
        values = null;

        Set<Long> pool = new HashSet<>(n * 2);
        for (long id : ids)
            pool.add(id);
        Projections projections = new Projections();
        projections.artifacts = store;
        MatrixRows rows = projections.rowsOf(artifact, pool);

        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long t1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        Pca pca = Pca.fit(rows);
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        SampleMatrix xy = pca.projectAll(rows);
        long t3 = System.nanoTime();
        long c3 = cpu.getCurrentThreadCpuTime();
        // CPU time beside wall time: the machine is shared, and the wall time says more about the neighbours.
        System.out.printf("covariance pass + eigen: %.1f s (%.1f s CPU); projection pass: %.1f s (%.1f s CPU);"
                + " explained %.3f + %.3f%n", (t2 - t1) / 1e9, (c2 - c1) / 1e9, (t3 - t2) / 1e9, (c3 - c2) / 1e9,
                pca.explained()[0], pca.explained()[1]);

        Kind[] kinds = new Kind[n];
        for (int i = 0; i < n; i++)
            kinds[i] = i % 1000 == 0 ? Kind.SELECTED : i % 1000 < 6 ? Kind.LABELED : Kind.UNLABELED;
        long t4 = System.nanoTime();
        boolean[] keep = PointSample.choose(xy.sampleIds(), kinds, MapService.MAX_POINTS, 7);
        long t5 = System.nanoTime();
        int kept = 0;
        for (boolean k : keep)
            if (k)
                kept++;
        float[] x = new float[kept];
        float[] y = new float[kept];
        long[] keptIds = new long[kept];
        for (int i = 0, at = 0; i < n; i++) {
            if (keep[i]) {
                x[at] = xy.values()[2 * i];
                y[at] = xy.values()[2 * i + 1];
                keptIds[at++] = xy.sampleIds()[i];
            }
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(
                new MapPoints.Series("unlabeled", "all", n, kept, x, y, keptIds, null, null, null));
        System.out.printf("subsample of %d: %.2f s; its JSON %.0f kB%n", kept, (t5 - t4) / 1e9, json.length / 1e3);
    }
}
