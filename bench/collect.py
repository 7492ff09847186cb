#!/usr/bin/env python3
"""Turns Google Benchmark JSON and macro figure files into bench/results/latest.json.

  collect.py FILE...                          latest.json on stdout
  collect.py --table LATEST                   a plain table
  collect.py --markdown LATEST GOALS          the figures table of docs/BENCHMARKS.md
  collect.py --update-doc LATEST GOALS DOC    rewrites that table in place (between its markers)
  collect.py --merge LATEST PART...           replaces (or adds) LATEST's figures by those of the
                                              partial runs PART (e.g. macro.py --only-front), in place

Files with a "figures" list (bench/macro, among them exchange.py's exchange.* figures of the surge
and the million-message inbox, and the bench/quality tools screening_quality, watchlist_screening
and world_screening) are taken as they are.
"""
import json
import os
import subprocess
import sys

# Google Benchmark name -> (figure name, unit, how to read it)
FIGURES = {
    "BM_DocumentCreateCommitted": ("store.document_create_committed_per_s", "1/s", "rate"),
    "BM_AuditAppend": ("store.audit_append_per_s", "1/s", "rate"),
    "BM_GatedList": ("store.gated_list_100_of_10k_us", "us", "time"),
    "BM_PasswordHashLogin": ("policy.login_argon2id_ms", "ms", "time"),
    "BM_ImportDocumentsJsonl": ("import.documents_micro_per_s", "1/s", "rate"),
    "BM_ImportDocumentsCsv": ("import.documents_csv_micro_per_s", "1/s", "rate"),
    "BM_ImportContributionsJsonl": ("er.contribution_import_mentions_per_s", "1/s", "rate"),
    "BM_ImportContributionsFtm": ("er.contribution_import_ftm_mentions_per_s", "1/s", "rate"),
}

# Figures read from a benchmark's user counters: full benchmark name -> [(figure, unit, counter)].
COUNTERS = {
    "BM_IndexBuild/10000000/iterations:1": [("documents.index_build_10m_ms", "ms", "real_time"),
                                            ("documents.index_bytes_per_key", "B", "bytes_per_key")],
    "BM_IndexCheckSingle/10000000": [("documents.checks_per_s_per_core", "1/s", "checks_per_s")],
    "BM_IndexCheckBatchedPrefetch/10000000": [("documents.batched_checks_per_s_per_core", "1/s", "checks_per_s")],
    "BM_IndexBuild/130000000/iterations:1": [("documents.index_build_130m_ms", "ms", "real_time"),
                                             ("documents.index_bytes_per_key_130m", "B", "bytes_per_key"),
                                             ("documents.index_mib_130m", "MiB", "mib")],
    "BM_IndexBuildFromDatabase/10000000/iterations:1/real_time": [
        ("documents.index_build_from_db_10m_s", "s", "seconds"),
        ("documents.index_bytes_per_document_10m", "B", "bytes_per_key")],
    "BM_OfflineCopyExport/10000000/iterations:1/real_time": [
        ("documents.offline_export_10m_s", "s", "seconds"),
        ("documents.offline_bytes_per_document", "B", "bytes_per_document")],
    "BM_OfflineCheck/10000000": [("documents.offline_checks_per_s", "1/s", "checks_per_s")],
    "BM_PeerSqlitePointLookup/min_time:3.000/real_time": [("peers.sqlite_point_lookups_per_s", "1/s", "lookups_per_s")],
    "BM_PeerPostgresPointLookup/min_time:3.000/real_time": [("peers.postgresql_point_lookups_per_s", "1/s", "lookups_per_s")],
    "BM_PeerPostgresPointLookupSaturated/min_time:3.000/real_time/threads:4": [
        ("peers.postgresql_point_lookups_4_clients_per_s", "1/s", "lookups_per_s"),
        ("peers.postgresql_point_lookups_4_clients_per_core_per_s", "1/s", "lookups_per_s_per_core")],
    "BM_ScreeningQuery/min_time:5.000": [("screening.queries_per_s", "1/s", "queries_per_s"),
                                         ("screening.recall_at_10", "ratio", "recall_at_10")],
    "BM_ScreeningAnswer/min_time:5.000": [("screening.answer_queries_per_s", "1/s", "queries_per_s")],
    "BM_ScreeningBuild/iterations:1": [("screening.people", "1", "people"),
                                       ("screening.index_build_s", "s", "build_s"),
                                       ("screening.index_build_cpu_s", "s", "build_cpu_s"),
                                       ("screening.index_bytes_per_person", "B", "rss_bytes_per_person"),
                                       ("screening.index_heap_bytes_per_person", "B", "heap_bytes_per_person")],
    "BM_ScreeningLatency/iterations:1": [("screening.query_p50_ms", "ms", "p50_ms"),
                                         ("screening.query_p99_ms", "ms", "p99_ms"),
                                         ("screening.query_p50_cpu_ms", "ms", "p50_cpu_ms"),
                                         ("screening.query_p99_cpu_ms", "ms", "p99_cpu_ms")],
    "BM_ScreeningTypo/iterations:1/real_time": [("screening.typo_queries_per_s", "1/s", "queries_per_s"),
                                                ("screening.typo_recall_at_10", "ratio", "recall_at_10")],
    "BM_JsonParseEmptyObjects/1": [("json.parse_empty_members_ms_per_mib", "ms", "ms_per_mib"),
                                   ("json.parse_empty_members_linearity", "ratio", "linearity")],
    "BM_JsonParseEmptyObjects/0": [("json.parse_empty_elements_ms_per_mib", "ms", "ms_per_mib"),
                                   ("json.parse_empty_elements_linearity", "ratio", "linearity")],
    "BM_PeerPgTrgm/iterations:1/real_time": [("peers.pg_trgm_queries_per_s", "1/s", "queries_per_s"),
                                             ("peers.pg_trgm_recall_at_10", "ratio", "recall_at_10")],
}

