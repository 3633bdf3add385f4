package org.releasegovernance.console.subscriptions;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionFormsTest {

    @Test
    void aWebhookFormBecomesTheApisRequest() {
        WebhookForm form = new WebhookForm(" https://hooks.example.org/r ", "StageReleased, StageApproved", "");

        assertThat(form.request()).isEqualTo(Map.of("channel", "WEBHOOK", "url", "https://hooks.example.org/r",
                "eventTypes", List.of("StageReleased", "StageApproved"), "releaseIds", List.of()));
    }

    @Test
    void aNewWebhookHearsOfReleasesUnlessToldOtherwise() {
        assertThat(WebhookForm.blank().request()).containsEntry("eventTypes", List.of("StageReleased"));
    }

    @Test
    void anEmailFormBecomesTheApisRequestWithAnAddressAndNoUrl() {
        EmailForm form = new EmailForm(" watchers@example.org ", "ReviewReminder, ReviewOverdue", "gpt-2");

        assertThat(form.request()).isEqualTo(Map.of("channel", "EMAIL", "address", "watchers@example.org",
                "eventTypes", List.of("ReviewReminder", "ReviewOverdue"), "releaseIds", List.of("gpt-2")));
    }

    @Test
    void aMastodonFormBecomesTheApisRequest() {
        MastodonForm form = new MastodonForm("https://mastodon.social", "gpt-2", " token ");

        assertThat(form.request()).isEqualTo(Map.of("channel", "MASTODON", "url", "https://mastodon.social",
                "releaseIds", List.of("gpt-2"), "accessToken", "token"));
    }

    @Test
    void aRefusedMastodonFormIsShownAgainWithoutItsToken() {
        MastodonForm form = new MastodonForm("https://mastodon.social", "gpt-2", "s3cret-token");

        assertThat(form.withoutToken()).isEqualTo(new MastodonForm("https://mastodon.social", "gpt-2", null));
        assertThat(form.toString()).doesNotContain("s3cret-token");
    }
}
