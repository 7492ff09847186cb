#!/usr/bin/env python3
"""graph/ at scale beside its peers, on the same graph in the same run.

Runs bench/micro/graph_scale (Ariadne's graph module: a seeded random graph
of --nodes and --edges, written as CSV), then times python3-igraph (its C
core) and python3-networkx on that CSV: connected components, PageRank and
Leiden communities (igraph's, modularity, its default two iterations;
networkx has no Leiden), each peer in a process of its own stopped after
--timeout seconds (reported as not finished). Loading the graph is not
timed. Ariadne's Louvain (one run at this size) is timed without a peer:
python-igraph's did not finish in 10 minutes on such a graph, and
networkx's takes longer still. Writes graph.* figures as JSON.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time

PEER = r"""
import json, sys, time
peer, measure, path, nodes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(path) as f:
    next(f)
    edges = [tuple(map(int, line.split(","))) for line in f]
if peer == "igraph":
    import igraph
    g = igraph.Graph(n=nodes, edges=edges)
    g.simplify()
    start = time.perf_counter()
    if measure == "components":
        g.connected_components()
    elif measure == "pagerank":
        g.pagerank()
    elif measure == "leiden":
        q = g.community_leiden(objective_function="modularity", n_iterations=2).modularity
    elif measure == "louvain":
        q = g.community_multilevel().modularity
else:
    import networkx as nx
    g = nx.Graph()
    g.add_nodes_from(range(nodes))
    g.add_edges_from(edges)
    g.remove_edges_from(nx.selfloop_edges(g))
    start = time.perf_counter()
    if measure == "components":
        sum(1 for _ in nx.connected_components(g))
    elif measure == "pagerank":
        nx.pagerank(g)
    elif measure == "louvain":
        parts = nx.community.louvain_communities(g, seed=1)
        q = nx.community.modularity(g, parts)
seconds = time.perf_counter() - start
out = {"seconds": seconds}
if measure in ("leiden", "louvain"):
    out["modularity"] = q
print(json.dumps(out))
"""


def peer(python, name, measure, csv, nodes, timeout):
    try:
        done = subprocess.run([python, "-c", PEER, name, measure, str(csv), str(nodes)], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"  {name} {measure}: not finished in {timeout} s", file=sys.stderr)
        return None
    if done.returncode != 0:
        print(f"  {name} {measure}: failed: {done.stderr.strip()[-400:]}", file=sys.stderr)
        return None
    result = json.loads(done.stdout)
    print(f"  {name} {measure}: {result}", file=sys.stderr)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--graph-scale", required=True, help="the graph_scale binary")
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--edges", type=int, default=10_000_000)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--python", default="/usr/bin/python3", help="the Python with python3-igraph and networkx")
    a = ap.parse_args()
    scratch = pathlib.Path(a.scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    csv, ours_json = scratch / "graph-random.csv", scratch / "graph-ours.json"
    start = time.perf_counter()
    subprocess.run([a.graph_scale, str(a.nodes), str(a.edges), str(csv), str(ours_json),
                    "components,pagerank,leiden,louvain"],
                   check=True)
    ours = json.loads(ours_json.read_text())
    print(f"graph_scale: {time.perf_counter() - start:.1f} s in all", file=sys.stderr)
    scale = f"{a.nodes // 1_000_000}m_{a.edges // 1_000_000}m" if a.nodes >= 1_000_000 else f"{a.nodes}_{a.edges}"
    figures = [{"name": f"graph.random_{scale}_bytes_per_edge", "value": round(ours["bytes_per_edge"], 1),
                "unit": "B", "peer": None, "peer_value": None},
               {"name": f"graph.random_{scale}_build_s", "value": round(ours["build_s"], 2), "unit": "s",
                "peer": None, "peer_value": None}]
    for measure, key in (("components", "components_s"), ("pagerank", "pagerank_s"), ("leiden", "leiden_s")):
        igraph = peer(a.python, "igraph", measure, csv, a.nodes, a.timeout)
        nx = None if measure == "leiden" else peer(a.python, "networkx", measure, csv, a.nodes, a.timeout)
        figures.append({"name": f"graph.random_{scale}_{measure}_s", "value": round(ours[key], 3), "unit": "s",
                        "peer": "python-igraph" if igraph else f"python-igraph (not finished in {a.timeout} s)",
                        "peer_value": round(igraph["seconds"], 3) if igraph else None})
        if measure != "leiden":  # networkx has no Leiden
            figures.append({"name": f"graph.random_{scale}_{measure}_networkx_s",
                            "value": round(ours[key], 3), "unit": "s",
                            "peer": "networkx" if nx else f"networkx (not finished in {a.timeout} s)",
                            "peer_value": round(nx["seconds"], 3) if nx else None})
        if measure == "leiden":
            figures.append({"name": f"graph.random_{scale}_{measure}_modularity",
                            "value": round(ours[measure + "_modularity"], 4), "unit": "ratio",
                            "peer": "python-igraph" if igraph else None,
                            "peer_value": round(igraph["modularity"], 4) if igraph else None})
    figures.append({"name": f"graph.random_{scale}_louvain_s", "value": round(ours["louvain_s"], 3), "unit": "s",
                    "peer": None, "peer_value": None})
    figures.append({"name": f"graph.random_{scale}_louvain_modularity", "value": round(ours["louvain_modularity"], 4),
                    "unit": "ratio", "peer": None, "peer_value": None})
    pathlib.Path(a.out).write_text(json.dumps({"figures": figures, "ours": ours}, indent=1) + "\n")


if __name__ == "__main__":
    main()
