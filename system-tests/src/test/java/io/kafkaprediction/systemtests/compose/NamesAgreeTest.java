package io.kafkaprediction.systemtests.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaprediction.stack.StackNames;

/**
 * The names the runtimes share have one source each: {@link StackNames} for the Java side,
 * {@code .env.example} for compose. They agree with each other, with the connector configs and with
 * {@code schema.sql}, and no compose service or script spells them out on its own.
 */
class NamesAgreeTest {
    private static final ComposeProject PROJECT = ComposeProject.find();
    private static final List<String> NAMES = List.of(StackNames.EVENTS_TOPIC, StackNames.DLQ_TOPIC, StackNames.CONNECTOR,
            StackNames.CONNECT_DB_USER, StackNames.SCORING_DB_USER);

    @Test
    void envExampleHasTheJavaNames() {
        assertThat(PROJECT.envExample())
                .containsEntry("EVENTS_TOPIC", StackNames.EVENTS_TOPIC)
                .containsEntry("EVENTS_PARTITIONS", Integer.toString(StackNames.EVENTS_PARTITIONS))
                .containsEntry("DLQ_TOPIC", StackNames.DLQ_TOPIC)
                .containsEntry("CONNECTOR_NAME", StackNames.CONNECTOR)
                .containsEntry(StackNames.FEATURE_DB_USER, StackNames.CONNECT_DB_USER)
                .containsEntry("SCORING_DB_USER", StackNames.SCORING_DB_USER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user-features-sink.json", "user-features-sink-confluent.json"})
    void connectorConfigUsesTheNames(String file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(PROJECT.file("connect-configs/" + file).toFile());
        JsonNode config = root.path("config");
        assertThat(root.path("name").asText()).as(file).isEqualTo(StackNames.CONNECTOR);
        assertThat(config.path("topics").asText()).as(file).isEqualTo(StackNames.EVENTS_TOPIC);
        assertThat(config.path("errors.deadletterqueue.topic.name").asText()).as(file).isEqualTo(StackNames.DLQ_TOPIC);
        assertThat(config.path("connection.url").asText()).as(file).startsWith("${env:" + StackNames.FEATURE_DB_URL + "}");
        assertThat(config.path("connection.password").asText()).as(file).isEqualTo("${env:" + StackNames.FEATURE_DB_PASSWORD + "}");
        String userKey = config.has("connection.username") ? "connection.username" : "connection.user";
        assertThat(config.path(userKey).asText()).as(file).isEqualTo("${env:" + StackNames.FEATURE_DB_USER + "}");
    }

    @Test
    void schemaCreatesBothRoles() {
        String schema = ComposeProject.read(PROJECT.file("connect-configs/schema.sql"));
        assertThat(schema).contains("('" + StackNames.CONNECT_DB_USER + "', 'kp.connect_password')",
                "('" + StackNames.SCORING_DB_USER + "', 'kp.scoring_password')");
    }

    @Test
    void composeTakesTheNamesFromTheEnvFile() {
        assertThat(PROJECT.environmentWithEnvExample("kafka-init"))
                .containsEntry("EVENTS_TOPIC", StackNames.EVENTS_TOPIC)
                .containsEntry("DLQ_TOPIC", StackNames.DLQ_TOPIC);
        assertThat(PROJECT.environmentWithEnvExample("connect")).containsKeys(StackNames.FEATURE_DB_URL, StackNames.FEATURE_DB_PASSWORD)
                .containsEntry(StackNames.FEATURE_DB_USER, StackNames.CONNECT_DB_USER);
        assertThat(PROJECT.environmentWithEnvExample("connector-watchdog")).containsEntry("CONNECTOR_NAME", StackNames.CONNECTOR);
        assertThat(PROJECT.environmentWithEnvExample("scoring-service")).containsEntry("DATABASE_USER", StackNames.SCORING_DB_USER);
        // Outside comments the file names none of them (the connector config's file name aside).
        assertThat(codeLines(PROJECT.file("docker-compose.yml")).stream()
                .map(l -> l.replace(StackNames.CONNECTOR + "-confluent.json", "")))
                .as("docker-compose.yml").noneMatch(NamesAgreeTest::namesOne);
    }

    @Test
    void scriptsTakeTheNamesFromTheirEnvironment() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(PROJECT.file("docker"))) {
            scripts = Stream.concat(files.filter(p -> p.toString().endsWith(".sh")), Stream.of(PROJECT.file("stack"))).toList();
        }
        assertThat(scripts).hasSizeGreaterThan(3);
        for (Path script : scripts) {
            assertThat(codeLines(script)).as(PROJECT.root().relativize(script).toString()).noneMatch(NamesAgreeTest::namesOne);
        }
    }

    private static boolean namesOne(String line) {
        return NAMES.stream().anyMatch(line::contains);
    }

    /** The lines that are not comments ({@code #} to the end of the line, YAML and shell alike). */
    private static List<String> codeLines(Path file) {
        return ComposeProject.read(file).lines().map(l -> l.replaceFirst("(^|\\s)#.*$", "")).filter(l -> !l.isBlank()).toList();
    }
}
