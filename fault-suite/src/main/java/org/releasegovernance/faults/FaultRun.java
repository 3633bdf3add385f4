package org.releasegovernance.faults;

import org.releasegovernance.bench.Http;
import org.releasegovernance.bench.Progress;
import org.releasegovernance.bench.WebhookReceiver;
import org.releasegovernance.local.Instances;
import org.releasegovernance.local.LocalSettings;
import org.releasegovernance.local.LocalSystem;
import org.releasegovernance.local.Service;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The fault suite: starts the system as the local run does, but with PostgreSQL and Kafka in a JVM of their own so
 * they can be killed too, subscribes a webhook receiver, and runs each fault scenario under a steady load of release
 * stories whose clients retry with the same Idempotency-Key. Writes {@code target/faults/report.md} and
 * {@code report.json}; exits 1 if any decision was lost or duplicated, any webhook missing or sent twice, or any
 * retry refused.
 *
 * <pre>./run-faults.sh [--quick] [--scenarios=ID[,ID...]] [--out=DIR]</pre>
 */
public final class FaultRun {

    private FaultRun() {
    }

    public static void main(String[] args) throws Exception {
        FaultOptions options = FaultOptions.parse(args);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Progress.line("%s run of %d scenarios; reports in %s", options.quick() ? "quick" : "full",
                options.faults().size(), options.outDir());
        List<Findings> findings = new ArrayList<>();
        List<String> aborted = new ArrayList<>();
        // one system for the single-instance scenarios, then, if any is asked for, one with two of each service
        Map<Integer, List<Fault>> byInstances = new TreeMap<>();
        options.faults().forEach(fault -> byInstances.computeIfAbsent(fault.instances(), n -> new ArrayList<>())
                .add(fault));
        for (Map.Entry<Integer, List<Fault>> group : byInstances.entrySet()) {
            Path dataDir = options.outDir().resolve(group.getKey() == 1 ? "data" : "data-" + group.getKey());
            try {
                runScenarios(options, group.getValue(), group.getKey(), dataDir, findings, aborted);
            } catch (RuntimeException e) {
                group.getValue().forEach(fault -> aborted.add(fault.id() + ": the system with " + group.getKey()
                        + " instance(s) of each service did not start: " + e.getMessage()));
                e.printStackTrace();
            }
        }
        FaultReport report = new FaultReport(startedAt, Scenario.round((System.nanoTime() - start) / 1e9),
                options.quick(), options.clients(), options.outage().toSeconds(), findings, aborted,
                FaultReport.thisMachine());
        report.write(options.outDir());
        Progress.line("wrote %s and report.json", options.outDir().resolve("report.md"));
        System.out.println();
        System.out.println(report.table());
        List<String> failures = report.failures();
        failures.forEach(failure -> System.out.println("FAILED " + failure));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static void runScenarios(FaultOptions options, List<Fault> faults, int instances, Path dataDir,
                                     List<Findings> findings, List<String> aborted) throws IOException {
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        LocalSystem system = LocalSystem.startWithInfrastructureProcess(
                LocalSettings.onFreePorts(dataDir, options.servicesDir()), Instances.onFreePorts(instances));
        Thread stopOnExit = new Thread(system::close, "stop-the-system");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Progress.line("the system is up with %d instance(s) of each service (logs in %s)", instances,
                dataDir.resolve("logs"));
        Map<String, List<String>> webhooks = new ConcurrentHashMap<>();
        Http http = new Http();
        try (WebhookReceiver receiver = new WebhookReceiver((release, webhookId, at) -> webhooks
                .computeIfAbsent(release, r -> Collections.synchronizedList(new ArrayList<>())).add(webhookId))) {
            receiver.subscribe(http, system.settings().url(Service.NOTIFIER));
            Scenario scenario = new Scenario(options, system, http, webhooks,
                    Long.toString(System.currentTimeMillis() % 100_000_000L, 36));
            for (Fault fault : faults) {
                try {
                    Findings found = scenario.run(fault);
                    findings.add(found);
                    Progress.line("%s: %s", fault.id(), found.failures().isEmpty() ? "no loss, no duplicate"
                            : String.join("; ", found.failures()));
                } catch (Exception | AssertionError e) {
                    aborted.add(fault.id() + ": " + e);
                    e.printStackTrace();
                }
            }
        } finally {
            Progress.line("stopping the system");
            system.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
