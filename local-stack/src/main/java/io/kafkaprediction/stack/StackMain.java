package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.kafkaprediction.stack.demo.DemoDataCommand;

/**
 * {@code ./stack up [--fresh]}, {@code ./stack status} and {@code ./stack dlq [N]}: the stack on fixed ports, configured by
 * environment variables (see local-stack/README.md). {@code up} runs until SIGINT/SIGTERM and then
 * stops everything in order.
 */
public final class StackMain {
    /** The README's produce request, printed as a curl command once the stack is up. */
    private static final String EXAMPLE_PRODUCE_BODY =
            "{\"records\":[{\"value\":{\"user_id\":\"user2\",\"event_type\":\"click\",\"value\":45,\"timestamp\":\"2026-01-20T15:00:00Z\"}}]}";

    private StackMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path repo = Path.of(System.getProperty("stack.repo", ".")).toAbsolutePath().normalize();
        Path home = Path.of(env.getOrDefault("STACK_HOME", repo.resolve(".stack").toString())).toAbsolutePath().normalize();
        // Before the first logger exists: log4j2.properties writes under ${stack.logDir}.
        System.setProperty("stack.logDir", home.resolve("logs").toString());
        String command = args.length == 0 ? "up" : args[0];
        boolean fresh = List.of(args).contains("--fresh");
        switch (command) {
            case "up" -> {
                try {
                    up(repo, home, env, fresh);
                } catch (IllegalArgumentException e) {
                    System.err.println("stack: " + e.getMessage());
                    System.exit(2);
                }
            }
            case "status" -> System.exit(StackStatus.print(home, System.out));
            case "leftovers" -> System.exit(ChildRecords.stopLeftovers(home, System.out) >= 0 ? 0 : 1);
            case "dlq" -> System.exit(deadLetters(home, args));
            case "training-set", "train" -> System.exit(ScoringJarCommands.run(repo, home, env, command,
                    List.of(args).subList(1, args.length), System.err));
            case "demo-data" -> System.exit(demoData(home, args));
            default -> {
                System.err.println("usage: stack up [-d] [--fresh] | down | status | dlq [N] | demo-data ... "
                        + "| training-set ... | train ...");
                System.exit(2);
            }
        }
    }

    /** {@code dlq [N]}: the last N (default 20) dead letters per partition of the running stack. */
    private static int deadLetters(Path home, String[] args) {
        String kafka = StackState.read(home).getProperty("url.kafka");
        if (kafka == null) {
            System.out.println("The stack is not running (data folder " + StackPaths.display(home) + "); './stack up -d' starts it.");
            return 3;
        }
        int count = 20;
        if (args.length > 1) {
            try {
                count = Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1) {
                System.err.println("stack dlq: expected a positive number of dead letters to show, got '" + args[1] + "'");
                return 2;
            }
        }
        DeadLetters.print(kafka, count, System.out);
        return 0;
    }

    /** {@code demo-data [options]}: demo events through the running stack's REST Proxy, and their labels. */
    private static int demoData(Path home, String[] args) {
        String restProxy = StackState.read(home).getProperty("url.rest-proxy");
        if (restProxy == null && !List.of(args).contains("--help")) {
            System.err.println("stack demo-data: the stack is not running (no " + StackState.FILE + " in "
                    + StackPaths.display(home) + "); './stack up -d' starts it");
            return 3;
        }
        return DemoDataCommand.run(restProxy, Arrays.copyOfRange(args, 1, args.length), Instant.now(),
                System.out, System.err);
    }

    private static void up(Path repo, Path home, Map<String, String> env, boolean fresh) throws Exception {
        prepareDataFolder(home, fresh, System.out);
        ChildRecords.recordUnder(home);
        StackConfig config = config(repo, home, env, System.out);
        LocalStack stack = new LocalStack(config);
        CountDownLatch stopped = new CountDownLatch(1);
        StartGate gate = new StartGate();
        Thread hook = new Thread(() -> {
            System.out.println(gate.stop() ? "Stopping the stack ..." : "Asked to stop during start-up: abandoning the start ...");
            try {
                stack.close();
            } finally {
                deleteQuietly(home.resolve(StackState.FILE));
                StackPidFile.deleteIfOurs(home);
                stopped.countDown();
            }
        }, "stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        try {
            stack.start();
        } catch (RuntimeException e) {
            if (gate.stopping()) {
                System.out.println(StartGate.ABANDONED);
                stopped.await(); // the hook is stopping what started; the JVM exits after it
                return;
            }
            Runtime.getRuntime().removeShutdownHook(hook); // start() already stopped what it had started
            StackPidFile.deleteIfOurs(home);
            System.err.println("Logs: " + StackPaths.display(home.resolve("logs")));
            System.err.println("The stack did not start: " + e.getMessage());
            System.exit(1);
        }
        if (!gate.started()) {
            System.out.println(StartGate.ABANDONED);
            stopped.await();
            return;
        }
        StackState.write(home, stack);
        printEndpoints(stack, System.out, Progress.since(t0));
        stopped.await();
    }

    /** Stops what an earlier stack left running, then (--fresh) empties the folder that recorded it. */
    static void prepareDataFolder(Path home, boolean fresh, PrintStream out) throws IOException {
        // Leftovers first: their records live in the folder that --fresh deletes.
        ChildRecords.stopLeftovers(home, out);
        deleteQuietly(home.resolve(StackState.FILE));
        if (fresh && Files.exists(home)) {
            out.println("--fresh: deleting " + StackPaths.display(home));
            wipe(home);
        }
        Files.createDirectories(home.resolve("logs"));
    }

    static StackConfig config(Path repo, Path home, Map<String, String> env, PrintStream out) {
        StackConfig.Builder builder = StackConfig.builder(home,
                        repo.resolve("local-stack/target/plugins"), repo.resolve("connect-configs"))
                .postgresPort(port(env, "STACK_POSTGRES_PORT", 5432))
                .kafkaPort(port(env, "STACK_KAFKA_PORT", 9092))
                .connectPort(port(env, "STACK_CONNECT_PORT", 8083))
                .restProxyPort(port(env, "STACK_REST_PROXY_PORT", 8082))
                .scoringPort(port(env, "STACK_SCORING_PORT", 8000))
                .scoringJar(repo.resolve("scoring-service/target/scoring-service.jar"))
                .connectDbPassword(blankToNull(env.get("FEATURE_DB_PASSWORD")))
                .scoringDbPassword(blankToNull(env.get("SCORING_DB_PASSWORD")))
                .workerJvmOptions(Optional.ofNullable(blankToNull(env.get("STACK_WORKER_JVM_OPTIONS")))
                        .map(s -> List.of(s.trim().split("\\s+"))).orElse(List.of()))
                .progress(out);
        String retention = blankToNull(env.get("FEATURE_RETENTION"));
        if (retention != null) {
            builder.featureRetention(FeatureRetention.parse(retention));
        }
        String interval = blankToNull(env.get("STACK_MAINTENANCE_INTERVAL"));
        if (interval != null) {
            builder.maintenanceInterval(FeatureRetention.parse("STACK_MAINTENANCE_INTERVAL", interval).duration());
        }
        String externalHost = blankToNull(env.get("STACK_POSTGRES_HOST"));
        if (externalHost != null) {
            builder.externalPostgres(new StackConfig.ExternalPostgres(externalHost,
                    port(env, "STACK_POSTGRES_PORT", 5432),
                    env.getOrDefault("STACK_POSTGRES_ADMIN_USER", "postgres"),
                    env.getOrDefault("STACK_POSTGRES_ADMIN_PASSWORD", "")));
        }
        return builder.build();
    }

    private static int port(Map<String, String> env, String variable, int defaultPort) {
        String value = blankToNull(env.get(variable));
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + "=" + value + " is not a port number (1-65535)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static void printEndpoints(LocalStack stack, PrintStream out, String elapsed) {
        out.println();
        out.println("Stack is ready in " + elapsed + ". Endpoints:");
        out.println("  PostgreSQL       " + stack.postgresUrl());
        out.println("  Kafka            " + stack.bootstrapServers());
        out.println("  Kafka Connect    " + stack.connectUrl());
        out.println("  REST Proxy       " + stack.restProxyUrl());
        boolean scoring = stack.config().scoringJar().isPresent();
        if (scoring) {
            out.println("  Scoring service  " + stack.scoringUrl() + "  (docs: " + stack.scoringUrl() + "/docs)");
        }
        out.println("  DB roles         " + StackNames.CONNECT_DB_USER + " (" + Secrets.masked(stack.connectDbPassword()) + "), "
                + StackNames.SCORING_DB_USER + " (" + Secrets.masked(stack.scoringDbPassword()) + "): passwords from "
                + "FEATURE_DB_PASSWORD / SCORING_DB_PASSWORD or " + StackPaths.display(stack.config().dataDir().resolve(Secrets.FILE_NAME)));
        out.println("  Logs             " + StackPaths.display(stack.config().dataDir().resolve("logs")));
        out.println();
        out.println("Try:");
        out.println("  curl -s -X POST -H 'Content-Type: application/vnd.kafka.json.v2+json' \\");
        out.println("    --data '" + EXAMPLE_PRODUCE_BODY + "' \\");
        out.println("    " + stack.restProxyUrl() + "/topics/" + StackNames.EVENTS_TOPIC);
        if (scoring) {
            out.println("  curl -s -X POST -H 'Content-Type: application/json' \\");
            out.println("    --data '{\"user_id\":\"user1\",\"features_for_prediction\":[0.5,0.7,0.3]}' " + stack.scoringUrl() + "/predict");
            out.println("  curl -s -X POST -H 'Content-Type: application/json' \\");
            out.println("    --data '{\"user_id\":\"user2\"}' " + stack.scoringUrl() + "/predict");
        }
        out.println();
        out.println("READY");
        out.flush();
    }

    /** Files that {@code ./stack up -d} writes before the JVM starts: --fresh must not delete them under it. */
    static final List<String> LAUNCHER_FILES = List.of(StackPidFile.NAME, "logs/console.log");

    /** Empties the data folder for --fresh, keeping the launcher's own files ({@link #LAUNCHER_FILES}). */
    static void wipe(Path home) throws IOException {
        List<Path> keep = LAUNCHER_FILES.stream().map(home::resolve).toList();
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (p.equals(home) || keep.contains(p) || keep.stream().anyMatch(k -> k.startsWith(p))) {
                    continue;
                }
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
