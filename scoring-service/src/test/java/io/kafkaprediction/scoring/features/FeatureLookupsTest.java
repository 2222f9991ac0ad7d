package io.kafkaprediction.scoring.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import io.kafkaprediction.scoring.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class FeatureLookupsTest {

    private static final FeatureQuery QUERY = FeatureQuery.of(
            FeatureDefinitions.parseAll(List.of("click", "view", "purchase")), Semantics.EVENT);
    private static final int USERS = 50;

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void seed() {
        for (int u = 0; u < USERS; u++) {
            TestDatabase.insert("batch-user-" + u, "view", u, Instant.parse("2026-01-01T00:00:00Z"));
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentLookupsEachGetTheirOwnUsersValues() throws Exception {
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), executor, 2, meters);
        List<CompletableFuture<double[]>> results = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int u = 0; u < USERS; u++) {
                results.add(lookups.lookup("batch-user-" + u, QUERY, null));
            }
        }

        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS))
                    .containsExactly(Double.NaN, (double) (i % USERS), Double.NaN);
        }
        // 1 000 requests queued at once are served by far fewer queries.
        assertThat(meters.get("scoring.feature.lookup.batch.size").summary().count()).isLessThan(results.size());
        assertThat(meters.get("scoring.feature.lookups").tag("outcome", "found").timer().count())
                .isEqualTo(results.size());
    }

    @Test
    void lookupsAtDifferentTimesShareABatchAndEachGetsItsOwnInstant() throws Exception {
        TestDatabase.insert("batch-timed", "view", 1.0, Instant.parse("2026-02-01T00:00:00Z"));
        TestDatabase.insert("batch-timed", "view", 2.0, Instant.parse("2026-02-02T00:00:00Z"));
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), executor, 1, meters);

        CompletableFuture<double[]> now = lookups.lookup("batch-timed", QUERY, null);
        CompletableFuture<double[]> between = lookups.lookup("batch-timed", QUERY, Instant.parse("2026-02-01T12:00:00Z"));
        CompletableFuture<double[]> before = lookups.lookup("batch-timed", QUERY, Instant.parse("2026-01-31T00:00:00Z"));

        assertThat(now.get(30, TimeUnit.SECONDS)).containsExactly(Double.NaN, 2.0, Double.NaN);
        assertThat(between.get(30, TimeUnit.SECONDS)).containsExactly(Double.NaN, 1.0, Double.NaN);
        assertThatThrownBy(() -> before.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(UnknownUserException.class);
    }

    @Test
    void aUserWithoutFeaturesFailsOnlyItsOwnRequest() throws Exception {
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), executor, 1, meters);

        CompletableFuture<double[]> unknown = lookups.lookup("batch-nobody", QUERY, null);
        CompletableFuture<double[]> known = lookups.lookup("batch-user-3", QUERY, null);

        assertThat(known.get(30, TimeUnit.SECONDS)).containsExactly(Double.NaN, 3.0, Double.NaN);
        assertThatThrownBy(() -> unknown.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UnknownUserException.class)
                .hasMessage("user_id 'batch-nobody' has no features [click, view, purchase] in the feature store");
    }

    @Test
    void anUnreachableDatabaseFailsEveryRequestOfTheBatch() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        FeatureLookups lookups = new FeatureLookups(
                new FeatureStore(dataSource("jdbc:postgresql://127.0.0.1:" + deadPort + "/postgres")), executor, 1, meters);

        CompletableFuture<double[]> first = lookups.lookup("a", QUERY, null);
        CompletableFuture<double[]> second = lookups.lookup("b", QUERY, null);

        for (CompletableFuture<double[]> result : List.of(first, second)) {
            assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
                    .cause().isInstanceOf(FeatureStoreUnavailableException.class)
                    .hasMessageStartingWith("feature store unavailable: ");
        }
        assertThat(meters.get("scoring.feature.lookups").tag("outcome", "error").timer().count()).isEqualTo(2);
    }

    @Test
    void lookupsAreOffWithoutADataSource() {
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(null), executor, 1, meters);

        assertThat(lookups.enabled()).isFalse();
        assertThatThrownBy(() -> lookups.lookup("u", QUERY, null).get())
                .cause().isInstanceOf(FeatureStoreUnavailableException.class)
                .hasMessageContaining("DATABASE_URL is not set");
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        dataSource.setConnectTimeout(2);
        return dataSource;
    }
}
