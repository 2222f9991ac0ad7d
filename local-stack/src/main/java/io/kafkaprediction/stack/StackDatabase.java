package io.kafkaprediction.stack;

import java.nio.file.Path;
import java.util.Map;

import io.kafkaprediction.stack.postgres.FeatureStoreMaintenance;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.stack.postgres.StalePostgres;

/**
 * The stack's PostgreSQL (embedded, or an external server) with the schema applied, the passwords
 * of its two roles, and, with {@link StackConfig#databaseLinks()}, the cuttable links through which
 * Connect and the scoring service reach it.
 */
final class StackDatabase {
    private final StackConfig config;
    private final Progress progress;
    private final Path logDir;
    private final String connectPassword;
    private final String scoringPassword;
    private PostgresServer postgres;
    private TcpProxy connectLink;
    private TcpProxy scoringLink;
    private FeatureStoreMaintenance maintenance;

    StackDatabase(StackConfig config, Progress progress, Path logDir) {
        this.config = config;
        this.progress = progress;
        this.logDir = logDir;
        Secrets secrets = new Secrets(config.dataDir());
        this.connectPassword = config.connectDbPassword().orElseGet(() -> secrets.get("connect_db_password"));
        this.scoringPassword = config.scoringDbPassword().orElseGet(() -> secrets.get("scoring_db_password"));
    }

    void start() {
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
            progress.line("PostgreSQL", "starting (data " + StackPaths.display(pgData) + ")");
            postgres = PostgresServer.embedded(pgData, logDir.resolve("postgres.log"), Ports.resolve(config.postgresPort()),
                    new Secrets(config.dataDir()).get(LocalStack.POSTGRES_PASSWORD_SECRET));
            postgres.start();
        }
        postgres.prepareDatabase(config.connectConfigs().resolve("schema.sql"), connectPassword, scoringPassword);
        if (config.databaseLinks()) {
            connectLink = new TcpProxy("connect-db", postgres.host(), postgres.port());
            scoringLink = new TcpProxy("scoring-db", postgres.host(), postgres.port());
        }
        progress.line("PostgreSQL", "ready on " + postgres.displayUrl() + ", schema applied (" + Progress.since(t0) + ")");
        maintenance = new FeatureStoreMaintenance(postgres, config.featureRetention(), line -> progress.line("Maintenance", line))
                .start(config.maintenanceInterval());
        progress.line("Maintenance", "feature_store_maintain(" + config.featureRetention().map(r -> "retention " + r.text())
                .orElse("no retention: keeps everything") + ") now and every " + config.maintenanceInterval());
    }

    /** Null before {@link #start()}. */
    FeatureStoreMaintenance maintenance() {
        return maintenance;
    }

    /** Null before {@link #start()}. */
    PostgresServer server() {
        return postgres;
    }

    TcpProxy connectLink() {
        return connectLink;
    }

    TcpProxy scoringLink() {
        return scoringLink;
    }

    String connectPassword() {
        return connectPassword;
    }

    String scoringPassword() {
        return scoringPassword;
    }

    /** What a Connect worker is given: the database through its link, if any, and the writer role. */
    Map<String, String> connectEnvironment() {
        return ChildEnvironments.connectWorker(postgres.host(), connectLink != null ? connectLink.port() : postgres.port(),
                connectPassword);
    }

    /** What the scoring service is given: its model, the database through its link, if any, and the reader role. */
    Map<String, String> scoringEnvironment(Path model) {
        return ChildEnvironments.scoringService(model, postgres.host(), scoringLink != null ? scoringLink.port() : postgres.port(),
                scoringPassword);
    }

    void closeLinks() {
        if (connectLink != null) {
            connectLink.close();
        }
        if (scoringLink != null) {
            scoringLink.close();
        }
    }

    void closeServer() {
        if (maintenance != null) {
            maintenance.close();
            maintenance = null;
        }
        if (postgres != null) {
            postgres.close();
        }
        postgres = null;
    }
}
