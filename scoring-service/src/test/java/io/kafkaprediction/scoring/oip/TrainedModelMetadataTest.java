package io.kafkaprediction.scoring.oip;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.kafkaprediction.scoring.training.TrainCommand;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

/**
 * Models written by {@code train} into a model repository, served: {@code /v2/models/{name}} and
 * {@code /v2/models/{name}/versions/{v}} show what {@code train} recorded in the model's attributes.
 */
@MicronautTest
class TrainedModelMetadataTest extends ServiceTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int ROWS = 600;

    /** What each {@code train} run printed, by version. */
    private final Map<String, String> printed = new HashMap<>();

    @Override
    public Map<String, String> getProperties() {
        Path root = ServiceProperties.temporaryDirectory("trained-metadata");
        Path models = root.resolve("models");
        try {
            Path csv = trainingSet(root);
            train("1", "--training-set", csv.toString(), "--label", "label", "--repository", models.toString(),
                    "--rounds", "10", "--max-depth", "3");
            train("2", "--training-set", csv.toString(), "--label", "label", "--repository", models.toString(),
                    "--rounds", "15", "--max-depth", "3", "--features", "click:count:1h", "--version", "2");
            // Another tool's attributes next to train's: a JSON object (as Python's scikit-learn wrapper
            // stores its parameters) and a string that only starts like JSON.
            Path second = models.resolve("model/2/model.json");
            Booster booster = XGBoost.loadModel(second.toString());
            try {
                booster.setAttr("reviewed_by", "{\"team\": \"growth\", \"checks\": [1, 2]}");
                booster.setAttr("note", "[draft] retrain weekly");
                Files.write(second, booster.toByteArray("json"));
            } finally {
                booster.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
        return Map.of("scoring.model.path", models.toString());
    }

    @Test
    void theModelMetadataShowsTheVersionDefinitionsTimeRangeRowsAndMetricsTrainRecorded() throws IOException {
        JsonNode body = ok(http.get("/v2/models/model"));

        assertThat(body.get("versions").get(0).getStringValue()).isEqualTo("1");
        assertThat(body.get("versions").get(1).getStringValue()).isEqualTo("2");
        JsonNode attributes = body.get("attributes");
        assertThat(attributes.get("version").getStringValue()).isEqualTo("2");
        assertThat(attributes.get("feature_definitions").getStringValue()).isEqualTo("click:count:1h");
        assertThat(attributes.get("training_set_from").getStringValue()).isEqualTo(T0.toString());
        assertThat(attributes.get("training_set_to").getStringValue())
                .isEqualTo(T0.plusSeconds(60L * (ROWS - 1)).toString());
        assertThat(attributes.get("training_set_rows").getStringValue()).isEqualTo("600");
        assertThat(attributes.get("validation_rows").getStringValue()).isEqualTo("120");
        for (String metric : List.of("train-logloss", "train-auc", "validation-logloss", "validation-auc")) {
            assertThat(attributes.get(metric.replace('-', '_')).getStringValue()).as(metric)
                    .isEqualTo(value(printed.get("2"), metric));
        }
    }

    @Test
    void aVersionsMetadataShowsThatVersionsOwnAttributes() throws IOException {
        JsonNode attributes = ok(http.get("/v2/models/model/versions/1")).get("attributes");

        assertThat(attributes.get("version").getStringValue()).isEqualTo("1");
        assertThat(attributes.get("feature_definitions").getStringValue()).isEqualTo("click:count:1h,view");
        assertThat(attributes.get("training_set_rows").getStringValue()).isEqualTo("600");
        assertThat(attributes.get("validation_auc").getStringValue()).isEqualTo(value(printed.get("1"), "validation-auc"));
        assertThat(attributes.get("reviewed_by")).as("version 2's attribute").isNull();
    }

    @Test
    void anAttributeHoldingAJsonObjectIsShownParsedAndOtherTextStaysAString() throws IOException {
        JsonNode attributes = ok(http.get("/v2/models/model")).get("attributes");

        JsonNode reviewed = attributes.get("reviewed_by");
        assertThat(reviewed.isObject()).as("%s", reviewed).isTrue();
        assertThat(reviewed.get("team").getStringValue()).isEqualTo("growth");
        assertThat(reviewed.get("checks").get(1).getIntValue()).isEqualTo(2);
        assertThat(attributes.get("note").getStringValue()).isEqualTo("[draft] retrain weekly");
    }

    private void train(String version, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        printed.put(version, out.toString(StandardCharsets.UTF_8));
    }

    /** Clicks in the last hour raise the label's chance; rows shuffled, so the time range is not the file order. */
    private static Path trainingSet(Path dir) throws IOException {
        Random random = new Random(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            int clicks = random.nextInt(8);
            boolean positive = clicks > 3 ^ random.nextDouble() < 0.1;
            lines.add("u" + (i % 41) + "," + T0.plusSeconds(60L * i) + "," + (positive ? 1 : 0) + "," + clicks + ".0,"
                    + String.format(Locale.ROOT, "%.3f", random.nextDouble()));
        }
        Collections.shuffle(lines, random);
        Path csv = dir.resolve("train.csv");
        Files.writeString(csv, "user_id,timestamp,label,click:count:1h,view\n" + String.join("\n", lines) + "\n");
        return csv;
    }

    private static String value(String printed, String metric) {
        Matcher m = Pattern.compile(metric + " (\\S+)").matcher(printed);
        assertThat(m.find()).as(metric + " in " + printed).isTrue();
        return m.group(1);
    }

    private JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readValue(response.body(), JsonNode.class);
    }
}
