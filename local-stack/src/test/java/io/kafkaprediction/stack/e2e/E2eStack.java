package io.kafkaprediction.stack.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackConfig;

/**
 * One {@link LocalStack} for every end-to-end test class in this JVM: free ports, a temporary data
 * folder, the scoring service, and a Connect worker in a zone far from UTC (Asia/Kathmandu,
 * +05:45) so that every timestamp assertion also checks time-zone independence. The plugin folder
 * holds our SMT plugin twice: as built, and {@link SecondPluginVersion re-versioned}.
 * Closed once, when the JUnit run ends.
 */
public final class E2eStack implements BeforeAllCallback {
    public static final String WORKER_ZONE = "Asia/Kathmandu";

    private static LocalStack stack;
    private static Pipeline pipeline;
    private static String firstVersion;
    private static String secondVersion;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (E2eStack.class) {
            if (stack == null) {
                stack = start();
                // The root store closes it after the last test class.
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(E2eStack.class.getName(), new Closer());
            }
        }
    }

    public static LocalStack stack() {
        if (stack == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(E2eStack.class)");
        }
        return stack;
    }

    /** The test classes' shared producer, database connection and HTTP client on {@link #stack()}. */
    static synchronized Pipeline pipeline() {
        if (pipeline == null) {
            pipeline = new Pipeline(stack());
        }
        return pipeline;
    }

    public static String firstPluginVersion() {
        return firstVersion;
    }

    public static String secondPluginVersion() {
        return secondVersion;
    }

    private static LocalStack start() {
        try {
            Path dataDir = Files.createTempDirectory("e2e-stack-");
            Path plugins = assemblePlugins(dataDir.resolve("plugins"));
            StackConfig config = StackConfig.builder(dataDir, plugins, property("stack.connectConfigs"))
                    .scoringJar(property("stack.scoringJar"))
                    .workerJvmOptions(List.of("-Duser.timezone=" + WORKER_ZONE))
                    .build();
            return new LocalStack(config).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The build's plugin folder (linked, not copied) plus a second version of our SMT plugin made
     * from the first, so KIP-891 version selection has two to choose from at worker start.
     */
    private static Path assemblePlugins(Path target) throws IOException {
        Path built = property("stack.pluginPath");
        String transformsFolder = System.getProperty("stack.transformsPlugin");
        Files.createDirectories(target);
        Path firstPlugin = null;
        try (Stream<Path> entries = Files.list(built)) {
            for (Path entry : entries.toList()) {
                Files.createSymbolicLink(target.resolve(entry.getFileName()), entry.toAbsolutePath());
                if (entry.getFileName().toString().equals(transformsFolder)) {
                    firstPlugin = entry;
                }
            }
        }
        if (firstPlugin == null) {
            throw new IllegalStateException("our SMT plugin " + transformsFolder + " is not in " + built
                    + "; build with 'mvn -B -pl local-stack -am verify'");
        }
        firstVersion = SecondPluginVersion.versionOf(firstPlugin);
        // Lower than the build's version, so a connector without plugin.version keeps the build's
        // (Connect picks the highest) and only PluginVersionSwapIT pins the other.
        secondVersion = "0.9.0-e2e";
        SecondPluginVersion.create(firstPlugin, target.resolve("kafkaprediction-feature-transforms-" + secondVersion), secondVersion);
        return target;
    }

    /** Closed by JUnit with the root context (AutoCloseable for JUnit 5.13+, CloseableResource before). */
    private static final class Closer implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stop();
        }
    }

    private static void stop() {
        synchronized (E2eStack.class) {
            if (pipeline != null) {
                pipeline.close();
                pipeline = null;
            }
            if (stack != null) {
                Path dataDir = stack.config().dataDir();
                stack.close();
                stack = null;
                keepLogs(dataDir.resolve("logs"));
                deleteTree(dataDir);
            }
        }
    }

    /** Component logs survive the data folder, under {@code stack.logDir} (target/it-logs with failsafe). */
    private static void keepLogs(Path logs) {
        String keep = System.getProperty("stack.logDir");
        if (keep == null || !Files.isDirectory(logs)) {
            return;
        }
        try {
            Path target = Path.of(keep, "e2e-stack-" + System.currentTimeMillis());
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

    /** Removes the temporary data folder; its plugin links go, not what they point to. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the end-to-end tests "
                    + "through failsafe ('mvn -B -pl local-stack -am verify'), which sets it");
        }
        return Path.of(value);
    }
}
