package dev.needle.activities.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.BadInputException;
import dev.needle.activities.embedding.EmbeddedImages;
import dev.needle.activities.embedding.Embedder;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.TestImages;
import dev.needle.activities.embedding.UnreadableImageException;

/**
 * A trainer's classifier through ONNX Runtime, on networks torch.onnx.export wrote (see
 * {@code onnx/make_classifier_nets.py}): the answers are torch's own, and every card that does not fit the network or
 * the project is refused by the field that is wrong.
 */
class OnnxClassifierTest {

    private static final Path NETS = Path.of("src/test/resources/onnx");
    private static final ModelCard.Input GREY_8 = new ModelCard.Input("image", 8, 8, "grey", new float[] { 0.5f },
            new float[] { 0.5f });

    @Test
    void givenTheProbabilitiesNetwork_itGivesTorchsProbabilitiesAndFeatures() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(NETS.resolve("classifier-expected.json").toFile());
        try (OnnxClassifier classifier = OnnxClassifier.load(NETS.resolve("classifier-probabilities.onnx"),
                card(new ModelCard.Outputs("probabilities", null, "features")))) {
            classifier.check(sample(), 3);
            OnnxClassifier.Outputs out = classifier.predict(List.of(sample(), sample()));

            assertEquals(2, out.probabilities().length);
            assertArrayEquals(floats(expected.get("probabilities")), out.probabilities()[1], 1e-5f);
            assertArrayEquals(floats(expected.get("features")), out.features()[0], 1e-5f);
        }
    }

    @Test
    void givenTheLogitsNetwork_softmaxGivesTheSameProbabilities() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(NETS.resolve("classifier-expected.json").toFile());
        try (OnnxClassifier classifier = OnnxClassifier.load(NETS.resolve("classifier-logits.onnx"),
                card(new ModelCard.Outputs(null, "logits", null)))) {
            classifier.check(sample(), 3);
            OnnxClassifier.Outputs out = classifier.predict(List.of(sample()));

            assertArrayEquals(floats(expected.get("probabilities")), out.probabilities()[0], 1e-5f);
            assertEquals(null, out.features());
        }
    }

    @Test
    void overAShardImagesRunInBatchesWithTheAnswersOfOneAtATime_andABadFileSinksOnlyItself(@TempDir Path tmp)
            throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2 * OnnxClassifier.BATCH + 5; i++) {
            Path file = tmp.resolve("image-" + i + ".png");
            Files.write(file, i == 20 ? "not an image".getBytes() : TestImages.tinyPng(i, 8 + i % 5));
            files.add(file);
        }
        try (OnnxClassifier classifier = OnnxClassifier.load(NETS.resolve("classifier-logits.onnx"),
                card(new ModelCard.Outputs(null, "logits", null)))) {
            Embedder probabilities = classifier.probabilities("test", EncodedImage.Limits.DEFAULT);

            EmbeddedImages all = probabilities.embedAll(files, 2);

            assertEquals(1, all.failures().size());
            assertEquals(20, all.failures().get(0).index());
            assertTrue(all.failures().get(0).permanent());
            assertEquals(null, all.vectors()[20]);
            for (int i = 0; i < files.size(); i++) {
                if (i == 20)
                    continue;
                float[] alone = classifier.predict(List.of(EncodedImage.read(files.get(i),
                        EncodedImage.Limits.DEFAULT))).probabilities()[0];
                assertArrayEquals(alone, all.vectors()[i], 1e-6f, "image " + i);
            }
            assertThrows(UnreadableImageException.class, () -> probabilities.embed(files.get(20)));
        }
    }

    @Test
    void logitsDeclaredAsProbabilitiesAreRefused() {
        BadInputException refused = refusedOn("classifier-logits.onnx",
                new ModelCard.Outputs("logits", null, null), 3);
        assertEquals("model.outputs.probabilities", refused.field());
        assertTrue(refused.reason().contains("declare the output as logits"), refused.reason());
    }

    @Test
    void probabilitiesDeclaredAsLogitsAreRefused() {
        BadInputException refused = refusedOn("classifier-probabilities.onnx",
                new ModelCard.Outputs(null, "probabilities", null), 3);
        assertEquals("model.outputs.logits", refused.field());
    }

    @Test
    void aNetworkForAnotherNumberOfClassesIsRefused() {
        BadInputException refused = refusedOn("classifier-four-classes.onnx",
                new ModelCard.Outputs("probabilities", null, null), 3);
        assertEquals("model.outputs.probabilities", refused.field());
        assertEquals("gives 4 values per image, but the project has 3 classes", refused.reason());
    }

    @Test
    void outputNamesTheNetworkDoesNotHaveAreRefusedByField() {
        BadInputException classes = refusedOn("classifier-probabilities.onnx",
                new ModelCard.Outputs("scores", null, null), 3);
        assertEquals("model.outputs.probabilities", classes.field());
        assertEquals("the network has no output scores; its outputs are [features, probabilities]", classes.reason());

        BadInputException features = refusedOn("classifier-probabilities.onnx",
                new ModelCard.Outputs("probabilities", null, "embedding"), 3);
        assertEquals("model.outputs.features", features.field());
    }

    @Test
    void anInputTheNetworkDoesNotTakeIsRefused() {
        ModelCard wrongSize = new ModelCard("onnx", new ModelCard.Outputs("probabilities", null, null),
                new ModelCard.Input("image", 28, 28, "grey", null, null));
        BadInputException refused = assertThrows(BadInputException.class, () -> {
            try (OnnxClassifier classifier = OnnxClassifier.load(NETS.resolve("classifier-probabilities.onnx"),
                    wrongSize)) {
                classifier.check(sample(), 3);
            }
        });
        assertEquals("model.input", refused.field());
        assertTrue(refused.reason().startsWith("the network does not run on a 1×1×28×28 input"), refused.reason());
    }

    @Test
    void aTruncatedFileIsRefusedAsAModelThatCannotBeLoaded(@TempDir Path tmp) throws Exception {
        byte[] whole = Files.readAllBytes(NETS.resolve("classifier-probabilities.onnx"));
        Path truncated = Files.write(tmp.resolve("truncated.onnx"), Arrays.copyOf(whole, whole.length / 2));
        BadInputException refused = assertThrows(BadInputException.class,
                () -> OnnxClassifier.load(truncated, card(new ModelCard.Outputs("probabilities", null, null))));
        assertEquals("model", refused.field());
        assertTrue(refused.reason().startsWith("the ONNX file cannot be loaded"), refused.reason());
    }

    @Test
    void cardsAreCheckedFieldByFieldBeforeAnyNetworkIsLoaded() {
        assertEquals("model.kind", refusal(new ModelCard(null, null, null)));
        assertEquals("model.kind", refusal(new ModelCard("tensorflow", null, null)));
        assertEquals("model.outputs", refusal(new ModelCard("onnx", null, GREY_8)));
        assertEquals("model.outputs.logits",
                refusal(new ModelCard("onnx", new ModelCard.Outputs("p", "l", null), GREY_8)));
        assertEquals("model.input", refusal(new ModelCard("onnx", new ModelCard.Outputs("p", null, null), null)));
        assertEquals("model.input.width", refusal(card(new ModelCard.Input(null, 0, 8, "grey", null, null))));
        assertEquals("model.input.colour", refusal(card(new ModelCard.Input(null, 8, 8, "bgra", null, null))));
        assertEquals("model.input.mean",
                refusal(card(new ModelCard.Input(null, 8, 8, "rgb", new float[] { 0, 0 }, null))));
        assertEquals("model.input.std",
                refusal(card(new ModelCard.Input(null, 8, 8, "grey", null, new float[] { 0 }))));
        assertEquals("model", refusal(new ModelCard("predictions", new ModelCard.Outputs("p", null, null), null)));
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        float[] logits = { 1000f, 1001f, 999f };
        OnnxClassifier.softmax(logits);
        assertArrayEquals(new float[] { 0.24472847f, 0.66524096f, 0.09003057f }, logits, 1e-6f);
    }

    private static BadInputException refusedOn(String network, ModelCard.Outputs outputs, int classes) {
        return assertThrows(BadInputException.class, () -> {
            try (OnnxClassifier classifier = OnnxClassifier.load(NETS.resolve(network), card(outputs))) {
                classifier.check(sample(), classes);
            }
        });
    }

    private static String refusal(ModelCard card) {
        return assertThrows(BadInputException.class, card::validated).field();
    }

    private static ModelCard card(ModelCard.Outputs outputs) {
        return new ModelCard("onnx", outputs, GREY_8);
    }

    private static ModelCard card(ModelCard.Input input) {
        return new ModelCard("onnx", new ModelCard.Outputs("probabilities", null, null), input);
    }

    private static EncodedImage sample() throws Exception {
        return EncodedImage.of(Files.readAllBytes(NETS.resolve("classifier-sample.png")), EncodedImage.Limits.DEFAULT);
    }

    private static float[] floats(JsonNode values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++)
            out[i] = (float) values.get(i).asDouble();
        return out;
    }
}
