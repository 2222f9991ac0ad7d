package io.kafkaprediction.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The files around a test stack: its temporary data folder, the private copy of the scoring jar,
 * the logs kept after it stops, the repository it runs from. No JUnit here: the ingestion benchmark
 * (compiled by {@code system-tests/benchmarks/ingest.sh} against the stack's runtime alone) uses it too.
 */
public final class StackFiles {
    private StackFiles() {
    }

    /**
     * The service runs from a copy: a rebuild of scoring-service/target during the run (another
     * module's build in the same checkout) would otherwise pull classes from under the running JVM.
     */
    public static Path privateCopy(Path jar, Path dataDir) {
        try {
            return Files.copy(jar, dataDir.resolve(jar.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the scoring service jar " + jar
                    + "; build it with 'mvn -B -DskipTests -pl scoring-service -am package'", e);
        }
    }

    /** Component logs survive the data folder, under {@code stack.logDir} (target/it-logs with failsafe). */
    public static void keepLogs(Path logs) {
        String keep = System.getProperty("stack.logDir");
        if (keep == null || !Files.isDirectory(logs)) {
            return;
        }
        try {
            Path target = Path.of(keep, logs.getParent().getFileName() + "-" + System.currentTimeMillis());
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            System.err.println("could not keep the logs of " + logs + ": " + e);
        }
    }

    /** A new temporary data folder named after {@code name}. */
    public static Path newDataFolder(String name) {
        try {
            return Files.createTempDirectory(name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data folder for " + name, e);
        }
    }

    /** Removes a stopped stack's data folder; plugin links go, not what they point to. */
    public static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    /** The repository: {@code -Dstack.repo}, else the nearest folder up from here with connect-configs/. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("stack.repo");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("connect-configs/user-features-sink.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository (no connect-configs/user-features-sink.json above "
                + Path.of("").toAbsolutePath() + "); pass -Dstack.repo=<path>");
    }
}
