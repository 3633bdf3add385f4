package org.releasegovernance.notifier.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.GovernanceJson;
import org.releasegovernance.events.PartnerAccessExpired;
import org.releasegovernance.events.PartnerAccessExpiring;
import org.releasegovernance.events.ReviewOverdue;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.ReviewReminder;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.notifier.outbound.WebLinks;
import org.springframework.web.util.HtmlUtils;

import java.util.Iterator;
import java.util.Map;

/**
 * The notifier's own message for one event: a one-line subject, and the same facts as plain text and as HTML. Every
 * event value is text here: stripped of line breaks and control characters in the subject (so it cannot add a
 * header), HTML-escaped in the HTML part, and a link only when it is an http(s) URL.
 *
 * @param subject one line, at most {@value #MAX_SUBJECT} characters
 * @param text    the text/plain part
 * @param html    the text/html part
 */
public record EmailNotification(String subject, String text, String html) {

    static final int MAX_SUBJECT = 200;
    private static final String ELLIPSIS = "…";

    /**
     * Writes the message for an event.
     *
     * @param announcements where releases are announced (the Atom feed the Mastodon statuses link to)
     */
    public static EmailNotification of(EventEnvelope envelope, String announcements) {
        GovernanceEvent event = envelope.event();
        String reviewUrl = event instanceof ReviewPublished published ? published.url() : null;
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
        String subject = subjectLine(headline(event, envelope.typeName()));
        text.append(subject).append("\n\n");
        html.append("<h1>").append(escape(subject)).append("</h1>\n<table>\n");
        for (Iterator<Map.Entry<String, JsonNode>> fields = GovernanceJson.mapper().valueToTree(event).fields();
             fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                continue;
            }
            fact(text, html, field.getKey(), field.getValue().isValueNode() ? field.getValue().asText()
                    : field.getValue().toString());
        }
        fact(text, html, "occurredAt", envelope.occurredAt().toString());
        fact(text, html, "eventId", envelope.eventId().toString());
        html.append("</table>\n");
        text.append('\n');
        if (WebLinks.isWebLink(reviewUrl)) {
            text.append("The review: ").append(reviewUrl).append('\n');
            html.append("<p>The review: ").append(link(reviewUrl)).append("</p>\n");
        }
        text.append("Release announcements: ").append(announcements).append('\n');
        html.append("<p>Release announcements: ").append(link(announcements)).append("</p>\n");
        text.append("\nYou receive this because a subscription of the release governance notifier names this "
                + "address.\n");
        html.append("<p><small>You receive this because a subscription of the release governance notifier names "
                + "this address.</small></p>\n</body></html>\n");
        return new EmailNotification(subject, text.toString(), html.toString());
    }

    /** One {@code name: value} line of the text part and one row of the HTML part's table. */
    private static void fact(StringBuilder text, StringBuilder html, String name, String value) {
        String line = oneLine(value);
        text.append(name).append(": ").append(line).append('\n');
        html.append("<tr><th align=\"left\">").append(escape(name)).append("</th><td>").append(escape(line))
                .append("</td></tr>\n");
    }

    /** The stored form of a message, in the delivery outbox. */
    public String toJson() {
        try {
            return GovernanceJson.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an e-mail notification cannot be written", e);
        }
    }

    public static EmailNotification fromJson(String json) {
        try {
            return GovernanceJson.mapper().readValue(json, EmailNotification.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored e-mail notification cannot be read", e);
        }
    }

    private static String headline(GovernanceEvent event, String typeName) {
        String where = " (" + event.releaseId() + stageOf(event) + ")";
        if (event instanceof ReviewOverdue overdue) {
            return "Review overdue: " + overdue.title() + where;
        }
        if (event instanceof ReviewReminder reminder) {
            return "Review due " + reminder.dueAt() + ": " + reminder.title() + where;
        }
        if (event instanceof ReviewPublished published) {
            return "Review published: " + published.summary() + where;
        }
        if (event instanceof StageReleased released) {
            return "Released: " + released.model() + " " + released.stageId() + " (" + released.access() + ", "
                    + released.releaseId() + ")";
        }
        if (event instanceof PartnerAccessExpiring expiring) {
            return "Partner access expiring " + expiring.expiresAt() + ": " + expiring.partner() + where;
        }
        if (event instanceof PartnerAccessExpired expired) {
            return "Partner access expired: " + expired.partner() + where;
        }
        return typeName + where;
    }

    private static String stageOf(GovernanceEvent event) {
        JsonNode stageId = GovernanceJson.mapper().valueToTree(event).get("stageId");
        return stageId == null || stageId.isNull() ? "" : " " + stageId.asText();
    }

    /** One line without control characters, at most {@value #MAX_SUBJECT} characters. */
    static String subjectLine(String text) {
        String line = oneLine(text);
        return line.length() <= MAX_SUBJECT ? line
                : line.substring(0, MAX_SUBJECT - ELLIPSIS.length()).strip() + ELLIPSIS;
    }

    /** Control characters, line and paragraph separators and runs of whitespace become one space. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\p{Cf}\\s]+", " ").strip();
    }


    private static String link(String url) {
        return WebLinks.isWebLink(url) ? "<a href=\"" + escape(url) + "\">" + escape(url) + "</a>" : escape(url);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
