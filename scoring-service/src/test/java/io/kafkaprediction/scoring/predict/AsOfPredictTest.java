package io.kafkaprediction.scoring.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoader;
import io.kafkaprediction.scoring.support.Http;
import io.kafkaprediction.scoring.support.TestDatabase;
import io.kafkaprediction.scoring.support.TestModels;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /predict by user_id for a model whose feature names are windowed definitions, now and as_of. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsOfPredictTest implements TestPropertyProvider {

    private static final List<String> NAMES = List.of("click:count:1h", "view:avg:30m", "click:age");
    private static final Instant T = Instant.parse("2026-02-01T12:00:00Z");

    private LoadedModel reference;
    private Path modelFile;
    private Http http;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Path model;
        try {
            model = TestModels.withFeatureNames(TestModels.demo(Files.createTempDirectory("as-of").resolve("model.json"), 5),
                    NAMES);
            reference = new ModelLoader().load(model, Optional.empty());
            modelFile = model;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> props = new HashMap<>();
        TestDatabase.datasourceProperties().forEach((k, v) -> props.put(k, String.valueOf(v)));
        props.put("scoring.model.path", model.toString());
        return props;
    }

    @BeforeAll
    void seed() {
        http = new Http(server.getURL());
        for (long minutes : new long[] {90, 50, 10}) {
            event("w-user", "click", 1.0, T.minus(minutes, ChronoUnit.MINUTES), 0);
        }
        event("w-user", "view", 2.0, T.minus(40, ChronoUnit.MINUTES), 0);
        event("w-user", "view", 4.0, T.minus(20, ChronoUnit.MINUTES), 0);
        // Late: happened 5 minutes before T, landed an hour after it.
        event("w-user", "view", 9.0, T.minus(5, ChronoUnit.MINUTES), 65);
        Instant now = Instant.now();
        for (long minutes : new long[] {120, 30, 1}) {
            TestDatabase.insert("w-now", "click", 1.0, now.minus(minutes, ChronoUnit.MINUTES));
        }
    }

    @AfterAll
    void close() {
        reference.close();
    }

    @Test
    void computesEveryWindowedFeatureAsOfTheInstant() throws IOException {
        JsonNode body = ok("{\"user_id\":\"w-user\",\"as_of\":\"2026-02-01T13:00:00+01:00\"}");

        assertThat(features(body)).containsExactly(2.0f, 6.5f, 600.0f);
        assertThat(body.get("prediction_score").getFloatValue()).isEqualTo(reference.predict(new float[] {2f, 6.5f, 600f}));
        assertThat(body.get("as_of").getStringValue()).isEqualTo("2026-02-01T12:00:00Z");
        assertThat(body.get("semantics").getStringValue()).isEqualTo("event");
        assertThat(body.get("feature_source").getStringValue()).isEqualTo("feature_store");
    }

    @Test
    void arrivalSemanticsLeavesOutTheEventThatLandedLater() throws IOException {
        JsonNode body = ok("{\"user_id\":\"w-user\",\"as_of\":" + T.toEpochMilli() + ",\"semantics\":\"arrival\"}");

        assertThat(features(body)).containsExactly(2.0f, 4.0f, 600.0f);
        assertThat(body.get("semantics").getStringValue()).isEqualTo("arrival");
    }

    @Test
    void anEmptyWindowCountsZeroAndAveragesToMissing() throws IOException {
        JsonNode body = ok("{\"user_id\":\"w-user\",\"as_of\":\"2026-02-01T14:00:00Z\"}");

        assertThat(body.get("features").get("click:count:1h").getFloatValue()).isEqualTo(0f);
        assertThat(body.get("features").get("view:avg:30m").isNull()).isTrue();
        assertThat(body.get("features").get("click:age").getFloatValue()).isEqualTo(7800f);
    }

    @Test
    void withoutAsOfTheFeaturesAreComputedAtNowAndNotEchoed() throws IOException {
        JsonNode body = ok("{\"user_id\":\"w-now\"}");

        assertThat(body.get("features").get("click:count:1h").getFloatValue()).isEqualTo(2f);
        assertThat(body.get("features").get("view:avg:30m").isNull()).isTrue();
        assertThat(body.get("features").get("click:age").getFloatValue()).isBetween(60f, 600f);
        assertThat(body.get("as_of")).isNull();
        assertThat(body.get("semantics")).isNull();
    }

    @Test
    void aLiveRequestWithSemanticsEchoesTheInstantItReadAtAndAsOfThatInstantAnswersTheSame() throws IOException {
        Instant before = Instant.now();
        JsonNode live = ok("{\"user_id\":\"w-now\",\"semantics\":\"arrival\"}");
        Instant after = Instant.now();

        Instant at = Instant.parse(live.get("as_of").getStringValue());
        assertThat(at).isBetween(before.truncatedTo(ChronoUnit.MICROS), after);
        assertThat(at.getNano() % 1_000).as("PostgreSQL's precision: whole microseconds").isZero();
        assertThat(live.get("semantics").getStringValue()).isEqualTo("arrival");
        JsonNode again = ok("{\"user_id\":\"w-now\",\"as_of\":\"" + at + "\",\"semantics\":\"arrival\"}");
        for (String name : NAMES) {
            JsonNode a = live.get("features").get(name);
            JsonNode b = again.get("features").get(name);
            assertThat(b.isNull()).as(name).isEqualTo(a.isNull());
            if (!a.isNull()) {
                assertThat(Double.doubleToLongBits(b.getDoubleValue())).as(name).isEqualTo(Double.doubleToLongBits(a.getDoubleValue()));
            }
        }
        assertThat(again.get("prediction_score").getFloatValue()).isEqualTo(live.get("prediction_score").getFloatValue());
    }

    @Test
    void aUserWithNoEventsYetAtAsOfIsNotFound() throws IOException {
        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"w-user\",\"as_of\":\"2026-01-01T00:00:00Z\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("user_id 'w-user' has no features [click:count:1h, view:avg:30m, click:age] "
                + "in the feature store as of 2026-01-01T00:00:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"as_of\":\"2999-01-01T00:00:00Z\"  | as_of | as_of 2999-01-01T00:00:00Z is in the future (now is ",
            "\"as_of\":\"yesterday\"             | as_of | as_of must be an ISO-8601 time with offset (2026-01-20T15:00:00Z) or epoch milliseconds, got 'yesterday'",
            "\"as_of\":\"2026-01-20T15:00:00\"   | as_of | as_of must be an ISO-8601 time with offset",
            "\"as_of\":1.5                       | as_of | as_of in epoch milliseconds must be a whole number, got 1.5",
            "\"as_of\":true                      | as_of | as_of must be an ISO-8601 time with offset (2026-01-20T15:00:00Z) or epoch milliseconds, got boolean",
            "\"as_of\":99999999999999999999999   | as_of | as_of must be an ISO-8601 time with offset",
            "\"semantics\":\"processing\"        | semantics | semantics must be 'event' or 'arrival', got 'processing'",
            "\"semantics\":\"EVENT\"             | semantics | semantics must be 'event' or 'arrival', got 'EVENT'",
            "\"semantics\":1                     | semantics | semantics must be 'event' or 'arrival', got number",
            "\"as_of\":\"2026-01-20T15:00:00Z\",\"features_for_prediction\":[1,2,3] | as_of | as_of applies to features read from the feature store; omit features_for_prediction to use it"})
    void badAsOfOrSemanticsIsA400NamingTheField(String fields, String field, String detail) throws IOException {
        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"w-user\"," + fields + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json.readValue(response.body(), JsonNode.class);
        assertThat(body.get("field").getStringValue()).isEqualTo(field);
        assertThat(body.get("detail").getStringValue()).startsWith(detail);
    }

    /**
     * Training and serving agree: for random users and instants over random events (late arrivals
     * included), each training-set row equals /predict with as_of bit for bit, in both semantics.
     */
    @ParameterizedTest
    @CsvSource({"event", "arrival"})
    void aTrainingSetRowEqualsPredictAsOfBitForBit(String semantics) throws IOException {
        Instant start = Instant.parse("2026-02-10T00:00:00Z");
        java.util.SplittableRandom random = new java.util.SplittableRandom(semantics.hashCode());
        String prefix = "bb-" + semantics + "-";
        for (int u = 0; u < 4; u++) {
            long at = start.toEpochMilli();
            for (int i = 0; i < 60; i++) {
                at += 1 + random.nextLong(240_000);
                long late = random.nextInt(5) == 0 ? random.nextLong(3_600_000) : random.nextLong(1_000);
                Instant when = Instant.ofEpochMilli(at);
                TestDatabase.insert(prefix + u, random.nextBoolean() ? "click" : "view", random.nextDouble(-1e3, 1e3),
                        when, when.plusMillis(late));
            }
        }
        StringBuilder entities = new StringBuilder("user_id,timestamp\n");
        List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String user = prefix + random.nextInt(4);
            String t = Instant.ofEpochMilli(start.toEpochMilli() + random.nextLong(4 * 3_600_000L)).toString();
            entities.append(user).append(',').append(t).append('\n');
            rows.add(new String[] {user, t});
        }
        Path dir = Files.createTempDirectory("bit-for-bit");
        Files.writeString(dir.resolve("entities.csv"), entities);
        Map<String, String> env = Map.of("DATABASE_URL", TestDatabase.jdbcUrl(), "DATABASE_USER", "postgres",
                "DATABASE_PASSWORD", "postgres");
        int code = io.kafkaprediction.scoring.training.TrainingSetCommand.run(new String[] {"--entities",
                dir.resolve("entities.csv").toString(), "--model", modelFile.toString(), "--semantics", semantics,
                "--output", dir.resolve("train.csv").toString()}, env, System.out, System.err);
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("train.csv"));
        assertThat(lines).hasSize(rows.size() + 1);

        int compared = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = lines.get(i + 1).split(",", -1);
            HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"" + rows.get(i)[0]
                    + "\",\"as_of\":\"" + rows.get(i)[1] + "\",\"semantics\":\"" + semantics + "\"}");
            if (response.statusCode() == 404) {
                // No event yet at t: /predict has nothing to score, the training set has empty windows.
                assertThat(cells).as(lines.get(i + 1)).containsExactly(rows.get(i)[0], rows.get(i)[1], "0.0", "", "");
                continue;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode features = json.readValue(response.body(), JsonNode.class).get("features");
            for (int f = 0; f < NAMES.size(); f++) {
                JsonNode served = features.get(NAMES.get(f));
                String cell = cells[2 + f];
                if (served.isNull()) {
                    assertThat(cell).as("%s %s", rows.get(i)[1], NAMES.get(f)).isEmpty();
                } else {
                    assertThat(Double.doubleToLongBits(Double.parseDouble(cell))).as("%s %s: %s vs %s", rows.get(i)[1],
                            NAMES.get(f), cell, served).isEqualTo(Double.doubleToLongBits(served.getDoubleValue()));
                    compared++;
                }
            }
        }
        assertThat(compared).as("features compared").isGreaterThan(60);
    }

    private static void event(String user, String type, double value, Instant at, long arrivesMinutesLater) {
        TestDatabase.insert(user, type, value, at, at.plus(arrivesMinutesLater, ChronoUnit.MINUTES));
    }

    private JsonNode ok(String request) throws IOException {
        HttpResponse<String> response = http.postJson("/predict", request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readValue(response.body(), JsonNode.class);
    }

    private static float[] features(JsonNode body) {
        float[] values = new float[NAMES.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = body.get("features").get(NAMES.get(i)).getFloatValue();
        }
        return values;
    }
}
