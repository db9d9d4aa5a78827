package dev.needle.activities.model;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.BadInputException;

/**
 * What a trainer hands back with its report, and for an ONNX network how Needle runs it: which output is what, and how
 * an image becomes the network's input. Checked field by field, so a refusal names the field ({@code model.…}).
 *
 * @param kind {@code onnx} (a network uploaded to the run) or {@code predictions} (the trainer's own predictions of
 *        the pool, uploaded to the run)
 * @param outputs onnx only: the network's output names
 * @param input onnx only: the network's input
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(String kind, Outputs outputs, Input input) {

    public static final String ONNX = "onnx";
    public static final String PREDICTIONS = "predictions";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CARD_LENGTH = 4000;

    /** The card as the model version stores it. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModelCard fromJson(String json) {
        try {
            return JSON.readValue(json, ModelCard.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable model card in the database: " + json, e);
        }
    }

    /**
     * Exactly one of {@code probabilities} and {@code logits} (softmax is applied to logits); {@code features}, a vector
     * per image that can serve as the project's embeddings, is optional.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outputs(String probabilities, String logits, String features) {

        /** The output holding the classes, whichever of the two it is. */
        public String classes() {
            return probabilities != null ? probabilities : logits;
        }

        /** The card's field naming that output, for refusals. */
        public String classesField() {
            return probabilities != null ? "model.outputs.probabilities" : "model.outputs.logits";
        }
    }

    /**
     * @param name the input's name; may be left out when the network has one input
     * @param width width in pixels the image is resized to
     * @param height height in pixels
     * @param colour {@code grey} (one channel) or {@code rgb} (three, in that order)
     * @param mean per-channel mean, in units of [0, 1] pixels, subtracted after scaling; one value or one per channel
     * @param std per-channel standard deviation the result is divided by
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(String name, Integer width, Integer height, String colour, float[] mean, float[] std) {

        public static final String GREY = "grey";
        public static final String RGB = "rgb";

        public int channels() {
            return GREY.equals(colour) ? 1 : 3;
        }

        /** {@code values} (the mean or the std) for every channel. */
        float[] perChannel(float[] values, float missing) {
            float[] out = new float[channels()];
            Arrays.fill(out, values == null ? missing : values[0]);
            if (values != null && values.length == channels())
                out = values.clone();
            return out;
        }
    }

    /** The card as it must be to be used: refuses the first field that is missing or wrong. */
    public ModelCard validated() {
        if (kind == null)
            throw new BadInputException("model.kind", "is required: " + ONNX + " or " + PREDICTIONS);
        if (PREDICTIONS.equals(kind)) {
            if (outputs != null || input != null)
                throw new BadInputException("model", "a predictions model has no outputs or input: the pool's "
                        + "predictions were uploaded to the run");
            return this;
        }
        if (!ONNX.equals(kind))
            throw new BadInputException("model.kind", "must be " + ONNX + " or " + PREDICTIONS + ", was " + kind);
        if (outputs == null)
            throw new BadInputException("model.outputs", "is required: name the output with the class probabilities "
                    + "(probabilities) or the class scores before softmax (logits)");
        if ((outputs.probabilities() == null) == (outputs.logits() == null))
            throw new BadInputException(outputs.probabilities() == null ? "model.outputs" : "model.outputs.logits",
                    "name exactly one of probabilities and logits");
        if (input == null)
            throw new BadInputException("model.input", "is required: width, height, colour, mean and std");
        side("model.input.width", input.width());
        side("model.input.height", input.height());
        if (!Input.GREY.equals(input.colour()) && !Input.RGB.equals(input.colour()))
            throw new BadInputException("model.input.colour", "must be " + Input.GREY + " or " + Input.RGB
                    + ", was " + input.colour());
        channelValues("model.input.mean", input.mean(), input.channels(), false);
        channelValues("model.input.std", input.std(), input.channels(), true);
        // Kept as JSON in model_version.card varchar(4000).
        if (toJson().length() > CARD_LENGTH)
            throw new BadInputException("model", "is " + toJson().length() + " characters as JSON; at most " + CARD_LENGTH);
        return this;
    }

    private static void side(String field, Integer pixels) {
        if (pixels == null || pixels < 1 || pixels > 4096)
            throw new BadInputException(field, "must be between 1 and 4096 pixels, was " + pixels);
    }

    private static void channelValues(String field, float[] values, int channels, boolean positive) {
        if (values == null)
            return;
        if (values.length != 1 && values.length != channels)
            throw new BadInputException(field, "needs 1 or " + channels + " values, got " + values.length);
        for (float v : values) {
            if (!Float.isFinite(v) || (positive && !(v > 0)))
                throw new BadInputException(field, (positive ? "every value must be positive" : "must be finite")
                        + ", got " + Arrays.toString(values));
        }
    }
}
