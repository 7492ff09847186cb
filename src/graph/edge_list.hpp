// Edge lists as other tools write them: a CSV whose header names `source`
// and `target` (and optionally `weight`) columns, one edge per row, nodes
// named by any text. `ariadne analyze --edges` reads them, so that the
// measures can be compared with other tools' on public networks.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "common/line_error.hpp"
#include "common/result.hpp"
#include "graph/graph.hpp"

namespace ariadne::graph {

struct EdgeList {
  std::vector<std::string> names;  // per node, in order of first appearance
  std::vector<Edge> edges;         // as read, self-loops and repeats included (Graph::build counts them)
  bool weighted = false;           // the header has a weight column
};

// Every row that cannot be an edge (a missing source or target, a weight
// that is not a positive number, a row a CSV reader cannot read) is named
// through `on_error`, and the list is refused when there was any; a header
// without source or target columns is refused before any row is read.
Result<EdgeList> read_edge_list(std::istream& in, const std::function<void(const LineError&)>& on_error);

}  // namespace ariadne::graph
