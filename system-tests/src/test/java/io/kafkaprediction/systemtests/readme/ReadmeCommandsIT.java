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
import java.util.Comparator;
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
import io.kafkaprediction.stack.StackPaths;
import io.kafkaprediction.systemtests.StackFiles;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Runs the examples ({@code console} and {@code text} blocks, {@link ReadmeExamples}) of the README
 * and of the pages under {@code docs/} against the shared end-to-end stack and compares what they
 * print with what the page shows (status codes, field names, values; see {@link OutputMatcher}). A
 * documented command that stops working fails here; a block that cannot run here says why on its
 * page ({@code <!-- not checked: ... -->}), and the reasons are printed with each run.
 *
 * <p>The pages run in one sequence, as a reader would follow them: the README first (its tour
 * produces the events later pages may read), then {@code docs/*.md} by file name, each top to
 * bottom, so that a block finds the state the blocks before it left (the reload counters read
 * before the walkthrough's hot reload, for one).
 *
 * <p>Commands are rewritten for the test stack: the default ports (8082, 8083, 8000, 5432) become
 * the stack's own, {@code .stack/} its data folder, {@code ./stack dlq} reads its broker, and the
 * README's users {@code user1}/{@code user2} become run-specific ids, so these events never meet the
 * rows other end-to-end tests assert on. Commands of one block share its {@code export}s. What
 * differs from run to run in text output (UUIDs, instants, log times, offsets, column padding) is
 * compared by its shape ({@link #comparable}). A hot reload changes the shared stack's model: the
 * demo model is put back at the end.
 */
@ExtendWith(SystemStack.class)
// The reliability execution runs every class -Dit.test names; this one belongs to the e2e run only.
@DisabledIfSystemProperty(named = "stack.reliability", matches = "true")
class ReadmeCommandsIT {
    /** Every user flow the README and docs/ must keep demonstrating with a checked command. */
    static final List<String> REQUIRED = List.of("/topics/raw_data_events", "PUT", "/connectors/user-features-sink/config",
            "/connectors/user-features-sink/status", "features_for_prediction", "/predict", "explain=true",
            "/v2/models/model/infer", "/docs", "/connector-plugins?connectorsOnly=false", "reload_failures");
    private static final Pattern STACK_ADDRESS = Pattern.compile("(?:localhost|127\\.0\\.0\\.1):(8082|8083|8000|5432)\\b");
    private static final Pattern DATA_FOLDER = Pattern.compile("(?<![\\w/.])\\.stack/");
    private static final String DEMO_FEATURES = "{\"user_id\":\"restore\",\"features_for_prediction\":[0.5,0.7,0.3]}";
    private static final Pattern README_USER = Pattern.compile("\\b(user[12])\\b");
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @TestFactory
    Stream<DynamicTest> readmeCommandsPrintWhatTheReadmeShows() throws IOException, InterruptedException {
        Path repo = StackFiles.repositoryRoot();
        List<ReadmeExamples.Example> examples = new ArrayList<>();
        for (Path page : pages(repo)) {
            examples.addAll(ReadmeExamples.parse(repo.relativize(page).toString(), Files.readString(page)));
        }
        examples.stream().filter(e -> !e.checked()).map(ReadmeExamples.Example::block).distinct()
                .forEach(block -> System.out.println("README | not checked: " + block + ": " + examples.stream()
                        .filter(e -> e.block().equals(block)).findFirst().orElseThrow().notChecked()));
        List<ReadmeExamples.Example> checked = examples.stream().filter(ReadmeExamples.Example::checked).toList();
        for (String required : REQUIRED) {
            assertThat(checked).as("checked examples of README.md and docs/*.md that contain " + required)
                    .anyMatch(e -> e.command().contains(required));
        }

        LocalStack stack = SystemStack.stack();
        Map<String, String> addresses = Map.of(
                "8082", authority(stack.restProxyUrl()),
                "8083", authority(stack.connectUrl()),
                "8000", authority(stack.scoringUrl()),
                "5432", authority(stack.postgresUrl()));
        Path dataDir = stack.config().dataDir().toAbsolutePath();
        // ./stack dlq reads the broker's address from a running stack's state file.
        Path dlqHome = Files.createTempDirectory("readme-stack-home");
        Files.writeString(dlqHome.resolve("stack.state"), "url.kafka=" + stack.bootstrapServers() + "\n");
        Paths paths = new Paths(dataDir.toString() + "/", StackPaths.display(dataDir) + "/", dlqHome.toString());
        String run = "readme" + Long.toString(System.currentTimeMillis(), 36);
        String demoScore = score(stack);

        List<DynamicTest> tests = new ArrayList<>();
        List<String> exports = new ArrayList<>();
        String block = "";
        for (ReadmeExamples.Example example : checked) {
            if (!example.block().equals(block)) {
                block = example.block();
                exports = new ArrayList<>();
            }
            String prelude = String.join("; ", exports);
            tests.add(dynamicTest(example.toString(), () -> check(example, prelude, repo, addresses, paths, run)));
            if (example.command().startsWith("export ")) {
                exports.add(withPaths(forThisStack(example.command(), addresses, run), paths));
            }
        }
        tests.add(dynamicTest("the demo model serves again", () -> restoreDemoModel(stack, repo, demoScore)));
        return tests.stream();
    }

    /** The pages whose examples run, in the order they run: README.md, then docs/*.md by file name. */
    static List<Path> pages(Path repo) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(repo.resolve("README.md")));
        try (Stream<Path> docs = Files.list(repo.resolve("docs"))) {
            docs.filter(path -> Files.isRegularFile(path) && path.getFileName().toString().endsWith(".md"))
                    .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .forEach(pages::add);
        }
        return pages;
    }

    /** Where the README's {@code .stack/} is, for commands (absolute) and as the services show it. */
    private record Paths(String forCommands, String asShown, String dlqHome) {
    }

    private static String withPaths(String command, Paths paths) {
        String rewritten = DATA_FOLDER.matcher(command).replaceAll(Matcher.quoteReplacement(paths.forCommands()));
        return rewritten.replace("./stack dlq", "STACK_HOME=" + paths.dlqHome() + " ./stack dlq");
    }

    private static void check(ReadmeExamples.Example example, String prelude, Path repo, Map<String, String> addresses,
                              Paths paths, String run) throws IOException, InterruptedException {
        for (String tool : List.of("curl", "jq", "psql")) {
            if (Pattern.compile("(^|[|;&(]\\s*)" + tool + " ").matcher(example.command()).find()) {
                Assumptions.assumeTrue(onPath(tool), tool + " is not installed (apt-get install -y "
                        + (tool.equals("psql") ? "postgresql-client" : tool) + ")");
            }
        }
        String command = withPaths(forThisStack(example.command(), addresses, run), paths);
        String script = prelude.isEmpty() ? command : prelude + "; " + command;
        List<String> expected = example.expectedOutput().stream()
                .map(line -> DATA_FOLDER.matcher(renameUsers(line, run)).replaceAll(Matcher.quoteReplacement(paths.asShown())))
                .map(ReadmeCommandsIT::comparable).toList();
        // Reads may need the pipeline to catch up (a row reaching PostgreSQL, tasks restarted by a config
        // PUT rejoining their group after a session timeout, a model file picked up); writes run once.
        boolean retry = !example.command().contains("-X PUT") && !example.command().contains(":8082");
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            Output output = run(script, repo);
            List<String> problems = output.exitCode() == 0
                    ? OutputMatcher.differences(expected, output.lines().stream().map(ReadmeCommandsIT::comparable).toList())
                    : List.of("exit code " + output.exitCode() + ", stderr: " + output.stderr());
            if (problems.isEmpty()) {
                return;
            }
            if (!retry || Instant.now().isAfter(deadline)) {
                fail("%s%n  ran: %s%n  printed:%n    %s%n  differences:%n    %s", example, script,
                        String.join("\n    ", output.lines()), String.join("\n    ", problems));
            }
            Thread.sleep(500);
        }
    }

    /**
     * A line with what differs from run to run replaced by its kind: UUIDs, instants, log times,
     * {@code topic-partition@offset}, psql's rule lines, and runs of blanks (psql pads columns to the
     * longest value, and the run-specific users are longer).
     */
    static String comparable(String line) {
        String shape = line
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<instant>")
                .replaceAll("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}]", "[<time>]")
                .replaceAll("([a-z_]+)-\\d+@\\d+", "$1-<partition>@<offset>");
        if (shape.matches("-+(\\+-+)*")) {
            return "-+-";
        }
        return shape.strip().replaceAll("\\s+", " ");
    }

    /** The model the stack started with, back in place (the walkthrough's hot reload replaced it), serving again. */
    private static void restoreDemoModel(LocalStack stack, Path repo, String demoScore) throws IOException, InterruptedException {
        Path model = stack.config().dataDir().toAbsolutePath().resolve("model/model.json");
        Output created = run("java -jar scoring-service/target/scoring-service.jar create-model --output " + model + ".tmp && mv "
                + model + ".tmp " + model, repo);
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!demoScore.equals(score(stack)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertThat(score(stack)).as("score of the demo model's example").isEqualTo(demoScore);
    }

    private static String score(LocalStack stack) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(stack.scoringUrl() + "/predict"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(DEMO_FEATURES)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + Pattern.compile("\"prediction_score\":([^,]+)").matcher(response.body())
                .results().map(m -> m.group(1)).findFirst().orElse(response.body());
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

    /** host:port of a URL (without the user of a postgresql:// one). */
    private static String authority(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }
}
