#!/usr/bin/env python3
"""Entity resolution of the synthetic world's person mentions with `ariadne er`.

Quality: the medium world's mentions (mentions.jsonl; truth/persons.jsonl
says which person each is), pairwise precision, recall and F1, and the
missed pairs broken down by variation kind. Scale: the first 1,000,000
mentions of medium worlds of seeds 1, 2, … (different seeds: different
people) together, exactly, timed from scratch, with the peak resident memory per mention;
then the next 1,000 mentions (`ariadne er --add`) resolved incrementally
against them, timed alone. Both again with the analysis file's configuration
(src/analysis/people_config.json: more blocking rules, its thresholds and
prior; its columns mapped onto these), which the server resolves people with.
Writes the figures (er.world.*, er.scale.*) as JSON.
"""
import argparse
import collections
import csv
import itertools
import json
import pathlib
import shutil
import subprocess
import sys
import time

CONFIG = {"columns": {"name": "name", "birth_date": "birth_date", "sex": "sex", "nationality": "nationality",
                      "phone": "identifier:phone", "iban": "identifier:iban"},
          "threshold": 0.5}


def analysis_config():
    """The analysis file's configuration with its columns mapped onto this CSV's. The CSV holds no
    case, hence no context: the rules that block on context (identifiers of the same case) would bring
    no pair and are left out, as `ariadne er` refuses a key the columns do not give."""
    root = pathlib.Path(__file__).resolve().parents[2]
    config = json.loads((root / "src" / "analysis" / "people_config.json").read_text())
    config["columns"] = dict(CONFIG["columns"])
    config["blocking"] = [r for r in config["blocking"] if "context" not in (r["keys"] if isinstance(r, dict) else r)]
    return config


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def mentions_csv(world, prefix, writer, limit):
    """Appends at most `limit` of the world's mentions to a CSV writer: id, person, variations, the compared fields."""
    truth = {}
    with open(world / "truth" / "persons.jsonl") as f:
        for line in f:
            d = json.loads(line)
            truth[d["mention"]] = d
    n = 0
    with open(world / "mentions.jsonl") as f:
        for line in f:
            if n == limit:
                break
            m = json.loads(line)
            t = truth[m["id"]]
            name = (m.get("given_names", "") + " " + m.get("surname", "")).strip()
            writer.writerow([prefix + m["id"], prefix + t["person"], "|".join(t["variations"]), name,
                             m.get("birth_date", ""), m.get("sex", ""), m.get("nationality", ""), m.get("phone", ""),
                             m.get("iban", "")])
            n += 1
    return n


