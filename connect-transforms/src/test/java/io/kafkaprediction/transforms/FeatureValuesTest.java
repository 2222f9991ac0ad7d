package io.kafkaprediction.transforms;

import static io.kafkaprediction.transforms.EventInput.validFieldsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rule for numbers a double cannot hold exactly ({@link FeatureValues}), through the chain a
 * record takes: FeatureEventJsonConverter, ValidateFeatureEvent, ToUserFeature.
 */
class FeatureValuesTest {

    private static final String INEXACT = "field 'value': expected an integer a double holds exactly (any up to 2^53 = "
            + "9007199254740992 in magnitude); to accept the nearest double ";
    private static final String UNDERFLOW = "field 'value': expected a number a double can hold: non-zero but below "
            + "4.9E-324 in magnitude, it would be stored as 0, got number ";

    /** The feature_value the chain stores for the JSON text of "value", or the chain's error. */
    private static double stored(String value, boolean schemas, String valueType) {
        String event = "{\"user_id\":\"user2\",\"event_type\":\"click\",\"value\":" + value
                + ",\"timestamp\":\"2026-01-20T15:00:00Z\"}";
        String json = !schemas ? event : "{\"schema\":{\"type\":\"struct\",\"fields\":["
                + "{\"field\":\"user_id\",\"type\":\"string\"},{\"field\":\"event_type\",\"type\":\"string\"},"
                + "{\"field\":\"value\",\"type\":\"" + valueType + "\"},{\"field\":\"timestamp\",\"type\":\"string\"}]},"
                + "\"payload\":" + event + "}";
        FeatureEventJsonConverter converter = new FeatureEventJsonConverter();
        converter.configure(Map.of("schemas.enable", String.valueOf(schemas)), false);
        SchemaAndValue converted = converter.toConnectData("raw_data_events", json.getBytes(StandardCharsets.UTF_8));
        return chain(new SinkRecord("raw_data_events", 0, null, null, converted.schema(), converted.value(), 0L));
    }

    private static double chain(SinkRecord record) {
        ValidateFeatureEvent<SinkRecord> validate = new ValidateFeatureEvent<>();
        ToUserFeature<SinkRecord> toRow = new ToUserFeature<>();
        validate.configure(Map.of());
        toRow.configure(Map.of());
        return ((Struct) toRow.apply(validate.apply(record)).value()).getFloat64("feature_value");
    }

