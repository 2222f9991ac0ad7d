package io.kafkaprediction.scoring.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.EnvironmentSettings;
import io.kafkaprediction.scoring.registry.ModelRegistry;
import io.kafkaprediction.scoring.support.LogLines;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.kafkaprediction.scoring.support.TestModels;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** No model file yet and PostgreSQL down: the service starts, says why it is not ready, answers 503. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnavailableDependenciesTest extends ServiceTest {

    private Path modelFile;
    private int deadPort;

    @Inject
    ModelRegistry registry;

    @Override
    public Map<String, String> getProperties() {
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
            modelFile = Files.createTempDirectory("no-model").resolve("model.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> props = new HashMap<>();
        EnvironmentSettings.datasource("jdbc:postgresql://127.0.0.1:" + deadPort + "/feature_store_db",
                "scoring_reader", "secret", 1).forEach((k, v) -> props.put(k, String.valueOf(v)));
        props.put("datasources.default.connection-timeout", "500");
        // Past the pool's wait, so the answer is the pool's failure rather than the deadline.
        props.put("scoring.lookups.timeout-ms", "10000");
        props.put("scoring.model.path", modelFile.toString());
        return props;
    }

    @Test
    @Order(1)
    void predictAnswers503WhileNoModelIsLoaded() {
        HttpResponse<String> response = http.postJson("/predict",
                "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("no model is loaded").contains("does not exist").contains("create-model");
    }

    @Test
    @Order(2)
    void readinessSaysWhatIsMissingWhileLivenessStaysUp() {
        HttpResponse<String> ready = http.get("/v2/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("no model loaded").contains("feature store (PostgreSQL) unreachable");

        assertThat(http.get("/health/readiness").statusCode()).isEqualTo(503);
        assertThat(http.get("/v2/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> model = http.get("/v2/models/model");
        assertThat(model.statusCode()).isEqualTo(503);
        assertThat(model.body()).startsWith("{\"error\":").contains("does not exist");
    }

    @Test
    @Order(3)
    void aModelFileThatAppearsLaterIsPickedUp() {
        TestModels.demo(modelFile, 3);

        assertThat(registry.checkForChanges()).isTrue();

        HttpResponse<String> response = http.postJson("/predict",
                "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}");
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void lookupAnswers503WhilePostgresIsUnreachable() {
        HttpResponse<String> response;
        List<String> logged;
        try (LogLines log = new LogLines("io.kafkaprediction.scoring.errors.ServiceExceptionHandler")) {
            response = http.postJson("/predict", "{\"user_id\":\"u\"}");
            logged = log.lines();
        }

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"detail\":\"feature store unavailable: the PostgreSQL lookup failed\"");
        // The driver's and the pool's messages stay in the log, found by the id the answer carries.
        assertThat(response.body()).doesNotContain("Connection").doesNotContain("HikariPool")
                .doesNotContain("refused").doesNotContain("Exception").doesNotContain(String.valueOf(deadPort));
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(response.body()).contains("\"request_id\":\"" + requestId + "\"");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(logged).singleElement().asString().startsWith("WARN 503 request_id=" + requestId + " /predict: ")
                .contains("HikariPool");
        assertThat(http.get("/v2/health/ready").body()).doesNotContain("no model loaded")
                .contains("feature store (PostgreSQL) unreachable");
    }
}
