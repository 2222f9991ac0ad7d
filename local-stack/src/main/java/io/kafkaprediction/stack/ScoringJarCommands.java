package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code ./stack training-set ...} and {@code ./stack train ...}: the scoring-service jar's own
 * commands, run with the running stack's database in {@code DATABASE_URL} / {@code DATABASE_USER} /
 * {@code DATABASE_PASSWORD} (the read-only role the service uses). The password travels in the
 * child's environment, never on a command line. {@code train} reads only files; it goes through
 * here too, so both commands are spelled the same way and run on the same JVM.
 */
final class ScoringJarCommands {
    /** The commands that read {@code user_features}, so need a running stack. */
    static final List<String> WITH_DATABASE = List.of("training-set");
    static final List<String> COMMANDS = List.of("training-set", "train");

    private ScoringJarCommands() {
    }

    /** Runs {@code command args} of the jar in this directory, output on ours; returns its exit code. */
    static int run(Path repo, Path home, Map<String, String> env, String command, List<String> args, PrintStream err)
            throws IOException, InterruptedException {
        Path jar = repo.resolve("scoring-service/target/scoring-service.jar");
        if (!Files.isRegularFile(jar)) {
            err.println("stack " + command + ": " + StackPaths.display(jar) + " is missing; './stack up' builds it "
                    + "(or mvn -B -DskipTests -pl scoring-service -am package)");
            return 3;
        }
        Map<String, String> childEnv;
        if (WITH_DATABASE.contains(command)) {
            Optional<Map<String, String>> database = database(home, env);
            if (database.isEmpty()) {
                err.println("stack " + command + ": the stack is not running (no " + StackState.FILE + " in "
                        + StackPaths.display(home) + "); './stack up -d' starts it");
                return 3;
            }
            childEnv = database.get();
        } else {
            childEnv = Map.of();
        }
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString(), command));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd).inheritIO();
        builder.environment().putAll(childEnv);
        return builder.start().waitFor();
    }

    /** The running stack's connection for the read-only role; empty when no stack is up in {@code home}. */
    static Optional<Map<String, String>> database(Path home, Map<String, String> env) {
        Properties state = StackState.read(home);
        String url = state.getProperty(StackState.JDBC_URL);
        if (url == null) {
            return Optional.empty();
        }
        String password = Optional.ofNullable(env.get("SCORING_DB_PASSWORD")).filter(p -> !p.isBlank())
                .or(() -> new Secrets(home).find("scoring_db_password")).orElse("");
        return Optional.of(Map.of(
                "DATABASE_URL", url,
                "DATABASE_USER", StackNames.SCORING_DB_USER,
                "DATABASE_PASSWORD", password));
    }
}
