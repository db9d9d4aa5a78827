#!/usr/bin/python3
"""Writes the classifier networks the trainer-model tests run through ONNX Runtime, exported by torch.onnx.export
at opset 17 as the reference trainer (trainers/torch-classifier) exports its own:

  classifier-probabilities.onnx  input "image" Nx1x8x8 -> "probabilities" Nx3 (softmax) and "features" Nx128
  classifier-logits.onnx         the same network with "logits" Nx3 in place of the probabilities
  classifier-four-classes.onnx   "probabilities" Nx4: a network for another project's classes
  classifier-ten-classes.onnx    "probabilities" Nx10 and "features": for a project with Fashion-MNIST's ten classes
  classifier-sample.png          an 8x8 grey image, and classifier-expected.json: what torch gives for it (input
                                 scaled to [0, 1], then (x - 0.5) / 0.5), for a test that checks ONNX Runtime's answer

Fixed seed, so the files change only when this script does. Run with Debian's python3-torch:
/usr/bin/python3 make_classifier_nets.py (from this folder).
"""
import io
import json
import sys

import torch
from PIL import Image

sys.path.insert(0, "../../../../../trainers/torch-classifier")
import model as cnn  # noqa: E402  the reference trainer's network


def export(module, outputs, path):
    module.eval()
    buffer = io.BytesIO()
    torch.onnx.export(module, torch.zeros(1, 1, 8, 8), buffer, input_names=["image"], output_names=outputs,
                      dynamic_axes={name: {0: "batch"} for name in ["image", *outputs]}, opset_version=17)
    open(path, "wb").write(buffer.getvalue())


torch.manual_seed(20261204)
three = cnn.SmallCnn(3, channels=1, size=8)
export(cnn.Exported(three), ["probabilities", "features"], "classifier-probabilities.onnx")
export(three, ["logits", "features"], "classifier-logits.onnx")
export(cnn.Exported(cnn.SmallCnn(4, channels=1, size=8)), ["probabilities", "features"], "classifier-four-classes.onnx")
export(cnn.Exported(cnn.SmallCnn(10, channels=1, size=8)), ["probabilities", "features"], "classifier-ten-classes.onnx")

pixels = torch.tensor([[(17 * row + 29 * column) % 256 for column in range(8)] for row in range(8)], dtype=torch.uint8)
Image.fromarray(pixels.numpy(), mode="L").save("classifier-sample.png")
image = (pixels.float() / 255 - 0.5) / 0.5
with torch.no_grad():
    probabilities, features = cnn.Exported(three)(image.view(1, 1, 8, 8))
json.dump({"probabilities": probabilities[0].tolist(), "features": features[0].tolist()},
          open("classifier-expected.json", "w"), indent=1)
