#!/usr/bin/env python3
"""The exchange's benchmarks (#18): a real `ariadne serve` over loopback.

  exchange.py surge --ariadne BIN --scratch DIR --out FILE [--seconds 30]
      An operation-week surge (bench/macro/exchange_surge.cpp): 30 members, each with an officer,
      check passenger lists of 100 back to back (one registered stolen or lost document in each,
      so hits and hit notifications flow) while they send each other 30 messages a second and
      every member holds a live inbox stream. The store: the medium world's members and 1M
      documents (prepared once, kept in DIR, copied for each run).
        exchange.surge_checks_per_s, exchange.surge_check_p50_ms, exchange.surge_check_p99_ms
        exchange.surge_messages_per_s, exchange.delivery_p50_ms, exchange.delivery_p99_ms
        exchange.messages_lost, exchange.messages_duplicated
        exchange.surge_hits, exchange.hit_notification_p99_ms,
        exchange.hit_notifications_lost, exchange.hit_notifications_duplicated
        exchange.surge_failed_requests (checks and messages the server did not answer as asked)

  exchange.py inbox --ariadne BIN --scratch DIR --out FILE [--requests 200]
      GET /inbox over 1,000,000 messages between 30 members (and 100,000 hit notifications),
      bulk-inserted with SQLite into a store made by the CLI (kept in DIR between runs): the
      first page, a deep page (before=), kind=message, unread=true, from=MEMBER, q=a common
      word, q=a rare word (in 1 message of 10,000: the whole inbox is searched).
        exchange.inbox_p99_ms, exchange.inbox_<shape>_p50_ms, exchange.inbox_<shape>_p99_ms

Writes {"figures": [...]} in the latest.json figure shape (bench/collect.py takes it as it is).
"""
import argparse
import datetime
import http.client
import json
import math
import pathlib
import random
import shutil
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from macro import figure, log, run  # noqa: E402

PASSWORD = "a long enough password for the exchange bench"
MEMBERS = 30


def percentile(values, p):
    """Nearest rank, as bench/analysis/networks.py reads its latencies."""
    values = sorted(values)
    return values[max(0, int(math.ceil(p * len(values))) - 1)]


def remove_db(path):
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(path) + suffix).unlink(missing_ok=True)


def serve(bin_, db, scratch, name):
    """`ariadne serve --port 0` on db; returns (process, port) once GET /health answers."""
    port_file = scratch / f"{name}.port"
    port_file.unlink(missing_ok=True)
    with open(scratch / f"{name}.log", "w") as out:  # the child keeps its own descriptor
        server = subprocess.Popen([bin_, "serve", "--db", str(db), "--port", "0", "--port-file", str(port_file)],
                                  stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"ariadne serve exited; see {scratch / (name + '.log')}")
        if port_file.exists() and port_file.read_text().strip():
            port = int(port_file.read_text())
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                c.request("GET", "/api/v1/health")
                if c.getresponse().status == 200:
                    return server, port
            except OSError:
                pass
            finally:
                c.close()
        time.sleep(0.05)
    server.terminate()
    raise RuntimeError("ariadne serve did not answer GET /health in 300 s")


def stop(server):
    server.terminate()
    server.wait(timeout=60)


def chosen_members(world):
    """The first 30 member countries of the world (its order is fixed by the seed)."""
    members = [json.loads(l) for l in (world / "members.jsonl").read_text().splitlines()]
    return members, [m["code"] for m in members if m["kind"] == "ncb"][:MEMBERS]


def user_of(code):
    return f"officer.{code.lower()}"


def store_with_members(bin_, db, pw, members, codes):
    """A fresh store (the CLI's init) with the world's members and one officer for each chosen member."""
    remove_db(db)
    run([bin_, "init", "--db", str(db), "--admin-password-file", str(pw)])
    for m in members:
        if m["code"] != "IPSG":
            run([bin_, "member", "add", m["code"], m["name"], "--kind", m["kind"], "--db", str(db)])
    for code in codes:
        run([bin_, "user", "add", "--db", str(db), "--member", code, "--role", "officer", user_of(code),
             "--password-file", str(pw)])


# --- the surge ------------------------------------------------------------------------------------

