package io.kafkaprediction.systemtests.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kafkaprediction.systemtests.StackFiles;

/** The README parsing and output comparison behind {@link ReadmeCommandsIT}, without a stack. */
class ReadmeExamplesTest {
    private static final String README = String.join("\n",
            "# Title",
            "```bash",
            "$ curl -s http://localhost:8000/not-a-console-block",
            "```",
            "```console",
            "$ curl -s -X POST \\",
            "    --data '{\"user_id\":\"user2\"}' http://localhost:8000/predict",
            "{\"user_id\":\"user2\",\"prediction_score\":0.5}",
            "$ curl -s -o /dev/null -w '%{http_code}\\n' http://localhost:8000/docs",
            "200",
            "",
            "```",
            "");

    @Test
    void readsCommandsAndTheirOutputFromConsoleBlocksOnly() {
        List<ReadmeExamples.Example> examples = ReadmeExamples.parse("README.md", README);

        assertThat(examples).hasSize(2);
        assertThat(examples.get(0).line()).isEqualTo(6);
        assertThat(examples.get(0).command())
                .isEqualTo("curl -s -X POST  --data '{\"user_id\":\"user2\"}' http://localhost:8000/predict");
        assertThat(examples.get(0).expectedOutput()).containsExactly("{\"user_id\":\"user2\",\"prediction_score\":0.5}");
        assertThat(examples.get(1).expectedOutput()).containsExactly("200");
    }

