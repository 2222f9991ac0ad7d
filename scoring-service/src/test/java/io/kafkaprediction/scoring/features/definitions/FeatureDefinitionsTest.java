package io.kafkaprediction.scoring.features.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureDefinitionsTest {

    @ParameterizedTest
    @CsvSource({
            "click:count:1h,     click,    COUNT, PT1H",
            "purchase:sum:7d,    purchase, SUM,   PT168H",
            "view:avg:30m,       view,     AVG,   PT30M",
            "view:min:24h,       view,     MIN,   PT24H",
            "view:max:24h,       view,     MAX,   PT24H",
            "click:last:1h,      click,    LAST,  PT1H",
            "click:count:90s,    click,    COUNT, PT1M30S",
            "click:count:007m,   click,    COUNT, PT7M",
            "page:view:count:1h, page:view, COUNT, PT1H"})
    void readsWindowedDefinitions(String name, String eventType, Aggregation aggregation, Duration window) {
        FeatureDefinition definition = FeatureDefinitions.parse(name);

        assertThat(definition).isEqualTo(new FeatureDefinition(name, eventType, aggregation, window));
        assertThat(definition.windowMillis()).isEqualTo(window.toMillis());
    }

    @Test
    void readsAge() {
        assertThat(FeatureDefinitions.parse("click:age"))
                .isEqualTo(new FeatureDefinition("click:age", "click", Aggregation.AGE, null));
        assertThat(FeatureDefinitions.parse("page:view:age").eventType()).isEqualTo("page:view");
    }

    @ParameterizedTest
    @ValueSource(strings = {"click", "prediction_input", "page:view", "a:b:c", "click:", "f0", "click:counts:x", "x:COUNT"})
    void aNameThatIsNotADefinitionIsAPlainEventType(String name) {
        assertThat(FeatureDefinitions.parse(name)).isEqualTo(new FeatureDefinition(name, name, Aggregation.LATEST, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "click:median:1h | feature 'click:median:1h': unknown aggregation 'median': use one of count, sum, avg, min, max, last",
            "click:count:0h  | feature 'click:count:0h': bad window '0h': it must be positive",
            "click:count:-1h | feature 'click:count:-1h': bad window '-1h': a positive whole number and a unit s, m, h or d, e.g. 30m or 7d",
            "click:count:1w  | feature 'click:count:1w': bad window '1w': a positive whole number and a unit s, m, h or d, e.g. 30m or 7d",
            "click:sum:1.5h  | feature 'click:sum:1.5h': bad window '1.5h': a positive whole number and a unit s, m, h or d, e.g. 30m or 7d",
            "click:avg:1H    | feature 'click:avg:1H': bad window '1H': a positive whole number and a unit s, m, h or d, e.g. 30m or 7d",
            "click:max:24    | feature 'click:max:24': bad window '24': a positive whole number and a unit s, m, h or d, e.g. 30m or 7d",
            "click:count:3651d | feature 'click:count:3651d': bad window '3651d': at most 3650d (ten years)",
            "click:count:99999999999999999999s | feature 'click:count:99999999999999999999s': bad window '99999999999999999999s': at most 315360000s (ten years)",
            "click:count     | feature 'click:count': aggregation 'count' needs a window: write click:count:1h (units s, m, h, d)",
            "click:last      | feature 'click:last': aggregation 'last' needs a window: write click:last:1h (units s, m, h, d)",
            "click:age:1h    | feature 'click:age:1h': aggregation 'age' takes no window: write click:age",
            "click:1h        | feature 'click:1h': a window '1h' needs an aggregation: write event_type:aggregation:window, aggregation one of count, sum, avg, min, max, last",
            ":count:1h       | feature ':count:1h': the event type before the first ':' is empty",
            ":age            | feature ':age': the event type before the first ':' is empty"})
    void aBadDefinitionIsRefusedNamingTheFeatureAndTheReason(String name, String message) {
        assertThatThrownBy(() -> FeatureDefinitions.parse(name))
                .isInstanceOf(InvalidFeatureDefinitionException.class)
                .hasMessage(message)
                .extracting(e -> ((InvalidFeatureDefinitionException) e).featureName()).isEqualTo(name);
    }

    @Test
    void parseAllKeepsTheOrderAndStopsAtTheFirstBadName() {
        assertThat(FeatureDefinitions.parseAll(List.of("click", "click:count:1h", "click:age")))
                .extracting(FeatureDefinition::aggregation)
                .containsExactly(Aggregation.LATEST, Aggregation.COUNT, Aggregation.AGE);
        assertThatThrownBy(() -> FeatureDefinitions.parseAll(List.of("click", "view:p99:1h")))
                .hasMessageStartingWith("feature 'view:p99:1h': unknown aggregation 'p99'");
    }

    @Test
    void onlyCountAndSumAreZeroForAnEmptyWindow() {
        assertThat(Aggregation.values()).filteredOn(Aggregation::zeroWhenEmpty)
                .containsExactly(Aggregation.COUNT, Aggregation.SUM);
    }
}
