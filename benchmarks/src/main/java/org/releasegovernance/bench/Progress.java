package org.releasegovernance.bench;

/** The progress line: what runs now and since when. */
public final class Progress {

    private static final long START = System.nanoTime();

    private Progress() {
    }

    public static void line(String format, Object... args) {
        long seconds = (System.nanoTime() - START) / 1_000_000_000L;
        System.out.printf("[%02d:%02d] %s%n", seconds / 60, seconds % 60, String.format(format, args));
        System.out.flush();
    }
}
