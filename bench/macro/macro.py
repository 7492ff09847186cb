#!/usr/bin/env python3
"""Macro benchmarks: the real `ariadne` CLI and a real `ariadne serve` over loopback.

  datagen.<scale>_s          wall time of `ariadne datagen --scale <scale>`
  import.documents_per_s     `ariadne import documents` of the medium world's 1M documents
                             (one file per member, each under its own member) into a fresh SQLite file
  peers.sqlite_bulk_insert_documents_per_s
                             SQLite alone inserting the same rows, already parsed, into the same schema
                             (indexes, foreign key, settings) in one transaction: the ceiling of any
                             import into this table
  server.rss_mib_medium      resident memory of `ariadne serve` holding that database, index built
  server.start_s             from exec to the first answer of GET /health (index built from the store)
  documents.http_*           wrk against POST /documents/check and /documents/check/batch; the
                             open-loop rate_client for single checks at fixed rates (p99 at 5,000/s,
                             the highest rate with p99 under 10 ms)
  server.health_p99_under_slow_clients_ms
                             GET /health from a probe while 200 slow connections dribble header lines and
                             20 keep-alive clients ask back to back (bench/macro/slow_clients.cpp)
  server.health_p99_under_tls_handshake_flood_ms
                             GET /health on an established TLS connection while 16 threads open
                             connections with full TLS handshakes back to back (bench/macro/tls_handshakes.cpp)
  screening.http_batch_*     wrk against POST /screen/batch (100 queries a request) on a store holding a
                             published red notice for each of the first --screen-people people of the
                             medium world (imported and submitted by one member, approved by a reviewer)

Writes {"figures": [...]} in the latest.json figure shape. Standard library only.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent


def figure(name, value, unit, peer=None, peer_value=None):
    return {"name": name, "value": round(value, 3), "unit": unit, "peer": peer, "peer_value": peer_value}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def log(msg):
    print(f"[macro] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def contributions_store(bin_, world, scale, db, password_file, admin_user="admin"):
    """A fresh store holding the case packages of a synthetic world (written to `world` with
    `ariadne datagen --scale` when absent, its large files left out), imported member by member
    with `ariadne import contribution`; returns the seconds the imports took."""
    if not (world / "truth" / "contributions.jsonl").exists():
        shutil.rmtree(world, ignore_errors=True)
        subprocess.run([bin_, "datagen", "--out", str(world), "--scale", scale], check=True, stdout=subprocess.DEVNULL)
        for big in ("documents.jsonl", "documents", "travellers.jsonl", "visas.jsonl", "mentions.jsonl"):
            p = world / big
            shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(db) + suffix).unlink(missing_ok=True)
    store = lambda args: subprocess.run([bin_] + args + ["--db", str(db)], check=True, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
    store(["init", "--admin-password-file", str(password_file), "--admin-user", admin_user])
    for line in (world / "members.jsonl").read_text().splitlines():
        m = json.loads(line)
        if m["code"] != "IPSG":
            store(["member", "add", m["code"], m["name"], "--kind", m["kind"]])
    start = time.perf_counter()
    for f in sorted((world / "contributions").glob("*.jsonl")):
        if f.stat().st_size:
            store(["import", "contribution", str(f), "--member", f.stem])
    return time.perf_counter() - start


def datagen(bin_, scratch, scale):
    out = scratch / f"world-{scale}"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    run([bin_, "datagen", "--scale", scale, "--seed", "1", "--out", str(out)])
    return out, time.perf_counter() - start


def make_database(bin_, scratch, world, password):
    db = scratch / "served.db"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(db) + suffix).unlink(missing_ok=True)
    pw = scratch / "pw"
    pw.write_text(password + "\n")
    run([bin_, "init", "--db", str(db), "--admin-password-file", str(pw)])
    for line in (world / "members.jsonl").read_text().splitlines():
        m = json.loads(line)
        if m["code"] != "IPSG":
            run([bin_, "member", "add", m["code"], m["name"], "--kind", m["kind"], "--db", str(db)])
    run([bin_, "user", "add", "--db", str(db), "--member", "FRA", "--role", "officer", "bench.officer",
         "--password-file", str(pw)])
    return db


def import_documents(bin_, db, world):
    files = sorted((world / "documents").glob("*.jsonl"))
    total = sum(1 for f in files for _ in f.open())
    start = time.perf_counter()
    for f in files:
        run([bin_, "import", "documents", str(f), "--member", f.stem, "--db", str(db)])
    return total, time.perf_counter() - start


def sqlite_bulk_insert(empty_db, imported_db, scratch):
    """Rows per second SQLite itself inserts into the documents table: the imported rows, staged in
    memory in import order, go into a copy of the database the import started from (same schema,
    indexes, foreign key, WAL with full syncs, the import's cache and checkpoint settings) by one
    INSERT ... SELECT in one transaction, checkpointed at the end as each import is. No parsing, no
    validation, no change log or audit rows: what no import into this table can beat."""
    floor = scratch / "sqlite-floor.db"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(floor) + suffix).unlink(missing_ok=True)
    shutil.copyfile(empty_db, floor)
    con = sqlite3.connect(floor, isolation_level=None)
    try:
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "cache_size=-262144",
                       "wal_autocheckpoint=65536", "temp_store=MEMORY"):
            con.execute("PRAGMA " + pragma).fetchall()
        con.execute("ATTACH DATABASE ? AS src", (str(imported_db),))
        columns = ", ".join(r[1] for r in con.execute("PRAGMA src.table_info(documents)") if r[1] != "id")
        con.execute(f"CREATE TEMP TABLE stage AS SELECT {columns} FROM src.documents ORDER BY id")
        con.execute("DETACH DATABASE src")
        rows = con.execute("SELECT count(*) FROM temp.stage").fetchone()[0]
        start = time.perf_counter()
        con.execute("BEGIN")
        con.execute(f"INSERT INTO main.documents ({columns}) SELECT {columns} FROM temp.stage")
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        seconds = time.perf_counter() - start
    finally:
        con.close()
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(floor) + suffix).unlink(missing_ok=True)
    return rows, seconds


def rss_mib(pid):
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def serve(bin_, db, port, log_path, tls=None):
    """Starts `ariadne serve` on db and returns it once GET /health answers; tls: (cert, key)."""
    base = f"http{'s' if tls else ''}://127.0.0.1:{port}/api/v1"
    extra = ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])] if tls else []
    with open(log_path, "w") as out:  # the child keeps its own descriptor
        server = subprocess.Popen([bin_, "serve", "--db", str(db), "--port", str(port)] + extra, stdout=out,
                                  stderr=subprocess.STDOUT)
    context = ssl._create_unverified_context() if tls else None  # the bench's self-signed certificate
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=1, context=context) as r:
                if r.status == 200:
                    return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("ariadne serve exited; see " + str(log_path))
            time.sleep(0.05)


def post(url, body, token=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def wrk(script, url, env, seconds, connections, threads=2):
    out = run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
              env=env).stdout
    line = [l for l in out.splitlines() if l.startswith("WRK_JSON ")]
    if not line:
        raise RuntimeError("wrk printed no summary:\n" + out)
    return json.loads(line[-1][len("WRK_JSON "):])


def rate_client(bin_, url, token, checks, rate, seconds, connections=4):
    """Open-loop single checks at a fixed rate (bench/macro/rate_client.cpp), 2 connections per core."""
    client = pathlib.Path(bin_).resolve().parent.parent.parent / "bench" / "rate_client"
    out = run([str(client), url, token, str(checks), str(rate), str(seconds), str(connections)]).stdout
    return json.loads(out)


def rate_figures(bin_, base, token, checks):
    """p99 at 5,000 checks/s, then the highest rate (in steps of 2,500/s) whose p99 stays under 10 ms."""
    url = base + "/documents/check"
    at_goal = rate_client(bin_, url, token, checks, 5000, 10)
    figures = [figure("documents.http_check_p99_at_5000_ms", at_goal["p99_us"] / 1000, "ms"),
               figure("documents.http_check_p50_at_5000_ms", at_goal["p50_us"] / 1000, "ms")]
    log(f"5,000 checks/s: p50 {at_goal['p50_us']} us, p99 {at_goal['p99_us']} us")
    best = 0
    rate = 2500
    while rate <= 40000:
        r = rate_client(bin_, url, token, checks, rate, 5)
        log(f"{rate} checks/s: achieved {r['achieved_per_s']}, p99 {r['p99_us']} us")
        if r["p99_us"] >= 10000 or r["achieved_per_s"] < 0.98 * rate:
            break
        best = rate
        rate += 2500
    figures.append(figure("documents.http_check_max_rate_p99_10ms_per_s", best, "1/s"))
    return figures


def http_figures(bin_, scratch, db, world, password, seconds, scale):
    figures = []
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    start = time.perf_counter()
    server = serve(bin_, db, port, scratch / "serve.log")
    try:
        figures.append(figure("server.start_s", time.perf_counter() - start, "s"))
        figures.append(figure(f"server.rss_mib_{scale}", rss_mib(server.pid), "MiB"))
        log(f"server up: {figures[-1]['value']} MiB resident")

        token = post(base + "/auth/login", {"username": "bench.officer", "password": password})["token"]
        # Checks as at a border: travellers' own passports, almost none recorded (the real-world share of
        # hits is about 1 in 15,500, and a stored hit is a durable write).
        travellers = [json.loads(l) for l in open(world / "travellers.jsonl")]
        truth = [json.loads(l) for l in open(world / "truth" / "travellers.jsonl")]
        clean = [t for t, tr in zip(travellers, truth) if not tr["hit"]]
        numbers = [(t["number"], t["issuing_state"]) for t in clean[:10000]]
        checks = scratch / "checks.txt"
        checks.write_text("".join(f'{{"number":"{n}","issuing_state":"{s}"}}\n' for n, s in numbers))
        # Batches: passenger lists of 1,000 of those travellers, as a carrier's or an airport's system sends.
        clean = clean[:1000]
        batch = scratch / "batch.json"
        batch.write_text(json.dumps({"travellers": clean}, ensure_ascii=False))
        env = dict(os.environ, ARIADNE_TOKEN=token, ARIADNE_CHECKS=str(checks), ARIADNE_BATCH=str(batch))

        single = wrk(HERE / "check.lua", base + "/documents/check", env, seconds, connections=8)
        figures.append(figure("documents.http_checks_per_s", single["requests_per_s"], "1/s"))
        figures.append(figure("documents.http_check_p50_ms", single["p50_us"] / 1000, "ms"))
        figures.append(figure("documents.http_check_p99_ms", single["p99_us"] / 1000, "ms"))
        if single["errors"]:
            raise RuntimeError(f"single checks answered {single['errors']} errors")

        figures += rate_figures(bin_, base, token, checks)

        batched = wrk(HERE / "batch.lua", base + "/documents/check/batch", env, seconds, connections=2)
        figures.append(figure("documents.http_batch_checks_per_s", batched["requests_per_s"] * len(clean), "1/s"))
        figures.append(figure("documents.http_batch_1000_p50_ms", batched["p50_us"] / 1000, "ms"))
        if batched["errors"]:
            raise RuntimeError(f"batch checks answered {batched['errors']} errors")
        figures.append(figure(f"server.rss_mib_{scale}_after_load", rss_mib(server.pid), "MiB"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def run_client(bin_, scratch, db, client, seconds, tls=None):
    """Runs the bench/macro client against a fresh `ariadne serve` on db; its JSON result."""
    path = pathlib.Path(bin_).resolve().parent.parent.parent / "bench" / client
    port = free_port()
    server = serve(bin_, db, port, scratch / f"serve-{client}.log", tls=tls)
    try:
        return json.loads(run([str(path), str(port), str(seconds)]).stdout)
    finally:
        server.terminate()
        server.wait(timeout=30)


def slow_client_figures(bin_, scratch, db, seconds=30):
    """GET /health under 200 slow connections and 20 busy clients (bench/macro/slow_clients.cpp)."""
    r = run_client(bin_, scratch, db, "slow_clients", seconds)
    log(f"health under slow clients: {r}")
    return [figure("server.health_p99_under_slow_clients_ms", r["p99_ms"], "ms")]


def tls_flood_figures(bin_, scratch, db, seconds=20):
    """GET /health on an established TLS connection under a flood of handshakes (bench/macro/tls_handshakes.cpp)."""
    cert, key = scratch / "bench-cert.pem", scratch / "bench-key.pem"
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1"])
    r = run_client(bin_, scratch, db, "tls_handshakes", seconds, tls=(cert, key))
    log(f"health under a TLS handshake flood: {r}")
    return [figure("server.health_p99_under_tls_handshake_flood_ms", r["p99_ms"], "ms"),
            figure("server.tls_handshakes_per_s_under_flood", r["handshakes_per_s"], "1/s")]


def front_figures(bin_, scratch, password):
    """The connection front's figures alone, against a fresh store (no world needed)."""
    db = scratch / "front.db"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(db) + suffix).unlink(missing_ok=True)
    pw = scratch / "pw"
    pw.write_text(password + "\n")
    run([bin_, "init", "--db", str(db), "--admin-password-file", str(pw)])
    return slow_client_figures(bin_, scratch, db) + tls_flood_figures(bin_, scratch, db)


