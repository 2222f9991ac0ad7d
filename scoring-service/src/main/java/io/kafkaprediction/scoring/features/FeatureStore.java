package io.kafkaprediction.scoring.features;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads users' latest value of each model feature from {@code user_features} (blocking JDBC:
 * callers run it off the event loop; {@link FeatureLookups} does).
 *
 * <p>One prepared statement for all features of one or more users: a LATERAL probe per
 * (user, event type) walks the unique index (user_id, event_type, ingestion_timestamp) backwards
 * and stops at the first row, so the cost is one index descent per feature however long the
 * user's history is.
 */
@Singleton
public final class FeatureStore {

    public static final String LOOKUPS_OFF = "feature lookups are off: DATABASE_URL is not set";

    static final String LATEST_VALUES_SQL = """
            SELECT u.ord, n.ord, f.feature_value
            FROM unnest(?::text[]) WITH ORDINALITY AS u(user_id, ord)
            CROSS JOIN unnest(?::text[]) WITH ORDINALITY AS n(event_type, ord)
            CROSS JOIN LATERAL (
                SELECT uf.feature_value
                FROM user_features uf
                WHERE uf.user_id = u.user_id AND uf.event_type = n.event_type
                ORDER BY uf.ingestion_timestamp DESC
                LIMIT 1
            ) f""";

    private final @Nullable DataSource dataSource;
    private volatile NamesLiteral namesLiteral;

    public FeatureStore(@Nullable DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** False when no {@code DATABASE_URL} is configured: requests must then carry their features. */
    public boolean enabled() {
        return dataSource != null;
    }

    /**
     * @return the latest value per feature name, in the given order, NaN where the user has none
     * @throws UnknownUserException             when the user has none of the features
     * @throws FeatureStoreUnavailableException when lookups are off or PostgreSQL cannot answer
     */
    public float[] latestValues(String userId, List<String> featureNames) {
        float[] values = latestValues(List.of(userId), featureNames).get(userId);
        if (values == null) {
            throw unknownUser(userId, featureNames);
        }
        return values;
    }

    /**
     * One query for several users (distinct ids).
     *
     * @return per user that has at least one of the features, its values in feature order (NaN: none)
     * @throws FeatureStoreUnavailableException when lookups are off or PostgreSQL cannot answer
     */
    public Map<String, float[]> latestValues(List<String> userIds, List<String> featureNames) {
        if (dataSource == null) {
            throw new FeatureStoreUnavailableException(LOOKUPS_OFF);
        }
        Map<String, float[]> found = new HashMap<>(userIds.size() * 2);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LATEST_VALUES_SQL)) {
            // text[] literals: the feature names' is built once per model; cheaper than createArrayOf.
            statement.setString(1, arrayLiteral(userIds));
            statement.setString(2, namesLiteral(featureNames));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String userId = userIds.get(rows.getInt(1) - 1);
                    float[] values = found.computeIfAbsent(userId, u -> nanRow(featureNames.size()));
                    values[rows.getInt(2) - 1] = (float) rows.getDouble(3);
                }
            }
            return found;
        } catch (SQLException e) {
            throw new FeatureStoreUnavailableException("feature store unavailable: " + e.getMessage(), e);
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

    static UnknownUserException unknownUser(String userId, List<String> featureNames) {
        return new UnknownUserException("user_id '" + userId + "' has no features " + featureNames
                + " in the feature store");
    }

    private String namesLiteral(List<String> names) {
        NamesLiteral cached = namesLiteral;
        if (cached != null && cached.names() == names) {
            return cached.literal();
        }
        String text = arrayLiteral(names);
        namesLiteral = new NamesLiteral(names, text);
        return text;
    }

    /** PostgreSQL array input syntax, every element quoted, so any text survives. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder(values.size() * 16).append('{');
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    private static float[] nanRow(int size) {
        float[] row = new float[size];
        Arrays.fill(row, Float.NaN);
        return row;
    }

    private record NamesLiteral(List<String> names, String literal) {
    }
}
