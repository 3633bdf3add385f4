package org.releasegovernance.notifier;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.notifier.delivery.DeliveryProperties;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two notifier instances on one PostgreSQL and Kafka: they share the topic's partitions and the outbox, each
 * delivery is sent by one of them, the Atom feed reads the same from both, and the deliveries an instance had in
 * flight when it died are sent by the other, with the same webhook-id, once its claim has expired, and never again
 * once a success is stored.
 */
class TwoNotifiersTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Test
    void twoInstancesShareTheWorkAndDeliverEachWebhookOnce() throws Exception {
        String name = "notifier_two_" + UUID.randomUUID().toString().substring(0, 8);
        int events = 400;
        try (CountingReceiver receiver = new CountingReceiver();
             StandaloneNotifier one = StandaloneNotifier.start(name, "notifier.delivery.poll-interval=50ms",
                     "notifier.delivery.batch-size=10");
             StandaloneNotifier two = StandaloneNotifier.start(name, "notifier.delivery.poll-interval=50ms",
                     "notifier.delivery.batch-size=10")) {
            one.subscribe(receiver.url("/hooks"));

            GovernanceTopic.publishBurst(name, releases(events));

            await().atMost(PATIENCE).until(() -> receiver.distinctWebhooks() == events);
            JdbcClient jdbc = two.bean(JdbcClient.class);
            await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from delivery where status = 'DELIVERED'")
                    .query(Long.class).single() == events);
            assertThat(receiver.duplicates()).as("webhook ids received more than once").isZero();
            assertThat(receiver.requests()).isEqualTo(events);
            assertThat(delivered(one)).as("sent by the first instance").isPositive();
            assertThat(delivered(two)).as("sent by the second instance").isPositive();
            assertThat(delivered(one) + delivered(two)).isEqualTo(events);

            HttpResponse<String> feedOne = feed(one);
            HttpResponse<String> feedTwo = feed(two);
            assertThat(feedOne.body()).contains("<entry>").isEqualTo(feedTwo.body());
            assertThat(feedOne.headers().firstValue("ETag")).isEqualTo(feedTwo.headers().firstValue("ETag"));
        }
    }

    @Test
    void theDeliveriesInFlightOnAnInstanceThatDiesAreSentByTheOtherWithTheSameWebhookIds() throws Exception {
        String name = "notifier_takeover_" + UUID.randomUUID().toString().substring(0, 8);
        int events = 20;
        Duration claim = Duration.ofSeconds(6);
        String[] settings = {"notifier.delivery.poll-interval=50ms", "notifier.delivery.batch-size=10",
                "notifier.delivery.request-timeout=5s", "notifier.delivery.claim-duration=" + claim.toMillis() + "ms",
                "spring.datasource.hikari.allow-pool-suspension=true"};
        try (GatedReceiver receiver = new GatedReceiver();
             StandaloneNotifier dying = StandaloneNotifier.start(name, settings);
             StandaloneNotifier survivor = StandaloneNotifier.start(name, settings)) {
            dying.subscribe(receiver.url("/hooks"));
            // the deliveries wait, paused, then each instance claims a batch and holds it in flight at the receiver
            JdbcClient jdbc = survivor.bean(JdbcClient.class);
            jdbc.sql("update subscription set status = 'PAUSED'").update();
            GovernanceTopic.publishBurst(name, releases(events));
            await().atMost(PATIENCE).until(() -> count(jdbc, "select count(*) from delivery") == events);
            jdbc.sql("update subscription set status = 'ACTIVE'").update();
            await().atMost(PATIENCE).until(() -> receiver.requests() == events);
            long inFlightOnDying = jdbc.sql("select count(*) from delivery where claimed_by = ?")
                    .param(dying.bean(DeliveryProperties.class).instanceId()).query(Long.class).single();
            assertThat(inFlightOnDying).as("claimed by each instance").isPositive().isLessThan(events);

            // one instance dies with its requests answered but their outcomes not stored: its database calls hang
            HikariDataSource dyingDatabase = dying.bean(HikariDataSource.class);
            dyingDatabase.getHikariPoolMXBean().suspendPool();
            long diedAt = System.nanoTime();
            receiver.open();

            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                    .until(() -> receiver.requests() == events + inFlightOnDying);
            Duration takeover = Duration.ofNanos(System.nanoTime() - diedAt);
            System.out.printf("NOTIFIER TAKEOVER: %d deliveries in flight on the dead instance sent again by the "
                    + "other %d ms after it died (claim-duration %d ms)%n", inFlightOnDying, takeover.toMillis(),
                    claim.toMillis());
            assertThat(takeover).isLessThan(claim.plusSeconds(3));
            await().atMost(PATIENCE).until(() -> count(jdbc,
                    "select count(*) from delivery where status = 'DELIVERED'") == events);
            assertThat(receiver.distinctWebhooks()).isEqualTo(events);
            assertThat(receiver.duplicates()).as("sent again with the same webhook-id").isEqualTo(inFlightOnDying);

            // the dead instance's late outcomes change nothing, and a stored success is never sent again
            dyingDatabase.getHikariPoolMXBean().resumePool();
            dying.close();
            await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                    .until(() -> receiver.requests() == events + inFlightOnDying);
            assertThat(count(jdbc, "select count(*) from delivery_attempt")).as("one attempt logged per delivery")
                    .isEqualTo(events);
            assertThat(count(jdbc, "select count(*) from delivery where attempts = 1 and claimed_by is null"))
                    .isEqualTo(events);
        }
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static double delivered(StandaloneNotifier notifier) {
        return notifier.bean(MeterRegistry.class).find("notifier.deliveries.attempts").tag("outcome", "DELIVERED")
                .counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    private static HttpResponse<String> feed(StandaloneNotifier notifier) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(notifier.baseUrl() + "/feed.atom"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<GovernanceEvent> releases(int count) {
        List<GovernanceEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new StageReleased("release-" + (i % 25), "stage-" + i, "Model " + (i % 25), 117_000_000L,
                    Access.PUBLIC, "two instances", "chair"));
        }
        return events;
    }
}
