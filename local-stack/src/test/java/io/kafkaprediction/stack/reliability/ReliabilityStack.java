package io.kafkaprediction.stack.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackConfig;

/**
 * Starts the {@link LocalStack} of the reliability tests: every port free, a temporary data
 * folder, the scoring service, both database links cuttable, the connector registered from
 * {@code connect-configs/user-features-sink.json} as it is. The paths come from the
 * {@code stack.*} system properties that failsafe sets (see local-stack/pom.xml).
 */
final class ReliabilityStack {
    private ReliabilityStack() {
    }

    static LocalStack start(String name) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("reliability-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data folder for " + name, e);
        }
        // -Dreliability.restarter=false: see what a fault does without the stack's self-healing.
        boolean restartFailedTasks = Boolean.parseBoolean(System.getProperty("reliability.restarter", "true"));
        if (!restartFailedTasks) {
            System.out.println("RELIABILITY | failed tasks are NOT restarted in this run (-Dreliability.restarter=false)");
        }
        StackConfig config = StackConfig.builder(dataDir, path("stack.pluginPath"), path("stack.connectConfigs"))
                .scoringJar(privateCopy(path("stack.scoringJar"), dataDir))
                .databaseLinks(true)
                .restartFailedTasks(restartFailedTasks)
                .build();
        LocalStack stack = new LocalStack(config).start();
        Map<String, String> overrides = connectorOverrides();
        if (!overrides.isEmpty()) {
            System.out.println("RELIABILITY | connector overrides for this run: " + overrides);
            stack.registerConnector(overrides);
        }
        return stack;
    }

    /**
     * {@code -Dreliability.connectorOverrides=key=value,key=value}: settings laid over the committed
     * connector config, to try alternatives (RELIABILITY.md compares sink retries with restarts).
     */
    private static Map<String, String> connectorOverrides() {
        String spec = System.getProperty("reliability.connectorOverrides", "").trim();
        Map<String, String> overrides = new LinkedHashMap<>();
        if (!spec.isEmpty()) {
            for (String pair : spec.split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("reliability.connectorOverrides: expected key=value, got '" + pair + "'");
                }
                overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return overrides;
    }

    static void stop(LocalStack stack, AutoCloseable... alsoClose) {
        for (AutoCloseable c : alsoClose) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.out.println("closing " + c + " failed: " + e);
                }
            }
        }
        if (stack != null) {
            stack.close();
            if (Boolean.getBoolean("reliability.keepData")) {
                System.out.println("RELIABILITY | data and logs kept in " + stack.config().dataDir());
            } else {
                deleteDataDir(stack.config().dataDir());
            }
        }
    }

    /**
     * The service runs from a copy: a rebuild of scoring-service/target during the run (another
     * module's build in the same checkout) would otherwise pull classes from under the running JVM.
     */
    private static Path privateCopy(Path jar, Path dataDir) {
        try {
            return Files.copy(jar, dataDir.resolve(jar.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the scoring service jar " + jar
                    + "; build it with 'mvn -B -DskipTests -pl scoring-service -am package'", e);
        }
    }

    /** Deletes a data folder of a stopped stack ({@code -Dreliability.keepData=true} keeps it, logs included). */
    static void deleteDataDir(Path dataDir) {
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + dataDir + ": " + e);
        }
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the reliability tests "
                    + "through failsafe, 'mvn -B -pl local-stack -am verify', which sets it");
        }
        return Path.of(value);
    }
}