# Figures compared with a peer measured in the same run: figure -> (peer name, peer figure).
PEERS = {
    "documents.checks_per_s_per_core": ("postgresql-15 point lookup", "peers.postgresql_point_lookups_per_s"),
    "import.documents_per_s": ("sqlite insert...select of the same rows", "peers.sqlite_bulk_insert_documents_per_s"),
    "screening.typo_queries_per_s": ("postgresql-15 pg_trgm", "peers.pg_trgm_queries_per_s"),
    "screening.typo_recall_at_10": ("postgresql-15 pg_trgm", "peers.pg_trgm_recall_at_10"),
}


def machine():
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    compiler = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return {"cores": os.cpu_count(), "memory_gib": round(kib / 1024 / 1024, 1), "compiler": compiler}


def derived(b, counter):
    if counter == "seconds":
        return b["real_time"] / 1000
    if counter == "mib":
        return b["bytes_per_key"] * 130e6 / 2**20
    if counter.endswith("_ms"):  # latencies are counted in microseconds
        return b[counter[:-3] + "_us"] / 1000
    return b[counter]


def collect(paths):
    benchmarks = []
    figures = []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        benchmarks += data.get("benchmarks", [])
        figures += data.get("figures", [])
    for b in benchmarks:
        if b.get("error_occurred"):
            print(f"collect: {b['name']} did not run: {b.get('error_message')}", file=sys.stderr)
            continue
        for name, unit, counter in COUNTERS.get(b["name"], []):
            figures.append({"name": name, "value": round(derived(b, counter), 2), "unit": unit, "peer": None,
                            "peer_value": None})
        base = b["name"].split("/")[0]
        if base not in FIGURES or b["name"] in COUNTERS:
            continue
        name, unit, kind = FIGURES[base]
        value = b["items_per_second"] if kind == "rate" else b["real_time"]
        figures.append({"name": name, "value": round(value, 2), "unit": unit, "peer": None, "peer_value": None})
    by_name = {f["name"]: f for f in figures}
    for name, (peer, peer_figure) in PEERS.items():
        if name in by_name and peer_figure in by_name:
            by_name[name]["peer"] = peer
            by_name[name]["peer_value"] = by_name[peer_figure]["value"]
    return {"machine": machine(), "peers": peer_versions(), "figures": figures}


def peer_versions():
    versions = {}
    pg = subprocess.run(["/usr/lib/postgresql/15/bin/postgres", "--version"], capture_output=True, text=True)
    if pg.returncode == 0:
        versions["postgresql"] = pg.stdout.split()[-1]
    versions["sqlite"] = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    peers = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scratch", "peers.json")
    if os.path.exists(peers):
        with open(peers) as f:
            versions.update(json.load(f))
    return versions


