package org.releasegovernance.audit.replay;

import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.releasegovernance.audit.checkpoint.Checkpoints;
import org.releasegovernance.audit.log.LogTable;
import org.releasegovernance.audit.log.LogTables;
import org.releasegovernance.audit.log.NewEntry;
import org.releasegovernance.audit.messaging.TopicConsumers;
import org.releasegovernance.audit.messaging.TopicRecord;
import org.releasegovernance.tlog.CompactRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds the log from the beginning of the topic into a fresh table {@code replay_<id>_entry}, in the topic's order
 * and with the live feed's canonical bytes, and compares the rebuilt root with the live signed
 * checkpoint of the same size. Replays run one at a time in the background; progress is kept in memory while one
 * runs and the outcome in table {@code replay}.
 */
@Service
public class Replays {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);

    private final JdbcTemplate jdbc;
    private final LogTables tables;
    private final TopicConsumers consumers;
    private final Checkpoints checkpoints;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "audit-replay"));
    private final Map<Long, Progress> running = new ConcurrentHashMap<>();

    Replays(JdbcTemplate jdbc, LogTables tables, TopicConsumers consumers, Checkpoints checkpoints) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.consumers = consumers;
        this.checkpoints = checkpoints;
    }

    /** Starts a replay against the latest live checkpoint; returns its id. */
    public long start(String requestedBy) {
        Optional<Checkpoints.SignedCheckpoint> live = checkpoints.latest();
        long liveSize = live.map(Checkpoints.SignedCheckpoint::treeSize).orElse(0L);
        byte[] liveRoot = live.map(Checkpoints.SignedCheckpoint::root).orElse(null);
        Long id = jdbc.queryForObject("insert into replay (status, live_tree_size, live_root_hash) "
                + "values ('RUNNING', ?, ?) returning id", Long.class, liveSize, liveRoot);
        Progress progress = new Progress(id, liveSize, liveRoot);
        running.put(id, progress);
        log.info("replay {} requested by {} against live tree size {}", id, requestedBy, liveSize);
        runOnceCommitted(progress);
        return id;
    }

    /**
     * A request with an {@code Idempotency-Key} runs in a transaction that commits after this method returns: the
     * replay starts once its row is committed (it updates that row when done), and not at all if the row is rolled
     * back.
     */
    private void runOnceCommitted(Progress progress) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            executor.submit(() -> run(progress));
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    executor.submit(() -> run(progress));
                } else {
                    running.remove(progress.id);
                }
            }
        });
    }

    /** A replay's progress or outcome. */
    public Optional<ReplayStatus> status(long id) {
        Progress progress = running.get(id);
        if (progress != null) {
            return Optional.of(progress.status());
        }
        return jdbc.query("select * from replay where id = ?", (row, n) -> new ReplayStatus(id,
                row.getString("status"), row.getLong("entries"), null, null, null, null,
                row.getLong("live_tree_size"), base64(row.getBytes("live_root_hash")),
                base64(row.getBytes("rebuilt_root")), (Boolean) row.getObject("root_matches"),
                row.getString("failure"), "replay_" + id + "_entry"), id).stream().findFirst();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    private void run(Progress progress) {
        try {
            rebuild(progress, tables.createReplay(progress.id));
            boolean matches = progress.liveSize == 0 || Arrays.equals(progress.rootAtLiveSize, progress.liveRoot);
            progress.matches = progress.tree.size() >= progress.liveSize && matches;
            jdbc.update("update replay set status = 'COMPLETED', finished_at = now(), entries = ?, rebuilt_root = ?, "
                    + "root_matches = ? where id = ?", progress.tree.size(), progress.rootAtLiveSize,
                    progress.matches, progress.id);
            log.info("replay {} rebuilt {} entries; root at live size {} {} the live checkpoint", progress.id,
                    progress.tree.size(), progress.liveSize, progress.matches ? "equals" : "DIFFERS FROM");
        } catch (RuntimeException e) {
            log.warn("replay {} failed: {}", progress.id, e.toString());
            jdbc.update("update replay set status = 'FAILED', finished_at = now(), entries = ?, failure = ? "
                    + "where id = ?", progress.tree.size(), e.toString(), progress.id);
        } finally {
            running.remove(progress.id);
        }
    }

    private void rebuild(Progress progress, LogTable table) {
        try (KafkaConsumer<String, byte[]> kafka = consumers.create(false)) {
            Optional<TopicPartition> found = consumers.partition(kafka);
            if (found.isEmpty()) {
                return;
            }
            TopicPartition partition = found.get();
            kafka.assign(List.of(partition));
            kafka.seekToBeginning(List.of(partition));
            // records published after the start are not replayed: the replay ends at the topic's end at its start
            long target = kafka.endOffsets(List.of(partition)).get(partition);
            progress.recordsTotal = target - kafka.position(partition);
            while (kafka.position(partition) < target) {
                List<NewEntry> readable = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    if (record.offset() < target) {
                        progress.recordsRead++;
                        TopicRecord read = TopicRecord.read(record);
                        if (read.isReadable()) {
                            readable.add(read.newEntry());
                        }
                    }
                }
                // a re-published event appears again later in the topic: the table appends it once, like the live log
                table.append(readable, progress.tree, tree -> {
                    if (tree.size() == progress.liveSize) {
                        progress.rootAtLiveSize = tree.root();
                    }
                });
            }
        }
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** A running replay, updated by its one thread and read by status requests. */
    private static final class Progress {

        private final long id;
        private final long liveSize;
        private final byte[] liveRoot;
        private final Instant startedAt = Instant.now();
        private final CompactRange tree = CompactRange.empty();
        private volatile long recordsTotal;
        private volatile long recordsRead;
        private volatile byte[] rootAtLiveSize;
        private volatile Boolean matches;

        Progress(long id, long liveSize, byte[] liveRoot) {
            this.id = id;
            this.liveSize = liveSize;
            this.liveRoot = liveRoot;
        }

        ReplayStatus status() {
            double seconds = Math.max(Duration.between(startedAt, Instant.now()).toMillis(), 1) / 1000.0;
            long entries = tree.size();
            double rate = entries / seconds;
            double recordRate = recordsRead / seconds;
            Long eta = recordRate > 0 ? Math.round((recordsTotal - recordsRead) / recordRate) : null;
            return new ReplayStatus(id, "RUNNING", entries, recordsRead, recordsTotal, Math.round(rate), eta,
                    liveSize, base64(liveRoot), base64(rootAtLiveSize), matches, null, "replay_" + id + "_entry");
        }
    }
}
