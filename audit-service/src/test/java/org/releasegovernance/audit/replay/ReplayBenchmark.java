package org.releasegovernance.audit.replay;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.GovernanceTopic;
import org.releasegovernance.audit.Story;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.VoteCast;
import org.releasegovernance.events.VoteChoice;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures the replay rate over a log of {@code -Dentries} (default 100,000) events; not part of the build (Surefire
 * runs {@code *Test} classes only). Run it alone:
 * {@code ./mvnw -B -ntp -pl audit-service -am verify -Dtest=ReplayBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * With the live feed stopped, it publishes the events (releases of 1,000 events each) as a backlog, starts the feed
 * and times it catching up (a fresh audit-service on a long-lived topic), then times a replay, prints both rates and
 * checks that the replay rebuilt the live root.
 */
@SpringBootTest(properties = {"logging.level.kafka=WARN", "logging.level.org.apache.kafka=WARN",
        "logging.level.state.change.logger=WARN", "audit.signing.key-file=target/test-data/audit-signing.key",
        // one line per appended event is the service's contract, but 100,000 of them would measure the console
        "logging.level.org.releasegovernance.audit.messaging.LiveFeed=WARN",
        "logging.level.org.releasegovernance.audit.checkpoint.Checkpoints=WARN"})
@ContextConfiguration(initializers = TestInfrastructure.class)
class ReplayBenchmark {

    private static final int PER_RELEASE = 1_000;

    @Autowired
    AuditLog auditLog;

    @Autowired
    Replays replays;

    @Autowired
    @Qualifier("liveFeed")
    SmartLifecycle liveFeed;

    @Test
    void replayRate() {
        int entries = Integer.getInteger("entries", 100_000);
        liveFeed.stop();
        long before = auditLog.size();
        long publishStart = System.nanoTime();
        publish(entries);
        double publishSeconds = seconds(publishStart);

        long liveStart = System.nanoTime();
        liveFeed.start();
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> auditLog.size() >= before + entries);
        double liveSeconds = seconds(liveStart);

        long replayStart = System.nanoTime();
        long id = replays.start("benchmark");
        ReplayStatus outcome = await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> replays.status(id).orElseThrow(), status -> !status.status().equals("RUNNING"));
        double replaySeconds = seconds(replayStart);

        System.out.printf("%nREPLAY BENCHMARK: %d entries published in %.1f s; the live feed, started behind them, "
                        + "appended them in %.1f s = %.0f entries/s; replay rebuilt %d entries in %.1f s = %.0f "
                        + "entries/s; root matches live checkpoint: %s%n%n",
                entries, publishSeconds, liveSeconds, entries / liveSeconds, outcome.entriesDone(), replaySeconds,
                outcome.entriesDone() / replaySeconds, outcome.rootMatches());
        assertThat(outcome.status()).isEqualTo("COMPLETED");
        assertThat(outcome.rootMatches()).isTrue();
        assertThat(outcome.entriesDone()).isEqualTo(before + entries);
    }

    private static void publish(int entries) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, CloudEvent> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new CloudEventSerializer())) {
            for (int release = 0; release * PER_RELEASE < entries; release++) {
                String releaseId = Story.uniqueReleaseId();
                for (int sequence = 0; sequence < PER_RELEASE && release * PER_RELEASE + sequence < entries;
                     sequence++) {
                    var vote = new VoteCast(releaseId, "117M", VoteChoice.APPROVE, "vote " + sequence,
                            "member-" + sequence);
                    producer.send(new ProducerRecord<>(GovernanceTopic.TOPIC, releaseId,
                            GovernanceCloudEvents.toCloudEvent(Story.envelope(vote, sequence, releaseId))));
                }
            }
            producer.flush();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
