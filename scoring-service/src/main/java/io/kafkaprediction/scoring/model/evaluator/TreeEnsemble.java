package io.kafkaprediction.scoring.model.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaprediction.scoring.model.format.ModelDocuments;

/**
 * Immutable plain-Java evaluator over the trees of a gbtree model, equal to XGBoost's CPU
 * predictor bit for bit: {@code x < split_condition} in float, a missing (NaN) value takes the
 * default child, the right child is {@code left + 1}, leaves are added in tree order to a float
 * that starts at the base margin, then the objective's transform.
 *
 * <p>All trees live in one set of flat arrays (node indexes are absolute), so a row walks
 * contiguous memory and scoring allocates nothing.
 */
public final class TreeEnsemble {

    private final int[] roots;
    /** Absolute index of the left child; -1 marks a leaf (then right is left + 1). */
    private final int[] left;
    /** Absolute index of the child a missing value goes to. */
    private final int[] missing;
    private final int[] feature;
    /** Split condition of an inner node, leaf value of a leaf. */
    private final float[] value;
    /** Dropout (former dart) tree weights, null when every weight is 1. */
    private final float[] treeWeights;
    private final float baseMargin;
    private final Objective objective;

    private TreeEnsemble(int[] roots, int[] left, int[] missing, int[] feature, float[] value,
                         float[] treeWeights, float baseMargin, Objective objective) {
        this.roots = roots;
        this.treeWeights = treeWeights;
        this.left = left;
        this.missing = missing;
        this.feature = feature;
        this.value = value;
        this.baseMargin = baseMargin;
        this.objective = objective;
    }

    /**
     * Builds the evaluator from an XGBoost {@code trees} array.
     *
     * @throws UnsupportedModelException for constructs this evaluator does not reproduce
     *                                   (categorical splits, vector leaves), or a malformed tree
     */
    public static TreeEnsemble build(JsonNode trees, int featureCount, float baseMargin, Objective objective)
            throws UnsupportedModelException {
        return build(trees, null, featureCount, baseMargin, objective);
    }

    /**
     * @param weightDrop the model's {@code weight_drop} array (dropout training), or null
     */
    public static TreeEnsemble build(JsonNode trees, JsonNode weightDrop, int featureCount, float baseMargin,
                              Objective objective) throws UnsupportedModelException {
        int total = 0;
        for (JsonNode tree : trees) {
            total += tree.path("left_children").size();
        }
        int[] roots = new int[trees.size()];
        int[] left = new int[total];
        int[] missing = new int[total];
        int[] feature = new int[total];
        float[] value = new float[total];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            roots[t] = offset;
            offset += copyTree(tree, t, offset, featureCount, left, missing, feature, value);
        }
        return new TreeEnsemble(roots, left, missing, feature, value, weights(weightDrop, trees.size()), baseMargin,
                objective);
    }

    private static float[] weights(JsonNode weightDrop, int treeCount) throws UnsupportedModelException {
        if (weightDrop == null || weightDrop.isMissingNode() || weightDrop.isNull() || weightDrop.isEmpty()) {
            return null;
        }
        if (weightDrop.size() != treeCount) {
            throw new UnsupportedModelException("weight_drop has " + weightDrop.size() + " weights for " + treeCount
                    + " trees");
        }
        float[] weights = new float[treeCount];
        boolean allOne = true;
        for (int t = 0; t < treeCount; t++) {
            weights[t] = ModelDocuments.f32(weightDrop.get(t));
            allOne &= weights[t] == 1.0f;
        }
        // leaf * 1.0f is exact, so the plain sum stays bit-equal to XGBoost's weighted one.
        return allOne ? null : weights;
    }

    private static int copyTree(JsonNode tree, int t, int offset, int featureCount,
                                int[] left, int[] missing, int[] feature, float[] value)
            throws UnsupportedModelException {
        int leafVector = Integer.parseInt(tree.path("tree_param").path("size_leaf_vector").asText("1"));
        if (leafVector > 1) {
            throw new UnsupportedModelException("tree " + t + " has vector leaves (size_leaf_vector " + leafVector + ")");
        }
        JsonNode lefts = tree.path("left_children");
        JsonNode rights = tree.path("right_children");
        JsonNode splits = tree.path("split_indices");
        JsonNode conditions = tree.path("split_conditions");
        JsonNode defaults = tree.path("default_left");
        JsonNode types = tree.path("split_type");
        int n = lefts.size();
        if (n == 0 || rights.size() != n || splits.size() != n || conditions.size() != n || defaults.size() != n) {
            throw new UnsupportedModelException("tree " + t + " has node arrays of different lengths or no nodes");
        }
        for (int i = 0; i < n; i++) {
            int l = lefts.get(i).asInt();
            int node = offset + i;
            value[node] = ModelDocuments.f32(conditions.get(i));
            if (l == -1) {
                left[node] = -1;
                continue;
            }
            int r = rights.get(i).asInt();
            int f = splits.get(i).asInt();
            if (l <= i || l + 1 >= n || r != l + 1) {
                throw new UnsupportedModelException("tree " + t + " node " + i + " has children " + l + "/" + r
                        + "; the evaluator expects right = left + 1 within the tree");
            }
            if (f < 0 || f >= featureCount) {
                throw new UnsupportedModelException("tree " + t + " node " + i + " splits on feature " + f
                        + " of " + featureCount);
            }
            if (types.size() == n && types.get(i).asInt() != 0) {
                throw new UnsupportedModelException("tree " + t + " has a categorical split at node " + i);
            }
            left[node] = offset + l;
            feature[node] = f;
            missing[node] = offset + (ModelDocuments.truthy(defaults.get(i)) ? l : r);
        }
        return n;
    }

    /** The raw margin of one row (NaN = missing), as XGBoost's {@code output_margin}. */
    float margin(float[] row) {
        final int[] left = this.left;
        final int[] feature = this.feature;
        final float[] value = this.value;
        final float[] weights = treeWeights;
        float sum = baseMargin;
        for (int t = 0; t < roots.length; t++) {
            int node = roots[t];
            int l;
            while ((l = left[node]) >= 0) {
                float x = row[feature[node]];
                if (x != x) {
                    node = missing[node];
                } else {
                    node = x < value[node] ? l : l + 1;
                }
            }
            sum += weights == null ? value[node] : value[node] * weights[t];
        }
        return sum;
    }

    /** The score of one row, after the objective's transform. */
    public float predict(float[] row) {
        return objective.transform(margin(row));
    }

    int treeCount() {
        return roots.length;
    }

    /** Split conditions used on one feature, for the load-time self-check's edge values. */
    public float[] thresholds(int featureIndex) {
        int count = 0;
        for (int i = 0; i < left.length; i++) {
            if (left[i] >= 0 && feature[i] == featureIndex) {
                count++;
            }
        }
        float[] result = new float[count];
        int k = 0;
        for (int i = 0; i < left.length; i++) {
            if (left[i] >= 0 && feature[i] == featureIndex) {
                result[k++] = value[i];
            }
        }
        return result;
    }

    /** A model construct the evaluator does not reproduce; the model is then served by XGBoost4J. */
    public static final class UnsupportedModelException extends Exception {
        private static final long serialVersionUID = 1L;

        UnsupportedModelException(String message) {
            super(message);
        }
    }
}
