package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaprediction.stack.connect.ConnectClient;
import io.kafkaprediction.stack.connect.ConnectWorker;
import io.kafkaprediction.stack.connect.FailedTaskRestarter;
import io.kafkaprediction.stack.connect.SinkGroup;
import io.kafkaprediction.stack.connect.WorkerDefaults;

/**
 * The stack's Connect side: the worker JVMs of group {@value StackNames#CONNECT_GROUP}, the sink
 * connector registered from {@code connect-configs/user-features-sink.json}, and the restarter of
 * its failed tasks. {@link #close()} stops the restarter first, so it never "restarts" tasks of
 * workers being stopped.
 */
final class ConnectCluster implements AutoCloseable {
    private final StackConfig config;
    private final Progress progress;
    private final Path logDir;
    private final Duration stepTimeout;
    private final List<ConnectWorker> workers = new ArrayList<>();
    private String bootstrapServers;
    private Map<String, String> environment;
    private volatile FailedTaskRestarter restarter;

    ConnectCluster(StackConfig config, Progress progress, Path logDir, Duration stepTimeout) {
        this.config = config;
        this.progress = progress;
        this.logDir = logDir;
        this.stepTimeout = stepTimeout;
    }

    /** Where the workers find Kafka and what environment (the sink's database settings) they get. */
    synchronized void connectTo(String bootstrapServers, Map<String, String> environment) {
        this.bootstrapServers = bootstrapServers;
        this.environment = Map.copyOf(environment);
    }

    /** Launches a worker JVM without waiting for it; {@link #awaitWorker} waits. */
    synchronized ConnectWorker launchWorker(String name, int restPort, List<String> extraJvmOptions) {
        progress.line("Kafka Connect", "starting worker " + name + " (own JVM, distributed mode)");
        List<String> jvmOptions = new ArrayList<>(config.workerJvmOptions());
        jvmOptions.addAll(extraJvmOptions);
        Map<String, String> properties = WorkerDefaults.apply(config.workerProperties(), bootstrapServers,
                StackNames.CONNECT_GROUP, Ports.HOST, restPort, config.pluginPath());
        ConnectWorker worker = new ConnectWorker(name, restPort, properties, environment,
                jvmOptions, config.dataDir().resolve("connect"), logDir.resolve(name + ".log"));
        workers.add(worker);
        worker.launch();
        return worker;
    }

    void awaitWorker(ConnectWorker worker, long launchedNanos) {
        progress.line("Kafka Connect", "waiting for worker " + worker.name() + " to join group " + StackNames.CONNECT_GROUP);
        worker.awaitReady(stepTimeout);
        progress.line("Kafka Connect", "worker " + worker.name() + " ready on " + worker.url() + " (" + Progress.since(launchedNanos) + ")");
    }

    /** The first live worker. */
    synchronized ConnectWorker worker() {
        return workers.stream().filter(ConnectWorker::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Kafka Connect worker is running: call start() first"));
    }

    synchronized List<ConnectWorker> workers() {
        return List.copyOf(workers);
    }

    ConnectClient client() {
        return new ConnectClient(worker().url());
    }

    /** Creates or updates the connector from its file with {@code overrides} on top, then waits until it runs. */
    /** The validation transform's retention option in user-features-sink.json. */
    static final String RETENTION_OPTION = "transforms.validate.retention";

    void registerConnector(Map<String, String> overrides) {
        long t0 = System.nanoTime();
        Map<String, String> connectorConfig = new LinkedHashMap<>(connectorConfigFromFile());
        // FEATURE_RETENTION: events older than the partitions kept go to the dead-letter queue, not into a dropped week.
        config.featureRetention().ifPresent(r -> connectorConfig.put(RETENTION_OPTION, r.text()));
        connectorConfig.putAll(overrides);
        progress.line("Connector", "registering " + StackNames.CONNECTOR);
        ConnectClient client = client();
        client.putConnectorConfig(StackNames.CONNECTOR, connectorConfig);
        awaitConnectorRunning();
        awaitSinkGroupSettled(client);
        progress.line("Connector", StackNames.CONNECTOR + " and its tasks RUNNING (" + Progress.since(t0) + ")");
        startRestarter();
    }

    // The Debezium sink does not retry a failed PostgreSQL flush: its task goes FAILED and stays so (RELIABILITY.md).
    private synchronized void startRestarter() {
        if (config.restartFailedTasks() && restarter == null) {
            restarter = new FailedTaskRestarter(this::client, StackNames.CONNECTOR, Duration.ofSeconds(1)).start();
            progress.line("Connector", "failed tasks of " + StackNames.CONNECTOR + " are restarted automatically");
        }
    }

    int failedTaskRestarts() {
        FailedTaskRestarter current = restarter;
        return current == null ? 0 : current.restarts();
    }

    /** RUNNING tasks fetch nothing while their group still waits for a killed worker's members (READY = events flow). */
    private void awaitSinkGroupSettled(ConnectClient client) {
        try (SinkGroup group = new SinkGroup(bootstrapServers, StackNames.CONNECTOR)) {
            // Tasks are counted on every probe: a new connector's status can list them one by one.
            Waits.until("consumer group of " + StackNames.CONNECTOR, stepTimeout,
                    () -> group.notSettledReason(client.status(StackNames.CONNECTOR).ok().path("tasks").size()));
        }
    }

    void awaitConnectorRunning() {
        ConnectClient client = client();
        Waits.until("connector " + StackNames.CONNECTOR, stepTimeout, () -> client.notRunningReason(StackNames.CONNECTOR));
    }

    /** The connector's {@code config} object from {@code connect-configs/user-features-sink.json}. */
    private Map<String, String> connectorConfigFromFile() {
        Path file = config.connectConfigs().resolve("user-features-sink.json");
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            return new ObjectMapper().convertValue(root.get("config"), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector config " + file, e);
        }
    }

    /** First thing at shutdown, so that it does not "restart" tasks of workers being stopped. */
    synchronized void stopRestarter() {
        FailedTaskRestarter current = restarter;
        restarter = null;
        if (current != null) {
            current.close();
        }
    }

    /** Stops the restarter, then every worker; throws the first failure with the others suppressed. */
    @Override
    public synchronized void close() {
        StopSteps steps = new StopSteps();
        steps.run(this::stopRestarter);
        workers.forEach(worker -> steps.run(worker::close));
        workers.clear();
        steps.throwFirstFailure();
    }
}
