package org.releasegovernance.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.releasegovernance.local.LocalSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The run's figures, each beside its baseline and ratio, as Markdown (for people) and JSON (for tools). */
record Report(String generatedAt, String mode, Machine machine, double coldStartSeconds, double warmStartSeconds,
              DecisionThroughput.Result decisionThroughput, EndToEnd.Result endToEnd,
              List<AuditRebuild.Result> auditRebuilds,
              List<CostSampler.ServiceCost> cost, List<String> failures, List<String> notes) {

    record Machine(int cpus, String cpuModel, String memory, String java, String os) {

        static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), procField("/proc/cpuinfo", "model name"),
                    procField("/proc/meminfo", "MemTotal"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"));
        }

        private static String procField(String file, String name) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    if (line.startsWith(name)) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException e) {
                return "unknown";
            }
            return "unknown";
        }
    }

    /** Decisions/s at 16 clients in the full run of 2026-11-29 (docs/performance.md), the base of issue #15's 5×. */
    static final double DECISIONS_PER_SECOND_2026_11_29 = 107;

    static Report of(Options options, double coldStart, double warmStart, DecisionThroughput.Result throughput,
                     EndToEnd.Result endToEnd, List<AuditRebuild.Result> rebuilds,
                     List<CostSampler.ServiceCost> costs, List<String> failures, List<String> notes) {
        return new Report(Instant.now().toString(), options.quick() ? "quick" : "full", Machine.current(), coldStart,
                warmStart, throughput, endToEnd, List.copyOf(rebuilds), costs, List.copyOf(failures), List.copyOf(notes));
    }

    static Charts.Panel costPanel(List<CostSampler.ServiceCost> costs) {
        double[] heap = new double[costs.size()];
        double[] rss = new double[costs.size()];
        double[] limit = new double[costs.size()];
        for (int i = 0; i < costs.size(); i++) {
            heap[i] = Math.max(0, costs.get(i).peakHeapMiB());
            rss[i] = Math.max(0, costs.get(i).peakRssMiB());
            limit[i] = costs.get(i).maxHeapMiB();
        }
        return new Charts.Panel("Peak memory per service", Charts.Kind.BARS, "MiB",
                List.of(Charts.values("peak heap in use", heap), Charts.values("peak RSS", rss),
                        Charts.values("heap limit (-Xmx)", limit)),
                costs.stream().map(CostSampler.ServiceCost::service).toList());
    }

    static Charts.Panel startPanel(double coldStart, double warmStart) {
        return new Charts.Panel("Start of the local run", Charts.Kind.BARS, "seconds",
                List.of(Charts.values("measured", coldStart, warmStart), Charts.values("target (cold: the earlier one)", 30, 15)),
                List.of("cold (fresh data directory)", "warm (data kept)"));
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(),
                this);
        Files.writeString(dir.resolve("report.md"), markdown());
    }

    String summary() {
        return table();
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark report\n\n");
        md.append(f("%s run, %s. Machine: %d CPUs (%s), %s memory, %s, %s. Services and the raw server run with "
                        + "`%s`.%n%n", mode, generatedAt, machine.cpus(), machine.cpuModel(), machine.memory(),
                machine.java(), machine.os(), String.join(" ", LocalSystem.JVM_OPTIONS)));
        md.append("Every figure stands beside a raw baseline measured in the same run on the same PostgreSQL and "
                + "Kafka; the ratio is ours ÷ raw. Latencies in milliseconds.\n\n");
        if (!failures.isEmpty()) {
            md.append("**Failures:**\n\n");
            failures.forEach(failure -> md.append("- ").append(failure).append('\n'));
            md.append('\n');
        }
        notes.forEach(note -> md.append("Note: ").append(note).append("\n\n"));
        md.append("## Summary against the targets\n\n").append(table()).append('\n');
        throughputSection(md);
        endToEndSection(md);
        rebuildSection(md);
        costSection(md);
        return md.toString();
    }

    /**
     * One line per target of issue #15: the figure, its baseline, the ratio and whether the target is met. The
     * earlier targets' figures without a target now (ours ÷ raw JDBC, cold start) stay, marked as such.
     */
    private String table() {
        StringBuilder t = new StringBuilder();
        t.append("| target | ours | baseline | ratio | met |\n|---|---|---|---|---|\n");
        if (decisionThroughput != null) {
            throughputTargets(t);
        }
        if (endToEnd != null) {
            endToEndTargets(t);
        }
        for (AuditRebuild.Result r : auditRebuilds) {
            t.append(f("| audit rebuild ≥ 90%% of raw (%,d events) | %,.0f entries/s | %,.0f rows/s | %.2f | %s |%n",
                    r.events(), r.entriesPerSecond(), r.rawEntriesPerSecond(), r.ratio(), yes(r.ratio() >= 0.9)));
        }
        auditRebuilds.stream().max(java.util.Comparator.comparingLong(AuditRebuild.Result::events))
                .ifPresent(r -> verifyTargets(t, r));
        t.append(f("| local run warm start < 15 s (jars built, data directory kept) | %.1f s | | | %s |%n",
                warmStartSeconds, yes(warmStartSeconds < 15)));
        for (CostSampler.ServiceCost c : cost) {
            t.append(f("| %s heap < 256 MiB | %.0f MiB peak heap (RSS %.0f MiB) | | | %s |%n", c.service(),
                    c.peakHeapMiB(), c.peakRssMiB(), yes(c.peakHeapMiB() >= 0 && c.peakHeapMiB() < 256)));
        }
        t.append(f("| (no target now; was < 30 s) local run cold start, fresh data directory | %.1f s | | | |%n",
                coldStartSeconds));
        return t.toString();
    }

    private void throughputTargets(StringBuilder t) {
        List<DecisionThroughput.Level> levels = decisionThroughput.levels();
        DecisionThroughput.Level level = levels.stream().filter(l -> l.clients() == 16).findFirst()
                .orElse(levels.get(levels.size() - 1));
        t.append(f("| decisions/s at %d clients ≥ 50%% of raw HTTP+JDBC | %.0f /s | %.0f /s (raw HTTP+JDBC) | %.2f "
                        + "| %s |%n", level.clients(), level.decisionsPerSecond(), level.rawHttpDecisionsPerSecond(),
                level.httpRatio(), yes(level.httpRatio() >= 0.5)));
        double times = level.decisionsPerSecond() / DECISIONS_PER_SECOND_2026_11_29;
        t.append(f("| decisions/s at %d clients ≥ 5× the 2026-11-29 figure (≥ %.0f /s) | %.0f /s | %.0f /s "
                        + "(2026-11-29, full run) | %.1f× | %s |%n", level.clients(),
                5 * DECISIONS_PER_SECOND_2026_11_29, level.decisionsPerSecond(), DECISIONS_PER_SECOND_2026_11_29,
                times, yes(times >= 5)));
        t.append(f("| (no target now; was ≥ 60%%) decisions/s at %d clients ÷ raw JDBC | %.0f /s | %.0f /s (raw "
                        + "JDBC inserts) | %.2f | |%n", level.clients(), level.decisionsPerSecond(),
                level.rawDecisionsPerSecond(), level.ratio()));
        levels.stream().filter(l -> l.clients() == 1).findFirst().ifPresent(one -> t.append(f(
                "| decision p50 at 1 client ≤ 5 ms | %.1f ms | %.1f ms (raw HTTP+JDBC) | %.1f× | %s |%n",
                one.latency().p50(), one.rawHttpLatency().p50(),
                one.rawHttpLatency().p50() == 0 ? 0 : one.latency().p50() / one.rawHttpLatency().p50(),
                yes(one.latency().p50() <= 5))));
    }

    private void endToEndTargets(StringBuilder t) {
        EndToEnd.Rate rate = endToEnd.rates().stream().filter(r -> r.offeredDecisionsPerSecond() == 200)
                .findFirst().orElse(endToEnd.rates().get(endToEnd.rates().size() - 1));
        t.append(f("| audit p99 < 150 ms at %d decisions/s | %.1f ms | %.1f ms (Kafka round trip) | %.1f× | %s |%n",
                rate.offeredDecisionsPerSecond(), rate.audit().p99(), rate.rawRoundTrip().p99(),
                rate.auditP99Ratio(), yes(rate.audit().p99() < 150 && rate.auditMissing() == 0)));
        t.append(f("| webhook p99 < 150 ms at %d decisions/s | %.1f ms | %.1f ms (Kafka round trip) | %.1f× | %s |%n",
                rate.offeredDecisionsPerSecond(), rate.webhook().p99(), rate.rawRoundTrip().p99(),
                rate.webhookP99Ratio(), yes(rate.webhook().p99() < 150 && rate.webhookMissing() == 0)));
        endToEnd.rates().stream().filter(r -> r.offeredDecisionsPerSecond() == 50).findFirst().ifPresent(low -> {
            t.append(f("| audit p99 ≤ 3× raw Kafka p99 at 50 decisions/s | %.1f ms | %.1f ms (Kafka round trip) "
                            + "| %.1f× | %s |%n", low.audit().p99(), low.rawRoundTrip().p99(), low.auditP99Ratio(),
                    yes(low.auditP99Ratio() <= 3 && low.auditMissing() == 0)));
            t.append(f("| webhook p99 ≤ 3× raw Kafka p99 at 50 decisions/s | %.1f ms | %.1f ms (Kafka round trip) "
                            + "| %.1f× | %s |%n", low.webhook().p99(), low.rawRoundTrip().p99(),
                    low.webhookP99Ratio(), yes(low.webhookP99Ratio() <= 3 && low.webhookMissing() == 0)));
        });
    }

    /** The targets are for 1,000,000 entries; a quick run checks the same on its smaller log. */
    private void verifyTargets(StringBuilder t, AuditRebuild.Result r) {
        String scale = r.events() == 1_000_000 ? "" : " (target for 1,000,000)";
        t.append(f("| GET /api/audit/verify over %,d entries < 30 s%s | %.1f s | | | %s |%n", r.events(), scale,
                r.verifySeconds(), yes(r.verifySeconds() >= 0 && r.verifySeconds() < 30)));
        t.append(f("| offline verifier over %,d entries < 10 s%s | %.1f s | | | %s |%n", r.verifierEntries(), scale,
                r.verifierSeconds(), yes(r.verifierEntries() > 0 && r.verifierSeconds() >= 0
                        && r.verifierSeconds() < 10 && r.verifierOutcome().startsWith("exit 0"))));
    }

    private void throughputSection(StringBuilder md) {
        md.append("## 1. Decision throughput\n\n");
        if (decisionThroughput == null) {
            md.append("Did not run (see failures).\n\n");
            return;
        }
        md.append("Runs after scenario 2. Closed-loop clients take decisions through the HTTP API (register, propose, vote, vote, release: "
                + "5 decisions, 6 events per release), each on releases of its own. Raw JDBC: the same number of "
                + "event rows, copied from a stored release (same types and sizes), inserted with JDBC into a copy of "
                + "`domain_event_entry`, one transaction per decision, as many clients. Raw HTTP+JDBC: the same "
                + "requests (path aside: bearer token, JSON body) to a minimal server in a JVM of its own with the "
                + "services' JVM options (JDK `com.sun.net.httpserver`, 200 threads, 20 pooled connections): token "
                + "checked by its SHA-256, body parsed with Jackson, then in one transaction the release's stored "
                + "rows read by aggregate id and the decision's rows appended (the raw JDBC line's rows, into the "
                + "same copy), a small JSON answer. Each raw line takes as many decisions per client as ours did."
                + "\n\n");
        md.append("| clients | decisions | ours /s | raw JDBC /s | ours ÷ raw JDBC | raw HTTP+JDBC /s "
                + "| ours ÷ raw HTTP+JDBC | ours p50 | p95 | p99 | max | raw JDBC p50 | p99 | raw HTTP+JDBC p50 "
                + "| p99 | max | errors |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (DecisionThroughput.Level l : decisionThroughput.levels()) {
            md.append(f("| %d | %,d | %.0f | %.0f | %.2f | %.0f | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f "
                            + "| %.1f | %.1f | %.1f | %d |%n",
                    l.clients(), l.decisions(), l.decisionsPerSecond(), l.rawDecisionsPerSecond(), l.ratio(),
                    l.rawHttpDecisionsPerSecond(), l.httpRatio(), l.latency().p50(), l.latency().p95(),
                    l.latency().p99(), l.latency().max(), l.rawLatency().p50(), l.rawLatency().p99(),
                    l.rawHttpLatency().p50(), l.rawHttpLatency().p99(), l.rawHttpLatency().max(), l.errors()));
        }
        md.append("\nCPU time per decision (user and system, all threads, from `/proc/<pid>/stat` before and after "
                + "each line; unlike decisions/s it does not depend on what else the machine runs):\n\n"
                + "| clients | governance-service ms | raw HTTP+JDBC server ms | ours ÷ raw |\n|---|---|---|---|\n");
        for (DecisionThroughput.Level l : decisionThroughput.levels()) {
            md.append(f("| %d | %.2f | %.2f | %.1f |%n", l.clients(), l.cpuMillisPerDecision(),
                    l.rawHttpCpuMillisPerDecision(), l.rawHttpCpuMillisPerDecision() == 0 ? 0
                            : l.cpuMillisPerDecision() / l.rawHttpCpuMillisPerDecision()));
        }
        md.append('\n');
        sqlSection(md);
        decisionThroughput.errors().forEach(e -> md.append("- error: `").append(e).append("`\n"));
        md.append(f("%n![scenario 1](%s)%n%n", decisionThroughput.chart()));
        Profiler.Profile profile = decisionThroughput.profile();
        if (profile != null) {
            md.append(f("### Where governance-service spends its CPU (JFR, %d clients, %,d execution samples)%n%n"
                            + "Recorded in a window of its own after the measured levels, so the recording's cost is "
                            + "in none of the figures above.%n%n",
                    decisionThroughput.profiledClients(), profile.samples()));
            md.append("Share of samples with the package anywhere on the stack (inclusive):\n\n| package | % |\n|---|---|\n");
            profile.inclusiveByPackage().forEach(c -> md.append(f("| `%s` | %.1f |%n", c.name(), c.percentOfSamples())));
            md.append("\nShare of samples in each step of a decision and of its publishing (the step's method on the "
                    + "stack; what removing or caching the step could save at most):\n\n| step | % |\n|---|---|\n");
            profile.byStep().forEach(c -> md.append(f("| %s | %.1f |%n", c.name(), c.percentOfSamples())));
            md.append("\nMethods on top of the stack (self):\n\n| method | % |\n|---|---|\n");
            profile.selfByMethod().forEach(c -> md.append(f("| `%s` | %.1f |%n", c.name(), c.percentOfSamples())));
            md.append("\nBlocked threads (JFR events of 10 ms or more; HTTP threads waiting for a pooled connection, "
                    + "the database or a lock), by the first frame outside the JDK:\n\n"
                    + "| where | events | total ms |\n|---|---|---|\n");
            profile.blocked().forEach(b -> md.append(f("| `%s` | %d | %.0f |%n", b.where(), b.events(), b.totalMs())));
            md.append(f("%nRecording: `%s` (open with JDK Mission Control or `jfr print`).%n%n",
                    Path.of(profile.recording()).getFileName()));
        }
    }

    private void sqlSection(StringBuilder md) {
        if (decisionThroughput.sql().isEmpty()) {
            return;
        }
        md.append(f("### SQL per decision (%d decisions at 1 client, counted by PostgreSQL)%n%n",
                DecisionThroughput.COUNTED_DECISIONS));
        md.append("PostgreSQL logs every statement for the window (`log_statement = 'all'`, prefixed with the "
                + "backend pid); the lines of the backends serving the process's connections (its client ports, "
                + "from `ss -tinp`, matched in `pg_stat_activity`) are counted, including what the process does in "
                + "the second after its last answer (governance-service publishing the events). Transactions: "
                + "COMMITs, plus statements run outside BEGIN…COMMIT. Round trips: data segments PostgreSQL received "
                + "on those connections (`data_segs_in`): on loopback each request the driver flushes arrives as one "
                + "segment, so this counts the times the process sent to the database, about once per statement "
                + "unless it batches.\n\n");
        md.append("| process | connections | statements | select | insert | update | delete | begin/commit "
                + "| other (SET, locks…) | transactions | round trips |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SqlStatements.Count c : decisionThroughput.sql()) {
            md.append(f("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n", c.process(),
                    c.connections(), c.statements(), c.selects(), c.inserts(), c.updates(), c.deletes(),
                    c.beginCommit(), c.other(), c.transactions(),
                    c.roundTrips() < 0 ? "n/a" : f("%.2f", c.roundTrips())));
        }
        md.append('\n');
        for (SqlStatements.Count c : decisionThroughput.sql()) {
            md.append(f("Most frequent statements of %s, per decision:%n%n| per decision | statement |%n|---|---|%n",
                    c.process()));
            c.frequent().forEach(s -> md.append(f("| %.2f | `%s` |%n", s.perDecision(),
                    s.statement().replace("|", "\\|").replace("`", "'"))));
            md.append('\n');
        }
    }

    private void endToEndSection(StringBuilder md) {
        md.append("## 2. End to end\n\n");
        if (endToEnd == null) {
            md.append("Did not run (see failures).\n\n");
            return;
        }
        md.append("Decisions offered open loop at a fixed rate (a release story starts every 5/rate s whatever "
                + "happened to earlier ones). Measured from the HTTP response of `StageReleased` to (a) the audit log "
                + "holding it (a monitor follows the log with `GET /api/audit/export?from=`, about every 5 ms) "
                + "and (b) the webhook "
                + "arriving at a local receiver (JDK HTTP server). Decision latency counts from each story's "
                + "scheduled start. Raw: the same StageReleased CloudEvent through a kafka-clients producer "
                + "(acks=all, idempotent) and consumer on the same broker, at the same rate.\n\n");
        md.append("| offered /s | achieved /s | releases | decision p99 | audit p50 | audit p99 | audit max | webhook p50 "
                + "| webhook p99 | webhook max | raw p50 | raw p99 | raw max | audit p99 ÷ raw | webhook p99 ÷ raw "
                + "| missing (audit/webhook) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (EndToEnd.Rate r : endToEnd.rates()) {
            md.append(f("| %d | %.0f | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f "
                            + "| %.1f× | %.1f× | %d / %d |%n", r.offeredDecisionsPerSecond(),
                    r.achievedDecisionsPerSecond(), r.releases(), r.decision().p99(), r.audit().p50(),
                    r.audit().p99(), r.audit().max(), r.webhook().p50(), r.webhook().p99(), r.webhook().max(),
                    r.rawRoundTrip().p50(), r.rawRoundTrip().p99(), r.rawRoundTrip().max(), r.auditP99Ratio(),
                    r.webhookP99Ratio(), r.auditMissing(), r.webhookMissing()));
        }
        md.append('\n');
        endToEnd.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        md.append(f("%n![scenario 2](%s)%n%n", endToEnd.chart()));
    }

    private void rebuildSection(StringBuilder md) {
        md.append("## 3. Audit rebuild\n\n");
        if (auditRebuilds.isEmpty()) {
            md.append("Did not run (see failures).\n\n");
            return;
        }
        md.append("A topic filled with generated events (GPT-2-like stories, the texts the API scenarios send), then a "
                + "fresh audit-service process (new schema, new consumer group) timed until its log holds every "
                + "event. Raw: a kafka-clients consumer reading the same topic and batch-inserting the same rows "
                + "(one JDBC batch and commit per poll) into a copy of `log_entry`. Rates count from the first "
                + "stored entry to the last. After the count is reached (not timed), `GET /api/audit/verify` "
                + "recomputes every leaf and the root at every signed checkpoint.\n\n");
        md.append("| events | fill s | audit start-up s | audit total s | audit replay s | audit entries/s | raw s "
                + "| raw rows/s | ratio | peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (AuditRebuild.Result r : auditRebuilds) {
            md.append(f("| %,d | %.1f | %.1f | %.1f | %.1f | %,.0f | %.1f | %,.0f | %.2f | %.0f |%n", r.events(),
                    r.fillSeconds(), r.startupSeconds(), r.totalSeconds(), r.catchUpSeconds(), r.entriesPerSecond(),
                    r.rawSeconds(), r.rawEntriesPerSecond(), r.ratio(), r.peakRssMiB()));
        }
        md.append('\n');
        for (AuditRebuild.Result r : auditRebuilds) {
            md.append(f("Verification, %,d events: %s%n%n", r.events(), r.verification()));
            md.append(f("Offline verifier (`java -jar audit-verifier-…-cli.jar --export --checkpoint --key`, "
                            + "default JVM options, the export downloaded first and not timed), %,d entries: "
                            + "%.1f s, %s%n%n", r.verifierEntries(), r.verifierSeconds(), r.verifierOutcome()));
        }
        for (AuditRebuild.Result r : auditRebuilds) {
            md.append(f("![scenario 3, %,d events](%s)%n%n", r.events(), r.chart()));
        }
    }

    private void costSection(StringBuilder md) {
        md.append("## 4. Cost\n\n");
        md.append(f("Cold start of the local run (PostgreSQL, Kafka, three services healthy, fresh data directory; "
                + "after a build it also extracts the jars for class data sharing): **%.1f s**. Warm start (the same "
                + "system stopped right after, which writes each service's class data sharing archive the first time "
                + "after a build, then started again on the same data directory and ports: no initdb, schemas "
                + "already migrated, jars in the page cache, archives mapped): **%.1f s**.%n%n",
                coldStartSeconds, warmStartSeconds));
        md.append("Peaks during scenarios 1 and 2: heap in use (sum of heap pools, from each service's "
                + "`/actuator/prometheus`, sampled every 0.5 s) and resident memory (`/proc/<pid>/status`, the "
                + "kernel's VmHWM).\n\n| service | peak heap MiB | peak RSS MiB | -Xmx MiB |\n|---|---|---|---|\n");
        cost.forEach(c -> md.append(f("| %s | %.0f | %.0f | %.0f |%n", c.service(), c.peakHeapMiB(), c.peakRssMiB(),
                c.maxHeapMiB())));
        md.append("\n![scenario 4](scenario-4-cost.png)\n");
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
