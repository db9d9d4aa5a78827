package dev.needle.activities.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.needle.activities.embedding.EmbeddedImages;
import dev.needle.activities.embedding.ImageDescriptor;

/** The loop's built-in path end to end on the shipped demo data: embed, train on a few labels, measure. */
class DemoAccuracyTest {

    static final Path DEMO = Path.of("../web/src/main/resources/demo/fashion-mnist");
    static final int LABELED = 200;

    @Test
    void aProbeOnTwoHundredDemoLabelsBeatsChanceByFar() throws Exception {
        List<Path> evalFiles;
        try (Stream<Path> files = Files.walk(DEMO.resolve("eval"))) {
            evalFiles = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        List<String> evalLabels = evalFiles.stream().map(p -> p.getParent().getFileName().toString()).toList();
        List<String> classes = evalLabels.stream().distinct().sorted().toList();
        assertEquals(10, classes.size());

        // pool-truth.csv plays the annotator: the first 200 pool images in file order, whatever their class.
        List<String> truth = Files.readAllLines(DEMO.resolve("pool-truth.csv"));
        assertEquals("file_name,label", truth.get(0));
        List<Path> poolFiles = new ArrayList<>();
        List<String> poolLabels = new ArrayList<>();
        for (String line : truth.subList(1, 1 + LABELED)) {
            String[] fields = line.split(",");
            poolFiles.add(DEMO.resolve(fields[0]));
            poolLabels.add(fields[1]);
        }

        ImageDescriptor descriptor = new ImageDescriptor();
        EmbeddedImages pool = descriptor.embedAll(poolFiles, 2);
        EmbeddedImages eval = descriptor.embedAll(evalFiles, 2);
        assertTrue(pool.failures().isEmpty() && eval.failures().isEmpty());

        long start = System.nanoTime();
        LinearModel model = LinearProbe.train(pool.vectors(), poolLabels, classes, 1e-4, 200);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = LinearProbe.accuracy(model, eval.vectors(), evalLabels);
        System.out.printf("demo: %d labels, %d-d %s embeddings, trained in %.3f s, eval accuracy %.3f on %d images%n",
                LABELED, descriptor.dimension(), descriptor.id(), seconds, accuracy, evalFiles.size());

        assertTrue(accuracy > 0.6, "accuracy " + accuracy + " (chance is 0.1)");
        for (double[] p : model.probabilities(Arrays.copyOf(eval.vectors(), 10))) {
            assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
        }
    }
}
