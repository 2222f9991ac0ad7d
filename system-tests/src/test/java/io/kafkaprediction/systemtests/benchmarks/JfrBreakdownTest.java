package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class JfrBreakdownTest {

    private static String bucketStartingWith(String start) {
        return JfrBreakdown.BUCKETS.keySet().stream().filter(b -> b.startsWith(start)).findFirst().orElseThrow();
    }

    @Test
    void theInnermostFrameThatBelongsToAPartDecides() {
        // pgjdbc called by Debezium is the driver's time, not the sink's.
        assertThat(JfrBreakdown.bucket(List.of("java.lang.String", "org.postgresql.core.v3.QueryExecutorImpl",
                "org.hibernate.internal.SessionImpl", "io.debezium.connector.jdbc.JdbcChangeEventSink",
                "org.apache.kafka.connect.runtime.WorkerSinkTask"))).isEqualTo(bucketStartingWith("JDBC driver"));
        assertThat(JfrBreakdown.bucket(List.of("org.apache.kafka.connect.data.Struct", "io.debezium.connector.jdbc.JdbcKafkaSinkRecord",
                "org.apache.kafka.connect.runtime.WorkerSinkTask"))).isEqualTo(bucketStartingWith("Debezium"));
    }

    @Test
    void sharedHelpersGoToTheirCaller() {
        // Jackson under our converter is the converter; our reader under ToUserFeature is the transforms'.
        assertThat(JfrBreakdown.bucket(List.of("com.fasterxml.jackson.core.json.UTF8StreamJsonParser",
                "io.kafkaprediction.transforms.FeatureEventJsonConverter", "org.apache.kafka.connect.runtime.WorkerSinkTask")))
                .isEqualTo(bucketStartingWith("converter"));
        assertThat(JfrBreakdown.bucket(List.of("io.kafkaprediction.transforms.FeatureEventReader",
                "io.kafkaprediction.transforms.ToUserFeature", "org.apache.kafka.connect.runtime.TransformationStage")))
                .isEqualTo(bucketStartingWith("transforms"));
        assertThat(JfrBreakdown.bucket(List.of("org.apache.kafka.common.record.DefaultRecordBatch",
                "org.apache.kafka.clients.consumer.internals.CompletedFetch"))).isEqualTo(bucketStartingWith("Kafka consumer"));
    }

    @Test
    void aStackOfNoPartIsOther() {
        assertThat(JfrBreakdown.bucket(List.of("java.lang.Thread", "org.apache.logging.log4j.core.Logger")))
                .isEqualTo(JfrBreakdown.OTHER);
        assertThat(JfrBreakdown.bucket(List.of())).isEqualTo(JfrBreakdown.OTHER);
    }
}
