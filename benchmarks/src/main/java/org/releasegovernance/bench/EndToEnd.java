package org.releasegovernance.bench;

import io.cloudevents.CloudEvent;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.local.Service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 2: decisions offered at a fixed rate, open loop (each release's story starts at its scheduled time,
 * whether or not earlier ones are done, so queueing shows). From the HTTP response to a StageReleased, the time until
 * (a) the audit API lists it and (b) the subscriber's endpoint receives the webhook. Baseline: a raw kafka-clients
 * producer to consumer round trip of the same CloudEvent on the same broker, at the same rate.
 */
final class EndToEnd {

    record Rate(int offeredDecisionsPerSecond, double achievedDecisionsPerSecond, long releases, long decisionErrors,
                Latency decision, Latency audit, long auditMissing, Latency webhook, long webhookMissing,
                Latency rawRoundTrip, double auditP99Ratio, double webhookP99Ratio) {
    }

    record Result(List<Rate> rates, String chart, List<String> notes) {
    }

    private static final String SENT_HEADER = "bench-sent-nanos";
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final int MAX_STORIES_IN_FLIGHT = 128;
    private static final Duration MAX_BEHIND = Duration.ofSeconds(10);
    private static final int RAW_SECONDS = 10;

    private final Bench bench;
    private final String run = Bench.runId();
    private static final Pattern EXPORT_LINE = Pattern.compile("^\\{\"index\":(\\d+),.*\"entry\":\"([^\"]+)\"");
    private static final Pattern RELEASED_ENTRY = Pattern.compile("\"source\":\"/releases/([^\"]+)\"");
    private static final String STAGE_RELEASED_TYPE = "\"type\":\"org.releasegovernance.StageReleased.v1\"";
    private final Map<String, Long> releasedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> awaitingAudit = new ConcurrentHashMap<>();
    private final Map<String, Long> awaitingWebhook = new ConcurrentHashMap<>();
    private final Map<String, Long> earlyWebhooks = new ConcurrentHashMap<>();
    private final Map<String, Long> earlyAudit = new ConcurrentHashMap<>();
    private volatile Histogram auditLatency = Latency.histogram();
    private volatile Histogram webhookLatency = Latency.histogram();
    private final List<String> notes = new ArrayList<>();

    EndToEnd(Bench bench) {
        this.bench = bench;
    }

