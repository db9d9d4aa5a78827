"""A small CNN trained from scratch, and its export as the ONNX model Needle runs over the pool.

No pretrained weights: Debian's python3-torch/torchvision ship none, and a run must not download anything.
"""
import io

import torch
from torch import nn

# The ONNX graph's names, which the model card in the report declares (see train.py's MODEL_CARD).
INPUT = "image"
PROBABILITIES = "probabilities"
FEATURES = "features"
FEATURE_DIMENSION = 128


class SmallCnn(nn.Module):
    """Two convolution blocks and a 128-wide feature layer: trains on a CPU in seconds on a few thousand labels."""

    def __init__(self, classes, channels=1, size=28):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(channels, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.features = nn.Sequential(nn.Flatten(), nn.Linear(64 * (size // 4) ** 2, FEATURE_DIMENSION), nn.ReLU())
        self.head = nn.Linear(FEATURE_DIMENSION, classes)

    def forward(self, image):
        """Class logits and the feature vector; export wraps it to give probabilities."""
        features = self.features(self.conv(image))
        return self.head(features), features


class Exported(nn.Module):
    """What Needle runs: probabilities (softmax over the logits) and the features, from one forward pass."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, image):
        logits, features = self.model(image)
        return torch.softmax(logits, dim=1), features


def to_onnx(model, channels, size, opset=17):
    """The model as ONNX bytes, batch size free, outputs named as the model card says."""
    model.eval()
    buffer = io.BytesIO()
    torch.onnx.export(Exported(model), torch.zeros(1, channels, size, size), buffer,
                      input_names=[INPUT], output_names=[PROBABILITIES, FEATURES],
                      dynamic_axes={INPUT: {0: "batch"}, PROBABILITIES: {0: "batch"}, FEATURES: {0: "batch"}},
                      opset_version=opset)
    return buffer.getvalue()
