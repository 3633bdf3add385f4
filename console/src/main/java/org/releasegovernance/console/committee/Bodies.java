package org.releasegovernance.console.committee;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies built from form input as the API names the fields. An empty field is left out (the API's defaults
 * apply); a number field that is no number is sent as typed, so the service refuses it in its own words.
 */
final class Bodies {

    private Bodies() {
    }

    /** A body of {@code name, value} pairs, leaving out null and blank values. */
    static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null && !(value instanceof String text && text.isBlank())) {
                body.put((String) namesAndValues[i], value);
            }
        }
        return body;
    }

    /** A whole number as a number, blank as {@code null}, anything else as typed. */
    static Object number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return value.strip();
        }
    }

    /** Items separated by commas, spaces or new lines ({@code MISUSE_RISK, EASE_OF_USE}); blank gives none. */
    static List<String> words(String value) {
        return value == null ? List.of() : Arrays.stream(value.split("[,\\s]+")).filter(w -> !w.isBlank()).toList();
    }

    /** One item per line (references may hold commas and spaces). */
    static List<String> lines(String value) {
        return value == null ? List.of() : value.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The policy object of a register or amend form. */
    static Map<String, Object> policy(Map<String, String> input) {
        return of("quorum", number(input.get("quorum")),
                "publicQuorum", number(input.get("publicQuorum")),
                "rejectionQuorum", number(input.get("rejectionQuorum")),
                "requiredFactors", words(input.get("requiredFactors")),
                "minDaysBetweenPublicStages", number(input.get("minDaysBetweenPublicStages")));
    }
}
