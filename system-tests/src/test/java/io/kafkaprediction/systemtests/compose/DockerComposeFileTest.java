package io.kafkaprediction.systemtests.compose;

import static io.kafkaprediction.systemtests.compose.ComposeProject.baseImages;
import static io.kafkaprediction.systemtests.compose.ComposeProject.copySources;
import static io.kafkaprediction.systemtests.compose.ComposeProject.finalStage;
import static io.kafkaprediction.systemtests.compose.ComposeProject.map;
import static io.kafkaprediction.systemtests.compose.ComposeProject.tagOf;
import static io.kafkaprediction.systemtests.compose.ComposeProject.yaml;
import static io.kafkaprediction.systemtests.compose.ComposeProject.yamlText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import io.kafkaprediction.systemtests.compose.ComposeProject.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs where the tests run, so docker-compose.yml is checked statically against
 * the files it names and against the connector config the rest of the project uses; the
 * registration script runs against a fake Connect REST API; {@code config} runs when installed.
 */
class DockerComposeFileTest {

    private static final ComposeProject PROJECT = ComposeProject.find();

    /** A tag pinned to at least major.minor (8.1.1, 17.7, 3.9.11-eclipse-temurin-17), never latest. */
    private static final Pattern PINNED_TAG = Pattern.compile("v?\\d+\\.\\d+[\\w.+-]*");
    private static final Pattern ENV_PROVIDER_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token).*");
    /** KEY_PASSWORD: x, secret=x or user:x@host, where x is not a $VAR / ${VAR} reference. */
    private static final Pattern LITERAL_SECRET = Pattern.compile(
            "(?i)(?<![\\w.{$])[\\w.]*(?:password|secret|token)[\"']?\\s*[:=]\\s*(?![\"']?\\$)[\"']?[^\\s\"'#]+"
                    + "|://[^/\\s:@]+:(?!\\$)[^/\\s@]+@");

    @Test
    void definesTheWholeSystem() {
        assertThat(PROJECT.services()).containsKeys(
                "kafka", "kafka-init", "postgres", "connect", "connector-init", "rest-proxy", "scoring-service");
    }

    @Test
    void pinsEveryImageTag() {
        List<String> images = new ArrayList<>();
        PROJECT.services().values().stream().filter(s -> s.containsKey("image")).forEach(s -> images.add(String.valueOf(s.get("image"))));
        PROJECT.builds().forEach(build -> images.addAll(baseImages(build.dockerfile())));
        assertThat(images).isNotEmpty().allSatisfy(image -> assertThat(tagOf(image))
                .as("image %s must name a pinned version tag (major.minor at least), not latest or none", image)
                .matches(PINNED_TAG));
    }

    @Test
    void everyBuildContextDockerfileAndCopiedPathExists() {
        assertThat(PROJECT.builds()).extracting(ComposeProject.Build::service)
                .contains("connect", "connector-init", "scoring-service");
        for (ComposeProject.Build build : PROJECT.builds()) {
            assertThat(build.context()).as("build context of %s", build.service()).isDirectory();
            assertThat(build.dockerfile()).as("Dockerfile of %s", build.service()).isRegularFile();
            for (String source : copySources(build.dockerfile())) {
                assertThat(build.context().resolve(source))
                        .as("%s copies %s from its build context", build.dockerfile(), source)
                        .exists();
            }
        }
    }

    @Test
    void everyMountedFileExists() {
        Map<String, String> mounts = new LinkedHashMap<>();
        PROJECT.services().keySet().forEach(name -> PROJECT.strings(name, "volumes").stream()
                .filter(volume -> volume.startsWith("./") || volume.startsWith("/"))
                .forEach(volume -> mounts.put(name + ": " + volume, volume.split(":")[0])));
        assertThat(mounts).isNotEmpty();
        mounts.forEach((mount, source) -> assertThat(PROJECT.file(source)).as(mount).exists());
    }

    @Test
    void everyDependencyExistsAndWaitsForHealthOrCompletion() {
        PROJECT.services().forEach((name, service) -> map(service.get("depends_on")).forEach((target, how) -> {
            assertThat(PROJECT.services()).as("%s depends on %s", name, target).containsKey(target);
            String condition = String.valueOf(map(how).get("condition"));
            assertThat(condition).as("condition of %s -> %s", name, target)
                    .isIn("service_healthy", "service_completed_successfully");
            if (condition.equals("service_healthy")) {
                assertThat(PROJECT.hasHealthCheck(target))
                        .as("%s waits for %s to be healthy, so %s needs a health check", name, target, target).isTrue();
            }
        }));
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() {
        PROJECT.services().keySet().stream().filter(name -> !PROJECT.isOneShot(name))
                .forEach(name -> assertThat(PROJECT.hasHealthCheck(name)).as("health check of %s", name).isTrue());
    }

    @Test
    void publishesPortsOnLoopbackOnly() {
        PROJECT.services().keySet().forEach(name -> assertThat(PROJECT.strings(name, "ports"))
                .allSatisfy(port -> assertThat(port).as("port of %s", name).startsWith("127.0.0.1:")));
    }

    @Test
    void takesEverySecretFromTheEnvironmentFile() throws IOException {
        PROJECT.services().keySet().forEach(name -> PROJECT.environment(name).forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches()) {
                assertThat(value).as("%s of %s must be a required variable from .env", key, name)
                        .matches("\\$\\{[A-Z_]+:\\?[^}]+}");
            }
        }));
        PROJECT.envExample().forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches()) {
                assertThat(value).as(".env.example must leave %s empty", key).isEmpty();
            }
        });
        assertThat(Files.readAllLines(PROJECT.file(".gitignore"))).as(".env must stay out of git").contains(".env");
    }

    @Test
    void writesNoLiteralPasswordInTheComposeFileOrTheImages() throws IOException {
        List<Path> files = new ArrayList<>(List.of(PROJECT.file("docker-compose.yml"), PROJECT.dockerfileOf("scoring-service")));
        try (Stream<Path> docker = Files.walk(PROJECT.file("docker"))) {
            docker.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).allSatisfy(file -> {
            Matcher matcher = LITERAL_SECRET.matcher(ComposeProject.read(file));
            List<String> found = new ArrayList<>();
            while (matcher.find()) {
                found.add(matcher.group());
            }
            assertThat(found).as("literal credentials in %s", file).isEmpty();
        });
    }

    @Test
    void definesEveryComposeVariableInTheEnvironmentExample() {
        assertThat(PROJECT.variables()).contains("POSTGRES_PASSWORD", "FEATURE_DB_PASSWORD", "SCORING_DB_PASSWORD");
        assertThat(PROJECT.envExample().keySet()).containsAll(PROJECT.variables());
    }

    @Test
    void runsKafkaInKraftModeAndTheConnectWorkerInUtc() {
        assertThat(PROJECT.environment("kafka")).containsKeys("KAFKA_PROCESS_ROLES", "CLUSTER_ID")
                .doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(PROJECT.services().keySet()).noneMatch(name -> name.contains("zookeeper"));
        assertThat(PROJECT.environment("connect")).containsEntry("TZ", "UTC");
        assertThat(PROJECT.environment("connect").get("KAFKA_OPTS")).contains("-Duser.timezone=UTC");
    }

    @Test
    void longRunningServicesComeBackAfterACrashOrAReboot() {
        PROJECT.services().keySet().stream().filter(name -> !PROJECT.isOneShot(name)).forEach(name ->
                assertThat(PROJECT.service(name).get("restart")).as("restart policy of " + name).isEqualTo("unless-stopped"));
    }

    @Test
    void shellScriptsKeepUnixLineEndingsInAnyCheckout() {
        // The scripts run inside Linux containers; a CRLF checkout (Windows, core.autocrlf) breaks them.
        assertThat(ComposeProject.read(PROJECT.file(".gitattributes")).lines()).contains("*.sh text eol=lf");
    }

    @Test
    void registersTheProjectConnectorWithTheSameTopicTableCredentialsAndTransforms() {
        Map<String, String> confluent = connectorConfig(registeredConnectorFile());
        Map<String, String> debezium = connectorConfig(PROJECT.file("connect-configs/user-features-sink.json"));
        Map<String, String> topics = PROJECT.environmentWithEnvExample("kafka-init");

        assertThat(confluent.get("connector.class")).isEqualTo("io.confluent.connect.jdbc.JdbcSinkConnector");
        assertThat(confluent.get("topics")).isEqualTo(debezium.get("topics")).isEqualTo(topics.get("EVENTS_TOPIC"));
        assertThat(confluent.get("errors.deadletterqueue.topic.name"))
                .isEqualTo(debezium.get("errors.deadletterqueue.topic.name"))
                .isEqualTo(topics.get("DLQ_TOPIC"));
        assertThat(confluent.get("table.name.format")).isEqualTo(debezium.get("collection.name.format"))
                .isEqualTo("user_features");
        assertThat(Integer.parseInt(topics.get("EVENTS_PARTITIONS")))
                .as("partitions bound the sink's parallelism, so at least tasks.max")
                .isGreaterThanOrEqualTo(Integer.parseInt(confluent.get("tasks.max")));
        assertThat(transformClasses(confluent)).isNotEmpty().isEqualTo(transformClasses(debezium));
        assertThat(envReferences(confluent)).isEqualTo(envReferences(debezium))
                .contains("FEATURE_DB_URL", "FEATURE_DB_USER", "FEATURE_DB_PASSWORD");
    }

    @Test
    void setsEveryVariableTheConnectorReadsOnTheWorker() {
        Map<String, String> worker = PROJECT.environment("connect");
        assertThat(worker).containsEntry("CONNECT_CONFIG_PROVIDERS", "env").containsEntry(
                "CONNECT_CONFIG_PROVIDERS_ENV_CLASS", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        assertThat(worker).containsKeys(envReferences(connectorConfig(registeredConnectorFile())).toArray(String[]::new));
        // The connector config appends its own query string to ${env:FEATURE_DB_URL}.
        assertThat(worker.get("FEATURE_DB_URL")).endsWith("/feature_store_db").doesNotContain("?");
        assertThat(PROJECT.environment("postgres")).containsEntry("POSTGRES_DB", "feature_store_db");
    }

    @Test
    void installsTheJdbcSinkAndOurTransformsInTheConnectImage() {
        String dockerfile = ComposeProject.read(PROJECT.dockerfileOf("connect"));
        assertThat(dockerfile).containsPattern("ARG JDBC_CONNECTOR_VERSION=\\d+\\.\\d+\\.\\d+\\n")
                .contains("confluentinc/kafka-connect-jdbc:${JDBC_CONNECTOR_VERSION}")
                .contains("/usr/share/confluent-hub-components");
        assertThat(PROJECT.environment("connect").get("CONNECT_PLUGIN_PATH")).contains("/usr/share/confluent-hub-components");
        assertThat(String.valueOf(PROJECT.service("connect").get("healthcheck")))
                .contains("io.kafkaprediction.transforms.ValidateFeatureEvent");
    }

    @Test
    void buildsTheScoringServiceAsNonRootWithOpenMpAndAHealthCheck() {
        Path dockerfile = PROJECT.dockerfileOf("scoring-service");
        assertThat(baseImages(dockerfile)).as("a Maven build stage, then a JRE 17 runtime").hasSize(2)
                .satisfies(images -> assertThat(images.get(0)).startsWith("maven:").contains("-17"))
                .satisfies(images -> assertThat(images.get(1)).startsWith("eclipse-temurin:17.").contains("-jre"));
        List<String> runtime = finalStage(dockerfile);
        assertThat(runtime).anyMatch(line -> line.startsWith("RUN ") && line.contains("libgomp1"));
        assertThat(runtime).anyMatch(line -> line.contains("create-model"));
        assertThat(runtime).filteredOn(line -> line.startsWith("USER ")).isNotEmpty().last()
                .as("runtime user").isNotIn("USER root", "USER 0", "USER 0:0");
        assertThat(PROJECT.hasHealthCheck("scoring-service")).isTrue();
    }

    @Test
    void theScoringServiceReportsTheModelsOwnVersionUnlessModelVersionIsSet() {
        // Pinned, a swapped model would keep reporting the old version; empty means the model's own.
        assertThat(PROJECT.environment("scoring-service").get("MODEL_VERSION")).isEqualTo("${MODEL_VERSION:-}");
        assertThat(PROJECT.envExample()).containsEntry("MODEL_VERSION", "");
        assertThat(PROJECT.environmentWithEnvExample("scoring-service")).containsEntry("MODEL_VERSION", "");
        assertThat(finalStage(PROJECT.dockerfileOf("scoring-service"))).as("the demo model records its version")
                .anyMatch(line -> line.contains("create-model") && line.contains("--version "));
    }

    @Test
    void registrationScriptPutsTheConfigObjectAndCanRunAgain() throws Exception {
        assumeScriptToolsInstalled();
        List<String> bodies = new ArrayList<>();
        HttpServer connect = fakeConnect(201, bodies);
        try {
            Run first = registerConnector(connect);
            Run second = registerConnector(connect);

            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("connector user-features-sink registered (HTTP 201)")
                    .contains("RUNNING with 1 task(s)");
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(second.output()).contains("registered (HTTP 200)");
            Map<String, Object> expected = map(yaml(registeredConnectorFile()).get("config"));
            assertThat(bodies).hasSize(2).allSatisfy(body -> assertThat(yamlText(body, "PUT body")).isEqualTo(expected));
        } finally {
            connect.stop(0);
        }
    }

    @Test
    void registrationScriptFailsWithConnectsValidationMessage() throws Exception {
        assumeScriptToolsInstalled();
        HttpServer connect = fakeConnect(400, new ArrayList<>());
        try {
            Run run = registerConnector(connect);

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.output()).contains("PUT /connectors/user-features-sink/config answered HTTP 400")
                    .contains("Connector configuration is invalid");
        } finally {
            connect.stop(0);
        }
    }

    @Test
    void initEnvScriptFillsEveryPasswordAndKeepsAnExistingEnvFile(@TempDir Path checkout) throws Exception {
        Files.createDirectories(checkout.resolve("docker"));
        Files.copy(PROJECT.file(".env.example"), checkout.resolve(".env.example"));
        Path script = Files.copy(PROJECT.file("docker/init-env.sh"), checkout.resolve("docker/init-env.sh"));

        Run first = PROJECT.run(List.of("bash", script.toString()));
        String written = Files.readString(checkout.resolve(".env"));
        Run second = PROJECT.run(List.of("bash", script.toString()));

        assertThat(first.exitCode()).as(first.output()).isZero();
        Map<String, String> env = ComposeProject.envFile(checkout.resolve(".env"));
        assertThat(env.keySet()).isEqualTo(PROJECT.envExample().keySet());
        env.forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches()) {
                assertThat(value).as(key).matches("[0-9a-f]{32}");
            } else {
                assertThat(value).as(key).isEqualTo(PROJECT.envExample().get(key));
            }
        });
        assertThat(Files.getPosixFilePermissions(checkout.resolve(".env"))).containsOnly(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        // A second run succeeds, so `init-env.sh && docker compose up` also works after the first time.
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains(".env already exists; kept as it is");
        assertThat(Files.readString(checkout.resolve(".env"))).isEqualTo(written);
    }

    @Test
    void composeConfigAcceptsTheFile(@TempDir Path tmp) throws Exception {
        List<String> compose = PROJECT.composeCommand();
        assumeThat(compose).as("neither docker-compose nor docker compose is installed; static checks only").isNotEmpty();
        Path env = tmp.resolve("test.env");
        Files.writeString(env, PROJECT.envExample().entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue().isEmpty() ? "generated-" + e.getKey().toLowerCase() : e.getValue()))
                .collect(Collectors.joining("\n", "", "\n")));

        Run run = PROJECT.run(compose, "--env-file", env.toString(), "config");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(map(yamlText(run.output(), "compose config").get("services")).keySet())
                .isEqualTo(PROJECT.services().keySet());
        assertThat(run.output()).contains("generated-feature_db_password").doesNotContain(":?set");
    }

    @Test
    void composeRefusesToStartWithoutPasswords(@TempDir Path tmp) throws Exception {
        List<String> compose = PROJECT.composeCommand();
        assumeThat(compose).as("neither docker-compose nor docker compose is installed; static checks only").isNotEmpty();
        Path env = Files.copy(PROJECT.file(".env.example"), tmp.resolve("empty.env"));

        Run run = PROJECT.run(compose, "--env-file", env.toString(), "config");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("PASSWORD in .env");
    }

    // --- connector configs ----------------------------------------------------------------------

    private static Path registeredConnectorFile() {
        String inContainer = PROJECT.environment("connector-init").get("CONNECTOR_CONFIG_FILE");
        return PROJECT.strings("connector-init", "volumes").stream()
                .map(volume -> volume.split(":"))
                .filter(parts -> parts.length >= 2 && parts[1].equals(inContainer))
                .map(parts -> PROJECT.file(parts[0]))
                .findFirst()
                .orElseThrow(() -> new AssertionError("connector-init reads " + inContainer + " but mounts no file there"));
    }

    private static Map<String, String> connectorConfig(Path file) {
        Map<String, Object> json = yaml(file);
        assertThat(json).as("%s must be {\"name\", \"config\"}", file).containsKeys("name", "config");
        Map<String, String> config = new LinkedHashMap<>();
        map(json.get("config")).forEach((k, v) -> config.put(k, String.valueOf(v)));
        return config;
    }

    private static Set<String> transformClasses(Map<String, String> config) {
        return config.entrySet().stream()
                .filter(e -> e.getKey().matches("transforms\\.[^.]+\\.type"))
                .map(Map.Entry::getValue)
                .filter(type -> type.startsWith("io.kafkaprediction."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> envReferences(Map<String, String> config) {
        Set<String> names = new TreeSet<>();
        config.values().forEach(value -> {
            Matcher matcher = ENV_PROVIDER_REFERENCE.matcher(value);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        });
        return names;
    }

    // --- the registration script against a fake Connect ----------------------------------------

    private static void assumeScriptToolsInstalled() throws Exception {
        assumeThat(PROJECT.run(List.of("bash", "-c", "command -v curl && command -v jq")).exitCode())
                .as("bash, curl and jq are needed to run docker/connector-init/register-connector.sh").isZero();
    }

    /** Just enough of Connect's REST API: PUT answers putStatus the first time, then 200 (as Connect does). */
    private static HttpServer fakeConnect(int putStatus, List<String> putBodies) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/connectors", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String body = "[]";
            if (exchange.getRequestMethod().equals("PUT") && path.endsWith("/config")) {
                putBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                status = putStatus == 201 && putBodies.size() > 1 ? 200 : putStatus;
                body = status == 400
                        ? "{\"error_code\":400,\"message\":\"Connector configuration is invalid and contains 1 error(s)\"}"
                        : "{}";
            } else if (path.endsWith("/status")) {
                body = "{\"connector\":{\"state\":\"RUNNING\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\"}]}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Run registerConnector(HttpServer connect) throws Exception {
        return PROJECT.run(List.of("env",
                "CONNECT_URL=http://127.0.0.1:" + connect.getAddress().getPort(),
                "CONNECTOR_CONFIG_FILE=" + registeredConnectorFile(),
                "WAIT_SECONDS=20",
                "bash", PROJECT.file("docker/connector-init/register-connector.sh").toString()));
    }
}
