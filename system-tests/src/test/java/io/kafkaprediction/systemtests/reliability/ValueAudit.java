package io.kafkaprediction.systemtests.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.BitSet;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.postgres.PostgresServer;

/**
 * Every row of one range of {@link FeatureEvents} checked against the event it came from: its
 * {@code feature_value} equal to the value sent, and whether a redelivery updated it. The sink
 * upserts ({@code INSERT ... ON CONFLICT DO UPDATE}): a row a replay reached is a new version
 * whose {@code xmax} is the replaying transaction's (a row lock, kept), while a row written once
 * has {@code xmax = 0}. The primary key makes duplicates impossible; this counts what it absorbed.
 */
final class ValueAudit {

    /**
     * @param rows       rows in the range's time span
     * @param found      events with a row
     * @param lost       events without a row
     * @param wrongValue rows whose feature_value differs from the value sent
     * @param unexpected rows that match no event sent
     * @param replayed   rows a redelivered event updated ({@code xmax <> 0})
     * @param firstWrong the first wrong row found, for the failure message (null when none)
     */
    record Audit(int expected, long rows, int found, int lost, long wrongValue, long unexpected, long replayed,
                 String firstWrong) {
        @Override
        public String toString() {
            return "expected " + expected + ", rows " + rows + ", found " + found + ", lost " + lost
                    + ", wrong feature_value " + wrongValue + ", unexpected " + unexpected + ", updated by a redelivery "
                    + replayed + (firstWrong == null ? "" : ", first wrong row: " + firstWrong);
        }
    }

    private ValueAudit() {
    }

    static Audit of(LocalStack stack, int from, int expected) throws SQLException {
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE)) {
            db.setAutoCommit(false); // a cursor: 100 000 rows are read in pages, not at once
            try (PreparedStatement st = db.prepareStatement("SELECT user_id, event_type,"
                    + " (extract(epoch FROM ingestion_timestamp) * 1000)::bigint, feature_value,"
                    + " xmax::text::bigint <> 0"
                    + " FROM user_features WHERE ingestion_timestamp >= ? AND ingestion_timestamp < ?")) {
                st.setObject(1, FeatureEvents.timestamp(from).atOffset(ZoneOffset.UTC));
                st.setObject(2, FeatureEvents.timestamp(from + expected).atOffset(ZoneOffset.UTC));
                st.setFetchSize(10_000);
                BitSet seen = new BitSet(expected);
                long rows = 0;
                long wrong = 0;
                long unexpected = 0;
                long replayed = 0;
                String firstWrong = null;
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        int index = FeatureEvents.indexOf(rs.getString(1), rs.getString(2), rs.getLong(3));
                        if (index < from || index >= from + expected) {
                            unexpected++;
                            continue;
                        }
                        seen.set(index - from);
                        double value = rs.getDouble(4);
                        // Exact: the JSON sent carries Double.toString of the value, which parses back to the same double.
                        if (Double.compare(value, FeatureEvents.value(index)) != 0) {
                            wrong++;
                            if (firstWrong == null) {
                                firstWrong = FeatureEvents.json(index) + " has feature_value " + value;
                            }
                        }
                        if (rs.getBoolean(5)) {
                            replayed++;
                        }
                    }
                }
                db.commit();
                int found = seen.cardinality();
                return new Audit(expected, rows, found, expected - found, wrong, unexpected, replayed, firstWrong);
            }
        }
    }
}
