package org.releasegovernance.notifier.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegovernance.notifier.StandaloneNotifier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A notifier without {@code spring.mail.host} says so when asked for an EMAIL subscription, and stores nothing. */
class EmailNotConfiguredTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void withoutAnSmtpServerAnEmailSubscriptionIsRefusedWith422AndNothingStored() throws Exception {
        try (StandaloneNotifier notifier = StandaloneNotifier.start("notifier_no_mail")) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(
                            URI.create(notifier.baseUrl() + "/api/subscriptions"))
                    .header("Authorization", "Bearer demo-subscriber-admin")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"channel":"EMAIL","address":"watchers@example.org","eventTypes":["ReviewOverdue"],
                             "releaseIds":["gpt-2"]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = new ObjectMapper().readTree(refused.body());
            assertThat(problem.get("type").asText()).endsWith("/email-not-configured");
            assertThat(problem.get("detail").asText()).contains("spring.mail.host", "nothing was stored");
            HttpResponse<String> all = HTTP.send(HttpRequest.newBuilder(
                            URI.create(notifier.baseUrl() + "/api/subscriptions"))
                    .header("Authorization", "Bearer demo-subscriber-admin").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(all.body()).isEqualTo("[]");
        }
    }
}
