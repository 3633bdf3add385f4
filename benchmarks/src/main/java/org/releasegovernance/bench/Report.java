package org.releasegovernance.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The run's figures, each beside its baseline and ratio, as Markdown (for people) and JSON (for tools). */
record Report(String generatedAt, String mode, Machine machine, double coldStartSeconds,
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

    static Report of(Options options, double coldStart, DecisionThroughput.Result throughput, EndToEnd.Result endToEnd,
                     List<AuditRebuild.Result> rebuilds, List<CostSampler.ServiceCost> costs, List<String> failures,
                     List<String> notes) {
        return new Report(Instant.now().toString(), options.quick() ? "quick" : "full", Machine.current(), coldStart,
                throughput, endToEnd, List.copyOf(rebuilds), costs, List.copyOf(failures), List.copyOf(notes));
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

    static Charts.Panel coldStartPanel(double coldStart) {
        return new Charts.Panel("Cold start of the local run", Charts.Kind.BARS, "seconds",
                List.of(Charts.values("cold start", coldStart), Charts.values("target", 30)), List.of("system"));
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
        md.append(f("%s run, %s. Machine: %d CPUs (%s), %s memory, %s, %s.%n%n", mode, generatedAt, machine.cpus(),
                machine.cpuModel(), machine.memory(), machine.java(), machine.os()));
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

    /** One line per target: the figure, its baseline, the ratio and whether the target is met. */
    private String table() {
        StringBuilder t = new StringBuilder();
        t.append("| target | ours | raw baseline | ratio | met |\n|---|---|---|---|---|\n");
        if (decisionThroughput != null) {
            DecisionThroughput.Level level = decisionThroughput.levels().stream()
                    .filter(l -> l.clients() == 16).findFirst()
                    .orElse(decisionThroughput.levels().get(decisionThroughput.levels().size() - 1));
            t.append(f("| decisions/s at %d clients ≥ 60%% of raw | %.0f /s | %.0f /s | %.2f | %s |%n",
                    level.clients(), level.decisionsPerSecond(), level.rawDecisionsPerSecond(), level.ratio(),
                    yes(level.ratio() >= 0.6)));
        }
        if (endToEnd != null) {
            EndToEnd.Rate rate = endToEnd.rates().stream().filter(r -> r.offeredDecisionsPerSecond() == 200)
                    .findFirst().orElse(endToEnd.rates().get(endToEnd.rates().size() - 1));
            t.append(f("| audit p99 < 150 ms at %d decisions/s | %.1f ms | %.1f ms (Kafka round trip) | %.1f× | %s |%n",
                    rate.offeredDecisionsPerSecond(), rate.audit().p99(), rate.rawRoundTrip().p99(),
                    rate.auditP99Ratio(), yes(rate.audit().p99() < 150 && rate.auditMissing() == 0)));
            t.append(f("| webhook p99 < 150 ms at %d decisions/s | %.1f ms | %.1f ms (Kafka round trip) | %.1f× | %s |%n",
                    rate.offeredDecisionsPerSecond(), rate.webhook().p99(), rate.rawRoundTrip().p99(),
                    rate.webhookP99Ratio(), yes(rate.webhook().p99() < 150 && rate.webhookMissing() == 0)));
        }
        for (AuditRebuild.Result auditRebuild : auditRebuilds) {
            t.append(f("| audit rebuild ≥ 70%% of raw and ≥ 20,000 entries/s (%,d events) | %,.0f entries/s | "
                            + "%,.0f rows/s | %.2f | %s |%n", auditRebuild.events(), auditRebuild.entriesPerSecond(),
                    auditRebuild.rawEntriesPerSecond(), auditRebuild.ratio(),
                    yes(auditRebuild.ratio() >= 0.7 && auditRebuild.entriesPerSecond() >= 20_000)));
        }
        for (CostSampler.ServiceCost c : cost) {
            t.append(f("| %s heap < 256 MiB | %.0f MiB peak heap (RSS %.0f MiB) | | | %s |%n", c.service(),
                    c.peakHeapMiB(), c.peakRssMiB(), yes(c.peakHeapMiB() >= 0 && c.peakHeapMiB() < 256)));
        }
        t.append(f("| local run cold start < 30 s | %.1f s | | | %s |%n", coldStartSeconds, yes(coldStartSeconds < 30)));
        return t.toString();
    }

    private void throughputSection(StringBuilder md) {
        md.append("## 1. Decision throughput\n\n");
        if (decisionThroughput == null) {
            md.append("Did not run (see failures).\n\n");
            return;
        }
        md.append("Runs after scenario 2. Closed-loop clients take decisions through the HTTP API (register, propose, vote, vote, release: "
                + "5 decisions, 6 events per release), each on releases of its own. Raw: the same number of event "
                + "rows, copied from a stored release (same types and sizes), inserted with JDBC into a copy of "
                + "`domain_event_entry`, one transaction per decision, as many clients.\n\n");
        md.append("| clients | decisions | ours /s | raw /s | ratio | ours p50 | p95 | p99 | max | raw p50 | raw p99 "
                + "| raw max | errors |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (DecisionThroughput.Level l : decisionThroughput.levels()) {
            md.append(f("| %d | %,d | %.0f | %.0f | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |%n",
                    l.clients(), l.decisions(), l.decisionsPerSecond(), l.rawDecisionsPerSecond(), l.ratio(),
                    l.latency().p50(), l.latency().p95(), l.latency().p99(), l.latency().max(), l.rawLatency().p50(),
                    l.rawLatency().p99(), l.rawLatency().max(), l.errors()));
        }
        md.append('\n');
        decisionThroughput.errors().forEach(e -> md.append("- error: `").append(e).append("`\n"));
        md.append(f("%n![scenario 1](%s)%n%n", decisionThroughput.chart()));
        Profiler.Profile profile = decisionThroughput.profile();
        if (profile != null) {
            md.append(f("### Where governance-service spends its CPU (JFR, %d clients, %,d execution samples)%n%n",
                    decisionThroughput.profiledClients(), profile.samples()));
            md.append("Share of samples with the package anywhere on the stack (inclusive):\n\n| package | % |\n|---|---|\n");
            profile.inclusiveByPackage().forEach(c -> md.append(f("| `%s` | %.1f |%n", c.name(), c.percentOfSamples())));
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
        }
        for (AuditRebuild.Result r : auditRebuilds) {
            md.append(f("![scenario 3, %,d events](%s)%n%n", r.events(), r.chart()));
        }
    }

    private void costSection(StringBuilder md) {
        md.append("## 4. Cost\n\n");
        md.append(f("Cold start of the local run (PostgreSQL, Kafka, three services healthy, fresh data directory): "
                + "**%.1f s**.%n%n", coldStartSeconds));
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
