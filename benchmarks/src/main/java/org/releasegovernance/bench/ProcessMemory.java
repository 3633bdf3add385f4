package org.releasegovernance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process from {@code /proc/<pid>/status} (Linux), and heap in use from a service's metrics. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Current resident set size in KiB, or -1 if unknown. */
    static long rssKiB(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** The kernel's high-water mark of the resident set size in KiB, or -1 if unknown. */
    static long peakRssKiB(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** Heap in use (all heap pools) from the service's Prometheus endpoint, or -1 if it does not answer. */
    static long heapUsedBytes(Http http, String serviceUrl) {
        Http.Response response = http.get(serviceUrl + "/actuator/prometheus", "demo-auditor");
        if (response.status() != 200) {
            return -1;
        }
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
