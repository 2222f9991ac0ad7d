package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.FeatureRetention;
import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackConfig;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.postgres.FeatureStoreMaintenance;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.systemtests.StackFiles;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Retention by whole partitions while the pipeline writes, on a stack of its own with
 * {@code FEATURE_RETENTION=14d} (the shared stack's tests write events of January 2026, which a
 * 14-day retention would refuse): five weeks of history (one row an hour), then 100 000 new events
 * produced as fast as the producer goes; when a tenth of them are in, the stack's next maintenance
 * run. The weeks past the retention are gone, the weeks inside it are whole, and every one of the
 * 100 000 events has exactly its row (checked one by one).
 */
@ExtendWith(SystemStack.class)
class RetentionIT {
    private static final int EVENTS = 100_000;
    private static final int HISTORY_HOURS = 35 * 24;

    @Test
    void expiredWeeksGoOnTheNextMaintenanceRunWhileIngestionLosesNothing(LocalStack shared) throws Exception {
        Path dataDir = StackFiles.newDataFolder("retention-stack");
        StackConfig config = StackConfig.builder(dataDir, shared.config().pluginPath(), shared.config().connectConfigs())
                .workerJvmOptions(shared.config().workerJvmOptions())
                .featureRetention(FeatureRetention.parse("14d"))
                .maintenanceInterval(Duration.ofHours(12))
                .build();
        try (LocalStack stack = new LocalStack(config).start()) {
            assertThat(stack.connectClient().get("/connectors/" + StackNames.CONNECTOR + "/config").body()
                    .path("transforms.validate.retention").asText()).as("FEATURE_RETENTION reaches the transform").isEqualTo("14d");
            expire(stack);
        }
        StackFiles.deleteTree(dataDir);
    }

    private static void expire(LocalStack stack) throws Exception {
        String run = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        FeatureStoreMaintenance maintenance = stack.maintenance();
        // Waits for the run at start-up (runs never overlap), so the set-up below races nothing.
        maintenance.runOnce();
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE); Statement st = db.createStatement()) {
            st.execute("SELECT count(*) FROM feature_store_maintain(since => now() - interval '36 days')");
            st.executeUpdate("INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) "
                    + "SELECT gen_random_uuid(), '" + run + "-old', 'click', i, date_trunc('hour', now()) - i * interval '1 hour' "
                    + "FROM generate_series(1, " + HISTORY_HOURS + ") i");
            // The boundary: weeks that end before now() - 14 days go; the week holding that instant stays.
            Instant keptFrom = instant(st, "SELECT date_trunc('week', (now() - interval '14 days') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'");
            long oldExpired = count(st, "SELECT count(*) FROM user_features WHERE user_id = '" + run + "-old' "
                    + "AND ingestion_timestamp < '" + keptFrom + "'");
            long oldKept = HISTORY_HOURS - oldExpired;
            assertThat(oldExpired).as("history rows in weeks past the retention").isGreaterThan(7 * 24);

            long firstMillis = System.currentTimeMillis() - 10 * 60_000L;
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            Thread producer = new Thread(() -> produce(stack, run, firstMillis, sendFailure), "retention-producer");
            long t0 = System.nanoTime();
            producer.start();
            String newRows = "SELECT count(*) FROM user_features WHERE user_id >= '" + run + "-n' AND user_id < '" + run + "-o'";
            Pipeline.await("a tenth of the events as rows", () -> count(st, newRows) >= EVENTS / 10 ? null : "not yet", 200);
            long before = count(st, newRows);
            long m0 = System.nanoTime();
            List<String> actions = maintenance.runOnce();
            double maintenanceSeconds = (System.nanoTime() - m0) / 1e9;
            long after = count(st, newRows);
            Pipeline.await("all " + EVENTS + " events as rows", () -> {
                long rows = count(st, newRows);
                return rows >= EVENTS ? null : rows + " rows";
            }, 500);
            double seconds = (System.nanoTime() - t0) / 1e9;
            producer.join();
            System.out.printf("RETENTION | %d events in %.1f s (%.0f ev/s) | maintenance %.3f s while %d -> %d rows were in | %s%n",
                    EVENTS, seconds, EVENTS / seconds, maintenanceSeconds, before, after, actions);

            assertThat(sendFailure.get()).as("producer failure").isNull();
            assertThat(after).as("the maintenance ran while ingestion was under way").isLessThan(EVENTS);
            assertThat(actions).as("maintenance actions").isNotEmpty().anyMatch(a -> a.startsWith("dropped user_features_2"))
                    .noneMatch(a -> a.startsWith("busy "));
            assertThat(count(st, "SELECT count(*) FROM user_features WHERE user_id = '" + run + "-old' "
                    + "AND ingestion_timestamp < '" + keptFrom + "'")).as("history rows past the retention").isZero();
            assertThat(count(st, "SELECT count(*) FROM user_features WHERE user_id = '" + run + "-old'"))
                    .as("history rows inside the retention").isEqualTo(oldKept);
            assertEveryEventHasExactlyItsRow(db, run, firstMillis);
        }
    }

    /** Event i: user {@code <run>-n<i % 1000>}, type view, value i, time firstMillis + i ms. */
    private static void produce(LocalStack stack, String run, long firstMillis, AtomicReference<Exception> failure) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS && failure.get() == null; i++) {
                String user = run + "-n" + (i % 1000);
                String json = "{\"user_id\":\"" + user + "\",\"event_type\":\"view\",\"value\":" + i + ",\"timestamp\":"
                        + (firstMillis + i) + "}";
                kafka.send(new ProducerRecord<>(StackNames.EVENTS_TOPIC, user, json.getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            kafka.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private static void assertEveryEventHasExactlyItsRow(Connection db, String run, long firstMillis) throws SQLException {
        BitSet seen = new BitSet(EVENTS);
        int rows = 0;
        int wrong = 0;
        String firstWrong = null;
        try (PreparedStatement select = db.prepareStatement("SELECT user_id, event_type, feature_value, "
                + "(extract(epoch FROM ingestion_timestamp) * 1000)::bigint FROM user_features WHERE user_id >= ? AND user_id < ?")) {
            select.setString(1, run + "-n");
            select.setString(2, run + "-o");
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    int i = (int) rs.getDouble(3);
                    String expected = (run + "-n" + (i % 1000)) + "|view|" + (firstMillis + i);
                    String actual = rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(4);
                    if (!expected.equals(actual) || seen.get(i)) {
                        wrong++;
                        firstWrong = firstWrong == null ? "value " + i + ": " + actual + " (expected " + expected + ")" : firstWrong;
                    }
                    seen.set(i);
                }
            }
        }
        assertThat(wrong).as("rows that differ from their event or repeat one, first: %s", firstWrong).isZero();
        assertThat(rows).as("rows of the run").isEqualTo(EVENTS);
        assertThat(seen.cardinality()).as("events with a row (lost: %d)", EVENTS - seen.cardinality()).isEqualTo(EVENTS);
    }

    private static long count(Statement st, String sql) {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
