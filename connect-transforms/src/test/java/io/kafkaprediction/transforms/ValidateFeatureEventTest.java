package io.kafkaprediction.transforms;

import static io.kafkaprediction.transforms.EventInput.ABSENT;
import static io.kafkaprediction.transforms.EventInput.validFields;
import static io.kafkaprediction.transforms.EventInput.validFieldsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateFeatureEventTest {

    private static final String[] FIELDS = {"user_id", "event_type", "value", "timestamp"};

    private final ValidateFeatureEvent<SinkRecord> transform = new ValidateFeatureEvent<>();

    @AfterEach
    void close() {
        transform.close();
    }

    private SinkRecord apply(EventInput input, Map<String, Object> fields, Map<String, ?> config) {
        transform.configure(config);
        return transform.apply(input.record(fields));
    }

    private SinkRecord apply(EventInput input, Map<String, Object> fields) {
        return apply(input, fields, Map.of());
    }

    private void assertRejected(EventInput input, Map<String, Object> fields, String message) {
        assertThatThrownBy(() -> apply(input, fields)).isInstanceOf(DataException.class).hasMessage(message);
    }

    static Stream<Arguments> eachInputAndField() {
        return Arrays.stream(EventInput.values()).flatMap(input -> Arrays.stream(FIELDS).map(f -> Arguments.of(input, f)));
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void validEventPassesUnchanged(EventInput input) {
        transform.configure(Map.of());
        SinkRecord record = input.record(validFields());
        assertThat(transform.apply(record)).isSameAs(record);
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void tombstonePassesThroughUnchanged(EventInput input) {
        transform.configure(Map.of());
        SinkRecord tombstone = input.record(validFields()).newRecord("raw_data_events", 0, null, "k", null, null, 1L);
        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsNullValueWhenNullValuesFail(EventInput input) {
        transform.configure(Map.of(ValidateFeatureEvent.NULL_VALUES_CONFIG, "fail"));
        SinkRecord tombstone = input.record(validFields()).newRecord("raw_data_events", 0, null, "k", null, null, 1L);
        assertThatThrownBy(() -> transform.apply(tombstone))
                .isInstanceOf(DataException.class)
                .hasMessage("record value: expected a feature event, got null (an empty value or a tombstone; null.values=fail)");
    }

    @Test
    void rejectsUnknownNullValuesMode() {
        assertThatThrownBy(() -> transform.configure(Map.of(ValidateFeatureEvent.NULL_VALUES_CONFIG, "drop")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("null.values")
                .hasMessageContaining("drop");
    }

    /** Each input and field, once missing and once null, with how the message ends. */
    static Stream<Arguments> eachInputAndFieldMissingOrNull() {
        return eachInputAndField().flatMap(inputAndField -> Stream.of(
                Arguments.of(inputAndField.get()[0], inputAndField.get()[1], "missing", ABSENT,
                        ", got no such field (check the *.field options)"),
                Arguments.of(inputAndField.get()[0], inputAndField.get()[1], "null", null, ", got null")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("eachInputAndFieldMissingOrNull")
    void rejectsMissingOrNullField(EventInput input, String field, String kind, Object value, String ending) {
        assertThatThrownBy(() -> apply(input, validFieldsWith(field, value)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("field '" + field + "': expected ")
                .hasMessageEndingWith(ending);
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsUserIdThatIsANumber(EventInput input) {
        assertRejected(input, validFieldsWith("user_id", 42L), "field 'user_id': expected a non-blank string, got number 42");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsEventTypeThatIsABoolean(EventInput input) {
        assertRejected(input, validFieldsWith("event_type", true),
                "field 'event_type': expected a non-blank string, got boolean true");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsBlankUserIdAndEventType(EventInput input) {
        assertRejected(input, validFieldsWith("user_id", ""), "field 'user_id': expected a non-blank string, got string \"\"");
        assertRejected(input, validFieldsWith("event_type", "   "),
                "field 'event_type': expected a non-blank string, got string \"   \"");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsControlCharactersThatWouldForgeTheFeatureIdSeparator(EventInput input) {
        assertRejected(input, validFieldsWith("user_id", "user\nclick"),
                "field 'user_id': expected no control characters, found U+000A at index 4, got string \"user\\nclick\"");
        assertRejected(input, validFieldsWith("user_id", "a\u0000b"),
                "field 'user_id': expected no control characters, found U+0000 at index 1, got string \"a\\u0000b\"");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void accepts255CharactersAndRejects256(EventInput input) {
        String max = "u".repeat(255);
        assertThat(apply(input, validFieldsWith("user_id", max)).value()).isNotNull();
        assertThat(apply(input, validFieldsWith("event_type", max)).value()).isNotNull();
        assertRejected(input, validFieldsWith("user_id", max + "u"), "field 'user_id': expected at most 255 characters, "
                + "found 256, got string \"" + "u".repeat(64) + "…\"");
        assertRejected(input, validFieldsWith("event_type", max + "e"), "field 'event_type': expected at most 255 characters, "
                + "found 256, got string \"" + "u".repeat(64) + "…\"");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void countsCharactersAsCodePointsLikePostgres(EventInput input) {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertThat(apply(input, validFieldsWith("user_id", emoji.repeat(255))).value()).isNotNull();
        assertThatThrownBy(() -> apply(input, validFieldsWith("user_id", emoji.repeat(256))))
                .isInstanceOf(DataException.class).hasMessageContaining("expected at most 255 characters, found 256");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void honoursConfiguredMaxLength(EventInput input) {
        transform.configure(Map.of(ValidateFeatureEvent.MAX_LENGTH_CONFIG, "5"));
        Map<String, Object> fields = validFieldsWith("event_type", "click");
        fields.put("user_id", "12345");
        assertThat(transform.apply(input.record(fields))).isNotNull();
        fields.put("user_id", "123456");
        assertThatThrownBy(() -> transform.apply(input.record(fields)))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'user_id': expected at most 5 characters, found 6, got string \"123456\"");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsValueThatIsAString(EventInput input) {
        assertRejected(input, validFieldsWith("value", "abc"), "field 'value': expected a finite number, got string \"abc\"");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsValueThatIsABoolean(EventInput input) {
        assertRejected(input, validFieldsWith("value", false), "field 'value': expected a finite number, got boolean false");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsNaNAndInfinity(EventInput input) {
        assertRejected(input, validFieldsWith("value", Double.NaN), "field 'value': expected a finite number, got number NaN");
        assertRejected(input, validFieldsWith("value", Double.POSITIVE_INFINITY),
                "field 'value': expected a finite number, got number Infinity");
        assertRejected(input, validFieldsWith("value", Float.NEGATIVE_INFINITY),
                "field 'value': expected a finite number, got number -Infinity");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void acceptsHugeAndTinyFiniteNumbersOfEveryNumericType(EventInput input) {
        // Long.MIN_VALUE is -2^63, a double exactly (Long.MAX_VALUE is not: FeatureValuesTest).
        for (Object value : new Object[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Long.MIN_VALUE,
            Integer.MIN_VALUE, 0.5f, new BigDecimal("1E+300"), new BigDecimal("-12.75")}) {
            assertThat(apply(input, validFieldsWith("value", value)).value()).as("value %s", value).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsNumbersBeyondDoubleRange(EventInput input) {
        assertRejected(input, validFieldsWith("value", new BigDecimal("1E+400")),
                "field 'value': expected a finite number, got number 1E+400");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void acceptsTimestampsWithOffsetsFractionsAndEpochMillis(EventInput input) {
        for (Object ts : new Object[] {"2026-01-20T15:00:00Z", "2026-01-20T17:00:00+02:00", "2026-01-20T10:30:00-04:30",
            "2026-01-20T15:00:00.123456789Z", "2026-01-20T15:00Z", "2026-01-20T15:00:00+02:00:00", 1_768_921_200_000L,
            0L, -1L, 1_768_921_200, new Date(1_768_921_200_000L), 1.7689212E12, "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"}) {
            // The format limits only: the time window (max.future.skew) is opened to the year 9999 here.
            assertThat(apply(input, validFieldsWith("timestamp", ts), Map.of("max.future.skew", "3000000d")).value())
                    .as("timestamp %s", ts).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsTimestampsWithoutOffsetOrNotInstants(EventInput input) {
        String expected = "field 'timestamp': expected an ISO-8601 instant with offset (e.g. 2026-01-20T15:00:00Z) "
                + "or whole epoch milliseconds, got ";
        assertRejected(input, validFieldsWith("timestamp", "2026-01-20T15:00:00"), expected + "string \"2026-01-20T15:00:00\"");
        assertRejected(input, validFieldsWith("timestamp", "2026-01-20"), expected + "string \"2026-01-20\"");
        assertRejected(input, validFieldsWith("timestamp", "2026-02-30T15:00:00Z"), expected + "string \"2026-02-30T15:00:00Z\"");
        assertRejected(input, validFieldsWith("timestamp", "2026-01-20T24:00:00Z"), expected + "string \"2026-01-20T24:00:00Z\"");
        assertRejected(input, validFieldsWith("timestamp", "2026-01-20T15:00:00+19:00"),
                expected + "string \"2026-01-20T15:00:00+19:00\"");
        assertRejected(input, validFieldsWith("timestamp", "yesterday"), expected + "string \"yesterday\"");
        assertRejected(input, validFieldsWith("timestamp", "1768921200000"), expected + "string \"1768921200000\"");
        assertRejected(input, validFieldsWith("timestamp", true), expected + "boolean true");
        assertRejected(input, validFieldsWith("timestamp", 1.5), expected + "number 1.5");
        assertRejected(input, validFieldsWith("timestamp", Double.NaN), expected + "number NaN");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsTimestampsOutsideYears1To9999(EventInput input) {
        String expected = "field 'timestamp': expected an instant between the years 0001 and 9999, got ";
        assertRejected(input, validFieldsWith("timestamp", "+10000-01-01T00:00:00Z"), expected + "string \"+10000-01-01T00:00:00Z\"");
        assertRejected(input, validFieldsWith("timestamp", "0000-12-31T23:59:59Z"), expected + "string \"0000-12-31T23:59:59Z\"");
        assertRejected(input, validFieldsWith("timestamp", Long.MAX_VALUE), expected + "number 9223372036854775807");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void cutsLongInputShortInMessages(EventInput input) {
        String huge = "x".repeat(10_000);
        assertThatThrownBy(() -> apply(input, validFieldsWith("value", huge)))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'value': expected a finite number, got string \"" + "x".repeat(64) + "…\"");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void acceptsOnlyAllowedEventTypesWhenConfigured(EventInput input) {
        Map<String, String> config = Map.of(ValidateFeatureEvent.ALLOWED_EVENT_TYPES_CONFIG, "prediction_input, click");
        assertThat(apply(input, validFields(), config).value()).isNotNull();
        assertThatThrownBy(() -> apply(input, validFieldsWith("event_type", "page_view"), config))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'event_type': expected one of allowed.event.types [click, prediction_input], "
                        + "got string \"page_view\"");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void readsConfiguredFieldNamesAndNamesThemInErrors(EventInput input) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("uid", "user2");
        fields.put("kind", "click");
        fields.put("v", "abc");
        fields.put("ts", 1L);
        Map<String, String> config = Map.of(FeatureEventReader.USER_ID_FIELD_CONFIG, "uid",
                FeatureEventReader.EVENT_TYPE_FIELD_CONFIG, "kind", FeatureEventReader.VALUE_FIELD_CONFIG, "v",
                FeatureEventReader.TIMESTAMP_FIELD_CONFIG, "ts");
        assertThatThrownBy(() -> apply(input, fields, config))
                .isInstanceOf(DataException.class).hasMessage("field 'v': expected a finite number, got string \"abc\"");
        fields.put("v", 1.0);
        assertThat(apply(input, fields, config).value()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void neverMutatesTheInputValue(EventInput input) {
        transform.configure(Map.of());
        SinkRecord record = input.record(validFields());
        SinkRecord copy = input.record(validFields());
        transform.apply(record);
        assertThat(record).isEqualTo(copy);
    }

    @Test
    void rejectsRecordValuesThatAreNeitherMapNorStruct() {
        transform.configure(Map.of());
        SinkRecord record = new SinkRecord("raw_data_events", 0, null, null, Schema.STRING_SCHEMA, "{\"user_id\":1}", 0L);
        assertThatThrownBy(() -> transform.apply(record))
                .isInstanceOf(DataException.class)
                .hasMessage("record value: expected a Map or a Struct, got string \"{\"user_id\":1}\"");
    }

    @Test
    void readsStructsOfDifferentSchemasThroughTheCache() {
        transform.configure(Map.of());
        for (int i = 0; i < 40; i++) {
            Schema schema = SchemaBuilder.struct().name("s" + i).field("user_id", Schema.STRING_SCHEMA)
                    .field("event_type", Schema.STRING_SCHEMA).field("value", Schema.FLOAT64_SCHEMA)
                    .field(i % 2 == 0 ? "timestamp" : "time", Schema.INT64_SCHEMA).build();
            Struct struct = new Struct(schema).put("user_id", "u").put("event_type", "e").put("value", 1.0)
                    .put(i % 2 == 0 ? "timestamp" : "time", 5L);
            SinkRecord record = new SinkRecord("t", 0, null, null, schema, struct, 0L);
            if (i % 2 == 0) {
                assertThat(transform.apply(record)).isSameAs(record);
            } else {
                assertThatThrownBy(() -> transform.apply(record)).isInstanceOf(DataException.class)
                        .hasMessageContaining("field 'timestamp'");
            }
        }
    }

    /** Each bad option value: the message names the key and says what is wrong. */
    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(delimiter = '|', value = {
        "max.length          | 0              | Value must be at least 1",
        "max.length          | lots           | lots",
        "timestamp.field     | ''             | String must be non-empty",
        "allowed.event.types | 'click, ,view' | entries must not be blank",
    })
    void rejectsBadOptionNamingTheKey(String key, String value, String problem) {
        assertThatThrownBy(() -> transform.configure(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key).hasMessageContaining(problem);
    }

    @Test
    void reportsTheVersionOfTheBuild() {
        assertThat(transform.version()).isEqualTo(System.getProperty("plugin.version")).doesNotContain("${");
        assertThat(transform.version()).isEqualTo(new ToUserFeature<SinkRecord>().version());
    }

    @Test
    void documentsEveryOption() {
        assertThat(ValidateFeatureEvent.CONFIG_DEF.configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).isNotBlank())
                .extracting(key -> key.name)
                .containsExactlyInAnyOrder("user_id.field", "event_type.field", "value.field", "timestamp.field",
                        "max.length", "allowed.event.types", "null.values", "max.future.skew", "retention");
    }

    /** The example event's time: the clock of the time-window tests. */
    private static final java.time.Instant NOW = java.time.Instant.parse("2026-01-20T15:00:00Z");

    private SinkRecord applyAt(EventInput input, String timestamp, Map<String, ?> config) {
        transform.withClock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)).configure(config);
        return transform.apply(input.record(validFieldsWith("timestamp", timestamp)));
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void acceptsEventsUpToMaxFutureSkewAheadByDefaultOneHour(EventInput input) {
        assertThat(applyAt(input, "2026-01-20T16:00:00Z", Map.of())).isNotNull();
        assertThat(applyAt(input, "2025-01-20T16:00:00Z", Map.of())).as("no retention: any age").isNotNull();
        assertThatThrownBy(() -> applyAt(input, "2026-01-20T16:00:00.001Z", Map.of()))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'timestamp': expected at most max.future.skew=1h after now (2026-01-20T15:00:00Z), "
                        + "got 2026-01-20T16:00:00.001Z, PT1H0.001S ahead");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void rejectsEventsOlderThanTheRetention(EventInput input) {
        Map<String, String> config = Map.of("retention", "90d", "max.future.skew", "5m");
        assertThat(applyAt(input, "2025-10-22T15:00:00Z", config)).as("exactly 90 days old").isNotNull();
        assertThatThrownBy(() -> applyAt(input, "2025-10-22T14:59:59.999Z", config))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'timestamp': expected at most retention=90d before now (2026-01-20T15:00:00Z), "
                        + "got 2025-10-22T14:59:59.999Z, older than the feature store keeps");
        assertThatThrownBy(() -> applyAt(input, "2026-01-20T15:06:00Z", config))
                .isInstanceOf(DataException.class).hasMessageContaining("max.future.skew=5m");
    }

    @Test
    void theTimeWindowNamesTheConfiguredTimestampField() {
        transform.withClock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
                .configure(Map.of("timestamp.field", "ts", "retention", "1d"));
        Map<String, Object> fields = validFields();
        fields.put("ts", fields.remove("timestamp"));
        fields.put("ts", "2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> transform.apply(EventInput.MAP.record(fields)))
                .isInstanceOf(DataException.class).hasMessageStartingWith("field 'ts': expected at most retention=1d");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max.future.skew|''|Invalid value  for configuration max.future.skew: expected a whole number and a unit",
        "max.future.skew|1 hour|Invalid value 1 hour for configuration max.future.skew: expected a whole number and a unit",
        "retention|-90d|Invalid value -90d for configuration retention: expected a whole number and a unit",
        "retention|90|Invalid value 90 for configuration retention: expected a whole number and a unit"})
    void refusesDurationsItCannotRead(String option, String value, String message) {
        assertThatThrownBy(() -> transform.configure(Map.of(option, value)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "15m,900000", "1h,3600000", "90d,7776000000", "2D,172800000"})
    void readsDurationsInTheFeatureDefinitionsUnits(String text, long millis) {
        assertThat(ValidateFeatureEvent.parseDuration(text).toMillis()).isEqualTo(millis);
    }
}
