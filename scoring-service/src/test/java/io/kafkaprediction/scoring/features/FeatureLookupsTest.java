package io.kafkaprediction.scoring.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import io.kafkaprediction.scoring.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class FeatureLookupsTest {

    private static final FeatureQuery QUERY = FeatureQuery.of(
            FeatureDefinitions.parseAll(List.of("click", "view", "purchase")), Semantics.EVENT);
    private static final int USERS = 50;
    /** For the tests that are not about the deadline: a loaded machine must not turn them into timeouts. */
    private static final int GENEROUS_MS = 30_000;

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
        FeatureLookups lookups = generous(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), 2);
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
        FeatureLookups lookups = generous(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), 1);

        CompletableFuture<double[]> now = lookups.lookup("batch-timed", QUERY, null);
        CompletableFuture<double[]> between = lookups.lookup("batch-timed", QUERY, Instant.parse("2026-02-01T12:00:00Z"));
        CompletableFuture<double[]> before = lookups.lookup("batch-timed", QUERY, Instant.parse("2026-01-31T00:00:00Z"));

        assertThat(now.get(30, TimeUnit.SECONDS)).containsExactly(Double.NaN, 2.0, Double.NaN);
        assertThat(between.get(30, TimeUnit.SECONDS)).containsExactly(Double.NaN, 1.0, Double.NaN);
        assertThatThrownBy(() -> before.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(UnknownUserException.class);
    }

    @Test
    void anArrivalLookupAtNowWaitsForTheWriterInFlightAndSeesWhatTheTrainingSetWillSee() throws Exception {
        FeatureQuery arrival = FeatureQuery.of(FeatureDefinitions.parseAll(List.of("view")), Semantics.ARRIVAL);
        TestDatabase.insert("settle-user", "view", 1.0, Instant.parse("2026-02-01T00:00:00Z"));
        FeatureLookups lookups = generous(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), 2);
        try (Connection writer = TestDatabase.connect(); Statement st = writer.createStatement()) {
            // A sink transaction in flight: its row is stamped now, it commits later.
            writer.setAutoCommit(false);
            st.executeUpdate("INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) "
                    + "VALUES (gen_random_uuid(), 'settle-user', 'view', 7, '2026-02-02T00:00:00Z')");

            CompletableFuture<FeatureLookups.AtInstant> live = lookups.lookupAtSettledNow("settle-user", arrival);
            // Plain lookups never wait for writers: this one answers while the transaction is still open.
            assertThat(lookups.lookup("settle-user", QUERY, null).get(20, TimeUnit.SECONDS))
                    .containsExactly(Double.NaN, 1.0, Double.NaN);
            Thread.sleep(300);
            assertThat(live).as("still waiting for the open transaction").isNotDone();
            writer.commit();

            FeatureLookups.AtInstant answer = live.get(20, TimeUnit.SECONDS);
            // Read after the commit: the row stamped before the instant is in, as training-set at that instant counts it.
            assertThat(answer.values()).containsExactly(7.0);
            try (ResultSet rs = st.executeQuery("SELECT arrived_at FROM user_features WHERE user_id = 'settle-user' "
                    + "AND feature_value = 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isBefore(answer.at());
            }
            writer.commit();
        } finally {
            lookups.close();
        }
    }

    @Test
    void anArrivalLookupAtNowGivesUpAtTheDeadlineWhileAWriterStaysOpen() throws Exception {
        FeatureQuery arrival = FeatureQuery.of(FeatureDefinitions.parseAll(List.of("view")), Semantics.ARRIVAL);
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), executor, 1, 300,
                100, meters);
        try (Connection writer = TestDatabase.connect(); Statement st = writer.createStatement()) {
            writer.setAutoCommit(false);
            st.executeUpdate("INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) "
                    + "VALUES (gen_random_uuid(), 'settle-stuck', 'view', 7, '2026-02-02T00:00:00Z')");

            assertThatThrownBy(() -> lookups.lookupAtSettledNow("batch-user-1", arrival).get(20, TimeUnit.SECONDS))
                    .cause().isInstanceOf(FeatureStoreUnavailableException.class)
                    .hasMessageContaining("LOOKUP_TIMEOUT_MS");
            writer.rollback();
            // The drainer gave up too: the next lookup is answered.
            assertThat(lookups.lookupAtSettledNow("batch-user-1", arrival).get(20, TimeUnit.SECONDS).values())
                    .containsExactly(1.0);
        } finally {
            lookups.close();
        }
    }

    @Test
    void aUserWithoutFeaturesFailsOnlyItsOwnRequest() throws Exception {
        FeatureLookups lookups = generous(new FeatureStore(dataSource(TestDatabase.jdbcUrl())), 1);

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
        FeatureLookups lookups = generous(
                new FeatureStore(dataSource("jdbc:postgresql://127.0.0.1:" + deadPort + "/postgres")), 1);

        CompletableFuture<double[]> first = lookups.lookup("a", QUERY, null);
        CompletableFuture<double[]> second = lookups.lookup("b", QUERY, null);

        for (CompletableFuture<double[]> result : List.of(first, second)) {
            assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
                    .cause().isInstanceOf(FeatureStoreUnavailableException.class)
                    .hasMessage("feature store unavailable: the PostgreSQL lookup failed");
        }
        assertThat(meters.get("scoring.feature.lookups").tag("outcome", "error").timer().count()).isEqualTo(2);
    }

    @Test
    void aLookupFailsAtItsDeadlineWhileThePoolHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(hanging(release)), executor, 1, 200, 100, meters);
        try {
            long start = System.nanoTime();
            CompletableFuture<double[]> result = lookups.lookup("a", QUERY, null);

            // Without a deadline this would wait for as long as the pool hangs (here: for ever).
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(FeatureStoreUnavailableException.class)
                    .hasMessage("feature lookup took longer than 200 ms (LOOKUP_TIMEOUT_MS); the feature store is "
                            + "slow or unreachable");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
            assertThat(meters.get("scoring.feature.lookups").tag("outcome", "timeout").timer().count()).isEqualTo(1);
        } finally {
            release.countDown();
            lookups.close();
        }
    }

    @Test
    void lookupsBeyondTheQueueLimitAreShedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(hanging(release)), executor, 1, 60_000, 5, meters);
        try {
            CompletableFuture<double[]> running = lookups.lookup("running", QUERY, null);
            // The one drainer has taken the first lookup into its (hanging) query; five more may wait.
            awaitQueueEmpty(lookups);
            List<CompletableFuture<double[]>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiting.add(lookups.lookup("waiting-" + i, QUERY, null));
            }
            CompletableFuture<double[]> shed = lookups.lookup("one-too-many", QUERY, null);

            assertThat(shed).isCompletedExceptionally();
            assertThatThrownBy(shed::join).cause().isInstanceOf(FeatureStoreUnavailableException.class)
                    .hasMessage("feature lookups are over capacity: 5 already wait (LOOKUP_QUEUE_LIMIT); retry later");
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            assertThat(running).isNotDone();
        } finally {
            release.countDown();
            lookups.close();
        }
    }

    @Test
    void anErrorThrownInAQueryFailsItsBatchAndLaterLookupsStillRun() throws Exception {
        AtomicBoolean thrown = new AtomicBoolean();
        PGSimpleDataSource real = dataSource(TestDatabase.jdbcUrl());
        DataSource failingOnce = proxy((method, args) -> {
            if (method.getName().equals("getConnection") && thrown.compareAndSet(false, true)) {
                throw new StackOverflowError("injected");
            }
            return method.invoke(real, args);
        });
        // A deadline far off, so the deadline cannot be what ends the failed requests.
        FeatureLookups lookups = new FeatureLookups(new FeatureStore(failingOnce), executor, 1, 60_000, 100, meters);
        try {
            CompletableFuture<double[]> first = lookups.lookup("batch-user-1", QUERY, null);

            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(FeatureStoreUnavailableException.class)
                    .hasMessage("feature store unavailable: the PostgreSQL lookup failed")
                    .hasCauseInstanceOf(StackOverflowError.class);
            assertThat(lookups.lookup("batch-user-2", QUERY, null).get(10, TimeUnit.SECONDS))
                    .containsExactly(Double.NaN, 2.0, Double.NaN);
        } finally {
            lookups.close();
        }
    }

    private FeatureLookups generous(FeatureStore store, int threads) {
        return new FeatureLookups(store, executor, threads, GENEROUS_MS, 10_000, meters);
    }

    /** A data source whose getConnection blocks until {@code release} (a pool that never hands out a connection). */
    private static DataSource hanging(CountDownLatch release) {
        return proxy((method, args) -> {
            if (method.getName().equals("getConnection")) {
                release.await();
                throw new SQLException("released");
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private static DataSource proxy(Handler handler) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (self, method, args) -> {
                    try {
                        return handler.handle(method, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private interface Handler {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private void awaitQueueEmpty(FeatureLookups lookups) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (meters.get("scoring.feature.lookups.waiting").gauge().value() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(meters.get("scoring.feature.lookups.waiting").gauge().value()).isZero();
    }

    @Test
    void lookupsAreOffWithoutADataSource() {
        FeatureLookups lookups = generous(new FeatureStore(null), 1);

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