    private static double stored(String value) {
        return stored(value, false, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901234567890", "9223372036854775808", "-9223372036854775809"})
    void integerAbove2To63IsRefused(String integer) {
        assertThatThrownBy(() -> stored(integer)).isInstanceOf(DataException.class)
                .hasMessage("field 'value': integer " + integer + " does not fit in 64 bits");
    }

    @ParameterizedTest
    @CsvSource({"9007199254740993, 9.007199254740992E15", "-9007199254740993, -9.007199254740992E15",
        "9223372036854775807, 9.223372036854776E18"})
    void integerADoubleCannotHoldExactlyIsRefused(String integer, String nearest) {
        assertThatThrownBy(() -> stored(integer)).isInstanceOf(DataException.class)
                .hasMessage(INEXACT + nearest + ", write it as a decimal (" + integer + ".0), got number " + integer);
    }

    @Test
    void integerAbove2To53InAnInt64SchemaIsRefusedToo() {
        assertThatThrownBy(() -> stored("9007199254740993", true, "int64")).isInstanceOf(DataException.class)
                .hasMessageStartingWith(INEXACT + "9.007199254740992E15");
    }

    @Test
    void integersADoubleHoldsAndDecimalsAreStoredAsTheirNearestDouble() {
        assertThat(stored("9007199254740992")).isEqualTo(9007199254740992.0);
        assertThat(stored("-9007199254740992")).isEqualTo(-9007199254740992.0);
        assertThat(stored("4611686018427387904")).as("2^62, a double exactly").isEqualTo(0x1p62);
        assertThat(stored("9007199254740993.0")).as("a decimal accepts rounding").isEqualTo(9007199254740992.0);
        assertThat(stored("9007199254740993", true, "double")).as("declared a double: read as one")
                .isEqualTo(9007199254740992.0);
        assertThat(stored("0.1")).isEqualTo(0.1);
        assertThat(stored("1.5e19")).isEqualTo(1.5e19);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-400", "-1e-400", "2e-324", "1E-999"})
    void nonZeroNumberThatWouldBeStoredAsZeroIsRefused(String tiny) {
        assertThatThrownBy(() -> stored(tiny)).isInstanceOf(DataException.class).hasMessage(UNDERFLOW + tiny);
        assertThatThrownBy(() -> stored(tiny, true, "double")).isInstanceOf(DataException.class)
                .hasMessage(UNDERFLOW.replace("'value'", "'/payload/value'") + tiny);
    }

    @Test
    void underflowWrittenOutInFullIsRefusedToo() {
        String tiny = "0." + "0".repeat(400) + "1";
        assertThatThrownBy(() -> stored(tiny)).isInstanceOf(DataException.class)
                .hasMessage(UNDERFLOW + FeatureEventReader.cut(tiny));
    }

    @Test
    void smallestDoublesAndZerosAreAccepted() {
        assertThat(stored("4.9e-324")).isEqualTo(Double.MIN_VALUE);
        assertThat(stored("3e-324")).isEqualTo(Double.MIN_VALUE);
        assertThat(stored("0e-500")).isEqualTo(0.0);
        assertThat(stored("0")).isEqualTo(0.0);
    }

    @Test
    void negativeZeroIsAccepted() {
        // JsonConverter reads decimals through BigDecimal, which has no negative zero.
        assertThat(stored("-0.0")).isEqualTo(0.0);
        assertThat(stored("-0")).isEqualTo(0.0);
        double fromStruct = chain(EventInput.STRUCT.record(validFieldsWith("value", -0.0)));
        assertThat(Double.doubleToRawLongBits(fromStruct)).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e309", "-1e309", "1E+400", "2e308"})
    void numberBeyondTheDoubleRangeIsRefused(String huge) {
        assertThatThrownBy(() -> stored(huge)).isInstanceOf(DataException.class)
                .hasMessage("field 'value': expected a finite number, got number " + huge);
    }

    @Test
    void negativeNumbersFollowTheSameRule() {
        assertThat(stored("-12.5")).isEqualTo(-12.5);
        assertThat(stored("-45")).isEqualTo(-45.0);
        assertThat(stored("-1.7976931348623157e308")).isEqualTo(-Double.MAX_VALUE);
        assertThat(stored("-4.9e-324")).isEqualTo(-Double.MIN_VALUE);
    }

    @Test
    void theConverterAppliesTheRangeRuleToEveryNumberOfTheEvent() {
        FeatureEventJsonConverter converter = new FeatureEventJsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        byte[] json = "{\"value\":1,\"extra\":{\"n\":[1,1e-400]}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> converter.toConnectData("raw_data_events", json)).isInstanceOf(DataException.class)
                .hasMessage(UNDERFLOW.replace("'value'", "'/extra/n/1'") + "1e-400");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void connectValuesFollowTheSameRule(EventInput input) {
        assertThatThrownBy(() -> chain(input.record(validFieldsWith("value", 9007199254740993L))))
                .isInstanceOf(DataException.class).hasMessageStartingWith(INEXACT + "9.007199254740992E15");
        assertThatThrownBy(() -> chain(input.record(validFieldsWith("value", new BigDecimal("1E-400")))))
                .isInstanceOf(DataException.class).hasMessage(UNDERFLOW + "1E-400");
        assertThat(chain(input.record(validFieldsWith("value", new BigDecimal("9007199254740993")))))
                .as("a Connect Decimal is a decimal").isEqualTo(9007199254740992.0);
        assertThat(chain(input.record(validFieldsWith("value", 9007199254740992L)))).isEqualTo(9007199254740992.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "1.5E+308", "{\"v\":2e-324}", "7E0309", "9e100"})
    void exponentScanFindsExponentsOfThreeOrMoreDigits(String text) {
        assertThat(FeatureEventJsonConverter.hasLongExponent(text.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1e99", "1.5E-99", "{\"value\":45,\"event_type\":\"e123\"}", "1e+1", "1e12"})
    void exponentScanIgnoresShortExponentsAndLetters(String text) {
        assertThat(FeatureEventJsonConverter.hasLongExponent(text.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void numbersTheScansLetThroughAreAlwaysWithinTheDoubleRange() {
        // Why the streaming pass may be skipped: digit runs under 19 and exponents under 100.
        assertThat(FeatureValues.problem(new BigDecimal("999999999999999999.999999999999999999e99"), false)).isNull();
        assertThat(FeatureValues.problem(new BigDecimal("000000000000000000.000000000000000001e-99"), false)).isNull();
    }

    @Test
    void bigIntegersFollowTheIntegerRule() {
        assertThat(FeatureValues.problem(BigInteger.ONE.shiftLeft(70))).isNull();
        assertThat(FeatureValues.problem(BigInteger.ONE.shiftLeft(70).add(BigInteger.ONE))).startsWith(
                "expected an integer a double holds exactly");
    }
}
