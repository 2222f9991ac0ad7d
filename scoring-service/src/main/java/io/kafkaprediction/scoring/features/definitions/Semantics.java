package io.kafkaprediction.scoring.features.definitions;

import java.util.Locale;
import java.util.Optional;

/** Which events count as known at time t. */
public enum Semantics {
    /** Event time at or before t (the default, as in Feast). */
    EVENT,
    /** Also landed by t ({@code arrived_at <= t}): exactly what a live request at t could have seen. */
    ARRIVAL;

    /** The word used in requests and on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Semantics> byWord(String word) {
        for (Semantics s : values()) {
            if (s.word().equals(word)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
