package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    private static final long[] ONE_TO_HUNDRED = LongStream.rangeClosed(1, 100).toArray();

    @Test
    void nearestRankIsASampleWithAtLeastThatShareAtOrBelowIt() {
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 50)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 99)).isEqualTo(99);
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 100)).isEqualTo(100);
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 0.5)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 99.5)).isEqualTo(100);
    }

    @Test
    void fractionalPercentilesOfLargeSamplesAreNotOffByOne() {
        long[] thousand = LongStream.rangeClosed(1, 1000).toArray();

        assertThat(Percentiles.nearestRank(thousand, 99.9)).isEqualTo(999);
        assertThat(Percentiles.nearestRank(thousand, 99)).isEqualTo(990);
    }

    @Test
    void fewSamplesRoundTheRankUp() {
        assertThat(Percentiles.nearestRank(new long[] {7}, 1)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(new long[] {7}, 100)).isEqualTo(7);
        // 99 % of 50 samples is rank 49.5: the 50th (the largest) sample.
        assertThat(Percentiles.nearestRank(LongStream.rangeClosed(1, 50).toArray(), 99)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(new long[] {10, 20, 30, 40}, 50)).isEqualTo(20);
    }

    @Test
    void rejectsPercentilesOutsideTheRangeAndEmptySamples() {
        assertThatThrownBy(() -> Percentiles.nearestRank(ONE_TO_HUNDRED, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("percentile must be in (0, 100], got 0.0");
        assertThatThrownBy(() -> Percentiles.nearestRank(ONE_TO_HUNDRED, 101))
                .hasMessage("percentile must be in (0, 100], got 101.0");
        assertThatThrownBy(() -> Percentiles.nearestRank(ONE_TO_HUNDRED, Double.NaN))
                .hasMessageContaining("percentile must be in (0, 100]");
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50))
                .hasMessage("no samples to take the 50.0th percentile of");
    }
}
