package org.releasegovernance.bench;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds, summarised from an HdrHistogram recorded in microseconds.
 *
 * @param count how many were measured
 */
public record Latency(long count, double p50, double p95, double p99, double max) {

    /** A histogram for latencies in microseconds, up to ten minutes, three significant digits. */
    static Histogram histogram() {
        return new org.HdrHistogram.ConcurrentHistogram(600_000_000L, 3);
    }

    static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0);
        }
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(95)), ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }
}
