package org.releasegovernance.console.subscriptions;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;

/**
 * How the subscriber pages word the API's values ({@code ${@subscriberViews.time(d.nextAttemptAt)}}): times in
 * UTC to the second, a status's badge colour (the status itself is always written out), an attempt's outcome, a
 * subscription's channel and where it delivers.
 */
@Component("subscriberViews")
public class SubscriberViews {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** An ISO-8601 instant as {@code 2026-11-29 19:40:12 UTC}; a value that is no instant as it is; none as —. */
    public String time(Object iso) {
        if (iso == null || iso.toString().isBlank()) {
            return "—";
        }
        try {
            return TIME.format(Instant.parse(iso.toString()));
        } catch (DateTimeParseException e) {
            return iso.toString();
        }
    }

    /** The badge class for a subscription's or a delivery's status. */
    public String badge(Object status) {
        return switch (String.valueOf(status)) {
            case "ACTIVE", "DELIVERED" -> "ok";
            case "PAUSED", "PENDING" -> "warn";
            case "DISABLED", "DEAD" -> "bad";
            default -> "neutral";
        };
    }

    /** One attempt's outcome: the receiver's HTTP status, the error, or both. */
    public String outcome(Map<String, Object> attempt) {
        Object status = attempt.get("statusCode");
        Object error = attempt.get("error");
        boolean hasError = error != null && !error.toString().isBlank();
        if (status == null) {
            return hasError ? error.toString() : "no answer";
        }
        return "HTTP " + status + (hasError ? ": " + error : "");
    }

    /** A subscription's channel in words (Webhook, Mastodon, Email); a channel this console does not know, as named. */
    public String channel(Map<String, Object> subscription) {
        Object channel = subscription.get("channel");
        return switch (String.valueOf(channel)) {
            case "WEBHOOK" -> "Webhook";
            case "MASTODON" -> "Mastodon";
            case "EMAIL" -> "Email";
            default -> channel == null ? "Webhook" : channel.toString();
        };
    }

    /** Where a subscription delivers: the email address for EMAIL, the receiver's or instance's URL otherwise. */
    public String target(Map<String, Object> subscription) {
        Object target = "EMAIL".equals(subscription.get("channel")) ? subscription.get("address")
                : subscription.get("url");
        return target == null ? "" : target.toString();
    }

    /** A list of names, comma-separated; empty for none (the template words what an empty filter means). */
    public String names(Object names) {
        if (names instanceof Collection<?> list && !list.isEmpty()) {
            return String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return "";
    }
}
