package io.kafkaprediction.systemtests.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Valid events with a unique natural key per index: the index is the offset in milliseconds from
 * {@link #BASE}, so a row found in {@code user_features} maps back to exactly one event sent.
 */
final class FeatureEvents {
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final List<String> EVENT_TYPES = List.of("click", "view", "purchase");
    static final int USERS = 500;

    /** Each run takes its own range of indexes, so runs on one shared stack never see each other's rows. */
    private static final AtomicInteger RANGES = new AtomicInteger();
    static final int RANGE_SIZE = 1_000_000;

    private FeatureEvents() {
    }

    /** The first index of a fresh range of {@link #RANGE_SIZE} events. */
    static int newRange() {
        return RANGES.getAndIncrement() * RANGE_SIZE;
    }

    static String userId(int index) {
        return "user-" + (index % USERS);
    }

    static String eventType(int index) {
        return EVENT_TYPES.get(index % EVENT_TYPES.size());
    }

    static Instant timestamp(int index) {
        return BASE.plusMillis(index);
    }

    static double value(int index) {
        return (index % 1000) / 1000.0;
    }

    static String json(int index) {
        return "{\"user_id\":\"" + userId(index) + "\",\"event_type\":\"" + eventType(index)
                + "\",\"value\":" + value(index) + ",\"timestamp\":\"" + timestamp(index) + "\"}";
    }

    static byte[] bytes(int index) {
        return json(index).getBytes(StandardCharsets.UTF_8);
    }

    /** The index an event row came from, or -1 when the row matches no event of this family. */
    static int indexOf(String userId, String eventType, long epochMillis) {
        long offset = epochMillis - BASE.toEpochMilli();
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            return -1;
        }
        int index = (int) offset;
        return userId(index).equals(userId) && eventType(index).equals(eventType) ? index : -1;
    }
}
