package io.kafkaprediction.transforms;

import static io.kafkaprediction.transforms.EventInput.validFieldsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A lone UTF-16 surrogate in user_id or event_type has no UTF-8 form: the JDBC driver would send
 * it as '?', so "user\uD800" and "user\uDBFF" would become one user. Both transforms refuse it.
 */
class UnpairedSurrogateTest {

    static Stream<Arguments> inputsAndFields() {
        return Arrays.stream(EventInput.values())
                .flatMap(input -> Stream.of("user_id", "event_type").map(field -> Arguments.of(input, field)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputsAndFields")
    void validatorRejectsLoneHighSurrogate(EventInput input, String field) {
        assertValidatorRejects(input, field, "user\uD800",
                "field '" + field + "': expected well-formed Unicode text, found an unpaired surrogate U+D800 at index 4, "
                        + "got string \"user\\ud800\"");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputsAndFields")
    void validatorRejectsLoneLowSurrogateAndReversedPair(EventInput input, String field) {
        assertValidatorRejects(input, field, "\uDC00user",
                "field '" + field + "': expected well-formed Unicode text, found an unpaired surrogate U+DC00 at index 0, "
                        + "got string \"\\udc00user\"");
        assertValidatorRejects(input, field, "a\uDE00\uD83Db",
                "field '" + field + "': expected well-formed Unicode text, found an unpaired surrogate U+DE00 at index 1, "
                        + "got string \"a\\ude00\\ud83db\"");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputsAndFields")
    void toUserFeatureRejectsLoneSurrogateToo(EventInput input, String field) {
        ToUserFeature<SinkRecord> transform = new ToUserFeature<>();
        transform.configure(Map.of());
        assertThatThrownBy(() -> transform.apply(input.record(validFieldsWith(field, "user\uDBFF"))))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("field '" + field + "': expected well-formed Unicode text, "
                        + "found an unpaired surrogate U+DBFF at index 4");
    }

    @ParameterizedTest
    @EnumSource(EventInput.class)
    void surrogatePairsPass(EventInput input) {
        ToUserFeature<SinkRecord> transform = new ToUserFeature<>();
        transform.configure(Map.of());
        String emoji = "user\uD83D\uDE00";
        SinkRecord out = transform.apply(input.record(validFieldsWith("user_id", emoji)));
        assertThat(((Struct) out.value()).getString("user_id")).isEqualTo(emoji);
    }

    @Test
    void jsonEscapeOfALoneSurrogateReachesTheDlqWithTheReason() {
        FeatureEventJsonConverter converter = new FeatureEventJsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        byte[] json = "{\"user_id\":\"user\\ud800\",\"event_type\":\"click\",\"value\":1,\"timestamp\":\"2026-01-20T15:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        SchemaAndValue converted = converter.toConnectData("raw_data_events", json);
        ValidateFeatureEvent<SinkRecord> validate = new ValidateFeatureEvent<>();
        validate.configure(Map.of());
        SinkRecord record = new SinkRecord("raw_data_events", 0, null, null, converted.schema(), converted.value(), 0L);
        assertThatThrownBy(() -> validate.apply(record))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'user_id': expected well-formed Unicode text, found an unpaired surrogate U+D800 "
                        + "at index 4, got string \"user\\ud800\"");
    }

    @Test
    void quotedValueIsNeverCutInsideASurrogatePair() {
        String head = "u".repeat(FeatureEventReader.MAX_QUOTED_CHARS - 1);
        assertValidatorRejects(EventInput.MAP, "user_id", head + "\uD83D\uDE00\uD800",
                "field 'user_id': expected well-formed Unicode text, found an unpaired surrogate U+D800 at index 65, "
                        + "got string \"" + head + "…\"");
    }

    private static void assertValidatorRejects(EventInput input, String field, String value, String message) {
        ValidateFeatureEvent<SinkRecord> transform = new ValidateFeatureEvent<>();
        transform.configure(Map.of());
        assertThatThrownBy(() -> transform.apply(input.record(validFieldsWith(field, value))))
                .isInstanceOf(DataException.class).hasMessage(message);
    }
}
