package com.pharmacyops.platform.web;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every string member Jackson reads into a request body (the login's included) passes {@link Text}: one
 * deserializer for {@code String}, registered on the application's ObjectMapper, so no DTO can forget it.
 */
@Singleton
public class TextModule implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("text").addDeserializer(String.class, new Strings(null)));
    }

    /**
     * Reads a string as Jackson would, then applies the rule of its member: strict, or free text. Strings outside a
     * bean member (map values, untyped JSON such as the audit log's changes when Hibernate Reactive binds them) are
     * data the service wrote, not request members, and pass unchecked.
     */
    static final class Strings extends StdScalarDeserializer<String> implements ContextualDeserializer {

        private final Boolean freeText;

        Strings(Boolean freeText) {
            super(String.class);
            this.freeText = freeText;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            Boolean free = property == null ? null : property.getAnnotation(FreeText.class) != null;
            return java.util.Objects.equals(free, freeText) ? this : new Strings(free);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = freeText == null ? null : Text.problem(value, freeText);
            if (problem != null) {
                throw new Text.Refused(p, problem);
            }
            return value;
        }
    }
}
