#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of `ariadne er` on the FEBRL data sets.

dataset1 and dataset2 are deduplicated, dataset4a is linked to dataset4b,
all with the one configuration bench/er/febrl.json. The truth is in each
record's id: rec-N-org and rec-N-dup-K are the same person N. Writes the
figures (er.febrl.<set>_{precision,recall,f1,seconds}) as JSON.
"""
import argparse
import csv
import itertools
import json
import pathlib
import re
import subprocess
import sys
import time
from collections import defaultdict


def entity(rec_id):
    m = re.match(r"rec-(\d+)-", rec_id)
    if not m:
        sys.exit(f"febrl.py: unexpected record id {rec_id!r}")
    return m.group(1)


def pairs_of(groups, linking):
    """Every pair of records in one group (across the two files when linking)."""
    out = set()
    for members in groups.values():
        for x, y in itertools.combinations(sorted(members), 2):
            if linking and x[0] == y[0]:
                continue
            out.add((x, y))
    return out


def evaluate(clusters_csv, linking):
    truth, found = defaultdict(list), defaultdict(list)
    with open(clusters_csv, newline="") as f:
        for row in csv.DictReader(f):
            record = (row.get("file", "1"), row["record_id"])
            truth[entity(row["record_id"])].append(record)
            found[row["cluster_id"]].append(record)
    true_pairs, found_pairs = pairs_of(truth, linking), pairs_of(found, linking)
    tp = len(true_pairs & found_pairs)
    precision = tp / len(found_pairs) if found_pairs else 0.0
    recall = tp / len(true_pairs) if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": len(true_pairs),
            "found_pairs": len(found_pairs), "correct_pairs": tp}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--data", default="tests/data/febrl")
    ap.add_argument("--config", default="bench/er/febrl.json")
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    data, scratch = pathlib.Path(a.data), pathlib.Path(a.scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    figures, report = [], {}
    for name, files in [("dataset1", ["dataset1.csv"]), ("dataset2", ["dataset2.csv"]),
                        ("dataset4", ["dataset4a.csv", "dataset4b.csv"])]:
        out = scratch / f"febrl-{name}.clusters.csv"
        cmd = [a.ariadne, "er", "--input", str(data / files[0]), "--id-column", "rec_id", "--config", a.config,
               "--out", str(out), "--summary", str(scratch / f"febrl-{name}.summary.json")]
        if len(files) == 2:
            cmd += ["--link", str(data / files[1])]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        r = evaluate(out, len(files) == 2)
        report[name] = r
        print(f"febrl {name}: precision {r['precision']:.4f} recall {r['recall']:.4f} F1 {r['f1']:.4f} "
              f"({r['correct_pairs']} of {r['true_pairs']} true pairs, {r['found_pairs']} found) in {seconds:.2f} s",
              file=sys.stderr)
        for k in ("precision", "recall", "f1"):
            figures.append({"name": f"er.febrl.{name}_{k}", "value": round(r[k], 4), "unit": "ratio", "peer": None, "peer_value": None})
        figures.append({"name": f"er.febrl.{name}_seconds", "value": round(seconds, 3), "unit": "s", "peer": None, "peer_value": None})
    pathlib.Path(a.out).write_text(json.dumps({"figures": figures, "details": report}, indent=1) + "\n")


if __name__ == "__main__":
    main()
