package com.pharmacyops.platform.web;

import java.util.List;

import com.pharmacyops.platform.error.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/** The {@link Problem} body every error answers with, as a schema (RFC 9457 plus this API's members). */
final class OpenApiProblems {

    static final String NAME = "Problem";
    static final String REF = "#/components/schemas/" + NAME;
    static final String MEDIA_TYPE = Problem.MEDIA_TYPE;

    private OpenApiProblems() {
    }

    static Schema schema() {
        Schema fieldError = object("A member or parameter that is not valid")
                .addProperty("field", string("The member's JSON path (items[0].quantity) or the parameter's name"))
                .addProperty("message", string("What is wrong with it"))
                .required(List.of("field", "message"));
        Schema shortage = object("A line that stock (or, returning, what is left to return) cannot cover")
                .addProperty("medicineId", id())
                .addProperty("batchId", id())
                .addProperty("orderItemId", id())
                .addProperty("requested", integer())
                .addProperty("available", integer())
                .required(List.of("requested", "available"));
        return object("RFC 9457 problem details; members without a value are left out")
                .addProperty("type", string("about:blank"))
                .addProperty("title", string("The status's short summary"))
                .addProperty("status", integer())
                .addProperty("detail", string("What went wrong, for a human"))
                .addProperty("instance", string("The request's path"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(fieldError))
                .addProperty("shortages", OASFactory.createSchema().addType(SchemaType.ARRAY).items(shortage))
                .addProperty("traceId", string("The request's id: the X-Request-Id response header, MDC requestId "
                        + "in the logs"))
                .required(List.of("type", "title", "status"));
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(SchemaType.OBJECT).description(description)
                .additionalPropertiesBoolean(false);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }

    private static Schema integer() {
        return OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32");
    }

    private static Schema id() {
        return OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64");
    }
}
