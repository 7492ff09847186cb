#!/usr/bin/env bash
# Runs every benchmark against a release build and writes bench/results/latest.json.
# Usage: bench/run.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
scratch=bench/scratch
mkdir -p "$scratch" bench/results
"$build/bench/micro_bench" --benchmark_format=json --benchmark_out="$scratch/micro.json" \
  --benchmark_out_format=json >/dev/null
"$build/bench/index_bench" --benchmark_format=json --benchmark_out="$scratch/index.json" \
  --benchmark_out_format=json >/dev/null
"$build/bench/screening_bench" --benchmark_format=json --benchmark_out="$scratch/screening.json" \
  --benchmark_out_format=json >/dev/null
"$build/bench/screening_quality" > "$scratch/screening_quality.json"
/usr/bin/python3 bench/collect.py "$scratch/micro.json" "$scratch/index.json" "$scratch/screening.json" \
  "$scratch/screening_quality.json" > bench/results/latest.json
/usr/bin/python3 bench/collect.py --table bench/results/latest.json
