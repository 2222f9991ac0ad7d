package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;

import io.kafkaprediction.stack.connect.ConnectClient;
import io.kafkaprediction.stack.connect.ConnectWorker;
import io.kafkaprediction.stack.kafka.KafkaBroker;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.stack.restproxy.RestProxyProcess;
import io.kafkaprediction.stack.scoring.ScoringService;

/**
 * The whole pipeline on one machine: PostgreSQL → Kafka (KRaft) → topics → Kafka Connect
 * (distributed, own JVM) → REST Proxy API (own JVM) → scoring service (own JVM) → connector registration.
 * {@link #close()} stops them in reverse, Connect before Kafka before PostgreSQL, explicitly:
 * relying on shutdown hooks races Kafka's and Jetty's own.
 *
 * <p>For fault tests each component can be reached and stopped ({@link #kafka()}, {@link #postgres()},
 * {@link #worker()}, {@link #scoring()}), a second Connect worker can join the group
 * ({@link #startWorker}), and the database traffic of Connect and of the scoring service can be cut
 * ({@link StackConfig#databaseLinks()}). The parts: {@link StackDatabase}, {@link ConnectCluster},
 * the child JVMs ({@link ChildJvm}) with their environments from {@link ChildEnvironments}.
 */
public final class LocalStack implements AutoCloseable {
    /** Key of the embedded PostgreSQL's superuser password in the data folder's {@code secrets.properties}. */
    public static final String POSTGRES_PASSWORD_SECRET = "postgres_superuser_password";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final StackConfig config;
    private final Progress progress;
    private final Path logDir;
    private StackDatabase database;
    private KafkaBroker kafka;
    private final ConnectCluster connect;
    private RestProxyProcess restProxy;
    private ScoringService scoring;
    private boolean started;

