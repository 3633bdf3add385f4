package org.releasegovernance.console.audit;

import java.util.List;
import java.util.Map;

/**
 * One line of a release's history as the audit log records it: its place in the log, who did what and when, and
 * why in the actor's own words (the event's rationale, reason, note or summary, whichever it carries).
 */
record TimelineEntry(long logIndex, long sequence, String eventId, String type, String actor, String stageId,
                     String occurredAt, String why) {

    /** The event fields that hold the actor's reason, in the order they are preferred. */
    private static final List<String> REASONS = List.of("rationale", "reason", "note", "summary");

    static TimelineEntry from(Map<String, Object> event) {
        return new TimelineEntry(number(event.get("logIndex")), number(event.get("sequence")),
                text(event.get("eventId")), text(event.get("type")), text(event.get("actor")),
                text(event.get("stageId")), text(event.get("occurredAt")), why(event.get("payload")));
    }

    /** The instant as a person reads it, saying it is UTC: {@code 2019-02-14 17:00:00.123 UTC}. */
    public String when() {
        return occurredAt == null ? null : occurredAt.replace('T', ' ').replaceFirst("Z$", " UTC");
    }

    static List<TimelineEntry> fromEvents(Map<String, Object> releaseEvents) {
        return events(releaseEvents.get("events")).stream().map(TimelineEntry::from).toList();
    }

    static String why(Object payload) {
        if (payload instanceof Map<?, ?> data) {
            for (String field : REASONS) {
                if (data.get(field) instanceof String reason && !reason.isBlank()) {
                    return reason;
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Object events) {
        return events instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : -1;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
