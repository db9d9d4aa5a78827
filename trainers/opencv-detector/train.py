"""Trains the detector on a run's labeled boxes, predicts every image of the pool, hands the predictions back as a
Lightly prediction folder and reports.

    /usr/bin/python3 train.py --manifest-url URL --token TOKEN [--keep DIR]

In a Job's pod both come from NEEDLE_MANIFEST_URL and NEEDLE_RUN_TOKEN; serve.py calls train() for every hand-over.
With --keep, the prediction folder of each run is also written to DIR/<run>/, as it was uploaded.
"""
import argparse
import io
import json
import os
import pathlib
import sys
import zipfile

import cv2
import numpy as np

from detector import Detector, mean_average_precision

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "common"))  # the trainers' shared modules
from needle_run import Run  # noqa: E402

TASK = "object-detection"


def decode(data):
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("an image that OpenCV cannot decode")
    return image


def labeled_examples(run):
    """(image, boxes) of every labeled image; a detection project's labels carry boxes."""
    entries = run.labeled
    if entries and not any("boxes" in e for e in entries):
        raise ValueError("the labels have no boxes: this trainer is for object-detection projects")
    return [(decode(run.image(e)), e["boxes"]) for e in entries]


def held_out_map(classes, examples):
    """mAP at IoU 0.5 on every fifth labeled image, learned from the others; None with fewer than ten labels.

    A detection project's eval images carry no boxes, so the labeled set is all there is to measure on.
    """
    if len(examples) < 10:
        return None
    learn = [e for i, e in enumerate(examples) if i % 5 != 4]
    measure = [e for i, e in enumerate(examples) if i % 5 == 4]
    detector = Detector.fit(classes, learn)
    return mean_average_precision(classes, [detector.detect(image) for image, _ in measure],
                                  [boxes for _, boxes in measure])


def prediction_folder(classes, predictions):
    """Lightly's prediction folder, {relative path: bytes}: tasks.json, the task's schema.json and one JSON per image
    with its boxes as bbox [x, y, w, h] in pixels, score and class probabilities (in the schema's order)."""
    folder = {"tasks.json": json.dumps([TASK]).encode(),
              f"{TASK}/schema.json": json.dumps({"task_type": TASK, "categories": [
                  {"id": i, "name": c} for i, c in enumerate(classes)]}).encode()}
    for file, found in predictions.items():
        folder[f"{TASK}/{os.path.splitext(file)[0]}.json"] = json.dumps({"file_name": file, "predictions": [
            {"category_id": classes.index(d["label"]), "bbox": [d["x"], d["y"], d["width"], d["height"]],
             "score": d["score"], "probabilities": d["probabilities"]} for d in found]}).encode()
    return folder


def zipped(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in folder.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def train(run, keep=None, log=print):
    """The whole run: returns what Needle accepted."""
    classes = run.classes
    examples = labeled_examples(run)
    metric = held_out_map(classes, examples)
    detector = Detector.fit(classes, examples)
    predictions = {e["file"]: detector.detect(decode(run.image(e))) for e in run.pool()}
    folder = prediction_folder(classes, predictions)
    if keep:
        for name, data in folder.items():
            path = pathlib.Path(keep, run.manifest["run"], name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    run.upload_predictions(zipped(folder))
    version = f"{run.manifest['project']}-opencv-detector-r{run.manifest['iteration']}-{run.manifest['run'][:8]}"
    boxes = sum(len(found) for found in predictions.values())
    log(f"{version}: {len(examples)} labeled images, mAP@0.5 {metric} on every fifth of them; "
        f"{boxes} boxes in {len(predictions)} pool images")
    return run.complete({"modelVersion": version, "metric": metric, "model": {"kind": "predictions"}})


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest-url", default=os.environ.get("NEEDLE_MANIFEST_URL"))
    parser.add_argument("--token", default=os.environ.get("NEEDLE_RUN_TOKEN"))
    parser.add_argument("--keep", help="also write each run's prediction folder to KEEP/<run>/")
    args = parser.parse_args(argv)
    if not args.manifest_url or not args.token:
        parser.error("needs --manifest-url and --token (or NEEDLE_MANIFEST_URL and NEEDLE_RUN_TOKEN)")
    train(Run.from_url(args.manifest_url, args.token), keep=args.keep)


if __name__ == "__main__":
    main(sys.argv[1:])