    public LocalStack(StackConfig config) {
        this.config = config;
        this.progress = new Progress(config.progress());
        this.logDir = config.dataDir().resolve("logs");
        this.connect = new ConnectCluster(config, progress, logDir, STEP_TIMEOUT);
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
            database = new StackDatabase(config, progress, logDir);
            Ports.requireFixedPortsFree(config);
            database.start();
            // The JVMs boot while the broker formats and starts: the start-up is mostly waiting.
            launchScoring();
            kafka = config.brokerOwnJvm()
                    ? KafkaBroker.ownJvm(config.dataDir().resolve("kafka"), Ports.resolve(config.kafkaPort()), logDir.resolve("kafka.log"))
                    : new KafkaBroker(config.dataDir().resolve("kafka"), Ports.resolve(config.kafkaPort()), Map.of());
            // The worker JVM boots and loads its plugins while the broker starts; it waits for Kafka itself.
            long workerLaunched = System.nanoTime();
            connect.connectTo(kafka.bootstrapServers(), database.connectEnvironment());
            ConnectWorker first = connect.launchWorker("connect", Ports.resolve(config.connectPort()), List.of());
            long restProxyLaunched = launchRestProxy();
            startKafka();
            awaitRestProxy(restProxyLaunched);
            connect.awaitWorker(first, workerLaunched);
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

    private void startKafka() {
        long t0 = System.nanoTime();
        progress.line("Kafka", "starting KRaft broker+controller");
        kafka.start(STEP_TIMEOUT);
        kafka.createTopics(List.of(
                new NewTopic(StackNames.EVENTS_TOPIC, StackNames.EVENTS_PARTITIONS, (short) 1),
                new NewTopic(StackNames.DLQ_TOPIC, 1, (short) 1)));
        progress.line("Kafka", "ready on " + kafka.bootstrapServers() + ", topics " + StackNames.EVENTS_TOPIC + " ("
                + StackNames.EVENTS_PARTITIONS + " partitions), " + StackNames.DLQ_TOPIC + " (" + Progress.since(t0) + ")");
    }

    /**
     * Starts another Connect worker in the same group (for scale-out and fault tests); it takes a
     * share of the tasks after the group's rebalance.
     */
    public ConnectWorker startWorker(String name, List<String> extraJvmOptions) {
        long t0 = System.nanoTime();
        ConnectWorker worker = connect.launchWorker(name, Ports.free(), extraJvmOptions);
        connect.awaitWorker(worker, t0);
        return worker;
    }

    /** Its own JVM, so no client can exhaust the broker's heap; it boots while the broker starts. */
    private long launchRestProxy() {
        long t0 = System.nanoTime();
        progress.line("REST Proxy", "starting (own JVM, -Xmx" + RestProxyProcess.HEAP + ")");
        restProxy = new RestProxyProcess(Ports.resolve(config.restProxyPort()), kafka.bootstrapServers(),
                logDir.resolve("rest-proxy.log"));
        restProxy.launch();
        return t0;
    }

    private void awaitRestProxy(long launched) {
        restProxy.awaitReady(STEP_TIMEOUT);
        progress.line("REST Proxy", "ready on " + restProxy.url() + " (" + Progress.since(launched) + ")");
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
            progress.line("Scoring", "training the demo model into " + StackPaths.display(model));
        }
        ScoringService.ensureDemoModel(jar, model, log);
        progress.line("Scoring", "starting (own JVM, " + jar.getFileName() + ")");
        scoring = new ScoringService(jar, Ports.resolve(config.scoringPort()), database.scoringEnvironment(model), log);
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

    /**
     * Creates or updates {@value StackNames#CONNECTOR} from {@code user-features-sink.json} with {@code overrides}
     * on top ({@code PUT /connectors/.../config}: running it twice changes nothing), then waits until
     * the connector and all its tasks run.
     */
    public void registerConnector(Map<String, String> overrides) {
        connect.registerConnector(overrides);
    }

    /** How many failed-task restarts the stack has requested (0 with {@code restartFailedTasks} off). */
    public int failedTaskRestarts() {
        return connect.failedTaskRestarts();
    }

    /** Waits until {@value StackNames#CONNECTOR} and all its tasks are RUNNING. */
    public void awaitConnectorRunning() {
        connect.awaitConnectorRunning();
    }

    // ---- accessors: bound addresses, valid after start() ----

    public String jdbcUrl() {
        return postgres().jdbcUrl(PostgresServer.DATABASE);
    }

    public String postgresUrl() {
        return postgres().displayUrl();
    }

    public PostgresServer postgres() {
        return requireStarted(database == null ? null : database.server(), "PostgreSQL");
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
        return connect.client();
    }

    /** The first live worker. */
    public ConnectWorker worker() {
        return connect.worker();
    }

    public List<ConnectWorker> workers() {
        return connect.workers();
    }

    public String restProxyUrl() {
        return restProxy().url();
    }

    /** The REST Proxy API's JVM (fault tests kill it, memory figures read its pid). */
    public RestProxyProcess restProxy() {
        return requireStarted(restProxy, "REST Proxy");
    }

    public String scoringUrl() {
        return scoring().url();
    }

    public ScoringService scoring() {
        return requireStarted(scoring, "Scoring service (needs StackConfig.scoringJar)");
    }

    /** Connect's database traffic, cuttable (needs {@link StackConfig#databaseLinks()}). */
    public TcpProxy connectDatabaseLink() {
        return requireStarted(database == null ? null : database.connectLink(), "Connect database link (needs StackConfig.databaseLinks(true))");
    }

    /** The scoring service's database traffic, cuttable (needs {@link StackConfig#databaseLinks()}). */
    public TcpProxy scoringDatabaseLink() {
        return requireStarted(database == null ? null : database.scoringLink(), "Scoring database link (needs StackConfig.databaseLinks(true))");
    }

    /**
     * The stack's feature-store maintenance (partitions ahead, expired ones dropped): it runs at start
     * and every {@link StackConfig#maintenanceInterval()}; {@code runOnce()} runs it now.
     */
    public io.kafkaprediction.stack.postgres.FeatureStoreMaintenance maintenance() {
        return requireStarted(database == null ? null : database.maintenance(), "PostgreSQL");
    }

    /** The sink role's password (generated into the data folder unless configured). */
    public String connectDbPassword() {
        return requireStarted(database, "PostgreSQL").connectPassword();
    }

    /** The scoring role's password (generated into the data folder unless configured). */
    public String scoringDbPassword() {
        return requireStarted(database, "PostgreSQL").scoringPassword();
    }

    /** Process ids of the JVMs and servers this stack runs (for status and memory figures). */
    public synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("stack", ProcessHandle.current().pid());
        for (ConnectWorker worker : connect.workers()) {
            if (worker.isAlive()) {
                pids.put(worker.name(), worker.pid());
            }
        }
        if (restProxy != null && restProxy.isAlive()) {
            pids.put("rest-proxy", restProxy.pid());
        }
        if (scoring != null && scoring.isAlive()) {
            pids.put("scoring-service", scoring.pid());
        }
        if (kafka != null && config.brokerOwnJvm() && kafka.isRunning()) {
            pids.put("kafka", kafka.pid());
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
        StopSteps steps = new StopSteps();
        steps.run(connect::stopRestarter);
        // The scoring service depends on nothing but PostgreSQL: it stops alongside Connect and Kafka.
        ScoringService stoppingScoring = scoring;
        Thread scoringStop = new Thread(() -> { if (stoppingScoring != null) stoppingScoring.close(); }, "stop-scoring");
        scoringStop.start();
        steps.run(() -> { if (restProxy != null) restProxy.close(); });
        steps.run(connect::close);
        steps.run(() -> { if (kafka != null) kafka.close(); });
        steps.run(() -> { if (database != null) database.closeLinks(); });
        try {
            scoringStop.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        steps.run(() -> { if (database != null) database.closeServer(); });
        scoring = null;
        restProxy = null;
        kafka = null;
        database = null;
        started = false;
        progress.line("stack", "stopped (" + Progress.since(t0) + ")");
        steps.throwFirstFailure();
    }
}
