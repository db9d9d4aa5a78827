#!/usr/bin/env bash
# Selection benchmark (issue 3): greedy k-center as google/active-learning does it (scikit-learn), a tuned numpy
# version, and Needle (fp32 and bf16, unpruned and pruned, plus CORAL), on the same generated data, with the memory
# read bandwidth measured in the same run. Prints a Markdown table.
#
#   bench/run.sh --quick        # N=20k, d=64, k=20/100: about a minute
#   bench/run.sh                # N=100k/1M × d=128/512 × k=100/1000, uniform and 100-cluster mixture: ~30-40 min
#
# Options: --threads T (default: all cores) · --data DIR for the float32 files handed to Python (default
# /tmp/needle-bench; each is deleted after its size) · --python PATH (default /usr/bin/python3, which needs numpy and
# scikit-learn: Debian's python3-sklearn) · --slow-limit V: above N·d·k = V values (default 2e10) the scikit-learn
# reference is extrapolated from its run at the smallest k · --sizes, --dims, --ks, --kinds (comma lists) narrow the
# grid · --no-references times Needle alone. JAVA picks the JDK (17 or later).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl activities -am test-compile
JAVA=${JAVA:-java}
exec "$JAVA" --add-modules=jdk.incubator.vector -Xmx10g -XX:+UseParallelGC \
  -cp activities/target/classes:activities/target/test-classes \
  dev.needle.activities.selection.bench.SelectionBench --script bench/kcenter.py "$@"
