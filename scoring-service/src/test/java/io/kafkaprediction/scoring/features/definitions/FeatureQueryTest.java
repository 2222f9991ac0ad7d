package io.kafkaprediction.scoring.features.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every aggregation against real PostgreSQL, compared with the same definition computed in Java. */
class FeatureQueryTest {

    private static final Instant START = Instant.parse("2026-01-10T00:00:00Z");
    private static final long HOUR = 3_600_000L;
    private static final List<String> USERS = List.of("fq-a", "fq-b", "fq-c", "fq-d");
    private static final List<String> NAMES = List.of("click", "view", "click:count:1h", "click:sum:90m", "view:avg:30m",
            "view:min:2h", "view:max:2h", "click:last:1h", "click:age", "view:age", "view:count:1d", "view:sum:10s");
    private static final List<FeatureDefinition> DEFINITIONS = FeatureDefinitions.parseAll(NAMES);
    private static final List<Event> EVENTS = new ArrayList<>();

    private record Event(String userId, String type, long at, double value, long arrivedAt) {
    }

    @BeforeAll
    static void seed() throws SQLException {
        SplittableRandom random = new SplittableRandom(20260110L);
        for (String user : USERS.subList(0, 3)) {
            for (String type : List.of("click", "view")) {
                long at = START.toEpochMilli();
                for (int i = 0; i < 120; i++) {
                    // Irregular gaps (0.1 s .. 20 min), values with full mantissas, some arriving hours late.
                    at += 100 + random.nextLong(20 * 60_000L);
                    double value = random.nextDouble(-50, 50);
                    long late = random.nextInt(10) == 0 ? random.nextLong(3 * HOUR) : random.nextLong(2_000);
                    EVENTS.add(new Event(user, type, at, value, at + late));
                }
            }
        }
        // fq-d only has an unrelated event type: unknown to the query.
        EVENTS.add(new Event("fq-d", "purchase", START.toEpochMilli(), 1.0, START.toEpochMilli()));
        EVENTS.sort(Comparator.comparingLong(Event::at));
        try (Connection c = TestDatabase.connect();
             PreparedStatement insert = c.prepareStatement("INSERT INTO user_features VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Event e : EVENTS) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, e.userId());
                insert.setString(3, e.type());
                insert.setDouble(4, e.value());
                insert.setTimestamp(5, Timestamp.from(Instant.ofEpochMilli(e.at())));
                insert.setTimestamp(6, Timestamp.from(Instant.ofEpochMilli(e.arrivedAt())));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        TestDatabase.execute("ANALYZE user_features");
    }

    @ParameterizedTest
    @EnumSource(Semantics.class)
    void everyAggregationEqualsTheJavaComputationBitForBit(Semantics semantics) throws SQLException {
        SplittableRandom random = new SplittableRandom(7L);
        List<String> users = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        List<Event> ofA = EVENTS.stream().filter(e -> e.userId().equals("fq-a")).toList();
        for (int i = 0; i < 300; i++) {
            String user = USERS.get(random.nextInt(3));
            long t = switch (i % 4) {
                // On an event, one window after an event (its left edge), and anywhere, before the first event too.
                case 0 -> ofA.get(random.nextInt(ofA.size())).at();
                case 1 -> ofA.get(random.nextInt(ofA.size())).at() + HOUR;
                case 2 -> ofA.get(random.nextInt(ofA.size())).arrivedAt();
                default -> START.toEpochMilli() - HOUR + random.nextLong(30 * HOUR);
            };
            users.add(user);
            times.add(Instant.ofEpochMilli(t));
        }

        double[][] rows = run(FeatureQuery.of(DEFINITIONS, semantics), users, times);

        int known = 0;
        for (int i = 0; i < users.size(); i++) {
            double[] expected = expected(users.get(i), times.get(i).toEpochMilli(), semantics);
            assertThat(rows[i]).as("%s at %s", users.get(i), times.get(i)).isEqualTo(expected);
            known += expected == null ? 0 : 1;
        }
        assertThat(known).as("entities with events at or before t").isGreaterThan(250);
    }

    @Test
    void anEventExactlyOneWindowBeforeTIsOutAndOneAtTIsIn() throws SQLException {
        Instant t = Instant.parse("2026-03-01T12:00:00Z");
        TestDatabase.insert("fq-edge", "tap", 1.0, t.minusMillis(HOUR));
        TestDatabase.insert("fq-edge", "tap", 2.0, t.minusMillis(HOUR - 1));
        TestDatabase.insert("fq-edge", "tap", 4.0, t);
        TestDatabase.insert("fq-edge", "tap", 8.0, t.plusMillis(1));
        FeatureQuery query = FeatureQuery.of(FeatureDefinitions.parseAll(
                List.of("tap:count:1h", "tap:sum:1h", "tap:min:1h", "tap:last:1h", "tap:age", "tap")), Semantics.EVENT);

        double[][] rows = run(query, List.of("fq-edge", "fq-edge"), List.of(t, t.minusMillis(1)));

        assertThat(rows[0]).containsExactly(2.0, 6.0, 2.0, 4.0, 0.0, 4.0);
        assertThat(rows[1]).containsExactly(2.0, 3.0, 1.0, 2.0, (HOUR - 2) / 1000.0, 2.0);
    }

    @Test
    void anEmptyWindowIsZeroForCountAndSumAndMissingForTheRest() throws SQLException {
        Instant t = Instant.parse("2026-03-02T12:00:00Z");
        TestDatabase.insert("fq-empty", "tap", 5.0, t.minusSeconds(7200));
        FeatureQuery query = FeatureQuery.of(FeatureDefinitions.parseAll(List.of("tap:count:1h", "tap:sum:1h", "tap:avg:1h",
                "tap:min:1h", "tap:max:1h", "tap:last:1h", "tap:age", "tap", "other", "other:age", "other:count:1h")),
                Semantics.EVENT);

        double[][] rows = run(query, List.of("fq-empty"), List.of(t));

        assertThat(rows[0]).containsExactly(0.0, 0.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 7200.0, 5.0,
                Double.NaN, Double.NaN, 0.0);
    }

    @Test
    void aUserWithNoEventOfTheTypesAtOrBeforeTIsUnknown() throws SQLException {
        FeatureQuery query = FeatureQuery.of(DEFINITIONS, Semantics.EVENT);

        double[][] rows = run(query, List.of("fq-d", "fq-a", "fq-nobody"),
                List.of(START.plusMillis(30 * HOUR), START, START.plusMillis(30 * HOUR)));

        assertThat(rows).isEqualTo(new double[3][]);
    }

    @Test
    void arrivalSemanticsLeavesOutWhatLandedAfterT() throws SQLException {
        Instant t = Instant.parse("2026-03-03T12:00:00Z");
        TestDatabase.insert("fq-late", "tap", 1.0, t.minusSeconds(60), t.minusSeconds(50));
        TestDatabase.insert("fq-late", "tap", 2.0, t.minusSeconds(30), t.plusSeconds(600));
        List<FeatureDefinition> definitions = FeatureDefinitions.parseAll(List.of("tap", "tap:count:1h", "tap:age"));

        assertThat(run(FeatureQuery.of(definitions, Semantics.EVENT), List.of("fq-late"), List.of(t))[0])
                .containsExactly(2.0, 2.0, 30.0);
        assertThat(run(FeatureQuery.of(definitions, Semantics.ARRIVAL), List.of("fq-late"), List.of(t))[0])
                .containsExactly(1.0, 1.0, 60.0);
    }

    @Test
    void eventTypesAreBoundNotInlined() {
        FeatureQuery query = FeatureQuery.of(FeatureDefinitions.parseAll(List.of("x'); DROP TABLE user_features; --:count:1h")),
                Semantics.EVENT);

        assertThat(query.sql()).doesNotContain("DROP TABLE").contains("uf.event_type = ?");
    }

    private static double[][] run(FeatureQuery query, List<String> users, List<Instant> times) throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            return query.run(c, users, times);
        }
    }

