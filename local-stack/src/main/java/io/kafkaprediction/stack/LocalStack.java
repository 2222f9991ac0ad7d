package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaprediction.stack.connect.ConnectClient;
import io.kafkaprediction.stack.connect.ConnectWorker;
import io.kafkaprediction.stack.connect.FailedTaskRestarter;
import io.kafkaprediction.stack.connect.SinkGroup;
import io.kafkaprediction.stack.connect.WorkerDefaults;
import io.kafkaprediction.stack.kafka.KafkaBroker;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.stack.postgres.StalePostgres;
import io.kafkaprediction.stack.restproxy.RestProxyServer;
import io.kafkaprediction.stack.scoring.ScoringService;

/**
 * The whole pipeline on one machine: PostgreSQL → Kafka (KRaft) → topics → Kafka Connect
 * (distributed, own JVM) → REST Proxy API → scoring service (own JVM) → connector registration.
 * {@link #close()} stops them in reverse, Connect before Kafka before PostgreSQL, explicitly:
 * relying on shutdown hooks races Kafka's and Jetty's own.
 *
 * <p>For fault tests every component can be stopped and started again, a second Connect worker
 * can join the group ({@link #startWorker}), and the database traffic of Connect and of the
 * scoring service can be cut ({@link StackConfig#databaseLinks()}).
 */
public final class LocalStack implements AutoCloseable {
    public static final String EVENTS_TOPIC = "raw_data_events";
    public static final String DLQ_TOPIC = "raw_data_events_dlq";
    public static final int EVENTS_PARTITIONS = 2;
    public static final String CONNECTOR = "user-features-sink";
    public static final String CONNECT_GROUP = "kafkaprediction-connect";
    public static final String CONNECT_DB_USER = "connect_writer";
    public static final String SCORING_DB_USER = "scoring_reader";
    /** Key of the embedded PostgreSQL's superuser password in the data folder's {@code secrets.properties}. */
    public static final String POSTGRES_PASSWORD_SECRET = "postgres_superuser_password";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final StackConfig config;
    private final Progress progress;
    private final Path logDir;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private final List<ConnectWorker> workers = new ArrayList<>();
    private RestProxyServer restProxy;
    private ScoringService scoring;
    private TcpProxy connectLink;
    private TcpProxy scoringLink;
    private String connectPassword;
    private String scoringPassword;
    private volatile FailedTaskRestarter restarter;
    private boolean started;

    public LocalStack(StackConfig config) {
        this.config = config;
        this.progress = new Progress(config.progress());
        this.logDir = config.dataDir().resolve("logs");
    }

    public StackConfig config() {
        return config;
    }

    /** Starts every component in order; on failure stops what started and rethrows. */
    public synchronized LocalStack start() {
        if (started) {
            return this;
        }
        try {
            Files.createDirectories(logDir);
            Secrets secrets = new Secrets(config.dataDir());
            connectPassword = config.connectDbPassword().orElseGet(() -> secrets.get("connect_db_password"));
            scoringPassword = config.scoringDbPassword().orElseGet(() -> secrets.get("scoring_db_password"));
            requireFixedPortsFree();
            startPostgres();
            // The JVMs boot while the broker formats and starts: the start-up is mostly waiting.
            launchScoring();
            kafka = new KafkaBroker(config.dataDir().resolve("kafka"), Ports.resolve(config.kafkaPort()), Map.of());
            // The worker JVM boots and loads its plugins while the broker starts; it waits for Kafka itself.
            long workerLaunched = System.nanoTime();
            ConnectWorker first = launchWorker("connect", Ports.resolve(config.connectPort()), List.of());
            startKafka();
            startRestProxy();
            awaitWorker(first, workerLaunched);
            if (config.registerConnector()) {
                registerConnector(Map.of());
            }
            awaitScoring();
            started = true;
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            progress.line("stack", "start-up failed: " + e.getMessage());
            close();
            throw e;
        }
    }

