package io.kafkaprediction.scoring.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private static final List<String> FEATURES = List.of("click", "view", "purchase");
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
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int u = 0; u < USERS; u++) {
                results.add(lookups.latest("batch-user-" + u, FEATURES));
            }
        }

        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS))
                    .containsExactly(Float.NaN, (float) (i % USERS), Float.NaN);
        }
        // 1 000 requests queued at once are served by far fewer queries.
        assertThat(meters.get("scoring.feature.lookup.batch.size").summary().count()).isLessThan(results.size());
        assertThat(meters.get("scoring.feature.lookups").tag("outcome", "found").timer().count())
                .isEqualTo(results.size());
    }

    @Test
    void aUserWithoutFeaturesFailsOnlyItsOwnRequest() throws Exception {
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), executor, 1, meters);

        CompletableFuture<float[]> unknown = lookups.latest("batch-nobody", FEATURES);
        CompletableFuture<float[]> known = lookups.latest("batch-user-3", FEATURES);

        assertThat(known.get(30, TimeUnit.SECONDS)).containsExactly(Float.NaN, 3f, Float.NaN);
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

        CompletableFuture<float[]> first = lookups.latest("a", FEATURES);
        CompletableFuture<float[]> second = lookups.latest("b", FEATURES);

        for (CompletableFuture<float[]> result : List.of(first, second)) {
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
        assertThatThrownBy(() -> lookups.latest("u", FEATURES).get())
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
