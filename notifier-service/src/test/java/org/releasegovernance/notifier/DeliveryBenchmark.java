package org.releasegovernance.notifier;

import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.StageReleased;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Not a test (Surefire does not pick it up by name): measures delivery throughput to a local receiver and the
 * latency from an event's hand-over to Kafka to the webhook's arrival, with the shipped delivery settings. Run:
 * <pre>
 * ./mvnw -B -ntp -pl notifier-service -am verify -Dtest=DeliveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbenchmark.events=2000 -Dbenchmark.subscriptions=10 -Dbenchmark.rate=0
 * </pre>
 * Any {@code -Dnotifier.*} property is passed on to the notifier, e.g. {@code -Dnotifier.delivery.batch-size=200}.
 * {@code benchmark.rate} paces the events (events per second); 0 sends them all at once, which measures throughput
 * (the latency then is mostly time spent waiting in the outbox behind the burst).
 */
class DeliveryBenchmark {

    @Test
    void measure() {
        int events = Integer.getInteger("benchmark.events", 2_000);
        int subscriptions = Integer.getInteger("benchmark.subscriptions", 10);
        int rate = Integer.getInteger("benchmark.rate", 0);
        String name = "notifier_bench_" + UUID.randomUUID().toString().substring(0, 8);
        try (CountingReceiver receiver = new CountingReceiver();
             StandaloneNotifier notifier = StandaloneNotifier.start(name, notifierProperties())) {
            for (int i = 0; i < subscriptions; i++) {
                notifier.subscribe(receiver.url("/subscriber-" + i));
            }
            run(name, receiver, 100, subscriptions, 0);
            receiver.reset();

            Instant start = Instant.now();
            run(name, receiver, events, subscriptions, rate);
            Duration total = Duration.between(start, receiver.lastArrival());
            Duration sending = Duration.between(receiver.firstArrival(), receiver.lastArrival());
            int deliveries = events * subscriptions;
            long recordingMillis = notifier.bean(org.springframework.jdbc.core.simple.JdbcClient.class).sql(
                            "select cast(extract(epoch from max(created_at) - min(created_at)) * 1000 as bigint) "
                                    + "from delivery where created_at >= ?")
                    .param(java.sql.Timestamp.from(start)).query(Long.class).single();
            System.out.printf("""

                    === notifier delivery benchmark: %d events x %d subscriptions = %d webhooks, %s ===
                    first publish to last webhook: %d ms -> %.0f deliveries/s
                    first webhook to last webhook: %d ms -> %.0f deliveries/s
                    consumer recorded all deliveries in %d ms
                    Kafka to webhook latency: p50 %d ms, p99 %d ms, max %d ms
                    duplicates at the receiver: %d

                    """, events, subscriptions, deliveries, rate == 0 ? "one burst" : rate + " events/s",
                    total.toMillis(),
                    deliveries * 1000.0 / total.toMillis(), sending.toMillis(),
                    deliveries * 1000.0 / Math.max(1, sending.toMillis()), recordingMillis,
                    receiver.latencyPercentile(50).toMillis(), receiver.latencyPercentile(99).toMillis(),
                    receiver.latencyPercentile(100).toMillis(), receiver.duplicates());
        }
    }

    /** {@code -Dnotifier.delivery.batch-size=200} and the like reach the notifier under test. */
    private static String[] notifierProperties() {
        return System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("notifier."))
                .map(key -> key + "=" + System.getProperty(key))
                .toArray(String[]::new);
    }

    private static void run(String topic, CountingReceiver receiver, int events, int subscriptions, int rate) {
        List<GovernanceEvent> burst = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            burst.add(new StageReleased("release-" + (i % 50), "stage-" + i, "Model", 117_000_000L, Access.PUBLIC,
                    "benchmark", "chair"));
        }
        GovernanceTopic.publishPaced(topic, burst, rate);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> receiver.distinctWebhooks() >= events * subscriptions);
    }
}
