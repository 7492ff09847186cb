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

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

// What one export holds at most: it is written in memory before it is
// sent, so a larger file is refused and exported network by network.
struct ExportLimits {
  std::size_t entities = 500'000;
  std::size_t links = 2'000'000;                           // edges (pairs of entities)
  std::size_t ftm_bytes = std::size_t{512} * 1024 * 1024;  // FtM text, read from the contributions
};

// The whole file the caller sees (network 0), or the network of an entity
// with the places its entities are linked to. Beyond a limit: invalid_input,
// nothing audited.
Result<GraphExport> export_graph(LinkGraph& graph, store::Database& db, const policy::Caller& caller,
                                 ExportFormat format, std::int64_t network, const ExportLimits& limits = {});

// How many exports are written at once, each up to ExportLimits in memory.
// Beyond them an export is refused as unavailable, with a Retry-After.
class ExportSlots {
 public:
  explicit ExportSlots(int slots) : free_(slots) {}
  // Holds a slot until destroyed.
  class Slot {
   public:
    explicit Slot(ExportSlots* owner) : owner_(owner) {}
    Slot(Slot&& o) noexcept : owner_(std::exchange(o.owner_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_) owner_->free_.fetch_add(1);
    }

   private:
    ExportSlots* owner_;
  };
  Result<Slot> take();

 private:
  std::atomic<int> free_;
};

}  // namespace ariadne::analysis
