package io.kafkaprediction.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureEventJsonConverterTest {

    private static final String TOPIC = "raw_data_events";
    /** 2^64 + 1768921200000: JsonConverter wraps it to 1768921200000, 2026-01-20T15:00:00Z. */
    private static final String WRAPS_TO_PLAUSIBLE_TIME = "18446745842630751616";

    private static <C extends JsonConverter> C configured(C converter, boolean schemas) {
        converter.configure(Map.of("schemas.enable", String.valueOf(schemas)), false);
        return converter;
    }

    private static FeatureEventJsonConverter schemaless() {
        return configured(new FeatureEventJsonConverter(), false);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String value, String timestamp) {
        return "{\"user_id\":\"user2\",\"event_type\":\"prediction_input\",\"value\":" + value + ",\"timestamp\":" + timestamp + "}";
    }

    private static Object convertedField(JsonConverter converter, String json, String field) {
        return ((Map<?, ?>) converter.toConnectData(TOPIC, bytes(json)).value()).get(field);
    }

    @Test
    void kafkasJsonConverterSilentlyWrapsIntegersBeyond64Bits() {
        // The defect this converter exists for: low 64 bits, no error.
        JsonConverter kafka = configured(new JsonConverter(), false);
        assertThat(convertedField(kafka, event("12345678901234567890", "1768921200000"), "value"))
                .isEqualTo(-6101065172474983726L);
        assertThat(convertedField(kafka, event("1", WRAPS_TO_PLAUSIBLE_TIME), "timestamp")).isEqualTo(1768921200000L);
    }

    @Test
    void rejectsValueBeyond64BitsNamingTheFieldAndTheDigits() {
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, bytes(event("12345678901234567890", "1768921200000"))))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'value': integer 12345678901234567890 does not fit in 64 bits");
    }

    @Test
    void rejectsTimestampThatWouldWrapIntoAPlausibleTime() {
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, bytes(event("45", WRAPS_TO_PLAUSIBLE_TIME))))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'timestamp': integer " + WRAPS_TO_PLAUSIBLE_TIME + " does not fit in 64 bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "18446744073709551615"})
    void rejectsIntegersJustOutsideTheInt64Range(String integer) {
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, bytes(event(integer, "1768921200000"))))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'value': integer " + integer + " does not fit in 64 bits");
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, Long.MIN_VALUE, 1768921200000L, 0L, -1L})
    void keepsIntegersInsideTheInt64RangeExactly(long integer) {
        assertThat(convertedField(schemaless(), event(Long.toString(integer), "1768921200000"), "value")).isEqualTo(integer);
    }

    @Test
    void cutsAVeryLongIntegerShortInTheMessage() {
        String digits = "9".repeat(200);
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, bytes(event(digits, "1768921200000"))))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'value': integer " + "9".repeat(64) + "… does not fit in 64 bits");
    }

    @Test
    void integerBeyondJacksonsNumberLengthLimitFailsLikeJsonConverter() {
        // Jackson refuses numbers over 1000 characters; both converters then fail with JsonConverter's error.
        byte[] json = bytes(event("9".repeat(2000), "1768921200000"));
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, json)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(messageOf(configured(new JsonConverter(), false), json).strip())
                .hasMessageContaining("the record value is not JSON: Number value length (2000) exceeds the maximum");
    }

    @Test
    void rejectsAHugeIntegerAnywhereInTheEventWithItsJsonPointer() {
        String json = "{\"user_id\":\"u\",\"extra\":{\"n\":[1,99999999999999999999]},\"value\":1,\"timestamp\":1}";
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, bytes(json)))
                .isInstanceOf(DataException.class)
                .hasMessage("field '/extra/n/1': integer 99999999999999999999 does not fit in 64 bits");
    }

    @Test
    void rejectsARecordThatIsOnlyAHugeInteger() {
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, bytes("123456789012345678901234")))
                .isInstanceOf(DataException.class)
                .hasMessage("record value: integer 123456789012345678901234 does not fit in 64 bits");
    }

    @Test
    void rejectsAHugeIntegerInASchemaEnvelopeToo() {
        String json = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"value\",\"type\":\"int64\"}]},"
                + "\"payload\":{\"value\":12345678901234567890}}";
        JsonConverter kafka = configured(new JsonConverter(), true);
        assertThat(((Struct) kafka.toConnectData(TOPIC, bytes(json)).value()).getInt64("value")).isEqualTo(-6101065172474983726L);

        assertThatThrownBy(() -> configured(new FeatureEventJsonConverter(), true).toConnectData(TOPIC, bytes(json)))
                .isInstanceOf(DataException.class)
                .hasMessage("field '/payload/value': integer 12345678901234567890 does not fit in 64 bits");
    }

    @Test
    void longDigitRunsInStringsAndFractionsConvertAsWithJsonConverter() {
        String json = "{\"user_id\":\"12345678901234567890123\",\"event_type\":\"t\",\"value\":0.12345678901234567890123,"
                + "\"big\":1.2345678901234567890123E30,\"timestamp\":\"2026-01-20T15:00:00Z\"}";
        assertThat(FeatureEventJsonConverter.hasLongDigitRun(bytes(json))).isTrue();
        SchemaAndValue ours = schemaless().toConnectData(TOPIC, bytes(json));
        SchemaAndValue kafkas = configured(new JsonConverter(), false).toConnectData(TOPIC, bytes(json));
        assertThat(ours).isEqualTo(kafkas);
        assertThat(((Map<?, ?>) ours.value()).get("user_id")).isEqualTo("12345678901234567890123");
    }

    @Test
    void leadingZerosAreReadLikeJsonConverterDoes() {
        // JsonConverter allows leading zeros; 22 digits long, but the integer is 42.
        assertThat(convertedField(schemaless(), event("0000000000000000000042", "1768921200000"), "value")).isEqualTo(42L);
    }

    @Test
    void ordinaryEventsSkipTheStreamingPass() {
        assertThat(FeatureEventJsonConverter.hasLongDigitRun(bytes(event("45", "1768921200000")))).isFalse();
        assertThat(FeatureEventJsonConverter.hasLongDigitRun(bytes(event(Long.toString(Long.MAX_VALUE / 10), "1")))).isFalse();
        assertThat(FeatureEventJsonConverter.hasLongDigitRun(bytes(event(Long.toString(Long.MAX_VALUE), "1")))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789", "x1234567890123456789", "1234567890123456789x", "12x1234567890123456789y3",
        "123456789012345678x1234567890123456789", "1234567890123456789012345678901234567890"})
    void digitScanFindsEveryRunOf19Digits(String text) {
        assertThat(FeatureEventJsonConverter.hasLongDigitRun(bytes(text))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "123456789012345678", "x123456789012345678", "123456789012345678x123456789012345678",
        "12345678901234567.8", "{\"a\":123456789012345678,\"b\":-123456789012345678}"})
    void digitScanIgnoresRunsOf18DigitsOrFewer(String text) {
        assertThat(FeatureEventJsonConverter.hasLongDigitRun(bytes(text))).isFalse();
    }

    @Test
    void digitScanAgreesWithANaiveCountOnRandomText() {
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 20_000; n++) {
            byte[] text = new byte[random.nextInt(80)];
            int longestRun = 0;
            for (int i = 0, run = 0; i < text.length; i++) {
                text[i] = random.nextInt(12) == 0 ? (byte) 'x' : (byte) ('0' + random.nextInt(10));
                run = text[i] == 'x' ? 0 : run + 1;
                longestRun = Math.max(longestRun, run);
            }
            assertThat(FeatureEventJsonConverter.hasLongDigitRun(text)).as(new String(text, StandardCharsets.US_ASCII))
                    .isEqualTo(longestRun >= 19);
        }
    }

    @Test
    void malformedJsonFailsWithJsonConvertersOwnError() {
        byte[] broken = bytes("{\"value\":12345678901234567890123,");
        // The big integer comes before the syntax error, so ours names it; both are DataExceptions.
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, broken)).isInstanceOf(DataException.class)
                .hasMessageContaining("does not fit in 64 bits");
        byte[] notJson = bytes("{value: 1234567890123456789012}");
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, notJson)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(messageOf(configured(new JsonConverter(), false), notJson).strip())
                .hasMessageContaining("the record value is not JSON: Unexpected character ('v'");
    }

    @Test
    void bytesThatAreNotJsonNameTheProblemAndWhere() {
        String kafkas = messageOf(configured(new JsonConverter(), false), bytes("hello"));
        assertThat(kafkas).endsWith(": ");

        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, bytes("hello")))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Converting byte[] to Kafka Connect data failed due to serialization error: the record"
                        + " value is not JSON: Unrecognized token 'hello'")
                .hasMessageEndingWith("(line 1, column 1)");
        assertThatThrownBy(() -> schemaless().toConnectData(TOPIC, bytes("{\"user_id\":\"u\",")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("the record value is not JSON: Unexpected end-of-input");
    }

    private static String messageOf(JsonConverter converter, byte[] value) {
        try {
            converter.toConnectData(TOPIC, value);
        } catch (DataException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a DataException");
    }

    @Test
    void nullAndEmptyValuesStayNullLikeJsonConverter() {
        assertThat(schemaless().toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(schemaless().toConnectData(TOPIC, new byte[0])).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void headersAreCheckedToo() {
        assertThatThrownBy(() -> schemaless().toConnectHeader(TOPIC, "h", bytes("{\"n\":12345678901234567890}")))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'n': integer 12345678901234567890 does not fit in 64 bits");
    }

    @Test
    void convertedEventPassesBothTransforms() {
        SchemaAndValue event = schemaless().toConnectData(TOPIC, bytes(event("45", "\"2026-01-20T15:00:00Z\"")));
        SinkRecord record = new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, "user2", event.schema(), event.value(), 0);
        ValidateFeatureEvent<SinkRecord> validate = new ValidateFeatureEvent<>();
        ToUserFeature<SinkRecord> toRow = new ToUserFeature<>();
        validate.configure(Map.of());
        toRow.configure(Map.of());
        Struct row = (Struct) toRow.apply(validate.apply(record)).value();
        assertThat(row.getFloat64("feature_value")).isEqualTo(45.0);
        assertThat(row.getString("feature_id")).isEqualTo("d4330c5b-43b5-51ee-a4c4-b21571283edb");
    }

    @Test
    void reportsThePluginVersionAndIsRegisteredForServiceLoading() {
        assertThat(new FeatureEventJsonConverter().version()).isEqualTo(System.getProperty("plugin.version"));
        // plugin.discovery=service_load finds converters only through these manifests.
        assertThat(ServiceLoader.load(Converter.class).stream().map(p -> p.type().getName()))
                .contains(FeatureEventJsonConverter.class.getName());
        assertThat(ServiceLoader.load(HeaderConverter.class).stream().map(p -> p.type().getName()))
                .contains(FeatureEventJsonConverter.class.getName());
    }
}
