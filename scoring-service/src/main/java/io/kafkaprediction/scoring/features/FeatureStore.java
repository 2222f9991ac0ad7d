package io.kafkaprediction.scoring.features;

import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Computes model features from {@code user_features} (blocking JDBC: callers run it off the event
 * loop; {@link FeatureLookups} does). The SQL comes from {@link FeatureQuery}, the one translation
 * of feature definitions, shared with {@code as_of} lookups and training sets.
 */
@Singleton
public final class FeatureStore {

    public static final String LOOKUPS_OFF = "feature lookups are off: DATABASE_URL is not set";

    private final @Nullable DataSource dataSource;

    public FeatureStore(@Nullable DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** False when no {@code DATABASE_URL} is configured: requests must then carry their features. */
    public boolean enabled() {
        return dataSource != null;
    }

    /**
     * One query for a batch of entities (user, t).
     *
     * @return per entity, in order: its values in definition order (NaN: missing), or null when
     *     the user has no event of the query's event types at or before t
     * @throws FeatureStoreUnavailableException when lookups are off or PostgreSQL cannot answer
     */
    public double[][] values(FeatureQuery query, List<String> userIds, List<Instant> times) {
        if (dataSource == null) {
            throw new FeatureStoreUnavailableException(LOOKUPS_OFF);
        }
        try (Connection connection = dataSource.getConnection()) {
            return query.run(connection, userIds, times);
        } catch (SQLException e) {
            // The SQL error goes to the log (with the request id), not to the client.
            throw new FeatureStoreUnavailableException(FeatureLookups.UNAVAILABLE, e);
        }
    }

    /** How often {@link #settledNow} asks whether the transactions in flight at t have ended. */
    static final long SETTLE_POLL_MS = 2;

    /**
     * "Now" for an arrival lookup that {@code training-set --semantics arrival} at the same instant
     * rebuilds exactly: PostgreSQL's {@code clock_timestamp()} t, returned once every transaction that
     * was writing at t has ended (committed or rolled back). A row with {@code arrived_at <= t} was
     * inserted by t, by a transaction that had its xid by then (the column's default takes the xid
     * before the time, see schema.sql), and a transaction holds the lock on its own xid from the moment
     * it is assigned until after its commit is visible. So: read, after t, the xids locked (pg_locks:
     * every running transaction with an xid, including those above a snapshot's xmax, which
     * pg_current_snapshot() does not list), and wait until none of them is locked any more.
     *
     * @param deadlineNanos {@link System#nanoTime()} past which it gives up
     * @throws FeatureStoreUnavailableException past the deadline (a long transaction somewhere in the
     *     database holds it) or when PostgreSQL cannot answer
     */
    public Instant settledNow(long deadlineNanos) {
        if (dataSource == null) {
            throw new FeatureStoreUnavailableException(LOOKUPS_OFF);
        }
        try (Connection connection = dataSource.getConnection(); Statement st = connection.createStatement()) {
            Instant t;
            try (ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
                rs.next();
                t = rs.getObject(1, OffsetDateTime.class).toInstant();
            }
            // A second statement, so it reads the locks after t. Nothing locked: nothing was writing, no wait.
            String writing;
            try (ResultSet rs = st.executeQuery("SELECT string_agg(transactionid::text, ',') FROM pg_locks "
                    + "WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted")) {
                rs.next();
                writing = rs.getString(1);
            }
            if (writing == null) {
                return t;
            }
            try (PreparedStatement poll = connection.prepareStatement("SELECT NOT EXISTS (SELECT FROM pg_locks "
                    + "WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted "
                    + "AND transactionid::text = ANY (string_to_array(?, ',')))")) {
                poll.setString(1, writing);
                while (true) {
                    if (System.nanoTime() - deadlineNanos >= 0) {
                        throw new FeatureStoreUnavailableException("feature lookup gave up waiting for the "
                                + "transactions writing at " + t + " to end (LOOKUP_TIMEOUT_MS); a long transaction "
                                + "holds the feature store");
                    }
                    TimeUnit.MILLISECONDS.sleep(SETTLE_POLL_MS);
                    try (ResultSet rs = poll.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            return t;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new FeatureStoreUnavailableException(FeatureLookups.UNAVAILABLE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeatureStoreUnavailableException("feature lookup interrupted", e);
        }
    }

    /** A cheap round trip for readiness. */
    public boolean reachable() {
        if (dataSource == null) {
            return true;
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    static UnknownUserException unknownUser(String userId, List<String> featureNames, @Nullable Instant asOf) {
        return new UnknownUserException("user_id '" + userId + "' has no features " + featureNames
                + " in the feature store" + (asOf != null ? " as of " + asOf : ""));
    }

}
