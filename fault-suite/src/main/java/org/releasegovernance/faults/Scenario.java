package org.releasegovernance.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegovernance.bench.Http;
import org.releasegovernance.bench.Progress;
import org.releasegovernance.local.LocalSystem;
import org.releasegovernance.local.Service;
import org.releasegovernance.local.Story;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One fault under load: the stories run for a while, the fault is injected and undone, the stories go on, then the
 * load stops, the pipeline is given time to catch up, and every decision a client saw accepted is looked for in the
 * audit log (exactly once) and every release in the log among the webhooks (exactly once).
 */
final class Scenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXAMPLES = 12;

    private final FaultOptions options;
    private final LocalSystem system;
    private final Http http;
    private final Map<String, List<String>> webhooks;
    private final String runId;

    /** @param webhooks the webhook-ids the receiver got, by release */
    Scenario(FaultOptions options, LocalSystem system, Http http, Map<String, List<String>> webhooks, String runId) {
        this.options = options;
        this.system = system;
        this.http = http;
        this.webhooks = webhooks;
        this.runId = runId;
    }

    Findings run(Fault fault) throws Exception {
        String prefix = "f" + runId + "-" + fault.id();
        List<String> governance = new ArrayList<>();
        for (int instance = 0; instance < system.instances().count(); instance++) {
            governance.add(system.url(Service.GOVERNANCE, instance));
        }
        RetryingClient client = new RetryingClient(http, governance, options.patience());
        Progress.line("%s: %d committees playing stories for %d s", fault.id(), options.clients(),
                options.before().toSeconds());
        StoryLoad load = StoryLoad.start(client, prefix, options.clients());
        long restoreStart;
        long restored;
        try {
            Thread.sleep(options.before().toMillis());
            Progress.line("%s: %s", fault.id(), fault.description());
            fault.inject(system, options.outage());
            restoreStart = System.nanoTime();
            fault.restore(system);
            restored = System.nanoTime();
            Progress.line("%s: back up after %.1f s; load goes on for %d s", fault.id(),
                    (restored - restoreStart) / 1e9, options.after().toSeconds());
            Thread.sleep(options.after().toMillis());
        } finally {
            load.close();
        }
        long stopped = System.nanoTime();
        Progress.line("%s: load stopped; waiting for the audit log and the webhooks (at most %d s)", fault.id(),
                options.drain().toSeconds());
        boolean drained = awaitDrain(prefix, options.drain());
        double drainSeconds = round((System.nanoTime() - stopped) / 1e9);
        return check(fault, load.taken(), restoreStart, restored, drained, drainSeconds);
    }

    private Findings check(Fault fault, List<StoryLoad.Taken> taken, long restoreStart, long restored,
                           boolean drained, double drainSeconds) throws IOException {
        Set<String> releases = new LinkedHashSet<>();
        taken.forEach(decision -> releases.add(decision.releaseId()));
        Map<String, JsonNode> audited = new TreeMap<>();
        for (String release : releases) {
            audited.put(release, auditedEvents(release));
        }
        long accepted = 0;
        long retried = 0;
        long missing = 0;
        long duplicated = 0;
        long refusedRetries = 0;
        long rejected = 0;
        long gaveUp = 0;
        long unacknowledged = 0;
        Long firstAfterRestore = null;
        Map<String, Long> refusals = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        for (StoryLoad.Taken decision : taken) {
            RetryingClient.Outcome outcome = decision.outcome();
            long stored = storedEvents(audited.get(decision.releaseId()), decision.decision());
            retried += outcome.attempts() > 1 ? 1 : 0;
            switch (outcome.result()) {
                case ACCEPTED -> {
                    accepted++;
                    if (outcome.answeredAt() >= restoreStart && (firstAfterRestore == null
                            || outcome.answeredAt() < firstAfterRestore)) {
                        firstAfterRestore = outcome.answeredAt();
                    }
                    if (stored == 0) {
                        missing++;
                        example(examples, "accepted but not in the audit log", decision);
                    }
                }
                case REFUSED_RETRY -> {
                    refusedRetries++;
                    refusals.merge(refusal("retry", decision), 1L, Long::sum);
                    example(examples, "retry refused", decision);
                }
                case REJECTED -> {
                    rejected++;
                    refusals.merge(refusal("first request", decision), 1L, Long::sum);
                    example(examples, "first request refused", decision);
                }
                case GAVE_UP -> {
                    gaveUp++;
                    example(examples, "gave up", decision);
                }
            }
            if (outcome.result() != RetryingClient.Result.ACCEPTED && stored > 0) {
                unacknowledged++;
            }
            if (stored > 1) {
                duplicated += stored - 1;
                example(examples, stored + " audit entries for one decision", decision);
            }
        }
        long announced = 0;
        long webhooksMissing = 0;
        long twice = 0;
        long redelivered = 0;
        for (Map.Entry<String, JsonNode> release : audited.entrySet()) {
            if (!hasReleasedStage(release.getValue())) {
                continue;
            }
            announced++;
            List<String> ids = webhooks.getOrDefault(release.getKey(), List.of());
            if (ids.isEmpty()) {
                webhooksMissing++;
                examples.add("release " + release.getKey() + ": StageReleased audited, no webhook");
            } else if (ids.size() > 1) {
                if (ids.stream().distinct().count() > 1) {
                    twice++;
                } else {
                    redelivered++;
                }
                examples.add("release " + release.getKey() + ": " + ids.size() + " webhooks, ids " + ids);
            }
        }
        Http.Response verify = http.get(system.settings().url(Service.AUDIT) + "/api/audit/verify", "demo-auditor",
                Duration.ofMinutes(2));
        boolean intact = verify.status() == 200 && JSON.readTree(verify.body()).path("intact").asBoolean(false);
        return new Findings(fault.id(), fault.description(), taken.size(), accepted, retried, missing, duplicated,
                announced, webhooksMissing, twice, redelivered, fault.killsNotifier(), refusedRetries, rejected, gaveUp, unacknowledged, refusals,
                intact, verify.status() + " " + abbreviate(verify.body()), round((restored - restoreStart) / 1e9),
                firstAfterRestore == null ? null : round((firstAfterRestore - restoreStart) / 1e9), drained,
                drainSeconds, examples.subList(0, Math.min(EXAMPLES, examples.size())));
    }

    private JsonNode auditedEvents(String releaseId) throws IOException {
        Http.Response response = http.get(system.settings().url(Service.AUDIT) + "/api/audit/releases/" + releaseId
                + "/events", "demo-auditor");
        if (response.status() == 404) {
            return JSON.createArrayNode();
        }
        if (response.status() != 200) {
            throw new IllegalStateException("audit history of " + releaseId + ": " + response.status() + " "
                    + abbreviate(response.body()));
        }
        return JSON.readTree(response.body()).path("events");
    }

    private static long storedEvents(JsonNode events, Story.Decision decision) {
        long count = 0;
        for (JsonNode event : events) {
            if (decision.storedAs(event.path("type").asText(), event.path("actor").asText(),
                    event.path("payload").path("factor").asText(null))) {
                count++;
            }
        }
        return count;
    }

    private static boolean hasReleasedStage(JsonNode events) {
        for (JsonNode event : events) {
            if (event.path("type").asText().equals("StageReleased")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until the audit log holds every event the event store holds for this scenario's releases and every
     * released stage has reached the webhook receiver, two readings a second apart, then a few seconds more so a
     * late second delivery is counted too.
     */
    private boolean awaitDrain(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            quiet = caughtUp(prefix) ? quiet + 1 : 0;
            if (quiet >= 2) {
                Thread.sleep(3_000);
                return true;
            }
            Thread.sleep(1_000);
        }
        return false;
    }

    private boolean caughtUp(String prefix) {
        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), "postgres", "postgres")) {
            long stored = count(db, "select count(*) from governance.domain_event_entry "
                    + "where aggregate_identifier like ?", prefix);
            long released = count(db, "select count(*) from governance.domain_event_entry "
                    + "where aggregate_identifier like ? and payload_type like '%StageReleased'", prefix);
            long audited = count(db, "select count(*) from audit.log_entry where release_id like ?", prefix);
            long announced = webhooks.keySet().stream().filter(release -> release.startsWith(prefix)).count();
            return audited >= stored && announced >= released;
        } catch (SQLException e) {
            return false;
        }
    }

    private static long count(Connection db, String sql, String prefix) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, prefix + "-%");
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static String refusal(String which, StoryLoad.Taken decision) {
        RetryingClient.Outcome outcome = decision.outcome();
        return decision.decision().label() + ": " + which + " answered " + outcome.status()
                + (outcome.problemType() == null ? "" : " " + outcome.problemType());
    }

    private static void example(List<String> examples, String what, StoryLoad.Taken decision) {
        RetryingClient.Outcome outcome = decision.outcome();
        examples.add(what + ": " + decision.releaseId() + " " + decision.decision().label() + " after "
                + outcome.attempts() + " request(s), last answer " + outcome.status()
                + (outcome.problemType() == null ? "" : " " + outcome.problemType()));
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
