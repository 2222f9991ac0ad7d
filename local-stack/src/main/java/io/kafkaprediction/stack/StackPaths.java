package io.kafkaprediction.stack;

import java.nio.file.Path;

/**
 * Paths as the stack prints them: relative to the working directory when they lie inside it (with
 * {@code ./stack} run from the repository root, {@code .stack/logs}), so the lines can be pasted
 * there and show nothing of the machine's own folders; other paths stay as they are.
 */
public final class StackPaths {
    private StackPaths() {
    }

    public static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path workingDir = Path.of("").toAbsolutePath().normalize();
        if (absolute.startsWith(workingDir) && !absolute.equals(workingDir)) {
            return workingDir.relativize(absolute).toString();
        }
        return path.toString();
    }
}
