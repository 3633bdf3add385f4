package org.releasegovernance.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.VoteCast;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** One application context for all notifier tests, with a subscriber's endpoint (WireMock) beside it. */
@SpringBootTest(properties = {
        "notifier.secrets.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "notifier.delivery.poll-interval=100ms",
        "notifier.delivery.backoff=200ms,400ms",
        "notifier.delivery.max-attempts=4",
        "notifier.outbound.allow-loopback=true",
        "notifier.outbound.allowed-hosts=hooks.example.org,example.org,e.org",
        "notifier.mastodon.visibility=unlisted",
        "notifier.mastodon.link=https://governance.example.org/feed.atom",
        "spring.mail.host=127.0.0.1",
        "notifier.email.from=governance@example.org"})
@AutoConfigureMockMvc
@AutoConfigureObservability
@ContextConfiguration(initializers = TestInfrastructure.class)
@Import(PlayedDns.class)
public abstract class NotifierServiceTest {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final String ADMIN = "Bearer demo-subscriber-admin";

    /** Lives as long as the JVM: the cached context may still deliver to it after a test class ends. */
    protected static final WireMockServer RECEIVER = startReceiver();

    /** The SMTP server e-mail subscriptions are sent through; lives as long as the JVM, like the receiver. */
    protected static final TestSmtp SMTP = new TestSmtp();

    @Autowired
    protected MockMvc mvc;

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", SMTP::port);
    }

    private static WireMockServer startReceiver() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }

    /** Subscribes the receiver's {@code path} to events of these types about one release. */
    protected JsonNode subscribe(String path, String releaseId, String... eventTypes) throws Exception {
        String types = String.join("\",\"", eventTypes.length == 0 ? new String[]{"StageReleased"} : eventTypes);
        return JSON.readTree(mvc.perform(post("/api/subscriptions")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"channel":"WEBHOOK","url":"%s%s","eventTypes":["%s"],"releaseIds":["%s"]}"""
                                .formatted(RECEIVER.baseUrl(), path, types, releaseId)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString());
    }

    protected JsonNode deliveryLog(String subscriptionId) throws Exception {
        return JSON.readTree(mvc.perform(get("/api/deliveries").param("subscriptionId", subscriptionId)
                        .header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    protected JsonNode subscription(String subscriptionId) throws Exception {
        return JSON.readTree(mvc.perform(get("/api/subscriptions/{id}", subscriptionId)
                        .header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    /** GPT-2's first stage, from registration to its public release (six events, sequences 0 to 5). */
    protected static List<GovernanceEvent> storyOf(String releaseId) {
        StageProposed proposed = Gpt2.stage117MProposed();
        return List.of(
                new ReleaseRegistered(releaseId, "GPT-2", Gpt2.registered().policy(), Gpt2.CHAIR),
                new StageProposed(releaseId, proposed.stageId(), proposed.parameters(), proposed.access(),
                        proposed.rationale(), proposed.actor()),
                new VoteCast(releaseId, "117M", Gpt2.approves(Gpt2.MEMBER_2, "117M").vote(), "ok", Gpt2.MEMBER_2),
                new VoteCast(releaseId, "117M", Gpt2.approves(Gpt2.MEMBER_3, "117M").vote(), "ok", Gpt2.MEMBER_3),
                new StageApproved(releaseId, "117M", List.of(Gpt2.MEMBER_2, Gpt2.MEMBER_3), 2, Gpt2.MEMBER_3),
                new StageReleased(releaseId, "117M", "GPT-2", 117_000_000L, Access.PUBLIC, "published", Gpt2.CHAIR));
    }

    protected static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
