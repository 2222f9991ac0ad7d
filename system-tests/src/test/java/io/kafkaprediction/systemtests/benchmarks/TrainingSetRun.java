package io.kafkaprediction.systemtests.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The scoring jar's {@code training-set} command (what {@code ./stack training-set} runs), timed on the
 * grown table: an entity file of {@code (user_id, timestamp)} rows, the users drawn as the lookups draw
 * them, the times uniform over the pre-loaded history, and the model's own features, read through the
 * service's read-only role. The time includes the command's JVM start (about a second), as in the
 * feature-store benchmark; the command's output must have one row per entity.
 */
final class TrainingSetRun {
    private static final long TIMEOUT_MINUTES = 30;

    record Result(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private TrainingSetRun() {
    }

    /**
     * @param database DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD for the command
     * @param users    the entities' users (not thread-safe is fine)
     */
    static Result run(Path jar, Path model, Map<String, String> database, Path dir, int entities, Supplier<String> users,
                      long fromEpochMillis, long untilEpochMillis, long seed) throws IOException, InterruptedException {
        Path entityFile = dir.resolve("growth-entities.csv");
        Path output = dir.resolve("growth-training-set.csv");
        Path log = dir.resolve("growth-training-set.log");
        SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter out = Files.newBufferedWriter(entityFile, StandardCharsets.UTF_8)) {
            out.write("user_id,timestamp\n");
            for (int i = 0; i < entities; i++) {
                out.write(users.get() + "," + Instant.ofEpochMilli(random.nextLong(fromEpochMillis, untilEpochMillis)) + "\n");
            }
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar.toString(), "training-set", "--entities", entityFile.toString(), "--model", model.toString(),
                "--output", output.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // The password travels in the child's environment, never on its command line.
        builder.environment().putAll(database);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("training-set did not finish within " + TIMEOUT_MINUTES + " minutes; see " + log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("training-set exited with " + process.exitValue() + ": "
                    + String.join(" | ", tail(log)));
        }
        long rows;
        try (Stream<String> lines = Files.lines(output, StandardCharsets.UTF_8)) {
            rows = lines.count() - 1;
        }
        if (rows != entities) {
            throw new IllegalStateException("training-set wrote " + rows + " rows for " + entities + " entities; see " + output);
        }
        Files.delete(output);
        return new Result(rows, seconds);
    }

    private static List<String> tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.subList(Math.max(0, lines.size() - 5), lines.size());
    }
}
