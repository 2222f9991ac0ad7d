package io.kafkaprediction.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {

    @Test
    void mapsTheDocumentedVariablesToMicronautProperties() {
        Map<String, Object> props = EnvironmentSettings.fromEnvironment(Map.of(
                "PORT", "8100", "HOST", "127.0.0.1", "MODEL_PATH", "/models/m.ubj", "MODEL_VERSION", "2.0.0",
                "MODEL_RELOAD_INTERVAL_MS", "0", "MAX_REQUEST_BYTES", "2048"));

        assertThat(props).containsEntry("micronaut.server.port", 8100)
                .containsEntry("micronaut.server.host", "127.0.0.1")
                .containsEntry("scoring.model.path", "/models/m.ubj")
                .containsEntry("scoring.model.version", "2.0.0")
                .containsEntry("scoring.model.reload-interval", "0ms")
                .containsEntry("micronaut.server.max-request-size", 2048)
                .doesNotContainKey("datasources.default.url");
    }

    @Test
    void databaseUrlTurnsLookupsOnWithDefaultUserAndPool() {
        Map<String, Object> props = EnvironmentSettings.fromEnvironment(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/feature_store_db", "DATABASE_PASSWORD", "pw"));

        assertThat(props).containsEntry("datasources.default.url", "jdbc:postgresql://127.0.0.1:5432/feature_store_db")
                .containsEntry("datasources.default.username", "scoring_reader")
                .containsEntry("datasources.default.password", "pw")
                .containsEntry("datasources.default.maximum-pool-size", 4);
    }

    @Test
    void theLookupDeadlineAlsoBoundsThePoolWaitTheStatementAndTheSocketAndLookupsUseAGenericPlan() {
        Map<String, Object> props = EnvironmentSettings.fromEnvironment(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/feature_store_db",
                "LOOKUP_TIMEOUT_MS", "1500", "LOOKUP_QUEUE_LIMIT", "200"));

        assertThat(props).containsEntry("scoring.lookups.timeout-ms", 1500)
                .containsEntry("scoring.lookups.queue-limit", 200)
                .containsEntry("datasources.default.connection-timeout", 1500)
                .containsEntry("datasources.default.data-source-properties.options",
                        "-c statement_timeout=1500 -c plan_cache_mode=force_generic_plan")
                .containsEntry("datasources.default.data-source-properties.socketTimeout", 2)
                .containsEntry("datasources.default.data-source-properties.connectTimeout", 2);
    }

    @Test
    void rejectsALookupTimeoutOfZero() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(Map.of("LOOKUP_TIMEOUT_MS", "0")))
                .hasMessage("LOOKUP_TIMEOUT_MS must be an integer between 1 and 600000, got '0'");
    }

    @Test
    void unsetAndBlankVariablesLeaveTheDefaults() {
        assertThat(EnvironmentSettings.fromEnvironment(Map.of("PORT", " ", "DATABASE_URL", ""))).isEmpty();
    }

    @Test
    void rejectsAPortThatIsNotANumber() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(Map.of("PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PORT must be an integer between 0 and 65535, got 'eighty'");
    }

    @Test
    void rejectsAPoolSizeOfZero() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(Map.of(
                "DATABASE_URL", "jdbc:postgresql://db/x", "DATABASE_POOL_SIZE", "0")))
                .hasMessage("DATABASE_POOL_SIZE must be an integer between 1 and 1000, got '0'");
    }

    @Test
    void rejectsADatabaseUrlThatIsNotPostgresJdbc() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(Map.of("DATABASE_URL", "postgres://db:5432/x")))
                .hasMessageContaining("DATABASE_URL must be a PostgreSQL JDBC URL")
                .hasMessageContaining("got 'postgres://db:5432/x'");
    }
}
