package io.kafkaprediction.scoring.registry;

import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where model files come from: one file ({@code MODEL_PATH=model.json}), or a model repository
 * ({@code MODEL_PATH=models}, laid out {@code models/<name>/<version>/model.json|model.ubj}, the
 * Triton / Open Inference Protocol layout, with an optional {@code models/<name>/routing.json}).
 */
sealed interface ModelSource {

    /** A model file on disk; {@code slot} identifies it across scans (the version folder name). */
    record Candidate(String slot, Path file, FileStamp stamp, Optional<String> version) {
    }

    /** The model files present now. */
    List<Candidate> scan() throws IOException;

    /** The routing file, for a repository; null for a single file. */
    @Nullable Path routingFile();

    /** A repository unloads a version whose folder disappears; a single missing file keeps serving (replace by rename). */
    default boolean unloadsMissing() {
        return routingFile() != null;
    }

    static ModelSource of(Path path, String modelName, @Nullable String versionOverride) {
        return Files.isDirectory(path) ? new Repository(path, path.resolve(modelName))
                : new SingleFile(path, Optional.ofNullable(versionOverride));
    }

    record SingleFile(Path file, Optional<String> version) implements ModelSource {
        static final String SLOT = "file";

        @Override
        public List<Candidate> scan() throws IOException {
            try {
                return List.of(new Candidate(SLOT, file, FileStamp.of(file), version));
            } catch (NoSuchFileException e) {
                return List.of();
            }
        }

        @Override
        public @Nullable Path routingFile() {
            return null;
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }

    /** @param modelFolder {@code <repo>/<name>}: one sub-folder per version */
    record Repository(Path root, Path modelFolder) implements ModelSource {
        // Hidden folders (".4.tmp") are where a version is staged before its atomic rename.
        private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        static final List<String> MODEL_FILES = List.of("model.json", "model.ubj");

        @Override
        public List<Candidate> scan() throws IOException {
            List<Candidate> found = new ArrayList<>();
            if (!Files.isDirectory(modelFolder)) {
                return found;
            }
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(modelFolder, Files::isDirectory)) {
                for (Path folder : versions) {
                    String name = folder.getFileName().toString();
                    if (!VERSION_NAME.matcher(name).matches()) {
                        continue;
                    }
                    for (String fileName : MODEL_FILES) {
                        Path file = folder.resolve(fileName);
                        try {
                            found.add(new Candidate(name, file, FileStamp.of(file), Optional.of(name)));
                            break;
                        } catch (NoSuchFileException e) {
                            // try the next name; a folder without a model file is not a version yet
                        }
                    }
                }
            }
            return found;
        }

        @Override
        public Path routingFile() {
            return modelFolder.resolve(Routing.FILE_NAME);
        }

        @Override
        public String toString() {
            return modelFolder.toString();
        }
    }
}
