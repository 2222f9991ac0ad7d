package io.kafkaprediction.systemtests.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kafkaprediction.stack.StackNames;

/**
 * {@code docker/connector-init/watch-connector.sh}, run for a few polls against stand-ins for
 * {@code curl} (the Connect REST API) and {@code kcat} (the dead-letter topic): it restarts failed
 * tasks and tells a sink failure (stage TASK_PUT) from bad input.
 */
class WatchdogScriptTest {
    private static final ComposeProject PROJECT = ComposeProject.find();
    private static final String RUNNING = "{\"connector\":{\"state\":\"RUNNING\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\"}]}";
    private static final String TASK_FAILED = "{\"connector\":{\"state\":\"RUNNING\"},\"tasks\":[{\"id\":0,\"state\":\"FAILED\"}]}";

    @TempDir
    Path dir;
    private Path bin;

    @BeforeEach
    void requireJq() throws Exception {
        assumeThat(new ProcessBuilder("sh", "-c", "command -v jq").start().waitFor()).as("jq is not installed").isZero();
        bin = Files.createDirectories(dir.resolve("bin"));
    }

    @Test
    void flagsADeadLetterOfStageTaskPutAsASinkFailureAndBadInputNot() throws Exception {
        long later = System.currentTimeMillis() + 60_000;
        String output = runWatchdog(RUNNING,
                "0 " + later + " __connect.errors.stage=TRANSFORMATION,__connect.errors.exception.message=field 'value'\n"
                        + "1 " + later + " __connect.errors.stage=TASK_PUT,__connect.errors.exception.message=relation does not exist\n");

        assertThat(output).contains("SINK FAILURE: dead letter " + StackNames.DLQ_TOPIC + "@1 has stage TASK_PUT")
                .doesNotContain(StackNames.DLQ_TOPIC + "@0");
        assertThat(dir.resolve("watchdog.sink-failure")).exists();
        assertThat(dir.resolve("watchdog.alive")).exists();
    }

    @Test
    void ignoresTaskPutDeadLettersFromBeforeItStarted() throws Exception {
        String output = runWatchdog(RUNNING, "0 1000 __connect.errors.stage=TASK_PUT\n");

        assertThat(output).doesNotContain("SINK FAILURE");
        assertThat(dir.resolve("watchdog.sink-failure")).doesNotExist();
    }

    @Test
    void restartsTheFailedTasksOfTheConnector() throws Exception {
        String output = runWatchdog(TASK_FAILED, "");

        assertThat(output).contains(StackNames.CONNECTOR + " has failed tasks; requesting a restart of them");
        assertThat(Files.readString(dir.resolve("curl.calls")))
                .contains("-X POST http://connect:8083/connectors/" + StackNames.CONNECTOR + "/restart?includeTasks=true&onlyFailed=true");
    }

    /** Runs the script for about three polls; {@code deadLetters} is what kcat prints from offset 0. */
    private String runWatchdog(String status, String deadLetters) throws Exception {
        Files.writeString(dir.resolve("status.json"), status);
        Files.writeString(dir.resolve("dead-letters.txt"), deadLetters);
        stub("curl", "echo \"$*\" >> '" + dir.resolve("curl.calls") + "'\n"
                + "case \"$*\" in *' -X POST '*) exit 0 ;; esac\n"
                + "cat '" + dir.resolve("status.json") + "'\n");
        // Only a read from offset 0 returns the records; later polls continue after them.
        stub("kcat", "case \" $* \" in *' -o 0 '*) cat '" + dir.resolve("dead-letters.txt") + "' ;; esac\n");
        ProcessBuilder builder = new ProcessBuilder("timeout", "3", "bash",
                PROJECT.file("docker/connector-init/watch-connector.sh").toString())
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("CONNECT_URL", "http://connect:8083");
        builder.environment().put("CONNECTOR_NAME", StackNames.CONNECTOR);
        builder.environment().put("INTERVAL_SECONDS", "1");
        builder.environment().put("BOOTSTRAP_SERVERS", "kafka:29092");
        builder.environment().put("DLQ_TOPIC", StackNames.DLQ_TOPIC);
        builder.environment().put("WATCHDOG_STATE_DIR", dir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // timeout(1) ends the endless loop with 124; anything else means the script failed on its own.
        assertThat(process.exitValue()).as(output).isEqualTo(124);
        return output;
    }

    private void stub(String name, String body) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
