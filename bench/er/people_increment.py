#!/usr/bin/env python3
"""People of the analysis file at scale, through the server as members use it.

The medium world's 239,014 person mentions (mentions.jsonl of seed 1, as
bench/er/world.py generates it) become case packages of 20 people each, no
person twice in a case (a phone as the person's, when the mention has one):
all but the last 1,000
imported as one member's cases with `ariadne import contribution`, which
resolves them from scratch; then `ariadne serve` starts (resolving them again
from the store: the start's time is a figure), and the last 1,000 mentions
arrive as one case of another member through POST /contributions, which
answers once they are resolved incrementally against everything known.
The wall time of that request is the figure the issue sets (< 1 s); the
ids of the people already known are read before and after (every one of
them must be unchanged unless the new case joined it).
Writes er.analysis_* figures as JSON.
"""
import argparse
import json
import pathlib
import sqlite3
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "macro"))
import macro  # noqa: E402  (serve, post, free_port)

PER_CASE = 20
INCREMENT = 1000
PASSWORD = "a long enough password for the bench"


def person(local, m):
    names = [{"full": (m.get("given_names", "") + " " + m.get("surname", "")).strip()}]
    p = {"id": local, "kind": "person", "names": names}
    for key in ("birth_date", "nationality", "sex"):
        if m.get(key):
            p[key] = m[key]
    return p


def package(member, case, mentions):
    entities, relationships = [], []
    for i, m in enumerate(mentions):
        entities.append(person(f"e{i}", m))
        if m.get("phone"):
            entities.append({"id": f"p{i}", "kind": "phone", "number": m["phone"]})
            relationships.append({"from": f"e{i}", "to": f"p{i}", "kind": "uses"})
    return {"case": case, "member": member, "crime_type": "trafficking_in_human_beings",
            "reported_on": "2026-01-15", "restriction": {"scope": "all"}, "entities": entities,
            "relationships": relationships, "events": []}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    scratch = pathlib.Path(a.scratch).resolve()
    world = scratch / "er-world-1"
    if not (world / "mentions.jsonl").exists():
        subprocess.run([a.ariadne, "datagen", "--out", str(world), "--scale", "medium", "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
    mentions = [json.loads(line) for line in open(world / "mentions.jsonl")]
    known, fresh = mentions[:-INCREMENT], mentions[-INCREMENT:]
    bulk = scratch / "people-increment-cases.jsonl"
    cases = (len(known) + PER_CASE - 1) // PER_CASE
    with open(bulk, "w") as f:
        # A person's mentions follow one another in the file; a case lists a
        # person once, so the cases take every `cases`-th mention.
        for k in range(cases):
            f.write(json.dumps(package("FRA", f"FRA-B{k}", known[k::cases])) + "\n")
    db = scratch / "people-increment.db"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(db) + suffix).unlink(missing_ok=True)
    pw = scratch / "people-increment-pw"
    pw.write_text(PASSWORD + "\n")
    run = lambda args: subprocess.run([a.ariadne] + args + ["--db", str(db)], check=True, capture_output=True,
                                      text=True)
    run(["init", "--admin-password-file", str(pw)])
    run(["member", "add", "FRA", "France"])
    run(["member", "add", "ITA", "Italy"])
    run(["user", "add", "--member", "ITA", "--role", "analyst", "bench.analyst", "--password-file", str(pw)])
    start = time.perf_counter()
    imported = run(["import", "contribution", str(bulk), "--member", "FRA"])
    import_s = time.perf_counter() - start
    print(imported.stdout.strip(), file=sys.stderr)

    def assignment():
        with sqlite3.connect(db) as con:
            return dict(con.execute("SELECT em.mention, em.entity FROM entity_mentions em JOIN mentions m "
                                    "ON m.id = em.mention WHERE m.kind = 'person'").fetchall())

    before = assignment()
    port = macro.free_port()
    start = time.perf_counter()
    server = macro.serve(a.ariadne, db, port, scratch / "people-increment-serve.log")
    answer_s = time.perf_counter() - start
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        # The people are resolved after the server answers; GET /health says when.
        while True:
            with urllib.request.urlopen(base + "/health", timeout=5) as r:
                if json.loads(r.read()).get("people") == "ready":
                    break
            time.sleep(0.05)
        start_s = time.perf_counter() - start
        token = macro.post(base + "/auth/login", {"username": "bench.analyst", "password": PASSWORD})["token"]
        body = package("ITA", "ITA-INCREMENT", fresh)
        start = time.perf_counter()
        answer = macro.post(base + "/contributions", body, token)
        increment_s = time.perf_counter() - start
        assert answer["counts"]["entities"] >= INCREMENT, answer
        after_increment = assignment()
        # A new version of that case (its first 900 mentions), then its
        # withdrawal: each answered once the people are resolved again.
        body = package("ITA", "ITA-INCREMENT", fresh[:INCREMENT - 100])
        start = time.perf_counter()
        version = macro.post(base + "/contributions", body, token)
        version_s = time.perf_counter() - start
        assert version["version"] == 2, version
        start = time.perf_counter()
        request = urllib.request.Request(f"{base}/contributions/{answer['id']}", method="DELETE",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=600) as r:
            assert r.status == 204, r.status
        withdraw_s = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=60)
    after = after_increment
    # Entities the new case joined may take a mention's id over; every other id stays.
    joined = {after[m] for m in after if m not in before}
    moved = sum(1 for m, e in before.items() if after.get(m) != e and after.get(m) not in joined)
    # Once the case is withdrawn, every mention that was there before has its id back.
    final = assignment()
    moved_back = sum(1 for m, e in before.items() if final.get(m) != e)
    print(f"people increment: {len(known)} person mentions imported and resolved in {import_s:.1f} s; "
          f"server answers after {answer_s:.2f} s, its people resolved after {start_s:.1f} s; {INCREMENT} more by POST /contributions in {increment_s:.3f} s; "
          f"{moved} ids of untouched people moved; a new version in {version_s:.3f} s, the withdrawal in "
          f"{withdraw_s:.3f} s, {moved_back} ids then differ from before the case", file=sys.stderr)
    figures = [
        {"name": "er.analysis_import_resolve_seconds", "value": round(import_s, 1), "unit": "s", "peer": None,
         "peer_value": None},
        {"name": "er.analysis_server_start_seconds", "value": round(start_s, 1), "unit": "s", "peer": None,
         "peer_value": None},
        {"name": "er.analysis_server_first_answer_seconds", "value": round(answer_s, 2), "unit": "s", "peer": None,
         "peer_value": None},
        {"name": "er.analysis_increment_1000_seconds", "value": round(increment_s, 3), "unit": "s", "peer": None,
         "peer_value": None},
        {"name": "er.analysis_increment_moved_ids", "value": moved, "unit": "ids", "peer": None, "peer_value": None},
        {"name": "er.analysis_new_version_900_seconds", "value": round(version_s, 3), "unit": "s", "peer": None,
         "peer_value": None},
        {"name": "er.analysis_withdraw_900_seconds", "value": round(withdraw_s, 3), "unit": "s", "peer": None,
         "peer_value": None},
        {"name": "er.analysis_withdraw_moved_ids", "value": moved_back, "unit": "ids", "peer": None,
         "peer_value": None},
    ]
    pathlib.Path(a.out).write_text(json.dumps({"figures": figures}, indent=1) + "\n")


if __name__ == "__main__":
    main()
