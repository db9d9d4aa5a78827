#!/usr/bin/env python3
"""The random-vs-margin loop in scikit-learn on Needle's own embeddings: a check that Needle's trainer is not the weak
link. Reads X_pool.npy, y_pool.npy, X_eval.npy, y_eval.npy from --data (written by the Java runner from Needle's
embedding artifact) and prints JSON: per strategy, per seed, the accuracy at each labeled count, and the accuracy with
every pool label.

The classifier is multinomial logistic regression with C = 10: the same objective as Needle's linear probe with its
L2 strength 1/(10·n) (mean log-loss + l2/2 · ||W||², except that scikit-learn does not penalise the bias). Round 1 is
random for both strategies, as in Needle.
"""
import argparse
import json
import time

import numpy as np
from sklearn.linear_model import LogisticRegression


def fit(x, y):
    model = LogisticRegression(C=10.0, max_iter=300)
    model.fit(x, y)
    return model


def accuracy(model, x, y):
    return float((model.predict(x) == y).mean())


def curve(strategy, seed, args, xp, yp, xe, ye):
    rng = np.random.default_rng(seed)
    labeled = np.zeros(len(yp), dtype=bool)
    labeled[rng.choice(len(yp), args.first, replace=False)] = True
    points = []
    while True:
        model = fit(xp[labeled], yp[labeled])
        points.append([int(labeled.sum()), accuracy(model, xe, ye)])
        if labeled.sum() + args.batch > args.max_labels:
            return points
        unlabeled = np.flatnonzero(~labeled)
        if strategy == "random":
            pick = rng.choice(unlabeled, args.batch, replace=False)
        else:
            # The model may have seen fewer than all classes: margin over the classes it knows is what it can say.
            p = np.sort(model.predict_proba(xp[unlabeled]), axis=1)
            margin = p[:, -1] - (p[:, -2] if p.shape[1] > 1 else 0)
            pick = unlabeled[np.argsort(margin, kind="stable")[:args.batch]]
        labeled[pick] = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--first", type=int, default=100)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--max-labels", type=int, default=2000)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    xp = np.load(f"{args.data}/X_pool.npy")
    yp = np.load(f"{args.data}/y_pool.npy")
    xe = np.load(f"{args.data}/X_eval.npy")
    ye = np.load(f"{args.data}/y_eval.npy")
    started = time.time()
    result = {"curves": {}, "pool": int(len(yp)), "dimension": int(xp.shape[1])}
    for strategy in ("random", "margin"):
        result["curves"][strategy] = [curve(strategy, seed, args, xp, yp, xe, ye) for seed in range(1, args.seeds + 1)]
    full = time.time()
    result["allLabels"] = accuracy(fit(xp, yp), xe, ye)
    result["allLabelsSeconds"] = time.time() - full
    result["seconds"] = time.time() - started
    print(json.dumps(result))


if __name__ == "__main__":
    main()
