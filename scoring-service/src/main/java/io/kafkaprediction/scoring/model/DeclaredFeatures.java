package io.kafkaprediction.scoring.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaprediction.scoring.model.format.ModelSpec;

/**
 * Load-time check that the trees (or linear weights) use only the features the model declares.
 * XGBoost itself accepts a split on index {@code >= num_feature} and then reads past the row, so
 * such a model would serve scores that change from call to call and explanations that do not add
 * up; it is refused with the first offending node instead.
 */
final class DeclaredFeatures {

    private DeclaredFeatures() {
    }

    /** @throws IllegalArgumentException naming the tree, the node and the index when a split is out of range */
    static void check(JsonNode root, ModelSpec spec) {
        int count = spec.featureNames().size();
        if (spec.trees() != null) {
            for (int t = 0; t < spec.trees().size(); t++) {
                checkTree(spec.trees().get(t), t, spec, count);
            }
        }
        if ("gblinear".equals(spec.boosterName())) {
            JsonNode weights = root.path("learner").path("gradient_booster").path("model").path("weights");
            // One weight per feature plus the bias (single output group; multi-output is refused earlier).
            if (weights.isArray() && weights.size() != count + 1) {
                throw new IllegalArgumentException("the linear model has " + weights.size() + " weights but declares "
                        + count + " features (expected " + (count + 1) + ", one per feature plus the bias)");
            }
        }
    }

    private static void checkTree(JsonNode tree, int t, ModelSpec spec, int count) {
        JsonNode lefts = tree.path("left_children");
        JsonNode splits = tree.path("split_indices");
        for (int i = 0; i < lefts.size() && i < splits.size(); i++) {
            if (lefts.get(i).asInt() == -1) {
                continue; // a leaf: its split index is unused
            }
            int feature = splits.get(i).asInt();
            if (feature < 0 || feature >= count) {
                throw new IllegalArgumentException("tree " + t + " node " + i + " splits on feature index " + feature
                        + ", but the model declares " + count + " features " + spec.featureNames()
                        + " (num_feature " + count + "); the file is inconsistent: retrain or re-export it");
            }
        }
    }
}
