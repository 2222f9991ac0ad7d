package io.kafkaprediction.scoring.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.Http;
import io.kafkaprediction.scoring.support.TestModels;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Without DATABASE_URL the service scores sent features and refuses lookups with a clear 503. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LookupsDisabledTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("scoring.model.path",
                    TestModels.demo(Files.createTempDirectory("no-db").resolve("model.json"), 5).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void lookupsAnswer503NamingTheMissingSetting() {
        HttpResponse<String> response = new Http(server.getURL()).postJson("/predict", "{\"user_id\":\"u\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("feature lookups are off: DATABASE_URL is not set");
    }

    @Test
    void sentFeaturesAreScoredAndTheServiceIsReady() {
        Http http = new Http(server.getURL());

        assertThat(http.postJson("/predict", "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}").statusCode())
                .isEqualTo(200);
        assertThat(http.get("/v2/health/ready").statusCode()).isEqualTo(200);
        assertThat(http.get("/health/readiness").statusCode()).isEqualTo(200);
    }
}
