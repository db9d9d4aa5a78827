"""Writes the two ONNX networks bench/predict.sh times, with their model cards, into a folder.

  /usr/bin/python3 bench/make_models.py OUT_DIR [RESNET_SIZE]

- cnn.onnx: the reference trainer's SmallCnn (trainers/torch-classifier/model.py), exported as its train.py does
  (grey 28×28, probabilities and features), untrained: throughput does not depend on the weights.
- resnet18.onnx: torchvision's resnet18, random weights, 10 classes, RGB RESNET_SIZE² input (default 64), logits,
  exported at opset 17 with a free batch axis.
Each gets OUT_DIR/<name>.card.json, the model card Needle reads it by.
"""
import json
import pathlib
import sys

import torch
import torchvision

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "trainers" / "torch-classifier"))
import model as cnn  # noqa: E402  (the trainer's own module, not a copy of the net)

out = pathlib.Path(sys.argv[1])
size = int(sys.argv[2]) if len(sys.argv) > 2 else 64
out.mkdir(parents=True, exist_ok=True)
torch.manual_seed(14)

(out / "cnn.onnx").write_bytes(cnn.to_onnx(cnn.SmallCnn(classes=10, channels=1, size=28), channels=1, size=28))
(out / "cnn.card.json").write_text(json.dumps({
    "kind": "onnx",
    "outputs": {"probabilities": cnn.PROBABILITIES, "features": cnn.FEATURES},
    "input": {"name": cnn.INPUT, "width": 28, "height": 28, "colour": "grey", "mean": [0.5], "std": [0.5]}}))

resnet = torchvision.models.resnet18(weights=None, num_classes=10).eval()
torch.onnx.export(resnet, torch.zeros(1, 3, size, size), str(out / "resnet18.onnx"), input_names=["image"],
                  output_names=["logits"], dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                  opset_version=17)
(out / "resnet18.card.json").write_text(json.dumps({
    "kind": "onnx",
    "outputs": {"logits": "logits"},
    "input": {"name": "image", "width": size, "height": size, "colour": "rgb",
              "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}}))
