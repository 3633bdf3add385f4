package org.releasegovernance.audit.messaging;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Puts the records of a multi-partition topic back into the publisher's global position order, the same on every
 * read of the topic. It relies on how governance-service publishes: one sender, in position order, each record
 * acknowledged before the next is sent. So once a record with position p has arrived, every record with a smaller
 * position is already in some partition below that partition's end offset as fetched after p arrived; when the
 * reader has consumed every partition up to those end offsets (the barrier), it holds all of them and can release
 * everything up to p in position order. Not thread-safe: one reader.
 */
public final class PositionOrder {

    private final NavigableMap<Long, List<TopicRecord>> buffered = new TreeMap<>();
    private final Deque<Barrier> barriers = new ArrayDeque<>();

    /**
     * Buffers events just polled.
     *
     * @param records    the readable events of the poll
     * @param endOffsets every partition's end offset, fetched after the poll returned
     */
    public void add(List<TopicRecord> records, Map<TopicPartition, Long> endOffsets) {
        if (records.isEmpty()) {
            return;
        }
        long highest = Long.MIN_VALUE;
        for (TopicRecord record : records) {
            buffered.computeIfAbsent(record.position(), position -> new ArrayList<>()).add(record);
            highest = Math.max(highest, record.position());
        }
        barriers.addLast(new Barrier(Map.copyOf(endOffsets), highest));
    }

    /**
     * The buffered events that can now be appended, in position order.
     *
     * @param consumed each partition's consumer position (the next offset it will read)
     */
    public List<TopicRecord> release(Map<TopicPartition, Long> consumed) {
        long releasable = Long.MIN_VALUE;
        while (!barriers.isEmpty() && barriers.peekFirst().reachedBy(consumed)) {
            releasable = Math.max(releasable, barriers.removeFirst().highestPosition());
        }
        List<TopicRecord> released = new ArrayList<>();
        NavigableMap<Long, List<TopicRecord>> ready = buffered.headMap(releasable, true);
        ready.values().forEach(released::addAll);
        ready.clear();
        return released;
    }

    /** Whether events wait for their barrier. */
    public boolean isEmpty() {
        return buffered.isEmpty();
    }

    /**
     * The offsets that can be committed: nothing at or after a record still buffered.
     *
     * @param consumed each partition's consumer position
     */
    public Map<TopicPartition, Long> committable(Map<TopicPartition, Long> consumed) {
        Map<TopicPartition, Long> offsets = new HashMap<>(consumed);
        for (List<TopicRecord> records : buffered.values()) {
            for (TopicRecord record : records) {
                offsets.merge(record.partition(), record.record().offset(), Math::min);
            }
        }
        return offsets;
    }

    private record Barrier(Map<TopicPartition, Long> endOffsets, long highestPosition) {

        boolean reachedBy(Map<TopicPartition, Long> consumed) {
            return endOffsets.entrySet().stream()
                    .allMatch(end -> consumed.getOrDefault(end.getKey(), 0L) >= end.getValue());
        }
    }
}
