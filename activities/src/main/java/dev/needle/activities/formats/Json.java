package dev.needle.activities.formats;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading user JSON field by field, so that every complaint names the file and the field. */
public final class Json {

    /**
     * A file means one thing or is refused: a key given twice would leave which value counts to the parser, and
     * anything after the JSON value is a truncated or concatenated upload. Fields Needle does not read stay allowed:
     * the tools that write these files add their own.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static JsonNode parse(byte[] bytes, String file) {
        if (bytes == null || bytes.length == 0)
            throw new FormatException(file, "(file)", "is empty");
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "(file)"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new FormatException(file, at, "bad JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FormatException(file, "(file)", "unreadable: " + e.getMessage());
        }
    }

    public static ArrayNode array(JsonNode node, String file, String field) {
        if (node == null || !node.isArray())
            throw new FormatException(file, field, node == null || node.isMissingNode() ? "is missing" : "must be a list");
        return (ArrayNode) node;
    }

    public static ObjectNode object(JsonNode node, String file, String field) {
        if (node == null || !node.isObject())
            throw new FormatException(file, field, node == null || node.isMissingNode() ? "is missing" : "must be an object");
        return (ObjectNode) node;
    }

    public static String text(JsonNode node, String file, String field) {
        if (node == null || !node.isTextual() || node.asText().isBlank())
            throw new FormatException(file, field, node == null || node.isMissingNode() ? "is missing" : "must be a text");
        return node.asText();
    }

    public static double number(JsonNode node, String file, String field) {
        if (node == null || !node.isNumber())
            throw new FormatException(file, field, node == null || node.isMissingNode() ? "is missing" : "must be a number");
        return node.asDouble();
    }

    public static long integer(JsonNode node, String file, String field) {
        if (node == null || !node.canConvertToExactIntegral())
            throw new FormatException(file, field, node == null || node.isMissingNode() ? "is missing" : "must be an integer");
        return node.asLong();
    }

    /** Exactly {@code size} numbers, e.g. a {@code bbox}. */
    public static double[] numbers(JsonNode node, int size, String file, String field) {
        ArrayNode array = array(node, file, field);
        if (size >= 0 && array.size() != size)
            throw new FormatException(file, field, "must have " + size + " numbers, has " + array.size());
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++)
            values[i] = number(array.get(i), file, field + "[" + i + "]");
        return values;
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