    private void startPostgres() {
        long t0 = System.nanoTime();
        if (config.externalPostgres().isPresent()) {
            StackConfig.ExternalPostgres ext = config.externalPostgres().get();
            postgres = PostgresServer.external(new PostgresServer.External(ext.host(), ext.port(), ext.adminUser(), ext.adminPassword()));
            progress.line("PostgreSQL", "using external server " + postgres.displayUrl());
        } else {
            Path pgData = config.dataDir().resolve("postgres");
            StalePostgres.stopIfRunning(pgData).ifPresent(pid ->
                    progress.line("PostgreSQL", "stopped a stale server (pid " + pid + ") left by an earlier run"));
            Ports.requireFree(config.postgresPort(), "PostgreSQL", "STACK_POSTGRES_PORT");
            progress.line("PostgreSQL", "starting (data " + pgData + ")");
            postgres = PostgresServer.embedded(pgData, logDir.resolve("postgres.log"), Ports.resolve(config.postgresPort()),
                    new Secrets(config.dataDir()).get(POSTGRES_PASSWORD_SECRET));
            postgres.start();
        }
        postgres.prepareDatabase(config.connectConfigs().resolve("schema.sql"), connectPassword, scoringPassword);
        if (config.databaseLinks()) {
            connectLink = new TcpProxy("connect-db", postgres.host(), postgres.port());
            scoringLink = new TcpProxy("scoring-db", postgres.host(), postgres.port());
        }
        progress.line("PostgreSQL", "ready on " + postgres.displayUrl() + ", schema applied (" + Progress.since(t0) + ")");
    }

    private void requireFixedPortsFree() {
        Ports.requireFree(config.kafkaPort(), "Kafka", "STACK_KAFKA_PORT");
        Ports.requireFree(config.connectPort(), "Kafka Connect", "STACK_CONNECT_PORT");
        Ports.requireFree(config.restProxyPort(), "REST Proxy", "STACK_REST_PROXY_PORT");
        if (config.scoringJar().isPresent()) {
            Ports.requireFree(config.scoringPort(), "Scoring service", "STACK_SCORING_PORT");
        }
    }

    private void startKafka() {
        long t0 = System.nanoTime();
        progress.line("Kafka", "starting KRaft broker+controller");
        kafka.start(STEP_TIMEOUT);
        kafka.createTopics(List.of(
                new NewTopic(EVENTS_TOPIC, EVENTS_PARTITIONS, (short) 1),
                new NewTopic(DLQ_TOPIC, 1, (short) 1)));
        progress.line("Kafka", "ready on " + kafka.bootstrapServers() + ", topics " + EVENTS_TOPIC + " ("
                + EVENTS_PARTITIONS + " partitions), " + DLQ_TOPIC + " (" + Progress.since(t0) + ")");
    }

    /**
     * Starts another Connect worker in the same group (for scale-out and fault tests); it takes a
     * share of the tasks after the group's rebalance.
     */
    public synchronized ConnectWorker startWorker(String name, List<String> extraJvmOptions) {
        return startWorker(name, Ports.free(), extraJvmOptions);
    }

    private ConnectWorker startWorker(String name, int restPort, List<String> extraJvmOptions) {
        long t0 = System.nanoTime();
        ConnectWorker worker = launchWorker(name, restPort, extraJvmOptions);
        awaitWorker(worker, t0);
        return worker;
    }

    private ConnectWorker launchWorker(String name, int restPort, List<String> extraJvmOptions) {
        progress.line("Kafka Connect", "starting worker " + name + " (own JVM, distributed mode)");
        List<String> jvmOptions = new ArrayList<>(config.workerJvmOptions());
        jvmOptions.addAll(extraJvmOptions);
        ConnectWorker worker = new ConnectWorker(name, restPort, workerProperties(restPort), connectorEnvironment(),
                jvmOptions, config.dataDir().resolve("connect"), logDir.resolve(name + ".log"));
        workers.add(worker);
        worker.launch();
        return worker;
    }

    private void awaitWorker(ConnectWorker worker, long t0) {
        progress.line("Kafka Connect", "waiting for worker " + worker.name() + " to join group " + CONNECT_GROUP);
        worker.awaitReady(STEP_TIMEOUT);
        progress.line("Kafka Connect", "worker " + worker.name() + " ready on " + worker.url() + " (" + Progress.since(t0) + ")");
    }

    private Map<String, String> workerProperties(int restPort) {
        return WorkerDefaults.apply(config.workerProperties(), kafka.bootstrapServers(), CONNECT_GROUP,
                Ports.HOST, restPort, config.pluginPath());
    }

    private Map<String, String> connectorEnvironment() {
        int port = connectLink != null ? connectLink.port() : postgres.port();
        Map<String, String> env = new HashMap<>();
        env.put("CONNECT_DB_URL", "jdbc:postgresql://" + postgres.host() + ":" + port + "/" + PostgresServer.DATABASE);
        env.put("CONNECT_DB_USER", CONNECT_DB_USER);
        env.put("CONNECT_DB_PASSWORD", connectPassword);
        return env;
    }

