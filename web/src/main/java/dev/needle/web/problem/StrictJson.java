package dev.needle.web.problem;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.Temporal;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies mean one thing or are refused, each as a 400 naming the field, where Jackson by default guessed and
 * state changed on the guess:
 * <ul>
 * <li>a key given twice ({@code {"modelVersion":"a","modelVersion":"b"}}) kept the last one; anything after the JSON
 * value ({@code {…}xx}) was ignored;</li>
 * <li>an unknown field was ignored, so a typo ({@code "sed": 1}) started a round with the default seed;</li>
 * <li>values were coerced: {@code 10.5} became the whole number 10, {@code "10"} a number, {@code "NaN"} a number
 * no rule could compare, {@code 5} a string, {@code ""} a default, {@code null} a primitive's zero, a number an enum's
 * n-th constant, and a number a duration in seconds or an instant since 1970.</li>
 * </ul>
 * A whole number is still a good decimal ({@code "amount": 50}). This mapper reads the API's request bodies only:
 * third-party payloads (Label Studio's webhook, imported files) are read field by field with their own readers, which
 * ignore what they do not know on purpose.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("needle-strict-scalars").setDeserializerModifier(new Scalars()));
    }

    /**
     * Durations and instants are ISO-8601 text ({@code P3D}, {@code 2030-01-01T00:00:00Z}), never bare numbers; a
     * floating-point number is finite, where Jackson read the strings "NaN" and "Infinity" as numbers; no string
     * holds a NUL character (PostgreSQL cannot store one, and no name, reason or path needs it).
     */
    private static final class Scalars extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                JsonDeserializer<?> deserializer) {
            Class<?> type = bean.getBeanClass();
            if (type.getName().startsWith("java.time.")
                    && (type == Duration.class || Temporal.class.isAssignableFrom(type)))
                return new TextOnly(deserializer);
            if (type == Double.class || type == double.class || type == Float.class || type == float.class)
                return new FiniteOnly(deserializer);
            if (type == String.class)
                return new WithoutNul(deserializer);
            return deserializer;
        }
    }

    private static final class TextOnly extends DelegatingDeserializer {

        TextOnly(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new TextOnly(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING))
                return context.handleUnexpectedToken(handledType(), parser);
            return super.deserialize(parser, context);
        }
    }

    private static final class FiniteOnly extends DelegatingDeserializer {

        FiniteOnly(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new FiniteOnly(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = super.deserialize(parser, context);
            if (value instanceof Number number && !Double.isFinite(number.doubleValue()))
                throw InvalidFormatException.from(parser, "not a finite number", value, handledType());
            return value;
        }
    }

    private static final class WithoutNul extends DelegatingDeserializer {

        WithoutNul(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new WithoutNul(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = super.deserialize(parser, context);
            if (value instanceof String text && text.indexOf('\u0000') >= 0)
                throw InvalidFormatException.from(parser, "contains a NUL character", value, handledType());
            return value;
        }
    }
}
