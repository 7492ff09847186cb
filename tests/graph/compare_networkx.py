#!/usr/bin/env python3
"""`ariadne analyze` against networkx on the public covert networks of tests/data/networks.

For each edge list: degree, betweenness, closeness, eigenvector and PageRank
(unweighted, and PageRank, eigenvector and degree weighted) agree with
networkx to 1e-6; k-cores and connected components exactly; the modularity
Ariadne states for its Leiden and Louvain partitions is networkx's modularity
of those partitions, and is at least that of networkx's Louvain at the same
resolution; every shortest path between the first and the last node is
networkx's. The graph is built as Ariadne builds it: undirected, repeated
edges one edge with their weights summed, self-loops left out.

With --generated, the same on a generated graph of over 100,000 edges (a
power-law graph with clustering, networkx's Holme–Kim model, seeded): the
measures, k-cores, components and modularity (Burt's constraint and the
betweenness between communities are compared on the covert networks only).

    compare_networkx.py ARIADNE DATA_DIR
    compare_networkx.py ARIADNE --generated
"""
import csv
import io
import pathlib
import subprocess
import sys

import networkx as nx

TOLERANCE = 1e-6
failures = []


def read_graph(path):
    g = nx.Graph()
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = csv.DictReader(f)
        for r in rows:
            # Ariadne, as RFC 4180 readers often do, drops spaces around an unquoted field.
            a, b, w = r["source"].strip(), r["target"].strip(), float(r.get("weight") or 1)
            g.add_node(a)
            g.add_node(b)
            if a == b:
                continue
            if g.has_edge(a, b):
                g[a][b]["weight"] += w
            else:
                g.add_edge(a, b, weight=w)
    return g


def analyze(ariadne, *args):
    done = subprocess.run([ariadne, "analyze", *args], capture_output=True, text=True)
    if done.returncode != 0:
        failures.append(f"ariadne analyze {' '.join(args)}: exit {done.returncode}: {done.stderr}")
        return [], done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout))), done.stderr


def close(name, what, ours, theirs):
    worst = max((abs(ours[n] - theirs[n]), n) for n in theirs)
    if worst[0] > TOLERANCE:
        failures.append(f"{name}: {what} of {worst[1]!r}: {ours[worst[1]]} against networkx's {theirs[worst[1]]}")
    return worst[0]


