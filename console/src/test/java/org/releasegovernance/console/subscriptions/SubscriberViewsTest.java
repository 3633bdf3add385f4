package org.releasegovernance.console.subscriptions;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberViewsTest {

    private final SubscriberViews views = new SubscriberViews();

    @Test
    void timesReadInUtcToTheSecond() {
        assertThat(views.time("2026-11-29T19:43:25.843Z")).isEqualTo("2026-11-29 19:43:25 UTC");
        assertThat(views.time("2026-11-29T20:43:25+01:00")).isEqualTo("2026-11-29 19:43:25 UTC");
        assertThat(views.time(null)).isEqualTo("—");
        assertThat(views.time("soon")).isEqualTo("soon");
    }

    @Test
    void everyStatusHasABadgeColour() {
        assertThat(views.badge("ACTIVE")).isEqualTo("ok");
        assertThat(views.badge("DELIVERED")).isEqualTo("ok");
        assertThat(views.badge("PAUSED")).isEqualTo("warn");
        assertThat(views.badge("PENDING")).isEqualTo("warn");
        assertThat(views.badge("DISABLED")).isEqualTo("bad");
        assertThat(views.badge("DEAD")).isEqualTo("bad");
        assertThat(views.badge("SOMETHING_NEW")).isEqualTo("neutral");
    }

    @Test
    void anAttemptsOutcomeIsItsAnswerOrItsError() {
        assertThat(views.outcome(attempt(204, null))).isEqualTo("HTTP 204");
        assertThat(views.outcome(attempt(503, "Retry-After 30"))).isEqualTo("HTTP 503: Retry-After 30");
        assertThat(views.outcome(attempt(null, "connection refused"))).isEqualTo("connection refused");
        assertThat(views.outcome(attempt(null, null))).isEqualTo("no answer");
    }

    @Test
    void aSubscriptionDeliversToItsAddressForEmailAndToItsUrlOtherwise() {
        Map<String, Object> email = new HashMap<>(Map.of("channel", "EMAIL", "address", "watchers@example.org"));
        email.put("url", null);
        Map<String, Object> webhook = new HashMap<>(Map.of("channel", "WEBHOOK", "url", "https://hooks.example.org/r"));
        webhook.put("address", null);
        Map<String, Object> mastodonBeforeAddresses = Map.of("channel", "MASTODON", "url", "https://mastodon.social");

        assertThat(views.channel(email)).isEqualTo("Email");
        assertThat(views.target(email)).isEqualTo("watchers@example.org");
        assertThat(views.channel(webhook)).isEqualTo("Webhook");
        assertThat(views.target(webhook)).isEqualTo("https://hooks.example.org/r");
        assertThat(views.channel(mastodonBeforeAddresses)).isEqualTo("Mastodon");
        assertThat(views.target(mastodonBeforeAddresses)).isEqualTo("https://mastodon.social");
        assertThat(views.channel(Map.of("channel", "SMS"))).isEqualTo("SMS");
    }

    @Test
    void namesAreListedCommaSeparated() {
        assertThat(views.names(List.of("StageReleased", "StageApproved"))).isEqualTo("StageReleased, StageApproved");
        assertThat(views.names(List.of())).isEmpty();
        assertThat(views.names(null)).isEmpty();
    }

    private static Map<String, Object> attempt(Integer status, String error) {
        Map<String, Object> attempt = new HashMap<>();
        attempt.put("at", "2026-11-29T19:43:25.843Z");
        attempt.put("statusCode", status);
        attempt.put("error", error);
        return attempt;
    }
}
