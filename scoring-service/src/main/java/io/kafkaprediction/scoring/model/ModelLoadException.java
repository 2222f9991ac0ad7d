package io.kafkaprediction.scoring.model;

import java.nio.file.Path;

/** A model file that cannot be served: the message names the file and what is wrong with it. */
public final class ModelLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ModelLoadException(Path file, String problem) {
        this(file, problem, null);
    }

    public ModelLoadException(Path file, String problem, Throwable cause) {
        super("Cannot load model " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that failed to load. */
    public Path file() {
        return file;
    }
}
