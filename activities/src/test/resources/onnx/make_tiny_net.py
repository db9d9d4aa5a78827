#!/usr/bin/python3
"""Writes tiny-conv.onnx: the small network the ONNX embedder's tests run through OpenCV DNN.

No weights can be downloaded where Needle is built, so the test network is made here, from fixed weights:
input "input" 1x3x16x16 -> Conv 3->4 (3x3, pad 1, bias) -> Relu -> GlobalAveragePool -> Flatten -> "features" (1x4).
The conv output is also exposed as "conv" (1x4x16x16), so a test can pick an output layer by name.
The weights are written to tiny-conv.json too, for a test that computes the network independently.

Run with Debian's python3-onnx: /usr/bin/python3 make_tiny_net.py (from this folder).
"""
import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(20261129)
weight = rng.normal(0, 0.5, size=(4, 3, 3, 3)).astype(np.float32).round(3)
bias = np.array([0.1, -0.2, 0.05, 0.0], dtype=np.float32)

nodes = [
    helper.make_node("Conv", ["input", "weight", "bias"], ["conv"], pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
    helper.make_node("Relu", ["conv"], ["relu"]),
    helper.make_node("GlobalAveragePool", ["relu"], ["pooled"]),
    helper.make_node("Flatten", ["pooled"], ["features"], axis=1),
]
graph = helper.make_graph(
    nodes,
    "tiny-conv",
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])],
    [
        helper.make_tensor_value_info("features", TensorProto.FLOAT, [1, 4]),
        helper.make_tensor_value_info("conv", TensorProto.FLOAT, [1, 4, 16, 16]),
    ],
    [numpy_helper.from_array(weight, "weight"), numpy_helper.from_array(bias, "bias")],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], producer_name="needle-tests")
model.ir_version = 6  # readable by OpenCV 4.9's ONNX importer
onnx.checker.check_model(model)
onnx.save(model, "tiny-conv.onnx")
with open("tiny-conv.json", "w") as f:
    json.dump({"weight": weight.tolist(), "bias": bias.tolist()}, f)
