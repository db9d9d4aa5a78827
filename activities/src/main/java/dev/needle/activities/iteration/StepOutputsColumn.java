package dev.needle.activities.iteration;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.workflows.messages.values.StepOutputs;

/**
 * An iteration's step outputs as the JSON text of its {@code outputs} column: plain text rather than a database JSON
 * type, so the same column and migrations serve H2 and PostgreSQL. Fields not set yet are left out.
 */
@Converter
public class StepOutputsColumn implements AttributeConverter<StepOutputs, String> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public String convertToDatabaseColumn(StepOutputs outputs) {
        return toJson(outputs == null ? StepOutputs.NONE : outputs);
    }

    @Override
    public StepOutputs convertToEntityAttribute(String json) {
        if (json == null || json.isBlank())
            return StepOutputs.NONE;
        try {
            return JSON.readValue(json, StepOutputs.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable step outputs: " + json, e);
        }
    }

    public static String toJson(StepOutputs outputs) {
        try {
            return JSON.writeValueAsString(outputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
