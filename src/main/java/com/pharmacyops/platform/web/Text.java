package com.pharmacyops.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The one rule for text a client sends: no control characters (C0, DEL, C1), NUL included, which PostgreSQL
 * cannot store in text and which no name, code or username needs; {@link FreeText} members may also hold tab, CR
 * and LF. Bodies are checked as Jackson reads them ({@link TextModule}), query parameters by {@link Params}.
 */
public final class Text {

    private Text() {
    }

    /** What is wrong with {@code value}, or null when it is acceptable (null included). */
    public static String problem(String value, boolean freeText) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return freeText ? "must not contain control characters other than tab and line breaks"
                        : "must not contain control characters";
            }
        }
        return null;
    }

    /** A member of a body that breaks a rule of this package (text, dates); a 400 naming it, with this message. */
    public static final class Refused extends MismatchedInputException {

        Refused(JsonParser parser, String message) {
            super(parser, message, String.class);
        }
    }
}
