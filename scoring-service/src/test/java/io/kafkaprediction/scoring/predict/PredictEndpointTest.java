package io.kafkaprediction.scoring.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.kafkaprediction.scoring.support.TestDatabase;
import io.kafkaprediction.scoring.support.TestModels;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictEndpointTest extends ServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-20T15:00:00Z");

    private Path modelFile;
    private LoadedModel reference;

    @Override
    public Map<String, String> getProperties() {
        modelFile = ServiceProperties.demoModel("predict-test", 7);
        reference = TestModels.load(modelFile);
        Map<String, String> props = ServiceProperties.withDatabase(modelFile);
        props.put("scoring.model.version", "1.0.0");
        props.put("micronaut.server.max-request-size", "4096");
        return props;
    }

    @BeforeAll
    void seedFeatures() {
        // user-history: an old and a newer value per event type; only the newest counts.
        TestDatabase.insert("user-history", "click", 9.0, T0);
        TestDatabase.insert("user-history", "click", 0.5, T0.plusSeconds(60));
        TestDatabase.insert("user-history", "view", 0.7, T0.plusSeconds(30));
        TestDatabase.insert("user-history", "purchase", 3.0, T0.plusSeconds(90));
        TestDatabase.insert("user-history", "purchase", 0.3, T0.plusSeconds(120));
        TestDatabase.insert("user-history", "not_a_feature", 100, T0.plusSeconds(120));
        // user-partial has only a view: click and purchase are missing.
        TestDatabase.insert("user-partial", "view", 1.25, T0);
        TestDatabase.insert("user-other-only", "not_a_feature", 1, T0);
    }

    @AfterAll
    void closeReference() {
        reference.close();
    }

    @Test
    void scoresSentFeaturesWithTheOriginalResponseFields() throws IOException {
        HttpResponse<String> response = http.postJson("/predict",
                "{\"user_id\":\"user1\",\"features_for_prediction\":[0.5,0.7,0.3]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readValue(response.body(), JsonNode.class);
        assertThat(body.get("user_id").getStringValue()).isEqualTo("user1");
        assertThat(body.get("prediction_score").getFloatValue())
                .isEqualTo(reference.predict(new float[] {0.5f, 0.7f, 0.3f}));
        assertThat(body.get("model_version").getStringValue()).isEqualTo("1.0.0");
        assertThat(body.get("feature_source").getStringValue()).isEqualTo("request");
        assertThat(body.get("features").get("view").getFloatValue()).isEqualTo(0.7f);
        assertThat(body.get("explanation")).isNull();
    }

    @Test
    void explainAddsShapContributionsThatSumToTheMargin() throws IOException {
        HttpResponse<String> response = http.postJson("/predict?explain=true",
                "{\"user_id\":\"user1\",\"features_for_prediction\":[0.5,0.7,0.3]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode explanation = json.readValue(response.body(), JsonNode.class).get("explanation");
        double margin = explanation.get("bias").getDoubleValue();
        for (String name : new String[] {"click", "view", "purchase"}) {
            margin += explanation.get("contributions").get(name).getDoubleValue();
        }
        float score = reference.predict(new float[] {0.5f, 0.7f, 0.3f});
        assertThat(1 / (1 + Math.exp(-margin))).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void explainCanAlsoBeAskedForInTheBody() throws IOException {
        HttpResponse<String> response = http.postJson("/predict",
                "{\"user_id\":\"user1\",\"features_for_prediction\":[0.5,0.7,0.3],\"explain\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readValue(response.body(), JsonNode.class).get("explanation").get("bias")).isNotNull();
    }

    @Test
    void looksUpTheLatestValueOfEachFeatureWhenNoneAreSent() throws IOException {
        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"user-history\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readValue(response.body(), JsonNode.class);
        assertThat(body.get("feature_source").getStringValue()).isEqualTo("feature_store");
        assertThat(body.get("features").get("click").getFloatValue()).isEqualTo(0.5f);
        assertThat(body.get("features").get("view").getFloatValue()).isEqualTo(0.7f);
        assertThat(body.get("features").get("purchase").getFloatValue()).isEqualTo(0.3f);
        assertThat(body.get("prediction_score").getFloatValue())
                .isEqualTo(reference.predict(new float[] {0.5f, 0.7f, 0.3f}));
    }

    @Test
    void featuresTheUserLacksAreMissingValues() throws IOException {
        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"user-partial\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readValue(response.body(), JsonNode.class);
        assertThat(body.get("features").get("click").isNull()).isTrue();
        assertThat(body.get("features").get("view").getFloatValue()).isEqualTo(1.25f);
        assertThat(body.get("features").get("purchase").isNull()).isTrue();
        assertThat(body.get("prediction_score").getFloatValue())
                .isEqualTo(reference.predict(new float[] {Float.NaN, 1.25f, Float.NaN}));
    }

    @Test
    void lookupWithExplainRunsOnTheStoredFeatures() throws IOException {
        HttpResponse<String> response = http.postJson("/predict?explain=true", "{\"user_id\":\"user-partial\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readValue(response.body(), JsonNode.class).get("explanation").get("contributions").size())
                .isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "unknown-user",
        "user-other-only"
    })
    void userWithNoneOfTheModelsFeaturesIsNotFound(String userId) throws IOException {
        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"" + userId + "\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response, 404, "user_id", "user_id '" + userId + "' has no features [click, view, purchase]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "wrong count     | {\"user_id\":\"u\",\"features_for_prediction\":[0.5]}          | features_for_prediction    | features_for_prediction: expected 3 features [click, view, purchase], got 1",
        "too many        | {\"user_id\":\"u\",\"features_for_prediction\":[1,2,3,4]}      | features_for_prediction    | expected 3 features [click, view, purchase], got 4",
        "overflow        | {\"user_id\":\"u\",\"features_for_prediction\":[1,1e400,3]}    | features_for_prediction[1] | features_for_prediction[1] must be a finite number",
        "float overflow  | {\"user_id\":\"u\",\"features_for_prediction\":[1,2,1e39]}     | features_for_prediction[2] | features_for_prediction[2] must be a finite number",
        "string value    | {\"user_id\":\"u\",\"features_for_prediction\":[1,\"2\",3]}    | features_for_prediction[1] | features_for_prediction[1] must be a number, got string",
        "null value      | {\"user_id\":\"u\",\"features_for_prediction\":[null,2,3]}     | features_for_prediction[0] | features_for_prediction[0] must be a number, got null",
        "not an array    | {\"user_id\":\"u\",\"features_for_prediction\":\"1,2,3\"}      | features_for_prediction    | features_for_prediction must be an array of numbers, got string",
        "blank user_id   | {\"user_id\":\"   \",\"features_for_prediction\":[1,2,3]}     | user_id                    | user_id must not be blank",
        "missing user_id | {\"features_for_prediction\":[1,2,3]}                         | user_id                    | user_id is required",
        "numeric user_id | {\"user_id\":42,\"features_for_prediction\":[1,2,3]}           | user_id                    | user_id must be a string, got number",
        "NUL in user_id  | {\"user_id\":\"a\\u0000b\"}                                  | user_id                    | user_id must not contain NUL characters",
        "explain string  | {\"user_id\":\"u\",\"features_for_prediction\":[1,2,3],\"explain\":\"yes\"} | explain  | explain must be true or false, got string"
    })
    void rejectsBadInputNamingTheField(String name, String body, String field, String message) {
        HttpResponse<String> response = http.postJson("/predict", body);

        assertProblem(response, 400, field, message);
    }

    @Test
    void rejectsAnExplainParameterThatIsNotABoolean() {
        HttpResponse<String> response = http.postJson("/predict?explain=maybe",
                "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}");

        assertProblem(response, 400, "explain", "explain must be true or false, got 'maybe'");
    }

    @Test
    void rejectsUserIdLongerThanTheColumn() {
        String userId = "u".repeat(256);
        HttpResponse<String> response = http.postJson("/predict",
                "{\"user_id\":\"" + userId + "\",\"features_for_prediction\":[1,2,3]}");

        assertProblem(response, 400, "user_id", "user_id must be at most 255 characters, got 256");
    }

    @Test
    void acceptsUserIdOfExactlyTheColumnWidth() {
        HttpResponse<String> response = http.postJson("/predict",
                "{\"user_id\":\"" + "u".repeat(255) + "\",\"features_for_prediction\":[1,2,3]}");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aUserIdOf255AstralCharactersThatPostgresStoresIsScoredFromItsFeatures() {
        // 255 code points, 510 UTF-16 units: the transform and VARCHAR(255) both take it.
        String userId = "\uD83D\uDE00".repeat(255);
        TestDatabase.insert(userId, "view", 4.0, Instant.parse("2026-01-05T00:00:00Z"));

        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"" + userId + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"view\":4.0");
        assertProblem(http.postJson("/predict", "{\"user_id\":\"" + userId + "x\"}"), 400, "user_id",
                "user_id must be at most 255 characters, got 256");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "truncated   | {\"user_id\":\"u\",\"features_for_prediction\":[0.5, | malformed JSON",
        "NaN literal | {\"user_id\":\"u\",\"features_for_prediction\":[NaN,1,2]} | malformed JSON",
        "array body  | [0.5,0.7,0.3]                                          | request body must be a JSON object, got array",
        "empty body  | ``                                                     | request body is empty"
    })
    void rejectsBodiesThatAreNotAJsonObject(String name, String body, String message) {
        HttpResponse<String> response = http.postJson("/predict", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains(message);
    }

    @Test
    void rejectsAnotherContentTypeWith415() {
        HttpResponse<String> response = http.post("/predict", "text/plain",
                "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}");

        assertProblem(response, 415, null, "Content Type [text/plain] not allowed");
    }

    @Test
    void rejectsBodiesOverTheLimitWith413() {
        String padding = " ".repeat(5000);
        HttpResponse<String> response = http.postJson("/predict",
                "{\"user_id\":\"u\",\"features_for_prediction\":[1,2,3]}" + padding);

        assertProblem(response, 413, null, "exceeds the maximum allowed content length [4096]");
    }

    @Test
    void aGetOnPredictIsMethodNotAllowed() {
        assertProblem(http.get("/predict"), 405, null, "Method [GET] not allowed");
    }

    @Test
    void unknownPathsAnswerProblemJsonToo() {
        HttpResponse<String> response = http.get("/no-such-endpoint");

        assertProblem(response, 404, null, "Not Found");
    }

    @Test
    void theBenchmarkFloorEndpointExistsOnlyInTheBenchEnvironment() {
        assertThat(http.postJson("/bench/noop", "{}").statusCode()).isEqualTo(404);
    }

    private void assertProblem(HttpResponse<String> response, int status, String field, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        try {
            JsonNode problem = json.readValue(response.body(), JsonNode.class);
            assertThat(problem.get("status").getIntValue()).isEqualTo(status);
            assertThat(problem.get("detail").getStringValue()).contains(detail);
            if (field != null) {
                assertThat(problem.get("field").getStringValue()).isEqualTo(field);
            }
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
