#!/usr/bin/env bash
# Data-in benchmark (issue 4), ratios measured in the same run on this machine:
#  1. embedding: on generated 1164×874 JPEGs, the built-in descriptor's throughput against a plain full decode of the
#     same files on the same threads (target ≥ 0.8×), and its throughput on 2 threads (target ≥ 400 images/s);
#  2. registration: a generated folder of N tiny files (default 1,000,000) registered by the packaged application in a
#     child JVM with -Xmx512m; prints the time and the peak heap (the largest heap-before-GC in its GC log).
#
#   bench/embedding.sh                      # both (the registration part builds the application first)
#   bench/embedding.sh --embedding-only     # or --registration-only; --images N, --files N, --threads 1,2,
#                                           # --no-build (reuse web/target/quarkus-app)
#
# JAVA picks the JDK; the data goes under /tmp/needle-bench-* and the registration folder is deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
IMAGES=300 FILES=1000000 THREADS=1,2 EMBEDDING=1 REGISTRATION=1 BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --images) IMAGES=$2; shift ;;
    --files) FILES=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --embedding-only) REGISTRATION=0 ;;
    --registration-only) EMBEDDING=0 ;;
    --no-build) BUILD=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$EMBEDDING" = 1 ]; then
  ./mvnw -q -pl activities -am test-compile
  ./mvnw -q -pl activities -am dependency:build-classpath -Dmdep.outputFile=/tmp/needle-bench-cp.txt >/dev/null
  OPENCV=$(tr ':' '\n' < /tmp/needle-bench-cp.txt | grep '/opencv-')
  echo "## Embedding"
  "$JAVA" -cp "activities/target/classes:activities/target/test-classes:$OPENCV" \
    dev.needle.activities.embedding.bench.EmbeddingBench --images "$IMAGES" --threads "$THREADS"
fi

if [ "$REGISTRATION" = 1 ]; then
  [ "$BUILD" = 1 ] && ./mvnw -q -pl web -am package -DskipTests
  WORK=$(mktemp -d /tmp/needle-bench-registration.XXXX)
  trap 'kill "$APP" 2>/dev/null || true; rm -rf "$WORK"' EXIT
  echo; echo "## Registration of $FILES files"
  start=$(date +%s.%N)
  /usr/bin/python3 bench/make_pool.py "$WORK/datasets/million" "$FILES"
  printf 'generated the folder in %.0f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
  PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$JAVA" -Xmx512m -Xlog:gc:file="$WORK/gc.log" -Dquarkus.http.port="$PORT" -Dneedle.demo.enabled=false \
    -Dneedle.temporal.embedded-port=0 -Dneedle.storage.datasets-root="$WORK/datasets" \
    -Dneedle.storage.artifacts="$WORK/artifacts" \
    -Dquarkus.datasource.jdbc.url="jdbc:h2:file:$WORK/db/needle;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
    -jar web/target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
  APP=$!
  for _ in $(seq 1 120); do
    curl -sf "localhost:$PORT/q/health/ready" >/dev/null && break
    sleep 0.5
  done
  curl -sf -u mlops:mlops -H 'Content-Type: application/json' -d '{"slug":"bench","classes":["a","b"]}' \
    "localhost:$PORT/api/projects" >/dev/null
  seconds=$(curl -s -o "$WORK/dataset.json" -w '%{time_total}' -u mlops:mlops -H 'Content-Type: application/json' \
    -d '{"name":"million","folder":"million"}' "localhost:$PORT/api/projects/bench/datasets")
  pool=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("poolCount"))' "$WORK/dataset.json")
  peak=$(sed -n 's/.* \([0-9]*\)M->.*/\1/p' "$WORK/gc.log" | sort -n | tail -1)
  echo "| files | pool recorded | time | target < 60 s | peak heap (max -Xmx512m) | target < 512 MB |"
  echo "|---|---|---|---|---|---|"
  printf '| %d | %s | %.1f s | %s | %s MB | %s |\n' "$FILES" "$pool" "$seconds" \
    "$(echo "$seconds < 60" | bc | sed 's/1/met/;s/0/NOT met/')" "${peak:-?}" \
    "$( [ "${peak:-999999}" -lt 512 ] && echo met || echo 'NOT met')"
fi
