package dev.needle.web.problem;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies mean one thing or are refused: a key given twice ({@code {"modelVersion":"a","modelVersion":"b"}})
 * and anything after the JSON value ({@code {…}xx}) are 400s naming the field, where Jackson by default kept the last
 * key and ignored the rest, so a body that was not what its sender meant changed state.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
