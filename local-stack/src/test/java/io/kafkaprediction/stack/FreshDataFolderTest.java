package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fresh} empties the data folder but leaves what {@code ./stack up -d} wrote just before. */
class FreshDataFolderTest {
    @TempDir
    Path home;

    @Test
    void wipeDeletesDataButKeepsThePidFileAndTheConsoleLog() throws Exception {
        Files.createDirectories(home.resolve("postgres/base"));
        Files.writeString(home.resolve("postgres/base/1"), "data");
        Files.writeString(home.resolve("secrets.properties"), "x=y");
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs/kafka.log"), "old");
        Files.writeString(home.resolve("logs/console.log"), "[  0.0s] starting");
        Files.writeString(home.resolve("stack.pid"), "4242");

        StackMain.wipe(home);

        try (var left = Files.walk(home)) {
            assertThat(left.filter(Files::isRegularFile).map(home::relativize).map(Path::toString))
                    .containsExactlyInAnyOrder("stack.pid", "logs/console.log");
        }
        assertThat(Files.readString(home.resolve("logs/console.log"))).isEqualTo("[  0.0s] starting");
    }
}
