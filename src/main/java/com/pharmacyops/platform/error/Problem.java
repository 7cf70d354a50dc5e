package com.pharmacyops.platform.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An RFC 9457 problem details body, with the members this API adds (errors, shortages, traceId). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors, List<?> shortages, String traceId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
