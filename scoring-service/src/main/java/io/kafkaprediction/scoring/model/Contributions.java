package io.kafkaprediction.scoring.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHAP contributions of one row, in margin (log-odds for logistic objectives) space:
 * {@code bias + sum(perFeature)} is the raw margin of the row.
 *
 * @param perFeature contribution per feature name, in the model's feature order
 * @param bias       the expected margin (XGBoost's last contribution column)
 */
public record Contributions(Map<String, Float> perFeature, float bias) {

    public Contributions {
        perFeature = Collections.unmodifiableMap(new LinkedHashMap<>(perFeature));
    }
}
