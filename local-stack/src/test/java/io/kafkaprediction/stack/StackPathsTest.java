package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The stack prints paths under the working directory relative to it, and no others changed. */
class StackPathsTest {

    @Test
    void showsAPathInsideTheWorkingDirectoryRelativeToIt() {
        Path inside = Path.of("").toAbsolutePath().resolve(".stack").resolve("logs");

        assertThat(StackPaths.display(inside)).isEqualTo(Path.of(".stack", "logs").toString());
    }

    @Test
    void leavesAPathOutsideTheWorkingDirectoryAsItIs() {
        Path outside = Path.of("").toAbsolutePath().getRoot().resolve("var").resolve("lib").resolve("stack-elsewhere");

        assertThat(StackPaths.display(outside)).isEqualTo(outside.toString());
    }

    @Test
    void leavesTheWorkingDirectoryItselfAbsolute() {
        Path workingDir = Path.of("").toAbsolutePath();

        assertThat(StackPaths.display(workingDir)).isEqualTo(workingDir.toString());
    }
}
