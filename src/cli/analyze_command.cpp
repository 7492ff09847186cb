// `ariadne analyze`: graph measures on any edge list (graph/).

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "common/csv.hpp"
#include "graph/edge_list.hpp"
#include "graph/graph.hpp"

namespace ariadne::cli {

namespace {

int report(const std::string& what, const Error& e) {
  return fail_on("analyze", what, e);
}

constexpr std::size_t kMaxHops = 20;
constexpr std::size_t kMaxPaths = 100'000;

}  // namespace

int analyze(const AnalyzeOptions& o) {
  std::ifstream in(o.edges, std::ios::binary);
  if (!in) return report(o.edges, Error::invalid("edges", "cannot be read"));
  std::size_t shown = 0, errors = 0;
  auto list = graph::read_edge_list(in, [&](const LineError& e) {
    if (++errors, ++shown <= 20) std::cerr << "ariadne analyze: " << o.edges << ": " << describe(e) << '\n';
  });
  if (errors > 20) std::cerr << "ariadne analyze: " << o.edges << ": " << errors - 20 << " more rows refused\n";
  if (!list) return report(o.edges, list.error());
  if (o.weighted && !list->weighted) {
    return report(o.edges, Error::invalid("weighted", "the edge list has no weight column"));
  }
  graph::BuildReport built;
  auto g = graph::Graph::build(list->names.size(), list->edges, &built);
  if (!g) return report(o.edges, g.error());
  std::cerr << "ariadne analyze: " << g->nodes() << " nodes, " << g->edges() << " edges";
  if (built.self_loops > 0) std::cerr << ", " << built.self_loops << " self-loops left out";
  if (built.duplicates > 0) std::cerr << ", " << built.duplicates << " repeated edges merged (weights summed)";
  std::cerr << '\n';

  // The answer is written once whole: a request refused half way writes nothing.
  std::ostringstream out;
  const auto& names = list->names;

  if (o.command == "components") {
    auto c = graph::components(*g);
    if (!c) return report(o.edges, c.error());
    out << "node,component\n";
    for (std::size_t i = 0; i < names.size(); ++i) out << csv_field(names[i]) << ',' << c->of[i] << '\n';
    std::uint32_t largest = 0;
    for (const auto s : c->sizes) largest = std::max(largest, s);
    std::cerr << "ariadne analyze: " << c->sizes.size() << " components, the largest of " << largest << " nodes\n";
  } else if (o.command == "communities") {
    const auto method = o.method == "louvain" ? graph::CommunityMethod::louvain : graph::CommunityMethod::leiden;
    auto c = graph::communities(*g, method, o.weighted, o.resolution, o.seed);
    if (!c) return report(o.edges, c.error());
    out << "node,community\n";
    for (std::size_t i = 0; i < names.size(); ++i) out << csv_field(names[i]) << ',' << c->of[i] << '\n';
    std::cerr << "ariadne analyze: " << c->count << " communities (" << o.method << "), modularity "
              << exact_number(c->modularity) << '\n';
  } else if (o.command == "paths") {
    if (o.max_hops < 1 || o.max_hops > kMaxHops) {
      return report("--max-hops", Error::invalid("max_hops", "must lie between 1 and " + std::to_string(kMaxHops)));
    }
    if (o.limit < 1 || o.limit > kMaxPaths) {
      return report("--limit", Error::invalid("limit", "must lie between 1 and " + std::to_string(kMaxPaths)));
    }
    auto find = [&](const std::string& name) -> std::optional<graph::Node> {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) return static_cast<graph::Node>(i);
      }
      return std::nullopt;
    };
    const auto from = find(o.from), to = find(o.to);
    if (!from) return report("--from", Error::not_found("node '" + o.from + "' in " + o.edges));
    if (!to) return report("--to", Error::not_found("node '" + o.to + "' in " + o.edges));
    auto paths = graph::shortest_paths(*g, *from, *to, o.max_hops, o.limit);
    if (!paths) return report(o.edges, paths.error());
    out << "path,hops,nodes\n";
    for (std::size_t p = 0; p < paths->size(); ++p) {
      std::string nodes;
      for (const auto n : (*paths)[p]) nodes += (nodes.empty() ? "" : " ") + names[n];
      out << p + 1 << ',' << (*paths)[p].size() - 1 << ',' << csv_field(nodes) << '\n';
    }
    std::cerr << "ariadne analyze: " << paths->size() << " shortest paths"
              << (paths->empty() ? " (not connected within " + std::to_string(o.max_hops) + " hops)" : "") << '\n';
  } else {  // centrality
    static const char* kMeasures[] = {"degree",   "betweenness", "closeness",  "eigenvector",
                                      "pagerank", "coreness",    "constraint", "bridging"};
    std::vector<std::string> wanted;
    for (const char* m : kMeasures) {
      if (o.measure == "all" || o.measure == m) wanted.emplace_back(m);
    }
    std::vector<std::vector<double>> columns;
    for (const auto& m : wanted) {
      Result<std::vector<double>> values = Error::internal("no measure");
      if (m == "degree") values = graph::degree(*g, o.weighted);
      if (m == "betweenness") values = graph::betweenness(*g);
      if (m == "closeness") values = graph::closeness(*g);
      if (m == "eigenvector") values = graph::eigenvector(*g, o.weighted);
      if (m == "pagerank") values = graph::pagerank(*g, o.weighted);
      if (m == "constraint") values = graph::constraint(*g, o.weighted);
      if (m == "bridging") {
        // Betweenness between the communities `analyze communities` finds (Leiden, seed 1).
        auto parts = graph::communities(*g, graph::CommunityMethod::leiden, o.weighted);
        if (!parts) return report(o.edges, parts.error());
        values = graph::bridging_betweenness(*g, parts->of);
      }
      if (m == "coreness") {
        auto cores = graph::coreness(*g);
        if (!cores) return report(o.edges, cores.error());
        values = std::vector<double>(cores->begin(), cores->end());
      }
      if (!values) return report(o.edges, values.error());
      columns.push_back(std::move(values).value());
    }
    out << (wanted.size() == 1 ? "node,value" : "node");
    if (wanted.size() > 1) {
      for (const auto& m : wanted) out << ',' << m;
    }
    out << '\n';
    for (std::size_t i = 0; i < names.size(); ++i) {
      out << csv_field(names[i]);
      for (const auto& c : columns) out << ',' << exact_number(c[i]);
      out << '\n';
    }
  }
  return write_output("analyze", o.out, out.str());
}

}  // namespace ariadne::cli
