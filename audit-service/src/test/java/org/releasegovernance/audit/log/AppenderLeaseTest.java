package org.releasegovernance.audit.log;

import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.releasegovernance.audit.GovernanceTopic;
import org.releasegovernance.audit.Story;
import org.releasegovernance.audit.log.AppenderLease.AppenderLeaseLost;
import org.releasegovernance.audit.log.AppenderLease.Held;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One appender at a time, fenced: a holder whose lease another instance took can neither append nor sign, and the
 * next holder appends at a later epoch.
 */
@AuditServiceTest
class AppenderLeaseTest {

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void aHolderWhoseExpiredLeaseWasTakenCanNeitherAppendNorSign() {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> events = Story.stage117M(releaseId);
        long checkpoints = checkpoints();
        Held stale;
        SmartLifecycle feed = context.getBean("liveFeed", SmartLifecycle.class);
        feed.stop();
        try {
            AppenderLease paused = lease("paused-instance", Duration.ofSeconds(1));
            AppenderLease successor = lease("successor", Duration.ofSeconds(30));
            stale = paused.tryTake().orElseThrow();
            assertThat(successor.tryTake()).as("a lease that has not expired is not taken").isEmpty();

            await().atMost(Duration.ofSeconds(10)).until(() -> paused.current().expired());
            Held taken = successor.tryTake().orElseThrow();
            assertThat(taken.epoch()).isEqualTo(stale.epoch() + 1);

            List<NewEntry> story = events.stream().map(AppenderLeaseTest::entry).toList();
            long size = auditLog.size();
            long signed = checkpoints();
            assertThatThrownBy(() -> auditLog.append(story, stale))
                    .isInstanceOf(AppenderLeaseLost.class)
                    .hasMessage("audit appender lease lost by paused-instance at epoch " + stale.epoch()
                            + ": now held by successor at epoch " + taken.epoch());
            assertThat(auditLog.size()).isEqualTo(size);
            assertThat(checkpoints()).isEqualTo(signed);
            assertThatThrownBy(() -> paused.renew(stale)).isInstanceOf(AppenderLeaseLost.class);

            successor.release(taken);
        } finally {
            feed.start();
        }
        // the feed takes the lease at a later epoch and appends (the live log holds only what the topic holds, so
        // that a replay of the topic rebuilds it)
        GovernanceTopic.publish(events);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> auditLog.releaseHistory(releaseId).size() == events.size());
        assertThat(checkpoints()).isGreaterThan(checkpoints);
        assertThat(lease("observer", Duration.ofSeconds(1)).current().epoch()).isGreaterThan(stale.epoch() + 1);
    }

    private AppenderLease lease(String instanceId, Duration duration) {
        return new AppenderLease(jdbc, new AppenderProperties(instanceId, duration, Duration.ofMillis(100)));
    }

    private long checkpoints() {
        return jdbc.queryForObject("select count(*) from checkpoint", Long.class);
    }

    private static NewEntry entry(EventEnvelope envelope) {
        CloudEvent cloudEvent = GovernanceCloudEvents.toCloudEvent(envelope);
        return new NewEntry(envelope, cloudEvent.getType(), cloudEvent.getData().toBytes(),
                CanonicalEntry.of(cloudEvent, envelope));
    }
}
