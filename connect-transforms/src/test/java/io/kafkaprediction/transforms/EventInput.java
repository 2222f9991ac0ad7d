package io.kafkaprediction.transforms;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;

/** The two shapes a worker hands to a value transform: a schemaless Map and a Struct. */
enum EventInput {
    MAP {
        @Override
        Object value(Map<String, Object> fields) {
            return new LinkedHashMap<>(fields);
        }

        @Override
        Schema schema(Object value) {
            return null;
        }
    },
    STRUCT {
        @Override
        Object value(Map<String, Object> fields) {
            SchemaBuilder builder = SchemaBuilder.struct().name("test.FeatureEvent");
            fields.forEach((name, v) -> builder.field(name, schemaFor(v)));
            Schema schema = builder.build();
            Struct struct = new Struct(schema);
            fields.forEach(struct::put);
            return struct;
        }

        @Override
        Schema schema(Object value) {
            return ((Struct) value).schema();
        }
    };

    /** The example event of the contract (docs/ARCHITECTURE.md). */
    static Map<String, Object> validFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("user_id", "user2");
        fields.put("event_type", "prediction_input");
        fields.put("value", 45L);
        fields.put("timestamp", "2026-01-20T15:00:00Z");
        return fields;
    }

    /** The example event with one field replaced (or removed, when {@code value} is {@link #ABSENT}). */
    static Map<String, Object> validFieldsWith(String field, Object value) {
        Map<String, Object> fields = validFields();
        if (value == ABSENT) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        return fields;
    }

    static final Object ABSENT = new Object();

    abstract Object value(Map<String, Object> fields);

    abstract Schema schema(Object value);

    SinkRecord record(Map<String, Object> fields) {
        Object value = value(fields);
        return new SinkRecord("raw_data_events", 1, Schema.OPTIONAL_STRING_SCHEMA, "user2", schema(value), value, 42L,
                1_700_000_000_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    /** The record a worker hands over when {@code converter}, with schemas off, has read {@code json}. */
    static SinkRecord converted(Converter converter, String json) {
        converter.configure(Map.of("schemas.enable", "false"), false);
        SchemaAndValue data = converter.toConnectData("raw_data_events", json.getBytes(StandardCharsets.UTF_8));
        return new SinkRecord("raw_data_events", 0, null, null, data.schema(), data.value(), 0L);
    }

    private static Schema schemaFor(Object v) {
        if (v == null || v instanceof String) {
            return Schema.OPTIONAL_STRING_SCHEMA;
        }
        if (v instanceof Long) {
            return Schema.OPTIONAL_INT64_SCHEMA;
        }
        if (v instanceof Integer) {
            return Schema.OPTIONAL_INT32_SCHEMA;
        }
        if (v instanceof Double) {
            return Schema.OPTIONAL_FLOAT64_SCHEMA;
        }
        if (v instanceof Float) {
            return Schema.OPTIONAL_FLOAT32_SCHEMA;
        }
        if (v instanceof Boolean) {
            return Schema.OPTIONAL_BOOLEAN_SCHEMA;
        }
        if (v instanceof BigDecimal bd) {
            return Decimal.builder(bd.scale()).optional().build();
        }
        if (v instanceof Date) {
            return Timestamp.builder().optional().build();
        }
        throw new IllegalArgumentException("no Connect schema for " + v.getClass());
    }
}
