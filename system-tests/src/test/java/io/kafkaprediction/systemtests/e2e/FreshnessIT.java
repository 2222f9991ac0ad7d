package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.systemtests.SystemStack;
import io.kafkaprediction.systemtests.benchmarks.Percentiles;

/**
 * How fresh the features are. For each event: from the REST Proxy's answer to the
 * row being visible in PostgreSQL, and to {@code POST /predict} by user_id using it. Prints p50
 * and p99; asserts only that every event arrived (timings on a shared 2-core box are not a contract).
 * One event at a time on an idle pipeline; under a sustained rate see the freshness benchmark
 * ({@code system-tests/benchmarks/freshness.sh}, {@code FreshnessRun}).
 */
@ExtendWith(SystemStack.class)
class FreshnessIT {
    private static final int EVENTS = 50;
    @Test
    void printsFreshnessFromProduceToRowAndToPrediction() throws Exception {
        // A first event absorbs what earlier tests left behind: a connector reconfigured by another
        // test restarts its tasks, and their consumer group may wait out a session timeout (~45 s).
        String warmUp = "fresh-warm-up-" + UUID.randomUUID();
        SystemStack.pipeline().produceJson("{\"user_id\":\"" + warmUp + "\",\"event_type\":\"click\",\"value\":1,\"timestamp\":\"2026-01-20T15:00:00Z\"}");
        SystemStack.pipeline().awaitRows(warmUp, 1);

        String user = "fresh-" + UUID.randomUUID();
        Instant base = Instant.parse("2026-01-20T15:00:00Z");
        long[] toRow = new long[EVENTS];
        long[] toPrediction = new long[EVENTS];
        try (Connection db = SystemStack.stack().postgres().connect(PostgresServer.DATABASE);
             PreparedStatement visible = db.prepareStatement("SELECT 1 FROM user_features "
                     + "WHERE user_id = ? AND event_type = 'click' AND ingestion_timestamp = ?")) {
            for (int i = 0; i < EVENTS; i++) {
                Instant ts = base.plusSeconds(i);
                SystemStack.pipeline().produceJson("{\"user_id\":\"" + user + "\",\"event_type\":\"click\",\"value\":" + (i + 1)
                        + ",\"timestamp\":\"" + ts + "\"}");
                long answered = System.nanoTime();
                visible.setString(1, user);
                visible.setTimestamp(2, Timestamp.from(ts));
                int index = i;
                Pipeline.await("row " + i + " of " + user, () -> exists(visible) ? null : "not yet", 2);
                toRow[i] = System.nanoTime() - answered;
                Pipeline.await("prediction with click=" + (i + 1), () -> clickSeen(user, index + 1) ? null : "not yet", 2);
                toPrediction[i] = System.nanoTime() - answered;
            }
        }

        assertThat(SystemStack.pipeline().rows(user)).hasSize(EVENTS);
        System.out.printf(Locale.ROOT, "Freshness over %d events (REST Proxy answer -> ...): row visible p50 %.1f ms, p99 %.1f ms;"
                        + " /predict by user_id reflects it p50 %.1f ms, p99 %.1f ms%n",
                EVENTS, percentile(toRow, 50), percentile(toRow, 99), percentile(toPrediction, 50), percentile(toPrediction, 99));
    }

    private static boolean exists(PreparedStatement visible) {
        try (ResultSet rs = visible.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean clickSeen(String user, int click) {
        HttpResponse<String> response = SystemStack.pipeline().predict("{\"user_id\":\"" + user + "\"}");
        if (response.statusCode() != 200) {
            return false;
        }
        JsonNode features = Pipeline.readTree(response.body()).path("features");
        return features.path("click").asDouble(Double.NaN) == click;
    }

    /** Nearest-rank percentile in milliseconds (the freshness benchmark's definition). */
    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return Percentiles.nearestRank(sorted, p) / 1e6;
    }
}
