package io.kafkaprediction.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <data folder>/stack.pid}: "pid start" of the stack's JVM, written by {@code ./stack} before
 * the JVM runs and removed by the JVM on every clean exit. Trusted only while that very process
 * (same start time) still runs {@code StackMain}: a pid reused after a crash is never taken for the stack.
 */
final class StackPidFile {
    static final String NAME = "stack.pid";
    static final String MARKER = "io.kafkaprediction.stack.StackMain";

    private StackPidFile() {
    }

    static Optional<ProcessIdentity> live(Path home) {
        try {
            return ProcessIdentity.live(Files.readString(home.resolve(NAME)), MARKER);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Removes the file if it names this JVM (a newer stack may have written its own meanwhile). */
    static void deleteIfOurs(Path home) {
        Path file = home.resolve(NAME);
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            if (parts.length > 0 && parts[0].equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException ignored) {
            // no file, or unreadable: nothing of ours to remove
        }
    }
}
