#!/usr/bin/env python3
"""The batch part of macro.py alone, to compare binaries on the same database.

  batch_only.py --ariadne BIN --scratch DIR [--prepare] [--seconds N] [--lists macro,documents,mrz]

--prepare makes DIR as macro.py does (the medium world, seed 1, its documents
imported member by member, the bench.officer user); without it DIR must hold
that database already. Each list is 1,000 of the world's travellers whose
truth says "no hit", posted by wrk (2 threads, 2 connections, batch.lua):
  macro      the records as they are (number, MRZ, names, birth date, …): macro.py's list
  documents  number, issuing state and type only
  mrz        id and MRZ only
Prints one JSON line per list: travellers per second, latencies, and the
server's CPU time per traveller (user + system, from /proc), which depends
less on what else the machine runs than the rate does. Standard library only.
"""
import argparse
import json
import os
import pathlib
import time
import urllib.request

import macro

PASSWORD = "bench-batch-only-1"


def prepare(bin_, scratch):
    world, _ = macro.datagen(bin_, scratch, "medium")
    db = macro.make_database(bin_, scratch, world, PASSWORD)
    macro.import_documents(bin_, db, world)


def lists(world):
    travellers = [json.loads(l) for l in open(world / "travellers.jsonl")]
    truth = [json.loads(l) for l in open(world / "truth" / "travellers.jsonl")]
    clean = [t for t, tr in zip(travellers, truth) if not tr["hit"]][:1000]
    return {
        "macro": clean,
        "documents": [{"number": t["number"], "issuing_state": t["issuing_state"], "type": t["type"]} for t in clean],
        "mrz": [{"id": t["id"], "mrz": t["mrz"]} for t in clean],
    }


def cpu_seconds(pid):
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--prepare", action="store_true")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--lists", default="macro,documents")
    a = ap.parse_args()
    bin_ = str(pathlib.Path(a.ariadne).resolve())
    scratch = pathlib.Path(a.scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    if a.prepare:
        prepare(bin_, scratch)
    port = macro.free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    server = macro.serve(bin_, scratch / "served.db", port, scratch / "serve.log")
    try:
        token = macro.post(base + "/auth/login", {"username": "bench.officer", "password": PASSWORD})["token"]
        all_lists = lists(scratch / "world-medium")
        for name in a.lists.split(","):
            body = scratch / f"batch-{name}.json"
            body.write_text(json.dumps({"travellers": all_lists[name]}, ensure_ascii=False))
            env = dict(os.environ, ARIADNE_TOKEN=token, ARIADNE_BATCH=str(body))
            before = cpu_seconds(server.pid)
            w = macro.wrk(macro.HERE / "batch.lua", base + "/documents/check/batch", env, a.seconds, connections=2)
            used = cpu_seconds(server.pid) - before
            n = len(all_lists[name])
            print(json.dumps({"list": name, "travellers_per_s": round(w["requests_per_s"] * n),
                              "p50_ms": w["p50_us"] / 1000, "p99_ms": w["p99_us"] / 1000, "errors": w["errors"],
                              "server_cpu_us_per_traveller": round(used * 1e6 / max(1, w["requests"] * n), 2)}),
                  flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
