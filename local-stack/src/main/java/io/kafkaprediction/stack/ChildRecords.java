package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.kafkaprediction.stack.postgres.StalePostgres;

/**
 * The child processes of a stack, each recorded with its identity ({@link ProcessIdentity}) in
 * {@code <data folder>/children/<name>.pid} as it is launched and removed once it stopped. After a
 * {@code kill -9} of the stack the files remain: {@code status} lists the children still alive and
 * {@code down} (or the next {@code up}) stops them. PostgreSQL needs no file: its own
 * {@code postmaster.pid} names it. Only processes that the files identify are ever signalled.
 */
public final class ChildRecords {
    static final String FOLDER = "children";
    /** Every child of the stack is a JVM; PostgreSQL is checked by its data folder instead. */
    private static final String JAVA_MARKER = "java";

    /** Where launches are recorded; null (tests, the embedded use of LocalStack) records nothing. */
    private static volatile Path directory;
    private static final java.util.Map<Long, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private ChildRecords() {
    }

    /** Records the children of this process under {@code home}; called once by {@code ./stack up}. */
    static void recordUnder(Path home) {
        directory = home.resolve(FOLDER);
    }

    /** Back to recording nothing (tests). */
    static void stopRecording() {
        directory = null;
    }

    /** A child still running from an earlier stack. */
    public record Leftover(String name, ProcessIdentity process, Path recordFile) {
        @Override
        public String toString() {
            return name + " (pid " + process.pid() + ")";
        }
    }

    static void launched(String name, Process process) {
        Path dir = directory;
        if (dir == null) {
            return;
        }
        Optional<ProcessIdentity> identity = ProcessIdentity.of(process.pid());
        if (identity.isEmpty()) {
            return; // exited at once: nothing to strand
        }
        NAMES.put(process.pid(), name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".pid"), identity.get().record() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record child " + name + " in " + dir, e);
        }
    }

    static void stopped(Process process) {
        Path dir = directory;
        String name = NAMES.remove(process.pid());
        if (dir != null && name != null) {
            deleteQuietly(dir.resolve(name + ".pid"));
        }
    }

    /** The live children recorded under {@code home}, and a live PostgreSQL of its data folder; stale files are removed. */
    static List<Leftover> leftovers(Path home) {
        List<Leftover> found = new ArrayList<>();
        Path dir = home.resolve(FOLDER);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList()) {
                    String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                    Optional<ProcessIdentity> live = ProcessIdentity.live(read(file), JAVA_MARKER);
                    if (live.isPresent()) {
                        found.add(new Leftover(name, live.get(), file));
                    } else {
                        deleteQuietly(file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        StalePostgres.live(home.resolve("postgres"))
                .ifPresent(pid -> ProcessIdentity.of(pid).ifPresent(p -> found.add(new Leftover("postgresql", p, null))));
        return found;
    }

    /**
     * Stops every leftover child (JVMs first, PostgreSQL last, as the stack itself stops them) and
     * says so on {@code out}; returns how many it stopped.
     */
    static int stopLeftovers(Path home, java.io.PrintStream out) {
        List<Leftover> leftovers = leftovers(home);
        for (Leftover leftover : leftovers) {
            out.println("Stopping " + leftover + ", left running by an earlier stack");
            if (leftover.recordFile() == null) {
                StalePostgres.stopIfRunning(home.resolve("postgres"));
            } else {
                leftover.process().stop(Duration.ofSeconds(15));
                deleteQuietly(leftover.recordFile());
            }
        }
        return leftovers.size();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a stale record is ignored by its identity check anyway
        }
    }
}
