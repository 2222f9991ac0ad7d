package io.kafkaprediction.scoring.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int ROWS = 500;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void trainsAModelTheServiceLoadsAndScoresWithTheMetricsPrinted() throws Exception {
        Path csv = trainingSet();
        Path model = dir.resolve("models/model.json");

        int code = run("--training-set", csv.toString(), "--label", "label", "--output", model.toString(),
                "--rounds", "50", "--max-depth", "3");

        assertThat(code).as(text(err)).isZero();
        String printed = text(out);
        assertThat(printed).contains("trained binary:logistic on 400 rows, validated on 100 rows",
                "train-logloss", "train-auc", "validation-logloss", "validation-auc",
                "gain click:count:1h", "gain view", "wrote " + model);
        assertThat(Double.parseDouble(value(printed, "validation-auc"))).isGreaterThan(0.8);
        Matcher gain = Pattern.compile("gain click:count:1h (\\S+)").matcher(printed);
        assertThat(gain.find()).isTrue();
        assertThat(Double.parseDouble(gain.group(1))).isPositive();
        assertThat(Files.list(model.getParent())).containsExactly(model); // no temporary file left

        try (LoadedModel loaded = new ModelLoader().load(model, Optional.empty())) {
            assertThat(loaded.featureNames()).containsExactly("click:count:1h", "view", "purchase:age");
            assertThat(loaded.predict(new float[] {9f, 0.5f, Float.NaN})).isGreaterThan(0.6f);
            assertThat(loaded.predict(new float[] {0f, 0.5f, 100f})).isLessThan(0.4f);
        }
    }

    @Test
    void theAttributesAreInTheSavedJson() throws Exception {
        Path model = dir.resolve("model.json");
        assertThat(run("--training-set", trainingSet().toString(), "--label", "label", "--output", model.toString(),
                "--rounds", "20", "--version", "v7")).as(text(err)).isZero();

        JsonNode attributes = new ObjectMapper().readTree(model.toFile()).path("learner").path("attributes");
        assertThat(attributes.path("version").asText()).isEqualTo("v7");
        assertThat(attributes.path("feature_definitions").asText()).isEqualTo("click:count:1h,view,purchase:age");
        assertThat(attributes.path("training_set_from").asText()).isEqualTo(T0.toString());
        assertThat(attributes.path("training_set_to").asText()).isEqualTo(T0.plusSeconds(60L * (ROWS - 1)).toString());
        assertThat(attributes.path("training_set_rows").asText()).isEqualTo("500");
        assertThat(attributes.path("validation_rows").asText()).isEqualTo("100");
        assertThat(attributes.path("validation_auc").asText()).isEqualTo(value(text(out), "validation-auc"));
        assertThat(attributes.path("train_logloss").asText()).isNotEmpty();
    }

    @Test
    void theDefaultVersionIsAContentHashAndTheSameDataGiveTheSameModel() throws Exception {
        Path csv = trainingSet();
        Path first = dir.resolve("a.json");
        Path second = dir.resolve("b.json");
        assertThat(run("--training-set", csv.toString(), "--label", "label", "--output", first.toString(),
                "--rounds", "10")).isZero();
        assertThat(run("--training-set", csv.toString(), "--label", "label", "--output", second.toString(),
                "--rounds", "10", "--features", "click:count:1h,view")).isZero();

        String a = new ObjectMapper().readTree(first.toFile()).at("/learner/attributes/version").asText();
        String b = new ObjectMapper().readTree(second.toFile()).at("/learner/attributes/version").asText();
        assertThat(a).matches("sha256:[0-9a-f]{12}").isNotEqualTo(b);
        assertThat(new ObjectMapper().readTree(second.toFile()).at("/learner/feature_names").toString())
                .isEqualTo("[\"click:count:1h\",\"view\"]");
    }

    @Test
    void theValidationRowsAreTheLatestByTimestampWhateverTheFileOrder() throws IOException {
        TrainingData data = TrainingData.read(new StringReader(Files.readString(trainingSet())), "label", null);

        assertThat(data.validationRows()).hasSize(100);
        Instant lastTrained = data.trainRows().get(data.trainRows().size() - 1).timestamp();
        assertThat(data.trainRows()).allMatch(r -> !r.timestamp().isAfter(lastTrained));
        assertThat(data.validationRows()).allMatch(r -> r.timestamp().isAfter(lastTrained));
        assertThat(data.validationRows().get(0).timestamp()).isEqualTo(T0.plusSeconds(60L * 400));
        assertThat(data.features()).containsExactly("click:count:1h", "view", "purchase:age");
    }

    @Test
    void aNumericLabelTrainsARegressionReportingRmse() throws Exception {
        StringBuilder csv = new StringBuilder("user_id,timestamp,spend,click\n");
        for (int i = 0; i < 100; i++) {
            csv.append("u").append(i).append(',').append(T0.plusSeconds(i)).append(',').append(2.5 * (i % 10))
                    .append(',').append(i % 10).append('\n');
        }
        Path file = dir.resolve("spend.csv");
        Files.writeString(file, csv);
        Path model = dir.resolve("spend.json");

        assertThat(run("--training-set", file.toString(), "--label", "spend", "--output", model.toString(),
                "--rounds", "100", "--eta", "0.3")).as(text(err)).isZero();
        assertThat(text(out)).contains("trained reg:squarederror", "train-rmse", "gain click");
        assertThat(Double.parseDouble(value(text(out), "validation-rmse"))).isLessThan(1.0);
        try (LoadedModel loaded = new ModelLoader().load(model, Optional.empty())) {
            assertThat(loaded.predict(new float[] {8f})).isBetween(18f, 22f);
        }
    }

    @Test
    void aBadRowIsRefusedNamingTheLineAndTheColumn() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "user_id,timestamp,label,click\nu1,2026-03-01T00:00:00Z,1,2\n"
                + "u2,2026-03-01T00:01:00Z,0,lots\nu3,2026-03-01T00:02:00Z,0,1\n");
        Path model = dir.resolve("model.json");

        assertThat(run("--training-set", csv.toString(), "--label", "label", "--output", model.toString())).isEqualTo(1);
        assertThat(text(err)).contains("line 3: click: 'lots' is not a finite number");
        assertThat(model).doesNotExist();

        Files.writeString(csv, "user_id,timestamp,label,click\nu1,2026-03-01T00:00:00Z,1,2\nu2,2026-03-01T00:01:00Z,,1\n");
        assertThat(run("--training-set", csv.toString(), "--label", "label", "--output", model.toString())).isEqualTo(1);
        assertThat(text(err)).contains("line 3: label: the label is missing");
    }

    @Test
    void writesTheNextVersionFolderOfAModelRepositoryAndNeverOverwritesOne() throws Exception {
        Path csv = trainingSet();
        Path repository = dir.resolve("models");
        Files.createDirectories(repository.resolve("churn/3"));
        Files.createDirectories(repository.resolve("churn/.staging-by-hand"));

        assertThat(run("--training-set", csv.toString(), "--label", "label", "--repository", repository.toString(),
                "--model-name", "churn", "--rounds", "10")).as(text(err)).isZero();

        Path written = repository.resolve("churn/4/model.json");
        assertThat(text(out)).contains("wrote " + written.toAbsolutePath());
        try (var folders = Files.list(repository.resolve("churn"))) {
            assertThat(folders.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("3", "4", ".staging-by-hand");
        }
        assertThat(new ObjectMapper().readTree(written.toFile()).at("/learner/attributes/version").asText()).isEqualTo("4");
        try (LoadedModel loaded = new ModelLoader().load(written, Optional.empty())) {
            assertThat(loaded.featureNames()).containsExactly("click:count:1h", "view", "purchase:age");
        }

        assertThat(run("--training-set", csv.toString(), "--label", "label", "--repository", repository.toString(),
                "--model-name", "churn", "--version", "4")).isEqualTo(1);
        assertThat(text(err)).contains("churn/4 exists already: a version is never overwritten");
        assertThat(run("--training-set", csv.toString(), "--label", "label", "--repository", repository.toString(),
                "--output", "m.json")).isEqualTo(2);
        assertThat(text(err)).contains("give exactly one of --output and --repository");
    }

    @Test
    void aMissingOptionOrColumnIsNamed() throws IOException {
        assertThat(run("--training-set", "x.csv", "--output", "m.json")).isEqualTo(2);
        assertThat(text(err)).contains("--label is required");

        Path model = dir.resolve("model.json");
        assertThat(run("--training-set", trainingSet().toString(), "--label", "label", "--output", model.toString(),
                "--features", "click:count:1h,nope")).isEqualTo(1);
        assertThat(text(err)).contains("--features: the training set has no column 'nope'");
    }

    /** Label 1 mostly when click:count:1h is above 3 (10 % flipped); view is noise; rows written shuffled. */
    private Path trainingSet() throws IOException {
        Random random = new Random(42);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            int clicks = random.nextInt(8);
            boolean positive = clicks > 3 ^ random.nextDouble() < 0.1;
            String purchaseAge = random.nextInt(4) == 0 ? "" : Integer.toString(random.nextInt(1000));
            lines.add("u" + (i % 37) + "," + T0.plusSeconds(60L * i) + "," + (positive ? 1 : 0) + ","
                    + clicks + ".0," + String.format(Locale.ROOT, "%.3f", random.nextDouble()) + "," + purchaseAge);
        }
        Collections.shuffle(lines, random);
        Path csv = dir.resolve("train-" + System.nanoTime() + ".csv");
        Files.writeString(csv, "user_id,timestamp,label,click:count:1h,view,purchase:age\n"
                + String.join("\n", lines) + "\n");
        return csv;
    }

    private int run(String... args) {
        return TrainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String value(String printed, String metric) {
        Matcher m = Pattern.compile(metric + " (\\S+)").matcher(printed);
        assertThat(m.find()).as(metric + " in " + printed).isTrue();
        return m.group(1);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
