package org.releasegovernance.notifier.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasegovernance.events.GovernanceJson;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.StageReleased;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * The status posted for a public release (model, stage, access level, parameter count, the note, and a link) or a
 * published review (release, stage, the summary and the review's link), kept under Mastodon's default limit of 500
 * characters by shortening the note or the summary.
 */
final class MastodonStatus {

    static final int MAX_LENGTH = 499;
    private static final String ELLIPSIS = "…";

    private MastodonStatus() {
    }

    static String text(StageReleased released, String link) {
        String head = released.model() + " " + released.stageId() + " released (" + released.access() + "): "
                + NumberFormat.getIntegerInstance(Locale.ROOT).format(released.parameters()) + " parameters.";
        return withinLimit(head, released.note(), link);
    }

    static String text(ReviewPublished published) {
        String head = "Review of " + published.releaseId() + " " + published.stageId() + " published:";
        return withinLimit(head, published.summary(), published.url());
    }

    /** {@code head note link}, the note shortened to what room is left, or left out when there is none. */
    private static String withinLimit(String head, String note, String link) {
        String tail = " " + link;
        String text = note == null ? "" : note.strip();
        int room = MAX_LENGTH - head.length() - tail.length() - 1;
        if (text.isEmpty() || room <= ELLIPSIS.length()) {
            return truncate(head + tail);
        }
        if (text.length() > room) {
            text = text.substring(0, room - ELLIPSIS.length()) + ELLIPSIS;
        }
        return head + " " + text + tail;
    }

    /** The request body of {@code POST /api/v1/statuses}. */
    static String requestBody(StageReleased released, MastodonProperties properties) {
        return requestBody(text(released, properties.link()), properties);
    }

    /** The request body of {@code POST /api/v1/statuses} for a published review. */
    static String requestBody(ReviewPublished published, MastodonProperties properties) {
        return requestBody(text(published), properties);
    }

    private static String requestBody(String status, MastodonProperties properties) {
        ObjectNode body = GovernanceJson.mapper().createObjectNode();
        body.put("status", status);
        body.put("visibility", properties.visibility());
        try {
            return GovernanceJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Mastodon status cannot be written", e);
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
    }
}
