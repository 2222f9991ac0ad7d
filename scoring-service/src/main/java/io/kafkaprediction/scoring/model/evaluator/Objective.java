package io.kafkaprediction.scoring.model.evaluator;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Objectives that give one score per row, with the output transform and the base_score link as
 * XGBoost 3.x computes them in float ({@code src/objective/regression_loss.h}).
 */
public enum Objective {
    BINARY_LOGISTIC("binary:logistic", true),
    REG_LOGISTIC("reg:logistic", true),
    BINARY_LOGITRAW("binary:logitraw", false),
    REG_SQUAREDERROR("reg:squarederror", false),
    REG_SQUAREDLOGERROR("reg:squaredlogerror", false),
    REG_PSEUDOHUBERERROR("reg:pseudohubererror", false),
    REG_ABSOLUTEERROR("reg:absoluteerror", false);

    /** XGBoost clamps a logistic base_score into [kRtEps, 1 - kRtEps] before the logit. */
    private static final float RT_EPS = 1e-6f;

    private final String xgboostName;
    private final boolean sigmoid;

    Objective(String xgboostName, boolean sigmoid) {
        this.xgboostName = xgboostName;
        this.sigmoid = sigmoid;
    }

    public String xgboostName() {
        return xgboostName;
    }

    public static Optional<Objective> byName(String name) {
        return Arrays.stream(values()).filter(o -> o.xgboostName.equals(name)).findFirst();
    }

    public static List<String> supportedNames() {
        return Arrays.stream(values()).map(Objective::xgboostName).toList();
    }

    /** Margin to score, as XGBoost's {@code PredTransform}. */
    public float transform(float margin) {
        return sigmoid ? FloatMath.sigmoid(margin) : margin;
    }

    /**
     * base_score (user space) to margin, as XGBoost's {@code ProbToMargin}. The loader prefers
     * the margin XGBoost itself reports, since {@code logf} and {@link Math#log} may differ in
     * the last bit; this is the fallback.
     */
    public float baseMargin(float baseScore) {
        if (this != BINARY_LOGISTIC && this != REG_LOGISTIC) {
            return baseScore;
        }
        float p = Math.min(Math.max(baseScore, RT_EPS), 1.0f - RT_EPS);
        return -(float) Math.log(1.0f / p - 1.0f);
    }
}
