package org.releasegovernance.bench;

import org.releasegovernance.local.LocalSettings;
import org.releasegovernance.local.LocalSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark suite: starts the system as the local run does (embedded PostgreSQL and Kafka, the three services as
 * processes from their jars), runs each scenario after a warm-up beside its raw baseline, and writes
 * {@code target/bench/report.md}, {@code report.json} and one PNG chart per scenario.
 *
 * <pre>./run-benchmarks.sh [--quick] [--rebuild-events=N[,M...]] [--no-profile] [--out=DIR]</pre>
 */
public final class BenchmarkRun {

    static final String VERSION = "0.1.0-SNAPSHOT";

    private BenchmarkRun() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path dataDir = options.outDir().resolve("data");
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        LocalSettings settings = LocalSettings.onFreePorts(dataDir, options.servicesDir());
        Progress.line("%s run; reports in %s", options.quick() ? "quick" : "full", options.outDir());
        Progress.line("scenario 4 cost: cold start of PostgreSQL, Kafka and the three services");
        long start = System.nanoTime();
        LocalSystem coldSystem = LocalSystem.start(settings);
        double coldStart = DecisionThroughput.round((System.nanoTime() - start) / 1e9);
        Progress.line("the system is up after %.1f s; stopping it for a warm start", coldStart);
        Restarted warm = warmStart(coldSystem, settings);
        LocalSystem system = warm.system();
        Thread stopOnExit = new Thread(system::close, "stop-the-system");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        double warmStart = DecisionThroughput.round(warm.seconds());
        Progress.line("warm start: the system is up again after %.1f s", warmStart);

        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Report report;
        try {
            Bench bench = new Bench(options, system, new Http(), dataDir);
            DecisionThroughput.Result throughput = null;
            EndToEnd.Result endToEnd = null;
            List<AuditRebuild.Result> rebuilds = new ArrayList<>();
            List<CostSampler.ServiceCost> costs;
            try (CostSampler cost = new CostSampler(bench)) {
                if (options.rebuildOnly()) {
                    notes.add("scenarios 1 and 2 were not run (--only=rebuild)");
                } else {
                    // end to end first: scenario 1 leaves a publishing backlog that would delay every later event
                    try {
                        endToEnd = new EndToEnd(bench).run();
                    } catch (Exception | AssertionError e) {
                        failures.add("scenario 2: " + e);
                        e.printStackTrace();
                    }
                    try {
                        throughput = new DecisionThroughput(bench).run();
                    } catch (Exception | AssertionError e) {
                        failures.add("scenario 1: " + e);
                        e.printStackTrace();
                    }
                }
                costs = cost.result();
            }
            Progress.line("waiting for scenario 1's events to reach audit and notifier (at most 3 minutes)");
            if (!bench.awaitPipelineIdle(java.time.Duration.ofMinutes(3))) {
                notes.add("scenario 1's backlog was still being published, audited and announced during scenario 3");
            }
            for (int size : options.rebuildSizes()) {
                try {
                    rebuilds.add(new AuditRebuild(bench).run(size));
                } catch (Exception | AssertionError e) {
                    failures.add("scenario 3 (" + size + " events): " + e);
                    e.printStackTrace();
                }
            }
            report = Report.of(options, coldStart, warmStart, throughput, endToEnd, rebuilds, costs, failures, notes);
            Charts.write(options.outDir().resolve("scenario-4-cost.png"), "Scenario 4: cost during scenarios 1 and 2",
                    Report.costPanel(costs), Report.startPanel(coldStart, warmStart));
        } finally {
            Progress.line("stopping the system");
            system.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        report.write(options.outDir());
        Progress.line("wrote %s, report.json and the charts", options.outDir().resolve("report.md"));
        System.out.println();
        System.out.println(report.summary());
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /**
     * Scenario 4's warm start: the jars built and the data directory initialised (PostgreSQL's initdb done, every
     * schema migrated, the topics and keys created), the whole system stopped as a developer stops the local run
     * and started again on the same directory and ports.
     */
    private static Restarted warmStart(LocalSystem coldSystem, LocalSettings settings) throws SQLException {
        try {
            // a restart is what the logging collector needs, and scenario 1's SQL count reads its file
            SqlStatements.collectServerLog(coldSystem.jdbcUrl());
        } finally {
            coldSystem.close();
        }
        long start = System.nanoTime();
        LocalSystem system = LocalSystem.start(settings);
        return new Restarted(system, (System.nanoTime() - start) / 1e9);
    }

    private record Restarted(LocalSystem system, double seconds) {
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
