// The link graph written out for the chart tools analysts use: GraphML and
// GEXF (Gephi, Cytoscape, yEd), CSV of nodes and of edges (i2 Analyst's
// Notebook and other chart tools import them), and FollowTheMoney JSON
// Lines of the contributions behind it. An export holds only what the
// caller may see, like every answer of the link graph; and, as a file that
// leaves Ariadne, no victim's name: a victim is a node labelled "victim"
// (FtM, which cannot protect one, leaves victims out, as the contribution
// export does). Every export is audited (`graph.export`), with what it held.
//
// Thread-safety: as LinkGraph's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/link_graph.hpp"
#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

enum class ExportFormat { graphml, gexf, csv_nodes, csv_edges, ftm };
// "graphml", "gexf", "csv-nodes", "csv-edges", "ftm".
std::optional<ExportFormat> parse_export_format(std::string_view s);
std::string_view to_string(ExportFormat f);
std::string_view content_type(ExportFormat f);

struct GraphExport {
  std::string text;
  std::size_t entities = 0;
  std::size_t links = 0;             // edges: pairs of entities, each with its statements counted
  std::size_t withheld_victims = 0;  // labelled "victim" (FtM: left out)
  std::size_t withheld = 0;          // what leads only to victims (their phones, papers, relatives): left out
};

// Entities one export holds at most (a larger file is exported network by network).
inline constexpr std::size_t kMaxExportEntities = 500000;

// The whole file the caller sees (network 0), or the network of an entity
// with the places its entities are linked to.
Result<GraphExport> export_graph(LinkGraph& graph, store::Database& db, const policy::Caller& caller,
                                 ExportFormat format, std::int64_t network);

}  // namespace ariadne::analysis
