#!/usr/bin/env bash
# PREDICT benchmark (issue 14), ratios measured in the same run on this machine: a trainer's ONNX classifier over a
# pool of real PNG files (Fashion-MNIST, 28×28 grey), timed through the prediction step's own per-shard code (read,
# decode, tensor, ONNX Runtime one thread per call, probabilities written as artifacts) on 1 and 2 threads (target:
# 2 threads ≥ 1.7× one), with OpenCV DNN on the same shards beside it, the network alone on ready tensors, both
# engines' argmax agreement, and PREDICT's share of the machine part of a round. Two networks: the reference trainer's
# CNN (trainers/torch-classifier/model.py) and a ResNet-18 (torchvision, random weights, 10 classes, RGB 64×64 input
# so that a run stays short). Prints Markdown tables.
#
#   bench/predict.sh --quick     # 2,000 images, both networks: about a minute
#   bench/predict.sh             # 20,000 and 100,000 images (the ResNet-18 over 10,000 only: its rate does not depend on N): ~8 min on 2 cores
#
# Options: --sizes N,N (pool sizes) · --threads 1,2 · --resnet-max N (largest pool the ResNet-18 is timed on) ·
# --resnet-size S (its input side) · --keep (leave the data). JAVA picks the JDK (17 or later); the Python is
# /usr/bin/python3 (Debian's python3-torch, python3-torchvision, python3-onnx, python3-opencv) unless PYTHON says
# otherwise. The data goes under /tmp/needle-bench-predict and is deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
PYTHON=${PYTHON:-/usr/bin/python3}
DATA=/tmp/needle-bench-predict
SIZES=20000,100000 THREADS=1,2 RESNET_MAX=10000 RESNET_SIZE=64 KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SIZES=2000 RESNET_MAX=2000 ;;
    --sizes) SIZES=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --resnet-max) RESNET_MAX=$2; shift ;;
    --resnet-size) RESNET_SIZE=$2; shift ;;
    --keep) KEEP=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$KEEP" = 1 ] || trap 'rm -rf "$DATA"' EXIT

mkdir -p "$DATA"
./mvnw -q -pl activities -am test-compile
./mvnw -q -pl activities -am dependency:build-classpath -Dmdep.outputFile="$DATA/classpath.txt" >/dev/null
LARGEST=$(tr ',' '\n' <<< "$SIZES" | sort -n | tail -1)
"$PYTHON" bench/make_models.py "$DATA/models" "$RESNET_SIZE" 2> >(grep -v Warning >&2)
"$PYTHON" bench/make_fashion_pool.py "$DATA" "$LARGEST"
rm -rf "$DATA/artifacts"
"$JAVA" -Xmx2g -cp "activities/target/classes:activities/target/test-classes:$(cat "$DATA/classpath.txt")" \
  dev.needle.activities.model.bench.PredictBench --pool "$DATA/pool" --models "$DATA/models" --sizes "$SIZES" \
  --threads "$THREADS" --cap "resnet18=$RESNET_MAX" --artifacts "$DATA/artifacts"
