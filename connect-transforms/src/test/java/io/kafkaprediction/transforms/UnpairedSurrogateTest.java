package io.kafkaprediction.transforms;

import static io.kafkaprediction.transforms.EventInput.validFieldsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

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

    /** Each input shape and field with each lone surrogate: the value, where the message finds it, how it quotes it. */
    static Stream<Arguments> loneSurrogates() {
        return inputsAndFields().flatMap(inputAndField -> Stream.of(
                        new String[] {"high", "user\uD800", "U+D800 at index 4", "\"user\\ud800\""},
                        new String[] {"low", "\uDC00user", "U+DC00 at index 0", "\"\\udc00user\""},
                        new String[] {"reversed pair", "a\uDE00\uD83Db", "U+DE00 at index 1", "\"a\\ude00\\ud83db\""})
                .map(lone -> Arguments.of(inputAndField.get()[0], inputAndField.get()[1], lone[0], lone[1], lone[2], lone[3])));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("loneSurrogates")
    void validatorRejectsLoneSurrogate(EventInput input, String field, String kind, String value, String found,
            String quoted) {
        assertValidatorRejects(input, field, value, "field '" + field + "': expected well-formed Unicode text, "
                + "found an unpaired surrogate " + found + ", got string " + quoted);
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
        SinkRecord record = EventInput.converted(new FeatureEventJsonConverter(),
                "{\"user_id\":\"user\\ud800\",\"event_type\":\"click\",\"value\":1,\"timestamp\":\"2026-01-20T15:00:00Z\"}");
        ValidateFeatureEvent<SinkRecord> validate = new ValidateFeatureEvent<>();
        validate.configure(Map.of());
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
