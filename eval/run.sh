#!/usr/bin/env bash
# Learning curves of Needle's strategies on Fashion-MNIST (issue 7): builds and starts the packaged Needle, drives it
# through its REST API with a simulated annotator, and writes tables, raw rounds and a plot.
#
#   eval/run.sh --quick     # 2,000-image pool, 2 seeds, 3 rounds: a few minutes (what CI runs) → eval/target/report-quick
#   eval/run.sh             # 60,000-image pool, 5 strategies × 5 seeds, rounds of 100 up to 2,000 labels → eval/report
#   eval/run.sh --trainer cnn --strategies random,margin,coral
#                           # the reference CNN (trainers/torch-classifier, Debian's PyTorch) as every project's WEBHOOK
#                           # trainer, started here; no all-labels reference or scikit-learn check → eval/report-cnn
#
# Needs Debian's dataset-fashion-mnist (the images) and python3-sklearn (the scikit-learn check; --python none skips
# it). Options: eval/run.sh --help. JAVA picks the JDK (17 or later).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl eval -am package -DskipTests
JAVA=${JAVA:-java}
exec "$JAVA" -Djava.awt.headless=true -Xmx4g -cp "eval/target/classes:eval/target/lib/*" \
  dev.needle.eval.Evaluation "$@"
