#!/usr/bin/env python3
"""The synthetic world's networks as the analysis file's link graph finds
them, and how fast it answers, through a real server.

Every member's contributions/<CODE>.jsonl is imported into a fresh store;
`ariadne serve` resolves the people; the General Secretariat's
administrator (who sees every contribution) then asks:

* GET /graph/networks?with_entities=true: the networks found. Scored against
  truth/networks.jsonl by the adjusted Rand index over the person mentions
  of the world's networks (each mention labelled by its true network, and
  by the found network of its entity).
* GET /graph/centrality?network=…&measure=M&limit=3 for each true
  network's organiser: whether one of the organiser's entities is among
  the three highest-ranked of the network found around it.
* GET /graph/neighbourhood?depth=2 and GET /graph/path between entities of
  one network: latencies (median and 99th percentile over loopback).
* GET /analysis/routes: the corridors found, scored against the networks'
  true routes (the share found whole; corridors that are part of no true
  route); its latency, and those of GET /analysis/trends?by=route, of a
  network's report (GET /analysis/reports/network, over 50 networks) and of
  a strategic report of the whole file.

Writes analysis.world_<scale>_* figures as JSON.
"""
import argparse
import collections
import json
import math
import pathlib
import random
import sqlite3
import sys
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "macro"))
import macro  # noqa: E402  (contributions_store, serve, post, free_port)

PASSWORD = "a long enough password for the bench"
MEASURES = ("betweenness", "closeness", "pagerank", "degree")


def comb2(n):
    return n * (n - 1) // 2


def adjusted_rand(true_labels, found_labels):
    n = len(true_labels)
    table = collections.Counter(zip(true_labels, found_labels))
    a = collections.Counter(true_labels)
    b = collections.Counter(found_labels)
    index = sum(comb2(v) for v in table.values())
    sum_a = sum(comb2(v) for v in a.values())
    sum_b = sum(comb2(v) for v in b.values())
    expected = sum_a * sum_b / comb2(n) if n > 1 else 0
    maximum = (sum_a + sum_b) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


