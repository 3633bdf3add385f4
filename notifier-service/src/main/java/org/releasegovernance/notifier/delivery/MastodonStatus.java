package org.releasegovernance.notifier.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasegovernance.events.GovernanceJson;
import org.releasegovernance.events.StageReleased;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * The status posted for a public release: model, stage, access level, parameter count, the note, and a link,
 * kept under Mastodon's default limit of 500 characters by shortening the note.
 */
final class MastodonStatus {

    static final int MAX_LENGTH = 499;
    private static final String ELLIPSIS = "…";

    private MastodonStatus() {
    }

    static String text(StageReleased released, String link) {
        String head = released.model() + " " + released.stageId() + " released (" + released.access() + "): "
                + NumberFormat.getIntegerInstance(Locale.ROOT).format(released.parameters()) + " parameters.";
        String tail = " " + link;
        String note = released.note() == null ? "" : released.note().strip();
        int room = MAX_LENGTH - head.length() - tail.length() - 1;
        if (note.isEmpty() || room <= ELLIPSIS.length()) {
            return truncate(head + tail);
        }
        if (note.length() > room) {
            note = note.substring(0, room - ELLIPSIS.length()) + ELLIPSIS;
        }
        return head + " " + note + tail;
    }

    /** The request body of {@code POST /api/v1/statuses}. */
    static String requestBody(StageReleased released, MastodonProperties properties) {
        ObjectNode body = GovernanceJson.mapper().createObjectNode();
        body.put("status", text(released, properties.link()));
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
