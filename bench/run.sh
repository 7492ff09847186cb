#!/usr/bin/env bash
# Runs every benchmark against a release build and writes bench/results/latest.json.
# Usage: bench/run.sh BUILD_DIR
#   BENCH_LARGE=1   also time `ariadne datagen --scale large` (10M documents, ~6 GB of scratch), and
#                   screen and measure screening accuracy over the large world (1M people) instead of the
#                   medium one (100,000)
#   BENCH_QUICK=1   skip the 130M-key index build and shorten the HTTP runs and the exchange surge (a smoke run)
# Generated data goes to bench/scratch (never committed); the 10M-document
# SQLite file for the index build, the exchange surge's base store and the
# million-message inbox store are kept there between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
scratch=$PWD/bench/scratch
mkdir -p "$scratch" bench/results
export ARIADNE_BENCH_SCRATCH=$scratch
step() { printf '[bench] %s\n' "$*" >&2; }

# A throwaway PostgreSQL 15 on a loopback port, the peer of the document index.
pg_bin=/usr/lib/postgresql/15/bin
pg_dir=""
pg_stop() {
  if [ -n "$pg_dir" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap pg_stop EXIT
pg_start() {
  pg_dir=$(mktemp -d)
  chown postgres: "$pg_dir"
  local port
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $pg_dir -c shared_buffers=512MB" start >/dev/null
  export ARIADNE_BENCH_PG="host=127.0.0.1 port=$port user=postgres dbname=postgres"
}

step "micro benchmarks (store, import, index from a 10M-document database)"
"$build/bench/micro_bench" --benchmark_format=json --benchmark_out="$scratch/micro.json" \
  --benchmark_out_format=json >/dev/null
step "index benchmarks"
big=--big
[ "${BENCH_QUICK:-0}" = 1 ] && big=""
"$build/bench/index_bench" $big --benchmark_format=json --benchmark_out="$scratch/index.json" \
  --benchmark_out_format=json >/dev/null
step "peers: SQLite and PostgreSQL 15 point lookups"
pg_start
"$build/bench/peer_bench" --benchmark_format=json --benchmark_out="$scratch/peer.json" \
  --benchmark_out_format=json >/dev/null
pg_stop
pg_dir=""
step "peers: networkx and igraph (versions; the graph figures come with the crime analysis file)"
/usr/bin/python3 -c 'import json, networkx, igraph; print(json.dumps({"networkx": networkx.__version__, "igraph": igraph.__version__}))' \
  > "$scratch/peers.json"
step "macro benchmarks: datagen, import, serve, wrk"
macro_args=(--ariadne "$build/src/cli/ariadne" --scratch "$scratch/macro" --out "$scratch/macro.json")
[ "${BENCH_LARGE:-0}" = 1 ] && macro_args+=(--large)
[ "${BENCH_QUICK:-0}" = 1 ] && macro_args+=(--seconds 3)
/usr/bin/python3 bench/macro/macro.py "${macro_args[@]}"

step "screening: build, memory, latency and recall over a synthetic world, beside pg_trgm; quality on labelled pairs"
screen_scale=medium
[ "${BENCH_LARGE:-0}" = 1 ] && screen_scale=large
pg_start
ARIADNE_SCREEN_SCALE=$screen_scale "$build/bench/screening_bench" --benchmark_format=json \
  --benchmark_out="$scratch/screening.json" --benchmark_out_format=json >/dev/null
pg_stop
pg_dir=""
"$build/bench/screening_quality" > "$scratch/screening_quality.json"
"$build/bench/watchlist_screening" > "$scratch/watchlist_screening.json" 2> "$scratch/watchlist_misses.txt"
# Real names in many scripts and nickname variants (tests/data/names): the per-script table is committed.
"$build/bench/crossscript_screening" --table bench/results/crossscript_screening.json \
  > "$scratch/crossscript_screening.json" 2> "$scratch/crossscript_screening.txt"
# Screening accuracy over the world of seed 7: large with BENCH_LARGE=1 (1,000,000 people), else medium.
world_scale=medium
[ "${BENCH_LARGE:-0}" = 1 ] && world_scale=large
world="$scratch/world-seed7-$world_scale"
if [ ! -f "$world/manifest.json" ]; then
  rm -rf "$world"
  "$build/src/cli/ariadne" datagen --scale "$world_scale" --seed 7 --out "$world" >/dev/null
fi
"$build/bench/world_screening" "$world" --curves bench/results/world_screening_curves.json \
  > "$scratch/world_screening.json" 2> "$scratch/world_screening.txt"
# The large world's goals, on every tenth query (a full large run takes a quarter of an hour).
large_world="$scratch/world-seed7-large"
if [ ! -f "$large_world/manifest.json" ]; then
  rm -rf "$large_world"
  "$build/src/cli/ariadne" datagen --scale large --seed 7 --out "$large_world" >/dev/null
fi
"$build/bench/world_screening" "$large_world" --sample 10 --figures-as world_large_sample \
  --curves bench/results/world_screening_curves_large_sample.json \
  > "$scratch/world_screening_large_sample.json" 2> "$scratch/world_screening_large_sample.txt"

step "entity resolution: FEBRL accuracy, the synthetic world's person mentions, a million mentions from scratch"
/usr/bin/python3 bench/er/febrl.py --ariadne "$build/src/cli/ariadne" --scratch "$scratch/er" --out "$scratch/er_febrl.json"
/usr/bin/python3 bench/er/world.py --ariadne "$build/src/cli/ariadne" --scratch "$scratch/er" --out "$scratch/er_world.json"
/usr/bin/python3 bench/er/contributions.py --ariadne "$build/src/cli/ariadne" --scratch "$scratch/er" \
  --out "$scratch/er_contrib.json"
/usr/bin/python3 bench/er/people_increment.py --ariadne "$build/src/cli/ariadne" --scratch "$scratch/er" \
  --out "$scratch/er_people_increment.json"

step "graph: 1M nodes and 10M edges beside python-igraph and networkx; the medium and large worlds' networks through the server"
/usr/bin/python3 bench/graph/peers.py --graph-scale "$build/bench/graph_scale" --scratch "$scratch/graph" \
  --out "$scratch/graph.json"
/usr/bin/python3 bench/analysis/networks.py --ariadne "$build/src/cli/ariadne" --scratch "$scratch/analysis" \
  --out "$scratch/analysis.json"
/usr/bin/python3 bench/analysis/networks.py --ariadne "$build/src/cli/ariadne" --scratch "$scratch/analysis" \
  --scale large --out "$scratch/analysis_large.json"

step "exchange: a surge of batch checks, messages and live inbox streams from 30 members"
surge_seconds=30
[ "${BENCH_QUICK:-0}" = 1 ] && surge_seconds=5
/usr/bin/python3 bench/macro/exchange.py surge --ariadne "$build/src/cli/ariadne" --scratch "$scratch/exchange" \
  --seconds "$surge_seconds" --out "$scratch/exchange_surge.json"
step "exchange: GET /inbox over a million messages (the store is kept in bench/scratch/exchange)"
inbox_requests=200
[ "${BENCH_QUICK:-0}" = 1 ] && inbox_requests=30
/usr/bin/python3 bench/macro/exchange.py inbox --ariadne "$build/src/cli/ariadne" --scratch "$scratch/exchange" \
  --requests "$inbox_requests" --out "$scratch/exchange_inbox.json"

/usr/bin/python3 bench/collect.py "$scratch/micro.json" "$scratch/index.json" "$scratch/peer.json" \
  "$scratch/macro.json" "$scratch/screening.json" "$scratch/screening_quality.json" "$scratch/watchlist_screening.json" \
  "$scratch/crossscript_screening.json" \
  "$scratch/world_screening.json" "$scratch/world_screening_large_sample.json" \
  "$scratch/er_febrl.json" "$scratch/er_world.json" "$scratch/er_contrib.json" "$scratch/er_people_increment.json" \
  "$scratch/graph.json" "$scratch/analysis.json" "$scratch/analysis_large.json" \
  "$scratch/exchange_surge.json" "$scratch/exchange_inbox.json" > bench/results/latest.json
/usr/bin/python3 bench/collect.py --table bench/results/latest.json
/usr/bin/python3 bench/collect.py --update-doc bench/results/latest.json bench/goals.json docs/BENCHMARKS.md
