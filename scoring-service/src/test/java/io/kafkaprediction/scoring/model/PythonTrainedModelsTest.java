package io.kafkaprediction.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models trained by Python XGBoost (Debian's python3-xgboost) with missing values in the data,
 * saved as JSON and UBJ, scored by the service's loader and compared bit for bit (float32) with
 * Python's own predictions, on random rows and on rows exactly at and next to every split.
 * The script is {@code src/test/resources/python/train_models.py}; its output goes to a temp dir.
 */
class PythonTrainedModelsTest {

    static final Path PYTHON = Path.of(System.getProperty("python.binary", "/usr/bin/python3"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path out;

    private static JsonNode manifest;
    private static String unavailable;

    static Stream<Arguments> models() {
        return Stream.of("binary:logistic", "reg:squarederror", "reg:logistic", "binary:logitraw",
                        "reg:squaredlogerror", "reg:pseudohubererror", "reg:absoluteerror")
                .flatMap(objective -> Stream.of(Arguments.of(objective, "json"), Arguments.of(objective, "ubj")));
    }

    /** In each test, not in a @BeforeAll: Surefire reports a skipped test, but not a skipped class. */
    @BeforeEach
    void trainInPython() throws Exception {
        synchronized (PythonTrainedModelsTest.class) {
            if (manifest == null && unavailable == null) {
                unavailable = runScript();
            }
        }
        // CI installs python3-xgboost (.ci/run): there a missing Python is a failure, not a skip.
        assertThat(unavailable == null || !"true".equals(System.getenv("CI"))).as(unavailable).isTrue();
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @ParameterizedTest(name = "{0} saved as {1}")
    @MethodSource("models")
    void scoresEqualPythonBitForBit(String objective, String format) throws Exception {
        String name = objective.replace(':', '-');
        float[][] rows = rows(name);
        float[] python = floats(out.resolve(name + ".scores.f32"));
        assertThat(python).hasSize(rows.length);

        try (LoadedModel model = new ModelLoader().load(out.resolve(name + "." + format), Optional.empty())) {
            assertThat(model.objective()).isEqualTo(objective);
            assertThat(model.featureNames()).containsExactly("click", "view", "purchase", "signup");
            List<String> mismatches = new ArrayList<>();
            float[] batch = model.predictBatch(rows);
            for (int i = 0; i < rows.length; i++) {
                float single = model.predict(rows[i]);
                if (bits(single) != bits(python[i]) || bits(batch[i]) != bits(python[i])) {
                    mismatches.add("row " + i + " " + java.util.Arrays.toString(rows[i]) + ": service " + single
                            + " (batch " + batch[i] + "), Python " + python[i]);
                }
            }
            assertThat(mismatches).as("%s engine %s, %d rows", objective, model.engine(), rows.length).isEmpty();
        }
    }

    @Test
    void refusesPoissonModelNamingTheObjective() {
        assertThatThrownBy(() -> new ModelLoader().load(out.resolve("count-poisson.json"), Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unsupported objective 'count:poisson'");
    }

    @Test
    void pythonWroteEveryModelItWasAskedFor() {
        assertThat(manifest.path("xgboost").asText()).isNotBlank();
        List<String> objectives = new ArrayList<>();
        manifest.path("models").forEach(m -> objectives.add(m.path("objective").asText()));
        assertThat(objectives).containsAll(models().map(a -> (String) a.get()[0]).distinct().toList())
                .contains("count:poisson");
    }

    /** Runs the training script; returns why it could not run, or null when it did. */
    private static String runScript() throws IOException, InterruptedException, URISyntaxException {
        String install = "needs " + PYTHON + " with xgboost: apt-get install python3-xgboost";
        if (!Files.isExecutable(PYTHON)) {
            return install;
        }
        Path script = Path.of(PythonTrainedModelsTest.class.getResource("/python/train_models.py").toURI());
        Path log = out.resolve("python.log");
        Process python = new ProcessBuilder(PYTHON.toString(), script.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!python.waitFor(5, TimeUnit.MINUTES)) {
            python.destroyForcibly();
            throw new IllegalStateException("train_models.py still running after 5 minutes");
        }
        String output = Files.readString(log);
        if (python.exitValue() != 0) {
            if (output.contains("No module named 'xgboost'") || output.contains("No module named 'numpy'")) {
                return install + " (" + output.strip().lines().reduce((a, b) -> b).orElse("") + ")";
            }
            throw new IllegalStateException("train_models.py failed with exit code " + python.exitValue() + ":\n"
                    + output);
        }
        manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        return null;
    }

    private static float[][] rows(String name) throws IOException {
        JsonNode entry = null;
        for (JsonNode m : manifest.path("models")) {
            if (m.path("name").asText().equals(name)) {
                entry = m;
            }
        }
        assertThat(entry).as("model %s in manifest.json", name).isNotNull();
        int features = entry.path("features").asInt();
        float[] flat = floats(out.resolve(name + ".rows.f32"));
        assertThat(flat).hasSize(entry.path("rows").asInt() * features);
        float[][] rows = new float[flat.length / features][features];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * features, rows[i], 0, features);
        }
        return rows;
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /** Raw bits: NaN payloads and the sign of zero count too. */
    private static int bits(float value) {
        return Float.floatToRawIntBits(value);
    }
}
