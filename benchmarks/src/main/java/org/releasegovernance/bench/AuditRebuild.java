package org.releasegovernance.bench;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.VoteCast;
import org.releasegovernance.events.VoteChoice;
import org.releasegovernance.local.LocalSystem;
import org.releasegovernance.local.Service;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 3: a topic filled with N generated governance events (GPT-2-like stories, realistic text), then a fresh
 * audit-service (its own schema, a new consumer group) started on it and timed until its log holds every event.
 * Baseline: a raw kafka-clients consumer reading the same topic and batch-inserting the same rows with JDBC into an
 * identical table.
 */
final class AuditRebuild {

    /**
     * @param verifySeconds   how long {@code GET /api/audit/verify} took over the rebuilt log
     * @param verifierEntries entries the offline verifier checked (the latest checkpoint's size), -1 if it did not run
     * @param verifierSeconds how long the offline verifier's process ran over the export of the rebuilt log
     * @param verifierOutcome its exit status and last line of output
     */
    record Result(long events, double fillSeconds, double startupSeconds, double totalSeconds,
                  double catchUpSeconds, double entriesPerSecond, double rawSeconds, double rawEntriesPerSecond,
                  double ratio, String verification, double peakRssMiB, String chart, double verifySeconds,
                  long verifierEntries, double verifierSeconds, String verifierOutcome) {
    }

    private record Verification(String summary, double verifySeconds) {
    }

    private record OfflineCheck(long entries, double seconds, String outcome) {
    }

    private static final String SCHEMA = "audit_rebuild";
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private final Bench bench;
    private final String run = Bench.runId();

    AuditRebuild(Bench bench) {
        this.bench = bench;
    }

    Result run(int n) throws Exception {
        String bootstrap = bench.system().kafkaBootstrapServers();
        String topic = "bench.rebuild." + run;
        KafkaTools.createTopic(bootstrap, topic, 1);
        Progress.line("scenario 3 audit rebuild: filling %s with %,d events", topic, n);
        long fillStart = System.nanoTime();
        fill(bootstrap, topic, n);
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        dropSchemas();

        Progress.line("scenario 3: a fresh audit-service replays %,d events", n);
        int port = freePort();
        Path log = bench.system().settings().dataDir().resolve("logs").resolve("audit-service-rebuild.log");
        long start = System.nanoTime();
        Process process = launchAudit(port, topic, log);
        List<long[]> samples = new ArrayList<>();
        long healthy = 0;
        long firstEntry = 0;
        long done = 0;
        double peakRss;
        Verification verification;
        OfflineCheck offline;
        try {
            long deadline = start + TIMEOUT.toNanos();
            long lastReport = start;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the rebuilding audit-service exited; see " + log);
                }
                long now = System.nanoTime();
                if (healthy == 0 && bench.http().get("http://localhost:" + port + "/actuator/health", null)
                        .status() == 200) {
                    healthy = now;
                }
                long count = logSize();
                samples.add(new long[] {now - start, count});
                if (count > 0 && firstEntry == 0) {
                    firstEntry = now;
                }
                if (count >= n) {
                    done = now;
                    break;
                }
                if (now - lastReport > 10_000_000_000L) {
                    Progress.line("scenario 3: %,d of %,d entries", count, n);
                    lastReport = now;
                }
                Thread.sleep(100);
            }
            if (done == 0) {
                throw new IllegalStateException("the audit log did not reach " + n + " entries within " + TIMEOUT);
            }
            verification = verify(port, n);
            offline = verifyOffline(port);
            peakRss = DecisionThroughput.round(ProcessMemory.peakRssKiB(process.pid()) / 1024.0);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        double total = (done - start) / 1e9;
        double catchUp = Math.max(0.1, (done - firstEntry) / 1e9);
        double rate = n / catchUp;
        Progress.line("scenario 3: audit-service rebuilt %,d entries in %.1f s (%,.0f entries/s); raw baseline",
                n, total, rate);

        long rawStart = System.nanoTime();
        List<long[]> rawSamples = new ArrayList<>();
        long[] firstBatch = new long[1];
        long rawInserted = rawReplay(bootstrap, topic, n, rawSamples, rawStart, firstBatch);
        long rawDone = System.nanoTime();
        double rawSeconds = Math.max(0.1, (rawDone - firstBatch[0]) / 1e9);
        double rawRate = rawInserted / rawSeconds;
        Progress.line("scenario 3: raw consumer + JDBC batch: %,d rows in %.1f s (%,.0f rows/s)", rawInserted,
                rawSeconds, rawRate);

