package org.releasegovernance.bench;

import org.HdrHistogram.Histogram;
import org.releasegovernance.bench.RawEventRows.Row;
import org.releasegovernance.local.LocalSystem;
import org.releasegovernance.local.Service;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Scenario 1: closed-loop clients take decisions through governance-service's HTTP API, each client on releases of
 * its own; beside it, the same number of event rows of the same size inserted with raw JDBC into a copy of the event
 * table, one transaction per decision, by as many clients.
 */
final class DecisionThroughput {

    /**
     * One concurrency level: ours, the raw JDBC line (inserts only) and the raw HTTP+JDBC line (a minimal server
     * taking the same requests), each with as many decisions per client as ours took.
     *
     * @param ratio     ours ÷ raw JDBC, decisions/s
     * @param httpRatio ours ÷ raw HTTP+JDBC, decisions/s
     * @param cpuMillisPerDecision        governance-service's CPU time per decision (ms), all its threads
     * @param rawHttpCpuMillisPerDecision the raw HTTP+JDBC server's
     */
    record Level(int clients, long decisions, long events, long errors, double seconds, double decisionsPerSecond,
                 Latency latency, long rawDecisions, double rawSeconds, double rawDecisionsPerSecond,
                 Latency rawLatency, double ratio, long rawHttpDecisions, double rawHttpSeconds,
                 double rawHttpDecisionsPerSecond, Latency rawHttpLatency, double httpRatio,
                 double cpuMillisPerDecision, double rawHttpCpuMillisPerDecision) {
    }

    /** @param sql statements per decision of governance-service and of the raw HTTP+JDBC server, 1 client */
    record Result(List<Level> levels, Profiler.Profile profile, int profiledClients, String chart,
                  List<String> errors, List<SqlStatements.Count> sql) {
    }

    /** Decisions in the window in which every statement is logged and counted. */
    static final int COUNTED_DECISIONS = 200;

    private final Bench bench;
    private final String run = Bench.runId();
    private final List<String> errors = new ArrayList<>();

    DecisionThroughput(Bench bench) {
        this.bench = bench;
    }

    Result run() throws Exception {
        Options options = bench.options();
        Progress.line("scenario 1 decision throughput: warm-up %d s", options.warmupSeconds());
        closedLoop("w" + run, 4, options.warmupSeconds(), new ArrayList<>());
        List<Row> template = templateRows("w" + run + "-0-0");
        prepareRawTable();
        rawLoop(4, List.of(200L, 200L, 200L, 200L), template, "w");
        Progress.line("scenario 1: starting the raw HTTP+JDBC server (JVM options %s)", LocalSystem.JVM_OPTIONS);
        try (RawServer rawServer = RawServer.start(bench, "w" + run + "-0-0")) {
            rawHttpLoop(rawServer, 4, List.of(200L, 200L, 200L, 200L), "hw");
            return measure(options, template, rawServer);
        }
    }

