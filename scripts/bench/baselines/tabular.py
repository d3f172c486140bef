#!/usr/bin/python3
"""Baselines for scripts/bench/tabular: scikit-learn and XGBoost on hdl's tabular data.

Reads DATA/random_tabular/data.json, rebuilds hdl's seeded 80/20 split (hdl::split_indices,
ported below bit for bit), times `fit` alone, and measures validation RMSE and the rule
agreement on hdl's fresh rows (hdl::gen::tabular_row with Stream::kFreshRows). Prints one
JSON document.

usage: tabular.py DATA_DIR [--seed 42] [--valid-pct 0.2] [--fresh-rows 200000] [--threads N] [--repeat 3]
(XGBoost is timed once: it is far slower here.)
"""
import argparse
import json
import re
import sys
import time

import numpy as np

MASK = (1 << 64) - 1
STREAM_SPLIT, STREAM_FRESH_ROWS = 6, 8


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def derive_seed(seed, stream, index):
    state, mixed = splitmix64(seed & MASK)
    state = mixed ^ ((stream * 0xD1B54A32D192ED03) & MASK)
    state, mixed = splitmix64(state)
    state = mixed ^ ((index * 0x8CB92BA72F3D8DD7) & MASK)
    return splitmix64(state)[1]


class Rng:
    """xoshiro256** as include/hdl/core/random.hpp."""

    def __init__(self, seed):
        self.s = []
        state = seed
        for _ in range(4):
            state, value = splitmix64(state)
            self.s.append(value)

    def next(self):
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform_int(self, lo, hi):
        span = hi - lo + 1
        limit = MASK - MASK % span
        draw = self.next()
        while draw >= limit:
            draw = self.next()
        return lo + draw % span


def split_indices(count, valid_pct, seed):
    order = list(range(count))
    rng = Rng(derive_seed(seed, STREAM_SPLIT, 0))
    for i in range(count, 1, -1):
        j = rng.uniform_int(0, i - 1)
        order[i - 1], order[j] = order[j], order[i - 1]
    valid_count = int(valid_pct * count + 0.5)
    return np.sort(order[valid_count:]), np.sort(order[:valid_count])


def true_label(x):
    a, b, c, d, e, f = x.T
    y = np.zeros(len(x), dtype=np.int64)
    rules = [(a < 5) & (b > 90), (b > 50) & (c > 10) & (c < 30), (c < 3) | (c > 97), (d > 60) & (d < 90),
             (e > 80) & (e < 90), (f > 10) & (f < 25)]
    for label in range(6, 0, -1):  # the first rule that holds wins
        y[rules[label - 1]] = label
    return y


def fresh_rows(seed, count):
    x = np.empty((count, 6))
    for i in range(count):
        rng = Rng(derive_seed(seed, STREAM_FRESH_ROWS, i))
        x[i] = [rng.uniform_int(0, 100) for _ in range(6)]
    return x, true_label(x)


def load(data_dir):
    text = open(f"{data_dir}/random_tabular/data.json").read()
    numbers = np.array(re.findall(r'"[a-fy]": (-?[0-9.]+)', text), dtype=np.float64).reshape(-1, 7)
    return numbers[:, :6], numbers[:, 6]


def measure(name, make, x_train, y_train, x_valid, y_valid, x_fresh, y_fresh, repeat=1):
    fit_seconds = fit_cpu_seconds = float("inf")
    for _ in range(repeat):  # the best of `repeat` fits, as timeit reports
        model = make()
        start, cpu_start = time.perf_counter(), time.process_time()
        model.fit(x_train, y_train)
        fit_seconds = min(fit_seconds, time.perf_counter() - start)
        fit_cpu_seconds = min(fit_cpu_seconds, time.process_time() - cpu_start)
    rmse = float(np.sqrt(np.mean((model.predict(x_valid) - y_valid) ** 2)))
    agreement = float(np.mean(np.rint(model.predict(x_fresh)) == y_fresh))
    return {"library": name, "fit_seconds": fit_seconds, "fit_cpu_seconds": fit_cpu_seconds, "valid_rmse": rmse,
            "agreement": agreement}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--valid-pct", type=float, default=0.2)
    parser.add_argument("--fresh-rows", type=int, default=200000)
    parser.add_argument("--threads", type=int, default=-1)
    parser.add_argument("--repeat", type=int, default=3, help="fits timed for scikit-learn (the best counts)")
    args = parser.parse_args()

    from sklearn.ensemble import RandomForestRegressor
    from sklearn.tree import DecisionTreeRegressor

    x, y = load(args.data_dir)
    train, valid = split_indices(len(y), args.valid_pct, args.seed)
    x_fresh, y_fresh = fresh_rows(args.seed, args.fresh_rows)
    data = (x[train], y[train], x[valid], y[valid], x_fresh, y_fresh)
    results = {"rows": len(y), "tree": [], "forest": []}
    results["tree"].append(measure("sklearn", lambda: DecisionTreeRegressor(max_leaf_nodes=20, random_state=0), *data,
                                   repeat=args.repeat))
    results["forest"].append(measure(
        "sklearn", lambda: RandomForestRegressor(n_estimators=40, max_samples=8000, max_features=0.5,
                                                 min_samples_leaf=5, n_jobs=args.threads, random_state=0), *data,
        repeat=args.repeat))
    try:
        import xgboost
        # The hist method's nearest equivalents: one tree grown lossguide with 20 leaves, and a
        # random forest of 40 parallel trees on row and column subsamples.
        results["tree"].append(measure("xgboost", lambda: xgboost.XGBRegressor(
            tree_method="hist", n_estimators=1, learning_rate=1.0, max_leaves=20, grow_policy="lossguide",
            max_depth=0, reg_lambda=0, min_child_weight=0, n_jobs=args.threads), *data))
        results["forest"].append(measure("xgboost", lambda: xgboost.XGBRFRegressor(
            tree_method="hist", n_estimators=40, subsample=min(1.0, 8000 / len(train)), colsample_bynode=0.5,
            max_depth=14, min_child_weight=5, reg_lambda=0, n_jobs=args.threads,
            random_state=0), *data))
    except ImportError as error:
        print(f"tabular.py: no xgboost ({error})", file=sys.stderr)
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
