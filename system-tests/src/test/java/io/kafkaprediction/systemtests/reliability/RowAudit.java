package io.kafkaprediction.systemtests.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import org.assertj.core.api.SoftAssertions;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.postgres.PostgresServer;

/**
 * Every row of one range of {@link FeatureEvents} checked against the event it came from: its
 * {@code feature_value} equal to the value sent, and how often a redelivery wrote it again.
 *
 * <p>The sink writes with {@code INSERT ... ON CONFLICT (feature_id) DO UPDATE}: a replayed record
 * finds its row and updates it. {@link #countReplays} installs an {@code AFTER UPDATE} trigger (in
 * the test stack only) that notes each such update in {@value #REPLAYS}; the primary key already
 * makes "no duplicate" certain, so these are the figure that shows what a fault did: the
 * redeliveries the upsert absorbed. (PostgreSQL's {@code xmax} marks an updated row too, but VACUUM
 * may clear it by freezing the page before the count is read.)
 */
final class RowAudit {
    private static final int SHOWN_MISMATCHES = 5;
    static final String REPLAYS = "test_replayed_rows";

    /**
     * @param found        events of the range with a row
     * @param wrongValues  rows whose feature_value differs from the value sent
     * @param redelivered  updates of the range's rows by a replay (a row replayed twice counts twice)
     * @param mismatches   the first few wrong values, for the failure message
     */
    record Audit(int expected, long rows, int found, long unexpected, long wrongValues, long redelivered,
                 List<String> mismatches) {
        int lost() {
            return expected - found;
        }

        String figures(String fault) {
            return String.format(Locale.ROOT, "RELIABILITY | %s | rows checked %d | feature_value as sent %d | wrong %d"
                            + " | redeliveries absorbed (rows updated by a replay) %d",
                    fault, rows, rows - unexpected - wrongValues, wrongValues, redelivered);
        }
    }

    private RowAudit() {
    }

    /** From now on, every update of a {@code user_features} row is noted in {@value #REPLAYS} (idempotent). */
    static void countReplays(LocalStack stack) throws SQLException {
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE); Statement st = db.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + REPLAYS + " (feature_id uuid NOT NULL)");
            // SECURITY DEFINER: the sink's role may not write anywhere but user_features.
            st.execute("CREATE OR REPLACE FUNCTION " + REPLAYS + "_note() RETURNS trigger LANGUAGE plpgsql"
                    + " SECURITY DEFINER SET search_path = public AS $$ BEGIN INSERT INTO " + REPLAYS
                    + " VALUES (NEW.feature_id); RETURN NULL; END $$");
            st.execute("CREATE OR REPLACE TRIGGER " + REPLAYS + "_note AFTER UPDATE ON user_features FOR EACH ROW"
                    + " EXECUTE FUNCTION " + REPLAYS + "_note()");
        }
    }

    /** Reads the rows of events {@code from} .. {@code from + expected - 1} once, as the database owner. */
    static Audit of(LocalStack stack, int from, int expected) throws SQLException {
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE)) {
            db.setAutoCommit(false);
            BitSet seen = new BitSet(expected);
            long rows = 0;
            long unexpected = 0;
            long wrong = 0;
            long redelivered = 0;
            List<String> mismatches = new ArrayList<>();
            try (PreparedStatement st = db.prepareStatement("SELECT user_id, event_type,"
                    + " (extract(epoch FROM ingestion_timestamp) * 1000)::bigint, feature_value"
                    + " FROM user_features WHERE ingestion_timestamp >= ? AND ingestion_timestamp < ?")) {
                st.setObject(1, FeatureEvents.timestamp(from).atOffset(ZoneOffset.UTC));
                st.setObject(2, FeatureEvents.timestamp(from + expected).atOffset(ZoneOffset.UTC));
                st.setFetchSize(10_000);
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
                        // Exact: the value travels as JSON text, a Java double and a PostgreSQL double precision.
                        if (Double.compare(value, FeatureEvents.value(index)) != 0) {
                            wrong++;
                            if (mismatches.size() < SHOWN_MISMATCHES) {
                                mismatches.add("event " + index + ": sent " + FeatureEvents.value(index) + ", row has " + value);
                            }
                        }
                    }
                }
            }
            try (PreparedStatement st = db.prepareStatement("SELECT count(*) FROM " + REPLAYS + " JOIN user_features"
                    + " USING (feature_id) WHERE ingestion_timestamp >= ? AND ingestion_timestamp < ?")) {
                st.setObject(1, FeatureEvents.timestamp(from).atOffset(ZoneOffset.UTC));
                st.setObject(2, FeatureEvents.timestamp(from + expected).atOffset(ZoneOffset.UTC));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    redelivered = rs.getLong(1);
                }
            }
            db.commit();
            return new Audit(expected, rows, seen.cardinality(), unexpected, wrong, redelivered, List.copyOf(mismatches));
        }
    }

    /**
     * Every row holds the value its event sent; when {@code faultRedelivers}, the fault made the sink
     * write some records again (at least one row updated by a replay).
     */
    static void assertValuesAsSent(Audit audit, boolean faultRedelivers) {
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(audit.lost()).as("events without a row").isZero();
            soft.assertThat(audit.wrongValues()).as("rows whose feature_value is not the value sent, e.g. %s",
                    audit.mismatches()).isZero();
            if (faultRedelivers) {
                soft.assertThat(audit.redelivered())
                        .as("rows a replay wrote again: the fault should have caused redelivery")
                        .isPositive();
            }
        });
    }
}
