package io.kafkaprediction.scoring.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.support.Http;
import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.kafkaprediction.scoring.support.TestDatabase;
import io.kafkaprediction.scoring.support.TestModels;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.netty.channel.DefaultEventLoop;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * XGBoost4J calls (explanations, the fallback engine) take as long as the model makes them, so they
 * must not run on a Netty event loop. The model refuses to be called on one; these requests answer
 * 200 only because the service hands that work to a worker thread.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OffEventLoopTest extends ServiceTest {

    private Path modelFile;
    private ApplicationContext fallback;
    private Http fallbackHttp;

    @Override
    public Map<String, String> getProperties() {
        modelFile = ServiceProperties.demoModel("off-loop", 9);
        return ServiceProperties.withDatabase(modelFile);
    }

    @BeforeAll
    void startAServiceOnTheFallbackEngine() throws Exception {
        TestDatabase.insert("off-loop-user", "click", 3.0, Instant.parse("2026-01-03T00:00:00Z"));
        Path categorical = TestModels.categorical(ServiceProperties.temporaryDirectory("off-loop-fallback")
                .resolve("categorical.json"), 500);
        Map<String, Object> props = new HashMap<>();
        props.put("scoring.model.path", categorical.toString());
        fallback = ApplicationContext.run(props, Environment.TEST);
        fallback.getBean(EmbeddedServer.class).start();
        fallbackHttp = new Http(fallback.getBean(EmbeddedServer.class).getURL());
    }

    @AfterAll
    void stopFallback() {
        if (fallback != null) {
            fallback.close();
        }
    }

    @Test
    void theModelRefusesXgboost4jCallsOnAnEventLoopThread() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try (LoadedModel model = TestModels.load(modelFile)) {
            assertThatThrownBy(() -> loop.submit(() -> model.explain(new float[] {1, 2, 3})).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("XGBoost4J must not be called on an event loop thread");
            // Off the loop the same call works.
            assertThat(model.explain(new float[] {1, 2, 3}).perFeature()).containsOnlyKeys("click", "view", "purchase");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExplanationOfSentFeaturesIsComputedOffTheEventLoop() {
        HttpResponse<String> response = http.postJson("/predict?explain=true",
                "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"explanation\"");
    }

    @Test
    void anExplanationOfLookedUpFeaturesIsComputedOffTheEventLoop() {
        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"off-loop-user\",\"explain\":true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"explanation\"").contains("\"click\":3.0");
    }

    @Test
    void aModelOnTheFallbackEngineScoresOffTheEventLoop() {
        assertThat(fallbackHttp.get("/v2/models/model").body()).contains("\"engine\":\"xgboost4j\"");

        HttpResponse<String> predict = fallbackHttp.postJson("/predict",
                "{\"user_id\":\"u\",\"features_for_prediction\":[3,0.5]}");
        assertThat(predict.statusCode()).as(predict.body()).isEqualTo(200);

        HttpResponse<String> infer = fallbackHttp.postJson("/v2/models/model/infer",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[0,0.5,3,0.5]}]}");
        assertThat(infer.statusCode()).as(infer.body()).isEqualTo(200);
    }

}