def datagen(ariadne, scratch, seed):
    world = scratch / f"er-world-{seed}"
    if not (world / "mentions.jsonl").exists():
        shutil.rmtree(world, ignore_errors=True)
        subprocess.run([ariadne, "datagen", "--out", str(world), "--scale", "medium", "--seed", str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
        for big in ("documents.jsonl", "documents", "travellers.jsonl", "visas.jsonl", "contributions.jsonl",
                    "contributions"):  # only the mentions are read
            p = world / big
            shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
    return world


HEADER = ["id", "person", "variations", "name", "birth_date", "sex", "nationality", "phone", "iban"]


class Split:
    """A CSV writer that fills its files in turn, each up to its number of rows."""

    def __init__(self, parts):
        self.parts = [(open(path, "w", newline=""), limit) for path, limit in parts]
        self.writers = [csv.writer(f) for f, _ in self.parts]
        for w in self.writers:
            w.writerow(HEADER)
        self.at, self.rows = 0, 0

    def writerow(self, row):
        if self.at < len(self.parts) and self.rows == self.parts[self.at][1]:
            self.at, self.rows = self.at + 1, 0
        if self.at < len(self.parts):
            self.writers[self.at].writerow(row)
            self.rows += 1

    def close(self):
        for f, _ in self.parts:
            f.close()


def write_csv(ariadne, scratch, seeds, parts):
    """The mentions of the worlds of `seeds`, in order, into parts [(path, rows or None)]; the number written."""
    total = sum(limit for _, limit in parts) if all(limit is not None for _, limit in parts) else None
    out = Split(parts)
    n = 0
    for seed in seeds:
        n += mentions_csv(datagen(ariadne, scratch, seed), f"s{seed}-", out, None if total is None else total - n)
    out.close()
    return n


def run_er(ariadne, csv_path, config_path, out, summary, add=None):
    """Wall time of `ariadne er`, and its peak resident memory in bytes (its summary's peak_rss_bytes)."""
    start = time.perf_counter()
    subprocess.run([ariadne, "er", "--input", str(csv_path), "--id-column", "id", "--config", str(config_path),
                    "--out", str(out), "--summary", str(summary)] + (["--add", str(add)] if add else []),
                   check=True, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    return seconds, json.loads(pathlib.Path(summary).read_text()).get("peak_rss_bytes")


def evaluate(csv_path, clusters_path):
    person, variations = {}, {}
    with open(csv_path, newline="") as f:
        for r in csv.DictReader(f):
            person[r["id"]] = r["person"]
            variations[r["id"]] = r["variations"].split("|")
    cluster = {}
    with open(clusters_path, newline="") as f:
        for r in csv.DictReader(f):
            cluster[r["record_id"]] = r["cluster_id"]
    by_person, by_cluster = collections.defaultdict(list), collections.defaultdict(list)
    for m, c in cluster.items():
        by_person[person[m]].append(m)
        by_cluster[c].append(m)
    true_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_person.values())
    found_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_cluster.values())
    correct = 0
    for members in by_cluster.values():
        counts = collections.Counter(person[m] for m in members)
        correct += sum(k * (k - 1) // 2 for k in counts.values())
    total, missed = collections.Counter(), collections.Counter()
    for members in by_person.values():
        for a, b in itertools.combinations(members, 2):
            for kind in set(variations[a]) | set(variations[b]):
                total[kind] += 1
                missed[kind] += cluster[a] != cluster[b]
    precision = correct / found_pairs if found_pairs else 0.0
    recall = correct / true_pairs if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_kind = {k: {"pairs": total[k], "missed": missed[k], "recall": 1 - missed[k] / total[k]} for k in total}
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": true_pairs, "found_pairs": found_pairs,
            "by_variation": by_kind}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale-mentions", type=int, default=1_000_000,
                    help="mentions resolved for the speed figure (the first of the worlds of seeds 1, 2, …)")
    ap.add_argument("--increment", type=int, default=1000, help="mentions then added incrementally")
    ap.add_argument("--skip-scale", action="store_true")
    a = ap.parse_args()
    scratch = pathlib.Path(a.scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    config = scratch / "er-world-config.json"
    config.write_text(json.dumps(CONFIG))
    analysis = scratch / "er-world-analysis-config.json"
    analysis.write_text(json.dumps(analysis_config()))
    figures, details = [], {}

    def figure(name, value, unit):
        figures.append({"name": name, "value": value, "unit": unit, "peer": None, "peer_value": None})

    def quality(csv_path, config_path, stem, label):
        """The medium world resolved with a configuration and scored; its seconds and scores."""
        seconds, _ = run_er(a.ariadne, csv_path, config_path, scratch / f"{stem}-clusters.csv",
                            scratch / f"{stem}-summary.json")
        r = evaluate(csv_path, scratch / f"{stem}-clusters.csv")
        log(f"er world medium{label}: precision {r['precision']:.4f} recall {r['recall']:.4f} F1 {r['f1']:.4f} "
            f"in {seconds:.1f} s")
        return seconds, r

    quality_csv = scratch / "er-world-mentions.csv"
    n = write_csv(a.ariadne, scratch, [1], [(quality_csv, None)])
    seconds, r = quality(quality_csv, config, "er-world", f" ({n} mentions)")
    details["world_medium"] = r
    for kind, k in sorted(r["by_variation"].items(), key=lambda kv: kv[1]["recall"]):
        log(f"  {kind:24s} recall {k['recall']:.4f} ({k['missed']} of {k['pairs']} pairs missed)")
    for k in ("precision", "recall", "f1"):
        figure(f"er.world_medium_person_{k}", round(r[k], 4), "ratio")
    figure("er.world_medium_seconds", round(seconds, 2), "s")
    _, r = quality(quality_csv, analysis, "er-world-analysis", ", analysis configuration")
    details["world_medium_analysis"] = r
    figure("er.world_medium_analysis_person_f1", round(r["f1"], 4), "ratio")

    def scale(csv_path, total, config_path, stem, prefix, label):
        """A million resolved from scratch with a configuration: its time and memory as figures."""
        seconds, peak = run_er(a.ariadne, csv_path, config_path, scratch / f"{stem}-clusters.csv",
                               scratch / f"{stem}-summary.json")
        summary = json.loads((scratch / f"{stem}-summary.json").read_text())
        log(f"er scale{label}: {total} mentions resolved in {seconds:.1f} s, peak "
            f"{peak / 2**20 if peak else 0:.0f} MiB, {summary['candidate_pairs']} candidate pairs, "
            f"steps {summary['seconds']}")
        figure(f"{prefix}_seconds", round(seconds, 2), "s")
        if peak:
            figure(f"{prefix}_bytes_per_mention", round(peak / total), "B")
        return {"mentions": total, "seconds": seconds, "peak_rss_bytes": peak, "summary": summary}

    if not a.skip_scale:
        seeds, total = [], 0
        per_world = n
        while total < a.scale_mentions + a.increment:
            seeds.append(len(seeds) + 1)
            total += per_world
        scale_csv, add_csv = scratch / "er-scale-mentions.csv", scratch / "er-scale-added.csv"
        total = write_csv(a.ariadne, scratch, seeds, [(scale_csv, a.scale_mentions), (add_csv, a.increment)])
        total -= a.increment
        figure("er.scale_mentions", total, "1")
        details["scale"] = scale(scale_csv, total, config, "er-scale", "er.scale", "")
        # The next mentions (some of people already known) resolved incrementally against those.
        run_er(a.ariadne, scale_csv, config, scratch / "er-increment-clusters.csv", scratch / "er-increment-summary.json",
               add=add_csv)
        increment = json.loads((scratch / "er-increment-summary.json").read_text())["increment"]
        log(f"er increment: {increment['records']} mentions resolved against {total} in {increment['seconds']:.3f} s "
            f"({increment['links']} links, {len(increment['redirects'])} clusters merged into others)")
        figure("er.incremental_1000_seconds", round(increment["seconds"], 3), "s")
        details["increment"] = increment
        # The same million with the analysis file's configuration.
        details["scale_analysis"] = scale(scale_csv, total, analysis, "er-scale-analysis", "er.scale_analysis",
                                          ", analysis configuration")
    pathlib.Path(a.out).write_text(json.dumps({"figures": figures, "details": details}, indent=1) + "\n")


if __name__ == "__main__":
    main()
