#!/usr/bin/env python3
"""The synthetic world's case packages imported into a fresh store, and the
identifier entities they resolve to scored against the truth.

Every member's contributions/<CODE>.jsonl is imported with `ariadne import
contribution`; phones, accounts, documents and vehicles are linked to
entities as they are stored (analysis/entities.hpp), people resolved after
each import (analysis/people.hpp). truth/contributions.jsonl says which
person or asset each contributed entity really is. Pairwise precision,
recall and F1 per kind, over pairs of mentions from any members (a mention
whose identifier did not check out, hence linked to no entity, counts
alone); for people, the missed and wrong pairs by variation kind.
Writes er.world_contributions_<kind>_f1 figures as JSON (er.world_large_contributions_… for
`--scale large`).
"""
import argparse
import collections
import itertools
import json
import pathlib
import sqlite3
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "macro"))
import macro  # noqa: E402  (contributions_store)

KINDS = ("person", "phone", "account", "document", "vehicle")


def pairs(groups):
    return sum(len(v) * (len(v) - 1) // 2 for v in groups.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", default="medium")
    a = ap.parse_args()
    prefix = "er.world_contributions" if a.scale == "medium" else f"er.world_{a.scale}_contributions"
    scratch = pathlib.Path(a.scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    world = scratch / f"er-contrib-world-{a.scale}"
    db = scratch / "er-contrib.db"
    pw = scratch / "er-contrib-pw"
    pw.write_text("a long enough password for the bench\n")
    macro.contributions_store(a.ariadne, world, a.scale, db, pw)

    truth, variations = {}, {}
    with open(world / "truth" / "contributions.jsonl") as f:
        for line in f:
            t = json.loads(line)
            truth[(t["member"], t["case"], t["id"])] = t["truth"]
            variations[(t["member"], t["case"], t["id"])] = t.get("variations", [])
    found = {}
    with sqlite3.connect(db) as con:
        # A mention whose identifier did not check out is an entity of its own (how 'own'): it links nothing.
        rows = con.execute("SELECT c.owner, c.case_ref, m.local_id, m.kind, "
                           "CASE WHEN em.how = 'own' THEN NULL ELSE em.entity END FROM mentions m "
                           "JOIN contributions c ON c.id = m.contribution "
                           "LEFT JOIN entity_mentions em ON em.mention = m.id").fetchall()
    figures, details = [], {}
    for kind in KINDS:
        by_truth, by_entity = collections.defaultdict(list), collections.defaultdict(list)
        for owner, case, local, k, entity in rows:
            if k != kind:
                continue
            key = (owner, case, local)
            by_truth[truth[key]].append(key)
            by_entity[entity if entity is not None else ("alone",) + key].append(key)
        correct = 0
        for members in by_entity.values():
            counts = collections.Counter(truth[k] for k in members)
            correct += sum(n * (n - 1) // 2 for n in counts.values())
        true_pairs, found_pairs = pairs(by_truth), pairs(by_entity)
        precision = correct / found_pairs if found_pairs else 1.0
        recall = correct / true_pairs if true_pairs else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        mentions = sum(len(v) for v in by_truth.values())
        entity_of = {k: e for e, ks in by_entity.items() for k in ks}
        missed, wrong = collections.Counter(), collections.Counter()
        for ks in by_truth.values():  # true pairs split apart, by the variations of their two mentions
            for x, y in itertools.combinations(ks, 2):
                if entity_of[x] != entity_of[y]:
                    for v in set(variations[x]) | set(variations[y]):
                        missed[v] += 1
        for ks in by_entity.values():  # pairs joined wrongly
            for x, y in itertools.combinations(ks, 2):
                if truth[x] != truth[y]:
                    for v in set(variations[x]) | set(variations[y]):
                        wrong[v] += 1
        unlinked = sum(1 for owner, case, local, k, entity in rows if k == kind and entity is None)
        details[kind] = {"mentions": mentions, "unlinked": unlinked, "true_pairs": true_pairs,
                         "found_pairs": found_pairs, "precision": precision, "recall": recall, "f1": f1,
                         "missed_pairs_by_variation": dict(missed.most_common()),
                         "wrong_pairs_by_variation": dict(wrong.most_common())}
        if missed or wrong:
            print(f"  missed by variation {dict(missed.most_common(8))}; wrong {dict(wrong.most_common(8))}",
                  file=sys.stderr)
        print(f"er contributions {kind}: {mentions} mentions ({unlinked} unlinked), precision {precision:.4f} "
              f"recall {recall:.4f} F1 {f1:.4f} ({correct} of {true_pairs} true pairs, {found_pairs} found)",
              file=sys.stderr)
        figures.append({"name": f"{prefix}_{kind}_f1", "value": round(f1, 4), "unit": "ratio",
                        "peer": None, "peer_value": None})
        if kind == "person":
            for name, value in (("precision", precision), ("recall", recall)):
                figures.append({"name": f"{prefix}_person_{name}", "value": round(value, 4),
                                "unit": "ratio", "peer": None, "peer_value": None})
    pathlib.Path(a.out).write_text(json.dumps({"figures": figures, "details": details}, indent=1) + "\n")


if __name__ == "__main__":
    main()