def surge_inputs(bin_, scratch, pw):
    """The surge's base store (the medium world's members, 1M documents, an officer per chosen member)
    and its inputs: users.jsonl, travellers.jsonl (passengers with no record), stolen.jsonl (registered
    stolen and lost documents of the chosen members). Made once; the world is deleted afterwards."""
    base = scratch / "surge-base.db"
    inputs = [scratch / n for n in ("surge-users.jsonl", "surge-travellers.jsonl", "surge-stolen.jsonl")]
    if base.exists() and all(p.exists() for p in inputs):
        return base, inputs
    world = scratch / "world-medium"
    if not (world / "manifest.json").exists():
        shutil.rmtree(world, ignore_errors=True)
        run([bin_, "datagen", "--scale", "medium", "--seed", "1", "--out", str(world)])
    members, codes = chosen_members(world)
    tmp = scratch / "surge-base.tmp.db"
    store_with_members(bin_, tmp, pw, members, codes)
    start = time.perf_counter()
    for f in sorted((world / "documents").glob("*.jsonl")):
        run([bin_, "import", "documents", str(f), "--member", f.stem, "--db", str(tmp)])
    log(f"surge: base store imported in {time.perf_counter() - start:.0f} s")
    con = sqlite3.connect(tmp)  # the whole store in one file, ready to copy
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    remove_db(base)
    tmp.rename(base)
    remove_db(tmp)

    inputs[0].write_text("".join(json.dumps({"member": c, "user": user_of(c)}) + "\n" for c in codes))
    # Passengers whose truth says "no hit": what a border sees almost always.
    travellers = (world / "travellers.jsonl").read_text().splitlines()
    truth = (world / "truth" / "travellers.jsonl").read_text().splitlines()
    with open(inputs[1], "w") as out:
        for t, tr in zip(travellers, truth):
            if not json.loads(tr)["hit"]:
                out.write(t + "\n")
    # Stolen and lost documents, 200 of each chosen member's, whatever their restriction: a record the
    # checker may not see still makes a hit its owner is told of.
    with open(inputs[2], "w") as out:
        for code in codes:
            kept = 0
            for line in open(world / "documents" / f"{code}.jsonl"):
                d = json.loads(line)
                if d["status"] in ("stolen", "lost") and kept < 200:
                    out.write(json.dumps({"number": d["number"], "issuing_state": d["issuing_state"],
                                          "type": d["type"], "owner": code}) + "\n")
                    kept += 1
    shutil.rmtree(world)  # 700 MB; what the surge needs is kept
    return base, inputs


