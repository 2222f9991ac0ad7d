package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringJarCommandsTest {

    @Test
    void aRunningStackGivesItsJdbcUrlTheReadOnlyRoleAndItsStoredPassword(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve(StackState.FILE), "url.jdbc=jdbc\\:postgresql\\://127.0.0.1\\:5432/feature_store_db\n");
        String password = new Secrets(home).get("scoring_db_password");

        assertThat(ScoringJarCommands.database(home, Map.of())).contains(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/feature_store_db",
                "DATABASE_USER", "scoring_reader",
                "DATABASE_PASSWORD", password));
        assertThat(ScoringJarCommands.database(home, Map.of("SCORING_DB_PASSWORD", "from-env")).orElseThrow())
                .containsEntry("DATABASE_PASSWORD", "from-env");
    }

    @Test
    void withoutARunningStackTrainingSetSaysSoAndNoPasswordIsGenerated(@TempDir Path home, @TempDir Path repo) throws Exception {
        Path jar = repo.resolve("scoring-service/target/scoring-service.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not run");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = ScoringJarCommands.run(repo, home, Map.of(), "training-set", List.of("--entities", "labels.csv"),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("stack training-set: the stack is not running (no stack.state in ")
                .contains("'./stack up -d' starts it");
        assertThat(ScoringJarCommands.database(home, Map.of())).isEmpty();
        assertThat(home.resolve(Secrets.FILE_NAME)).doesNotExist();
    }

    @Test
    void aMissingJarIsNamedWithHowToBuildIt(@TempDir Path home, @TempDir Path repo) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = ScoringJarCommands.run(repo, home, Map.of(), "train", List.of(), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("scoring-service.jar is missing");
    }
}
