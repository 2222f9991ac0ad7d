package io.kafkaprediction.systemtests.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.kafkaprediction.stack.LocalStack;

/**
 * Counts the rows of one range of {@link FeatureEvents} every {@link #INTERVAL_MS} ms from its own
 * thread: what a reader of {@code user_features} could see at that moment (-1 while the database
 * does not answer), so the timeline shows the stall and the catch-up as they happened.
 */
final class RowSampler extends BackgroundLoop<RowSampler> {
    static final long INTERVAL_MS = 500;

    /** {@code rows} visible at {@code nanos} (System.nanoTime), or -1 when the count failed. */
    record Sample(long nanos, long rows) {
    }

    private final FeatureRows rows;
    private final int from;
    private final int count;
    private final List<Sample> samples = new ArrayList<>();

    RowSampler(LocalStack stack, int from, int count) {
        super("row-sampler");
        this.rows = new FeatureRows(stack);
        this.from = from;
        this.count = count;
    }

    @Override
    void loop() {
        long next = System.nanoTime();
        while (!stopped()) {
            long visible = rows.count(from, count);
            synchronized (samples) {
                samples.add(new Sample(System.nanoTime(), visible));
            }
            next += INTERVAL_MS * 1_000_000;
            long wait = next - System.nanoTime();
            try {
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else {
                    next = System.nanoTime(); // a count that took longer than the interval: no burst of catch-up counts
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops counting (the count under way finishes) and returns the samples in order. */
    List<Sample> finish() {
        stop(Duration.ofSeconds(30), false);
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30), false);
    }
}