def get(base, path, token):
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=600) as r:
        return json.loads(r.read())


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(math.ceil(p * len(values))) - 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", default="medium")
    ap.add_argument("--keep-store", action="store_true",
                    help="ask the store a run before imported, when there is one (its import time is the one measured then)")
    a = ap.parse_args()
    scratch = pathlib.Path(a.scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    world = scratch / f"graph-world-{a.scale}"
    db = scratch / f"graph-{a.scale}.db"
    pw = scratch / "graph-pw"
    pw.write_text(PASSWORD + "\n")
    imported = scratch / f"graph-{a.scale}.import_s"
    if a.keep_store and db.exists() and imported.exists():
        import_s = float(imported.read_text())
    else:
        import_s = macro.contributions_store(a.ariadne, world, a.scale, db, pw, admin_user="bench.admin")
        imported.write_text(f"{import_s}\n")

    port = macro.free_port()
    server = macro.serve(a.ariadne, db, port, scratch / f"graph-{a.scale}-serve.log")
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        token = macro.post(base + "/auth/login", {"username": "bench.admin", "password": PASSWORD})["token"]
        start = time.perf_counter()
        found = get(base, "/graph/networks?min_size=1&limit=100000&with_entities=true", token)["networks"]
        first_s = time.perf_counter() - start  # the people resolved, then the graph loaded
        start = time.perf_counter()
        get(base, "/graph/networks?limit=100000", token)
        networks_s = time.perf_counter() - start
        network_of = {e: n["id"] for n in found for e in n["entity_ids"]}

        with sqlite3.connect(db) as con:
            rows = con.execute("SELECT c.owner, c.case_ref, m.local_id, em.entity FROM mentions m "
                               "JOIN contributions c ON c.id = m.contribution "
                               "JOIN entity_mentions em ON em.mention = m.id WHERE m.kind = 'person'").fetchall()
        entity = {(owner, case, local): e for owner, case, local, e in rows}
        truth = {}
        for line in open(world / "truth" / "contributions.jsonl"):
            t = json.loads(line)
            if t["kind"] == "person" and t.get("network"):
                truth[(t["member"], t["case"], t["id"])] = t
        true_labels, found_labels = [], []
        for key, t in truth.items():
            true_labels.append(t["network"])
            e = entity.get(key)
            found_labels.append(network_of.get(e, ("alone", e if e is not None else key)))
        ari = adjusted_rand(true_labels, found_labels)

        # Each true network's organiser among the key players of the network found around him.
        entities_of = collections.defaultdict(set)
        for key, t in truth.items():
            if key in entity:
                entities_of[t["truth"]].add(entity[key])
        organisers = []
        for line in open(world / "truth" / "networks.jsonl"):
            net = json.loads(line)
            for p in net["people"]:
                if p["role"] == "organiser" and entities_of.get(p["person"]):
                    organisers.append(entities_of[p["person"]])
        hits = collections.Counter()
        for ids in organisers:
            anchor = min(ids)
            for measure in MEASURES:
                top = get(base, f"/graph/centrality?measure={measure}&network={anchor}&kind=person&offenders_only=true&limit=3", token)["entities"]
                hits[measure] += any(r["id"] in ids for r in top)

        # Latencies over entities of networks of at least 10.
        rng = random.Random(1)
        pool = [n["entity_ids"] for n in found if n["entities"] >= 10]
        neighbourhood_ms, path_ms = [], []
        for _ in range(300):
            ids = rng.choice(pool)
            start = time.perf_counter()
            get(base, f"/graph/neighbourhood?id={rng.choice(ids)}&depth=2", token)
            neighbourhood_ms.append((time.perf_counter() - start) * 1000)
            x, y = rng.sample(ids, 2)
            start = time.perf_counter()
            get(base, f"/graph/path?from={x}&to={y}&max_hops=8", token)
            path_ms.append((time.perf_counter() - start) * 1000)
        # Routes against the true ones; the answers' latencies.
        start = time.perf_counter()
        routes = get(base, "/analysis/routes", token)
        routes_ms = (time.perf_counter() - start) * 1000
        true_routes = set()
        for line in open(world / "truth" / "networks.jsonl"):
            for r in json.loads(line)["routes"]:
                true_routes.add(tuple(r))
        found_routes = {tuple(c["route"]) for c in routes["corridors"]}
        within = lambda part: any(any(whole[i:i + len(part)] == part for i in range(len(whole) - len(part) + 1))
                                  for whole in true_routes)
        routes_whole = sum(1 for r in true_routes if r in found_routes) / len(true_routes)
        routes_invented = sum(1 for r in found_routes if not within(r))
        start = time.perf_counter()
        get(base, "/analysis/trends?by=route", token)
        trends_ms = (time.perf_counter() - start) * 1000
        report_ms = []
        for n in rng.sample(pool, min(50, len(pool))):
            start = time.perf_counter()
            get(base, f"/analysis/reports/network?entity={n[0]}", token)
            report_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        get(base, "/analysis/reports/strategic", token)
        strategic_ms = (time.perf_counter() - start) * 1000
    finally:
        server.terminate()
        server.wait(timeout=60)

    prefix = f"analysis.world_{a.scale}"
    key = {m: hits[m] / len(organisers) for m in MEASURES}
    print(f"{a.scale} world: {len(found)} networks found, {len(set(true_labels))} true; ARI {ari:.4f} over "
          f"{len(true_labels)} person mentions; organiser in the top 3 of {len(organisers)} networks: "
          + ", ".join(f"{m} {v:.3f}" for m, v in key.items())
          + f"; import {import_s:.1f} s, first answer (people and graph loaded) {first_s:.1f} s, networks "
          f"{networks_s * 1000:.0f} ms; neighbourhood depth 2 median {percentile(neighbourhood_ms, 0.5):.2f} ms "
          f"p99 {percentile(neighbourhood_ms, 0.99):.2f} ms; path median {percentile(path_ms, 0.5):.2f} ms "
          f"p99 {percentile(path_ms, 0.99):.2f} ms; true routes found whole {routes_whole:.3f}, corridors part of "
          f"no true route {routes_invented}; routes {routes_ms:.0f} ms, trends {trends_ms:.0f} ms, network report "
          f"median {percentile(report_ms, 0.5):.0f} ms p99 {percentile(report_ms, 0.99):.0f} ms, strategic report "
          f"{strategic_ms:.0f} ms", file=sys.stderr)
    fig = lambda name, value, unit: {"name": f"{prefix}_{name}", "value": value, "unit": unit, "peer": None,
                                     "peer_value": None}
    figures = [fig("networks_ari", round(ari, 4), "ratio")]
    figures += [fig(f"organiser_top3_{m}", round(v, 4), "ratio") for m, v in key.items()]
    figures += [fig("graph_first_answer_s", round(first_s, 2), "s"),
                fig("networks_ms", round(networks_s * 1000, 1), "ms"),
                fig("neighbourhood_depth2_p50_ms", round(percentile(neighbourhood_ms, 0.5), 2), "ms"),
                fig("neighbourhood_depth2_p99_ms", round(percentile(neighbourhood_ms, 0.99), 2), "ms"),
                fig("path_p50_ms", round(percentile(path_ms, 0.5), 2), "ms"),
                fig("path_p99_ms", round(percentile(path_ms, 0.99), 2), "ms"),
                fig("routes_found_whole", round(routes_whole, 4), "ratio"),
                fig("routes_invented", routes_invented, "count"),
                fig("routes_ms", round(routes_ms, 1), "ms"),
                fig("trends_ms", round(trends_ms, 1), "ms"),
                fig("network_report_p50_ms", round(percentile(report_ms, 0.5), 1), "ms"),
                fig("network_report_p99_ms", round(percentile(report_ms, 0.99), 1), "ms"),
                fig("strategic_report_ms", round(strategic_ms, 1), "ms")]
    pathlib.Path(a.out).write_text(json.dumps({"figures": figures}, indent=1) + "\n")


if __name__ == "__main__":
    main()
