package org.releasegovernance.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What text and numbers an event may carry: the I-JSON profile (RFC 7493) of the event data, tightened by one
 * character, so that every hop stores an accepted event unchanged. The API refuses anything else with 400 naming the
 * field; a consumer that still meets such a value (an older producer, a hand-made record) refuses it loudly instead
 * of storing something else.
 * <ul>
 * <li><b>Text</b> is well-formed Unicode: a sequence of scalar values, so a UTF-16 surrogate must be part of a pair
 * (RFC 7493 §2.1). A lone surrogate has no UTF-8 form: the audit log's canonical bytes would hold {@code ?} instead,
 * and PostgreSQL's {@code jsonb} refuses the {@code \ud800} escape Jackson writes for it.</li>
 * <li>Text holds no <b>noncharacter</b> (U+FDD0..U+FDEF and the last two code points of every plane, RFC 7493
 * §2.1): they are reserved for a process's internal use, never for interchange.</li>
 * <li>Text holds no <b>U+0000</b>: PostgreSQL {@code text} and {@code jsonb}, where the audit log and the
 * notifier keep events, cannot store it. (RFC 7493 allows it; this contract does not.)</li>
 * <li><b>Integers</b> lie within ±(2<sup>53</sup>−1) (RFC 7493 §2.2): beyond, an IEEE 754 double — the number of the
 * JSON Canonicalization Scheme (RFC 8785) the audit log's leaves use, and of the auditor's browser — cannot hold
 * them exactly. Event data holds no other numbers.</li>
 * <li><b>Instants</b> lie in the years 0001 to 9999: the range of RFC 3339 timestamps, of PostgreSQL's
 * {@code timestamptz} output and of JavaScript's {@code Date} parsing of four-digit years, so every reader of an event
 * prints and parses its instants alike.</li>
 * </ul>
 */
public final class EventValues {

    /** The largest integer an event may carry, 2<sup>53</sup>−1 (JavaScript's {@code Number.MAX_SAFE_INTEGER}). */
    public static final long MAX_INTEGER = (1L << 53) - 1;
    /** The smallest integer an event may carry, −(2<sup>53</sup>−1). */
    public static final long MIN_INTEGER = -MAX_INTEGER;
    /** The text rule, as an API names it in a refusal. */
    public static final String TEXT_RULE =
            "must be well-formed Unicode text without U+0000, lone surrogates or noncharacters (I-JSON, RFC 7493)";
    /** The integer rule, as an API names it in a refusal. */
    public static final String INTEGER_RULE =
            "must be an integer between -(2^53-1) and 2^53-1 (I-JSON, RFC 7493)";

    /** The earliest instant an event may carry, the first instant of year 1. */
    public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest instant an event may carry, the last instant of year 9999. */
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** The instant rule, as an API names it in a refusal. */
    public static final String INSTANT_RULE = "must be an instant in the years 0001 to 9999 (RFC 3339)";
    /** Release, stage and review ids: what the governance API issues, and so all a consumer may filter on. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    public static final String ID_RULE = "must be 1-64 letters, digits, '.', '_' or '-'";

    private EventValues() {
    }

    /** Whether text may be carried by an event; {@code null} (an absent value) may. */
    public static boolean isAllowedText(String text) {
        return textProblem(text).isEmpty();
    }

    /** What breaks the text rule, naming the first offending code point and its UTF-16 index; empty if nothing. */
    public static Optional<String> textProblem(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (codePoint == 0) {
                return Optional.of("holds U+0000 at index " + i);
            }
            // codePointAt returns a surrogate itself only when it is not part of a pair
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                return Optional.of("holds a lone surrogate " + hex(codePoint) + " at index " + i);
            }
            if (isNoncharacter(codePoint)) {
                return Optional.of("holds the noncharacter " + hex(codePoint) + " at index " + i);
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    /** Whether an integer may be carried by an event. */
    public static boolean isAllowedInteger(long value) {
        return value >= MIN_INTEGER && value <= MAX_INTEGER;
    }

    /** Whether an instant may be carried by an event; {@code null} (an absent value) may. */
    public static boolean isAllowedInstant(Instant instant) {
        return instant == null || (!instant.isBefore(MIN_INSTANT) && !instant.isAfter(MAX_INSTANT));
    }

    /**
     * What in an event's JSON data breaks the rules, naming the field's JSON Pointer; empty if nothing. Checks field
     * names and string values against the text rule and every number against the integer rule.
     */
    public static Optional<String> problemIn(JsonNode data) {
        return problemIn(data, "");
    }

    private static Optional<String> problemIn(JsonNode node, String pointer) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = pointer + "/" + field.getKey();
                Optional<String> name = textProblem(field.getKey()).map(problem -> "field name " + problem);
                Optional<String> found = name.isPresent() ? name : problemIn(field.getValue(), at);
                if (found.isPresent()) {
                    return name.isPresent() ? Optional.of(at + ": " + name.get()) : found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = problemIn(node.get(i), pointer + "/" + i);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isTextual()) {
            return textProblem(node.textValue()).map(problem -> pointer + ": text " + problem);
        } else if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || !isAllowedInteger(node.longValue())) {
                return Optional.of(pointer + ": integer " + node + " is beyond ±(2^53-1)");
            }
        } else if (node.isNumber()) {
            return Optional.of(pointer + ": " + node + " is not an integer");
        }
        return Optional.empty();
    }

    private static boolean isNoncharacter(int codePoint) {
        return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
    }

    private static String hex(int codePoint) {
        return String.format("U+%04X", codePoint);
    }
}