def surge_figures(bin_, scratch, seconds):
    pw = scratch / "pw"
    pw.write_text(PASSWORD + "\n")
    base, (users, travellers, stolen) = surge_inputs(bin_, scratch, pw)
    db = scratch / "surge.db"
    remove_db(db)
    shutil.copyfile(base, db)  # every run starts from the same store: no hits, no messages
    client = pathlib.Path(bin_).resolve().parent.parent.parent / "bench" / "exchange_surge"
    server, port = serve(bin_, db, scratch, "serve-surge")
    try:
        out = subprocess.run([str(client), "--port", str(port), "--users", str(users), "--password-file", str(pw),
                              "--travellers", str(travellers), "--stolen", str(stolen), "--seconds", str(seconds)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        stop(server)
    for line in out.stderr.splitlines():
        log(line)
    if not out.stdout.strip():
        raise RuntimeError(f"exchange_surge printed nothing (exit {out.returncode})")
    r = json.loads(out.stdout)
    (scratch / "surge-result.json").write_text(json.dumps(r, indent=1) + "\n")
    log(f"surge: {json.dumps(r)}")
    if out.returncode != 0:
        log(f"surge: the client counted errors (checks {r['check_errors']}, messages {r['message_errors']})")
    d, h = r["deliveries"], r["hit_notifications"]
    # Lost: never arrived on the right stream (one on another member's stream counts as lost);
    # duplicated: every arrival beyond the first, and any arrival of something not sent there.
    return [figure("exchange.surge_checks_per_s", r["checks_per_s"], "1/s"),
            figure("exchange.surge_check_p50_ms", r["batch_p50_ms"], "ms"),
            figure("exchange.surge_check_p99_ms", r["batch_p99_ms"], "ms"),
            figure("exchange.surge_messages_per_s", r["messages_per_s"], "1/s"),
            figure("exchange.delivery_p50_ms", d["p50_ms"], "ms"),
            figure("exchange.delivery_p99_ms", d["p99_ms"], "ms"),
            figure("exchange.messages_lost", d["lost"] + d["misdelivered"], "1"),
            figure("exchange.messages_duplicated", d["duplicated"] + d["unexpected"], "1"),
            figure("exchange.surge_hits", h["expected"], "1"),
            figure("exchange.hit_notification_p99_ms", h["p99_ms"], "ms"),
            figure("exchange.hit_notifications_lost", h["lost"] + h["misdelivered"], "1"),
            figure("exchange.hit_notifications_duplicated", h["duplicated"] + h["unexpected"], "1"),
            figure("exchange.surge_failed_requests", r["check_errors"] + r["message_errors"], "1")]


# --- the inbox over a million messages ----------------------------------------------------------

MESSAGES = 1_000_000
HIT_NOTIFICATIONS = 100_000
COMMON_WORD = "ferry"     # in about one message body of ten
RARE_WORD = "zeppelin"    # in one message of 10,000
WORDS = ("passport document traveller border crossing route vessel truck convoy smuggling network suspect "
         "witness warrant request information urgent confirm identity fingerprint photograph vehicle "
         "registration bank transfer account phone number address arrival departure airport harbour "
         "checkpoint operation meeting report analysis contact family hotel rental cash shipment cargo").split()
SUBJECTS = ("Request for information", "Hit follow-up", "Operation update", "Document verification",
            "Sighting of a wanted person", "Route analysis", "Joint investigation", "Identity check")


def inbox_rows(codes, rng):
    """The messages and their inbox items in the order they were written, oldest first: each message
    goes to one member (nine in ten) or three; a hit notification comes after every tenth message.
    Items older than the newest 2 % were read an hour after they came."""
    start = datetime.datetime(2025, 7, 1, tzinfo=datetime.timezone.utc)
    read_from = int(MESSAGES * 0.98)
    note = 0
    for i in range(1, MESSAGES + 1):
        at = start + datetime.timedelta(seconds=30 * i)
        created = at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        read = (at + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z") if i < read_from else None
        sender = rng.randrange(MEMBERS)
        others = [k for k in range(MEMBERS) if k != sender]
        to = rng.sample(others, 3) if rng.random() < 0.1 else [rng.choice(others)]
        words = [rng.choice(WORDS) for _ in range(rng.randint(20, 40))]
        if rng.random() < 0.1:
            words[rng.randrange(len(words))] = COMMON_WORD
        if i % 10_000 == 5_000:
            words[rng.randrange(len(words))] = RARE_WORD
        subject = f"{rng.choice(SUBJECTS)} {rng.choice(WORDS)} {i}"
        priority = "immediate" if rng.random() < 0.05 else "urgent" if rng.random() < 0.15 else "routine"
        message = (i, i, codes[sender], user_of(codes[sender]), subject, " ".join(words).capitalize() + ".",
                   priority, created)
        items = [(codes[k], "message", f"message:{i}", subject, created, read, i,
                  user_of(codes[k]) if read else None) for k in to]
        if i % 10 == 0:
            note += 1
            owner = codes[rng.randrange(MEMBERS)]
            items.append((owner, "hit", f"hit:{note}", f"Your passport was checked by {codes[sender]}: exact match. "
                          f"Confirm or reject hit {note}.", created, read, None, user_of(owner) if read else None))
        yield message, items


def inbox_store(bin_, scratch, pw, fresh):
    """The store of a million messages, kept between runs (made again with --fresh or when its count is off)."""
    db = scratch / "inbox-1m.db"
    world = scratch / "world-small"
    if not (world / "manifest.json").exists():
        shutil.rmtree(world, ignore_errors=True)
        run([bin_, "datagen", "--scale", "small", "--seed", "1", "--out", str(world)])
    members, codes = chosen_members(world)
    if db.exists() and not fresh:
        con = sqlite3.connect(db)
        kept = con.execute("SELECT count(*) FROM messages").fetchone()[0]
        con.close()
        if kept == MESSAGES:
            return db, codes
    tmp = scratch / "inbox-1m.tmp.db"
    store_with_members(bin_, tmp, pw, members, codes)
    start = time.perf_counter()
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")  # a bulk fill of a scratch file: one sync at the end will do
    con.execute("BEGIN")
    messages, items = [], []

    def flush():
        con.executemany("INSERT INTO messages (id, thread_id, sender_member, sender_user, subject, body, priority, "
                        "handling, refs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'standard', '[]', ?)", messages)
        # The inbox items, as exchange/messages.cpp's store_message and notifications.cpp's notify write them.
        con.executemany("INSERT INTO notifications (member, kind, object, text, created_at, read_at, message_id, "
                        "read_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", items)
        messages.clear()
        items.clear()

    for message, its in inbox_rows(codes, random.Random(18)):
        messages.append(message)
        items.extend(its)
        if len(messages) == 50_000:
            flush()
    flush()
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    log(f"inbox: {MESSAGES} messages and their items inserted in {time.perf_counter() - start:.0f} s")
    remove_db(db)
    tmp.rename(db)
    remove_db(tmp)
    return db, codes


def inbox_figures(bin_, scratch, requests, fresh):
    pw = scratch / "pw"
    pw.write_text(PASSWORD + "\n")
    db, codes = inbox_store(bin_, scratch, pw, fresh)
    rng = random.Random(7)
    # Deep pages start below an item picked anywhere in the member's inbox.
    con = sqlite3.connect(db)
    deep = {c: [r[0] for r in con.execute("SELECT id FROM notifications WHERE member = ? ORDER BY random() LIMIT ?",
                                          (c, requests))] for c in codes}
    items = con.execute("SELECT count(*) FROM notifications").fetchone()[0]
    con.close()
    log(f"inbox: {items} inbox items, {items / len(codes):.0f} per member")
    shapes = {
        "first_page": lambda c: "limit=50",
        "deep_page": lambda c: f"limit=50&before={rng.choice(deep[c])}",
        "kind_message": lambda c: "kind=message&limit=50",
        "unread": lambda c: "unread=true&limit=50",
        "from_member": lambda c: f"from={rng.choice([o for o in codes if o != c])}&limit=50",
        "q_common": lambda c: f"q={COMMON_WORD}&limit=50",
        "q_rare": lambda c: f"q={RARE_WORD}&limit=50",
    }
    server, port = serve(bin_, db, scratch, "serve-inbox")
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        tokens = {}
        for c in codes:  # one after the other: Argon2id takes about 0.2 s a login
            conn.request("POST", "/api/v1/auth/login", json.dumps({"username": user_of(c), "password": PASSWORD}),
                         {"Content-Type": "application/json"})
            tokens[c] = json.loads(conn.getresponse().read())["token"]

        def ask(member, query):
            # The server ends an idle keep-alive connection after 2 s; http.client reconnects.
            started = time.perf_counter()
            conn.request("GET", "/api/v1/inbox?" + query, headers={"Authorization": f"Bearer {tokens[member]}"})
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise RuntimeError(f"GET /inbox?{query} answered {response.status}: {body[:300]!r}")
            return elapsed, json.loads(body)

        for c in codes:  # warm: every member's pages once, not timed
            for name, make in shapes.items():
                ask(c, make(c))
        order = [(name, rng.choice(codes)) for name in shapes for _ in range(requests)]
        rng.shuffle(order)  # the shapes and members interleaved, as many users would ask
        times = {name: [] for name in shapes}
        found = {name: 0 for name in shapes}
        for name, c in order:
            ms, page = ask(c, shapes[name](c))
            times[name].append(ms)
            found[name] += len(page["items"])
    finally:
        stop(server)
    figures = []
    for name in shapes:
        p50, p99 = percentile(times[name], 0.5), percentile(times[name], 0.99)
        log(f"inbox {name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {found[name] / requests:.1f} items a page")
        figures += [figure(f"exchange.inbox_{name}_p50_ms", p50, "ms"),
                    figure(f"exchange.inbox_{name}_p99_ms", p99, "ms")]
    every = [t for ts in times.values() for t in ts]
    figures.insert(0, figure("exchange.inbox_p99_ms", percentile(every, 0.99), "ms"))
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("step", choices=("surge", "inbox"))
    ap.add_argument("--ariadne", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=float, default=30, help="surge: how long the load runs")
    ap.add_argument("--requests", type=int, default=200, help="inbox: timed requests per query shape")
    ap.add_argument("--fresh", action="store_true", help="inbox: fill the million-message store again")
    a = ap.parse_args()
    bin_ = str(pathlib.Path(a.ariadne).resolve())
    scratch = pathlib.Path(a.scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    if a.step == "surge":
        figures = surge_figures(bin_, scratch, a.seconds)
    else:
        figures = inbox_figures(bin_, scratch, a.requests, a.fresh)
    pathlib.Path(a.out).write_text(json.dumps({"figures": figures}, indent=1) + "\n")


if __name__ == "__main__":
    main()
