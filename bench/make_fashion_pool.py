"""Writes N Fashion-MNIST training images as 28×28 grey PNG files (the first 60,000 repeated to reach N).

  /usr/bin/python3 bench/make_fashion_pool.py OUT_DIR N [SOURCE_DIR]

SOURCE_DIR holds the gzipped IDX files (default /usr/share/datasets/fashion-mnist, Debian's copy). Files go into
subfolders of 10,000, named pool/<k>/<i>.png, and are kept when already there.
"""
import gzip
import pathlib
import sys

import cv2
import numpy as np

out, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
source = pathlib.Path(sys.argv[3] if len(sys.argv) > 3 else "/usr/share/datasets/fashion-mnist")
with gzip.open(source / "train-images-idx3-ubyte.gz", "rb") as f:
    data = f.read()
assert int.from_bytes(data[0:4], "big") == 0x803, "not an IDX image file"
count, rows, columns = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
images = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, rows, columns)
for i in range(n):
    target = out / "pool" / str(i // 10_000) / f"{i:06d}.png"
    if i % 10_000 == 0:
        target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        cv2.imwrite(str(target), images[i % count])
