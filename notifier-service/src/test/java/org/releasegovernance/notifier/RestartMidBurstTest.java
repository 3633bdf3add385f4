package org.releasegovernance.notifier;

import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.StageReleased;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A notifier restarted in the middle of a burst of 1,000 events to 10 subscriptions still delivers every
 * (event, subscription) exactly once, counted at the receiver. The restart is a graceful stop (what SIGTERM does):
 * the batch in flight is finished and recorded before the process ends. After a crash the batch in flight would be
 * sent again with the same webhook-id, for the receiver to de-duplicate.
 */
class RestartMidBurstTest {

    private static final int EVENTS = 1_000;
    private static final int SUBSCRIPTIONS = 10;

    @Test
    void everyEventReachesEverySubscriptionExactlyOnceAcrossARestart() throws Exception {
        String name = "notifier_restart";
        try (CountingReceiver receiver = new CountingReceiver()) {
            StandaloneNotifier first = StandaloneNotifier.start(name, "notifier.delivery.poll-interval=50ms");
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                first.subscribe(receiver.url("/subscriber-" + i));
            }
            CompletableFuture<Void> burst = CompletableFuture.runAsync(() ->
                    GovernanceTopic.publishBurst(name, releases()));

            await().atMost(Duration.ofSeconds(120)).until(() -> receiver.requests() >= EVENTS * SUBSCRIPTIONS / 5);
            first.close();
            int deliveredBeforeRestart = receiver.requests();

            try (StandaloneNotifier second = StandaloneNotifier.start(name, "notifier.delivery.poll-interval=50ms")) {
                burst.get();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        receiver.distinctWebhooks() == EVENTS * SUBSCRIPTIONS);
                JdbcClient jdbc = second.bean(JdbcClient.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select count(*) from delivery where status <> 'DELIVERED'").query(Long.class).single() == 0);

                assertThat(deliveredBeforeRestart).isLessThan(EVENTS * SUBSCRIPTIONS);
                assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single())
                        .isEqualTo(EVENTS * SUBSCRIPTIONS);
                assertThat(receiver.duplicates()).as("webhook ids received more than once").isZero();
                assertThat(receiver.requests()).isEqualTo(EVENTS * SUBSCRIPTIONS);
            }
        }
    }

    private static List<GovernanceEvent> releases() {
        List<GovernanceEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(new StageReleased("release-" + (i % 25), "stage-" + i, "Model " + (i % 25), 117_000_000L,
                    Access.PUBLIC, "burst", "chair"));
        }
        return events;
    }
}
