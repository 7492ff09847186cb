#!/usr/bin/env python3
"""The analysis file's prior model of people (src/analysis/people_config.json, "prior").

A new analysis file holds too few person mentions to estimate its model from;
below `estimate_from` mentions it resolves with this prior, estimated here
from the medium synthetic world's contributions with the same configuration.
Imports the world's contributions into a fresh store (bench/er/contributions.py
does it the same way), writes every person mention as the analysis file reads
it (analysis/people.cpp: names, birth date, sex, nationality, role, the identifiers
of what the person uses or holds, the case's other identifiers as context,
the case as group) to a CSV, resolves it with `ariadne er --config
src/analysis/people_config.json --summary`, and writes the estimated model
into the configuration's "prior".

    python3 bench/er/people_prior.py --ariadne build/src/cli/ariadne --scratch bench/scratch/er
"""
import argparse
import collections
import csv
import json
import pathlib
import sqlite3
import subprocess

NAMES, PER_KIND = 4, {"phone": 3, "iban": 2, "account": 2, "document": 3, "plate": 2}


def export(db, out):
    con = sqlite3.connect(db)
    names, props = collections.defaultdict(list), collections.defaultdict(dict)
    contribution = dict(con.execute("SELECT id, contribution FROM mentions WHERE kind = 'person'"))
    for mention, prop, value in con.execute(
            "SELECT s.mention, s.prop, s.value FROM statements s JOIN mentions m ON m.id = s.mention "
            "WHERE m.kind = 'person' ORDER BY s.id"):
        if prop == "names":
            names[mention].append(json.loads(value)["full"])
        elif prop in ("birth_date", "sex", "nationality", "role"):
            props[mention][prop] = value
    held = collections.defaultdict(lambda: collections.defaultdict(list))
    for source, key in con.execute(
            "SELECT ml.source, em.reason FROM mention_links ml JOIN entity_mentions em ON em.mention = ml.target "
            "WHERE em.how = 'identifier' AND ml.kind IN ('uses', 'holds_account', 'drives', 'holds_document')"):
        kind, value = key.split(":", 1)
        held[source][kind].append(value)
    context = collections.defaultdict(set)
    for c, key in con.execute("SELECT m.contribution, em.reason FROM mentions m JOIN entity_mentions em "
                              "ON em.mention = m.id WHERE em.how = 'identifier'"):
        context[c].add(key)
    header = ["id"] + [f"name{i + 1}" for i in range(NAMES)] + ["birth_date", "sex", "nationality", "role"]
    header += [f"{k}{i + 1}" for k, n in PER_KIND.items() for i in range(n)] + ["context", "group"]
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for mention in sorted(contribution):
            row = [mention] + (names[mention] + [""] * NAMES)[:NAMES]
            row += [props[mention].get(p, "") for p in ("birth_date", "sex", "nationality", "role")]
            for kind, n in PER_KIND.items():
                row += (held[mention][kind] + [""] * n)[:n]
            own = {f"{k}:{v}" for k, vs in held[mention].items() for v in vs}
            row += ["|".join(sorted(context[contribution[mention]] - own)), contribution[mention]]
            w.writerow(row)


# Members often give one person different roles: a smuggled migrant in one
# case is a trafficking victim in the next, a driver becomes an organiser.
# The synthetic world's people keep one role, so expectation-maximisation
# finds no such pair and would make a differing role a veto; the prior keeps
# this share of one person's mentions apart in role.
ROLE_DISAGREE_M = 0.15


def prior_level(level):
    out = {"level": level["level"], "m": max(level["m"], 1e-6), "u": max(level["u"], 1e-6)}
    if "u_same_nationality" in level:
        out["u_same_nationality"] = max(level["u_same_nationality"], 1e-6)
    return out


def prior_comparison(c):
    levels = [prior_level(l) for l in c["levels"]]
    if c["name"] == "role":
        by = {l["level"]: l for l in levels}
        by["disagree"]["m"] = max(by["disagree"]["m"], ROLE_DISAGREE_M)
        by["agree"]["m"] = 1 - by["disagree"]["m"]
    return {"name": c["name"], "levels": levels}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--config", default="src/analysis/people_config.json")
    a = ap.parse_args()
    scratch = pathlib.Path(a.scratch).resolve()
    subprocess.run(["python3", "bench/er/contributions.py", "--ariadne", a.ariadne, "--scratch", str(scratch),
                    "--out", str(scratch / "people-prior-contrib.json")], check=True)
    csv_path, summary = scratch / "people-prior.csv", scratch / "people-prior-summary.json"
    export(scratch / "er-contrib.db", csv_path)
    config_path = pathlib.Path(a.config)
    config = json.loads(config_path.read_text())
    estimating = dict(config, estimate_from=0)  # this file estimates its own model
    estimating.pop("prior", None)
    tmp = scratch / "people-prior-config.json"
    tmp.write_text(json.dumps(estimating))
    subprocess.run([a.ariadne, "er", "--input", str(csv_path), "--id-column", "id", "--config", str(tmp),
                    "--out", str(scratch / "people-prior-clusters.csv"), "--summary", str(summary)], check=True)
    model = json.loads(summary.read_text())["model"]
    config["prior"] = {"lambda": model["lambda"],
                       "comparisons": [prior_comparison(c) for c in model["comparisons"]]}
    config_path.write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")
    print(f"prior written to {config_path}")


if __name__ == "__main__":
    main()
