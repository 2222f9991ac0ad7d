package io.kafkaprediction.systemtests.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;

/**
 * A deterministic stream of valid feature events: event {@code i} of a run is always the same, so
 * the pipeline, the COPY load and the naive consumer write identical rows. Natural keys are unique
 * because every event is one millisecond after the previous one; users and the three event types
 * take turns.
 *
 * <p>The {@code feature_id} is computed here independently of the SMT (UUID v5 of
 * {@code user_id \n event_type \n epoch_ms} in the project's namespace, see connect-configs/README):
 * the benchmark checks a sample of the pipeline's rows against it, which proves COPY writes the
 * same rows.
 */
final class FeatureEvents {
    static final List<String> EVENT_TYPES = List.of("click", "view", "purchase");
    /** 2026-01-20T15:00:00Z: the example event's time. */
    static final long BASE_EPOCH_MILLIS = 1_768_921_200_000L;
    private static final NameBasedGenerator FEATURE_IDS =
            Generators.nameBasedGenerator(UUID.fromString("0587c5de-a8dd-5fc4-a30c-000e29e4f28e"));

    private final int users;
    private final long firstEpochMillis;

    /**
     * @param users            distinct user ids ({@code user0} ...)
     * @param firstEpochMillis timestamp of event 0; separate runs use separate ranges
     */
    FeatureEvents(int users, long firstEpochMillis) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, got " + users);
        }
        this.users = users;
        this.firstEpochMillis = firstEpochMillis;
    }

    String userId(long i) {
        return "user" + (i % users);
    }

    String eventType(long i) {
        return EVENT_TYPES.get((int) ((i / users) % EVENT_TYPES.size()));
    }

    /** Finite, with a fractional part, and exact in decimal: 0.00 ... 99.99. */
    double value(long i) {
        return ((i * 7919) % 10_000) / 100.0;
    }

    long epochMillis(long i) {
        return firstEpochMillis + i;
    }

    /** The event as the producers send it: UTF-8 JSON with an ISO-8601 UTC timestamp. */
    byte[] json(long i) {
        return ("{\"user_id\": \"" + userId(i) + "\", \"event_type\": \"" + eventType(i) + "\", \"value\": " + value(i)
                + ", \"timestamp\": \"" + Instant.ofEpochMilli(epochMillis(i)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    String featureId(long i) {
        return featureId(userId(i), eventType(i), epochMillis(i));
    }

    /** The row in PostgreSQL's COPY text format, columns as in {@link #COPY_COLUMNS}. */
    void appendCopyRow(long i, StringBuilder out) {
        out.append(featureId(i)).append('\t').append(userId(i)).append('\t').append(eventType(i)).append('\t')
                .append(value(i)).append('\t').append(Instant.ofEpochMilli(epochMillis(i))).append('\n');
    }

    static final String COPY_COLUMNS = "feature_id, user_id, event_type, feature_value, ingestion_timestamp";

    /** RFC 9562 name-based UUID, version 5 (SHA-1), of the natural key: by a UUID library, not by the SMT's code. */
    static String featureId(String userId, String eventType, long epochMillis) {
        return FEATURE_IDS.generate(userId + "\n" + eventType + "\n" + epochMillis).toString();
    }
}
