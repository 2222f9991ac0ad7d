package io.kafkaprediction.systemtests.benchmarks;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Benchmark experiment, not part of the product: re-tags {@code feature_id} with Debezium's
 * {@code io.debezium.data.Uuid} schema name, which the Debezium JDBC sink needs before it can
 * write {@code uuid} columns with {@code dialect.postgres.unnest.insert.enabled=true} (a plain
 * string goes in as {@code text[]} and PostgreSQL refuses it). Measures what that option would
 * gain if {@code ToUserFeature} emitted the name itself. Installed by {@link ExperimentPlugin}.
 */
public class UuidFeatureIdSchema<R extends ConnectRecord<R>> implements Transformation<R> {
    static final String FIELD = "feature_id";
    static final String UUID_SCHEMA_NAME = "io.debezium.data.Uuid";

    private Schema lastInput;
    private Schema lastOutput;

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public R apply(R record) {
        if (!(record.value() instanceof Struct value) || value.schema().field(FIELD) == null) {
            return record;
        }
        Schema output = outputSchema(value.schema());
        Struct copy = new Struct(output);
        for (Field field : output.fields()) {
            copy.put(field.name(), value.get(field.name()));
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                output, copy, record.timestamp());
    }

    private Schema outputSchema(Schema input) {
        if (input != lastInput) {
            SchemaBuilder builder = SchemaBuilder.struct().name(input.name()).version(input.version());
            for (Field field : input.fields()) {
                if (field.name().equals(FIELD)) {
                    SchemaBuilder uuid = SchemaBuilder.string().name(UUID_SCHEMA_NAME).version(1);
                    builder.field(FIELD, field.schema().isOptional() ? uuid.optional().build() : uuid.build());
                } else {
                    builder.field(field.name(), field.schema());
                }
            }
            lastOutput = builder.build();
            lastInput = input;
        }
        return lastOutput;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void close() {
    }
}
