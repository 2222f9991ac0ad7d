package io.kafkaprediction.scoring.benchmarks;

import io.kafkaprediction.scoring.demo.DemoModel;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-row cost of scoring the demo model: our tree evaluator against XGBoost4J one row per call
 * (what the service would pay without the evaluator) and XGBoost4J 1024-row batches. Every
 * figure is nanoseconds per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModelBenchmark {

    private static final int BATCH = 1024;
    private static final int FEATURES = DemoModel.FEATURE_NAMES.size();

    private Path dir;
    private LoadedModel model;
    private Booster booster;
    private float[][] rows;
    private float[] flat;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("model-benchmark");
        Path file = DemoModel.train(dir.resolve("model.json"), 10_000, 42L);
        model = new ModelLoader().load(file, Optional.empty());
        if (!LoadedModel.ENGINE_TREE_WALK.equals(model.engine())) {
            throw new IllegalStateException("expected the tree-walk engine, got " + model.engine());
        }
        booster = XGBoost.loadModel(file.toString());
        // As the service's fallback engine: one OpenMP thread per call.
        booster.setParam("nthread", 1);
        SplittableRandom random = new SplittableRandom(7L);
        rows = new float[BATCH][FEATURES];
        flat = new float[BATCH * FEATURES];
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < FEATURES; j++) {
                float value = random.nextInt(10) == 0 ? Float.NaN : (float) random.nextDouble();
                rows[i][j] = value;
                flat[i * FEATURES + j] = value;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        model.close();
        booster.dispose();
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private float[] nextRow() {
        return rows[next++ & (BATCH - 1)];
    }

    @Benchmark
    public float evaluatorSingleRow() {
        return model.predict(nextRow());
    }

    @Benchmark
    public float xgboost4jSingleRowDMatrix() throws XGBoostError {
        DMatrix matrix = new DMatrix(nextRow(), 1, FEATURES, Float.NaN);
        try {
            return booster.predict(matrix)[0][0];
        } finally {
            matrix.dispose();
        }
    }

    @Benchmark
    public float xgboost4jSingleRowInplace() throws XGBoostError {
        return booster.inplace_predict(nextRow(), 1, FEATURES, Float.NaN)[0][0];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[] evaluatorBatch1024() {
        return model.predictBatch(rows);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[][] xgboost4jBatch1024() throws XGBoostError {
        DMatrix matrix = new DMatrix(flat, BATCH, FEATURES, Float.NaN);
        try {
            return booster.predict(matrix);
        } finally {
            matrix.dispose();
        }
    }
}