def fmt(v):
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def status(fig, goal):
    if goal.get("op") == "peer>=":  # not worse than the peer measured in the same run
        return "—" if fig.get("peer_value") is None else ("met" if fig["value"] >= fig["peer_value"] else "**missed**")
    if goal.get("op") == "peer>":  # better than the peer measured in the same run
        return "—" if fig.get("peer_value") is None else ("met" if fig["value"] > fig["peer_value"] else "**missed**")
    if goal.get("op") == "peer_ratio>=":  # at least `target` times the peer measured in the same run
        if not fig.get("peer_value"):
            return "—"
        return "met" if fig["value"] >= goal["target"] * fig["peer_value"] else "**missed**"
    if "target" not in goal:
        return "—"
    compare = {">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t, "<": lambda v, t: v < t}[goal["op"]]
    ok = compare(fig["value"], goal["target"])
    return "met" if ok else "**missed**"


def markdown(path, goals_path):
    """The figures table of docs/BENCHMARKS.md, from latest.json and goals.json."""
    with open(path) as f:
        data = json.load(f)
    with open(goals_path) as f:
        goals = json.load(f)["figures"]
    m = data["machine"]
    peers = ", ".join(f"{k} {v}" for k, v in sorted(data.get("peers", {}).items())) or "none recorded"
    out = [f"Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['compiler']}. Peers: {peers}.", "",
           "| figure | value | what | goal | status | peer (same run) | reproduce |", "|---|---|---|---|---|---|---|"]
    order = {name: i for i, name in enumerate(goals)}
    for fig in sorted(data["figures"], key=lambda f: order.get(f["name"], len(order))):
        goal = goals.get(fig["name"], {})
        peer = "—"
        if fig.get("peer"):
            ratio = fig["value"] / fig["peer_value"] if fig["peer_value"] else float("nan")
            ratio_text = f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:,.2f}×"
            peer = f"{fig['peer']}: {fmt(fig['peer_value'])} {fig['unit']} ({ratio_text})"
        out.append(f"| `{fig['name']}` | {fmt(fig['value'])} {fig['unit']} | {goal.get('what', '')} | "
                   f"{goal.get('goal', '—')} | {status(fig, goal)} | {peer} | `{goal.get('reproduce', '')}` |")
    return "\n".join(out)


def update_doc(path, goals_path, doc_path):
    """Replaces the generated table in docs/BENCHMARKS.md (between the figures markers)."""
    with open(doc_path) as f:
        doc = f.read()
    begin, end = "<!-- figures:begin -->", "<!-- figures:end -->"
    head, rest = doc.split(begin)
    _, tail = rest.split(end)
    table = markdown(path, goals_path)  # before the file is opened for writing: a bad input leaves it whole
    with open(doc_path, "w") as f:
        f.write(head + begin + "\n" + table + "\n" + end + tail)


def merge(latest_path, parts):
    with open(latest_path) as f:
        latest = json.load(f)
    fresh = collect(parts)["figures"]
    names = {f["name"] for f in fresh}
    latest["figures"] = [f for f in latest["figures"] if f["name"] not in names] + fresh
    with open(latest_path, "w") as f:
        json.dump(latest, f, indent=1)
        f.write("\n")


def table(path):
    with open(path) as f:
        data = json.load(f)
    m = data["machine"]
    print(f"machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['compiler']}")
    print(f"{'figure':45} {'value':>14} {'unit':5} peer")
    for fig in data["figures"]:
        peer = ""
        if fig.get("peer"):
            ratio = fig["value"] / fig["peer_value"] if fig["peer_value"] else float("nan")
            peer = f"{fig['peer']}: {fig['peer_value']} ({ratio:.0f}x)"
        print(f"{fig['name']:45} {fig['value']:>14} {fig['unit']:5} {peer}")


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        table(sys.argv[2])
    elif sys.argv[1] == "--markdown":
        print(markdown(sys.argv[2], sys.argv[3]))
    elif sys.argv[1] == "--merge":
        merge(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "--update-doc":
        update_doc(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        json.dump(collect(sys.argv[1:]), sys.stdout, indent=1)
        print()
