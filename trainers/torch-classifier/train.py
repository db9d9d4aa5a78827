"""Trains the small CNN on a run's labels, measures it on the eval images, hands the ONNX model back and reports.

    /usr/bin/python3 train.py --manifest-url URL --token TOKEN

In a Job's pod (the Dockerfile's command) both come from NEEDLE_MANIFEST_URL and NEEDLE_RUN_TOKEN; serve.py calls
train() as a function for every hand-over it receives.
"""
import argparse
import io
import math
import os
import pathlib
import sys

import torch
from PIL import Image
from torch import nn

import model as cnn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "common"))  # the trainers' shared modules
from needle_run import Run  # noqa: E402

SIZE = 28
MEAN, STD = 0.5, 0.5

# How Needle runs the exported model: which outputs are what, and how to turn an image into the input tensor.
MODEL_CARD = {
    "kind": "onnx",
    "outputs": {"probabilities": cnn.PROBABILITIES, "features": cnn.FEATURES},
    "input": {"name": cnn.INPUT, "width": SIZE, "height": SIZE, "colour": "grey", "mean": [MEAN], "std": [STD]},
}


def tensor(image_bytes):
    """One image as the network sees it: grey, SIZE×SIZE, scaled to [0, 1], then normalised by MEAN and STD."""
    image = Image.open(io.BytesIO(image_bytes)).convert("L").resize((SIZE, SIZE), Image.BILINEAR)
    pixels = torch.frombuffer(bytearray(image.tobytes()), dtype=torch.uint8).float().div(255)
    return pixels.view(1, SIZE, SIZE).sub(MEAN).div(STD)


def load(run, entries, index):
    images = torch.stack([tensor(run.image(e)) for e in entries]) if entries else torch.zeros(0, 1, SIZE, SIZE)
    labels = torch.tensor([index[e["label"]] for e in entries], dtype=torch.long)
    return images, labels


def fit(images, labels, classes, seed=0, epochs=None, log=print):
    """Adam on cross-entropy; small sets get more epochs so every round sees a few hundred steps."""
    torch.manual_seed(seed)
    net = cnn.SmallCnn(classes, channels=1, size=SIZE)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4)
    loss = nn.CrossEntropyLoss()
    n = len(labels)
    epochs = epochs or max(8, min(60, math.ceil(4000 / max(n, 1))))
    generator = torch.Generator().manual_seed(seed)
    net.train()
    for epoch in range(epochs):
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, 32):
            batch = order[start:start + 32]
            optimizer.zero_grad()
            logits, _ = net(images[batch])
            loss(logits, labels[batch]).backward()
            optimizer.step()
    log(f"trained on {n} labels for {epochs} epochs")
    return net


def accuracy(net, images, labels):
    if len(labels) == 0:
        return None
    net.eval()
    with torch.no_grad():
        logits, _ = net(images)
    return float((logits.argmax(dim=1) == labels).float().mean())


def train(run, seed=0, epochs=None, log=print):
    """The whole run: returns what Needle accepted."""
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    index = {c: i for i, c in enumerate(run.classes)}
    x, y = load(run, run.labeled, index)
    ex, ey = load(run, run.eval_files, index)
    net = fit(x, y, len(run.classes), seed=seed, epochs=epochs, log=log)
    measured = accuracy(net, ex, ey)
    run.upload_model(cnn.to_onnx(net, channels=1, size=SIZE))
    version = f"{run.manifest['project']}-torch-cnn-r{run.manifest['iteration']}-{run.manifest['run'][:8]}"
    log(f"{version}: accuracy {measured} on {len(ey)} eval images")
    return run.complete({"modelVersion": version, "metric": measured, "model": MODEL_CARD})


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--manifest-url", default=os.environ.get("NEEDLE_MANIFEST_URL"))
    parser.add_argument("--token", default=os.environ.get("NEEDLE_RUN_TOKEN"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not args.manifest_url or not args.token:
        parser.error("needs --manifest-url and --token (or NEEDLE_MANIFEST_URL and NEEDLE_RUN_TOKEN)")
    train(Run.from_url(args.manifest_url, args.token), seed=args.seed)


if __name__ == "__main__":
    main(sys.argv[1:])
