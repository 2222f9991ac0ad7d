package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class PreLoadTest {
    private static final long UNTIL = FeatureEvents.BASE_EPOCH_MILLIS;
    private static final long HISTORY = PreLoad.HISTORY_DAYS * 86_400_000L;

    @Test
    void incrementsTakeDistinctMillisecondsOfTheSameNinetyDays() {
        PreLoad history = new PreLoad(100_000_000L, 3, 42, UNTIL);
        long[] rows = {10_000, 40_000, 50_000};
        Set<Long> times = new HashSet<>();
        for (int j = 0; j < rows.length; j++) {
            long n = rows[j];
            long first = history.epochMillis(j, 0, n);
            long last = history.epochMillis(j, n - 1, n);
            for (long i = 0; i < n; i++) {
                long t = history.epochMillis(j, i, n);
                assertThat(Math.floorMod(t - (UNTIL - HISTORY), 3)).as("residue of increment %d", j).isEqualTo(j);
                times.add(t);
            }
            // Every increment spans the whole history, not a slice of its own.
            assertThat(first).isLessThan(UNTIL - HISTORY + 3);
            assertThat(last).isGreaterThan(UNTIL - HISTORY / 1000).isLessThan(UNTIL);
        }
        assertThat(times).as("no natural key can collide: one row per millisecond").hasSize(100_000);
    }

    @Test
    void rowsAtTheLimitStillGetOneMillisecondEach() {
        PreLoad history = new PreLoad(1_000, 4, 42, UNTIL);
        long slots = HISTORY / 4;
        long n = slots;
        for (long i : new long[] {0, 1, n / 3, n / 2, n - 2}) {
            assertThat(history.epochMillis(1, i + 1, n) - history.epochMillis(1, i, n)).as("row %d", i).isEqualTo(4);
        }
        assertThat(history.epochMillis(1, n - 1, n)).isLessThan(UNTIL);
    }

    @Test
    void beforeAnyPreLoadLookupsGoToTheMeasuredUsers() {
        Supplier<String> users = new PreLoad(1_000_000, 2, 42, UNTIL).lookupUsers(7, 10);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            seen.add(users.get());
        }
        assertThat(seen).hasSize(10).allMatch(u -> u.matches("user[0-9]"));
    }

    @Test
    void universeOfUsersFollowsTheLargestSize() {
        assertThat(new PreLoad(100_000_000L, 3, 42, UNTIL).users()).isEqualTo(1_000_000);
        assertThat(new PreLoad(0, 1, 42, UNTIL).users()).isEqualTo(1_000);
    }

    @Test
    void indexModeIsNamedInItsError() {
        assertThat(PreLoad.Indexes.parse("Rebuild")).isEqualTo(PreLoad.Indexes.REBUILD);
        assertThatThrownBy(() -> PreLoad.Indexes.parse("drop"))
                .hasMessageContaining("preload.indexes").hasMessageContaining("'drop'");
    }
}