    private Result measure(Options options, List<Row> template, RawServer rawServer) throws Exception {
        int profiled = profiledLevel(options.clientLevels());
        Profiler.Profile profile = null;
        List<Level> levels = new ArrayList<>();
        List<Charts.Series> latencyCurves = new ArrayList<>();
        List<Charts.Series> timelines = new ArrayList<>();
        for (int clients : options.clientLevels()) {
            Progress.line("scenario 1: %d client(s), ours for %d s", clients, options.throughputSeconds());
            List<Long> perClient = new ArrayList<>();
            long governance = bench.system().pid(Service.GOVERNANCE);
            long cpuBefore = ProcessCpu.millis(governance);
            Measured ours = closedLoop("c" + clients + run, clients, options.throughputSeconds(), perClient);
            double cpuPerDecision = ProcessCpu.perDecision(cpuBefore, ProcessCpu.millis(governance), ours.decisions);
            Progress.line("scenario 1: %d client(s), raw JDBC baseline for %d decisions", clients, ours.decisions);
            Measured raw = rawLoop(clients, perClient, template, "r" + clients);
            Progress.line("scenario 1: %d client(s), raw HTTP+JDBC baseline for %d decisions", clients,
                    ours.decisions);
            long rawCpuBefore = ProcessCpu.millis(rawServer.pid());
            Measured rawHttp = rawHttpLoop(rawServer, clients, perClient, "h" + clients);
            double rawCpuPerDecision = ProcessCpu.perDecision(rawCpuBefore, ProcessCpu.millis(rawServer.pid()),
                    rawHttp.decisions);
            double oursRate = ours.decisions / ours.seconds;
            double rawRate = raw.decisions / raw.seconds;
            double rawHttpRate = rawHttp.decisions / rawHttp.seconds;
            Level level = new Level(clients, ours.decisions, ours.events, ours.errors, round(ours.seconds),
                    round(oursRate), Latency.of(ours.histogram), raw.decisions, round(raw.seconds), round(rawRate),
                    Latency.of(raw.histogram), rawRate == 0 ? 0 : round(oursRate / rawRate), rawHttp.decisions,
                    round(rawHttp.seconds), round(rawHttpRate), Latency.of(rawHttp.histogram),
                    rawHttpRate == 0 ? 0 : round(oursRate / rawHttpRate), round(cpuPerDecision),
                    round(rawCpuPerDecision));
            levels.add(level);
            Progress.line("scenario 1: %d client(s): %.0f decisions/s (raw JDBC %.0f, ratio %.2f; raw HTTP+JDBC %.0f, "
                            + "ratio %.2f), p99 %.1f ms, CPU %.2f ms per decision (raw HTTP+JDBC %.2f)", clients,
                    level.decisionsPerSecond(), level.rawDecisionsPerSecond(), level.ratio(),
                    level.rawHttpDecisionsPerSecond(), level.httpRatio(), level.latency().p99(),
                    level.cpuMillisPerDecision(), level.rawHttpCpuMillisPerDecision());
            latencyCurves.add(Charts.percentiles("ours, " + clients + " clients", ours.histogram));
            if (clients == profiled) {
                latencyCurves.add(Charts.percentiles("raw JDBC, " + clients + " clients", raw.histogram));
                latencyCurves.add(Charts.percentiles("raw HTTP+JDBC, " + clients + " clients", rawHttp.histogram));
            }
            timelines.add(Charts.perSecond("ours, " + clients + " clients", ours.timeline.series()));
        }
        if (options.profile()) {
            // a window of its own, after the measured levels: recording costs governance-service CPU, which must not
            // count in the level the targets read
            Progress.line("scenario 1: %d client(s) for %d s more, recorded with JFR (not counted)", profiled,
                    options.throughputSeconds());
            Profiler profiler = Profiler.start(bench.system().pid(Service.GOVERNANCE),
                    bench.workDir().resolve("governance-service-scenario1.jfr"));
            closedLoop("p" + run, profiled, options.throughputSeconds(), new ArrayList<>());
            profile = profiler.stop();
        }
        Path chart = bench.options().outDir().resolve("scenario-1-decision-throughput.png");
        Charts.write(chart, "Scenario 1: decision throughput (HTTP API, closed loop)",
                new Charts.Panel("Decision latency by percentile", Charts.Kind.PERCENTILES, "ms", latencyCurves),
                new Charts.Panel("Decisions per second over time", Charts.Kind.TIME, "decisions/s", timelines));
        List<SqlStatements.Count> sql = List.of();
        try {
            sql = countStatements(rawServer);
        } catch (Exception e) {
            // the throughput figures stand without the count
            errors.add("counting SQL statements failed: " + e);
        }
        return new Result(levels, profile, profiled, chart.getFileName().toString(), List.copyOf(errors), sql);
    }

    /** The SQL of {@link #COUNTED_DECISIONS} decisions at 1 client: governance-service's, then the raw server's. */
    private List<SqlStatements.Count> countStatements(RawServer rawServer) throws Exception {
        Progress.line("scenario 1: counting the SQL of %d decisions at 1 client, ours and raw HTTP+JDBC",
                COUNTED_DECISIONS);
        SqlStatements sql = new SqlStatements(bench);
        String base = bench.url(Service.GOVERNANCE);
        SqlStatements.Count ours = sql.measure(Service.GOVERNANCE.module(), bench.system().pid(Service.GOVERNANCE),
                COUNTED_DECISIONS, () -> decisionsInTurn("s" + run, COUNTED_DECISIONS,
                        (decision, releaseId, step) -> base + decision.path()));
        SqlStatements.Count raw = sql.measure("raw HTTP+JDBC server", rawServer.pid(), COUNTED_DECISIONS,
                () -> decisionsInTurn("hs" + run, COUNTED_DECISIONS,
                        (decision, releaseId, step) -> rawServer.url(releaseId, step)));
        return List.of(ours, raw);
    }

