package org.releasegovernance.audit.log;

import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.releasegovernance.audit.Story;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.tlog.CompactRange;
import org.releasegovernance.tlog.Merkle;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A replay rebuilds its table with the live log's append: each event once, the same indexes, the same tree. */
@AuditServiceTest
class LogTableTest {

    @Autowired
    LogTables tables;

    @Test
    void aReplayTableAppendsARepublishedEventOnceAndGrowsTheTreeTheLiveLogWould() {
        List<NewEntry> story = Story.stage117M(Story.uniqueReleaseId()).stream().map(LogTableTest::entry).toList();
        LogTable replay = tables.createReplay(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));
        CompactRange tree = CompactRange.empty();
        List<Long> sizesTold = new ArrayList<>();

        assertThat(replay.append(story.subList(0, 4), tree, grown -> sizesTold.add(grown.size())))
                .containsExactly(Optional.of(0L), Optional.of(1L), Optional.of(2L), Optional.of(3L));
        // the publisher sent events 2 and 3 again after a restart, then went on
        assertThat(replay.append(List.of(story.get(2), story.get(3), story.get(4), story.get(5)), tree))
                .containsExactly(Optional.empty(), Optional.empty(), Optional.of(4L), Optional.of(5L));

        List<byte[]> leafHashes = story.stream().map(entry -> Merkle.leafHash(entry.leaf())).toList();
        assertThat(sizesTold).containsExactly(1L, 2L, 3L, 4L);
        assertThat(tree.root()).isEqualTo(Merkle.root(leafHashes, 6));
        assertThat(replay.leafHashes(6)).containsExactlyElementsOf(leafHashes);
        List<UUID> walked = new ArrayList<>();
        replay.forEachEntry(2, 6, (index, eventId, leaf, leafHash) -> {
            assertThat(index).isEqualTo(walked.size() + 2);
            assertThat(leafHash).isEqualTo(Merkle.leafHash(leaf));
            walked.add(eventId);
        });
        assertThat(walked).containsExactlyElementsOf(story.subList(2, 6).stream()
                .map(entry -> entry.envelope().eventId()).toList());
    }

    private static NewEntry entry(EventEnvelope envelope) {
        CloudEvent cloudEvent = GovernanceCloudEvents.toCloudEvent(envelope);
        return new NewEntry(envelope, cloudEvent.getType(), cloudEvent.getData().toBytes(),
                CanonicalEntry.of(cloudEvent, envelope));
    }
}
