package com.pharmacyops.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** A list read three ways, to hold its streams to its page: the JSON page, the NDJSON lines, the SSE events. */
public final class Streams {

    private Streams() {
    }

    /** The items of one page of up to 100 (all of a test's list), with the given query. */
    public static List<Map<String, Object>> page(RequestSpecification as, String url, Map<String, String> query) {
        return as.queryParams(query).queryParam("size", "100").get(url).then().statusCode(200).extract().jsonPath()
                .getList("items");
    }

    /** The NDJSON lines, raw. */
    public static List<String> ndjsonLines(RequestSpecification as, String url, Map<String, String> query) {
        String body = as.accept("application/x-ndjson").queryParams(query).get(url).then().statusCode(200)
                .contentType("application/x-ndjson").extract().asString();
        List<String> lines = new ArrayList<>(body.lines().toList());
        assertEquals(List.of(), lines.stream().filter(String::isBlank).toList(), "NDJSON has no blank lines");
        return lines;
    }

    /** The data of each server-sent event, raw. */
    public static List<String> eventData(RequestSpecification as, String url, Map<String, String> query) {
        String body = as.accept("text/event-stream").queryParams(query).get(url).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString();
        return body.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5)).toList();
    }

    public static List<Map<String, Object>> parsed(List<String> lines) {
        return lines.stream().map(l -> JsonPath.from(l).<String, Object>getMap("$")).toList();
    }
}
