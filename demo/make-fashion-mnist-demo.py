#!/usr/bin/env python3
"""Writes Needle's demo dataset: 2,000 Fashion-MNIST test images as grayscale PNGs.

Reads the Debian package `dataset-fashion-mnist` (/usr/share/datasets/fashion-mnist) and writes
web/src/main/resources/demo/fashion-mnist/:
  pool/img-XXXXX.png           1,500 images, 150 per class, no class in the name or path
  eval/<class>/img-XXXXX.png   500 images, 50 per class
  pool-truth.csv               file_name,label for the pool (plays the annotator, never app labels)
XXXXX is the image's index in the 10,000-image test set, so every file traces back to its source.

Python 3 standard library only: PNGs are written by hand (zlib at a fixed level), so the output is
byte-identical on every run and machine, whatever imaging library is or is not installed.
"""

import argparse
import csv
import gzip
import random
import shutil
import struct
import zlib
from pathlib import Path

CLASSES = ["t-shirt-top", "trouser", "pullover", "dress", "coat",
           "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
SEED = 20261129
POOL_PER_CLASS = 150
EVAL_PER_CLASS = 50

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/usr/share/datasets/fashion-mnist")
DEFAULT_OUT = REPO / "web/src/main/resources/demo/fashion-mnist"


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got, = struct.unpack(">I", data[:4])
    if got != magic:
        raise SystemExit(f"{path}: magic {got:#x}, expected {magic:#x}")
    return data


def read_images(path):
    data = read_idx(path, 0x803)
    n, rows, cols = struct.unpack(">III", data[4:16])
    size = rows * cols
    return [data[16 + i * size:16 + (i + 1) * size] for i in range(n)], rows, cols


def read_labels(path):
    data = read_idx(path, 0x801)
    n, = struct.unpack(">I", data[4:8])
    return list(data[8:8 + n])


def png_gray8(pixels, width, height):
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    # Filter byte 0 (none) before each row; 28x28 images are too small for filters to matter.
    raw = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    images, rows, cols = read_images(args.source / "t10k-images-idx3-ubyte.gz")
    labels = read_labels(args.source / "t10k-labels-idx1-ubyte.gz")
    if len(images) != len(labels):
        raise SystemExit("image and label counts differ")

    rng = random.Random(SEED)
    pool, evaluation = [], []
    for c in range(len(CLASSES)):
        members = [i for i, label in enumerate(labels) if label == c]
        rng.shuffle(members)
        evaluation += [(i, c) for i in sorted(members[:EVAL_PER_CLASS])]
        pool += [(i, c) for i in members[EVAL_PER_CLASS:EVAL_PER_CLASS + POOL_PER_CLASS]]
    pool.sort()  # by test-set index: the order carries no class information

    for sub in ("pool", "eval"):
        shutil.rmtree(args.out / sub, ignore_errors=True)
    (args.out / "pool").mkdir(parents=True)
    for name in CLASSES:
        (args.out / "eval" / name).mkdir(parents=True)

    def write(rel, index):
        (args.out / rel).write_bytes(png_gray8(images[index], cols, rows))

    truth = []
    for index, c in pool:
        rel = f"pool/img-{index:05d}.png"
        write(rel, index)
        truth.append((rel, CLASSES[c]))
    for index, c in evaluation:
        write(f"eval/{CLASSES[c]}/img-{index:05d}.png", index)

    with open(args.out / "pool-truth.csv", "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["file_name", "label"])
        out.writerows(truth)

    print(f"wrote {len(pool)} pool and {len(evaluation)} eval images to {args.out}")


if __name__ == "__main__":
    main()
