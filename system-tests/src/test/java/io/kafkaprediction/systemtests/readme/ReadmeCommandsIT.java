package io.kafkaprediction.systemtests.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.StackFiles;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Runs the README's {@code console} examples that talk to the stack over HTTP (REST Proxy, Connect
 * REST API, scoring service) against the shared end-to-end stack, with the default ports rewritten
 * to the stack's own, and compares what they print with what the README shows (status codes, field
 * names, values; see {@link OutputMatcher}). A README command that stops working fails here.
 *
 * <p>The README's users {@code user1}/{@code user2} become run-specific ids, so these events never
 * meet the rows other end-to-end tests assert on.
 */
@ExtendWith(SystemStack.class)
// The reliability execution runs every class -Dit.test names; this one belongs to the e2e run only.
@DisabledIfSystemProperty(named = "stack.reliability", matches = "true")
class ReadmeCommandsIT {
    /** Every user flow the README must keep demonstrating with a checked command. */
    private static final List<String> REQUIRED = List.of("/topics/raw_data_events", "PUT", "/connectors/user-features-sink/config",
            "/connectors/user-features-sink/status", "features_for_prediction", "/predict", "explain=true",
            "/v2/models/model/infer", "/docs", "/connector-plugins?connectorsOnly=false", "reload_failures");
    private static final Pattern STACK_ADDRESS = Pattern.compile("(?:localhost|127\\.0\\.0\\.1):(8082|8083|8000)\\b");
    private static final Pattern README_USER = Pattern.compile("\\b(user[12])\\b");
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @TestFactory
    Stream<DynamicTest> readmeCommandsPrintWhatTheReadmeShows() throws IOException {
        Path repo = StackFiles.repositoryRoot();
        List<ReadmeExamples.Example> checked = ReadmeExamples.parse(Files.readString(repo.resolve("README.md"))).stream()
                .filter(e -> e.command().contains("curl ") && STACK_ADDRESS.matcher(e.command()).find())
                .toList();
        for (String required : REQUIRED) {
            assertThat(checked).as("README.md console examples that contain " + required)
                    .anyMatch(e -> e.command().contains(required));
        }

        LocalStack stack = SystemStack.stack();
        Map<String, String> addresses = Map.of(
                "8082", authority(stack.restProxyUrl()),
                "8083", authority(stack.connectUrl()),
                "8000", authority(stack.scoringUrl()));
        String run = "readme" + Long.toString(System.currentTimeMillis(), 36);
        return checked.stream().map(example -> dynamicTest(example.toString(), () -> check(example, repo, addresses, run)));
    }

    private static void check(ReadmeExamples.Example example, Path repo, Map<String, String> addresses, String run)
            throws IOException, InterruptedException {
        for (String tool : List.of("curl", "jq")) {
            if (Pattern.compile("(^|[|;&(]\\s*)" + tool + " ").matcher(example.command()).find()) {
                Assumptions.assumeTrue(onPath(tool), tool + " is not installed (apt-get install -y " + tool + ")");
            }
        }
        String command = forThisStack(example.command(), addresses, run);
        List<String> expected = example.expectedOutput().stream().map(line -> renameUsers(line, run)).toList();
        // Reads may need the pipeline to catch up (a row reaching PostgreSQL, tasks restarted by a config
        // PUT rejoining their group after a session timeout); writes run once.
        boolean retry = !example.command().contains("-X PUT") && !example.command().contains(":8082");
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            Output output = run(command, repo);
            List<String> problems = output.exitCode() == 0
                    ? OutputMatcher.differences(expected, output.lines())
                    : List.of("exit code " + output.exitCode() + ", stderr: " + output.stderr());
            if (problems.isEmpty()) {
                return;
            }
            if (!retry || Instant.now().isAfter(deadline)) {
                fail("%s%n  ran: %s%n  printed:%n    %s%n  differences:%n    %s", example, command,
                        String.join("\n    ", output.lines()), String.join("\n    ", problems));
            }
            Thread.sleep(500);
        }
    }

    static String forThisStack(String command, Map<String, String> addresses, String run) {
        Matcher m = STACK_ADDRESS.matcher(command);
        StringBuilder rewritten = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(rewritten, Matcher.quoteReplacement(addresses.get(m.group(1))));
        }
        m.appendTail(rewritten);
        return renameUsers(rewritten.toString(), run);
    }

    private static String renameUsers(String text, String run) {
        return README_USER.matcher(text).replaceAll(run + "-$1");
    }

    private record Output(int exitCode, List<String> lines, String stderr) {
    }

    private static Output run(String command, Path directory) throws IOException, InterruptedException {
        Path out = Files.createTempFile("readme-cmd", ".out");
        Path err = Files.createTempFile("readme-cmd", ".err");
        try {
            Process process = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command)
                    .directory(directory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Output(-1, List.of(), "did not finish within " + COMMAND_TIMEOUT);
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            return new Output(process.exitValue(), lines, Files.readString(err, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static String authority(String url) {
        return URI.create(url).getAuthority();
    }
}
