package com.pharmacyops.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pharmacyops.platform.error.ApiException;

/**
 * The opaque {@code ?after=} of a keyset page: base64url of {@code {"s":"expiryDate,asc","k":["2026-01-31","42"]}},
 * the sort it was made for and the sort key of the last row sent (the sort column, then the id). Not signed: a
 * client that edits one only moves its own place in the list, and every value is parsed and bound as a
 * parameter (see {@code platform.persistence.Keyset}), so a tampered cursor is a 400, never SQL.
 */
public record Cursor(String sort, List<String> key) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far above any real cursor (a sort spec and a few key values): refuses a huge blob before decoding it. */
    private static final int MAX_LENGTH = 2048;

    public String encode() {
        ObjectNode o = JSON.createObjectNode().put("s", sort);
        ArrayNode k = o.putArray("k");
        key.forEach(k::add);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent, which must have been made for {@code sort}; null when it sent none. */
    public static Cursor decode(String after, String sort) {
        if (after == null || after.isBlank()) {
            return null;
        }
        Cursor c = parse(after.trim());
        if (!c.sort.equals(sort)) {
            throw ApiException.invalid("after", "was made for sort=" + c.sort
                    + "; send that sort, or start again without after");
        }
        return c;
    }

    private static Cursor parse(String after) {
        try {
            if (after.length() > MAX_LENGTH) {
                throw new IllegalArgumentException();
            }
            JsonNode n = JSON.readTree(Base64.getUrlDecoder().decode(after));
            JsonNode s = n.get("s");
            JsonNode k = n.get("k");
            if (!n.isObject() || n.size() != 2 || s == null || !s.isTextual() || k == null || !k.isArray()
                    || k.isEmpty()) {
                throw new IllegalArgumentException();
            }
            List<String> key = new ArrayList<>(k.size());
            for (JsonNode v : k) {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException();
                }
                key.add(v.textValue());
            }
            return new Cursor(s.textValue(), List.copyOf(key));
        } catch (Exception e) { // base64, JSON or shape: all the same to the client
            throw ApiException.invalid("after", "is not a cursor of this list (send the nextCursor of a page)");
        }
    }
}
