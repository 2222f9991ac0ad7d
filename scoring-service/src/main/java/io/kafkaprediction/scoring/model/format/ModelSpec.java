package io.kafkaprediction.scoring.model.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaprediction.scoring.model.evaluator.Objective;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the service needs to know about an XGBoost model document (JSON schema of XGBoost 2.x/3.x,
 * {@code doc/model.schema}), checked: one score per row, a supported objective, consistent
 * feature names.
 *
 * @param objective     the supported objective
 * @param baseScore     base_score in user space (a probability for logistic objectives)
 * @param featureNames  the model's feature names, or f0..fN-1 when it has none
 * @param boosterName   gbtree, dart or gblinear
 * @param trees         the tree array of a gbtree/dart model, else null
 * @param weightDrop    per-tree weights of a model trained with dropout, else null
 */
public record ModelSpec(Objective objective, float baseScore, List<String> featureNames, String boosterName,
                        JsonNode trees, JsonNode weightDrop) {

    /** Reads and checks the document; the message of the exception says what is wrong. */
    public static ModelSpec from(JsonNode root) {
        JsonNode learner = root.path("learner");
        if (!learner.isObject()) {
            throw new IllegalArgumentException("not an XGBoost model: the document has no 'learner' object");
        }
        String objectiveName = learner.path("objective").path("name").asText("");
        JsonNode param = learner.path("learner_model_param");
        int numClass = intParam(param, "num_class", 0);
        int numTarget = intParam(param, "num_target", 1);
        if (numClass > 1 || objectiveName.startsWith("multi:")) {
            throw new IllegalArgumentException("objective '" + objectiveName + "' with " + Math.max(numClass, 1)
                    + " classes gives one score per class; the service needs one score per row: train with one of "
                    + Objective.supportedNames());
        }
        if (numTarget > 1) {
            throw new IllegalArgumentException("the model has " + numTarget
                    + " targets; the service needs one score per row (num_target 1)");
        }
        Objective objective = Objective.byName(objectiveName).orElseThrow(() -> new IllegalArgumentException(
                "unsupported objective '" + objectiveName + "': supported are " + Objective.supportedNames()));

        int numFeature = intParam(param, "num_feature", -1);
        if (numFeature < 1) {
            throw new IllegalArgumentException("learner_model_param.num_feature is " + numFeature
                    + "; a model needs at least one feature");
        }
        List<String> names = featureNames(learner.path("feature_names"), numFeature);
        float baseScore = baseScore(param.path("base_score").asText(""));

        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText("");
        // XGBoost 3.4 writes dropout models as gbtree + model.weight_drop; older ones as "dart".
        JsonNode model = switch (boosterName) {
            case "gbtree" -> booster.path("model");
            case "dart" -> booster.path("gbtree").path("model");
            case "gblinear" -> null;
            default -> throw new IllegalArgumentException("unknown gradient_booster '" + boosterName + "'");
        };
        JsonNode trees = model == null ? null : model.path("trees");
        JsonNode weightDrop = "dart".equals(boosterName) ? booster.path("weight_drop")
                : model == null ? null : model.path("weight_drop");
        if (trees != null && !trees.isArray()) {
            throw new IllegalArgumentException("gradient_booster '" + boosterName + "' has no 'trees' array");
        }
        return new ModelSpec(objective, baseScore, names, boosterName, trees, weightDrop);
    }

    private static List<String> featureNames(JsonNode node, int numFeature) {
        List<String> names = new ArrayList<>(numFeature);
        if (node.isArray() && !node.isEmpty()) {
            if (node.size() != numFeature) {
                throw new IllegalArgumentException("the model has " + node.size() + " feature_names but num_feature is "
                        + numFeature);
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode name : node) {
                String text = name.asText("");
                if (text.isBlank()) {
                    throw new IllegalArgumentException("feature_names contains a blank name: " + node);
                }
                if (!seen.add(text)) {
                    throw new IllegalArgumentException("feature name '" + text + "' appears twice in " + node);
                }
                names.add(text);
            }
        } else {
            for (int i = 0; i < numFeature; i++) {
                names.add("f" + i);
            }
        }
        return List.copyOf(names);
    }

    /** XGBoost 3.1+ writes a vector ("[3.84E-1]"), 2.x a scalar ("5E-1"). */
    static float baseScore(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1).strip();
        }
        if (trimmed.contains(",")) {
            throw new IllegalArgumentException("base_score has several values (" + text
                    + "); the service needs a single-output model");
        }
        try {
            float value = Float.parseFloat(trimmed);
            if (!Float.isFinite(value)) {
                throw new NumberFormatException("not finite");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("learner_model_param.base_score '" + text + "' is not a number", e);
        }
    }

    private static int intParam(JsonNode param, String key, int absent) {
        JsonNode value = param.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.asText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("learner_model_param." + key + " '" + value.asText()
                    + "' is not an integer", e);
        }
    }
}
