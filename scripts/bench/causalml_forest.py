"""CausalML's UpliftRandomForestClassifier on the CSV files of scripts/bench/forest-jobs, for a side-by-side run.

    python causalml_forest.py TRAIN_CSV SCORE_CSV OUT_CSV

Same setting as the forest-jobs bench: 10 trees, depth 5, min_samples_leaf 100, min_samples_treatment 10, KL, no
n_reg, control '0'. Prints one line: fit, predict and CSV-write seconds. The module is causalml.inference.tree, or
the one named by CAUSALML_MODULE (e.g. a locally built `uplift` extension on PYTHONPATH).
"""
import importlib
import os
import sys
import time

import pandas as pd

module = importlib.import_module(os.environ.get("CAUSALML_MODULE", "causalml.inference.tree"))
train_csv, score_csv, out_csv = sys.argv[1:4]
features = ["x%d" % f for f in range(13)]

train = pd.read_csv(train_csv)
t0 = time.time()
forest = module.UpliftRandomForestClassifier(
    n_estimators=10, max_depth=5, min_samples_leaf=100, min_samples_treatment=10, n_reg=0,
    evaluationFunction="KL", control_name="0", random_state=42)
forest.fit(train[features].values, treatment=train["treatment"].astype(str).values, y=train["outcome"].values)
fit_s = time.time() - t0

score = pd.read_csv(score_csv)
t0 = time.time()
uplift = forest.predict(score[features].values)
predict_s = time.time() - t0
t0 = time.time()
score["uplift"] = uplift[:, 0] if getattr(uplift, "ndim", 1) > 1 else uplift
score.to_csv(out_csv, index=False)
write_s = time.time() - t0
print("fit %.2f s, predict %.2f s, write %.2f s, rows %d / %d" % (fit_s, predict_s, write_s, len(train), len(score)))
