package io.kafkaprediction.systemtests.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Latest-value lookups at a constant rate, latency from the intended send time: the database half of
 * {@code POST /predict} by {@code user_id} (the scoring service's latest-value SQL for the three
 * event types, one statement per user), without HTTP, so that the curve shows what the table's size
 * does to it. {@code connections} threads share one schedule (request k is due at start + k/rate); a
 * thread that falls behind sends late and the delay counts, so stalls are not hidden (no coordinated
 * omission).
 */
final class LookupLoad {
    /** The scoring service's latest-value lookup (FeatureQuery, kind LATEST), for one user and three event types. */
    static final String SQL = "SELECT "
            + "(SELECT uf.feature_value FROM user_features uf WHERE uf.user_id = ? AND uf.event_type = 'click' "
            + "AND uf.ingestion_timestamp <= now() ORDER BY uf.ingestion_timestamp DESC LIMIT 1), "
            + "(SELECT uf.feature_value FROM user_features uf WHERE uf.user_id = ? AND uf.event_type = 'view' "
            + "AND uf.ingestion_timestamp <= now() ORDER BY uf.ingestion_timestamp DESC LIMIT 1), "
            + "(SELECT uf.feature_value FROM user_features uf WHERE uf.user_id = ? AND uf.event_type = 'purchase' "
            + "AND uf.ingestion_timestamp <= now() ORDER BY uf.ingestion_timestamp DESC LIMIT 1)";

    /** Lookup latencies in microseconds, sorted. */
    record Result(long[] micros, double rate, double seconds, long found) {
        double percentileMillis(double p) {
            return LookupLoad.percentileMillis(micros, p);
        }
    }

    /** The {@code p}th percentile of sorted microseconds, in milliseconds (nearest rank). */
    static double percentileMillis(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sortedMicros.length - 1, Math.ceil(p / 100.0 * sortedMicros.length) - 1);
        return sortedMicros[Math.max(0, i)] / 1000.0;
    }

    private LookupLoad() {
    }

    /**
     * @param connections one per thread, closed by the caller
     * @param users       the next user for each lookup (called under a lock: not thread-safe samplers are fine)
     */
    static Result run(List<Connection> connections, double rate, double seconds, Supplier<String> users) throws Exception {
        long total = (long) (rate * seconds);
        long[] micros = new long[(int) total];
        AtomicLong next = new AtomicLong();
        AtomicLong found = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime() + 50_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (Connection db : connections) {
            Thread t = new Thread(() -> {
                try (PreparedStatement select = db.prepareStatement(SQL)) {
                    long k;
                    while (failure.get() == null && (k = next.getAndIncrement()) < total) {
                        long intended = start + (long) (k * 1e9 / rate);
                        long wait = intended - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        String user;
                        synchronized (users) {
                            user = users.get();
                        }
                        for (int p = 1; p <= 3; p++) {
                            select.setString(p, user);
                        }
                        try (ResultSet rs = select.executeQuery()) {
                            rs.next();
                            rs.getDouble(1);
                            if (!rs.wasNull()) {
                                found.incrementAndGet();
                            }
                        }
                        micros[(int) k] = (System.nanoTime() - intended) / 1000;
                    }
                } catch (SQLException | InterruptedException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "lookup-load");
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("lookup failed: " + failure.get(), failure.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(micros);
        return new Result(micros, rate, elapsed, found.get());
    }
}