    Result run() throws Exception {
        Progress.line("scenario 2 end to end: subscribing a local webhook receiver");
        List<Rate> rates = new ArrayList<>();
        List<Charts.Series> curves = new ArrayList<>();
        List<Charts.Series> timelines = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver((release, webhookId, at) -> webhookArrived(release, at))) {
            String subscription = receiver.subscribe(bench.http(), bench.url(Service.NOTIFIER));
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread auditPoller = new Thread(() -> pollAudit(polling), "audit-poller");
            auditPoller.start();
            try {
                Progress.line("scenario 2: warm-up at %d decisions/s for %d s", bench.options().rates()[0],
                        bench.options().warmupSeconds());
                offer("w", bench.options().rates()[0], bench.options().warmupSeconds(), new Histogram[1]);
                awaitingAudit.clear();
                awaitingWebhook.clear();
                for (int rate : bench.options().rates()) {
                    if (!bench.awaitPipelineIdle(Duration.ofMinutes(2))) {
                        notes.add(rate + " decisions/s: publisher, audit or notifier was still behind the previous "
                                + "rate after 2 minutes; this rate's latencies include that backlog");
                    }
                    auditLatency = Latency.histogram();
                    webhookLatency = Latency.histogram();
                    Progress.line("scenario 2: %d decisions/s offered for %d s", rate,
                            bench.options().endToEndSeconds());
                    Histogram[] decision = new Histogram[1];
                    Timeline timeline = new Timeline();
                    long[] counts = offer("r" + rate, rate, bench.options().endToEndSeconds(), decision, timeline);
                    long auditMissing = awaitingAudit.size();
                    long webhookMissing = awaitingWebhook.size();
                    awaitingAudit.clear();
                    awaitingWebhook.clear();
                    Progress.line("scenario 2: %d decisions/s, raw Kafka round trip", rate);
                    Histogram raw = rawRoundTrip(rate, Math.min(RAW_SECONDS, bench.options().endToEndSeconds()));
                    Latency audit = Latency.of(auditLatency);
                    Latency webhook = Latency.of(webhookLatency);
                    Latency rawLatency = Latency.of(raw);
                    Rate result = new Rate(rate, DecisionThroughput.round(counts[0] / (counts[2] / 1e9)), counts[1],
                            counts[3], Latency.of(decision[0]), audit, auditMissing, webhook, webhookMissing,
                            rawLatency, ratio(audit.p99(), rawLatency.p99()), ratio(webhook.p99(), rawLatency.p99()));
                    rates.add(result);
                    Progress.line("scenario 2: %d decisions/s: audit p99 %.1f ms, webhook p99 %.1f ms, raw p99 %.1f ms",
                            rate, audit.p99(), webhook.p99(), rawLatency.p99());
                    curves.add(Charts.percentiles("audit @" + rate + "/s", auditLatency));
                    curves.add(Charts.percentiles("webhook @" + rate + "/s", webhookLatency));
                    curves.add(Charts.percentiles("raw Kafka @" + rate + "/s", raw));
                    timelines.add(Charts.perSecond("decisions @" + rate + "/s offered", timeline.series()));
                }
            } finally {
                polling.set(false);
                auditPoller.join();
                // later scenarios release stages too: their webhooks must not go to a receiver that is gone
                bench.http().delete(bench.url(Service.NOTIFIER) + "/api/subscriptions/" + subscription,
                        "demo-subscriber-admin");
            }
        }
        Path chart = bench.options().outDir().resolve("scenario-2-end-to-end.png");
        Charts.write(chart, "Scenario 2: end to end, StageReleased response to audit API and to webhook",
                new Charts.Panel("Latency by percentile", Charts.Kind.PERCENTILES, "ms", curves),
                new Charts.Panel("Decisions per second achieved (open loop)", Charts.Kind.TIME, "decisions/s",
                        timelines));
        return new Result(rates, chart.getFileName().toString(), List.copyOf(notes));
    }

    private long[] offer(String prefix, int rate, int seconds, Histogram[] decision) throws Exception {
        return offer(prefix, rate, seconds, decision, new Timeline());
    }

    /**
     * Starts one release story every {@code 5 / rate} seconds; each story's decisions go one after another.
     *
     * @return decisions taken, releases released, elapsed nanos, errors
     */
    private long[] offer(String prefix, int rate, int seconds, Histogram[] decision, Timeline timeline)
            throws Exception {
        Histogram latency = Latency.histogram();
        decision[0] = latency;
        AtomicLong decisions = new AtomicLong();
        AtomicLong released = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        String base = bench.url(Service.GOVERNANCE);
        long interval = (long) (1e9 * ReleaseStory.DECISIONS / rate);
        int stories = Math.max(1, rate * seconds / ReleaseStory.DECISIONS);
        ExecutorService pool = Executors.newCachedThreadPool();
        Semaphore inFlight = new Semaphore(MAX_STORIES_IN_FLIGHT);
        long start = System.nanoTime();
        for (int k = 0; k < stories; k++) {
            long intended = start + k * interval;
            while (System.nanoTime() < intended) {
                LockSupport.parkNanos(intended - System.nanoTime());
            }
            inFlight.acquire();
            long behind = System.nanoTime() - intended;
            if (behind > MAX_BEHIND.toNanos()) {
                inFlight.release();
                notes.add(String.format(java.util.Locale.ROOT, "%d decisions/s: saturated; %d stories in flight "
                        + "and %.0f s behind schedule after %d of %d stories, so no more were offered (their "
                        + "latencies count from the scheduled start)", rate, MAX_STORIES_IN_FLIGHT, behind / 1e9, k,
                        stories));
                break;
            }
            String releaseId = prefix + run + "-" + k;
            pool.execute(() -> {
                try {
                    story(base, releaseId, intended, latency, decisions, released, errors, timeline);
                } finally {
                    inFlight.release();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - start;
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while ((!awaitingAudit.isEmpty() || !awaitingWebhook.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return new long[] {decisions.get(), released.get(), elapsed, errors.get()};
    }

    /** One release's five decisions, one after another; the first one's latency counts from its scheduled start. */
    private void story(String base, String releaseId, long intended, Histogram latency, AtomicLong decisions,
                       AtomicLong released, AtomicLong errors, Timeline timeline) {
        long from = intended;
        for (int step = 0; step < ReleaseStory.DECISIONS; step++) {
            ReleaseStory.Decision d = ReleaseStory.decision(releaseId, step);
            long sent = System.nanoTime();
            Http.Response response = bench.http().post(base + d.path(), d.token(), d.body());
            long answered = System.nanoTime();
            if (response.status() != d.expectedStatus()) {
                errors.incrementAndGet();
                return;
            }
            latency.recordValue(Math.max(1, (answered - Math.min(from, sent)) / 1000));
            decisions.incrementAndGet();
            timeline.record();
            from = Long.MAX_VALUE;
            if (step == ReleaseStory.RELEASE_DECISION) {
                released.incrementAndGet();
                released(releaseId, answered);
            }
        }
    }

    private void released(String releaseId, long answered) {
        releasedAt.put(releaseId, answered);
        settle(releaseId, answered, earlyAudit, awaitingAudit, auditLatency);
        settle(releaseId, answered, earlyWebhooks, awaitingWebhook, webhookLatency);
    }

    /** Records a latency if the arrival came before the answer, else waits for the arrival. */
    private static void settle(String releaseId, long answered, Map<String, Long> early, Map<String, Long> awaiting,
                               Histogram latency) {
        Long arrived = early.remove(releaseId);
        if (arrived != null) {
            latency.recordValue(Math.max(1, (arrived - answered) / 1000));
        } else {
            awaiting.put(releaseId, answered);
        }
        // an arrival may have come between the two lines above
        arrived = early.remove(releaseId);
        if (arrived != null && awaiting.remove(releaseId) != null) {
            latency.recordValue(Math.max(1, (arrived - answered) / 1000));
        }
    }

    private void arrived(String releaseId, long at, Map<String, Long> early, Map<String, Long> awaiting,
                         Histogram latency) {
        Long answered = awaiting.remove(releaseId);
        if (answered != null) {
            latency.recordValue(Math.max(1, (at - answered) / 1000));
        } else if (!releasedAt.containsKey(releaseId)) {
            early.put(releaseId, at);
        }
    }

    private void webhookArrived(String releaseId, long arrived) {
        arrived(releaseId, arrived, earlyWebhooks, awaitingWebhook, webhookLatency);
    }

    /**
     * Follows the audit log as an auditor's monitor would: about every 5 ms it exports the entries appended since
     * the last look ({@code GET /api/audit/export?from=}) and notes when each StageReleased appears.
     */
    private void pollAudit(AtomicBoolean polling) {
        String export = bench.url(Service.AUDIT) + "/api/audit/export?from=";
        long next = auditTreeSize();
        while (polling.get()) {
            long pass = System.nanoTime();
            Http.Response response = bench.http().get(export + next, "demo-auditor");
            long seen = System.nanoTime();
            if (response.status() == 200) {
                for (String line : response.body().split("\n")) {
                    Matcher entry = EXPORT_LINE.matcher(line);
                    if (!entry.find()) {
                        continue;
                    }
                    next = Long.parseLong(entry.group(1)) + 1;
                    String leaf = new String(Base64.getDecoder().decode(entry.group(2)), StandardCharsets.UTF_8);
                    Matcher released = RELEASED_ENTRY.matcher(leaf);
                    if (leaf.contains(STAGE_RELEASED_TYPE) && released.find()) {
                        arrived(released.group(1), seen, earlyAudit, awaitingAudit, auditLatency);
                    }
                }
            }
            long spent = System.nanoTime() - pass;
            if (spent < 5_000_000L) {
                LockSupport.parkNanos(5_000_000L - spent);
            }
        }
    }

    /** The audit log's size now (the second line of the signed checkpoint), so the monitor starts from there. */
    private long auditTreeSize() {
        Http.Response checkpoint = bench.http().get(bench.url(Service.AUDIT) + "/api/audit/checkpoint",
                "demo-auditor");
        if (checkpoint.status() != 200) {
            return 0;
        }
        return Long.parseLong(checkpoint.body().split("\n")[1].trim());
    }

    /** The same StageReleased CloudEvent, produced and consumed with plain kafka-clients at the same rate. */
    private Histogram rawRoundTrip(int rate, int seconds) throws Exception {
        String bootstrap = bench.system().kafkaBootstrapServers();
        String topic = "bench.roundtrip." + run + "." + rate;
        KafkaTools.createTopic(bootstrap, topic, 1);
        Histogram latency = Latency.histogram();
        int count = Math.max(1, rate * seconds);
        AtomicLong received = new AtomicLong();
        Properties consumerProperties = new Properties();
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-roundtrip-" + run + "-" + rate);
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        AtomicBoolean assigned = new AtomicBoolean();
        Thread consumerThread = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
                while (received.get() < count && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        Header sent = record.headers().lastHeader(SENT_HEADER);
                        latency.recordValue(Math.max(1, (now - ByteBuffer.wrap(sent.value()).getLong()) / 1000));
                        received.incrementAndGet();
                    }
                    if (!consumer.assignment().isEmpty()) {
                        assigned.set(true);
                    }
                }
            }
        }, "raw-consumer");
        consumerThread.start();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!assigned.get() && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(KafkaTools.producer(bootstrap))) {
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long intended = start + i * interval;
                while (System.nanoTime() < intended) {
                    LockSupport.parkNanos(intended - System.nanoTime());
                }
                String releaseId = "raw-" + run + "-" + i;
                ProducerRecord<String, CloudEvent> record = new ProducerRecord<>(topic, releaseId,
                        stageReleased(releaseId, i));
                record.headers().add(SENT_HEADER, ByteBuffer.allocate(8).putLong(intended).array());
                producer.send(record);
            }
            producer.flush();
        }
        consumerThread.join();
        return latency;
    }

    static CloudEvent stageReleased(String releaseId, long position) {
        return GovernanceCloudEvents.toCloudEvent(new EventEnvelope(UUID.randomUUID(), Instant.now(), 5, position,
                UUID.randomUUID().toString(), new StageReleased(releaseId, "774M", "GPT-2 benchmark", 774_000_000L,
                Access.PARTNERS, "Weights shared with the research partners under the release agreement",
                "chair")));
    }

    private static double ratio(double ours, double raw) {
        return raw <= 0 ? 0 : DecisionThroughput.round(ours / raw);
    }
}
