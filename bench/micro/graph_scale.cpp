// graph/ at scale: a random graph of N nodes and M edges (uniform pairs from
// a seeded generator), its build, connected components, PageRank, Leiden and
// Louvain communities, each timed once, and the graph's memory per edge.
// Writes the edge list as CSV (`source,target`) for bench/graph/peers.py,
// which times python-igraph and networkx on the same graph.
//
// Usage: graph_scale NODES EDGES EDGES_CSV OUT_JSON [MEASURES]
//   MEASURES: comma-separated, of components,pagerank,leiden,louvain (default: all)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>
#include <nlohmann/json.hpp>

#include "common/mix.hpp"
#include "graph/graph.hpp"

namespace {

double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

template <class F>
double seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <class T>
const T& ok(const ariadne::Result<T>& r, const char* what) {
  if (!r) {
    std::cerr << what << ": " << r.error().message << '\n';
    std::exit(1);
  }
  return r.value();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::cerr << "usage: graph_scale NODES EDGES EDGES_CSV OUT_JSON [MEASURES]\n";
    return 2;
  }
  const auto nodes = std::stoull(argv[1]);
  const auto edges = std::stoull(argv[2]);
  std::vector<ariadne::graph::Edge> list(edges);
  std::uint64_t state = 20261207;
  {
    std::ofstream csv(argv[3], std::ios::binary);
    csv << "source,target\n";
    std::string line;
    for (auto& e : list) {
      e.a = static_cast<ariadne::graph::Node>(ariadne::splitmix_next(state) % nodes);
      e.b = static_cast<ariadne::graph::Node>(ariadne::splitmix_next(state) % nodes);
      line = std::to_string(e.a) + ',' + std::to_string(e.b) + '\n';
      csv << line;
    }
    if (!csv.flush()) {
      std::cerr << "cannot write " << argv[3] << '\n';
      return 1;
    }
  }
  const double before = resident_bytes();
  ariadne::graph::BuildReport report;
  std::optional<ariadne::Result<ariadne::graph::Graph>> built;
  const double build_s = seconds([&] { built.emplace(ariadne::graph::Graph::build(nodes, list, &report)); });
  const auto* g = &ok(*built, "build");
  const double bytes_per_edge = (resident_bytes() - before) / static_cast<double>(g->edges());
  list = {};
  nlohmann::json out{{"nodes", nodes},
                     {"edges", g->edges()},
                     {"self_loops", report.self_loops},
                     {"duplicates", report.duplicates},
                     {"build_s", build_s},
                     {"bytes_per_edge", bytes_per_edge}};
  // Each measure's figure is written as soon as it is known: a peer's run may stop this one.
  const auto write = [&] {
    std::ofstream(argv[4]) << out.dump(1) << '\n';
    std::cerr << out.dump() << std::endl;
  };
  write();
  const std::string measures = argc > 5 ? argv[5] : "components,pagerank,leiden,louvain";
  const auto wanted = [&](const char* m) {
    return ("," + measures + ",").find(std::string(",") + m + ",") != std::string::npos;
  };
  if (wanted("components")) {
    std::size_t components = 0;
    out["components_s"] = seconds([&] { components = ok(ariadne::graph::components(*g), "components").sizes.size(); });
    out["components"] = components;
    write();
  }
  if (wanted("pagerank")) {
    out["pagerank_s"] = seconds([&] { (void)ok(ariadne::graph::pagerank(*g), "pagerank"); });
    write();
  }
  for (const auto method : {ariadne::graph::CommunityMethod::leiden, ariadne::graph::CommunityMethod::louvain}) {
    const std::string name = method == ariadne::graph::CommunityMethod::leiden ? "leiden" : "louvain";
    if (!wanted(name.c_str())) continue;
    ariadne::graph::Communities c;
    out[name + "_s"] = seconds([&] { c = ok(ariadne::graph::communities(*g, method), name.c_str()); });
    out[name + "_modularity"] = c.modularity;
    out[name + "_communities"] = c.count;
    write();
  }
  return 0;
}
