package io.kafkaprediction.scoring.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The commands write through a temporary sibling renamed into place; a failed run removes it. */
final class TemporaryFiles {

    private TemporaryFiles() {
    }

    /** Best effort: the command has already said what failed. */
    static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // nothing more to report
        }
    }
}
