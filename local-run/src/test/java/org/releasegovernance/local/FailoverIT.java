package org.releasegovernance.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.InvalidProof;
import org.releasegovernance.tlog.Merkle;
import org.releasegovernance.tlog.NoteVerifier;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #13: two instances of every service on one PostgreSQL and Kafka, and losing one loses nothing. Committees
 * play release stories at both governance instances (a retry goes to the other instance with the same
 * Idempotency-Key, as behind a load balancer) while one instance of each service is killed with SIGKILL: first the
 * governance instance holding the Kafka publisher's segment, then the audit instance that signed the latest
 * checkpoint, then a notifier instance. One at a time, so that each takeover is measured alone and a slow takeover is
 * pinned on the service that caused it; the load never stops in between.
 * <p>
 * Then every accepted decision must be in the audit log exactly once, every checkpoint either audit instance signed
 * must belong to one history (one root per tree size, each consistent with the latest), every released stage must
 * be announced by exactly one webhook-id, and each takeover must finish within {@link #TAKEOVER_BOUND}. Figures go
 * to {@code target/failover.md}.
 */
class FailoverIT {

    /**
     * A generous bound, from configuration, never a timing target: a consumer killed without leaving its group is
     * noticed after Kafka's session timeout (45 s by default; the notifier's partitions wait that long), and an Axon
     * segment claim after its claim timeout (10 s); twice the longer, for a slow, shared machine.
     */
    static final Duration TAKEOVER_BOUND = Duration.ofSeconds(Long.getLong("failover.takeover-bound-seconds", 90));
    private static final Duration OBSERVE = TAKEOVER_BOUND.plusSeconds(60);
    private static final int CLIENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SIGNED = Pattern.compile("signed checkpoint of tree size (\\d+)");

    private static LocalSystem system;
    private static Receiver receiver;
    private final Api api = new Api();
    private final String prefix = "fo" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

    @BeforeAll
    static void startTwoInstancesOfEachService() throws IOException {
        receiver = new Receiver();
        Path dataDir = Files.createTempDirectory("release-governance-failover-");
        system = LocalSystem.start(LocalSettings.onFreePorts(dataDir,
                Path.of(System.getProperty("services.dir", "..")).toAbsolutePath().normalize()).withConsole(),
                Instances.onFreePorts(2));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void losingOneInstanceOfEachServiceUnderLoadLosesNothing() throws Exception {
        Api.Response subscription = api.post(system.url(Service.NOTIFIER, 0) + "/api/subscriptions",
                "demo-subscriber-admin", "{\"channel\":\"WEBHOOK\",\"url\":\"" + receiver.url()
                        + "\",\"eventTypes\":[\"StageReleased\"]}");
        assertThat(subscription.status()).as(subscription.raw()).isEqualTo(201);

        Map<String, Duration> takeovers = new LinkedHashMap<>();
        Map<String, String> killed = new LinkedHashMap<>();
        Checkpoints checkpoints = new Checkpoints();
        Thread watcher = checkpoints.watch();
        long started = System.nanoTime();
        FailoverLoad load = FailoverLoad.start(instance -> system.url(Service.GOVERNANCE, instance), 2, prefix,
                CLIENTS);
        Signed beforeKills;
        long notifierKilledAt;
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> checkpoints.latest().isPresent());
            Thread.sleep(10_000);
            beforeKills = checkpoints.latest().orElseThrow();

            int publisher = governanceInstanceHoldingThePublisher();
            killed.put("governance", instanceName(Service.GOVERNANCE, publisher));
            system.kill(Service.GOVERNANCE, publisher);
            long governanceKilledAt = System.nanoTime();
            long storedBeforeKill = queryLong("select coalesce(max(global_index), -1) from "
                    + "governance.domain_event_entry");
            takeovers.put("governance publisher", observe(governanceKilledAt, () -> queryLong(
                    "select count(*) from audit.log_entry where event_id in (select event_identifier::uuid from "
                            + "governance.domain_event_entry where global_index > " + storedBeforeKill + ")") > 0));

            int appender = auditInstanceSigningCheckpoints();
            killed.put("audit", instanceName(Service.AUDIT, appender));
            system.kill(Service.AUDIT, appender);
            long auditKilledAt = System.nanoTime();
            long sizeAtKill = queryLong("select next_index from audit.log_head");
            takeovers.put("audit appender", observe(auditKilledAt,
                    () -> queryLong("select next_index from audit.log_head") > sizeAtKill));

            killed.put("notifier", instanceName(Service.NOTIFIER, 0));
            system.kill(Service.NOTIFIER, 0);
            notifierKilledAt = System.nanoTime();
            Thread.sleep(15_000);
        } finally {
            load.close();
        }
        List<FailoverLoad.Taken> taken = load.taken();
        Set<String> releases = new LinkedHashSet<>();
        taken.forEach(decision -> releases.add(decision.releaseId()));
        boolean drained = drain(releases);
        Thread.sleep(3_000);
        checkpoints.stop(watcher);
        takeovers.put("notifier", notifierTakeover(taken, notifierKilledAt));

        Outcome outcome = count(taken, releases, notifierKilledAt);
        ForkCheck fork = checkpoints.check(beforeKills);
        Api.Response verify = api.get(system.url(Service.AUDIT, survivor(Service.AUDIT)) + "/api/audit/verify",
                "demo-auditor");
        boolean intact = verify.status() == 200 && verify.body().path("intact").asBoolean(false);
        writeReport(takeovers, killed, outcome, fork, intact, drained, (System.nanoTime() - started) / 1e9,
                storage());
        // one instance of each service is still down: the console moves on to the other
        Map<String, Integer> console = new LinkedHashMap<>();
        console.put("/releases as demo-chair", consolePage("demo-chair", "/releases"));
        console.put("/audit as demo-auditor", consolePage("demo-auditor", "/audit"));
        console.put("/subscriptions as demo-subscriber-admin", consolePage("demo-subscriber-admin", "/subscriptions"));

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(drained).as("the audit log and the webhooks caught up after the load stopped").isTrue();
        softly.assertThat(outcome.missing).as("accepted decisions missing in the audit log").isEmpty();
        softly.assertThat(outcome.duplicated).as("decisions in the audit log more than once").isEmpty();
        softly.assertThat(outcome.refused).as("retries refused or first requests rejected").isEmpty();
        softly.assertThat(outcome.gaveUp).as("decisions whose client gave up").isZero();
        softly.assertThat(fork.problems).as("checkpoints outside one signed history").isEmpty();
        softly.assertThat(fork.consistencyChecked).as("consistency proofs checked across the kills").isPositive();
        softly.assertThat(intact).as("/api/audit/verify: " + verify.raw()).isTrue();
        softly.assertThat(outcome.webhooksMissing).as("released stages never announced").isEmpty();
        softly.assertThat(outcome.announcedTwice).as("released stages announced under two webhook-ids").isEmpty();
        softly.assertThat(outcome.resentAfterSuccess)
                .as("a webhook-id sent again that was not in flight when its notifier died").isEmpty();
        takeovers.forEach((what, time) -> softly.assertThat(time).as(what + " takeover")
                .isNotNull().isLessThan(TAKEOVER_BOUND));
        console.forEach((page, status) -> softly.assertThat(status)
                .as("the console's %s with one instance of each service killed", page).isEqualTo(200));
        softly.assertAll();
    }

    /** Signs in to the console as a person would (the sign-in form and its CSRF token) and opens a page. */
    private static int consolePage(String token, String path) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        String form = browser.send(HttpRequest.newBuilder(URI.create(system.consoleUrl() + "/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("the console's sign-in form").isTrue();
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(
                        URI.create(system.consoleUrl() + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.uri().getPath().equals("/sign-in")) {
            return signedIn.statusCode() == 200 ? 500 : signedIn.statusCode();
        }
        return browser.send(HttpRequest.newBuilder(URI.create(system.consoleUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * The instance whose Axon node holds the publisher's segment: {@code token_entry.owner} names its process,
     * "pid@host" by Axon's default, "host:pid:random" as governance-service names its node.
     */
    private int governanceInstanceHoldingThePublisher() throws SQLException {
        await().atMost(Duration.ofMinutes(1)).until(() -> publisherOwner().isPresent());
        String owner = publisherOwner().orElseThrow();
        for (int i = 0; i < system.instances().count(); i++) {
            long pid = system.pid(Service.GOVERNANCE, i);
            if (owner.startsWith(pid + "@") || owner.contains(":" + pid + ":")) {
                return i;
            }
        }
        throw new AssertionError("no governance instance holds the publisher's segment; owner " + owner);
    }

    private Optional<String> publisherOwner() throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
                "select owner from governance.token_entry where processor_name = 'kafka-publisher' "
                        + "and owner is not null")) {
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The audit instance that signed the latest checkpoint, by its log ({@code signed checkpoint of tree size N}):
     * the appender. Today both instances read the audit topic and append, one transaction at a time on the log's head
     * row; with an appender lease only the holder signs, and this finds it.
     */
    private int auditInstanceSigningCheckpoints() throws IOException {
        int signer = 0;
        long largest = -1;
        for (int i = 0; i < system.instances().count(); i++) {
            Matcher signed = SIGNED.matcher(Files.readString(system.logFile(Service.AUDIT, i)));
            while (signed.find()) {
                long size = Long.parseLong(signed.group(1));
                if (size > largest) {
                    largest = size;
                    signer = i;
                }
            }
        }
        return signer;
    }

    /** Polls until the takeover shows, at most {@link #OBSERVE}; null if it never did. */
    private static Duration observe(long killedAt, SqlCondition done) throws InterruptedException {
        long deadline = killedAt + OBSERVE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (done.holds()) {
                    return Duration.ofNanos(System.nanoTime() - killedAt);
                }
            } catch (SQLException e) {
                // PostgreSQL is never killed here; a failed reading is read again
            }
            Thread.sleep(100);
        }
        return null;
    }

    /**
     * The longest a release announcement waited because of the kill: for every stage released from 2 s before the
     * kill to 10 s after it, from the later of its acceptance and the kill to its webhook's arrival.
     */
    private static Duration notifierTakeover(List<FailoverLoad.Taken> taken, long killedAt) {
        long longest = 0;
        for (FailoverLoad.Taken decision : taken) {
            if (decision.result() != FailoverLoad.Result.ACCEPTED
                    || !decision.decision().eventType().equals("StageReleased")
                    || decision.answeredAt() < killedAt - 2_000_000_000L
                    || decision.answeredAt() > killedAt + 10_000_000_000L) {
                continue;
            }
            List<Receiver.Arrival> arrivals = receiver.arrivals(decision.releaseId());
            if (arrivals.isEmpty()) {
                return null;
            }
            longest = Math.max(longest, arrivals.get(0).at() - Math.max(killedAt, decision.answeredAt()));
        }
        return Duration.ofNanos(longest);
    }

    private int survivor(Service service) {
        for (int i = 0; i < system.instances().count(); i++) {
            if (system.isRunning(service, i)) {
                return i;
            }
        }
        throw new IllegalStateException("no " + service.module() + " instance is running");
    }

    private String instanceName(Service service, int instance) {
        return system.instanceId(service, instance) + " (pid " + system.pid(service, instance) + ")";
    }

    /** Until the audit log holds every stored event of this test's releases and every release was announced. */
    private boolean drain(Set<String> releases) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                long stored = queryLong("select count(*) from governance.domain_event_entry "
                        + "where aggregate_identifier like '" + prefix + "-%'");
                long released = queryLong("select count(*) from governance.domain_event_entry "
                        + "where aggregate_identifier like '" + prefix + "-%' and payload_type like '%StageReleased'");
                long audited = queryLong("select count(*) from audit.log_entry where release_id like '"
                        + prefix + "-%'");
                long announced = releases.stream().filter(release -> !receiver.arrivals(release).isEmpty()).count();
                if (audited >= stored && announced >= released) {
                    return true;
                }
            } catch (SQLException e) {
                // read again
            }
            Thread.sleep(1_000);
        }
        return false;
    }

    /** What the clients saw against what the audit log and the receiver hold. */
    private Outcome count(List<FailoverLoad.Taken> taken, Set<String> releases, long notifierKilledAt)
            throws SQLException {
        Map<String, List<String[]>> audited = new HashMap<>();
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
                "select release_id, type_name, actor, payload->>'factor' from audit.log_entry "
                        + "where release_id like ?")) {
            query.setString(1, prefix + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    audited.computeIfAbsent(rows.getString(1), r -> new ArrayList<>()).add(new String[] {
                            rows.getString(2), rows.getString(3), rows.getString(4)});
                }
            }
        }
        Outcome outcome = new Outcome();
        outcome.decisions = taken.size();
        for (FailoverLoad.Taken decision : taken) {
            long stored = audited.getOrDefault(decision.releaseId(), List.of()).stream()
                    .filter(e -> decision.decision().storedAs(e[0], e[1], e[2])).count();
            outcome.retried += decision.attempts() > 1 ? 1 : 0;
            switch (decision.result()) {
                case ACCEPTED -> {
                    outcome.accepted++;
                    if (stored == 0) {
                        outcome.missing.add(describe(decision));
                    }
                }
                case REFUSED_RETRY, REJECTED -> outcome.refused.add(describe(decision));
                case GAVE_UP -> outcome.gaveUp++;
            }
            if (stored > 1) {
                outcome.duplicated.add(stored + " × " + describe(decision));
            }
        }
        for (String release : releases) {
            boolean released = audited.getOrDefault(release, List.of()).stream()
                    .anyMatch(e -> e[0].equals("StageReleased"));
            if (!released) {
                continue;
            }
            outcome.released++;
            List<Receiver.Arrival> arrivals = receiver.arrivals(release);
            Set<String> ids = new LinkedHashSet<>();
            arrivals.forEach(arrival -> ids.add(arrival.webhookId()));
            if (arrivals.isEmpty()) {
                outcome.webhooksMissing.add(release);
            } else if (ids.size() > 1) {
                outcome.announcedTwice.add(release + " " + ids);
            } else if (arrivals.size() > 1) {
                outcome.resent++;
                // the one resend the design allows: sent before the notifier died, not recorded, sent again after
                boolean inFlightAtKill = arrivals.get(0).at() < notifierKilledAt
                        && arrivals.get(1).at() > notifierKilledAt;
                if (!inFlightAtKill || arrivals.size() > 2) {
                    outcome.resentAfterSuccess.add(release + " " + arrivals.size() + " × " + ids);
                }
            }
        }
        return outcome;
    }

    private static String describe(FailoverLoad.Taken decision) {
        return decision.releaseId() + " " + decision.decision().label() + " after " + decision.attempts()
                + " request(s) from instance " + decision.firstInstance() + ", last answer " + decision.status()
                + (decision.problem() == null ? "" : " " + decision.problem());
    }

    private static final class Outcome {
        long decisions;
        long accepted;
        long retried;
        long gaveUp;
        long released;
        long resent;
        final List<String> missing = new ArrayList<>();
        final List<String> duplicated = new ArrayList<>();
        final List<String> refused = new ArrayList<>();
        final List<String> webhooksMissing = new ArrayList<>();
        final List<String> announcedTwice = new ArrayList<>();
        final List<String> resentAfterSuccess = new ArrayList<>();
    }

    private void writeReport(Map<String, Duration> takeovers, Map<String, String> killed, Outcome outcome,
                             ForkCheck fork, boolean intact, boolean drained, double seconds, String storage)
            throws IOException {
        StringBuilder md = new StringBuilder("# Failover (FailoverIT)\n\n");
        md.append(String.format("Run of %s, %.0f s; two instances of each service, %d committees at both governance "
                        + "instances; %d processors.%n%n", Instant.now(), seconds, CLIENTS,
                Runtime.getRuntime().availableProcessors()));
        md.append("| killed (SIGKILL) | instance | takeover | bound |\n|---|---|---|---|\n");
        killed.forEach((service, instance) -> {
            String key = takeovers.keySet().stream().filter(k -> k.startsWith(service)).findFirst().orElseThrow();
            Duration time = takeovers.get(key);
            md.append(String.format("| %s | %s | %s | %d s |%n", key, instance,
                    time == null ? "none within " + OBSERVE.toSeconds() + " s" : String.format("%.1f s",
                            time.toMillis() / 1000.0), TAKEOVER_BOUND.toSeconds()));
        });
        md.append("\nTakeover: governance publisher = from the kill until an event stored after it is in the audit "
                + "log; audit appender = until the audit log grows again; notifier = the longest a stage released "
                + "from 2 s before to 10 s after the kill waited for its webhook after the kill.\n\n");
        md.append("| figure | count | must be |\n|---|---|---|\n");
        row(md, "decisions taken / accepted / sent more than once", outcome.decisions + " / " + outcome.accepted
                + " / " + outcome.retried, "");
        row(md, "accepted, missing in audit", outcome.missing.size(), "0");
        row(md, "in the audit log more than once", outcome.duplicated.size(), "0");
        row(md, "retries refused or first requests rejected", outcome.refused.size(), "0");
        row(md, "gave up", outcome.gaveUp, "0");
        row(md, "released stages / never announced", outcome.released + " / " + outcome.webhooksMissing.size(),
                "0 never announced");
        row(md, "announced under two webhook-ids", outcome.announcedTwice.size(), "0");
        row(md, "same webhook-id again (in flight at the notifier kill)", outcome.resent, "");
        row(md, "same webhook-id again, not in flight at the kill", outcome.resentAfterSuccess.size(), "0");
        row(md, "checkpoints seen / tree sizes / consistency proofs checked", fork.seen + " / " + fork.sizes + " / "
                + fork.consistencyChecked, "");
        row(md, "checkpoints outside one history", fork.problems.size(), "0");
        row(md, "/api/audit/verify", intact ? "intact" : "NOT intact", "intact");
        row(md, "caught up after the load", drained ? "yes" : "no", "yes");
        List<String> examples = new ArrayList<>();
        for (Collection<String> list : List.of(outcome.missing, outcome.duplicated, outcome.refused,
                outcome.webhooksMissing, outcome.announcedTwice, outcome.resentAfterSuccess, fork.problems)) {
            list.stream().limit(5).forEach(examples::add);
        }
        if (!examples.isEmpty()) {
            md.append("\nExamples:\n\n");
            examples.forEach(example -> md.append("- ").append(example).append('\n'));
        }
        md.append(storage);
        Path report = Path.of("target", "failover.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, md.toString());
        System.out.println(md);
    }

    /**
     * What PostgreSQL holds after the run, per table, and per stored event (the figure operations.md scales from):
     * every table of the three schemas with its rows and {@code pg_total_relation_size} (data, indexes, TOAST).
     */
    private static String storage() throws SQLException {
        StringBuilder md = new StringBuilder("\n## PostgreSQL after the run\n\n");
        try (Connection db = database()) {
            long events = queryLong("select count(*) from governance.domain_event_entry");
            md.append("Events in the event store: ").append(events).append(". Bytes per event = table size / events.")
                    .append("\n\n| table | rows | bytes | bytes per event |\n|---|---|---|---|\n");
            List<String> tables = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement("select schemaname || '.' || relname from "
                    + "pg_stat_user_tables where schemaname in ('governance', 'audit', 'notifier') order by 1");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            long totalBytes = 0;
            for (String table : tables) {
                long count = queryLong("select count(*) from " + table);
                long bytes = queryLong("select pg_total_relation_size('" + table + "')");
                totalBytes += bytes;
                md.append(String.format("| %s | %d | %d | %.0f |%n", table, count, bytes,
                        events == 0 ? 0.0 : (double) bytes / events));
            }
            md.append(String.format("| all | | %d | %.0f |%n", totalBytes, events == 0 ? 0.0
                    : (double) totalBytes / events));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String figure, Object count, String mustBe) {
        md.append("| ").append(figure).append(" | ").append(count).append(" | ").append(mustBe).append(" |\n");
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(system.jdbcUrl(), "postgres", "postgres");
    }

    private static long queryLong(String sql) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @FunctionalInterface
    private interface SqlCondition {
        boolean holds() throws SQLException;
    }

    /** A signed checkpoint as one audit instance served it. */
    private record Signed(long size, String root, String note, int instance) {
    }

    private record ForkCheck(int seen, int sizes, int consistencyChecked, List<String> problems) {
    }

    /**
     * What a monitor of the log would do (as Certificate Transparency's gossip does): read the latest signed
     * checkpoint of every audit instance twice a second, then check that all of them are one history.
     */
    private final class Checkpoints {

        private final List<Signed> seen = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean watching = new AtomicBoolean(true);

        Thread watch() {
            Thread thread = new Thread(() -> {
                while (watching.get()) {
                    for (int i = 0; i < system.instances().count(); i++) {
                        read(i);
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "checkpoint-watcher");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        void stop(Thread watcher) throws InterruptedException {
            for (int i = 0; i < system.instances().count(); i++) {
                if (system.isRunning(Service.AUDIT, i)) {
                    read(i);
                }
            }
            watching.set(false);
            watcher.join();
        }

        private void read(int instance) {
            if (!system.isRunning(Service.AUDIT, instance)) {
                return;
            }
            try {
                String note = api.getText(system.url(Service.AUDIT, instance) + "/api/audit/checkpoint",
                        "demo-auditor");
                Checkpoint body = Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1));
                seen.add(new Signed(body.size(), Base64.getEncoder().encodeToString(body.root()), note, instance));
            } catch (RuntimeException e) {
                // an instance being killed, or no checkpoint yet
            }
        }

        Optional<Signed> latest() {
            synchronized (seen) {
                return seen.stream().max((a, b) -> Long.compare(a.size(), b.size()));
            }
        }

        ForkCheck check(Signed beforeKills) {
            List<String> problems = new ArrayList<>();
            Set<String> keys = new LinkedHashSet<>();
            for (int i = 0; i < system.instances().count(); i++) {
                if (system.isRunning(Service.AUDIT, i)) {
                    keys.add(api.get(system.url(Service.AUDIT, i) + "/api/audit/public-key", "demo-auditor")
                            .body().path("verifierKey").asText());
                }
            }
            if (keys.size() != 1) {
                problems.add("the audit instances serve " + keys.size() + " verifier keys: " + keys);
            }
            NoteVerifier verifier = NoteVerifier.parse(keys.iterator().next());
            List<Signed> all = List.copyOf(seen);
            Map<Long, Set<String>> rootsBySize = new TreeMap<>();
            Map<Long, Signed> bySize = new TreeMap<>();
            for (Signed signed : all) {
                try {
                    Checkpoint.open(signed.note(), verifier.name(), verifier);
                } catch (IllegalArgumentException e) {
                    problems.add("checkpoint of size " + signed.size() + " from instance " + signed.instance()
                            + ": " + e.getMessage());
                }
                rootsBySize.computeIfAbsent(signed.size(), s -> new LinkedHashSet<>()).add(signed.root());
                bySize.putIfAbsent(signed.size(), signed);
            }
            rootsBySize.forEach((size, roots) -> {
                if (roots.size() > 1) {
                    problems.add("tree size " + size + " signed with " + roots.size() + " roots: " + roots);
                }
            });
            Signed latest = bySize.values().stream().reduce((a, b) -> b).orElseThrow();
            List<Signed> toCheck = new ArrayList<>();
            toCheck.add(beforeKills);
            List<Signed> sizes = new ArrayList<>(bySize.values());
            int step = Math.max(1, sizes.size() / 40);
            for (int i = 0; i < sizes.size(); i += step) {
                toCheck.add(sizes.get(i));
            }
            int checked = 0;
            String audit = system.url(Service.AUDIT, survivor(Service.AUDIT));
            for (Signed old : toCheck) {
                if (old.size() >= latest.size()) {
                    continue;
                }
                Api.Response proof = api.get(audit + "/api/audit/proofs/consistency?from=" + old.size() + "&to="
                        + latest.size(), "demo-auditor");
                if (proof.status() != 200) {
                    problems.add("no consistency proof from " + old.size() + " to " + latest.size() + ": "
                            + proof.raw());
                    continue;
                }
                List<byte[]> hashes = new ArrayList<>();
                proof.body().path("hashes").forEach(hash -> hashes.add(Base64.getDecoder().decode(hash.asText())));
                try {
                    Merkle.verifyConsistency(old.size(), latest.size(), Base64.getDecoder().decode(old.root()),
                            Base64.getDecoder().decode(latest.root()), hashes);
                    checked++;
                } catch (InvalidProof e) {
                    problems.add("the tree of size " + old.size() + " (instance " + old.instance() + ") is not a "
                            + "prefix of the latest, size " + latest.size() + ": " + e.getMessage());
                }
            }
            return new ForkCheck(all.size(), rootsBySize.size(), checked, problems);
        }
    }

    /** The subscriber: answers 204 and keeps each announcement's webhook-id and arrival, by release. */
    private static final class Receiver implements AutoCloseable {

        record Arrival(String webhookId, long at) {
        }

        private final Map<String, List<Arrival>> byRelease = new ConcurrentHashMap<>();
        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
            server.createContext("/hooks/releases", exchange -> {
                long at = System.nanoTime();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                JsonNode event = JSON.readTree(body);
                byRelease.computeIfAbsent(event.at("/data/releaseId").asText(),
                                release -> Collections.synchronizedList(new ArrayList<>()))
                        .add(new Arrival(exchange.getRequestHeaders().getFirst("webhook-id"), at));
            });
            server.setExecutor(executor);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/releases";
        }

        List<Arrival> arrivals(String releaseId) {
            List<Arrival> arrivals = byRelease.get(releaseId);
            if (arrivals == null) {
                return List.of();
            }
            synchronized (arrivals) {
                return arrivals.stream().sorted(Comparator.comparingLong(Arrival::at)).toList();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
