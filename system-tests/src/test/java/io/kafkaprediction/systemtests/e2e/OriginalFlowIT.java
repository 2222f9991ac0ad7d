package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.systemtests.SystemStack;

/** The README's request through REST Proxy, Connect and PostgreSQL to /predict. */
@ExtendWith(SystemStack.class)
class OriginalFlowIT {
    /** The README's produce request (the stack prints the same one after start-up). */
    private static final String README_PRODUCE_BODY =
            "{\"records\":[{\"value\":{\"user_id\":\"user2\",\"event_type\":\"click\",\"value\":45,\"timestamp\":\"2026-01-20T15:00:00Z\"}}]}";

    @Test
    void readmeRequestBecomesAnExactRowAndPredictionByUserIdMatchesTheSpelledOutFeatures() {
        HttpResponse<String> produced = SystemStack.pipeline().postToRestProxy(StackNames.EVENTS_TOPIC, Pipeline.JSON_V2,
                README_PRODUCE_BODY);

        assertThat(produced.statusCode()).isEqualTo(200);
        assertThat(produced.body()).matches("\\{\"offsets\":\\[\\{\"partition\":[01],\"offset\":\\d+,\"error_code\":null,"
                + "\"error\":null}],\"key_schema_id\":null,\"value_schema_id\":null}");

        List<Pipeline.Row> rows = SystemStack.pipeline().awaitRows("user2", 1);
        assertThat(rows).hasSize(1);
        Pipeline.Row row = rows.get(0);
        assertThat(row.eventType()).isEqualTo("click");
        assertThat(row.value()).isEqualTo(45.0);
        assertThat(row.timestamp()).isEqualTo(Instant.parse("2026-01-20T15:00:00Z"));
        assertThat(row.featureId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

        SystemStack.pipeline().produceJson("{\"user_id\":\"user2\",\"event_type\":\"view\",\"value\":3,\"timestamp\":\"2026-01-20T15:01:00Z\"}");
        SystemStack.pipeline().produceJson("{\"user_id\":\"user2\",\"event_type\":\"purchase\",\"value\":1,\"timestamp\":\"2026-01-20T15:02:00Z\"}");
        SystemStack.pipeline().awaitRows("user2", 3);

        HttpResponse<String> byUser = SystemStack.pipeline().predict("{\"user_id\":\"user2\"}");
        HttpResponse<String> spelledOut = SystemStack.pipeline().predict("{\"user_id\":\"user2\",\"features_for_prediction\":[45,3,1]}");

        assertThat(byUser.statusCode()).as(byUser.body()).isEqualTo(200);
        assertThat(spelledOut.statusCode()).as(spelledOut.body()).isEqualTo(200);
        JsonNode fromStore = Pipeline.readTree(byUser.body());
        JsonNode fromRequest = Pipeline.readTree(spelledOut.body());
        assertThat(fromStore.get("user_id").asText()).isEqualTo("user2");
        // The looked-up values themselves: the demo model scores any value >= 1 alike, so the score
        // alone would pass a lookup that read the wrong row, column or event type.
        assertThat(fromStore.get("feature_source").asText()).isEqualTo("feature_store");
        assertThat(fromStore.get("features")).isEqualTo(Pipeline.readTree("{\"click\":45.0,\"view\":3.0,\"purchase\":1.0}"));
        assertThat(fromRequest.get("features")).isEqualTo(fromStore.get("features"));
        assertThat(fromStore.get("prediction_score").isNumber()).isTrue();
        assertThat(fromStore.get("prediction_score").asDouble()).isEqualTo(fromRequest.get("prediction_score").asDouble());
        assertThat(fromStore.get("model_version").asText()).isEqualTo(fromRequest.get("model_version").asText());
    }
}
