package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FreshnessRunTest {

    @Test
    void strideGivesAboutTheProbeRateAndEveryEventAtLowRates() {
        assertThat(FreshnessRun.stride(1_000, 1_000)).isEqualTo(1);
        assertThat(FreshnessRun.stride(500, 1_000)).isEqualTo(1);
        assertThat(FreshnessRun.stride(10_000, 1_000)).isEqualTo(10);
        assertThat(FreshnessRun.stride(30_000, 1_000)).isEqualTo(30);
    }

    @Test
    void probesAreEveryStrideThEventAndTheLastOne() {
        assertThat(probeEvents(10, 3)).containsExactly(0L, 3L, 6L, 9L);
        assertThat(probeEvents(11, 3)).containsExactly(0L, 3L, 6L, 9L, 10L);
        assertThat(probeEvents(4, 1)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(probeEvents(1, 30)).containsExactly(0L);
    }

    @Test
    void probeOfIsTheInverseOfEventOfAndNoneForOtherEvents() {
        long total = 11;
        int stride = 3;
        int probes = FreshnessRun.probeCount(total, stride);
        for (int p = 0; p < probes; p++) {
            assertThat(FreshnessRun.probeOf(FreshnessRun.eventOf(p, stride, total), stride, total)).isEqualTo(p);
        }
        assertThat(FreshnessRun.probeOf(4, stride, total)).isEqualTo(-1);
        assertThat(FreshnessRun.probeOf(-1, stride, total)).isEqualTo(-1);
        // A row of another run (outside this run's key range) is no probe.
        assertThat(FreshnessRun.probeOf(12, stride, total)).isEqualTo(-1);
    }

    @Test
    void resultReportsPercentilesAndWhetherThePipelineKeptUp() {
        long[] micros = {1_000, 2_000, 3_000, 50_000};
        FreshnessRun.Result kept = new FreshnessRun.Result(1_000, 10, 10_000, 9.999, 1, micros, 0.05, 20, 100, 5.1, 0.4, 0.2);
        FreshnessRun.Result behind = new FreshnessRun.Result(1_000, 10, 10_000, 9.999, 1, micros, 4.2, 4_000, 100, 5.1, 0.4, 0.2);

        assertThat(kept.percentileMillis(50)).isEqualTo(2.0);
        assertThat(kept.maxMillis()).isEqualTo(50.0);
        assertThat(kept.achievedRate()).isEqualTo(1_000.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(kept.keptUp()).isTrue();
        assertThat(behind.keptUp()).isFalse();
    }

    private static List<Long> probeEvents(long total, int stride) {
        List<Long> events = new ArrayList<>();
        for (int p = 0; p < FreshnessRun.probeCount(total, stride); p++) {
            events.add(FreshnessRun.eventOf(p, stride, total));
        }
        return events;
    }
}
