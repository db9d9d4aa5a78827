package dev.needle.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/**
 * The quick evaluation, end to end, against the packaged application: Fashion-MNIST from Debian's package (its
 * absence fails this test with the package's name, it is not skipped), every strategy through the REST API with the
 * simulated annotator, the all-labels reference and the scikit-learn check, which must agree with Needle's trainer
 * on the same embeddings.
 */
class QuickEvaluationTest {

    @Test
    void quickEvaluation_drivesEveryStrategyThroughTheApi_andWritesASaneReport() throws Exception {
        Path report = Path.of("target/report-quick-test").toAbsolutePath();
        EvaluationOptions options = EvaluationOptions.parse("--quick",
                "--app", "../web/target/quarkus-app/quarkus-run.jar",
                "--work", "target/work-test", "--report", report.toString());

        Report result = new Evaluation(options).run();

        assertEquals(List.of(100, 200, 300), options.labeledCounts());
        Map<String, List<RoundResult>> byArm = result.rounds().stream()
                .collect(Collectors.groupingBy(RoundResult::arm));
        assertEquals(Arm.ALL.size(), byArm.size(), "one curve per strategy");
        for (Arm arm : Arm.ALL) {
            List<RoundResult> rounds = byArm.get(arm.name());
            assertEquals(options.seeds() * options.labeledCounts().size(), rounds.size(), arm.name());
            for (RoundResult r : rounds) {
                assertEquals(options.labeledCounts().get(r.round() - 1), r.labeled(), arm.name() + " " + r);
                assertTrue(r.accuracy() > 0 && r.accuracy() <= 1, "accuracy in (0,1]: " + r);
                assertTrue(r.stepSeconds().keySet().containsAll(Report.STEPS), "every step timed: " + r);
            }
        }
        AllLabels all = result.allLabels();
        assertNotNull(all, "the all-labels reference ran");
        assertEquals(options.poolSize(), all.labeled());
        assertTrue(all.accuracy() > 0 && all.accuracy() <= 1);
        assertTrue(Math.abs(result.sklearn().allLabels() - all.accuracy()) < 0.03,
                "scikit-learn and Needle's trainer on the same embeddings: " + result.sklearn().allLabels() + " vs "
                        + all.accuracy());

        String markdown = Files.readString(report.resolve("report.md"));
        assertTrue(markdown.contains("| labeled | RANDOM | UNCERTAINTY(margin) | UNCERTAINTY(entropy) | CORESET | CORAL |"));
        assertTrue(markdown.contains("scikit-learn on Needle's embeddings"), "the scikit-learn check ran");
        assertEquals(1 + Arm.ALL.size() * options.seeds() * 3, Files.readAllLines(report.resolve("rounds.csv")).size(),
                "header and every round");
        BufferedImage png = ImageIO.read(report.resolve("learning-curves.png").toFile());
        assertEquals(1000, png.getWidth());
    }
}
