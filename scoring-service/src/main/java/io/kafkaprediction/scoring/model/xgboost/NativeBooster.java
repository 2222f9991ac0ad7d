package io.kafkaprediction.scoring.model.xgboost;

import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The XGBoost4J side of a model: reference predictions and SHAP. Prediction on one shared Booster
 * is thread-safe in XGBoost4J 3.x as long as nobody calls setParam, which this class never does.
 * The read/write lock only keeps {@link #close()} from freeing the native Booster under a call
 * still running on it.
 */
public final class NativeBooster implements AutoCloseable {

    private final Booster booster;
    private final int featureCount;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    public NativeBooster(Booster booster, int featureCount) {
        this.booster = booster;
        this.featureCount = featureCount;
    }

    /** One prediction per row, transformed by the objective, or raw margins. */
    public float[] predict(float[][] rows, boolean margin) {
        float[][] out = call(rows, matrix -> booster.predict(matrix, margin));
        float[] scores = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            scores[i] = out[i][0];
        }
        return scores;
    }

    /** SHAP values of one row: one per feature, then the bias. */
    public float[] contributions(float[] row) {
        return call(new float[][] {row}, matrix -> booster.predictContrib(matrix, 0))[0];
    }

    private float[][] call(float[][] rows, NativeCall body) {
        if (ThreadExecutorMap.currentExecutor() != null) {
            // A native call takes as long as the model makes it; on a Netty event loop it would stall
            // every connection of that loop. Callers hand these calls to a worker thread.
            throw new IllegalStateException("XGBoost4J must not be called on an event loop thread ("
                    + Thread.currentThread().getName() + ")");
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the model's XGBoost4J booster has been closed");
            }
            DMatrix matrix = new DMatrix(flatten(rows), rows.length, featureCount, Float.NaN);
            try {
                return body.apply(matrix);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost4J prediction failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * featureCount];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * featureCount, featureCount);
        }
        return flat;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                booster.dispose();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @FunctionalInterface
    private interface NativeCall {
        float[][] apply(DMatrix matrix) throws XGBoostError;
    }
}