def screen_figures(bin_, scratch, world, password, seconds, people):
    """A store with a published red notice per person, then wrk on POST /screen/batch."""
    figures = []
    db = scratch / "screen.db"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(db) + suffix).unlink(missing_ok=True)
    pw = scratch / "pw"
    pw.write_text(password + "\n")
    run([bin_, "init", "--db", str(db), "--admin-password-file", str(pw)])
    for line in (world / "members.jsonl").read_text().splitlines():
        m = json.loads(line)
        if m["code"] != "IPSG":
            run([bin_, "member", "add", m["code"], m["name"], "--kind", m["kind"], "--db", str(db)])
    run([bin_, "user", "add", "--db", str(db), "--member", "FRA", "--role", "officer", "bench.officer",
         "--password-file", str(pw)])
    run([bin_, "user", "add", "--db", str(db), "--member", "IPSG", "--role", "reviewer", "bench.reviewer",
         "--password-file", str(pw)])

    def full(n):
        if not n:
            return ""
        return (n.get("given_names", "") + " " + n.get("surname", "")).strip()

    notices = scratch / "screen-notices.jsonl"
    names = []
    with open(world / "truth" / "people.jsonl") as src, open(notices, "w") as out:
        for i, line in enumerate(src):
            if i == people:
                break
            p = json.loads(line)
            spellings = list(dict.fromkeys(n for n in [full(p.get("native")), full(p.get("latin"))] +
                                           [full(a) for a in p.get("aliases", [])] if n))
            subject = {"names": [{"full": n} for n in spellings], "birth_date": p["birth_date"],
                       "nationalities": [p["nationality"]], "sex": p["sex"]}
            out.write(json.dumps({"type": "red", "subject": subject, "offence": "organising migrant smuggling",
                                  "legal_basis": "Code pénal art. L823-1", "warrant": f"W-{i}",
                                  "restriction": {"scope": "all"}}, ensure_ascii=False) + "\n")
            names.append(full(p.get("latin")))
    start = time.perf_counter()
    run([bin_, "import", "notices", str(notices), "--member", "FRA", "--submit", "--db", str(db)])
    log(f"screen: {people} notices imported and submitted in {time.perf_counter() - start:.1f} s")

    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"

    server = serve(bin_, db, port, scratch / "serve-screen.log")
    try:
        reviewer = post(base + "/auth/login", {"username": "bench.reviewer", "password": password})["token"]
        start = time.perf_counter()
        approved = 0
        while True:
            req = urllib.request.Request(base + "/notices?status=submitted&limit=100",
                                         headers={"Authorization": f"Bearer {reviewer}"})
            with urllib.request.urlopen(req, timeout=60) as r:
                page = json.loads(r.read())
            items = page["notices"] if isinstance(page, dict) else page
            if not items:
                break
            for n in items:
                post(base + f"/notices/{n['id']}/review", {"decision": "approve"}, reviewer)
                approved += 1
        log(f"screen: {approved} notices approved in {time.perf_counter() - start:.1f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)

    start = time.perf_counter()
    server = serve(bin_, db, port, scratch / "serve-screen.log")  # the index is built from the store at start-up
    try:
        figures.append(figure("screening.http_server_start_s", time.perf_counter() - start, "s"))
        figures.append(figure("screening.http_server_rss_mib", rss_mib(server.pid), "MiB"))
        token = post(base + "/auth/login", {"username": "bench.officer", "password": password})["token"]
        # 100 queries a request: the people's Latin names, spread over the loaded notices.
        step = max(1, len(names) // 100)
        batch = scratch / "screen-batch.json"
        batch.write_text(json.dumps({"queries": [{"name": n, "limit": 10} for n in names[::step][:100]]},
                                    ensure_ascii=False))
        env = dict(os.environ, ARIADNE_TOKEN=token, ARIADNE_SCREEN_BATCH=str(batch))
        out = wrk(HERE / "screen_batch.lua", base + "/screen/batch", env, seconds, connections=2)
        if out["errors"]:
            raise RuntimeError(f"screen batches answered {out['errors']} errors")
        figures.append(figure("screening.http_batch_queries_per_s", out["requests_per_s"] * 100, "1/s"))
        figures.append(figure("screening.http_batch_100_p50_ms", out["p50_us"] / 1000, "ms"))
        figures.append(figure("screening.http_people", people, "1"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--large", action="store_true", help="also time the large world (10M documents)")
    ap.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    ap.add_argument("--serve-scale", default="medium", help="the world imported and served (smoke runs: small)")
    ap.add_argument("--screen-people", type=int, default=20000,
                    help="people of the served world with a published notice for the screening run")
    ap.add_argument("--only-screen", action="store_true", help="only the screening run (the world must exist)")
    ap.add_argument("--only-front", action="store_true",
                    help="only the connection front's figures (slow clients, TLS handshake flood)")
    a = ap.parse_args()
    bin_ = str(pathlib.Path(a.ariadne).resolve())
    scratch = pathlib.Path(a.scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    figures = []
    password = "bench-" + os.urandom(9).hex()
    if a.only_front:
        figures += front_figures(bin_, scratch, password)
        pathlib.Path(a.out).write_text(json.dumps({"figures": figures}, indent=1) + "\n")
        return
    if a.only_screen:
        world = scratch / f"world-{a.serve_scale}"
        figures += screen_figures(bin_, scratch, world, password, a.seconds, a.screen_people)
        pathlib.Path(a.out).write_text(json.dumps({"figures": figures}, indent=1) + "\n")
        return
    scales = list(dict.fromkeys(["small", a.serve_scale, "medium"] if a.serve_scale == "medium" else
                                ["small", a.serve_scale])) + (["large"] if a.large else [])
    worlds = {}
    for scale in scales:
        worlds[scale], seconds = datagen(bin_, scratch, scale)
        figures.append(figure(f"datagen.{scale}_s", seconds, "s"))
        log(f"datagen {scale}: {seconds:.1f} s")
    if a.large:
        shutil.rmtree(worlds["large"], ignore_errors=True)  # 6 GB; only its generation time is wanted

    world = worlds[a.serve_scale]
    db = make_database(bin_, scratch, world, password)
    empty = scratch / "empty.db"
    empty.unlink(missing_ok=True)
    with sqlite3.connect(db) as src, sqlite3.connect(empty) as dst:
        src.backup(dst)  # the database the import starts from, for the SQLite-alone figure
    total, seconds = import_documents(bin_, db, world)
    figures.append(figure("import.documents_per_s", total / seconds, "1/s"))
    log(f"import: {total} documents in {seconds:.1f} s")
    rows, floor_seconds = sqlite_bulk_insert(empty, db, scratch)
    empty.unlink()
    figures.append(figure("peers.sqlite_bulk_insert_documents_per_s", rows / floor_seconds, "1/s"))
    log(f"SQLite's own insert of the same {rows} rows: {floor_seconds:.1f} s")
    figures += http_figures(bin_, scratch, db, world, password, a.seconds, a.serve_scale)
    figures += slow_client_figures(bin_, scratch, db)
    figures += tls_flood_figures(bin_, scratch, db)
    figures += screen_figures(bin_, scratch, world, password, a.seconds, a.screen_people)
    pathlib.Path(a.out).write_text(json.dumps({"figures": figures}, indent=1) + "\n")


if __name__ == "__main__":
    main()
