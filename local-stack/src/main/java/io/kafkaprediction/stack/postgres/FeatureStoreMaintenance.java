package io.kafkaprediction.stack.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.kafkaprediction.stack.FeatureRetention;

/**
 * The stack's scheduler of {@code feature_store_maintain()} (connect-configs/schema.sql): once at
 * start, then every {@code interval}, it creates the coming weeks' partitions and, with a retention,
 * drops the expired ones. A failed run is reported and retried at the next tick; it never stops the
 * schedule. Any other scheduler (cron, pg_cron, a CronJob) can call the same function instead.
 */
public final class FeatureStoreMaintenance implements AutoCloseable {
    private final PostgresServer postgres;
    private final Optional<FeatureRetention> retention;
    private final Consumer<String> report;
    private ScheduledExecutorService scheduler;

    public FeatureStoreMaintenance(PostgresServer postgres, Optional<FeatureRetention> retention, Consumer<String> report) {
        this.postgres = postgres;
        this.retention = retention;
        this.report = report;
    }

    /** Runs now and then every {@code interval} on a daemon thread. */
    public synchronized FeatureStoreMaintenance start(Duration interval) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "feature-store-maintenance");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One maintenance run, now, in the caller's thread: what it did, one line per partition created or dropped. */
    public synchronized List<String> runOnce() throws SQLException {
        List<String> actions = new ArrayList<>();
        try (Connection db = postgres.connect(PostgresServer.DATABASE);
             PreparedStatement st = db.prepareStatement("SELECT * FROM feature_store_maintain(retention => ?::interval)")) {
            st.setString(1, retention.map(FeatureRetention::sqlInterval).orElse(null));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
        }
        return actions;
    }

    private void runQuietly() {
        try {
            // "skipped" lines (weeks the migrated legacy partition covers) repeat every run: not news.
            runOnce().stream().filter(line -> !line.startsWith("skipped ")).forEach(report);
        } catch (SQLException | RuntimeException e) {
            report.accept("maintenance failed, retried at the next run: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }
}
