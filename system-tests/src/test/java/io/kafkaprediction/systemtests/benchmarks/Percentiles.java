package io.kafkaprediction.systemtests.benchmarks;

/**
 * Nearest-rank percentiles of sorted samples: the smallest sample with at least p % of all samples
 * at or below it, so every figure printed is a latency that was actually measured. Written out here
 * (ten lines) rather than taken from commons-math, whose {@code Percentile} interpolates between
 * samples by default; shared by the freshness benchmark and {@code FreshnessIT}.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * @param sorted samples in ascending order (not checked: sorting is the caller's, once for all percentiles)
     * @param p      the percentile, in (0, 100]
     */
    public static long nearestRank(long[] sorted, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples to take the " + p + "th percentile of");
        }
        // p * n before the division keeps whole-number cases exact (99 % of 100 is rank 99, not 100).
        long rank = (long) Math.ceil(p * sorted.length / 100.0 - 1e-9);
        return sorted[(int) Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
