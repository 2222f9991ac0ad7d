package io.kafkaprediction.scoring.features.definitions;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a feature definition computes from one event type's events at or before t. */
public enum Aggregation {
    /** A plain name: the latest value with event time at or before t. */
    LATEST(false, false),
    COUNT(true, true),
    SUM(true, true),
    AVG(true, false),
    MIN(true, false),
    MAX(true, false),
    /** The latest value inside the window. */
    LAST(true, false),
    /** Seconds from the latest event at or before t to t. */
    AGE(false, false);

    private final boolean windowed;
    private final boolean zeroWhenEmpty;

    Aggregation(boolean windowed, boolean zeroWhenEmpty) {
        this.windowed = windowed;
        this.zeroWhenEmpty = zeroWhenEmpty;
    }

    /** Whether the definition takes a window ({@code type:agg:window}). */
    public boolean windowed() {
        return windowed;
    }

    /** count and sum of an empty window are 0; every other aggregation is then missing. */
    public boolean zeroWhenEmpty() {
        return zeroWhenEmpty;
    }

    /** The word used in feature names, e.g. {@code count}; LATEST has none. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Aggregation> byWord(String word) {
        for (Aggregation a : values()) {
            if (a != LATEST && a.word().equals(word)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The words that take a window, for error messages. */
    static String windowedWords() {
        return Arrays.stream(values()).filter(Aggregation::windowed).map(Aggregation::word)
                .collect(Collectors.joining(", "));
    }
}
