package io.kafkaprediction.systemtests.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Checks that rows in {@code user_features} are exactly the generated events: looked up by the
 * {@code feature_id} this benchmark computes, every column equal. After the pipeline run this
 * proves the SMT's ids and values match the ones COPY writes.
 */
final class RowCheck {
    private RowCheck() {
    }

    /** Checks {@code samples} events spread over {@code [0, count)}; throws naming the first mismatch. */
    static void verify(Connection db, FeatureEvents events, long count, int samples) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT user_id, event_type, feature_value, "
                + "(extract(epoch FROM ingestion_timestamp) * 1000)::bigint FROM user_features WHERE feature_id = ?::uuid")) {
            for (int k = 0; k < samples; k++) {
                long i = Math.min(count - 1, k * count / samples + k % 7);
                select.setString(1, events.featureId(i));
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("event " + i + " has no row with feature_id " + events.featureId(i)
                                + ": the benchmark's UUID v5 differs from the SMT's, or the row is missing");
                    }
                    String expected = events.userId(i) + "|" + events.eventType(i) + "|" + events.value(i) + "|" + events.epochMillis(i);
                    String actual = rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getDouble(3) + "|" + rs.getLong(4);
                    if (!expected.equals(actual)) {
                        throw new IllegalStateException("event " + i + ": row " + actual + " differs from event " + expected);
                    }
                }
            }
        }
    }
}
