package io.kafkaprediction.scoring.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Without DATABASE_URL the service scores sent features and refuses lookups with a clear 503. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LookupsDisabledTest extends ServiceTest {

    @Override
    public Map<String, String> getProperties() {
        return Map.of("scoring.model.path", ServiceProperties.demoModel("no-db", 5).toString());
    }

    @Test
    void lookupsAnswer503NamingTheMissingSetting() {
        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"u\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("feature lookups are off: DATABASE_URL is not set");
    }

    @Test
    void sentFeaturesAreScoredAndTheServiceIsReady() {
        assertThat(http.postJson("/predict", "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}").statusCode())
                .isEqualTo(200);
        assertThat(http.get("/v2/health/ready").statusCode()).isEqualTo(200);
        assertThat(http.get("/health/readiness").statusCode()).isEqualTo(200);
    }
}
