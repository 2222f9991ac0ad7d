"""Trains small XGBoost models in Python for PythonTrainedModelsTest.

Usage: python3 train_models.py OUTPUT_DIR

For each objective it writes, into OUTPUT_DIR:
  <name>.json, <name>.ubj   the model in both formats XGBoost saves (UBJ needs XGBoost >= 1.6)
  <name>.rows.f32           rows to score: float32, little-endian, row-major (NaN = missing)
  <name>.scores.f32         Python's own predictions for those rows, float32 little-endian
and manifest.json: {"xgboost": version, "models": [{"name", "objective", "features", "rows"}]}.
Everything comes from fixed seeds, so a run is reproducible.
"""
import json
import os
import sys

import numpy as np
import xgboost as xgb

FEATURES = ["click", "view", "purchase", "signup"]

# (objective, extra booster parameters). count:poisson is trained too: the service does not
# support it, and the test checks that the loader refuses it rather than scoring it wrongly.
OBJECTIVES = [
    ("binary:logistic", {"max_depth": 4}),
    ("reg:squarederror", {"max_depth": 8, "eta": 0.2}),
    ("reg:logistic", {"max_depth": 5}),
    ("binary:logitraw", {"max_depth": 3}),
    ("reg:squaredlogerror", {"max_depth": 4}),
    ("reg:pseudohubererror", {"max_depth": 5}),
    ("reg:absoluteerror", {"max_depth": 5}),
    ("count:poisson", {"max_depth": 4}),
]


def training_data(objective, rng):
    x = rng.uniform(-1, 3, size=(3000, len(FEATURES))).astype(np.float32)
    signal = sum((j + 1) * np.sin(x[:, j] * (j + 1)) for j in range(len(FEATURES)))
    noisy = signal + rng.normal(0, 0.3, size=len(x))
    x[rng.random(x.shape) < 0.2] = np.nan
    if objective in ("binary:logistic", "binary:logitraw"):
        y = (noisy > 0).astype(np.float32)
    elif objective == "reg:logistic":
        y = 1 / (1 + np.exp(-noisy))
    elif objective == "reg:squaredlogerror":
        y = np.abs(noisy)
    elif objective == "count:poisson":
        y = rng.poisson(np.exp(np.clip(noisy, -3, 3) / 2))
    else:
        y = noisy
    return x, y.astype(np.float32)


def split_values(model_json):
    """Every split threshold of the model: rows exactly on (and next to) them test the < rule."""
    trees = model_json["learner"]["gradient_booster"]["model"]["trees"]
    values = {}
    for tree in trees:
        for node, left in enumerate(tree["left_children"]):
            if left != -1:
                values.setdefault(tree["split_indices"][node], set()).add(
                    np.float32(tree["split_conditions"][node]))
    return values


def scoring_rows(rng, model_json):
    rows = rng.uniform(-2, 4, size=(2000, len(FEATURES))).astype(np.float32)
    rows[rng.random(rows.shape) < 0.2] = np.nan
    edges = []
    for feature, thresholds in sorted(split_values(model_json).items()):
        for t in sorted(thresholds):
            for v in (t, np.nextafter(t, np.float32(-np.inf)), np.nextafter(t, np.float32(np.inf))):
                row = rng.uniform(-2, 4, size=len(FEATURES)).astype(np.float32)
                row[feature] = v
                edges.append(row)
    return np.vstack([rows] + ([np.array(edges, dtype=np.float32)] if edges else []))


def main(out):
    os.makedirs(out, exist_ok=True)
    manifest = {"xgboost": xgb.__version__, "models": []}
    for i, (objective, extra) in enumerate(OBJECTIVES):
        rng = np.random.default_rng(20260120 + i)
        x, y = training_data(objective, rng)
        train = xgb.DMatrix(x, label=y, missing=np.nan, feature_names=FEATURES)
        params = dict(extra, objective=objective, nthread=1, seed=7, tree_method="hist")
        booster = xgb.train(params, train, num_boost_round=30)
        name = objective.replace(":", "-")
        booster.save_model(os.path.join(out, name + ".json"))
        booster.save_model(os.path.join(out, name + ".ubj"))
        with open(os.path.join(out, name + ".json")) as f:
            rows = scoring_rows(rng, json.load(f))
        scores = booster.predict(xgb.DMatrix(rows, missing=np.nan, feature_names=FEATURES))
        rows.astype("<f4").tofile(os.path.join(out, name + ".rows.f32"))
        scores.astype("<f4").tofile(os.path.join(out, name + ".scores.f32"))
        manifest["models"].append({"name": name, "objective": objective,
                                   "features": len(FEATURES), "rows": len(rows)})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: train_models.py OUTPUT_DIR")
    main(sys.argv[1])
