"""How good the detector is on synthetic road scenes, by the number of labeled scenes it learns from.

    /usr/bin/python3 measure.py --eval 200 --labels 10 30 100 300

Trains on the first N scenes of one seed and prints mAP at IoU 0.5, over both classes and per class, on scenes of
another seed.
"""
import argparse
import sys
import time

import numpy as np

import roads
from detector import Detector, mean_average_precision


def scenes(count, seed):
    """count scenes as (image, boxes), the image in OpenCV's channel order (BGR), as it decodes the PNGs."""
    rng = np.random.default_rng(seed)
    return [(image[..., ::-1].copy(), boxes) for image, boxes in (roads.scene(rng) for _ in range(count))]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=int, default=200)
    parser.add_argument("--labels", type=int, nargs="+", default=[10, 30, 100, 300])
    args = parser.parse_args(argv)
    held_out = scenes(args.eval, seed=12345)
    truths = [boxes for _, boxes in held_out]
    labeled = scenes(max(args.labels), seed=1)
    for n in args.labels:
        detector = Detector.fit(roads.CLASSES, labeled[:n])
        start = time.perf_counter()
        detections = [detector.detect(image) for image, _ in held_out]
        per_image = (time.perf_counter() - start) / len(held_out)
        per_class = ", ".join(f"{c} {mean_average_precision([c], detections, truths):.3f}" for c in roads.CLASSES)
        print(f"{n:4d} labeled scenes: mAP@0.5 {mean_average_precision(roads.CLASSES, detections, truths):.3f} "
              f"({per_class}); {1000 * per_image:.1f} ms per image")


if __name__ == "__main__":
    main(sys.argv[1:])
