package io.kafkaprediction.transforms;

import static io.kafkaprediction.transforms.EventInput.validFields;
import static io.kafkaprediction.transforms.EventInput.validFieldsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ToUserFeatureTest {

    /** uuid.uuid5(uuid.UUID("0587c5de-a8dd-5fc4-a30c-000e29e4f28e"), "user2\nprediction_input\n1768921200000") */
    private static final String EXAMPLE_FEATURE_ID = "d4330c5b-43b5-51ee-a4c4-b21571283edb";

    private static ToUserFeature<SinkRecord> transform(Map<String, ?> config) {
        ToUserFeature<SinkRecord> transform = new ToUserFeature<>();
        transform.configure(config);
        return transform;
    }

    private static Struct row(EventInput input, Map<String, Object> fields, Map<String, ?> config) {
        return (Struct) transform(config).apply(input.record(fields)).value();
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void reshapesEventIntoUserFeaturesRow(EventInput input) {
        SinkRecord record = input.record(validFields());
        SinkRecord out = transform(Map.of()).apply(record);

        assertThat(out.valueSchema()).isSameAs(ToUserFeature.ZONED_ROW_SCHEMA);
        Struct row = (Struct) out.value();
        row.validate();
        assertThat(row.getString("feature_id")).isEqualTo(EXAMPLE_FEATURE_ID);
        assertThat(row.getString("user_id")).isEqualTo("user2");
        assertThat(row.getString("event_type")).isEqualTo("prediction_input");
        assertThat(row.getFloat64("feature_value")).isEqualTo(45.0);
        assertThat(row.getString("ingestion_timestamp")).isEqualTo("2026-01-20T15:00:00.000Z");
        assertThat(out.valueSchema().field("ingestion_timestamp").schema().name()).isEqualTo("io.debezium.time.ZonedTimestamp");
        // Debezium binds a string of this name as uuid, which its UNNEST inserts need (uuid[], not text[]).
        assertThat(out.valueSchema().field("feature_id").schema().name()).isEqualTo("io.debezium.data.Uuid");
        assertThat(out.valueSchema().field("feature_id").schema().type()).isEqualTo(Schema.Type.STRING);
        // Everything but the value is the input's.
        assertThat(out.topic()).isEqualTo(record.topic());
        assertThat(out.kafkaPartition()).isEqualTo(record.kafkaPartition());
        assertThat(out.key()).isEqualTo(record.key());
        assertThat(out.keySchema()).isEqualTo(record.keySchema());
        assertThat(out.timestamp()).isEqualTo(record.timestamp());
        assertThat(out.kafkaOffset()).isEqualTo(record.kafkaOffset());
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void emitsZonedTimestampInUtcWithMillisWhateverTheInputOffset(EventInput input) {
        Struct row = row(input, validFieldsWith("timestamp", "2026-01-20T17:00:00.5+02:00"), Map.of());
        assertThat(row.getString("ingestion_timestamp")).isEqualTo("2026-01-20T15:00:00.500Z");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void emitsConnectTimestampExactToTheMillisecondWhenConfigured(EventInput input) {
        Struct row = row(input, validFieldsWith("timestamp", "2026-01-20T15:00:00.123999Z"),
                Map.of(ToUserFeature.TIMESTAMP_FORMAT_CONFIG, "connect_timestamp"));
        assertThat(row.schema()).isSameAs(ToUserFeature.CONNECT_ROW_SCHEMA);
        assertThat(row.schema().field("ingestion_timestamp").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        // Confluent's sink knows no Debezium names: a plain string, as its upsert binds it.
        assertThat(row.schema().field("feature_id").schema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat((Date) row.get("ingestion_timestamp")).isEqualTo(new Date(1_768_921_200_123L));
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void sameNaturalKeyGivesSameFeatureIdWhateverTheTimestampNotation(EventInput input) {
        for (Object ts : new Object[] {"2026-01-20T15:00:00Z", "2026-01-20T17:00:00+02:00", "2026-01-20T15:00:00.000Z",
            "2026-01-20T15:00:00.000999Z", 1_768_921_200_000L, new Date(1_768_921_200_000L)}) {
            assertThat(row(input, validFieldsWith("timestamp", ts), Map.of()).getString("feature_id"))
                    .as("timestamp %s", ts).isEqualTo(EXAMPLE_FEATURE_ID);
        }
        assertThat(row(input, validFieldsWith("value", 99.5), Map.of()).getString("feature_id"))
                .as("the value is not part of the key").isEqualTo(EXAMPLE_FEATURE_ID);
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void differentNaturalKeyGivesDifferentFeatureId(EventInput input) {
        List<String> ids = new ArrayList<>();
        ids.add(row(input, validFields(), Map.of()).getString("feature_id"));
        ids.add(row(input, validFieldsWith("user_id", "user3"), Map.of()).getString("feature_id"));
        ids.add(row(input, validFieldsWith("event_type", "click"), Map.of()).getString("feature_id"));
        ids.add(row(input, validFieldsWith("timestamp", 1_768_921_200_001L), Map.of()).getString("feature_id"));
        assertThat(ids).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user2|prediction_input|1768921200000|d4330c5b-43b5-51ee-a4c4-b21571283edb",
        "usér-✓|click|-1|625708dd-f7e0-5aaa-8d6d-15dc16cf1ea2",
        "user1|page_view|0|4e8ea293-8ebc-5e4a-8c0c-b6d8b4b279ca"})
    void featureIdMatchesPythonUuid5Vectors(String userId, String eventType, long epochMillis, String expected) {
        // Vectors from python3: uuid.uuid5(uuid.UUID(NAMESPACE), f"{user_id}\n{event_type}\n{epoch_ms}")
        assertThat(FeatureIds.featureId(userId, eventType, epochMillis)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void readsConfiguredInputFieldNames(EventInput input) {
        Map<String, Object> fields = Map.of("uid", "user2", "kind", "prediction_input", "v", 45.0, "ts", 1_768_921_200_000L);
        Struct row = row(input, fields, Map.of(FeatureEventReader.USER_ID_FIELD_CONFIG, "uid",
                FeatureEventReader.EVENT_TYPE_FIELD_CONFIG, "kind", FeatureEventReader.VALUE_FIELD_CONFIG, "v",
                FeatureEventReader.TIMESTAMP_FIELD_CONFIG, "ts"));
        assertThat(row.getString("feature_id")).isEqualTo(EXAMPLE_FEATURE_ID);
        assertThat(row.getFloat64("feature_value")).isEqualTo(45.0);
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void tombstonePassesThroughUnchanged(EventInput input) {
        SinkRecord tombstone = input.record(validFields()).newRecord("raw_data_events", 0, null, "k", null, null, 1L);
        assertThat(transform(Map.of()).apply(tombstone)).isSameAs(tombstone);
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void neverMutatesTheInputRecord(EventInput input) {
        SinkRecord record = input.record(validFields());
        record.headers().addString("trace", "abc");
        SinkRecord copy = input.record(validFields());
        copy.headers().addString("trace", "abc");
        SinkRecord out = transform(Map.of()).apply(record);
        assertThat(record).isEqualTo(copy);
        assertThat(out.headers().lastWithName("trace").value()).isEqualTo("abc");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsInvalidEventWithTheValidatorsMessage(EventInput input) {
        assertThatThrownBy(() -> row(input, validFieldsWith("value", "abc"), Map.of()))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'value': expected a finite number, got string \"abc\"");
    }

    @Test
    void reshapesTheMapsJsonConverterProduces() {
        SinkRecord record = EventInput.converted(new JsonConverter(),
                "{\"user_id\":\"user2\",\"event_type\":\"prediction_input\",\"value\":45,\"timestamp\":\"2026-01-20T15:00:00Z\",\"extra\":[1]}");
        Struct row = (Struct) transform(Map.of()).apply(record).value();
        assertThat(row.getString("feature_id")).isEqualTo(EXAMPLE_FEATURE_ID);
        assertThat(row.getFloat64("feature_value")).isEqualTo(45.0);
    }

    @Test
    void oneInstanceGivesTheSameRowsFromManyThreads() throws Exception {
        ToUserFeature<SinkRecord> shared = transform(Map.of());
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            records.add(EventInput.values()[i % 2].record(Map.of("user_id", "user" + i, "event_type", "e" + (i % 7),
                    "value", (double) i, "timestamp", 1_768_921_200_000L + i)));
        }
        List<Object> expected = records.stream().map(r -> transform(Map.of()).apply(r).value()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Object>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> records.stream().map(r -> shared.apply(r).value()).toList()));
            }
            for (Future<List<Object>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsUnknownTimestampFormatNamingTheKeyAndTheChoices() {
        assertThatThrownBy(() -> transform(Map.of(ToUserFeature.TIMESTAMP_FORMAT_CONFIG, "iso")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("timestamp.format")
                .hasMessageContaining("iso")
                .hasMessageContaining("zoned_timestamp, connect_timestamp");
    }

    @Test
    void rejectsBlankFieldNameNamingTheKey() {
        assertThatThrownBy(() -> transform(Map.of(FeatureEventReader.USER_ID_FIELD_CONFIG, "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user_id.field");
    }

    @Test
    void rowSchemasMatchTheUserFeaturesTable() {
        for (Schema schema : List.of(ToUserFeature.ZONED_ROW_SCHEMA, ToUserFeature.CONNECT_ROW_SCHEMA)) {
            assertThat(schema.fields()).extracting(f -> f.name()).containsExactly(
                    "feature_id", "user_id", "event_type", "feature_value", "ingestion_timestamp");
            assertThat(schema.fields()).allSatisfy(f -> assertThat(f.schema().isOptional()).isFalse());
            assertThat(schema.field("feature_value").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        }
    }
}
