package dev.needle.activities.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.needle.activities.BadInputException;

class LinearProbeTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    /** Three well-separated blobs in 2-D, plus a class "d" that has no example. */
    private static Data blobs(int perClass, long seed) {
        Random random = new Random(seed);
        double[][] centres = { { 3, 0 }, { -3, 2 }, { 0, -4 } };
        float[][] x = new float[3 * perClass][];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            int c = i % 3;
            x[i] = new float[] { (float) (centres[c][0] + random.nextGaussian() * 0.5),
                    (float) (centres[c][1] + random.nextGaussian() * 0.5) };
            labels.add(ABC.get(c));
        }
        return new Data(x, labels);
    }

    private record Data(float[][] x, List<String> labels) {
    }

    @Test
    void givenSeparableData_whenTrained_itFitsEveryTrainingExample() {
        Data d = blobs(40, 1);
        List<String> classes = List.of("a", "b", "c", "d");
        LinearModel m = LinearProbe.train(d.x(), d.labels(), classes, 1e-3, 200);

        assertEquals(1.0, LinearProbe.accuracy(m, d.x(), d.labels()));
        assertEquals(classes, m.classes());
        assertEquals(4 * 3, m.weights().length);
        // The class without examples still gets a column, and a small one.
        for (float[] xi : d.x()) {
            assertTrue(m.probabilities(xi)[3] < 0.05);
        }
    }

    @Test
    void probabilitiesAreADistributionEvenForHugeLogits() {
        Data d = blobs(20, 2);
        LinearModel m = LinearProbe.train(d.x(), d.labels(), ABC, 1e-3, 100);
        float[][] probes = { { 0, 0 }, { 1e6f, -1e6f }, { -3e7f, 5e7f }, d.x()[0] };
        for (double[] p : m.probabilities(probes)) {
            assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
            for (double v : p) {
                assertTrue(v >= 0 && v <= 1, "probability " + v);
            }
        }
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        Random random = new Random(3);
        int n = 30;
        int dimension = 5;
        int classes = 4;
        float[][] x = new float[n][dimension];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimension; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            y[i] = random.nextInt(classes);
        }
        SoftmaxLoss loss = new SoftmaxLoss(x, y, classes, dimension, 0.1);
        double[] theta = random.doubles(loss.parameterCount(), -1, 1).toArray();
        double[] gradient = new double[theta.length];
        loss.evaluate(theta, gradient, null);

        double h = 1e-5;
        for (int k = 0; k < theta.length; k++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (loss.evaluate(plus, null, null) - loss.evaluate(minus, null, null)) / (2 * h);
            assertEquals(numeric, gradient[k], 1e-7, "parameter " + k);
        }
    }

    @Test
    void lossAlongALineFromLogitsEqualsTheDirectLoss() {
        Random random = new Random(8);
        float[][] x = new float[50][6];
        int[] y = new int[50];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 6; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            y[i] = random.nextInt(3);
        }
        SoftmaxLoss loss = new SoftmaxLoss(x, y, 3, 6, 0.01);
        double[] start = random.doubles(loss.parameterCount(), -1, 1).toArray();
        double[] direction = random.doubles(loss.parameterCount(), -1, 1).toArray();
        double[] startLogits = new double[loss.logitCount()];
        loss.evaluate(start, null, startLogits);
        double[] directionLogits = loss.logits(direction);
        for (double t : new double[] { -0.5, 0, 1e-6, 0.3, 2, 40 }) {
            double[] point = start.clone();
            for (int k = 0; k < point.length; k++) {
                point[k] += t * direction[k];
            }
            assertEquals(loss.evaluate(point, null, null), loss.onLine(point, startLogits, directionLogits, t), 1e-10);
        }
    }

    @Test
    void trainingEndsAtAMinimum() {
        Data d = blobs(30, 9);
        double l2 = 1e-2;
        LinearModel m = LinearProbe.train(d.x(), d.labels(), ABC, l2, 500);
        int[] y = d.labels().stream().mapToInt(ABC::indexOf).toArray();
        SoftmaxLoss loss = new SoftmaxLoss(d.x(), y, 3, 2, l2);
        double[] w = m.weights();
        double[] theta = new double[w.length];
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j <= 2; j++) {
                theta[j * 3 + c] = w[c * 3 + j];
            }
        }
        double[] gradient = new double[theta.length];
        loss.evaluate(theta, gradient, null);
        double norm = Math.sqrt(Arrays.stream(gradient).map(g -> g * g).sum());
        assertTrue(norm < 1e-3, "gradient norm at the solution " + norm);
    }

    @Test
    void lossIsLogCAtZeroWeights() {
        float[][] x = { { 1, 2 }, { 3, 4 } };
        SoftmaxLoss loss = new SoftmaxLoss(x, new int[] { 0, 2 }, 3, 2, 1.0);
        assertEquals(Math.log(3), loss.evaluate(new double[9], null, null), 1e-15);
    }

    @Test
    void trainingIsDeterministic() {
        Data d = blobs(30, 4);
        LinearModel first = LinearProbe.train(d.x(), d.labels(), ABC, 1e-2, 50);
        LinearModel second = LinearProbe.train(d.x(), d.labels(), ABC, 1e-2, 50);
        assertEquals(first, second);
    }

    @Test
    void serialisationRoundTripsExactly() {
        Data d = blobs(10, 5);
        LinearModel m = LinearProbe.train(d.x(), d.labels(), List.of("a", "b", "c", "ünïcødé ✓"), 1e-2, 30);
        LinearModel back = LinearModel.fromBytes(m.toBytes());
        assertEquals(m, back);
        assertArrayEquals(m.weights(), back.weights());
        assertArrayEquals(m.probabilities(d.x()[3]), back.probabilities(d.x()[3]));
    }

    @Test
    void corruptBytesAreRejected() {
        byte[] bytes = LinearProbe.train(blobs(5, 6).x(), blobs(5, 6).labels(), ABC, 1e-2, 5).toBytes();
        assertThrows(BadInputException.class, () -> LinearModel.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(BadInputException.class, () -> LinearModel.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)));
        assertThrows(BadInputException.class, () -> LinearModel.fromBytes(new byte[] { 1, 2, 3 }));
        byte[] huge = bytes.clone();
        huge[8] = 0x7f; // class count
        assertThrows(BadInputException.class, () -> LinearModel.fromBytes(huge));
    }

    @Test
    void badInputNamesTheField() {
        float[][] x = { { 1, 2 }, { 3, 4 } };
        List<String> labels = List.of("a", "b");
        assertEquals("x", assertThrows(BadInputException.class,
                () -> LinearProbe.train(new float[0][], List.of(), ABC, 1, 10)).field());
        assertEquals("x", assertThrows(BadInputException.class,
                () -> LinearProbe.train(new float[][] { { 1, 2 }, { 3 } }, labels, ABC, 1, 10)).field());
        assertEquals("x", assertThrows(BadInputException.class,
                () -> LinearProbe.train(new float[][] { { 1, Float.NaN }, { 3, 4 } }, labels, ABC, 1, 10)).field());
        assertEquals("labels", assertThrows(BadInputException.class,
                () -> LinearProbe.train(x, List.of("a"), ABC, 1, 10)).field());
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> LinearProbe.train(x, List.of("a", "zebra"), ABC, 1, 10));
        assertEquals("labels", unknown.field());
        assertTrue(unknown.reason().contains("zebra"));
        assertEquals("classes", assertThrows(BadInputException.class,
                () -> LinearProbe.train(x, labels, List.of("a", "b", "a"), 1, 10)).field());
        assertEquals("classes", assertThrows(BadInputException.class,
                () -> LinearProbe.train(x, labels, List.of(), 1, 10)).field());
        assertEquals("l2", assertThrows(BadInputException.class,
                () -> LinearProbe.train(x, labels, ABC, 0, 10)).field());
        assertEquals("l2", assertThrows(BadInputException.class,
                () -> LinearProbe.train(x, labels, ABC, Double.NaN, 10)).field());
        assertEquals("maxIterations", assertThrows(BadInputException.class,
                () -> LinearProbe.train(x, labels, ABC, 1, 0)).field());

        LinearModel m = LinearProbe.train(x, labels, ABC, 1, 10);
        assertEquals("x", assertThrows(BadInputException.class, () -> m.probabilities(new float[3])).field());
    }

    @Test
    void singleLabeledClassGivesAFiniteConfidentModel() {
        float[][] x = { { 1, 0 }, { 0.9f, 0.1f }, { 0.8f, 0.3f } };
        LinearModel m = LinearProbe.train(x, List.of("b", "b", "b"), ABC, 1e-3, 100);
        for (float[] xi : x) {
            assertTrue(m.probabilities(xi)[1] > 0.9);
        }
        assertEquals("b", m.predict(new float[] { 0, 0 }));
        assertNotEquals(0, m.weights()[2 * (m.dimension() + 1) - 1], "b's bias");
    }

    @Test
    void trainsSixtyThousandBySixtyFourInReasonableTime() {
        int n = 60_000;
        int dimension = 64;
        int classes = 10;
        Random random = new Random(7);
        float[][] centres = new float[classes][dimension];
        for (float[] centre : centres) {
            for (int j = 0; j < dimension; j++) {
                centre[j] = (float) (random.nextGaussian() * 0.3);
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class-" + c);
        }
        float[][] x = new float[n][dimension];
        List<String> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(classes);
            for (int j = 0; j < dimension; j++) {
                x[i][j] = centres[c][j] + (float) random.nextGaussian();
            }
            labels.add(names.get(c));
        }
        long start = System.nanoTime();
        LinearModel m = LinearProbe.train(x, labels, names, 1e-4, 100);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = LinearProbe.accuracy(m, x, labels);
        System.out.printf("linear probe 60000x64, 10 classes, 100 iterations max: %.2f s, training accuracy %.3f%n",
                seconds, accuracy);
        assertTrue(accuracy > 0.5, "accuracy " + accuracy);
        assertTrue(seconds < 60, "took " + seconds + " s");
    }
}
