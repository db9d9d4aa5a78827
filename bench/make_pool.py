#!/usr/bin/python3
"""Writes a pool of N tiny files for the registration benchmark: DIR/pool/dNNNN/NNNNNN.png, 1,000 per folder,
plus two eval images (classes a and b). Pool files are hard links to a valid 1x1 PNG (67 bytes), so a million of
them take seconds and almost no disk space; registration still opens, reads and hashes each one.

    /usr/bin/python3 bench/make_pool.py DIR N
"""
import os
import struct
import sys
import zlib


def png_1x1(grey):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes([0, grey]))) + chunk(b"IEND", b"")


root, count = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(root, "eval", "a"), exist_ok=True)
os.makedirs(os.path.join(root, "eval", "b"), exist_ok=True)
with open(os.path.join(root, "eval", "a", "a.png"), "wb") as f:
    f.write(png_1x1(10))
with open(os.path.join(root, "eval", "b", "b.png"), "wb") as f:
    f.write(png_1x1(200))
source = os.path.join(root, "source.png.bin")
for i in range(count):
    if i % 50000 == 0:  # ext4 allows 65,000 links to one inode: start a new source file now and then
        if os.path.exists(source):
            os.remove(source)
        with open(source, "wb") as f:
            f.write(png_1x1(128))
    folder = os.path.join(root, "pool", "d%04d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(folder, exist_ok=True)
    os.link(source, os.path.join(folder, "%06d.png" % i))
if os.path.exists(source):
    os.remove(source)
