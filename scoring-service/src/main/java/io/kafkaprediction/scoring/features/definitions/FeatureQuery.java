package io.kafkaprediction.scoring.features.definitions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The one translation of feature definitions into SQL. The online lookup (t = now), the
 * {@code as_of} lookup and training sets all run this statement, so they cannot drift apart.
 *
 * <p>One statement answers a batch of entities (user, t): a scalar subquery per definition and
 * entity, each a range scan of the unique index (user_id, event_type, ingestion_timestamp):
 * a backward probe that stops at one row for latest, last and age; the window's rows for the
 * aggregations. Windows are inlined as milliseconds (they are parsed numbers, and an interval in
 * milliseconds is absolute time, where '7 days' would follow the session's daylight saving
 * changes); event types are bound parameters. t is truncated to microseconds, PostgreSQL's
 * precision, so callers and the database agree on it.
 */
public final class FeatureQuery {

    private final List<FeatureDefinition> definitions;
    private final Semantics semantics;
    private final List<String> eventTypes;
    private final String sql;

    private FeatureQuery(List<FeatureDefinition> definitions, Semantics semantics) {
        this.definitions = List.copyOf(definitions);
        this.semantics = semantics;
        this.eventTypes = List.copyOf(new LinkedHashSet<>(this.definitions.stream().map(FeatureDefinition::eventType).toList()));
        this.sql = build();
    }

    public static FeatureQuery of(List<FeatureDefinition> definitions, Semantics semantics) {
        return new FeatureQuery(definitions, semantics);
    }

    public List<FeatureDefinition> definitions() {
        return definitions;
    }

    public Semantics semantics() {
        return semantics;
    }

    /** The statement; parameters are bound by {@link #run}. */
    public String sql() {
        return sql;
    }

    /**
     * Computes every definition for each entity in one round trip.
     *
     * @param userIds one per entity
     * @param times   t per entity, same size as userIds
     * @return per entity, in order: its values in definition order (NaN: missing), or null when the
     *     user has no event of any of the definitions' event types at or before t
     */
    public double[][] run(Connection connection, List<String> userIds, List<Instant> times) throws SQLException {
        if (userIds.size() != times.size()) {
            throw new IllegalArgumentException(userIds.size() + " user ids but " + times.size() + " times");
        }
        double[][] rows = new double[userIds.size()][];
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            List<String> parameters = parameters(userIds, times);
            for (int p = 0; p < parameters.size(); p++) {
                statement.setString(p + 1, parameters.get(p));
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (!result.getBoolean(2)) {
                        continue;
                    }
                    double[] row = new double[definitions.size()];
                    for (int i = 0; i < row.length; i++) {
                        double value = result.getDouble(3 + i);
                        row[i] = result.wasNull() ? Double.NaN : value;
                    }
                    rows[result.getInt(1) - 1] = row;
                }
            }
        }
        return rows;
    }

    /**
     * The statement's parameters in order, all text, as {@link #run} binds them: the event types of
     * the "known" test, each definition's event type, the user ids and the times (array literals).
     * Public so a benchmark can replay exactly this statement outside the service.
     */
    public List<String> parameters(List<String> userIds, List<Instant> times) {
        List<String> parameters = new ArrayList<>(eventTypes.size() + definitions.size() + 2);
        parameters.addAll(eventTypes);
        for (FeatureDefinition definition : definitions) {
            parameters.add(definition.eventType());
        }
        parameters.add(ArrayLiterals.of(userIds));
        List<String> instants = new ArrayList<>(times.size());
        for (Instant t : times) {
            instants.add(t.truncatedTo(ChronoUnit.MICROS).toString());
        }
        parameters.add(ArrayLiterals.of(instants));
        return parameters;
    }

    private String build() {
        String known = "uf.ingestion_timestamp <= e.t" + (semantics == Semantics.ARRIVAL ? " AND uf.arrived_at <= e.t" : "");
        // Known: an event of any of the types by t. One backward index probe per type, stopping at the
        // first type that has one. Written as ORDER BY ... LIMIT 1, not EXISTS or = ANY(array): the
        // planner may answer those with a sequential scan when one user owns much of a small table.
        StringBuilder select = new StringBuilder("SELECT e.ord,\n    (");
        for (int i = 0; i < eventTypes.size(); i++) {
            select.append(i == 0 ? "" : " OR ").append("(SELECT true FROM user_features uf WHERE uf.user_id = e.user_id"
                    + " AND uf.event_type = ? AND ").append(known).append(" ORDER BY uf.ingestion_timestamp DESC LIMIT 1) IS NOT NULL");
        }
        select.append(')');
        for (FeatureDefinition d : definitions) {
            String rows = "FROM user_features uf WHERE uf.user_id = e.user_id AND uf.event_type = ? AND " + known
                    + (d.aggregation().windowed()
                            ? " AND uf.ingestion_timestamp > e.t - INTERVAL '" + d.windowMillis() + " milliseconds'" : "");
            String latest = " ORDER BY uf.ingestion_timestamp DESC LIMIT 1";
            String subquery = switch (d.aggregation()) {
                case LATEST, LAST -> "SELECT uf.feature_value " + rows + latest;
                case AGE -> "SELECT (EXTRACT(EPOCH FROM e.t) - EXTRACT(EPOCH FROM uf.ingestion_timestamp))::float8 " + rows + latest;
                case COUNT -> "SELECT count(*)::float8 " + rows;
                case SUM -> "SELECT coalesce(sum(uf.feature_value), 0) " + rows;
                case AVG -> "SELECT avg(uf.feature_value) " + rows;
                case MIN -> "SELECT min(uf.feature_value) " + rows;
                case MAX -> "SELECT max(uf.feature_value) " + rows;
            };
            select.append(",\n    (").append(subquery).append(')');
        }
        return select.append("\nFROM unnest(?::text[], ?::timestamptz[]) WITH ORDINALITY AS e(user_id, t, ord)").toString();
    }

    @Override
    public String toString() {
        return "FeatureQuery" + Arrays.toString(definitions.stream().map(FeatureDefinition::name).toArray()) + " " + semantics.word();
    }
}
