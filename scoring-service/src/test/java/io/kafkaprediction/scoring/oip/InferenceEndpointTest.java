package io.kafkaprediction.scoring.oip;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.kafkaprediction.scoring.support.TestModels;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceEndpointTest extends ServiceTest {

    private LoadedModel reference;

    @Override
    public Map<String, String> getProperties() {
        Path modelFile = ServiceProperties.demoModel("oip-test", 11);
        reference = TestModels.load(modelFile);
        Map<String, String> props = ServiceProperties.withDatabase(modelFile);
        props.put("scoring.model.name", "demo");
        return props;
    }

    @AfterAll
    void closeReference() {
        reference.close();
    }

    @Test
    void serverMetadataNamesTheServer() throws IOException {
        JsonNode body = ok(http.get("/v2"));

        assertThat(body.get("name").getStringValue()).isEqualTo("kafka-prediction-scoring");
        assertThat(body.get("extensions").isArray()).isTrue();
    }

    @Test
    void liveAndReadyAnswerTrue() throws IOException {
        assertThat(ok(http.get("/v2/health/live")).get("live").getBooleanValue()).isTrue();
        assertThat(ok(http.get("/v2/health/ready")).get("ready").getBooleanValue()).isTrue();
        assertThat(ok(http.get("/v2/models/demo/ready")).get("ready").getBooleanValue()).isTrue();
    }

    @Test
    void modelMetadataDescribesTheTensorAndTheReloadStatus() throws IOException {
        JsonNode body = ok(http.get("/v2/models/demo"));

        assertThat(body.get("name").getStringValue()).isEqualTo("demo");
        assertThat(body.get("versions").get(0).getStringValue()).isEqualTo(reference.version());
        assertThat(body.get("platform").getStringValue()).isEqualTo("xgboost");
        assertThat(body.get("inputs").get(0).get("shape").get(1).getIntValue()).isEqualTo(3);
        assertThat(body.get("feature_names").get(2).getStringValue()).isEqualTo("purchase");
        assertThat(body.get("objective").getStringValue()).isEqualTo("binary:logistic");
        assertThat(body.get("reload").get("last_error").isNull()).isTrue();
        assertThat(body.get("reload").get("reload_failures").getLongValue()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "flat FP32   | FP32 | [0.5, 0.7, 0.3, 0.1, 2.0, 0.0]",
        "nested FP32 | FP32 | [[0.5, 0.7, 0.3], [0.1, 2.0, 0.0]]",
        "flat FP64   | FP64 | [0.5, 0.7, 0.3, 0.1, 2.0, 0.0]"
    })
    void infersOneScorePerRow(String name, String datatype, String data) throws IOException {
        JsonNode body = ok(http.postJson("/v2/models/demo/infer", "{\"id\":\"req-1\",\"inputs\":[{\"name\":\"input-0\","
                + "\"shape\":[2,3],\"datatype\":\"" + datatype + "\",\"data\":" + data + "}]}"));

        assertThat(body.get("model_name").getStringValue()).isEqualTo("demo");
        assertThat(body.get("model_version").getStringValue()).isEqualTo(reference.version());
        assertThat(body.get("id").getStringValue()).isEqualTo("req-1");
        JsonNode output = body.get("outputs").get(0);
        assertThat(output.get("shape").get(0).getIntValue()).isEqualTo(2);
        assertThat(output.get("datatype").getStringValue()).isEqualTo("FP32");
        assertThat(output.get("data").get(0).getFloatValue()).isEqualTo(reference.predict(new float[] {0.5f, 0.7f, 0.3f}));
        assertThat(output.get("data").get(1).getFloatValue()).isEqualTo(reference.predict(new float[] {0.1f, 2.0f, 0.0f}));
    }

    @Test
    void aLargeBatchIsScoredRowByRow() throws IOException {
        int rows = OipInference.EVENT_LOOP_MAX_ROWS + 7;
        StringBuilder data = new StringBuilder();
        float[][] matrix = new float[rows][3];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) {
                matrix[i][j] = (i * 3 + j) % 17 / 8f;
                data.append(data.length() == 0 ? "" : ",").append(matrix[i][j]);
            }
        }
        JsonNode body = ok(http.postJson("/v2/models/demo/infer", "{\"inputs\":[{\"name\":\"input-0\",\"shape\":["
                + rows + ",3],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}"));

        JsonNode scores = body.get("outputs").get(0).get("data");
        assertThat(scores.size()).isEqualTo(rows);
        for (int i = 0; i < rows; i += 97) {
            assertThat(scores.get(i).getFloatValue()).isEqualTo(reference.predict(matrix[i]));
        }
    }

    @Test
    void unknownModelIsNotFoundWithAnErrorBody() throws IOException {
        HttpResponse<String> response = http.get("/v2/models/other");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readValue(response.body(), JsonNode.class).get("error").getStringValue())
                .isEqualTo("model 'other' is not served here; this server serves 'demo'");
        assertThat(http.postJson("/v2/models/other/infer", "{}").statusCode()).isEqualTo(404);
        assertThat(http.get("/v2/models/other/ready").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "wrong width   | {\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[1,2]}]}     | inputs[0].shape must be [N, 3] (features [click, view, purchase]), got [1, 2]",
        "count         | {\"inputs\":[{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}   | inputs[0].data has 3 values; shape [2, 3] needs 6",
        "datatype      | {\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"BYTES\",\"data\":[1,2,3]}]}  | inputs[0].datatype must be FP32 or FP64, got BYTES",
        "string value  | {\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,\"a\",3]}]} | inputs[0].data[1] must be a number, got string",
        "overflow      | {\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP64\",\"data\":[1,2,1e300]}]} | inputs[0].data[2] must be a finite number",
        "no inputs     | {\"id\":\"a\"}                                                                            | inputs must be an array of one tensor of shape [N, 3]",
        "two tensors   | {\"inputs\":[{},{}]}                                                                      | got 2 tensors",
        "malformed     | {\"inputs\":[                                                                             | malformed JSON"
    })
    void rejectsBadTensorsWithAnErrorBody(String name, String body, String message) throws IOException {
        HttpResponse<String> response = http.postJson("/v2/models/demo/infer", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.readValue(response.body(), JsonNode.class).get("error").getStringValue()).contains(message);
    }

    @Test
    void aHugeShapeWithTinyDataIsRefusedBeforeAnythingIsAllocated() throws IOException {
        HttpResponse<String> huge = http.postJson("/v2/models/demo/infer",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1e9,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}");
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
        assertThat(json.readValue(huge.body(), JsonNode.class).get("error").getStringValue())
                .startsWith("inputs[0].shape: ");

        // Within the row limit, but claiming 100 000 rows with 3 values: refused on the count, with no
        // 100 000-row matrix allocated. Allocation is summed over every thread of this JVM (server included).
        String claim = "{\"inputs\":[{\"name\":\"x\",\"shape\":[" + InferRequestParser.MAX_ROWS
                + ",3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}";
        http.postJson("/v2/models/demo/infer", claim); // warm-up: class loading, buffers
        long before = allocatedBytes();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = http.postJson("/v2/models/demo/infer", claim);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json.readValue(response.body(), JsonNode.class).get("error").getStringValue())
                    .isEqualTo("inputs[0].data has 3 values; shape [100000, 3] needs 300000");
        }
        long allocated = allocatedBytes() - before;
        // An allocated matrix would be 20 x 100 000 rows x 32 bytes = 64 MB.
        assertThat(allocated).as("bytes allocated by 20 refused requests").isLessThan(16L << 20);
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }

    @Test
    void rejectsAnotherContentTypeWithAnErrorBody() throws IOException {
        HttpResponse<String> response = http.post("/v2/models/demo/infer", "text/csv", "1,2,3");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json.readValue(response.body(), JsonNode.class).get("error").getStringValue())
                .contains("text/csv");
    }

    @Test
    void aWrongMethodOnAnOipEndpointAnswersTheOipErrorBody() throws IOException {
        HttpResponse<String> response = http.get("/v2/models/demo/infer");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.readValue(response.body(), JsonNode.class).get("error").getStringValue()).contains("GET");
    }

    @Test
    void aPathNoEndpointServesAnswersAProblemEvenUnderV2() throws IOException {
        HttpResponse<String> response = http.get("/v2/no/such/endpoint");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readValue(response.body(), JsonNode.class).get("status").getIntValue()).isEqualTo(404);
    }

    private JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readValue(response.body(), JsonNode.class);
    }
}
