package com.pharmacyops.platform.web;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

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
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A request body means exactly what its JSON says: a member of the wrong JSON type is refused, never coerced
 * (no float truncated to an integer, no number read as a string, boolean, enum position or date, no string read as
 * a number or boolean), nothing may follow the body, a member may appear once, and dates and timestamps are
 * ISO-8601 strings with a four-digit year. Each refusal is a 400 naming the member ({@code ProblemMappers}).
 * Serialization is untouched, and untyped JSON (the audit log's changes) has no types to coerce.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.+");

    @Override
    @SuppressWarnings("deprecation") // JsonParser.Feature is what ObjectMapper.enable takes in Jackson 2.
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.String,
                CoercionInputShape.Boolean, CoercionInputShape.EmptyString);
        // An integer is a valid decimal (mrp: 10), so Float takes Integer.
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean,
                CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.String, CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.DateTime, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.EmptyString);
        mapper.registerModule(new SimpleModule("strict-json").setDeserializerModifier(new Dates()));
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /**
     * Wraps whatever deserializer reads a {@code java.time} value: the JSR-310 module also takes numbers (epoch
     * days or seconds), arrays ({@code [2030,1,1]}) and five-digit or signed years ({@code +12030-01-01}).
     */
    static final class Dates extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
                JsonDeserializer<?> deserializer) {
            Class<?> type = desc.getBeanClass();
            if (type == LocalDate.class) {
                return new Iso(deserializer, DATE, "must be a date as yyyy-mm-dd");
            }
            if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
                    || type == LocalDateTime.class) {
                return new Iso(deserializer, TIMESTAMP, "must be an ISO-8601 timestamp with a four-digit year");
            }
            return deserializer;
        }
    }

    /** Lets only a string of the given shape through to the JSR-310 deserializer. */
    static final class Iso extends DelegatingDeserializer {

        private final Pattern shape;
        private final String message;

        Iso(JsonDeserializer<?> delegate, Pattern shape, String message) {
            super(delegate);
            this.shape = shape;
            this.message = message;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Iso(delegate, shape, message);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING) || !shape.matcher(p.getText()).matches()) {
                throw new Text.Refused(p, message);
            }
            return super.deserialize(p, ctxt);
        }
    }
}
