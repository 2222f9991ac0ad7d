package io.kafkaprediction.scoring.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A model repository on disk ({@code <root>/<model>/<version>/model.json}), changed the way a
 * deployment should: every change is staged beside its target and renamed into place.
 */
public final class TestRepository {

    private final Path root;
    private final Path model;

    public TestRepository(Path root, String modelName) {
        this.root = root;
        this.model = root.resolve(modelName);
        TestModels.temporaryDirectory(model);
    }

    public Path root() {
        return root;
    }

    public Path modelFolder() {
        return model;
    }

    /** Trains a demo model (seed) into a hidden staging folder, then renames it to {@code version}. */
    public void addVersion(String version, long seed) {
        Path staging = model.resolve("." + version + ".tmp");
        TestModels.temporaryDirectory(staging);
        TestModels.demo(staging.resolve("model.json"), seed);
        move(staging, model.resolve(version));
    }

    /** Like {@link #addVersion} with the features renamed, so a version with other feature names. */
    public void addVersionWithOtherFeatureNames(String version, long seed) {
        Path staging = model.resolve("." + version + ".tmp");
        TestModels.temporaryDirectory(staging);
        Path file = TestModels.demo(staging.resolve("model.json"), seed);
        try {
            Files.writeString(file, Files.readString(file).replace("\"click\"", "\"clicks\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        move(staging, model.resolve(version));
    }

    /** Renames the version folder out of the repository (atomic), then deletes it. */
    public void removeVersion(String version) {
        Path gone = root.resolveSibling(root.getFileName() + "-removed-" + version + "-" + System.nanoTime());
        move(model.resolve(version), gone);
        delete(gone);
    }

    public void removeAllVersions() {
        try (Stream<Path> folders = Files.list(model)) {
            folders.filter(Files::isDirectory).forEach(folder -> removeVersion(folder.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes routing.json beside and renames it into place. */
    public void writeRouting(String json) {
        try {
            Path tmp = Files.createTempFile(model, ".routing-", ".json");
            Files.writeString(tmp, json);
            move(tmp, model.resolve("routing.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteRouting() {
        delete(model.resolve("routing.json"));
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
