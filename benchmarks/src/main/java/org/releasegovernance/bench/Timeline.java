package org.releasegovernance.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/** Completions per second since a start instant: the throughput-over-time series of a chart. */
final class Timeline {

    private static final int MAX_SECONDS = 3600;
    private final long startNanos;
    private final AtomicLongArray perSecond = new AtomicLongArray(MAX_SECONDS);
    private volatile int lastSecond = -1;

    Timeline() {
        this.startNanos = System.nanoTime();
    }

    void record() {
        add(1);
    }

    void add(long count) {
        int second = (int) Math.min(MAX_SECONDS - 1, (System.nanoTime() - startNanos) / 1_000_000_000L);
        perSecond.addAndGet(second, count);
        if (second > lastSecond) {
            lastSecond = second;
        }
    }

    /** The counts of each whole second so far (the second still running is left out unless it is the only one). */
    long[] series() {
        int seconds = (int) Math.min(MAX_SECONDS, (System.nanoTime() - startNanos) / 1_000_000_000L);
        int length = Math.max(1, Math.min(seconds, lastSecond + 1));
        long[] series = new long[length];
        for (int i = 0; i < length; i++) {
            series[i] = perSecond.get(i);
        }
        return series;
    }
}
