package io.kafkaprediction.scoring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.kafkaprediction.scoring.support.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsAndMetricsTest extends ServiceTest {

    @Override
    public Map<String, String> getProperties() {
        return ServiceProperties.withDatabase(ServiceProperties.demoModel("docs-test", 9));
    }

    @BeforeAll
    void seedFeatures() {
        TestDatabase.insert("metrics-user", "click", 1.0, Instant.parse("2026-01-20T15:00:00Z"));
    }

    @Test
    void docsLeadsToSwaggerUiWhoseAssetsLoad() {
        HttpResponse<String> docs = http.get("/docs");
        assertThat(docs.statusCode()).isBetween(300, 399);
        assertThat(docs.headers().firstValue("Location")).hasValue("/docs/index.html");

        HttpResponse<String> page = http.get("/docs/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui").contains("/swagger/scoring-service.yml");
        for (String asset : new String[] {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"}) {
            assertThat(http.get("/swagger-ui/res/" + asset).statusCode()).as(asset).isEqualTo(200);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void openApiDocumentHasEveryEndpointWithAnExample() {
        HttpResponse<String> spec = http.get("/swagger/scoring-service.yml");
        assertThat(spec.statusCode()).isEqualTo(200);

        Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(spec.body()).get("paths");
        assertThat(paths).containsOnlyKeys("/predict", "/v2", "/v2/health/live", "/v2/health/ready",
                "/v2/models/{name}", "/v2/models/{name}/ready", "/v2/models/{name}/infer",
                "/v2/models/{name}/versions/{version}", "/v2/models/{name}/versions/{version}/ready",
                "/v2/models/{name}/versions/{version}/infer");
        paths.forEach((path, operations) -> ((Map<String, Object>) operations).forEach((method, operation) -> {
            Map<String, Object> ok = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) operation)
                    .get("responses")).get("200");
            assertThat(String.valueOf(ok)).as(method + " " + path + " 200 example").contains("example");
        }));
        assertThat(spec.body()).contains("features_for_prediction").contains("application/problem+json");
    }

    @Test
    void prometheusHasLatencyHistogramsPerEndpointAndDomainCounters() {
        http.postJson("/predict", "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}");
        http.postJson("/predict", "{\"user_id\":\"metrics-user\"}");
        http.postJson("/predict", "{\"user_id\":\"nobody\"}");

        HttpResponse<String> metrics = http.get("/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/predict\",le=")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/predict\"\\} [1-9]")
                .contains("scoring_predictions_total{source=\"request\"}")
                .contains("scoring_predictions_total{source=\"feature_store\"}")
                .containsPattern("scoring_feature_lookups_seconds_count\\{outcome=\"found\"\\} [1-9]")
                .containsPattern("scoring_feature_lookups_seconds_count\\{outcome=\"not_found\"\\} [1-9]")
                .containsPattern("scoring_feature_lookups_seconds_bucket\\{outcome=\"found\",le=\"[^\"]+\"\\}")
                .contains("scoring_model_reloads_total{outcome=\"success\"}")
                .contains("scoring_model_loaded 1.0");
    }

    @Test
    void healthReportsUpWithTheModelAndDatabase() {
        HttpResponse<String> health = http.get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"scoring\"");
        assertThat(http.get("/health/readiness").statusCode()).isEqualTo(200);
        assertThat(http.get("/health/liveness").statusCode()).isEqualTo(200);
    }
}
