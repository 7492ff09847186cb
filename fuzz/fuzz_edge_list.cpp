// `ariadne analyze --edges`: an edge list (source,target[,weight] CSV) read,
// built into a graph, and measured: hostile names, weights, headers and
// shapes reach the reader, the build and the measures.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.hpp"
#include "graph/edge_list.hpp"
#include "graph/graph.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(ariadne::fuzz::text_of(data, size))};
  auto list = ariadne::graph::read_edge_list(in, [](const ariadne::LineError&) {});
  ariadne::fuzz::handled(list);
  if (!list || list->names.size() > 2000) return 0;
  auto g = ariadne::graph::Graph::build(list->names.size(), list->edges);
  ariadne::fuzz::handled(g);
  if (!g) return 0;
  (void)ariadne::graph::components(*g);
  (void)ariadne::graph::pagerank(*g, list->weighted);
  (void)ariadne::graph::betweenness(*g);
  (void)ariadne::graph::coreness(*g);
  if (g->edges() > 0) (void)ariadne::graph::communities(*g, ariadne::graph::CommunityMethod::leiden, list->weighted);
  if (g->nodes() >= 2) (void)ariadne::graph::shortest_paths(*g, 0, 1, 6, 100);
  return 0;
}
