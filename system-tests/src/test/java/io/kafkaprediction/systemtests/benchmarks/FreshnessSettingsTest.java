package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class FreshnessSettingsTest {

    @Test
    void defaultsAreTheIssuesThreeRatesForThirtySeconds() {
        FreshnessSettings settings = FreshnessSettings.parse();

        assertThat(settings.rates()).containsExactly(1_000L, 10_000L, 30_000L);
        assertThat(settings.seconds()).isEqualTo(30);
        assertThat(settings.pollMillis()).isEqualTo(5);
        assertThat(settings.probesPerSecond()).isEqualTo(1_000);
        assertThat(settings.portBase()).isZero();
        assertThat(settings.pipeline().warmupEvents()).isEqualTo(50_000);
        assertThat(settings.pipeline().workers()).isEqualTo(1);
    }

    @Test
    void ownKeysAreTakenAndTheRestGoToThePipeline() {
        FreshnessSettings settings = FreshnessSettings.parse("rates=10k,30k", "seconds=60", "poll.ms=2", "probes=2_000",
                "port.base=32100", "workers=2", "partitions=4", "tasks=4", "warmup=0", "connector.batch.size=1000");

        assertThat(settings.rates()).isEqualTo(List.of(10_000L, 30_000L));
        assertThat(settings.seconds()).isEqualTo(60);
        assertThat(settings.pollMillis()).isEqualTo(2);
        assertThat(settings.probesPerSecond()).isEqualTo(2_000);
        assertThat(settings.portBase()).isEqualTo(32_100);
        assertThat(settings.pipeline().workers()).isEqualTo(2);
        assertThat(settings.pipeline().partitions()).isEqualTo(4);
        assertThat(settings.pipeline().warmupEvents()).isZero();
        assertThat(settings.pipeline().connectorConfig()).containsEntry("tasks.max", "4").containsEntry("batch.size", "1000");
        assertThat(settings.describe()).startsWith("rates=[10000, 30000] seconds=60 poll.ms=2 probes/s=2000; pipeline warmup=0 ")
                .contains("workers=2").doesNotContain("events=");
    }

    @Test
    void badRatesNameTheValue() {
        assertThatThrownBy(() -> FreshnessSettings.parse("rates=1000,fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rates=1000,fast: 'fast' is not an events/s figure such as 1000 or 10k");
        assertThatThrownBy(() -> FreshnessSettings.parse("rates=0"))
                .hasMessage("rates=0: every rate must be at least 1 event/s, got 0");
    }

    @Test
    void badNumbersNameTheKey() {
        assertThatThrownBy(() -> FreshnessSettings.parse("seconds=0")).hasMessage("seconds=0 must be at least 1");
        assertThatThrownBy(() -> FreshnessSettings.parse("poll.ms=often")).hasMessage("poll.ms=often is not a whole number");
        assertThatThrownBy(() -> FreshnessSettings.parse("port.base=80"))
                .hasMessage("port.base=80 must be 0 (free ports) or in 1024..65532");
    }

    @Test
    void unknownKeysFailInThePipelineSettingsWithTheirName() {
        assertThatThrownBy(() -> FreshnessSettings.parse("rate=1000"))
                .hasMessageContaining("unknown setting 'rate'");
    }
}