        Path chart = bench.options().outDir().resolve("scenario-3-audit-rebuild-" + n + ".png");
        Charts.write(chart, "Scenario 3: audit rebuild of " + n + " events from the topic",
                new Charts.Panel("Entries per second over time", Charts.Kind.TIME, "entries/s",
                        List.of(Charts.perSecond("audit-service (from process start)", perSecond(samples)),
                                Charts.perSecond("raw consumer + JDBC batch", perSecond(rawSamples)))),
                new Charts.Panel("Entries per second while replaying", Charts.Kind.BARS, "entries/s",
                        List.of(Charts.values("entries/s", rate, rawRate)),
                        List.of("audit-service", "raw baseline")));
        return new Result(n, DecisionThroughput.round(fillSeconds),
                DecisionThroughput.round(healthy == 0 ? 0 : (healthy - start) / 1e9), DecisionThroughput.round(total),
                DecisionThroughput.round(catchUp), Math.round(rate), DecisionThroughput.round(rawSeconds),
                Math.round(rawRate), DecisionThroughput.round(rate / rawRate), verification.summary(), peakRss,
                chart.getFileName().toString(), verification.verifySeconds(), offline.entries(), offline.seconds(),
                offline.outcome());
    }

    /** Entries per whole second from (elapsed nanos, cumulative count) samples. */
    private static long[] perSecond(List<long[]> samples) {
        if (samples.isEmpty()) {
            return new long[] {0};
        }
        int seconds = (int) (samples.get(samples.size() - 1)[0] / 1_000_000_000L) + 1;
        long[] cumulative = new long[seconds + 1];
        for (long[] sample : samples) {
            int second = (int) (sample[0] / 1_000_000_000L) + 1;
            for (int s = second; s <= seconds; s++) {
                cumulative[s] = Math.max(cumulative[s], sample[1]);
            }
        }
        long[] series = new long[seconds];
        for (int s = 0; s < seconds; s++) {
            series[s] = cumulative[s + 1] - cumulative[s];
        }
        return series;
    }

    private void fill(String bootstrap, String topic, int n) {
        Properties properties = KafkaTools.producer(bootstrap);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(properties)) {
            Instant time = Instant.now().minus(Duration.ofDays(30));
            for (int i = 0; i < n; i++) {
                String releaseId = "rebuild-" + run + "-" + i / ReleaseStory.EVENTS;
                int sequence = i % ReleaseStory.EVENTS;
                EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), time.plusMillis(i), sequence, i + 1L,
                        UUID.randomUUID().toString(), event(releaseId, sequence));
                producer.send(new ProducerRecord<>(topic, releaseId, GovernanceCloudEvents.toCloudEvent(envelope)));
            }
            producer.flush();
        }
    }

    /** The events of a partners-first stage, as in GPT-2's 774M release. */
    private static GovernanceEvent event(String releaseId, int sequence) {
        switch (sequence) {
            case 0:
                return new ReleaseRegistered(releaseId, "GPT-2 benchmark", new Policy(2), "chair");
            case 1:
                return new StageProposed(releaseId, "774M", 774_000_000L, Access.PARTNERS,
                        "Partners working on detection and misuse analysis get the weights first; public release "
                                + "after six months of study", "member-1");
            case 2:
                return new VoteCast(releaseId, "774M", VoteChoice.APPROVE,
                        "Detection research needs the weights; the partner agreements cover misuse reporting",
                        "member-2");
            case 3:
                return new VoteCast(releaseId, "774M", VoteChoice.APPROVE,
                        "Staged access lets us measure misuse before a public release", "member-3");
            case 4:
                return new StageApproved(releaseId, "774M", List.of("member-2", "member-3"), 2, "member-3");
            default:
                return new StageReleased(releaseId, "774M", "GPT-2 benchmark", 774_000_000L, Access.PARTNERS,
                        "Weights shared with the research partners under the release agreement", "chair");
        }
    }

    private Process launchAudit(int port, String topic, Path log) throws IOException {
        Path jar = bench.options().servicesDir().resolve(Service.AUDIT.module()).resolve("target")
                .resolve(Service.AUDIT.jarName(BenchmarkRun.VERSION));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LocalSystem.JVM_OPTIONS);
        command.addAll(List.of(
                "-jar", jar.toString(),
                "--server.address=" + bench.system().settings().bindAddress(),
                "--server.port=" + port,
                "--spring.datasource.url=" + bench.system().jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.hikari.schema=" + SCHEMA,
                "--spring.flyway.schemas=" + SCHEMA,
                "--spring.flyway.default-schema=" + SCHEMA,
                "--spring.kafka.bootstrap-servers=" + bench.system().kafkaBootstrapServers(),
                "--spring.kafka.consumer.group-id=bench-rebuild-" + run,
                "--governance.events.audit-topic=" + topic,
                "--governance.security.demo-tokens=true",
                "--audit.signing.key-file=" + bench.system().settings().dataDir().resolve("audit-signing.key")));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * The rebuilt log holds each event once, the audit API lists a whole release's story, and the service's own
     * verification recomputes every leaf and the root at every signed checkpoint.
     */
    private Verification verify(int port, int n) throws SQLException {
        long distinct = count("(select distinct event_id from " + SCHEMA + ".log_entry) ids");
        int fullReleases = n / ReleaseStory.EVENTS;
        if (fullReleases == 0) {
            return new Verification(distinct + " distinct entries of " + n, -1);
        }
        String releaseId = "rebuild-" + run + "-" + (fullReleases - 1);
        Http.Response response = bench.http().get("http://localhost:" + port + "/api/audit/releases/" + releaseId
                + "/events", "demo-auditor");
        boolean listed = response.status() == 200 && response.body().contains("StageReleased")
                && response.body().contains("ReleaseRegistered");
        long verifyStart = System.nanoTime();
        Http.Response verified = bench.http().get("http://localhost:" + port + "/api/audit/verify", "demo-auditor",
                Duration.ofMinutes(10));
        double verifySeconds = DecisionThroughput.round((System.nanoTime() - verifyStart) / 1e9);
        boolean intact = verified.status() == 200 && verified.body().contains("\"intact\":true");
        Progress.line("scenario 3: GET /api/audit/verify over %,d entries took %.1f s (%s)", n, verifySeconds,
                intact ? "intact" : "NOT intact");
        return new Verification(distinct + " distinct entries of " + n + "; audit API lists release " + releaseId
                + ": " + (listed ? "yes" : "NO (" + response.status() + ")")
                + "; GET /api/audit/verify (every leaf, every signed checkpoint root): "
                + (intact ? "intact" : "NOT INTACT (" + verified.status() + " " + verified.body() + ")")
                + f(" in %.1f s", verifySeconds), verifySeconds);
    }

    /**
     * The auditor's offline check of the rebuilt log: the public key, the latest checkpoint and the export
     * downloaded (not timed), then audit-verifier's runnable jar, as its usage shows ({@code java -jar}, default JVM
     * options), timed from process start to exit.
     */
    private OfflineCheck verifyOffline(int port) throws IOException, InterruptedException {
        String base = "http://localhost:" + port + "/api/audit/";
        Path dir = bench.workDir().resolve("verifier");
        Files.createDirectories(dir);
        Path key = dir.resolve("audit.vkey");
        Path checkpoint = dir.resolve("checkpoint.txt");
        Path export = dir.resolve("log.jsonl");
        Path jar = bench.options().servicesDir().resolve("audit-verifier").resolve("target")
                .resolve("audit-verifier-" + BenchmarkRun.VERSION + "-cli.jar");
        try {
            Http.Response publicKey = bench.http().get(base + "public-key", null);
            Http.Response signed = bench.http().get(base + "checkpoint", "demo-auditor");
            Http.Response exported = bench.http().download(base + "export", "demo-auditor", export,
                    Duration.ofMinutes(10));
            if (publicKey.status() != 200 || signed.status() != 200 || exported.status() != 200
                    || !Files.isRegularFile(jar)) {
                return new OfflineCheck(-1, -1, "not run: public key " + publicKey.status() + ", checkpoint "
                        + signed.status() + ", export " + exported.status() + ", " + jar.getFileName()
                        + (Files.isRegularFile(jar) ? " built" : " missing"));
            }
            Files.writeString(key, new com.fasterxml.jackson.databind.ObjectMapper().readTree(publicKey.body())
                    .get("verifierKey").asText());
            Files.writeString(checkpoint, signed.body());
            long entries = Long.parseLong(signed.body().lines().skip(1).findFirst().orElse("-1").trim());
            Path output = dir.resolve("verifier.out");
            long start = System.nanoTime();
            Process verifier = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "--export", export.toString(), "--checkpoint", checkpoint.toString(),
                    "--key", "@" + key).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean exited = verifier.waitFor(10, TimeUnit.MINUTES);
            double seconds = DecisionThroughput.round((System.nanoTime() - start) / 1e9);
            if (!exited) {
                verifier.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(output);
            String outcome = (exited ? "exit " + verifier.exitValue() : "killed after 10 minutes") + ": "
                    + String.join(" / ", lines.subList(Math.max(0, lines.size() - 2), lines.size()));
            Progress.line("scenario 3: the offline verifier checked %,d entries in %.1f s (%s)", entries, seconds,
                    outcome);
            return new OfflineCheck(entries, seconds, outcome);
        } finally {
            Files.deleteIfExists(export);
        }
    }

    private static String f(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args);
    }

    /** @param firstBatch set to when the first records arrived, as the audit's first entry marks its start */
    private long rawReplay(String bootstrap, String topic, int n, List<long[]> samples, long start,
                           long[] firstBatch) throws SQLException {
        try (Connection connection = bench.jdbc(); Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists bench_raw");
            statement.execute("drop table if exists bench_raw.log_entry");
            statement.execute("create table bench_raw.log_entry (like " + SCHEMA + ".log_entry including all)");
        }
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-rebuild-" + run);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName());
        long inserted = 0;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(properties);
             Connection connection = bench.jdbc();
             PreparedStatement insert = connection.prepareStatement("""
                     insert into bench_raw.log_entry (event_id, log_index, release_id, cloud_event_type, type_name,
                         stage_id, sequence, position, actor, occurred_at, correlation_id, payload, data, leaf,
                         leaf_hash)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                     on conflict (event_id) do nothing""")) {
            connection.setAutoCommit(false);
            consumer.subscribe(List.of(topic));
            while (inserted < n && System.nanoTime() < deadline) {
                int batch = 0;
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(100))) {
                    CloudEvent cloudEvent = record.value();
                    EventEnvelope envelope = GovernanceCloudEvents.fromCloudEvent(cloudEvent);
                    byte[] data = cloudEvent.getData().toBytes();
                    insert.setObject(1, envelope.eventId());
                    insert.setLong(2, inserted + batch);
                    insert.setString(3, envelope.event().releaseId());
                    insert.setString(4, cloudEvent.getType());
                    insert.setString(5, envelope.typeName());
                    insert.setString(6, envelope.stageId().orElse(null));
                    insert.setLong(7, envelope.sequence());
                    insert.setLong(8, envelope.position());
                    insert.setString(9, envelope.event().actor());
                    insert.setTimestamp(10, Timestamp.from(envelope.occurredAt()));
                    insert.setString(11, envelope.correlationId());
                    insert.setString(12, new String(data, StandardCharsets.UTF_8));
                    insert.setBytes(13, data);
                    // the raw line hashes a leaf too (the event data, a little smaller than the canonical entry)
                    insert.setBytes(14, data);
                    insert.setBytes(15, leafHash(data));
                    insert.addBatch();
                    batch++;
                }
                if (batch > 0) {
                    if (firstBatch[0] == 0) {
                        firstBatch[0] = System.nanoTime();
                    }
                    insert.executeBatch();
                    connection.commit();
                    consumer.commitSync();
                    inserted += batch;
                    samples.add(new long[] {System.nanoTime() - start, inserted});
                }
            }
        }
        return inserted;
    }

    private void dropSchemas() throws SQLException {
        try (Connection connection = bench.jdbc(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    /** The rebuilt log's size from its head row: counting a million rows ten times a second would load the test. */
    private long logSize() {
        try (Connection connection = bench.jdbc(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select next_index from " + SCHEMA + ".log_head")) {
            return result.next() ? result.getLong(1) : 0;
        } catch (SQLException e) {
            return 0; // the schema is not there yet
        }
    }

    private long count(String from) {
        try (Connection connection = bench.jdbc(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select count(*) from " + from)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            return 0; // the schema is not there yet
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** RFC 9162 leaf hash: SHA-256(0x00 || leaf). */
    private static byte[] leafHash(byte[] leaf) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((byte) 0);
            return sha256.digest(leaf);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