def bad_input(ariadne):
    """Bad edge lists and requests: a clear error, its exit code, nothing written."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        d = pathlib.Path(d)
        cases = {
            "no target column": ("a,b\nx,y\n", ["centrality"], 2, "target: the header names no target column"),
            "a bad weight": ("source,target,weight\nx,y,heavy\n", ["components"], 2,
                             "line 2: weight: must be a positive number"),
            "weighted without weights": ("source,target\nx,y\n", ["centrality", "--weighted"], 2,
                                         "has no weight column"),
            "an unknown node": ("source,target\nx,y\n", ["paths", "--from", "x", "--to", "z"], 2,
                                "node 'z'"),
            "too many hops": ("source,target\nx,y\n", ["paths", "--from", "x", "--to", "y", "--max-hops", "21"], 2,
                              "between 1 and 20"),
        }
        for what, (text, args, code, says) in cases.items():
            edges = d / "edges.csv"
            edges.write_text(text)
            out = d / "out.csv"
            done = subprocess.run([ariadne, "analyze", args[0], "--edges", str(edges), "--out", str(out), *args[1:]],
                                  capture_output=True, text=True)
            if done.returncode != code or says not in done.stderr or out.exists():
                failures.append(f"{what}: exit {done.returncode} (want {code}), stderr {done.stderr!r}, "
                                f"output {'written' if out.exists() else 'none'}")
        edges = d / "edges.csv"
        edges.write_text("source,target\nx,x\nx,y\ny,x\n")
        done = subprocess.run([ariadne, "analyze", "components", "--edges", str(edges)], capture_output=True, text=True)
        if done.returncode != 0 or "1 self-loops left out, 1 repeated edges merged" not in done.stderr:
            failures.append(f"self-loops and repeats are not reported: {done.stderr!r}")


def compare(ariadne, path, brokers=True):
    """Every measure of `path` against networkx's."""
    name = path.name.removesuffix(".edgelist.csv")
    g = read_graph(path)
    rows, _ = analyze(ariadne, "centrality", "--edges", str(path), "--measure", "all")
    ours = {m: {r["node"]: float(r[m]) for r in rows}
            for m in ("degree", "betweenness", "closeness", "eigenvector", "pagerank", "coreness", "constraint",
                      "bridging")}
    weighted_rows, _ = analyze(ariadne, "centrality", "--edges", str(path), "--measure", "all", "--weighted")
    weighted = {m: {r["node"]: float(r[m]) for r in weighted_rows}
                for m in ("degree", "eigenvector", "pagerank", "constraint")}
    worst = 0.0
    worst = max(worst, close(name, "degree", ours["degree"], dict(g.degree())))
    worst = max(worst, close(name, "weighted degree", weighted["degree"], dict(g.degree(weight="weight"))))
    worst = max(worst, close(name, "betweenness", ours["betweenness"], nx.betweenness_centrality(g)))
    worst = max(worst, close(name, "closeness", ours["closeness"], nx.closeness_centrality(g)))
    for w, values in ((None, ours), ("weight", weighted)):
        pr = nx.pagerank(g, alpha=0.85, tol=1e-14, max_iter=100000, weight=w)
        worst = max(worst, close(name, f"pagerank ({w or 'unweighted'})", values["pagerank"], pr))
        ev = nx.eigenvector_centrality(g, tol=1e-14, max_iter=1000000, weight=w)
        worst = max(worst, close(name, f"eigenvector ({w or 'unweighted'})", values["eigenvector"], ev))
    # Burt's constraint (a node without edges has none: nan on both sides, left out).
    for w, values in ((None, ours), ("weight", weighted)) if brokers else ():
        theirs = {n: c for n, c in nx.constraint(g, weight=w).items() if c == c}
        worst = max(worst, close(name, f"constraint ({w or 'unweighted'})",
                                 {n: values["constraint"][n] for n in theirs}, theirs))
    # Betweenness between communities: networkx's betweenness over the pairs from each
    # community to the rest (each pair counted from both ends), on our partition, scaled as ours.
    if brokers:
        rows, _ = analyze(ariadne, "communities", "--edges", str(path))
        parts = {}
        for r in rows:
            parts.setdefault(r["community"], set()).add(r["node"])
        n = g.number_of_nodes()
        bridging = {v: 0.0 for v in g}
        for part in parts.values():
            rest = [v for v in g if v not in part]
            for v, b in nx.betweenness_centrality_subset(g, list(part), rest, normalized=False).items():
                bridging[v] += b
        scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0
        worst = max(worst, close(name, "bridging", ours["bridging"], {v: b * scale for v, b in bridging.items()}))
    cores = nx.core_number(g)
    if any(ours["coreness"][n] != cores[n] for n in cores):
        failures.append(f"{name}: k-cores differ from networkx's")
    rows, _ = analyze(ariadne, "components", "--edges", str(path))
    mine = {}
    for r in rows:
        mine.setdefault(r["component"], set()).add(r["node"])
    if sorted(map(sorted, mine.values())) != sorted(map(sorted, nx.connected_components(g))):
        failures.append(f"{name}: components differ from networkx's")
    reference = nx.community.modularity(g, nx.community.louvain_communities(g, seed=1, weight=None), weight=None)
    stated = {}
    for method in ("leiden", "louvain"):
        rows, err = analyze(ariadne, "communities", "--edges", str(path), "--method", method)
        parts = {}
        for r in rows:
            parts.setdefault(r["community"], set()).add(r["node"])
        q = nx.community.modularity(g, list(parts.values()), weight=None)
        said = float(err.rsplit("modularity ", 1)[-1]) if "modularity " in err else float("nan")
        if not abs(q - said) <= 1e-9:
            failures.append(f"{name}: {method} states modularity {said}, networkx computes {q} for its partition")
        if q < reference - 1e-9:
            failures.append(f"{name}: {method} modularity {q} below networkx's Louvain {reference}")
        stated[method] = q
    nodes = list(g.nodes())
    rows, _ = analyze(ariadne, "paths", "--edges", str(path), "--from", nodes[0], "--to", nodes[-1],
                      "--max-hops", "20", "--limit", "100000")
    ours_paths = sorted(r["nodes"] for r in rows)
    if nx.has_path(g, nodes[0], nodes[-1]):
        theirs = sorted(" ".join(p) for p in nx.all_shortest_paths(g, nodes[0], nodes[-1]))
    else:
        theirs = []
    if ours_paths != theirs:
        failures.append(f"{name}: shortest paths {nodes[0]} → {nodes[-1]} differ from networkx's")
    print(f"{name:20s} {g.number_of_nodes():4d} nodes {g.number_of_edges():4d} edges  largest difference "
          f"{worst:.1e}  modularity leiden {stated['leiden']:.4f} louvain {stated['louvain']:.4f} "
          f"(networkx louvain {reference:.4f})  {len(ours_paths)} shortest paths")


def main():
    ariadne = sys.argv[1]
    print(f"networkx {nx.__version__}")
    if sys.argv[2] == "--generated":
        import tempfile
        g = nx.powerlaw_cluster_graph(1000, 115, 0.1, seed=7)
        with tempfile.TemporaryDirectory() as d:
            path = pathlib.Path(d) / "generated.edgelist.csv"
            with open(path, "w") as f:
                f.write("source,target,weight\n")
                for a, b in g.edges():
                    f.write(f"n{a},n{b},{1 + (a * 7 + b) % 5}\n")
            print(f"generated: {g.number_of_edges()} edges")
            compare(ariadne, path, brokers=False)
    else:
        data = pathlib.Path(sys.argv[2])
        networks = sorted(data.glob("*.edgelist.csv"))
        if not networks:
            sys.exit(f"no edge lists in {data}")
        for path in networks:
            compare(ariadne, path)
        bad_input(ariadne)
    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
