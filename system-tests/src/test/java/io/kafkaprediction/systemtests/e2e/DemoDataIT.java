package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.demo.DemoData;
import io.kafkaprediction.stack.demo.DemoDataCommand;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * {@code ./stack demo-data} against the real stack: its events go through the REST Proxy, Kafka and
 * the sink into PostgreSQL, every one of them, and every label of the CSV agrees with the purchases
 * PostgreSQL now holds.
 */
@ExtendWith(SystemStack.class)
// The reliability execution runs every class -Dit.test names; this one belongs to the e2e run only.
@DisabledIfSystemProperty(named = "stack.reliability", matches = "true")
class DemoDataIT {
    private static final int USERS = 1000;
    private static final Duration HORIZON = Duration.ofHours(6);

    @Test
    void demoEventsLandInPostgresAndTheLabelsAgreeWithTheStoredPurchases(LocalStack stack, @TempDir Path dir) throws Exception {
        Instant end = Instant.now().minusSeconds(60);
        Path labels = dir.resolve("labels.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoDataCommand.run(stack.restProxyUrl(), new String[] {"--users", Integer.toString(USERS), "--days", "3",
                "--seed", "11", "--output", labels.toString()}, end,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("for 1000 users").contains("wrote 5000 labels");

        // What the command produced, generated again from the same settings.
        DemoData data = new DemoData(new DemoData.Settings(USERS, 3, 11, end, HORIZON, 5));
        Map<String, Integer> expected = new TreeMap<>();
        List<String> expectedLabels = new ArrayList<>(List.of("user_id,timestamp,label"));
        for (int i = 0; i < USERS; i++) {
            DemoData.User user = data.user(i);
            user.events().forEach(e -> expected.merge(e.eventType(), 1, Integer::sum));
            user.labels().forEach(l -> expectedLabels.add(l.userId() + "," + l.timestamp() + "," + l.label()));
        }
        assertThat(expected.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(10_000);

        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE)) {
            Pipeline.await("every demo event in user_features", () -> {
                Map<String, Integer> counts = counts(db, end);
                return counts.equals(expected) ? null : "rows " + counts + ", expected " + expected;
            }, 1_000);

            List<String> written = Files.readAllLines(labels);
            assertThat(written).containsExactlyElementsOf(expectedLabels);
            // Each label recomputed from the purchases PostgreSQL holds: (timestamp, timestamp + horizon].
            try (PreparedStatement purchased = db.prepareStatement("SELECT EXISTS (SELECT 1 FROM user_features "
                    + "WHERE user_id = ? AND event_type = 'purchase' AND ingestion_timestamp > ? AND ingestion_timestamp <= ?)")) {
                int positives = 0;
                for (String line : written.subList(1, written.size())) {
                    String[] cells = line.split(",");
                    Instant t = Instant.parse(cells[1]);
                    purchased.setString(1, cells[0]);
                    purchased.setTimestamp(2, Timestamp.from(t));
                    purchased.setTimestamp(3, Timestamp.from(t.plus(HORIZON)));
                    try (ResultSet rs = purchased.executeQuery()) {
                        rs.next();
                        assertThat(cells[2]).as(line).isEqualTo(rs.getBoolean(1) ? "1" : "0");
                    }
                    positives += Integer.parseInt(cells[2]);
                }
                assertThat(positives).as("positive labels").isBetween(100, 2_000);
            }
        }
    }

    /** Rows per event type of the demo users, with event times in the demo's span. */
    private static Map<String, Integer> counts(Connection db, Instant end) {
        Map<String, Integer> counts = new TreeMap<>();
        try (PreparedStatement select = db.prepareStatement("SELECT event_type, count(*) FROM user_features "
                + "WHERE user_id ~ '^user[0-9]{5}$' AND ingestion_timestamp > ? AND ingestion_timestamp <= ? GROUP BY event_type")) {
            select.setTimestamp(1, Timestamp.from(end.minus(Duration.ofDays(3))));
            select.setTimestamp(2, Timestamp.from(end));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("counting the demo rows failed", e);
        }
        return counts;
    }
}
