package io.kafkaprediction.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private static final List<String> LOADED = List.of("3", "4", "5");

    @Test
    void readsPrimaryCanaryAndShadow() {
        Routing routing = parse("{\"primary\": \"3\", \"canary\": {\"version\": \"4\", \"percent\": 12.5}, \"shadow\": \"5\"}");

        assertThat(routing).isEqualTo(new Routing("3", "4", 12.5, "5"));
        assertThat(routing.versions()).containsExactly("3", "4", "5");
        assertThat(routing.roleOf("4")).isEqualTo("canary");
        assertThat(routing.roleOf("9")).isNull();
    }

    @Test
    void acceptsIntegerVersionNames() {
        assertThat(parse("{\"primary\": 3}").primary()).isEqualTo("3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]                                                       | must be a JSON object",
            "{\"primary\": true}                                      | primary must be a version folder name (string), got true",
            "{\"primary\": \"3\", \"canary\": \"4\"}                  | canary must be an object",
            "{\"primary\": \"3\", \"canary\": {\"version\": \"4\"}}   | canary.percent must be a number from 0 to 100, got nothing",
            "{\"primary\": \"3\", \"canary\": {\"version\": \"4\", \"percent\": \"10\"}} | canary.percent must be a number from 0 to 100, got \"10\"",
            "{\"primary\": \"3\", \"canary\": {\"version\": \"4\", \"percent\": -1}} | canary.percent must be a number from 0 to 100, got -1",
            "{\"primary\": \"3\", \"canary\": {\"percent\": 5}}       | canary.version is required",
            "{\"primary\": \"3\", \"canary\": {\"version\": \"3\", \"percent\": 5}} | canary.version '3' is the primary",
            "{\"primary\": \"3\", \"canary\": {\"version\": \"4\", \"percent\": 5, \"sticky\": 1}} | unknown field 'canary.sticky'",
            "{\"primary\": \"3\", \"shadow\": \"3\"}                  | shadow '3' already answers requests",
            "{\"primary\": \"8\"}                                     | primary names version '8', which is not loaded; loaded versions: [3, 4, 5]"})
    void rejectsWithAMessageNamingTheField(String content, String message) {
        assertThatThrownBy(() -> parse(content)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aCutFileNamesWhereItEnds() {
        assertThatThrownBy(() -> parse("{\"primary\": \"3\"")).hasMessageStartingWith("not valid JSON at line 1")
                .hasMessageNotContaining("REDACTED");
    }

    private static Routing parse(String json) {
        return Routing.parse(json.getBytes(StandardCharsets.UTF_8), LOADED);
    }
}
