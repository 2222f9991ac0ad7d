package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class UuidFeatureIdSchemaTest {
    private static final Schema ROW = SchemaBuilder.struct().name("io.kafkaprediction.UserFeature")
            .field("feature_id", Schema.STRING_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA)
            .field("feature_value", Schema.FLOAT64_SCHEMA)
            .build();

    private final UuidFeatureIdSchema<SinkRecord> transform = new UuidFeatureIdSchema<>();

    @Test
    void featureIdGetsDebeziumUuidSchemaNameAndKeepsEveryValue() {
        Struct row = new Struct(ROW).put("feature_id", "8b2538d2-bcbb-5793-9d94-f35402281031")
                .put("user_id", "user2").put("feature_value", 45.0);

        Struct out = (Struct) transform.apply(new SinkRecord("t", 0, null, null, ROW, row, 7)).value();

        assertThat(out.schema().field("feature_id").schema().name()).isEqualTo("io.debezium.data.Uuid");
        assertThat(out.schema().field("user_id").schema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(out.schema().name()).isEqualTo("io.kafkaprediction.UserFeature");
        assertThat(out.getString("feature_id")).isEqualTo("8b2538d2-bcbb-5793-9d94-f35402281031");
        assertThat(out.getString("user_id")).isEqualTo("user2");
        assertThat(out.getFloat64("feature_value")).isEqualTo(45.0);
        assertThat(row.schema().field("feature_id").schema().name()).as("input untouched").isNull();
    }

    @Test
    void recordWithoutStructValuePassesThroughUnchanged() {
        SinkRecord tombstone = new SinkRecord("t", 0, null, null, null, null, 7);

        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
    }
}
