#!/usr/bin/env python3
"""Loads the synthetic world's notices and diffusions into the demo, as its members would.

  demo_load.py BIN DB WORLD CREDENTIALS

Notices: each issuing member imports its own (`ariadne import notices --submit`), then a
temporary `ariadne serve` lets the General Secretariat's reviewer approve every submitted
notice through POST /notices/{id}/review, so the demo starts with published notices.
Diffusions: each sender's officer posts its own through POST /diffusions.
Standard library only; stops at the first failure with the server's answer.
"""
import json
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def fail(msg):
    print(f"demo_load: {msg}", file=sys.stderr)
    sys.exit(1)


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        fail(f"{method} {path} answered {e.code}: {e.read().decode(errors='replace')}")


def by_owner(path):
    groups = {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        rec = json.loads(line)
        groups.setdefault(rec["owner"], []).append(rec["body"])
    return groups


def main():
    bin_, db, world, creds = sys.argv[1:5]
    world = pathlib.Path(world)
    passwords = {}
    for line in open(creds, encoding="utf-8").read().splitlines()[1:]:
        user, _member, _role, password = line.split("\t")
        passwords[user] = password

    notices = by_owner(world / "notices.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        for owner, bodies in sorted(notices.items()):
            f = pathlib.Path(tmp) / f"{owner}.jsonl"
            f.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in bodies), encoding="utf-8")
            out = subprocess.run([bin_, "import", "notices", str(f), "--member", owner, "--submit", "--db", db],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                fail(f"import notices for {owner} failed:\n{out.stdout}{out.stderr}")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/api/v1"
    server = subprocess.Popen([bin_, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        else:
            fail("the temporary server did not start")

        def login(user):
            return call(base, "POST", "/auth/login", {"username": user, "password": passwords[user]})["token"]

        reviewer = login("gs.reviewer")
        published = 0
        while True:
            page = call(base, "GET", "/notices?status=submitted&limit=100", token=reviewer)
            items = page["notices"] if isinstance(page, dict) else page
            if not items:
                break
            for n in items:
                call(base, "POST", f"/notices/{n['id']}/review", {"decision": "approve"}, reviewer)
                published += 1

        sent = 0
        tokens = {}
        for line in open(world / "diffusions.jsonl", encoding="utf-8"):
            rec = json.loads(line)
            user = rec["owner"].lower() + ".officer"
            if user not in tokens:
                tokens[user] = login(user)
            call(base, "POST", "/diffusions", rec["body"], tokens[user])
            sent += 1
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{published} notices published, {sent} diffusions sent")


if __name__ == "__main__":
    main()
