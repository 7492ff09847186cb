#!/usr/bin/env python3
"""Checks the benchmark results that scripts and readers rely on (a ctest case).

1. bench/results/latest.json has the shape API.md gives: {"machine": {"cores", "memory_gib", "compiler"},
   "figures": [{"name", "value", "unit", "peer", "peer_value"}]}, figure names dotted and unique.
2. docs/BENCHMARKS.md quotes every figure of latest.json, latest.json holds every figure the
   document's tables quote, and bench/goals.json describes every figure.
3. bench/collect.py turns Google Benchmark output and macro figure files into that shape, with the
   peer of a figure filled from the peer's figure measured in the same run.
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
problems = []


def check_shape(data, where):
    machine = data.get("machine")
    if not isinstance(machine, dict):
        problems.append(f"{where}: no machine object")
    else:
        if not isinstance(machine.get("cores"), int):
            problems.append(f"{where}: machine.cores is not an integer")
        if not isinstance(machine.get("memory_gib"), (int, float)):
            problems.append(f"{where}: machine.memory_gib is not a number")
        if not isinstance(machine.get("compiler"), str) or not machine["compiler"]:
            problems.append(f"{where}: machine.compiler is missing")
    figures = data.get("figures")
    if not isinstance(figures, list) or not figures:
        problems.append(f"{where}: no figures")
        return []
    names = []
    for f in figures:
        name = f.get("name", "")
        if not NAME.match(name):
            problems.append(f"{where}: figure name {name!r} is not dotted lower case")
        if not isinstance(f.get("value"), (int, float)) or isinstance(f.get("value"), bool):
            problems.append(f"{where}: {name} has no numeric value")
        if not isinstance(f.get("unit"), str) or not f["unit"]:
            problems.append(f"{where}: {name} has no unit")
        if "peer" not in f or "peer_value" not in f:
            problems.append(f"{where}: {name} lacks peer/peer_value (null when there is none)")
        elif (f["peer"] is None) != (f["peer_value"] is None):
            problems.append(f"{where}: {name} has a peer without a value or a value without a peer")
        names.append(name)
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        problems.append(f"{where}: figures named twice: {sorted(dupes)}")
    return names


def check_committed():
    latest = json.loads((ROOT / "bench/results/latest.json").read_text())
    names = set(check_shape(latest, "bench/results/latest.json"))
    doc = (ROOT / "docs/BENCHMARKS.md").read_text()
    quoted = set()
    for line in doc.splitlines():
        if line.startswith("| `"):
            quoted.add(line.split("`")[1])
    for n in sorted(names - quoted):
        problems.append(f"docs/BENCHMARKS.md does not quote figure {n} of latest.json")
    for n in sorted(quoted - names):
        problems.append(f"docs/BENCHMARKS.md quotes {n}, which latest.json does not hold")
    goals = json.loads((ROOT / "bench/goals.json").read_text())["figures"]
    for n in sorted(names - set(goals)):
        problems.append(f"bench/goals.json does not describe figure {n}")


def check_collect():
    gbench = {"benchmarks": [
        {"name": "BM_IndexCheckSingle/10000000", "run_type": "iteration", "real_time": 120.0, "cpu_time": 119.0,
         "checks_per_s": 8.0e6},
        {"name": "BM_PeerPostgresPointLookup/min_time:3.000/real_time", "run_type": "iteration",
         "real_time": 50000.0, "lookups_per_s": 20000.0},
        {"name": "BM_ImportDocumentsJsonl/min_time:2.000/real_time", "run_type": "iteration", "real_time": 500.0,
         "items_per_second": 40000.0},
        {"name": "BM_PeerSqlitePointLookup/min_time:3.000/real_time", "error_occurred": True,
         "error_message": "skipped on purpose"},
    ]}
    macro = {"figures": [{"name": "datagen.small_s", "value": 0.5, "unit": "s", "peer": None, "peer_value": None}]}
    with tempfile.TemporaryDirectory() as d:
        a = pathlib.Path(d) / "gbench.json"
        b = pathlib.Path(d) / "macro.json"
        a.write_text(json.dumps(gbench))
        b.write_text(json.dumps(macro))
        out = subprocess.run([sys.executable, str(ROOT / "bench/collect.py"), str(a), str(b)], capture_output=True,
                             text=True)
    if out.returncode != 0:
        problems.append(f"collect.py failed: {out.stderr}")
        return
    data = json.loads(out.stdout)
    names = check_shape(data, "collect.py output")
    by = {f["name"]: f for f in data["figures"]}
    expected = {"documents.checks_per_s_per_core": 8.0e6, "peers.postgresql_point_lookups_per_s": 20000.0,
                "import.documents_micro_per_s": 40000.0, "datagen.small_s": 0.5}
    for name, value in expected.items():
        if name not in by or by[name]["value"] != value:
            problems.append(f"collect.py: expected {name} = {value}, got {by.get(name)}")
    check = by.get("documents.checks_per_s_per_core", {})
    if check.get("peer_value") != 20000.0 or not check.get("peer"):
        problems.append(f"collect.py: the PostgreSQL peer is not attached to the check rate: {check}")
    if any(n.startswith("peers.sqlite") for n in names):
        problems.append("collect.py: a benchmark that did not run became a figure")
    if "skipped on purpose" not in out.stderr:
        problems.append("collect.py: a benchmark that did not run was not reported")


check_committed()
check_collect()
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
