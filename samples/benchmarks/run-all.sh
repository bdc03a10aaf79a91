#!/usr/bin/env sh
# Issue 13's benchmark session in one go: builds the benchmarks jar, measures this core's floor, runs the
# interleaved harness on JDK 17 and Temurin 25, each on stock flags and with the Vector API, then NumPy and
# PyTorch on the same network, and writes everything to one markdown file to paste into docs/benchmarks.md.
#
#   samples/benchmarks/run-all.sh [OUT.md]          (from anywhere; default target/benchmarks-run.md)
#
# Environment: JAVA17 (default: java on PATH), JAVA25 (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java),
# ROUNDS (interleaved rounds, default 21), NETWORKS (comma list, default all), SKIP_BUILD=1 to reuse the jar.
# Run it on a quiet machine: the figures are ratios within one run, but the floor and the µs are absolute.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT=${1:-"$ROOT/target/benchmarks-run.md"}
mkdir -p "$(dirname "$OUT")"
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ROUNDS=${ROUNDS:-21}
JAR="$ROOT/samples/benchmarks/target/benchmarks.jar"
VECTOR="--add-modules jdk.incubator.vector"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # Reactor build of what the benchmarks need; nothing is installed into ~/.m2.
  mvn -B -q -pl samples/benchmarks -am package -DskipTests
fi

FLOOR="$ROOT/target/floor.properties"
NETWORKS_ARG=""
if [ -n "${NETWORKS:-}" ]; then NETWORKS_ARG="--networks $NETWORKS"; fi

{
  echo "# netjac benchmark run, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Commands: \`samples/benchmarks/run-all.sh\` (ROUNDS=$ROUNDS)."
  echo
  echo "## Floor (Vector API probe, JDK 17 and 25; the JDK 17 one is used for every JDK 17 table, the JDK 25 one for JDK 25)"
  echo
} > "$OUT"

for jdk in 17 25; do
  if [ "$jdk" = 17 ]; then JAVA=$JAVA17; else JAVA=$JAVA25; fi
  if ! "$JAVA" -version >/dev/null 2>&1; then
    echo "JDK $jdk: $JAVA not found, skipped" >> "$OUT"
    continue
  fi
  FLOORJ="$ROOT/target/floor-$jdk.properties"
  # shellcheck disable=SC2086
  echo "- JDK $jdk: $("$JAVA" $VECTOR -cp "$JAR" dev.netjac.benchmarks.FloorProbe "$FLOORJ" 2>/dev/null)" >> "$OUT"
done
echo >> "$OUT"

for jdk in 17 25; do
  if [ "$jdk" = 17 ]; then JAVA=$JAVA17; else JAVA=$JAVA25; fi
  FLOORJ="$ROOT/target/floor-$jdk.properties"
  [ -f "$FLOORJ" ] || continue
  for flags in stock vector; do
    if [ "$flags" = vector ]; then OPTS=$VECTOR; TITLE="Vector API (--add-modules jdk.incubator.vector)"; else OPTS=""; TITLE="stock flags"; fi
    echo "running JDK $jdk, $TITLE ..." >&2
    {
      echo "## JDK $jdk, $TITLE"
      echo
      echo '```'
      echo "$JAVA $OPTS -Dnetjac.home=. -cp samples/benchmarks/target/benchmarks.jar dev.netjac.benchmarks.Interleaved --rounds $ROUNDS --floor target/floor-$jdk.properties $NETWORKS_ARG --markdown"
      echo '```'
      echo
      # shellcheck disable=SC2086
      "$JAVA" $OPTS -Dnetjac.home="$ROOT" -cp "$JAR" dev.netjac.benchmarks.Interleaved --rounds "$ROUNDS" \
          --floor "$FLOORJ" $NETWORKS_ARG --markdown 2>/dev/null
      echo
    } >> "$OUT"
  done
done

{
  echo "## NumPy (same machine, same session; scaled weights, same input: timing does not depend on the values)"
  echo
  echo '```'
  OPENBLAS_NUM_THREADS=1 python3 samples/benchmarks/numpy_seed_timing.py 2>&1 || echo "numpy run failed"
  echo '```'
  echo
  echo "## PyTorch (Debian python3-torch, 1 thread, float64)"
  echo
  echo '```'
  /usr/bin/python3 samples/benchmarks/torch_seed_timing.py 2>&1 || echo "torch run failed (is python3-torch installed?)"
  echo '```'
} >> "$OUT"
echo "wrote $OUT" >&2