    private interface Target {
        String url(ReleaseStory.Decision decision, String releaseId, int step);
    }

    /** One client taking {@code count} decisions one after another, on releases of its own. */
    private void decisionsInTurn(String prefix, int count, Target target) {
        for (int d = 0; d < count; d++) {
            String releaseId = prefix + "-" + d / ReleaseStory.DECISIONS;
            int step = d % ReleaseStory.DECISIONS;
            ReleaseStory.Decision decision = ReleaseStory.decision(releaseId, step);
            Http.Response response = bench.http().post(target.url(decision, releaseId, step), decision.token(),
                    decision.body());
            if (response.status() != decision.expectedStatus()) {
                throw new IllegalStateException(decision.path() + " -> " + response.status() + " "
                        + response.body());
            }
        }
    }

    /** The raw HTTP+JDBC line: each client sends as many decisions as its twin took, the same requests. */
    private Measured rawHttpLoop(RawServer server, int clients, List<Long> perClient, String prefix)
            throws Exception {
        Measured measured = new Measured();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        measured.runClients(clients, "raw-http-client", client -> {
            long decisions = perClient.get(client);
            for (long d = 0; d < decisions; d++) {
                int step = (int) (d % ReleaseStory.DECISIONS);
                String releaseId = prefix + run + "-" + client + "-" + d / ReleaseStory.DECISIONS;
                ReleaseStory.Decision decision = ReleaseStory.decision(releaseId, step);
                long sent = System.nanoTime();
                Http.Response response = bench.http().post(server.url(releaseId, step), decision.token(),
                        decision.body());
                long answered = System.nanoTime();
                if (response.status() != decision.expectedStatus()) {
                    failures.add("raw HTTP+JDBC " + decision.path() + " -> " + response.status() + " "
                            + response.body());
                    return;
                }
                measured.answered(sent, answered);
            }
        });
        measured.decisions = measured.decisionCount.get();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("raw HTTP+JDBC baseline failed: " + failures.peek());
        }
        return measured;
    }

    /** {@link RawDecisionServer} as a process of its own, with the services' JVM options. */
    private record RawServer(Process process, String base) implements AutoCloseable {

        /** As many pooled connections as governance-service's pool, as many threads as Tomcat's default. */
        private static final int POOL = 20;
        private static final int THREADS = 200;

        static RawServer start(Bench bench, String templateRelease) throws Exception {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path jar = bench.options().servicesDir().resolve("benchmarks").resolve("target")
                    .resolve("benchmarks-" + BenchmarkRun.VERSION + "-exec.jar");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(LocalSystem.JVM_OPTIONS);
            command.addAll(List.of("-Dloader.main=" + RawDecisionServer.class.getName(), "-cp", jar.toString(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher", Integer.toString(port),
                    bench.system().jdbcUrl(), templateRelease, Integer.toString(POOL), Integer.toString(THREADS)));
            Path log = bench.workDir().resolve("logs").resolve("raw-decision-server.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            RawServer server = new RawServer(process, "http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (bench.http().get(server.base() + "/health", null).status() != 200) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("the raw HTTP+JDBC server did not start; see " + log);
                }
                Thread.sleep(100);
            }
            return server;
        }

        String url(String releaseId, int step) {
            return base + "/raw/" + releaseId + "/" + step;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int profiledLevel(int[] levels) {
        int chosen = levels[0];
        for (int level : levels) {
            if (level <= 16) {
                chosen = level;
            }
        }
        return chosen;
    }

    private static final class Measured {
        final Histogram histogram = Latency.histogram();
        final Timeline timeline = new Timeline();
        final AtomicLong decisionCount = new AtomicLong();
        final AtomicLong eventCount = new AtomicLong();
        final AtomicLong errorCount = new AtomicLong();
        long decisions;
        long events;
        long errors;
        double seconds;

        /** A decision answered: its latency in µs, and one more decision. */
        void answered(long sentNanos, long answeredNanos) {
            histogram.recordValue(Math.max(1, (answeredNanos - sentNanos) / 1000));
            decisionCount.incrementAndGet();
        }

        /**
         * Runs {@code clients} threads named {@code <name>-<n>} at once, each {@code client.accept(n)}, and keeps
         * how long they took together in {@link #seconds}.
         */
        void runClients(int clients, String name, IntConsumer client) throws InterruptedException {
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int n = c;
                Thread thread = new Thread(() -> client.accept(n), name + "-" + c);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            seconds = (System.nanoTime() - start) / 1e9;
        }
    }

    /** Each client takes decisions one after another until the time is up, on releases of its own. */
    private Measured closedLoop(String prefix, int clients, int seconds, List<Long> perClient) throws Exception {
        Measured measured = new Measured();
        String base = bench.url(Service.GOVERNANCE);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long[] counts = new long[clients];
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        measured.runClients(clients, "client", client -> {
            int release = 0;
            while (System.nanoTime() < deadline) {
                String releaseId = prefix + "-" + client + "-" + release++;
                for (int step = 0; step < ReleaseStory.DECISIONS && System.nanoTime() < deadline; step++) {
                    ReleaseStory.Decision decision = ReleaseStory.decision(releaseId, step);
                    long sent = System.nanoTime();
                    Http.Response response = bench.http().post(base + decision.path(), decision.token(),
                            decision.body());
                    long answered = System.nanoTime();
                    if (response.status() != decision.expectedStatus()) {
                        measured.errorCount.incrementAndGet();
                        failures.add(decision.path() + " -> " + response.status() + " " + response.body());
                        break;
                    }
                    measured.answered(sent, answered);
                    measured.timeline.record();
                    measured.eventCount.addAndGet(ReleaseStory.EVENTS_PER_DECISION[step]);
                    counts[client]++;
                }
            }
        });
        measured.decisions = measured.decisionCount.get();
        measured.events = measured.eventCount.get();
        measured.errors = measured.errorCount.get();
        for (long count : counts) {
            perClient.add(count);
        }
        failures.stream().limit(3).forEach(errors::add);
        return measured;
    }

    /** The raw line: each client inserts the rows of as many decisions as its twin took, one transaction each. */
    private Measured rawLoop(int clients, List<Long> perClient, List<Row> template, String prefix) throws Exception {
        Measured measured = new Measured();
        List<Connection> connections = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Connection connection = bench.jdbc();
            connection.setAutoCommit(false);
            connections.add(connection);
        }
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        measured.runClients(clients, "raw-client", client -> {
            long decisions = perClient.get(client);
            Connection connection = connections.get(client);
            try (PreparedStatement insert = connection.prepareStatement(RawEventRows.INSERT)) {
                for (long d = 0; d < decisions; d++) {
                    int step = (int) (d % ReleaseStory.DECISIONS);
                    String aggregate = prefix + run + "-" + client + "-" + d / ReleaseStory.DECISIONS;
                    int firstEvent = 0;
                    for (int s = 0; s < step; s++) {
                        firstEvent += ReleaseStory.EVENTS_PER_DECISION[s];
                    }
                    long sent = System.nanoTime();
                    RawEventRows.append(insert, template, aggregate, firstEvent,
                            ReleaseStory.EVENTS_PER_DECISION[step]);
                    connection.commit();
                    long answered = System.nanoTime();
                    measured.answered(sent, answered);
                    measured.timeline.record();
                }
            } catch (SQLException e) {
                failures.add(e);
            }
        });
        measured.decisions = measured.decisionCount.get();
        for (Connection connection : connections) {
            connection.close();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("raw JDBC baseline failed", failures.peek());
        }
        return measured;
    }

    private void prepareRawTable() throws SQLException {
        try (Connection connection = bench.jdbc(); Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists bench_raw");
            statement.execute("drop table if exists bench_raw.domain_event_entry");
            statement.execute("create table bench_raw.domain_event_entry "
                    + "(like governance.domain_event_entry including all)");
            statement.execute("drop sequence if exists bench_raw.domain_event_entry_seq");
            statement.execute("create sequence bench_raw.domain_event_entry_seq start with 1 increment by 1");
        }
    }

    /** The six stored rows of a release the warm-up completed: the raw inserts copy their types and sizes. */
    private List<Row> templateRows(String releaseId) throws SQLException {
        List<Row> rows;
        try (Connection connection = bench.jdbc()) {
            rows = RawEventRows.template(connection, releaseId);
        }
        if (rows.size() < ReleaseStory.EVENTS) {
            throw new IllegalStateException("the warm-up release " + releaseId + " has " + rows.size()
                    + " stored events, expected " + ReleaseStory.EVENTS + (errors.isEmpty() ? "" : ": " + errors));
        }
        return rows;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
