package io.kafkaprediction.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaprediction.scoring.demo.DemoModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedWritesTheSameFileTwice() throws Exception {
        Path first = DemoModel.train(dir.resolve("a/model.json"), 2_000, 42L);
        Path second = DemoModel.train(dir.resolve("b/model.json"), 2_000, 42L);
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        try (LoadedModel a = new ModelLoader().load(first, Optional.empty());
             LoadedModel b = new ModelLoader().load(second, Optional.empty())) {
            assertThat(a.version()).isEqualTo(b.version());
            float[][] rows = Fixtures.rows(1_000, 3, 2L);
            assertThat(a.predictBatch(rows)).containsExactly(b.predictBatch(rows));
        }
    }

    @Test
    void otherSeedWritesAnotherModel() throws Exception {
        Path first = DemoModel.train(dir.resolve("a.json"), 2_000, 42L);
        Path second = DemoModel.train(dir.resolve("b.json"), 2_000, 43L);
        assertThat(Files.readAllBytes(first)).isNotEqualTo(Files.readAllBytes(second));
    }

    @Test
    void savesFeatureNamesThatLoadBack() throws Exception {
        Path json = DemoModel.train(dir.resolve("model.json"), 1_000, 1L);
        Path ubj = DemoModel.train(dir.resolve("model.ubj"), 1_000, 1L);
        assertThat(Files.readString(json)).contains("\"feature_names\":[\"click\",\"view\",\"purchase\"]");
        assertThat(Files.readAllBytes(ubj)[1]).isEqualTo((byte) 'L');
        try (LoadedModel fromJson = new ModelLoader().load(json, Optional.empty());
             LoadedModel fromUbj = new ModelLoader().load(ubj, Optional.empty())) {
            assertThat(fromJson.featureNames()).isEqualTo(DemoModel.FEATURE_NAMES);
            assertThat(fromUbj.featureNames()).isEqualTo(DemoModel.FEATURE_NAMES);
            assertThat(fromJson.objective()).isEqualTo("binary:logistic");
            assertThat(fromJson.engine()).isEqualTo("tree-walk");
        }
    }

    @Test
    void learnsTheSumAboveOneAndAHalfRule() throws Exception {
        Path file = DemoModel.train(dir.resolve("model.json"), 10_000, 42L);
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.predict(new float[] {0.9f, 0.8f, 0.7f})).isGreaterThan(0.9f);
            assertThat(model.predict(new float[] {0.1f, 0.2f, 0.3f})).isLessThan(0.1f);
            float[][] rows = Fixtures.rows(2_000, 3, 9L);
            int agree = 0;
            int judged = 0;
            for (float[] row : rows) {
                if (Float.isNaN(row[0]) || Float.isNaN(row[1]) || Float.isNaN(row[2])) {
                    continue;
                }
                for (int j = 0; j < 3; j++) {
                    row[j] = Math.abs(row[j]) % 1f;
                }
                judged++;
                boolean positive = model.predict(row) > 0.5f;
                if (positive == (DemoModel.label(row[0] + row[1] + row[2]) == 1f)) {
                    agree++;
                }
            }
            assertThat((double) agree / judged).isGreaterThan(0.95);
        }
    }

    @Test
    void labelIsOneAboveOneAndAHalf() {
        assertThat(DemoModel.label(1.51f)).isEqualTo(1f);
        assertThat(DemoModel.label(1.5f)).isEqualTo(0f);
        assertThat(DemoModel.label(0.2f)).isEqualTo(0f);
    }

    @Test
    void rejectsTooFewRows() {
        assertThatThrownBy(() -> DemoModel.train(dir.resolve("model.json"), 5, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows must be at least 10, got 5");
    }
}
