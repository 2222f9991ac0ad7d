package io.kafkaprediction.stack;

import java.nio.file.Path;
import java.util.Map;

import io.kafkaprediction.stack.postgres.PostgresServer;

/**
 * The environment variables each child JVM gets: its database address, role and password. Secrets
 * travel this way, never on a command line or in a properties file.
 */
final class ChildEnvironments {
    private ChildEnvironments() {
    }

    /** For a Connect worker: what {@code ${env:FEATURE_DB_*}} in the connector config resolves to. */
    static Map<String, String> connectWorker(String dbHost, int dbPort, String password) {
        return Map.of(
                StackNames.FEATURE_DB_URL, jdbcUrl(dbHost, dbPort),
                StackNames.FEATURE_DB_USER, StackNames.CONNECT_DB_USER,
                StackNames.FEATURE_DB_PASSWORD, password);
    }

    /** For the scoring service: its model and its read-only database role. */
    static Map<String, String> scoringService(Path model, String dbHost, int dbPort, String password) {
        return Map.of(
                // Shown by the service (/v2/models/model, reload errors) as given: no machine folders in it.
                "MODEL_PATH", StackPaths.display(model),
                "DATABASE_URL", jdbcUrl(dbHost, dbPort),
                "DATABASE_USER", StackNames.SCORING_DB_USER,
                "DATABASE_PASSWORD", password,
                "DATABASE_POOL_SIZE", "4");
    }

    private static String jdbcUrl(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + PostgresServer.DATABASE;
    }
}
