package io.kafkaprediction.scoring.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaprediction.scoring.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class FeatureStoreTest {

    private static final List<String> FEATURES = List.of("click", "view", "purchase");
    private static FeatureStore store;

    @BeforeAll
    static void seed() throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(TestDatabase.jdbcUrl());
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        store = new FeatureStore(dataSource);
        // A long history: 2 000 clicks; the lookup must still read one row per feature.
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO user_features
                SELECT gen_random_uuid(), 'store-heavy', 'click', g, TIMESTAMPTZ '2026-01-01Z' + g * INTERVAL '1 second'
                FROM generate_series(1, 2000) g""")) {
            s.executeUpdate();
        }
        TestDatabase.insert("store-heavy", "purchase", 4.5, Instant.parse("2025-01-01T00:00:00Z"));
        TestDatabase.execute("ANALYZE user_features");
    }

    @Test
    void returnsTheLatestValuePerFeatureInModelOrderWithNaNForMissing() {
        float[] values = store.latestValues("store-heavy", FEATURES);

        assertThat(values).containsExactly(2000f, Float.NaN, 4.5f);
    }

    @Test
    void aUserWithNoneOfTheFeaturesIsUnknown() {
        assertThatThrownBy(() -> store.latestValues("store-nobody", FEATURES))
                .isInstanceOf(UnknownUserException.class)
                .hasMessage("user_id 'store-nobody' has no features [click, view, purchase] in the feature store");
    }

    @Test
    void theQueryWalksTheUniqueIndexAndStopsAtOneRowPerFeature() throws SQLException {
        String plan;
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                     + FeatureStore.LATEST_VALUES_SQL)) {
            s.setString(1, FeatureStore.arrayLiteral(List.of("store-heavy", "store-nobody")));
            s.setString(2, FeatureStore.arrayLiteral(FEATURES));
            StringBuilder text = new StringBuilder();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    text.append(rows.getString(1)).append('\n');
                }
            }
            plan = text.toString();
        }

        assertThat(plan).contains("Index Scan Backward using user_features_user_id_event_type_ingestion_timestamp_key")
                .contains("loops=6")
                .containsPattern("Limit \\(actual rows=0\\.?[0-9]* loops=6\\)")
                .doesNotContain("Seq Scan on user_features")
                .doesNotContain("Sort");
    }

    @Test
    void oneQueryAnswersSeveralUsersAndLeavesOutThoseWithoutFeatures() {
        TestDatabase.insert("store-light", "view", 0.25, Instant.parse("2026-01-01T00:00:00Z"));

        Map<String, float[]> values = store.latestValues(List.of("store-heavy", "store-nobody", "store-light"), FEATURES);

        assertThat(values).containsOnlyKeys("store-heavy", "store-light");
        assertThat(values.get("store-heavy")).containsExactly(2000f, Float.NaN, 4.5f);
        assertThat(values.get("store-light")).containsExactly(Float.NaN, 0.25f, Float.NaN);
    }

    @Test
    void userIdsWithQuotesCommasAndBracesAreMatchedExactly() {
        String odd = "we\"ird, {user} \\ 'x'";
        TestDatabase.insert(odd, "purchase", 7.0, Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(store.latestValues(odd, FEATURES)).containsExactly(Float.NaN, Float.NaN, 7.0f);
    }

    @Test
    void lookupsAreOffWithoutADataSource() {
        FeatureStore off = new FeatureStore(null);

        assertThat(off.enabled()).isFalse();
        assertThatThrownBy(() -> off.latestValues("u", FEATURES))
                .isInstanceOf(FeatureStoreUnavailableException.class)
                .hasMessageContaining("DATABASE_URL is not set");
    }
}
