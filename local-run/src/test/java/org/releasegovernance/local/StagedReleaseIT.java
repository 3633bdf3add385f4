package org.releasegovernance.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton, end to end on real servers: a decision taken through governance-service is stored in the
 * Axon event store, published through Kafka, recorded by audit-service and announced by notifier-service to a
 * subscriber's endpoint with a Standard Webhooks signature and in the public Atom feed.
 */
class StagedReleaseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalSystem system;
    private static WireMockServer subscriber;
    private final Api api = new Api();

    @BeforeAll
    static void startTheSystem() throws IOException {
        subscriber = new WireMockServer(options().dynamicPort());
        subscriber.start();
        subscriber.stubFor(post(urlEqualTo("/hooks/releases")).willReturn(aResponse().withStatus(204)));

        Path dataDir = Files.createTempDirectory("release-governance-it-");
        system = LocalSystem.start(LocalSettings.onFreePorts(dataDir,
                Path.of(System.getProperty("services.dir", "..")).toAbsolutePath().normalize()));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
        if (subscriber != null) {
            subscriber.stop();
        }
    }

    @Test
    void aReleasedStageIsAuditedAndAnnouncedToSubscribers() throws Exception {
        String governance = system.settings().url(Service.GOVERNANCE);
        Api.Response subscription = api.post(system.settings().url(Service.NOTIFIER) + "/api/subscriptions",
                "demo-subscriber-admin", """
                        {"channel":"WEBHOOK","url":"%s/hooks/releases","eventTypes":["StageReleased"]}
                        """.formatted(subscriber.baseUrl()));
        assertThat(subscription.status()).as(subscription.raw()).isEqualTo(201);
        String secret = subscription.body().get("secret").asText();

        expect(201, api.post(governance + "/api/releases", "demo-chair",
                "{\"releaseId\":\"gpt-2\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":2}}"));
        expect(201, api.post(governance + "/api/releases/gpt-2/stages", "demo-member-1", """
                {"stageId":"117M","parameters":117000000,"access":"PUBLIC",
                 "rationale":"Small model; low misuse potential, useful to researchers"}"""));
        expect(202, api.post(governance + "/api/releases/gpt-2/stages/117M/votes", "demo-member-2",
                "{\"vote\":\"APPROVE\",\"rationale\":\"Benefits outweigh the misuse risk\"}"));
        expect(202, api.post(governance + "/api/releases/gpt-2/stages/117M/votes", "demo-member-3",
                "{\"vote\":\"APPROVE\",\"rationale\":\"Detection research needs the weights\"}"));
        expect(202, api.post(governance + "/api/releases/gpt-2/stages/117M/release", "demo-chair",
                "{\"note\":\"Weights and code published\"}"));

        List<String> storedIds = storedEventIds("gpt-2");
        assertThat(storedIds).hasSize(6);

        String auditUrl = system.settings().url(Service.AUDIT) + "/api/audit/releases/gpt-2/events";
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(events(api.get(auditUrl, "demo-auditor"))).hasSize(6));
        List<JsonNode> audited = events(api.get(auditUrl, "demo-auditor"));
        assertThat(audited).extracting(event -> event.get("type").asText()).containsExactly(
                "ReleaseRegistered", "StageProposed", "VoteCast", "VoteCast", "StageApproved", "StageReleased");
        assertThat(audited).extracting(event -> event.get("eventId").asText()).containsExactlyElementsOf(storedIds);
        assertThat(audited).extracting(event -> event.get("actor").asText())
                .containsExactly("chair", "member-1", "member-2", "member-3", "member-3", "chair");

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                subscriber.verify(1, postRequestedFor(urlEqualTo("/hooks/releases"))));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                subscriber.verify(1, postRequestedFor(urlEqualTo("/hooks/releases"))));
        LoggedRequest webhook = subscriber.findAll(postRequestedFor(urlEqualTo("/hooks/releases"))).get(0);
        assertThat(signatureVerifies(webhook, secret)).as("Standard Webhooks signature").isTrue();
        JsonNode body = JSON.readTree(webhook.getBodyAsString());
        assertThat(body.get("type").asText()).isEqualTo("StageReleased");
        assertThat(body.at("/data/stageId").asText()).isEqualTo("117M");
        assertThat(body.at("/data/eventId").asText()).isEqualTo(storedIds.get(5));

        // the public release is in the public Atom feed, read without a token, and an unchanged feed is not resent
        HttpClient anonymous = HttpClient.newHttpClient();
        URI feedUrl = URI.create(system.settings().url(Service.NOTIFIER) + "/feed.atom");
        HttpResponse<String> feed = anonymous.send(HttpRequest.newBuilder(feedUrl).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/atom+xml"));
        assertThat(feed.body()).contains("<title>GPT-2 117M released (PUBLIC)</title>",
                "<id>urn:uuid:" + storedIds.get(5) + "</id>");
        String etag = feed.headers().firstValue("ETag").orElseThrow();
        assertThat(anonymous.send(HttpRequest.newBuilder(feedUrl).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(304);
    }

    /** Standard Webhooks, written from the specification: v1 = base64(HMAC-SHA256(secret, id.timestamp.body)). */
    private static boolean signatureVerifies(LoggedRequest request, String secret) throws Exception {
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + request.getBodyAsString())
                        .getBytes(StandardCharsets.UTF_8)));
        for (String signature : request.getHeader("webhook-signature").split(" ")) {
            if (signature.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> events(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isIn(200, 404);
        List<JsonNode> events = new ArrayList<>();
        if (response.status() == 200) {
            JsonNode array = response.body().isArray() ? response.body() : response.body().get("events");
            array.forEach(events::add);
        }
        return events;
    }

    private static List<String> storedEventIds(String releaseId) throws Exception {
        try (Connection connection = DriverManager.getConnection(system.jdbcUrl(), "postgres", "postgres");
             PreparedStatement query = connection.prepareStatement("select event_identifier from "
                     + "governance.domain_event_entry where aggregate_identifier = ? order by sequence_number")) {
            query.setString(1, releaseId);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    @Test
    void theServicesAcceptingDemoTokensAreReachableFromThisMachineOnly() throws IOException {
        List<InetAddress> networkAddresses = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                Collections.list(network.getInetAddresses()).stream()
                        .filter(address -> !address.isLinkLocalAddress())
                        .forEach(networkAddresses::add);
            }
        }
        assumeThat(networkAddresses).as("a network address besides loopback").isNotEmpty();

        for (Service service : Service.values()) {
            int port = system.settings().port(service);
            try (Socket local = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(local.isConnected()).isTrue();
            }
            for (InetAddress address : networkAddresses) {
                assertThatThrownBy(() -> {
                    try (Socket remote = new Socket()) {
                        remote.connect(new InetSocketAddress(address, port), 2000);
                    }
                }).as("%s on %s:%d", service.module(), address.getHostAddress(), port)
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    private static void expect(int status, Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
    }
}
