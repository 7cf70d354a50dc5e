package com.pharmacyops.platform.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.pharmacyops.platform.error.ApiException;

/** Parses optional query parameters; a malformed value is a 400 that names the parameter. */
public final class Params {

    private static final java.util.regex.Pattern FOUR_DIGIT_YEAR = java.util.regex.Pattern.compile("\\d{4}-");

    private Params() {
    }

    public static int integer(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "must be a whole number");
        }
    }

    public static Long id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v < 1) {
                throw ApiException.invalid(name, "must be a positive id");
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "must be a positive id");
        }
    }

    public static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid(name, "must be true or false");
        };
    }

    /** An ISO-8601 date or UTC timestamp with a four-digit year (java.time would take "+12030-01-01" too). */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!FOUR_DIGIT_YEAR.matcher(value.trim()).lookingAt()) {
            throw ApiException.invalid(name, "must be an ISO-8601 date or UTC timestamp");
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.invalid(name, "must be an ISO-8601 date or UTC timestamp");
            }
        }
    }

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** A plain text parameter (trimmed, null when blank), at most 100 characters, without control characters. */
    public static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 100) {
            throw ApiException.invalid(name, "must be at most 100 characters");
        }
        String problem = Text.problem(value, false);
        if (problem != null) {
            throw ApiException.invalid(name, problem);
        }
        return value.trim();
    }

    /** A search text, at most 100 characters, as a case-insensitive LIKE pattern. */
    public static String like(String name, String value) {
        value = text(name, value);
        if (value == null) {
            return null;
        }
        String escaped = value.trim().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    /** A path id; a malformed one is a 404 like any unknown id. */
    public static long pathId(String value) {
        try {
            long v = Long.parseLong(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.notFound("Resource");
    }
}
