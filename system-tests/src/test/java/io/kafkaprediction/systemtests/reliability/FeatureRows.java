package io.kafkaprediction.systemtests.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.function.Supplier;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.postgres.PostgresServer;

/** What {@code user_features} holds, read as the database owner. */
final class FeatureRows {
    private final LocalStack stack;

    FeatureRows(LocalStack stack) {
        this.stack = stack;
    }

    /**
     * The rows of one range of {@link FeatureEvents} (its timestamps), compared with the events.
     *
     * @param rows        count(*)
     * @param distinctIds count(distinct feature_id)
     * @param found       events of the range with a row
     * @param lost        events of the range without a row
     * @param unexpected  rows that match no event sent
     */
    record Tally(int expected, long rows, long distinctIds, int found, int lost, long unexpected) {
        /** Rows beyond one per event found: a second row for the same event. */
        long duplicated() {
            return rows - unexpected - found;
        }

        @Override
        public String toString() {
            return "expected " + expected + ", rows " + rows + ", distinct feature_id " + distinctIds + ", found " + found
                    + ", lost " + lost + ", duplicated " + duplicated() + ", unexpected " + unexpected;
        }
    }

    Tally tally(int from, int expected) throws SQLException {
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE)) {
            long rows;
            long distinct;
            try (PreparedStatement st = inRange(db, "SELECT count(*), count(DISTINCT feature_id)", from, expected);
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                rows = rs.getLong(1);
                distinct = rs.getLong(2);
            }
            BitSet seen = new BitSet(expected);
            long unexpected = 0;
            db.setAutoCommit(false);
            try (PreparedStatement st = inRange(db, "SELECT user_id, event_type, "
                    + "(extract(epoch FROM ingestion_timestamp) * 1000)::bigint", from, expected)) {
                st.setFetchSize(10_000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        int index = FeatureEvents.indexOf(rs.getString(1), rs.getString(2), rs.getLong(3)) - from;
                        if (index < 0 || index >= expected) {
                            unexpected++;
                        } else {
                            seen.set(index);
                        }
                    }
                }
            }
            db.commit();
            int found = seen.cardinality();
            return new Tally(expected, rows, distinct, found, expected - found, unexpected);
        }
    }

    /** Rows of the range, or -1 while the database does not answer. */
    long count(int from, int count) {
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE);
             PreparedStatement st = inRange(db, "SELECT count(*)", from, count);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException | RuntimeException e) {
            return -1;
        }
    }

    private static PreparedStatement inRange(Connection db, String select, int from, int count) throws SQLException {
        PreparedStatement st = db.prepareStatement(select
                + " FROM user_features WHERE ingestion_timestamp >= ? AND ingestion_timestamp < ?");
        st.setObject(1, FeatureEvents.timestamp(from).atOffset(ZoneOffset.UTC));
        st.setObject(2, FeatureEvents.timestamp(from + count).atOffset(ZoneOffset.UTC));
        return st;
    }

    /**
     * Polls until the range has at least {@code target} rows; returns the seconds waited. The failure
     * message carries the connector's state, which is what explains a stall.
     */
    double awaitCount(int from, int count, long target, Duration timeout, Supplier<String> context)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long last = -1;
        while (true) {
            last = count(from, count);
            if (last >= target) {
                return (System.nanoTime() - start) / 1e9;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("user_features has " + last + " rows, expected at least " + target
                        + " within " + timeout.toSeconds() + " s; " + context.get());
            }
            Thread.sleep(200);
        }
    }
}
