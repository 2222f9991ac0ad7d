package io.kafkaprediction.scoring.features;

import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
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
