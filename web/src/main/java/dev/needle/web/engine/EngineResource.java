package dev.needle.web.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.needle.activities.BadInputException;
import dev.needle.activities.scoring.ClassificationScorer;
import dev.needle.activities.scoring.DetectionPrediction;
import dev.needle.activities.scoring.DetectionScorer;
import dev.needle.activities.selection.CoralMode;
import dev.needle.activities.selection.Embeddings;
import dev.needle.activities.selection.SelectionRequest;
import dev.needle.activities.selection.SelectionResult;
import dev.needle.activities.selection.Selector;
import dev.needle.activities.selection.Strategy;
import dev.needle.web.security.Roles;

/**
 * The selection engine without an iteration: score your own model outputs, select from your own embeddings. The
 * body is parsed here rather than bound to records so that NaN, ragged rows and wrong types are reported with the
 * exact field that holds them (e.g. {@code predictions[2][1]}). As strict as the rest of the API: a key given twice,
 * anything after the JSON value and an unknown field are refused.
 */
@Tag(name = "engine", description = "Score and select without an iteration")
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MLOPS)
public class EngineResource {

    /** Lenient on NaN and Infinity so they reach validation and get a field-named error, not a parse error. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> SCORE_FIELDS = Set.of("task", "predictions", "normalize", "config");
    private static final Set<String> SELECT_FIELDS = Set.of("strategy", "embeddings", "k", "seed", "labeled", "scores",
            "strength", "minDistance", "mode");
    private static final Set<String> DETECTION_FIELDS = Set.of("boxes", "scores", "labels", "object_probabilities",
            "class_probabilities");

    public record ScoreResponse(Map<String, double[]> scores) {
    }

    public record SelectResponse(int[] picks, Double maxMinDistance) {
    }

    @POST
    @Path("/score")
    @Operation(summary = "Uncertainty scores of classification or object-detection outputs (Lightly's definitions)")
    public ScoreResponse score(String body) {
        JsonNode request = parse(body, SCORE_FIELDS);
        String task = text(request, "task", "classification");
        JsonNode predictions = required(request, "predictions");
        if (!predictions.isArray())
            throw new BadInputException("predictions", "must be an array");
        return switch (task) {
            case "classification" -> {
                JsonNode normalize = request.path("normalize");
                if (!normalize.isMissingNode() && !normalize.isBoolean()) {
                    throw new BadInputException("normalize", "must be true or false");
                }
                yield new ScoreResponse(ClassificationScorer.scoreAll(
                        matrix(predictions, "predictions"), normalize.isMissingNode() || normalize.asBoolean()));
            }
            case "object-detection" -> new ScoreResponse(DetectionScorer.scoreAll(detections(predictions), config(request)));
            default -> throw new BadInputException("task", "must be classification or object-detection, was " + task);
        };
    }

    @POST
    @Path("/select")
    @Operation(summary = "Choose k samples by RANDOM, UNCERTAINTY, CORESET or CORAL")
    public SelectResponse select(String body) {
        JsonNode request = parse(body, SELECT_FIELDS);
        Strategy strategy = Strategy.parse(text(request, "strategy", null));
        JsonNode embeddingsNode = required(request, "embeddings");
        if (!embeddingsNode.isArray())
            throw new BadInputException("embeddings", "must be an array of rows");
        double[][] rows = matrix(embeddingsNode, "embeddings");
        float[][] floats = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            floats[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++)
                floats[i][j] = (float) rows[i][j];
        }
        SelectionRequest.Builder selection = SelectionRequest.builder(strategy)
                .poolSize(rows.length)
                .k(integer(required(request, "k"), "k"))
                .seed(request.has("seed") ? longValue(request.get("seed"), "seed") : 0)
                .labeled(request.has("labeled") ? integers(request.get("labeled"), "labeled") : new int[0]);
        if (rows.length > 0)
            selection.embeddings(Embeddings.of(floats));
        if (request.hasNonNull("scores"))
            selection.scores(vector(request.get("scores"), "scores"));
        if (request.hasNonNull("strength"))
            selection.strength(number(request.get("strength"), "strength"));
        if (request.hasNonNull("minDistance"))
            selection.minDistance(number(request.get("minDistance"), "minDistance"));
        if (request.hasNonNull("mode")) {
            String mode = text(request, "mode", null);
            try {
                selection.coralMode(CoralMode.valueOf(mode.toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("mode", "must be sampled or greedy, was " + mode);
            }
        }
        SelectionResult result = Selector.select(selection.build());
        double radius = result.maxMinDistance();
        return new SelectResponse(result.picks(), Double.isFinite(radius) ? radius : null);
    }

    private static List<DetectionPrediction> detections(JsonNode predictions) {
        DetectionPrediction[] images = new DetectionPrediction[predictions.size()];
        for (int i = 0; i < images.length; i++) {
            String at = "predictions[" + i + "]";
            JsonNode image = predictions.get(i);
            if (!image.isObject())
                throw new BadInputException(at, "must be an object with boxes");
            known(image, DETECTION_FIELDS, at + ".");
            double[][] boxes = image.has("boxes") ? matrix(image.get("boxes"), at + ".boxes") : new double[0][];
            double[] scores = image.hasNonNull("scores") ? vector(image.get("scores"), at + ".scores") : null;
            if (image.hasNonNull("labels")) {
                images[i] = DetectionPrediction.ofScores(boxes, scores, integers(image.get("labels"), at + ".labels"));
            } else {
                double[] objectness = image.hasNonNull("object_probabilities")
                        ? vector(image.get("object_probabilities"), at + ".object_probabilities")
                        : null;
                double[][] classes = image.hasNonNull("class_probabilities")
                        ? matrix(image.get("class_probabilities"), at + ".class_probabilities")
                        : null;
                images[i] = new DetectionPrediction(boxes, objectness, classes, scores, null);
            }
        }
        return List.of(images);
    }

    private static Map<String, Double> config(JsonNode request) {
        Map<String, Double> config = new LinkedHashMap<>();
        JsonNode node = request.path("config");
        if (node.isMissingNode() || node.isNull())
            return config;
        if (!node.isObject())
            throw new BadInputException("config", "must be an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            config.put(entry.getKey(), number(entry.getValue(), "config." + entry.getKey()));
        }
        return config;
    }

    private static JsonNode parse(String body, Set<String> fields) {
        if (body == null || body.isBlank())
            throw new BadInputException("body", "a JSON object is required");
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadInputException("body", "unreadable JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject())
            throw new BadInputException("body", "must be a JSON object");
        known(node, fields, "");
        return node;
    }

    /** A misspelt option ({@code "normalise"}) would silently be its default; it is refused by name instead. */
    private static void known(JsonNode object, Set<String> fields, String at) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!fields.contains(name))
                throw new BadInputException(at + name,
                        "unknown field; the fields here are " + fields.stream().sorted().toList());
        }
    }

    private static JsonNode required(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull())
            throw new BadInputException(field, "is required");
        return node;
    }

    private static String text(JsonNode request, String field, String fallback) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull())
            return fallback;
        if (!node.isTextual())
            throw new BadInputException(field, "must be a string");
        return node.asText();
    }

    /** Rows may be ragged here: the engine checks the shape and names the first bad row. */
    private static double[][] matrix(JsonNode node, String field) {
        if (!node.isArray())
            throw new BadInputException(field, "must be an array of arrays");
        double[][] rows = new double[node.size()][];
        for (int i = 0; i < rows.length; i++)
            rows[i] = vector(node.get(i), field + "[" + i + "]");
        return rows;
    }

    private static double[] vector(JsonNode node, String field) {
        if (!node.isArray())
            throw new BadInputException(field, "must be an array of numbers");
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++)
            values[i] = number(node.get(i), field + "[" + i + "]");
        return values;
    }

    private static int[] integers(JsonNode node, String field) {
        if (!node.isArray())
            throw new BadInputException(field, "must be an array of integers");
        int[] values = new int[node.size()];
        for (int i = 0; i < values.length; i++)
            values[i] = integer(node.get(i), field + "[" + i + "]");
        return values;
    }

    private static double number(JsonNode node, String field) {
        if (!node.isNumber())
            throw new BadInputException(field, "must be a number");
        double value = node.asDouble();
        if (Double.isNaN(value))
            throw new BadInputException(field, "is NaN");
        if (Double.isInfinite(value))
            throw new BadInputException(field, "is infinite");
        return value;
    }

    private static int integer(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt())
            throw new BadInputException(field, "must be an integer");
        return node.asInt();
    }

    private static long longValue(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToLong())
            throw new BadInputException(field, "must be an integer");
        return node.asLong();
    }
}
