package org.releasegovernance.console.committee;

import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Problem;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A form's {@code datetime-local} value read as UTC (the labels say so) and written as the API's instants with
 * milliseconds, e.g. {@code 2019-02-14T17:00} becomes {@code 2019-02-14T17:00:00.000Z}.
 */
final class UtcTimes {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private UtcTimes() {
    }

    /** The instant of a form value, {@code null} for an empty one; a value that is no date-time is refused. */
    static String instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atOffset(ZoneOffset.UTC).format(INSTANT);
        } catch (DateTimeParseException e) {
            String detail = "'" + value.strip() + "' is not a date and time such as 2019-02-14T17:00 (UTC).";
            throw new ApiRefusal(new Problem("about:blank", "Not a date and time", 400, detail,
                    List.of(new Problem.FieldError(field, "date-time", detail)), List.of()));
        }
    }
}
