package io.kafkaprediction.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrencyAndFallbackTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "booster {0}")
    @ValueSource(strings = {"gbtree", "gblinear"})
    void sharedModelGivesTheSameScoresFromManyThreads(String boosterType) throws Exception {
        Fixtures.Spec spec = new Fixtures.Spec(boosterType, "binary:logistic", 3, 1000, 10, 0.1,
                Map.of("booster", boosterType));
        Path file = Fixtures.train(spec, dir.resolve(boosterType + ".json"), 2L);
        float[][] rows = Fixtures.rows(400, 3, 4L);
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.engine()).isEqualTo("gbtree".equals(boosterType) ? "tree-walk" : "xgboost4j");
            float[] expected = model.predictBatch(rows);
            float expectedBias = model.explain(rows[0]).bias();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> mismatches = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int offset = t * 50;
                    mismatches.add(pool.submit(() -> {
                        int wrong = 0;
                        for (int i = 0; i < rows.length; i++) {
                            int k = (i + offset) % rows.length;
                            wrong += model.predict(rows[k]) == expected[k] ? 0 : 1;
                            if (i % 40 == 0) {
                                wrong += model.explain(rows[0]).bias() == expectedBias ? 0 : 1;
                            }
                        }
                        return wrong;
                    }));
                }
                for (Future<Integer> wrong : mismatches) {
                    assertThat(wrong.get()).isZero();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void categoricalModelIsServedByXgboost4jWithTheReason() throws Exception {
        Path file = TestModels.categorical(dir.resolve("categorical.json"), 2000);

        float[][] sample = {{0f, 0.5f}, {3f, 0.5f}, {5f, Float.NaN}, {Float.NaN, 0.1f}};
        float[] expected = Fixtures.xgboostScores(file, sample);
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.engine()).isEqualTo("xgboost4j");
            assertThat(model.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason).contains("categorical"));
            assertThat(model.predictBatch(sample)).containsExactly(expected);
        }
    }
}
