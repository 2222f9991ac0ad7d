package io.kafkaprediction.stack;

import java.io.PrintStream;
import java.util.Locale;

/** One line per step with the time since start, so a slow start-up never looks like a hang. */
final class Progress {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void line(String component, String message) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "[%5.1fs] %-15s %s%n", seconds, component, message);
        out.flush();
    }

    /** Seconds since {@code sinceNanos}, for "ready in 1.2 s". */
    static String since(long sinceNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
    }
}
