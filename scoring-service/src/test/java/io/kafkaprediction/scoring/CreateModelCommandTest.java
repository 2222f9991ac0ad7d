package io.kafkaprediction.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateModelCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesADemoModelWithTheEventTypeFeatureNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.json");

        int code = run("--output", file.toString(), "--rows", "200", "--seed", "3");

        assertThat(code).isZero();
        assertThat(text(out)).contains("wrote " + file);
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.featureNames()).isEqualTo(List.of("click", "view", "purchase"));
            assertThat(model.objective()).isEqualTo("binary:logistic");
        }
    }

    @Test
    void namesTheFeaturesWithDefinitions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("windowed.json");

        int code = run("--output", file.toString(), "--rows", "200", "--features", "click:count:1h,view:avg:30m,click:age");

        assertThat(code).isZero();
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.featureNames()).containsExactly("click:count:1h", "view:avg:30m", "click:age");
        }
    }

    @Test
    void recordsTheGivenVersionInTheModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.json");
        assertThat(run("--output", file.toString(), "--rows", "100", "--version", "1.0.1")).isZero();
        assertThat(text(out)).endsWith("seed 42, version 1.0.1)" + System.lineSeparator());
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.version()).isEqualTo("1.0.1");
        }
        assertThat(run("--output", file.toString(), "--version", " ")).isEqualTo(2);
        assertThat(text(err)).contains("--version must not be blank");
    }

    @Test
    void refusesFeatureNamesTheServiceWouldNotLoad(@TempDir Path dir) {
        assertThat(run("--output", dir.resolve("m.json").toString(), "--features", "click,view:p99:1h,purchase")).isEqualTo(2);
        assertThat(text(err)).contains("create-model: feature 'view:p99:1h': unknown aggregation 'p99'");
        assertThat(run("--features", "click,view", "--feature-count", "2")).isEqualTo(2);
        assertThat(text(err)).contains("give --features or --feature-count, not both");
        assertThat(dir.resolve("m.json")).doesNotExist();
    }

    @Test
    void sizesALargerModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.json");

        int code = run("--output", file.toString(), "--rows", "500", "--feature-count", "12", "--trees", "40",
                "--max-depth", "6");

        assertThat(code).isZero();
        assertThat(text(out)).contains("40 trees of depth <= 6");
        String json = java.nio.file.Files.readString(file);
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.featureNames()).hasSize(12).startsWith("f1", "f2").endsWith("f12");
        }
        assertThat(json).contains("\"num_trees\":\"40\"");
    }

    @Test
    void rejectsSizesBelowOne() {
        assertThat(run("--trees", "0")).isEqualTo(2);
        assertThat(text(err)).contains("--trees must be at least 1, got 0");
        assertThat(run("--feature-count", "0")).isEqualTo(2);
        assertThat(text(err)).contains("--feature-count must be at least 1, got 0");
    }

    @Test
    void rejectsAnUnknownOptionWithUsage() {
        int code = run("--outptu", "m.json");

        assertThat(code).isEqualTo(2);
        assertThat(text(err)).contains("create-model: unknown option --outptu").contains(CreateModelCommand.USAGE);
    }

    @Test
    void rejectsAMissingValue() {
        assertThat(run("--output")).isEqualTo(2);
        assertThat(text(err)).contains("missing value after --output");
    }

    @Test
    void rejectsTooFewRows() {
        assertThat(run("--rows", "3")).isEqualTo(2);
        assertThat(text(err)).contains("--rows must be at least 10, got 3");
    }

    private int run(String... args) {
        return CreateModelCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