    private void startRestProxy() {
        long t0 = System.nanoTime();
        progress.line("REST Proxy", "starting");
        restProxy = RestProxyServer.start(Ports.HOST, config.restProxyPort(), kafka.bootstrapServers());
        progress.line("REST Proxy", "ready on " + restProxy.url() + " (" + Progress.since(t0) + ")");
    }

    private long scoringStartNanos;

    private void launchScoring() {
        if (config.scoringJar().isEmpty()) {
            progress.line("Scoring", "skipped (no scoring service jar configured)");
            return;
        }
        scoringStartNanos = System.nanoTime();
        Path jar = config.scoringJar().get();
        Path model = config.dataDir().resolve("model").resolve("model.json");
        Path log = logDir.resolve("scoring-service.log");
        if (!Files.exists(model)) {
            progress.line("Scoring", "training the demo model into " + model);
            ScoringService.ensureDemoModel(jar, model, log);
        }
        progress.line("Scoring", "starting (own JVM, " + jar.getFileName() + ")");
        int dbPort = scoringLink != null ? scoringLink.port() : postgres.port();
        Map<String, String> env = new HashMap<>();
        env.put("MODEL_PATH", model.toString());
        env.put("DATABASE_URL", "jdbc:postgresql://" + postgres.host() + ":" + dbPort + "/" + PostgresServer.DATABASE);
        env.put("DATABASE_USER", SCORING_DB_USER);
        env.put("DATABASE_PASSWORD", scoringPassword);
        env.put("DATABASE_POOL_SIZE", "4");
        scoring = new ScoringService(jar, Ports.resolve(config.scoringPort()), env, log);
        scoring.launch();
    }

    private void awaitScoring() {
        if (scoring == null) {
            return;
        }
        progress.line("Scoring", "waiting for " + scoring.url() + ScoringService.READINESS_PATH);
        scoring.awaitReady(STEP_TIMEOUT);
        progress.line("Scoring", "ready on " + scoring.url() + " (" + Progress.since(scoringStartNanos) + ")");
    }

    /** Stops the scoring service (fault tests); {@link #startScoringService()} brings it back on the same port. */
    public synchronized void stopScoringService() {
        scoring().stop(Duration.ofSeconds(10));
    }

    public synchronized void startScoringService() {
        scoring().start(STEP_TIMEOUT);
    }

    /**
     * Creates or updates {@value #CONNECTOR} from {@code user-features-sink.json} with {@code overrides}
     * on top ({@code PUT /connectors/.../config}: running it twice changes nothing), then waits until
     * the connector and all its tasks run.
     */
    public synchronized void registerConnector(Map<String, String> overrides) {
        long t0 = System.nanoTime();
        Map<String, String> connectorConfig = new LinkedHashMap<>(connectorConfigFromFile());
        connectorConfig.putAll(overrides);
        progress.line("Connector", "registering " + CONNECTOR);
        ConnectClient client = connectClient();
        client.putConnectorConfig(CONNECTOR, connectorConfig);
        awaitConnectorRunning();
        awaitSinkGroupSettled(client);
        progress.line("Connector", CONNECTOR + " and its tasks RUNNING (" + Progress.since(t0) + ")");
        startRestarter();
    }

    // The Debezium sink does not retry a failed PostgreSQL flush: its task goes FAILED and stays so (RELIABILITY.md).
    private void startRestarter() {
        if (config.restartFailedTasks() && restarter == null) {
            restarter = new FailedTaskRestarter(this::connectClient, CONNECTOR, Duration.ofSeconds(1)).start();
            progress.line("Connector", "failed tasks of " + CONNECTOR + " are restarted automatically");
        }
    }

    /** How many failed-task restarts the stack has requested (0 with {@code restartFailedTasks} off). */
    public int failedTaskRestarts() {
        FailedTaskRestarter current = restarter;
        return current == null ? 0 : current.restarts();
    }

    /** RUNNING tasks fetch nothing while their group still waits for a killed worker's members (READY = events flow). */
    private void awaitSinkGroupSettled(ConnectClient client) {
        try (SinkGroup group = new SinkGroup(bootstrapServers(), CONNECTOR)) {
            // Tasks are counted on every probe: a new connector's status can list them one by one.
            Waits.until("consumer group of " + CONNECTOR, STEP_TIMEOUT,
                    () -> group.notSettledReason(client.status(CONNECTOR).ok().path("tasks").size()));
        }
    }

