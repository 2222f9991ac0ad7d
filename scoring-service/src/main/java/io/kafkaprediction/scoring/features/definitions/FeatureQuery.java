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
 * <p>One statement answers a batch of entities (user, t): per entity and event type, range scans
 * of the index (user_id, event_type, ingestion_timestamp): one backward probe that stops at one
 * row, shared by latest, last, age and the "known" test, and one scan of the longest window for the
 * aggregations, skipped when the probe's row lies before the window. Windows are inlined as
 * milliseconds (they are parsed numbers, and an interval in milliseconds is absolute time, where
 * '7 days' would follow the session's daylight saving changes); event types are bound parameters.
 * t is truncated to microseconds, PostgreSQL's precision, so callers and the database agree on it.
 */
public final class FeatureQuery {

    private final List<FeatureDefinition> definitions;
    private final Semantics semantics;
    private final List<String> eventTypes;
    private final String sql;
    private final List<Placeholder> placeholders;

    /** A placeholder of the statement: an event type, or one of the two entity arrays (eventType null). */
    private record Placeholder(String eventType, boolean users) {
        static final Placeholder USERS = new Placeholder(null, true);
        static final Placeholder TIMES = new Placeholder(null, false);
    }

    private FeatureQuery(List<FeatureDefinition> definitions, Semantics semantics) {
        this.definitions = List.copyOf(definitions);
        this.semantics = semantics;
        this.eventTypes = List.copyOf(new LinkedHashSet<>(this.definitions.stream().map(FeatureDefinition::eventType).toList()));
        List<Placeholder> slots = new ArrayList<>();
        this.sql = build(slots);
        this.placeholders = List.copyOf(slots);
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
     * The statement's parameters in order, all text, as {@link #run} binds them: event types,
     * the user ids and the times (array literals), each where the statement has its placeholder.
     * Public so a benchmark can replay exactly this statement outside the service.
     */
    public List<String> parameters(List<String> userIds, List<Instant> times) {
        List<String> parameters = new ArrayList<>(placeholders.size());
        for (Placeholder placeholder : placeholders) {
            if (placeholder.eventType() != null) {
                parameters.add(placeholder.eventType());
            } else if (placeholder.users()) {
                parameters.add(ArrayLiterals.of(userIds));
            } else {
                List<String> instants = new ArrayList<>(times.size());
                for (Instant t : times) {
                    instants.add(t.truncatedTo(ChronoUnit.MICROS).toString());
                }
                parameters.add(ArrayLiterals.of(instants));
            }
        }
        return parameters;
    }

    // Every index descent costs (a training batch of 1 000 entities spends most of its time in them),
    // so the statement makes as few as the definitions allow: per event type at most one backward
    // probe for the latest row (shared by latest, last and age, and by the "known" test) and one
    // forward scan over the type's longest window (computing every windowed aggregation of the
    // type, narrower windows with FILTER). A window's rows are aggregated in index order, as a scan
    // of that window alone would, so sums and averages come out bit for bit the same.
    private String build(List<Placeholder> slots) {
        String known = "uf.ingestion_timestamp <= e.t" + (semantics == Semantics.ARRIVAL ? " AND uf.arrived_at <= e.t" : "");
        List<String> selected = new ArrayList<>();
        List<String> knownTests = new ArrayList<>();
        List<String> probedTypes = new ArrayList<>();
        StringBuilder laterals = new StringBuilder();
        List<String> lateralTypes = new ArrayList<>();
        String[] columns = new String[definitions.size()];
        for (int x = 0; x < eventTypes.size(); x++) {
            String type = eventTypes.get(x);
            String rows = " FROM user_features uf WHERE uf.user_id = e.user_id AND uf.event_type = ? AND " + known;
            List<Integer> latestFamily = new ArrayList<>();
            List<Integer> windowed = new ArrayList<>();
            long longest = 0;
            for (int i = 0; i < definitions.size(); i++) {
                FeatureDefinition d = definitions.get(i);
                if (!d.eventType().equals(type)) {
                    continue;
                }
                switch (d.aggregation()) {
                    case LATEST, LAST, AGE -> latestFamily.add(i);
                    default -> {
                        windowed.add(i);
                        longest = Math.max(longest, d.windowMillis());
                    }
                }
            }
            String l = "l" + x;
            String w = "w" + x;
            if (!latestFamily.isEmpty()) {
                laterals.append("\nLEFT JOIN LATERAL (SELECT uf.ingestion_timestamp AS ts, uf.feature_value AS v").append(rows)
                        .append(" ORDER BY uf.ingestion_timestamp DESC LIMIT 1) ").append(l).append(" ON true");
                lateralTypes.add(type);
                knownTests.add(l + ".ts IS NOT NULL");
                for (int i : latestFamily) {
                    FeatureDefinition d = definitions.get(i);
                    columns[i] = switch (d.aggregation()) {
                        case LATEST -> l + ".v";
                        // The latest row by t is the window's latest when it lies in the window; else the window is empty.
                        case LAST -> "CASE WHEN " + l + ".ts > e.t - " + interval(d.windowMillis()) + " THEN " + l + ".v END";
                        default -> "(EXTRACT(EPOCH FROM e.t) - EXTRACT(EPOCH FROM " + l + ".ts))::float8";
                    };
                }
            } else {
                probedTypes.add(type);
            }
            if (!windowed.isEmpty()) {
                StringBuilder aggregates = new StringBuilder();
                for (int k = 0; k < windowed.size(); k++) {
                    FeatureDefinition d = definitions.get(windowed.get(k));
                    String filter = d.windowMillis() == longest ? ""
                            : " FILTER (WHERE uf.ingestion_timestamp > e.t - " + interval(d.windowMillis()) + ")";
                    String aggregate = switch (d.aggregation()) {
                        case COUNT -> "(count(*)" + filter + ")::float8";
                        case SUM -> "coalesce(sum(uf.feature_value)" + filter + ", 0)";
                        case AVG -> "avg(uf.feature_value)" + filter;
                        case MIN -> "min(uf.feature_value)" + filter;
                        case MAX -> "max(uf.feature_value)" + filter;
                        default -> throw new IllegalStateException(d.aggregation() + " is not a window aggregation");
                    };
                    aggregates.append(k == 0 ? "" : ", ").append(aggregate).append(" AS a").append(k);
                    columns[windowed.get(k)] = w + ".a" + k;
                }
                // With a latest-row probe of the type, its row decides whether the window has any row at all:
                // when it lies before the window, the scan is skipped (a one-time filter) and the
                // aggregates take their empty-window values.
                String gate = latestFamily.isEmpty() ? "" : " AND " + l + ".ts > e.t - " + interval(longest);
                laterals.append("\nLEFT JOIN LATERAL (SELECT ").append(aggregates).append(rows)
                        .append(" AND uf.ingestion_timestamp > e.t - ").append(interval(longest)).append(gate)
                        .append(") ").append(w).append(" ON true");
                lateralTypes.add(type);
            }
        }
        // Known: an event of any of the types by t. The latest-row probes answer it for their types; the
        // other types get a probe of their own, evaluated only when no earlier test was true. Written as
        // ORDER BY ... LIMIT 1, not EXISTS or = ANY(array): the planner may answer those with a
        // sequential scan when one user owns much of a small table.
        for (String type : probedTypes) {
            knownTests.add("(SELECT true FROM user_features uf WHERE uf.user_id = e.user_id AND uf.event_type = ? AND "
                    + known + " ORDER BY uf.ingestion_timestamp DESC LIMIT 1) IS NOT NULL");
        }
        probedTypes.forEach(type -> slots.add(new Placeholder(type, false)));
        slots.add(Placeholder.USERS);
        slots.add(Placeholder.TIMES);
        lateralTypes.forEach(type -> slots.add(new Placeholder(type, false)));
        selected.add("(" + String.join(" OR ", knownTests) + ")");
        selected.addAll(Arrays.asList(columns));
        return "SELECT e.ord,\n    " + String.join(",\n    ", selected)
                + "\nFROM unnest(?::text[], ?::timestamptz[]) WITH ORDINALITY AS e(user_id, t, ord)" + laterals;
    }

    private static String interval(long millis) {
        return "INTERVAL '" + millis + " milliseconds'";
    }

    @Override
    public String toString() {
        return "FeatureQuery" + Arrays.toString(definitions.stream().map(FeatureDefinition::name).toArray()) + " " + semantics.word();
    }
}