    @Test
    void rejectsAnUnclosedConsoleBlock() {
        assertThatThrownBy(() -> ReadmeExamples.parse("docs/walkthrough.md", "```console\n$ curl -s http://localhost:8000/docs\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("docs/walkthrough.md: a console or text block is not closed");
    }

    @Test
    void jsonMatchesWhenOnlyRunSpecificFieldsDiffer() {
        List<String> readme = List.of("{\"offsets\":[{\"partition\":1,\"offset\":0,\"error_code\":null,\"error\":null}]}");
        List<String> actual = List.of("{\"offsets\":[{\"partition\":0,\"offset\":17,\"error_code\":null,\"error\":null}]}");

        assertThat(OutputMatcher.differences(readme, actual)).isEmpty();
    }

    @Test
    void reloadCountersAreComparedNotSkipped() {
        List<String> readme = List.of("{\"reloads\":0,\"reload_failures\":0,\"last_error\":null}");
        List<String> actual = List.of("{\"reloads\":1,\"reload_failures\":0,\"last_error\":null}");

        assertThat(OutputMatcher.differences(readme, actual)).containsExactly("$.reloads: expected 0, got 1");
    }

    @Test
    void jsonWithAMissingFieldDoesNotMatch() {
        List<String> readme = List.of("{\"user_id\":\"u\",\"prediction_score\":0.5,\"model_version\":\"1.0.0\"}");
        List<String> actual = List.of("{\"user_id\":\"u\",\"prediction_score\":0.5}");

        assertThat(OutputMatcher.differences(readme, actual))
                .containsExactly("$: expected fields [model_version, prediction_score, user_id], got [prediction_score, user_id]");
    }

    @Test
    void jsonWithAnotherValueDoesNotMatch() {
        List<String> readme = List.of("{\"state\":\"RUNNING\",\"tasks\":[{\"id\":0},{\"id\":1}],\"score\":0.5227014}");
        List<String> actual = List.of("{\"state\":\"FAILED\",\"tasks\":[{\"id\":0}],\"score\":0.5}");

        assertThat(OutputMatcher.differences(readme, actual)).containsExactly(
                "$.score: expected 0.5227014, got 0.5",
                "$.state: expected \"RUNNING\", got \"FAILED\"",
                "$.tasks: expected 2 element(s), got 1: [{\"id\":0}]");
    }

    @Test
    void textMatchesExactlyOrAroundAnEllipsis() {
        assertThat(OutputMatcher.differences(List.of("200 text/html"), List.of("200 text/html"))).isEmpty();
        assertThat(OutputMatcher.differences(List.of("{\"error_code\":400,\"message\":\"invalid…\"} [HTTP 400]"),
                List.of("{\"error_code\":400,\"message\":\"invalid config\"} [HTTP 400]"))).isEmpty();
        assertThat(OutputMatcher.differences(List.of("200 text/html"), List.of("404 application/json")))
                .containsExactly("line 1: expected `200 text/html`, got `404 application/json`");
    }

    @Test
    void jsonFollowedByTextIsComparedAsTextSoTheStatusCodeCounts() {
        assertThat(OutputMatcher.differences(List.of("{\"status\":404} [HTTP 404]"), List.of("{\"status\":404} [HTTP 500]")))
                .containsExactly("line 1: expected `{\"status\":404} [HTTP 404]`, got `{\"status\":404} [HTTP 500]`");
    }

    @Test
    void anEllipsisInAJsonStringStandsForAnyText() {
        assertThat(OutputMatcher.differences(List.of("{\"message\":\"Connector configuration is invalid…\"}"),
                List.of("{\"message\":\"Connector configuration is invalid and contains 2 error(s)\"}"))).isEmpty();
    }

    @Test
    void aDifferentNumberOfLinesDoesNotMatch() {
        assertThat(OutputMatcher.differences(List.of("200"), List.of()))
                .containsExactly("expected 1 line(s) of output, got 0");
    }

    @Test
    void rewritesDefaultPortsAndReadmeUsersForTheTestStack() {
        String command = "curl -s --data '{\"user_id\":\"user2\"}' http://localhost:8000/predict http://127.0.0.1:8083/x localhost:8082";

        assertThat(ReadmeCommandsIT.forThisStack(command,
                Map.of("8000", "127.0.0.1:40001", "8083", "127.0.0.1:40002", "8082", "127.0.0.1:40003"), "run7"))
                .isEqualTo("curl -s --data '{\"user_id\":\"run7-user2\"}' http://127.0.0.1:40001/predict "
                        + "http://127.0.0.1:40002/x 127.0.0.1:40003");
    }

    @Test
    void readsTextBlocksTooAndTheReasonABlockIsNotChecked() {
        List<ReadmeExamples.Example> examples = ReadmeExamples.parse("docs/walkthrough.md", String.join("\n",
                "```text",
                "$ ./stack dlq 1",
                "raw_data_events_dlq-0@2 2026-11-27T14:35:58.316Z",
                "```",
                "",
                "<!-- not checked: restarts the stack -->",
                "",
                "```text",
                "$ ./stack down && ./stack up -d",
                "$ ls",
                "```",
                "```bash",
                "$ not an example",
                "```",
                ""));

        assertThat(examples).extracting(ReadmeExamples.Example::command).containsExactly("./stack dlq 1",
                "./stack down && ./stack up -d", "ls");
        assertThat(examples.get(0).checked()).isTrue();
        assertThat(examples.get(0).blockLine()).isEqualTo(1);
        assertThat(examples.get(1).notChecked()).isEqualTo("restarts the stack");
        assertThat(examples.get(2).notChecked()).isEqualTo("restarts the stack");
        assertThat(examples.get(2).blockLine()).isEqualTo(8);
        assertThat(examples.get(2).block()).isEqualTo("docs/walkthrough.md:8");
        assertThat(examples.get(0)).hasToString("docs/walkthrough.md:2 $ ./stack dlq 1");
    }

    @Test
    void thePagesRunTheReadmeFirstThenDocsByFileName(@TempDir Path repo) throws IOException {
        Files.createDirectories(repo.resolve("docs/images"));
        for (String file : List.of("README.md", "docs/walkthrough.md", "docs/ARCHITECTURE.md", "docs/configuration.md",
                "docs/images/notes.md", "docs/images/chart.png")) {
            Files.writeString(repo.resolve(file), "# " + file + "\n");
        }

        assertThat(ReadmeCommandsIT.pages(repo)).extracting(page -> repo.relativize(page).toString())
                .containsExactly("README.md", "docs/ARCHITECTURE.md", "docs/configuration.md", "docs/walkthrough.md");
    }

    @Test
    void everyPageOfThisRepositoryParsesAndDemonstratesEveryRequiredFlowInACheckedExample() throws IOException {
        Path repo = StackFiles.repositoryRoot();
        List<ReadmeExamples.Example> checked = new ArrayList<>();
        for (Path page : ReadmeCommandsIT.pages(repo)) {
            ReadmeExamples.parse(repo.relativize(page).toString(), Files.readString(page)).stream()
                    .filter(ReadmeExamples.Example::checked).forEach(checked::add);
        }

        for (String required : ReadmeCommandsIT.REQUIRED) {
            assertThat(checked).as("checked examples that contain " + required).anyMatch(e -> e.command().contains(required));
        }
    }

    @Test
    void comparesWhatDiffersFromRunToRunByItsShape() {
        assertThat(ReadmeCommandsIT.comparable(" 8b2538d2-bcbb-5793-9d94-f35402281031 | user2   | click      |          0.45"))
                .isEqualTo(ReadmeCommandsIT.comparable(" 0c2cdaa6-aedf-5be4-a903-9f96bf38f356 | user2 | click |  0.45"));
        assertThat(ReadmeCommandsIT.comparable("---------+------")).isEqualTo(ReadmeCommandsIT.comparable("--+--------------"));
        assertThat(ReadmeCommandsIT.comparable("raw_data_events_dlq-0@2 2026-11-27T14:35:58.316Z"))
                .isEqualTo("raw_data_events_dlq-<partition>@<offset> <instant>");
        assertThat(ReadmeCommandsIT.comparable("[2026-11-27 13:54:39,172] WARN x")).isEqualTo("[<time>] WARN x");
        assertThat(ReadmeCommandsIT.comparable("| click | 0.45")).isNotEqualTo(ReadmeCommandsIT.comparable("| click | 0.46"));
    }
}