    /** Waits until {@value #CONNECTOR} and all its tasks are RUNNING. */
    public void awaitConnectorRunning() {
        ConnectClient client = connectClient();
        Waits.until("connector " + CONNECTOR, STEP_TIMEOUT, () -> client.notRunningReason(CONNECTOR));
    }

    /** The connector's {@code config} object from {@code connect-configs/user-features-sink.json}. */
    public Map<String, String> connectorConfigFromFile() {
        Path file = config.connectConfigs().resolve("user-features-sink.json");
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            return new ObjectMapper().convertValue(root.get("config"), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector config " + file, e);
        }
    }

    // ---- accessors: bound addresses, valid after start() ----

    public String jdbcUrl() {
        return requireStarted(postgres, "PostgreSQL").jdbcUrl(PostgresServer.DATABASE);
    }

    public String postgresUrl() {
        return requireStarted(postgres, "PostgreSQL").displayUrl();
    }

    public PostgresServer postgres() {
        return requireStarted(postgres, "PostgreSQL");
    }

    public String bootstrapServers() {
        return requireStarted(kafka, "Kafka").bootstrapServers();
    }

    public KafkaBroker kafka() {
        return requireStarted(kafka, "Kafka");
    }

    public String connectUrl() {
        return worker().url();
    }

    public ConnectClient connectClient() {
        return new ConnectClient(connectUrl());
    }

    /** The first live worker. */
    public synchronized ConnectWorker worker() {
        return workers.stream().filter(ConnectWorker::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Kafka Connect worker is running: call start() first"));
    }

    public synchronized List<ConnectWorker> workers() {
        return List.copyOf(workers);
    }

    public String restProxyUrl() {
        return requireStarted(restProxy, "REST Proxy").url();
    }

    public String scoringUrl() {
        return scoring().url();
    }

    public ScoringService scoring() {
        return requireStarted(scoring, "Scoring service (needs StackConfig.scoringJar)");
    }

    /** Connect's database traffic, cuttable (needs {@link StackConfig#databaseLinks()}). */
    public TcpProxy connectDatabaseLink() {
        return requireStarted(connectLink, "Connect database link (needs StackConfig.databaseLinks(true))");
    }

    /** The scoring service's database traffic, cuttable (needs {@link StackConfig#databaseLinks()}). */
    public TcpProxy scoringDatabaseLink() {
        return requireStarted(scoringLink, "Scoring database link (needs StackConfig.databaseLinks(true))");
    }

    public String connectPasswordForTests() {
        return connectPassword;
    }

    public String scoringPasswordForTests() {
        return scoringPassword;
    }

    /** Process ids of the JVMs and servers this stack runs (for status and memory figures). */
    public synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("stack", ProcessHandle.current().pid());
        for (ConnectWorker worker : workers) {
            if (worker.isAlive()) {
                pids.put(worker.name(), worker.pid());
            }
        }
        if (scoring != null && scoring.isAlive()) {
            pids.put("scoring-service", scoring.pid());
        }
        return pids;
    }

    private static <T> T requireStarted(T component, String name) {
        if (component == null) {
            throw new IllegalStateException(name + " is not running: call LocalStack.start() first");
        }
        return component;
    }

    /** Stops in reverse order: scoring, REST Proxy, Connect workers, Kafka, PostgreSQL. */
    @Override
    public synchronized void close() {
        long t0 = System.nanoTime();
        List<RuntimeException> failures = new ArrayList<>();
        // First, so that it does not "restart" tasks of workers being stopped.
        run(failures, () -> { if (restarter != null) restarter.close(); });
        restarter = null;
        // The scoring service depends on nothing but PostgreSQL: it stops alongside Connect and Kafka.
        ScoringService stoppingScoring = scoring;
        Thread scoringStop = new Thread(() -> { if (stoppingScoring != null) stoppingScoring.close(); }, "stop-scoring");
        scoringStop.start();
        run(failures, () -> { if (restProxy != null) restProxy.close(); });
        for (ConnectWorker worker : workers) {
            run(failures, worker::close);
        }
        run(failures, () -> { if (kafka != null) kafka.close(); });
        run(failures, () -> { if (connectLink != null) connectLink.close(); });
        run(failures, () -> { if (scoringLink != null) scoringLink.close(); });
        try {
            scoringStop.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run(failures, () -> { if (postgres != null) postgres.close(); });
        workers.clear();
        scoring = null;
        restProxy = null;
        kafka = null;
        postgres = null;
        started = false;
        progress.line("stack", "stopped (" + Progress.since(t0) + ")");
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void run(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
