package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackMainTest {
    private static final Path REPO = Path.of("/repo");
    private static final Path HOME = Path.of("/repo/.stack");
    private static final PrintStream OUT = System.out;

    @Test
    void usesTheFixedDefaultPortsAndRepositoryPaths() {
        StackConfig config = StackMain.config(REPO, HOME, Map.of(), OUT);

        assertThat(List.of(config.postgresPort(), config.kafkaPort(), config.connectPort(), config.restProxyPort(),
                config.scoringPort())).containsExactly(5432, 9092, 8083, 8082, 8000);
        assertThat(config.pluginPath()).isEqualTo(Path.of("/repo/local-stack/target/plugins"));
        assertThat(config.connectConfigs()).isEqualTo(Path.of("/repo/connect-configs"));
        assertThat(config.scoringJar()).contains(Path.of("/repo/scoring-service/target/scoring-service.jar"));
        assertThat(config.externalPostgres()).isEmpty();
        assertThat(config.connectDbPassword()).isEmpty();
    }

    @Test
    void readsPortsPasswordsAndAnExternalServerFromTheEnvironment() {
        StackConfig config = StackMain.config(REPO, HOME, Map.of("STACK_KAFKA_PORT", "19092", "FEATURE_DB_PASSWORD", "s3cret",
                "STACK_POSTGRES_HOST", "db.internal", "STACK_POSTGRES_PORT", "6543",
                "STACK_WORKER_JVM_OPTIONS", " -Duser.timezone=Asia/Kathmandu  -Xmx2g "), OUT);

        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.connectDbPassword()).contains("s3cret");
        assertThat(config.externalPostgres()).hasValueSatisfying(pg -> {
            assertThat(pg.host()).isEqualTo("db.internal");
            assertThat(pg.port()).isEqualTo(6543);
            assertThat(pg.adminUser()).isEqualTo("postgres");
        });
        assertThat(config.workerJvmOptions()).containsExactly("-Duser.timezone=Asia/Kathmandu", "-Xmx2g");
    }

    @Test
    void rejectsAPortThatIsNotANumberNamingTheVariable() {
        assertThatThrownBy(() -> StackMain.config(REPO, HOME, Map.of("STACK_CONNECT_PORT", "80a3"), OUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("STACK_CONNECT_PORT=80a3 is not a port number (1-65535)");
    }

    @Test
    void keepsEverythingAndMaintainsHourlyUnlessTold() {
        StackConfig config = StackMain.config(REPO, HOME, Map.of(), OUT);

        assertThat(config.featureRetention()).isEmpty();
        assertThat(config.maintenanceInterval()).isEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void readsTheRetentionAndTheMaintenanceIntervalInTheTransformsUnits() {
        StackConfig config = StackMain.config(REPO, HOME, Map.of("FEATURE_RETENTION", "90d", "STACK_MAINTENANCE_INTERVAL", "15m"), OUT);

        assertThat(config.featureRetention()).hasValueSatisfying(r -> {
            assertThat(r.text()).isEqualTo("90d");
            assertThat(r.duration()).isEqualTo(java.time.Duration.ofDays(90));
            assertThat(r.sqlInterval()).isEqualTo("7776000000 milliseconds");
        });
        assertThat(config.maintenanceInterval()).isEqualTo(java.time.Duration.ofMinutes(15));
    }

    @Test
    void refusesARetentionItCannotRead() {
        for (String bad : List.of("90", "90 days", "-1d", "0d")) {
            assertThatThrownBy(() -> StackMain.config(REPO, HOME, Map.of("FEATURE_RETENTION", bad), OUT)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("FEATURE_RETENTION=" + bad + ": ");
        }
        assertThatThrownBy(() -> StackMain.config(REPO, HOME, Map.of("STACK_MAINTENANCE_INTERVAL", "hourly"), OUT))
                .hasMessageStartingWith("STACK_MAINTENANCE_INTERVAL=hourly: expected a whole number and a unit");
    }
}