    /** The definitions computed in Java from the seeded events: what the SQL must return. */
    private static double[] expected(String user, long t, Semantics semantics) {
        List<Event> seen = EVENTS.stream()
                .filter(e -> e.userId().equals(user) && e.at() <= t && (semantics == Semantics.EVENT || e.arrivedAt() <= t))
                .toList();
        if (seen.stream().noneMatch(e -> e.type().equals("click") || e.type().equals("view"))) {
            return null;
        }
        double[] row = new double[DEFINITIONS.size()];
        for (int i = 0; i < row.length; i++) {
            FeatureDefinition d = DEFINITIONS.get(i);
            List<Event> in = seen.stream().filter(e -> e.type().equals(d.eventType())
                    && (!d.aggregation().windowed() || e.at() > t - d.windowMillis())).toList();
            double sum = 0;
            double min = Double.NaN;
            double max = Double.NaN;
            for (Event e : in) {
                // In event-time order, as the index scan adds them.
                sum += e.value();
                min = Double.isNaN(min) ? e.value() : Math.min(min, e.value());
                max = Double.isNaN(max) ? e.value() : Math.max(max, e.value());
            }
            Event latest = in.isEmpty() ? null : in.get(in.size() - 1);
            row[i] = switch (d.aggregation()) {
                case LATEST, LAST -> latest == null ? Double.NaN : latest.value();
                case AGE -> latest == null ? Double.NaN : (t - latest.at()) / 1000.0;
                case COUNT -> in.size();
                case SUM -> sum;
                case AVG -> in.isEmpty() ? Double.NaN : sum / in.size();
                case MIN -> min;
                case MAX -> max;
            };
        }
        return row;
    }
}
