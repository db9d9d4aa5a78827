#!/usr/bin/env python3
"""Reference greedy k-center implementations the selection benchmark compares Needle against.

usage: kcenter.py MODE DATA N D K FIRST
  MODE   sklearn: the way google/active-learning's kcenter_greedy.py does it, one
                  sklearn.metrics.pairwise_distances(features, [centre]) call per pick
         numpy:   a tuned version, one matrix-vector product per pick on precomputed squared norms
  DATA   raw little-endian float32 file, N rows of D values
  FIRST  index of the first pick (Needle's seeded random first pick, so the picks can be compared)

Prints one JSON line: seconds (selection only, data loading excluded), picks, cover radius.
"""
import json
import sys
import time

import numpy as np
from sklearn.metrics import pairwise_distances


def google_style(x, k, first):
    # kcenter_greedy.update_distances(cluster_centers=[ind], only_new=True, reset_dist=False)
    min_distances = None
    picks = []
    for _ in range(k):
        ind = first if not picks else int(np.argmax(min_distances))
        dist = pairwise_distances(x, x[[ind]], metric="euclidean")
        if min_distances is None:
            min_distances = np.min(dist, axis=1).reshape(-1, 1)
        else:
            min_distances = np.minimum(min_distances, dist)
        picks.append(ind)
    return picks, float(np.max(min_distances))


def numpy_tuned(x, k, first):
    norms = np.einsum("ij,ij->i", x, x)
    min_d2 = np.full(x.shape[0], np.inf, dtype=np.float32)
    picks = []
    for _ in range(k):
        ind = first if not picks else int(np.argmax(min_d2))
        c = x[ind]
        d2 = x @ c
        d2 *= -2
        d2 += norms
        d2 += norms[ind]
        np.minimum(min_d2, d2, out=min_d2)
        picks.append(ind)
    return picks, float(np.sqrt(max(float(np.max(min_d2)), 0.0)))


def main():
    mode, path, n, d, k, first = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
    x = np.fromfile(path, dtype="<f4", count=n * d).reshape(n, d)
    select = google_style if mode == "sklearn" else numpy_tuned
    start = time.perf_counter()
    picks, radius = select(x, k, first)
    seconds = time.perf_counter() - start
    print(json.dumps({"mode": mode, "seconds": seconds, "picks": picks, "radius": radius}))


if __name__ == "__main__":
    main()
