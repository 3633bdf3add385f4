package org.releasegovernance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc/<pid>/stat} (Linux): what a decision costs in CPU does not depend on
 * what else the shared machine runs, as decisions per second do.
 */
final class ProcessCpu {

    /** The kernel's clock ticks per second for {@code /proc} times ({@code USER_HZ}), 100 on Linux. */
    private static final double TICKS_PER_MILLISECOND = 0.1;

    private ProcessCpu() {
    }

    /** User plus system CPU time of the process so far, in milliseconds, or -1 if unknown. */
    static long millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command name, which is in parentheses and may hold spaces: state is field 3,
            // utime and stime fields 14 and 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Math.round((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_MILLISECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU milliseconds per decision between two readings, or 0 when either reading is unknown. */
    static double perDecision(long before, long after, long decisions) {
        return before < 0 || after < 0 || decisions == 0 ? 0 : (double) (after - before) / decisions;
    }
}
