package dev.needle.eval;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs {@code eval/sklearn_check.py} on Needle's own embeddings, handed to Python as {@code .npy} files. */
final class SklearnCheck {

    private final EvaluationOptions options;

    SklearnCheck(EvaluationOptions options) {
        this.options = options;
    }

    /** Per strategy ({@code random}, {@code margin}), labeled count → accuracy per seed; and the all-labels accuracy. */
    record Result(Map<String, TreeMap<Integer, List<Double>>> curves, double allLabels, int dimension, double seconds) {

        String markdown(Report report) {
            Map<String, List<Map.Entry<Integer, Stats>>> needle = report.curves();
            StringBuilder md = new StringBuilder(String.format(
                    "- **scikit-learn on Needle's embeddings** (%d-d, the same pool and eval images; multinomial logistic "
                            + "regression with the linear probe's objective; round 1 random for both): all labels "
                            + "**%.4f**%s; %.0f s in all. Accuracy (mean ± sd over seeds; scikit-learn ran %d, Needle the seeds "
                            + "above):%n%n",
                    dimension, allLabels, report.allLabelsAccuracy() == null ? ""
                            : String.format(" (Needle's trainer: %.4f)", report.allLabelsAccuracy()),
                    seconds, curves.get("random").firstEntry().getValue().size()));
            md.append("| labeled | scikit-learn random | Needle RANDOM | scikit-learn margin | Needle UNCERTAINTY(margin) |\n");
            md.append("|---:|---:|---:|---:|---:|\n");
            for (Integer count : curves.get("random").keySet()) {
                md.append(String.format("| %d | %s | %s | %s | %s |%n", count,
                        Stats.of(curves.get("random").get(count)).format(), at(needle, Arm.RANDOM, count),
                        curves.get("margin").containsKey(count) ? Stats.of(curves.get("margin").get(count)).format() : "–",
                        at(needle, Arm.MARGIN, count)));
            }
            return md.toString();
        }

        private static String at(Map<String, List<Map.Entry<Integer, Stats>>> needle, Arm arm, int count) {
            return needle.getOrDefault(arm.name(), List.of()).stream().filter(e -> e.getKey() == count)
                    .map(e -> e.getValue().format()).findFirst().orElse("–");
        }
    }

    Result run(NeedleEmbeddings data) {
        Path folder = options.work().resolve("sklearn");
        try {
            Files.createDirectories(folder);
            writeNpy(folder.resolve("X_pool.npy"), data.poolX(), data.dimension());
            writeNpy(folder.resolve("y_pool.npy"), data.poolY());
            writeNpy(folder.resolve("X_eval.npy"), data.evalX(), data.dimension());
            writeNpy(folder.resolve("y_eval.npy"), data.evalY());
            Evaluation.log("scikit-learn check on %d pool and %d eval embeddings (%d-d)", data.poolY().size(),
                    data.evalY().size(), data.dimension());
            Process python = new ProcessBuilder(options.python(), script().toString(), "--data", folder.toString(),
                    "--first", String.valueOf(options.firstBatch()), "--batch", String.valueOf(options.batch()),
                    "--max-labels", String.valueOf(Math.min(options.maxLabels(), options.poolSize())),
                    "--seeds", String.valueOf(options.seeds()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (python.waitFor() != 0) {
                throw new IllegalStateException(options.python() + " " + script()
                        + " failed (it needs numpy and scikit-learn: Debian's python3-sklearn)");
            }
            JsonNode json = NeedleApi.JSON.readTree(out);
            Map<String, TreeMap<Integer, List<Double>>> curves = new LinkedHashMap<>();
            json.path("curves").fields().forEachRemaining(strategy -> {
                TreeMap<Integer, List<Double>> byCount = new TreeMap<>();
                for (JsonNode seed : strategy.getValue())
                    for (JsonNode point : seed)
                        byCount.computeIfAbsent(point.get(0).asInt(), k -> new ArrayList<>()).add(point.get(1).asDouble());
                curves.put(strategy.getKey(), byCount);
            });
            return new Result(curves, json.path("allLabels").asDouble(), json.path("dimension").asInt(),
                    json.path("seconds").asDouble());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Next to the module's pom: found from the repository root (eval/run.sh) and from the module (its tests). */
    private static Path script() {
        Path fromRoot = Path.of("eval", "sklearn_check.py");
        return (Files.isRegularFile(fromRoot) ? fromRoot : Path.of("sklearn_check.py")).toAbsolutePath();
    }

    /** NumPy's .npy v1.0: magic, header length, a Python-dict header padded to 64 bytes, then little-endian data. */
    private static void writeNpy(Path file, String descr, int[] shape, ByteBuffer data) throws IOException {
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
        StringBuilder header = new StringBuilder(
                "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }");
        while ((10 + header.length() + 1) % 64 != 0)
            header.append(' ');
        header.append('\n');
        try (OutputStream out = Files.newOutputStream(file); DataOutputStream d = new DataOutputStream(out)) {
            d.write(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 });
            d.write(header.length() & 0xff);
            d.write(header.length() >> 8);
            d.write(header.toString().getBytes(StandardCharsets.US_ASCII));
            d.write(data.array(), 0, data.position());
        }
    }

    private static void writeNpy(Path file, float[][] rows, int columns) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(rows.length * columns * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows)
            for (float v : row)
                data.putFloat(v);
        writeNpy(file, "<f4", new int[] { rows.length, columns }, data);
    }

    /** Classes as their index in {@link FashionMnist#CLASSES}. */
    private static void writeNpy(Path file, List<String> classes) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(classes.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        classes.forEach(c -> data.putInt(FashionMnist.CLASSES.indexOf(c)));
        writeNpy(file, "<i4", new int[] { classes.size() }, data);
    }
}
