package org.releasegovernance.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A JFR recording of a service process (through {@code jcmd}), read back into the top costs: the packages most
 * often on the stack of a running thread (inclusive), and the methods most often on top (self).
 */
final class Profiler {

    record Cost(String name, double percentOfSamples) {
    }

    /** Time threads spent blocked (JFR's threshold: 10 ms or more each), by where they blocked. */
    record Blocked(String where, long events, double totalMs) {
    }

    /** @param byStep share of samples in each step of a decision ({@link #STEPS}), inclusive */
    record Profile(String recording, long samples, List<Cost> inclusiveByPackage, List<Cost> selfByMethod,
                   List<Blocked> blocked, List<Cost> byStep) {
    }

    /**
     * Steps of a decision and of its publishing, each known by a method (or any method of a class, {@code Class.*})
     * on the stack while it does its own work: what removing or caching that step could save at most. Filters that
     * wrap the rest of the request are known by their own work, not by the call that wraps everything after them.
     */
    private static final Map<String, List<String>> STEPS = stepsInOrder(
            "check the bearer token", "HashedTokenIntrospector.introspect",
            "idempotency key: reserve, hash, store the answer",
            "IdempotencyKeys.reserved IdempotencyKeys.store IdempotencyKeys.hash",
            "read the JSON body", "AbstractMessageConverterMethodArgumentResolver.readWithMessageConverters",
            "load the release (Axon event sourcing repository)", "EventSourcingRepository.doLoadWithLock",
            "append the events", "AbstractEventStorageEngine.appendEvents",
            "update the release list (subscribing projection)", "ReleaseSummaries.on",
            "fold the answer (ReleaseQueries)", "ReleaseQueries.afterDecision",
            "write the JSON answer", "AbstractMessageConverterMethodProcessor.writeWithMessageConverters",
            "request metrics (timers started and stopped)", "DefaultMeterObservationHandler.*",
            "publish to Kafka (tracking processor)", "TrackingEventProcessor.processBatch");

    private static Map<String, List<String>> stepsInOrder(String... labelsAndMarkers) {
        Map<String, List<String>> steps = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labelsAndMarkers.length; i += 2) {
            steps.put(labelsAndMarkers[i], List.of(labelsAndMarkers[i + 1].split(" ")));
        }
        return steps;
    }

    private static final Set<String> BLOCKING = Set.of("jdk.ThreadPark", "jdk.SocketRead", "jdk.JavaMonitorEnter",
            "jdk.JavaMonitorWait");
    /** Threads waiting for work, not for a resource: idle HTTP workers, pollers, executors of the JDK. */
    private static final List<String> IDLE = List.of("TaskQueue.poll", "TaskThread$WrappingRunnable", "the JDK",
            "NioEndpoint$Poller", "NioEndpoint$NioSocketWrapper.read");

    private final long pid;
    private final Path file;

    private Profiler(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    static Profiler start(long pid, Path file) {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + file);
        return new Profiler(pid, file);
    }

    Profile stop() {
        jcmd(pid, "JFR.stop", "name=bench");
        return analyse(file);
    }

    static Profile analyse(Path file) {
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        Map<String, long[]> blocked = new HashMap<>();
        Map<String, Integer> steps = new HashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (BLOCKING.contains(type) && event.getStackTrace() != null) {
                    String where = type.substring(4) + " in " + firstOwnFrame(event.getStackTrace());
                    if (IDLE.stream().anyMatch(where::contains)) {
                        continue;
                    }
                    long[] totals = blocked.computeIfAbsent(where, key -> new long[2]);
                    totals[0]++;
                    totals[1] += event.getDuration().toNanos();
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                RecordedFrame top = stack.getFrames().get(0);
                methods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1,
                        Integer::sum);
                Set<String> seen = new HashSet<>();
                Set<String> frames = new HashSet<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    String frameType = frame.getMethod().getType().getName();
                    seen.add(packagePrefix(frameType));
                    String simpleName = frameType.substring(frameType.lastIndexOf('.') + 1);
                    frames.add(simpleName + "." + frame.getMethod().getName());
                    frames.add(simpleName + ".*");
                }
                seen.forEach(name -> packages.merge(name, 1, Integer::sum));
                STEPS.forEach((step, markers) -> {
                    if (markers.stream().anyMatch(frames::contains)) {
                        steps.merge(step, 1, Integer::sum);
                    }
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + file, e);
        }
        List<Blocked> blockedTop = new ArrayList<>();
        blocked.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(12)
                .forEach(entry -> blockedTop.add(new Blocked(entry.getKey(), entry.getValue()[0],
                        Math.round(entry.getValue()[1] / 1e5) / 10.0)));
        List<Cost> byStep = new ArrayList<>();
        for (String step : STEPS.keySet()) {
            byStep.add(new Cost(step, Math.round(1000.0 * steps.getOrDefault(step, 0) / Math.max(1, samples)) / 10.0));
        }
        return new Profile(file.toString(), samples, top(packages, samples, 15), top(methods, samples, 12),
                blockedTop, byStep);
    }

    /** The first frame outside the JDK: who waited (a connection pool, the database driver, a lock of ours). */
    private static String firstOwnFrame(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return type + "." + frame.getMethod().getName();
            }
        }
        return "the JDK";
    }

    private static List<Cost> top(Map<String, Integer> counts, long samples, int limit) {
        List<Cost> costs = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(entry -> costs.add(new Cost(entry.getKey(),
                        Math.round(1000.0 * entry.getValue() / Math.max(1, samples)) / 10.0)));
        return costs;
    }

    /** The first three segments of a class's package, e.g. {@code org.axonframework.eventsourcing}. */
    private static String packagePrefix(String className) {
        String[] parts = className.split("\\.");
        int segments = Math.min(3, Math.max(1, parts.length - 1));
        StringBuilder prefix = new StringBuilder(parts[0]);
        for (int i = 1; i < segments; i++) {
            prefix.append('.').append(parts[i]);
        }
        return prefix.toString();
    }

    private static void jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
