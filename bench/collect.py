#!/usr/bin/env python3
"""Turns Google Benchmark JSON into bench/results/latest.json, or prints a table of it."""
import json
import os
import subprocess
import sys

# Google Benchmark name -> (figure name, unit, how to read it)
FIGURES = {
    "BM_DocumentCreateCommitted": ("store.document_create_committed_per_s", "1/s", "rate"),
    "BM_AuditAppend": ("store.audit_append_per_s", "1/s", "rate"),
    "BM_GatedList": ("store.gated_list_100_of_10k_us", "us", "time"),
    "BM_PasswordHashLogin": ("policy.login_argon2id_ms", "ms", "time"),
    "BM_ImportDocumentsJsonl": ("import.documents_per_s", "1/s", "rate"),
    "BM_ImportDocumentsCsv": ("import.documents_csv_per_s", "1/s", "rate"),
}

# Figures read from a benchmark's user counters: full benchmark name -> [(figure, unit, counter)].
COUNTERS = {
    "BM_IndexBuild/10000000/iterations:1": [("documents.index_build_10m_ms", "ms", "real_time"),
                                            ("documents.index_bytes_per_key", "B", "bytes_per_key")],
    "BM_IndexCheckSingle/10000000": [("documents.checks_per_s_per_core", "1/s", "checks_per_s")],
    "BM_IndexCheckBatchedPrefetch/10000000": [("documents.batched_checks_per_s_per_core", "1/s", "checks_per_s")],
    "BM_ScreeningQuery/min_time:5.000": [("screening.queries_per_s", "1/s", "queries_per_s"),
                                         ("screening.recall_at_10", "ratio", "recall_at_10")],
}


def machine():
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    compiler = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return {"cores": os.cpu_count(), "memory_gib": round(kib / 1024 / 1024, 1), "compiler": compiler}


def collect(paths):
    benchmarks = []
    figures = []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        # A program's own {"figures": [...]} (screening_quality) is taken as it is.
        figures += data.get("figures", [])
        benchmarks += data.get("benchmarks", [])
    for b in benchmarks:
        for name, unit, counter in COUNTERS.get(b["name"], []):
            figures.append({"name": name, "value": round(b[counter], 2), "unit": unit, "peer": None,
                            "peer_value": None})
        base = b["name"].split("/")[0]
        if base not in FIGURES or b["name"] in COUNTERS:
            continue
        name, unit, kind = FIGURES[base]
        value = b["items_per_second"] if kind == "rate" else b["real_time"]
        figures.append({"name": name, "value": round(value, 2), "unit": unit, "peer": None, "peer_value": None})
    return {"machine": machine(), "figures": figures}


def table(path):
    with open(path) as f:
        data = json.load(f)
    m = data["machine"]
    print(f"machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['compiler']}")
    print(f"{'figure':45} {'value':>14} unit")
    for fig in data["figures"]:
        print(f"{fig['name']:45} {fig['value']:>14} {fig['unit']}")


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        table(sys.argv[2])
    else:
        json.dump(collect(sys.argv[1:]), sys.stdout, indent=1)
        print()
