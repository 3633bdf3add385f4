package org.releasegovernance.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.infra.PostgresServer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away while a batch's webhooks are in flight: the receiver answers 200, but the notifier cannot
 * record it. The notifier holds what it sent and records it once the database is back, instead of sending it again.
 * Only a notifier that stops before the database is back forgets, and says which webhooks it will send again.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageTest {

    private static final int EVENTS = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final GatedReceiver receiver = new GatedReceiver();
    private PostgresServer postgres; // null while it is down
    private int port;

    @BeforeEach
    void startPostgres() {
        postgres = PostgresServer.start(0, dataDir);
        port = postgres.port();
    }

    @AfterEach
    void stopEverything() {
        receiver.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void whatWasSentDuringAnOutageIsRecordedAfterwardsNotSentAgain() throws Exception {
        try (StandaloneNotifier notifier = StandaloneNotifier.startOn(postgres.jdbcUrl(), "notifier_outage",
                "notifier.delivery.poll-interval=50ms")) {
            sendABatchWhilePostgresGoesAway(notifier, "notifier_outage");
            postgres = PostgresServer.start(port, dataDir);

            JdbcClient jdbc = notifier.bean(JdbcClient.class);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                    count(jdbc, "select count(*) from delivery where status = 'DELIVERED'") == EVENTS);
            assertThat(receiver.duplicates()).as("webhook ids received more than once").isZero();
            assertThat(receiver.requests()).isEqualTo(EVENTS);
            assertThat(receiver.distinctWebhooks()).isEqualTo(EVENTS);
            assertThat(count(jdbc, "select count(*) from delivery where attempts = 1")).isEqualTo(EVENTS);
            assertThat(count(jdbc, "select count(*) from delivery_attempt where status_code = 200"))
                    .as("one attempt logged per delivery").isEqualTo(EVENTS);
            assertThat(count(jdbc, "select count(*) from delivery_attempt")).isEqualTo(EVENTS);
            assertThat(unsettled(notifier)).isZero();
        }
    }

    @Test
    void aNotifierStoppedDuringTheOutageNamesTheWebhooksItWillSendAgain(CapturedOutput output) throws Exception {
        String name = "notifier_outage_stop";
        // the next instance sends them again once the first one's claim has expired
        StandaloneNotifier first = StandaloneNotifier.startOn(postgres.jdbcUrl(), name,
                "notifier.delivery.poll-interval=50ms", "spring.datasource.hikari.connection-timeout=1000",
                "notifier.delivery.claim-duration=15s");
        try {
            sendABatchWhilePostgresGoesAway(first, name);
            await().atMost(PATIENCE).until(() -> unsettled(first) == EVENTS);
        } finally {
            first.close();
        }
        assertThat(output.getOut()).contains("stopping with the outcomes of " + EVENTS + " attempts not stored");
        assertThat(receiver.webhookIds()).hasSize(EVENTS).allSatisfy(webhookId ->
                assertThat(output.getOut()).contains(webhookId));

        postgres = PostgresServer.start(port, dataDir);
        try (StandaloneNotifier second = StandaloneNotifier.startOn(postgres.jdbcUrl(), name,
                "notifier.delivery.poll-interval=50ms")) {
            JdbcClient jdbc = second.bean(JdbcClient.class);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                    count(jdbc, "select count(*) from delivery where status = 'DELIVERED'") == EVENTS);
            assertThat(receiver.requests()).as("each sent again, with the same webhook id").isEqualTo(2 * EVENTS);
            assertThat(receiver.duplicates()).isEqualTo(EVENTS);
        }
    }

    /**
     * Queues {@link #EVENTS} deliveries to the receiver, lets one batch take them all, stops PostgreSQL while the
     * receiver holds every request, then lets the receiver answer 200 to all of them.
     */
    private void sendABatchWhilePostgresGoesAway(StandaloneNotifier notifier, String topic) throws Exception {
        JdbcClient jdbc = notifier.bean(JdbcClient.class);
        UUID subscription = UUID.fromString(JSON.readTree(notifier.subscribe(receiver.url("/hooks")))
                .get("id").asText());
        // paused while the deliveries queue up, so that one batch takes them all
        jdbc.sql("update subscription set status = 'PAUSED' where id = ?").param(subscription).update();
        GovernanceTopic.publishBurst(topic, releases());
        await().atMost(PATIENCE).until(() -> count(jdbc, "select count(*) from delivery") == EVENTS);
        jdbc.sql("update subscription set status = 'ACTIVE' where id = ?").param(subscription).update();
        await().atMost(PATIENCE).until(() -> receiver.requests() == EVENTS);

        postgres.close();
        postgres = null;
        receiver.open();
        await().atMost(PATIENCE).until(() -> receiver.answered() == EVENTS);
    }

    private static double unsettled(StandaloneNotifier notifier) {
        return notifier.bean(MeterRegistry.class).get("notifier.deliveries.unsettled").gauge().value();
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static List<GovernanceEvent> releases() {
        List<GovernanceEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(new StageReleased("release-" + i, "stage-" + i, "Model " + i, 117_000_000L, Access.PUBLIC,
                    "outage", "chair"));
        }
        return events;
    }
}
