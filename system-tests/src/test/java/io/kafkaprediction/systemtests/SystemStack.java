package io.kafkaprediction.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackConfig;
import io.kafkaprediction.systemtests.e2e.Pipeline;

/**
 * The one stack fixture of the system tests: a {@link LocalStack} on free ports in a temporary data
 * folder, with the scoring service run from a private copy of its jar, started once per JVM (start-up
 * costs half a minute on a busy 2-core machine) and closed when the JUnit run ends. Test classes use
 * {@code @ExtendWith(SystemStack.class)} and either call {@link #stack()} or take a {@link LocalStack}
 * parameter. A stack that did not start is not retried: every later class fails with the first cause.
 *
 * <p>Failsafe runs two JVMs (see system-tests/pom.xml), each with its own stack:
 * <ul>
 *   <li>end-to-end: a Connect worker in a zone far from UTC ({@value #WORKER_ZONE}, +05:45), so every
 *       timestamp assertion also checks time-zone independence, and our SMT plugin installed twice, as
 *       built and {@link SecondPluginVersion re-versioned};</li>
 *   <li>reliability ({@code stack.reliability=true}): both database links cuttable, the broker in its
 *       own JVM (so it can be SIGKILLed), failed sink tasks
 *       restarted by the stack ({@code -Dreliability.restarter=false} turns that off), and
 *       {@code -Dreliability.connectorOverrides=key=value,...} laid over the committed connector config.
 *       Each test heals the fault it injects and works on its own events.</li>
 * </ul>
 * {@code -Dreliability.keepData=true} keeps the data folder; the component logs are always copied
 * under {@code stack.logDir} (target/it-logs).
 *
 * <p>The ingestion benchmark, a program without JUnit, shares the file handling in {@link StackFiles}.
 */
public final class SystemStack implements BeforeAllCallback, ParameterResolver {
    public static final String WORKER_ZONE = "Asia/Kathmandu";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SystemStack.class);

    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context).stack();
    }

    private static Running running(ExtensionContext context) {
        // The root store closes it after the last test class.
        Running current = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> new Running(), Running.class);
        running = current;
        return current;
    }

    /** The stack of this JVM; the test class needs {@code @ExtendWith(SystemStack.class)}. */
    public static LocalStack stack() {
        Running current = running;
        if (current == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SystemStack.class)");
        }
        return current.stack();
    }

    /** The end-to-end classes' shared producer, database connection and HTTP client on {@link #stack()}. */
    public static Pipeline pipeline() {
        return running.pipeline();
    }

    public static String firstPluginVersion() {
        return running.firstVersion;
    }

    public static String secondPluginVersion() {
        return running.secondVersion;
    }

    private static boolean reliabilityRun() {
        return Boolean.getBoolean("stack.reliability");
    }

    /** The stack of one JVM, started on first use and closed by JUnit with the root context. */
    private static final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final LocalStack stack;
        private final Throwable failure;
        private String firstVersion;
        private String secondVersion;
        private Pipeline pipeline;

        Running() {
            LocalStack started = null;
            Throwable failed = null;
            try {
                started = start();
            } catch (RuntimeException | Error e) {
                failed = e;
            }
            stack = started;
            failure = failed;
        }

        LocalStack stack() {
            if (failure != null) {
                throw new IllegalStateException("the system-test stack did not start (once per run, not retried): "
                        + failure, failure);
            }
            return stack;
        }

        synchronized Pipeline pipeline() {
            if (pipeline == null) {
                pipeline = new Pipeline(stack());
            }
            return pipeline;
        }

        private LocalStack start() {
            boolean reliability = reliabilityRun();
            Path dataDir = StackFiles.newDataFolder(reliability ? "reliability-shared" : "e2e-stack");
            StackConfig.Builder config = StackConfig.builder(dataDir,
                            reliability ? property("stack.pluginPath") : assemblePlugins(dataDir.resolve("plugins")),
                            property("stack.connectConfigs"))
                    .scoringJar(StackFiles.privateCopy(property("stack.scoringJar"), dataDir));
            if (reliability) {
                boolean restartFailedTasks = Boolean.parseBoolean(System.getProperty("reliability.restarter", "true"));
                if (!restartFailedTasks) {
                    System.out.println("RELIABILITY | failed tasks are NOT restarted in this run (-Dreliability.restarter=false)");
                }
                config.databaseLinks(true).restartFailedTasks(restartFailedTasks).brokerOwnJvm(true);
            } else {
                config.workerJvmOptions(List.of("-Duser.timezone=" + WORKER_ZONE));
            }
            LocalStack started = new LocalStack(config.build()).start();
            Map<String, String> overrides = reliability ? connectorOverrides() : Map.of();
            if (!overrides.isEmpty()) {
                System.out.println("RELIABILITY | connector overrides for this run: " + overrides);
                started.registerConnector(overrides);
            }
            return started;
        }

        /**
         * The build's plugin folder (linked, not copied) plus a second version of our SMT plugin made
         * from the first, so KIP-891 version selection has two to choose from at worker start.
         */
        private Path assemblePlugins(Path target) {
            Path built = property("stack.pluginPath");
            String transformsFolder = System.getProperty("stack.transformsPlugin");
            try {
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
                            + "; build with 'mvn -B -pl system-tests -am verify'");
                }
                firstVersion = SecondPluginVersion.versionOf(firstPlugin);
                // Lower than the build's version, so a connector without plugin.version keeps the build's
                // (Connect picks the highest) and only PluginVersionSwapIT pins the other.
                secondVersion = "0.9.0-e2e";
                SecondPluginVersion.create(firstPlugin, target.resolve("kafkaprediction-feature-transforms-" + secondVersion),
                        secondVersion);
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot assemble the plugin folder " + target, e);
            }
        }

        @Override
        public synchronized void close() {
            if (pipeline != null) {
                pipeline.close();
            }
            if (stack == null) {
                return;
            }
            if (reliabilityRun()) {
                System.out.println("RELIABILITY | failed-task restarts requested during the run: " + stack.failedTaskRestarts());
            }
            Path dataDir = stack.config().dataDir();
            stack.close();
            StackFiles.keepLogs(dataDir.resolve("logs"));
            if (Boolean.getBoolean("reliability.keepData")) {
                System.out.println("SYSTEM TESTS | data and logs kept in " + dataDir);
            } else {
                StackFiles.deleteTree(dataDir);
            }
        }
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






    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the system tests "
                    + "through failsafe ('mvn -B -pl system-tests -am verify'), which sets it");
        }
        return Path.of(value);
    }
}
