package io.kafkaprediction.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link LocalStack} runs and where. A port of 0 means "any free port"; the bound port is
 * read back from the stack's accessors after {@code start()}.
 *
 * @param dataDir           data folder: PostgreSQL and Kafka data, logs, generated secrets, the model
 * @param postgresPort      embedded PostgreSQL port (ignored with {@code externalPostgres})
 * @param externalPostgres  use this server instead of the embedded one
 * @param kafkaPort         broker listener
 * @param connectPort       Connect REST API of the first worker
 * @param restProxyPort     REST Proxy API
 * @param scoringPort       scoring service
 * @param pluginPath        Connect {@code plugin.path}: the Debezium JDBC sink and our SMT plugin
 * @param connectConfigs    folder with {@code schema.sql} and {@code user-features-sink.json}
 * @param scoringJar        scoring service fat jar; empty: the stack runs without it
 * @param connectDbPassword password of {@code connect_writer}; empty: generated once, kept in the data folder
 * @param scoringDbPassword password of {@code scoring_reader}; empty: likewise
 * @param workerJvmOptions  extra JVM options of every Connect worker (e.g. {@code -Duser.timezone=...})
 * @param workerProperties  overrides of the worker's properties, applied over the single-node defaults
 * @param registerConnector register {@code user-features-sink} at start and wait until it runs
 * @param restartFailedTasks restart the connector's failed tasks automatically (with a registered
 *                          connector): the Debezium sink does not retry a failed database flush
 * @param databaseLinks     route Connect's and the scoring service's database traffic through
 *                          proxies that tests can cut ({@link LocalStack#connectDatabaseLink()})
 * @param brokerOwnJvm      run the Kafka broker in its own JVM, so that a test can SIGKILL it
 *                          ({@code KafkaBroker#kill()}); default: in the stack's JVM
 * @param featureRetention  how long feature rows are kept ({@code FEATURE_RETENTION}, e.g. {@code 90d}); empty keeps
 *                          everything. The validation transform dead-letters older events, and the maintenance drops
 *                          partitions past it
 * @param maintenanceInterval how often the stack runs {@code feature_store_maintain()} (creating partitions ahead,
 *                          dropping expired ones); also once at start
 * @param progress          where start-up progress lines go
 */
public record StackConfig(
        Path dataDir,
        int postgresPort,
        Optional<ExternalPostgres> externalPostgres,
        int kafkaPort,
        int connectPort,
        int restProxyPort,
        int scoringPort,
        Path pluginPath,
        Path connectConfigs,
        Optional<Path> scoringJar,
        Optional<String> connectDbPassword,
        Optional<String> scoringDbPassword,
        List<String> workerJvmOptions,
        Map<String, String> workerProperties,
        boolean registerConnector,
        boolean restartFailedTasks,
        boolean databaseLinks,
        boolean brokerOwnJvm,
        Optional<FeatureRetention> featureRetention,
        Duration maintenanceInterval,
        PrintStream progress) {

    /** An existing PostgreSQL server; {@code adminUser} may create the database and the roles. */
    public record ExternalPostgres(String host, int port, String adminUser, String adminPassword) {
        public ExternalPostgres {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(adminUser, "adminUser");
        }
    }

    public StackConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(pluginPath, "pluginPath");
        Objects.requireNonNull(connectConfigs, "connectConfigs");
        externalPostgres = Objects.requireNonNullElse(externalPostgres, Optional.empty());
        scoringJar = Objects.requireNonNullElse(scoringJar, Optional.empty());
        connectDbPassword = Objects.requireNonNullElse(connectDbPassword, Optional.empty());
        scoringDbPassword = Objects.requireNonNullElse(scoringDbPassword, Optional.empty());
        workerJvmOptions = List.copyOf(workerJvmOptions);
        workerProperties = Map.copyOf(workerProperties);
        featureRetention = Objects.requireNonNullElse(featureRetention, Optional.empty());
        if (maintenanceInterval == null || maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
            throw new IllegalArgumentException("maintenanceInterval must be positive, got " + maintenanceInterval);
        }
        Objects.requireNonNull(progress, "progress");
        for (int port : new int[] {postgresPort, kafkaPort, connectPort, restProxyPort, scoringPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range 0-65535 (0 = any free port)");
            }
        }
    }

    public static Builder builder(Path dataDir, Path pluginPath, Path connectConfigs) {
        return new Builder(dataDir, pluginPath, connectConfigs);
    }

    public Builder toBuilder() {
        Builder b = new Builder(dataDir, pluginPath, connectConfigs);
        b.postgresPort = postgresPort;
        b.externalPostgres = externalPostgres;
        b.kafkaPort = kafkaPort;
        b.connectPort = connectPort;
        b.restProxyPort = restProxyPort;
        b.scoringPort = scoringPort;
        b.scoringJar = scoringJar;
        b.connectDbPassword = connectDbPassword;
        b.scoringDbPassword = scoringDbPassword;
        b.workerJvmOptions = workerJvmOptions;
        b.workerProperties = workerProperties;
        b.registerConnector = registerConnector;
        b.restartFailedTasks = restartFailedTasks;
        b.databaseLinks = databaseLinks;
        b.brokerOwnJvm = brokerOwnJvm;
        b.featureRetention = featureRetention;
        b.maintenanceInterval = maintenanceInterval;
        b.progress = progress;
        return b;
    }

    /** Defaults for tests: every port free, no scoring service, the connector registered. */
    public static final class Builder {
        private final Path dataDir;
        private final Path pluginPath;
        private final Path connectConfigs;
        private int postgresPort;
        private Optional<ExternalPostgres> externalPostgres = Optional.empty();
        private int kafkaPort;
        private int connectPort;
        private int restProxyPort;
        private int scoringPort;
        private Optional<Path> scoringJar = Optional.empty();
        private Optional<String> connectDbPassword = Optional.empty();
        private Optional<String> scoringDbPassword = Optional.empty();
        private List<String> workerJvmOptions = List.of();
        private Map<String, String> workerProperties = Map.of();
        private boolean registerConnector = true;
        private boolean restartFailedTasks = true;
        private boolean databaseLinks;
        private boolean brokerOwnJvm;
        private Optional<FeatureRetention> featureRetention = Optional.empty();
        private Duration maintenanceInterval = Duration.ofHours(1);
        private PrintStream progress = System.out;

        private Builder(Path dataDir, Path pluginPath, Path connectConfigs) {
            this.dataDir = dataDir;
            this.pluginPath = pluginPath;
            this.connectConfigs = connectConfigs;
        }

        public Builder postgresPort(int port) { this.postgresPort = port; return this; }
        public Builder externalPostgres(ExternalPostgres server) { this.externalPostgres = Optional.of(server); return this; }
        public Builder kafkaPort(int port) { this.kafkaPort = port; return this; }
        public Builder connectPort(int port) { this.connectPort = port; return this; }
        public Builder restProxyPort(int port) { this.restProxyPort = port; return this; }
        public Builder scoringPort(int port) { this.scoringPort = port; return this; }
        public Builder scoringJar(Path jar) { this.scoringJar = Optional.ofNullable(jar); return this; }
        public Builder connectDbPassword(String password) { this.connectDbPassword = Optional.ofNullable(password); return this; }
        public Builder scoringDbPassword(String password) { this.scoringDbPassword = Optional.ofNullable(password); return this; }
        public Builder workerJvmOptions(List<String> options) { this.workerJvmOptions = options; return this; }
        public Builder workerProperties(Map<String, String> properties) { this.workerProperties = properties; return this; }
        public Builder registerConnector(boolean register) { this.registerConnector = register; return this; }
        public Builder restartFailedTasks(boolean restart) { this.restartFailedTasks = restart; return this; }
        public Builder databaseLinks(boolean proxied) { this.databaseLinks = proxied; return this; }
        public Builder brokerOwnJvm(boolean ownJvm) { this.brokerOwnJvm = ownJvm; return this; }
        public Builder featureRetention(FeatureRetention retention) { this.featureRetention = Optional.ofNullable(retention); return this; }
        public Builder maintenanceInterval(Duration interval) { this.maintenanceInterval = interval; return this; }
        public Builder progress(PrintStream out) { this.progress = out; return this; }

        public StackConfig build() {
            return new StackConfig(dataDir, postgresPort, externalPostgres, kafkaPort, connectPort, restProxyPort,
                    scoringPort, pluginPath, connectConfigs, scoringJar, connectDbPassword, scoringDbPassword,
                    workerJvmOptions, workerProperties, registerConnector, restartFailedTasks, databaseLinks, brokerOwnJvm,
                    featureRetention, maintenanceInterval, progress);
        }
    }
}
