package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkSettingsTest {

    @Test
    void defaultsProduceOneMillionEventsWithTheBaselines() {
        BenchmarkSettings settings = BenchmarkSettings.parse();

        assertThat(settings.events()).isEqualTo(1_000_000);
        assertThat(settings.copy()).isTrue();
        assertThat(settings.naive()).isTrue();
    }

    @Test
    void tunedKnobsBecomeConnectorPropertiesAndRawOverridesWin() {
        BenchmarkSettings settings = BenchmarkSettings.parse("tasks=4", "batch.size=2000", "max.poll.records=3000",
                "rewrite=false", "connector.batch.size=7000");

        assertThat(settings.connectorConfig())
                .containsEntry("tasks.max", "4")
                .containsEntry("consumer.override.max.poll.records", "3000")
                .containsEntry("connection.url", "${env:FEATURE_DB_URL}")
                .containsEntry("batch.size", "7000");
    }

    @Test
    void workerPropertiesAndJvmOptionsAreSeparated() {
        BenchmarkSettings settings = BenchmarkSettings.parse("worker.offset.flush.interval.ms=10000", "worker.jvm=-Xmx2g -XX:+UseParallelGC");

        assertThat(settings.workerOverrides()).containsExactlyEntriesOf(java.util.Map.of("offset.flush.interval.ms", "10000"));
        assertThat(settings.workerJvmOptions()).containsExactly("-Xmx2g", "-XX:+UseParallelGC");
    }

    @Test
    void variantBOverridesAreRawConnectorProperties() {
        BenchmarkSettings settings = BenchmarkSettings.parse("b.tasks.max=1", "rounds=2");

        assertThat(settings.variantOverrides()).isEqualTo(java.util.Map.of("tasks.max", "1"));
        assertThat(settings.rounds()).isEqualTo(2);
        assertThat(settings.connectorConfig()).containsEntry("tasks.max", "2");
    }

    @Test
    void jfrNamesTheRecordingOfASingleRunOnly() {
        assertThat(BenchmarkSettings.parse().jfr()).isEmpty();
        assertThat(BenchmarkSettings.parse("jfr=/tmp/worker.jfr").jfr()).isEqualTo("/tmp/worker.jfr");
        assertThatThrownBy(() -> BenchmarkSettings.parse("jfr=/tmp/worker.jfr", "b.batch.size=2000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jfr=/tmp/worker.jfr").hasMessageContaining("b.batch.size");
    }

    @Test
    void rejectsUnknownSettingNamingIt() {
        assertThatThrownBy(() -> BenchmarkSettings.parse("partition=4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting 'partition'")
                .hasMessageContaining("partitions");
    }

    @Test
    void rejectsArgumentWithoutEqualsSign() {
        assertThatThrownBy(() -> BenchmarkSettings.parse("events"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'events' is not key=value");
    }

    @Test
    void rejectsNonNumericAndZeroCounts() {
        assertThatThrownBy(() -> BenchmarkSettings.parse("events=lots"))
                .hasMessage("events=lots is not a whole number");
        assertThatThrownBy(() -> BenchmarkSettings.parse("tasks=0"))
                .hasMessage("tasks must be at least 1, got 0");
    }

    @Test
    void rejectsBooleanThatIsNotTrueOrFalse() {
        assertThatThrownBy(() -> BenchmarkSettings.parse("copy=yes"))
                .hasMessage("copy=yes must be true or false");
    }
}
