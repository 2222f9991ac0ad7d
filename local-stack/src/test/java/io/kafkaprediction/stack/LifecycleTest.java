package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pid files and child records: only processes they identify (pid and start time, command line) are
 * ever reported or signalled; a killed stack's children are listed by status and stopped by down.
 * Real processes: a JVM that sleeps stands in for a child, {@code sleep} for an unrelated process.
 */
class LifecycleTest {

    @TempDir
    Path home;

    private Process child;
    private Process unrelated;

    @AfterEach
    void stopProcesses() {
        ChildRecords.stopRecording();
        for (Process p : new Process[] {child, unrelated}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void identityNeedsTheSameStartTimeAndTheMarker() throws Exception {
        unrelated = new ProcessBuilder("sleep", "60").start();
        ProcessIdentity sleep = ProcessIdentity.of(unrelated.pid()).orElseThrow();

        assertThat(ProcessIdentity.live(sleep.record(), "sleep")).contains(sleep);
        assertThat(ProcessIdentity.live(sleep.pid() + " " + (sleep.startTicks() - 1), "sleep")).isEmpty();
        assertThat(ProcessIdentity.live(sleep.record(), StackPidFile.MARKER)).isEmpty();
        assertThat(ProcessIdentity.live(Long.toString(sleep.pid()), "sleep")).as("a bare pid is no identity").isEmpty();
    }

    @Test
    void aPidFileNamingAnUnrelatedProcessIsNotTheStack() throws Exception {
        unrelated = new ProcessBuilder("sleep", "60").start();
        Files.writeString(home.resolve(StackPidFile.NAME), unrelated.pid() + "\n");
        assertThat(status()).isEqualTo("The stack is not running (data folder " + home + ").\n");

        Files.writeString(home.resolve(StackPidFile.NAME), ProcessIdentity.of(unrelated.pid()).orElseThrow().record());
        assertThat(status()).startsWith("The stack is not running");
        assertThat(unrelated.isAlive()).isTrue();
    }

    @Test
    void downOfTheScriptNeverSignalsAProcessThatOnlyHasTheRecordedPid() throws Exception {
        unrelated = new ProcessBuilder("sleep", "60").start();
        Files.writeString(home.resolve(StackPidFile.NAME), unrelated.pid() + " " + ProcessIdentity.of(unrelated.pid())
                .orElseThrow().startTicks() + "\n");
        Path script = Path.of(System.getProperty("stack.repo", "..")).resolve("stack").toAbsolutePath().normalize();
        ProcessBuilder down = new ProcessBuilder("bash", script.toString(), "down").redirectErrorStream(true);
        down.environment().put("STACK_HOME", home.toString());
        Process run = down.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output).isEqualTo("The stack is not running.\n");
        assertThat(unrelated.isAlive()).as("the process that merely has the pid").isTrue();
        assertThat(home.resolve(StackPidFile.NAME)).doesNotExist();
    }

    @Test
    void aKilledStacksChildIsListedByStatusAndStoppedByDown() throws Exception {
        child = sleepingJvm();
        ChildRecords.recordUnder(home);
        ChildRecords.launched("scoring-service", child);
        Path record = home.resolve("children/scoring-service.pid");
        assertThat(record).exists();

        assertThat(status()).isEqualTo("The stack is not running, but processes it started are: scoring-service (pid "
                + child.pid() + "). './stack down' stops them.\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ChildRecords.stopLeftovers(home, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("Stopping scoring-service (pid " + child.pid() + "), left running by an earlier stack\n");
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(record).doesNotExist();
        assertThat(status()).startsWith("The stack is not running (data folder");
    }

    @Test
    void freshStopsTheLeftoversBeforeItDeletesTheFolderThatRecordsThem() throws Exception {
        child = sleepingJvm();
        ChildRecords.recordUnder(home);
        ChildRecords.launched("scoring-service", child);
        Files.createDirectories(home.resolve("kafka"));
        Files.writeString(home.resolve("kafka/meta.properties"), "node.id=1\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StackMain.prepareDataFolder(home, true, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "Stopping scoring-service (pid " + child.pid() + "), left running by an earlier stack\n"
                        + "--fresh: deleting " + home + "\n");
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(home.resolve("kafka")).doesNotExist();
        assertThat(home.resolve("children")).doesNotExist();
        assertThat(home.resolve("logs")).isDirectory();
    }

    @Test
    void aChildRecordWhosePidNowBelongsToAnotherProcessIsDroppedNotSignalled() throws Exception {
        unrelated = new ProcessBuilder("sleep", "60").start();
        Files.createDirectories(home.resolve("children"));
        // The pid of a process that is not a JVM, as after pid reuse.
        Files.writeString(home.resolve("children/connect.pid"), ProcessIdentity.of(unrelated.pid()).orElseThrow().record());

        assertThat(ChildRecords.leftovers(home)).isEmpty();
        assertThat(ChildRecords.stopLeftovers(home, new PrintStream(new ByteArrayOutputStream()))).isZero();
        assertThat(unrelated.isAlive()).isTrue();
        assertThat(home.resolve("children/connect.pid")).doesNotExist();
    }

    @Test
    void aCleanlyStoppedChildLeavesNoRecord() throws Exception {
        ChildRecords.recordUnder(home);
        Path log = home.resolve("logs/worker-x.log");
        child = ChildProcesses.launch(sleepingJvmCommand(), java.util.Map.of(), log);
        assertThat(home.resolve("children/worker-x.pid")).exists();

        ChildProcesses.stop(child, Duration.ofSeconds(10));

        assertThat(home.resolve("children/worker-x.pid")).doesNotExist();
    }

    @Test
    void aStopDuringStartUpMeansNoReady() {
        StartGate gate = new StartGate();
        assertThat(gate.stop()).as("stop before the start finished").isFalse();
        assertThat(gate.started()).as("READY after a stop").isFalse();
        assertThat(gate.stopping()).isTrue();

        StartGate normal = new StartGate();
        assertThat(normal.started()).isTrue();
        assertThat(normal.stop()).isTrue();
    }

    @Test
    void aChildsOwnReasonIsTakenFromTheEndOfItsLog() throws IOException {
        Path log = Files.writeString(home.resolve("scoring-service.log"), String.join("\n", List.of(
                "12:00:00.000 INFO  starting",
                "io.micronaut.context.exceptions.BeanInstantiationException: Bean definition could not be loaded",
                "Message: Cannot start: Cannot load model /m/model.json: invalid JSON (truncated file?)",
                "\tat io.micronaut.Foo.bar(Foo.java:1)",
                "Caused by: java.lang.IllegalStateException: Cannot start: Cannot load model /m/model.json: invalid JSON (truncated file?)",
                "\tat io.kafkaprediction.X.y(X.java:2)")));
        assertThat(ChildProcesses.lastCause(log)).contains("Cannot load model /m/model.json: invalid JSON (truncated file?)");

        Path other = Files.writeString(home.resolve("connect.log"), "boom\nCaused by: java.net.BindException: Address in use\n\tat x\n");
        assertThat(ChildProcesses.lastCause(other)).contains("java.net.BindException: Address in use");
    }

    private String status() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StackStatus.print(home, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private Process sleepingJvm() throws IOException {
        return new ProcessBuilder(sleepingJvmCommand()).start();
    }

    private List<String> sleepingJvmCommand() throws IOException {
        Path source = Files.writeString(home.resolve("Sleep.java"),
                "class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", source.toString());
    }
}
