#include "analysis/graph_export.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "analysis/ftm.hpp"
#include "analysis/link_graph_internal.hpp"
#include "common/csv.hpp"
#include "common/markup.hpp"
#include "store/audit.hpp"

namespace ariadne::analysis {

using namespace graph_detail;

namespace {

constexpr std::array<std::pair<ExportFormat, std::string_view>, 5> kFormats{{{ExportFormat::graphml, "graphml"},
                                                                             {ExportFormat::gexf, "gexf"},
                                                                             {ExportFormat::csv_nodes, "csv-nodes"},
                                                                             {ExportFormat::csv_edges, "csv-edges"},
                                                                             {ExportFormat::ftm, "ftm"}}};

std::string joined(const std::set<std::string>& items, char separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : std::string(1, separator)) + i;
  return out;
}

struct Edge {
  std::int64_t a = 0, b = 0;  // entity ids, a < b
  std::set<std::string> kinds;
  std::set<std::string> members;
  std::size_t statements = 0;
};

void write_graphml(std::string& out, const std::vector<GraphNode>& nodes, const std::vector<bool>& victims,
                   const std::vector<Edge>& edges) {
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
      "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
      "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
      "  <key id=\"mentions\" for=\"node\" attr.name=\"mentions\" attr.type=\"int\"/>\n"
      "  <key id=\"victim\" for=\"node\" attr.name=\"victim\" attr.type=\"boolean\"/>\n"
      "  <key id=\"kinds\" for=\"edge\" attr.name=\"kinds\" attr.type=\"string\"/>\n"
      "  <key id=\"members\" for=\"edge\" attr.name=\"members\" attr.type=\"string\"/>\n"
      "  <key id=\"statements\" for=\"edge\" attr.name=\"statements\" attr.type=\"int\"/>\n"
      "  <graph id=\"ariadne\" edgedefault=\"undirected\">\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    out += "    <node id=\"" + std::to_string(n.id) + "\"><data key=\"label\">" + markup_text(n.label) +
           "</data><data key=\"kind\">" + n.kind + "</data><data key=\"mentions\">" + std::to_string(n.mentions) +
           "</data><data key=\"victim\">" + (victims[i] ? "true" : "false") + "</data></node>\n";
  }
  std::size_t id = 0;
  for (const auto& e : edges) {
    out += "    <edge id=\"e" + std::to_string(id++) + "\" source=\"" + std::to_string(e.a) + "\" target=\"" +
           std::to_string(e.b) + "\"><data key=\"kinds\">" + markup_text(joined(e.kinds, ' ')) +
           "</data><data key=\"members\">" + markup_text(joined(e.members, ' ')) + "</data><data key=\"statements\">" +
           std::to_string(e.statements) + "</data></edge>\n";
  }
  out += "  </graph>\n</graphml>\n";
}

void write_gexf(std::string& out, const std::vector<GraphNode>& nodes, const std::vector<bool>& victims,
                const std::vector<Edge>& edges) {
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">\n"
      "  <meta><creator>Ariadne</creator></meta>\n"
      "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n"
      "    <attributes class=\"node\">\n"
      "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
      "      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n"
      "      <attribute id=\"victim\" title=\"victim\" type=\"boolean\"/>\n"
      "    </attributes>\n"
      "    <attributes class=\"edge\">\n"
      "      <attribute id=\"kinds\" title=\"kinds\" type=\"string\"/>\n"
      "      <attribute id=\"members\" title=\"members\" type=\"string\"/>\n"
      "    </attributes>\n"
      "    <nodes>\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    out += "      <node id=\"" + std::to_string(n.id) + "\" label=\"" + markup_text(n.label) +
           "\"><attvalues><attvalue for=\"kind\" value=\"" + n.kind + "\"/><attvalue for=\"mentions\" value=\"" +
           std::to_string(n.mentions) + "\"/><attvalue for=\"victim\" value=\"" + (victims[i] ? "true" : "false") +
           "\"/></attvalues></node>\n";
  }
  out += "    </nodes>\n    <edges>\n";
  std::size_t id = 0;
  for (const auto& e : edges) {
    out += "      <edge id=\"" + std::to_string(id++) + "\" source=\"" + std::to_string(e.a) + "\" target=\"" +
           std::to_string(e.b) + "\" weight=\"" + std::to_string(e.statements) +
           "\"><attvalues><attvalue for=\"kinds\" value=\"" + markup_text(joined(e.kinds, ' ')) +
           "\"/><attvalue for=\"members\" value=\"" + markup_text(joined(e.members, ' ')) + "\"/></attvalues></edge>\n";
  }
  out += "    </edges>\n  </graph>\n</gexf>\n";
}

}  // namespace

std::optional<ExportFormat> parse_export_format(std::string_view s) {
  for (const auto& [f, name] : kFormats) {
    if (name == s) return f;
  }
  return std::nullopt;
}

std::string_view to_string(ExportFormat f) {
  for (const auto& [format, name] : kFormats) {
    if (format == f) return name;
  }
  return "graphml";
}

std::string_view content_type(ExportFormat f) {
  switch (f) {
    case ExportFormat::graphml: return "application/graphml+xml; charset=utf-8";
    case ExportFormat::gexf: return "application/gexf+xml; charset=utf-8";
    case ExportFormat::csv_nodes:
    case ExportFormat::csv_edges: return "text/csv; charset=utf-8";
    case ExportFormat::ftm: return "application/x-ndjson";
  }
  return "application/octet-stream";
}

Result<ExportSlots::Slot> ExportSlots::take() {
  for (int free = free_.load(); free > 0;) {
    if (free_.compare_exchange_weak(free, free - 1)) return Slot(this);
  }
  Error e{ErrorCode::unavailable, "other exports are being written; try again shortly", {}};
  e.retry_after_s = 5;
  return e;
}

Result<GraphExport> export_graph(LinkGraph& graph, store::Database& db, const policy::Caller& caller,
                                 ExportFormat format, std::int64_t network, const ExportLimits& limits) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  ARIADNE_ASSIGN(const auto s, graph.snapshot(db));
  View v(*s, caller);
  std::vector<std::uint32_t> nodes;
  if (network == 0) {
    for (std::uint32_t n = 0; n < s->nodes.size(); ++n) {
      if (v.node(n)) nodes.push_back(n);
    }
  } else {
    ARIADNE_ASSIGN(const auto n, v.find(network));
    if (s->place(n)) return Error::invalid("network", "is a place, which belongs to no network");
    nodes = network_nodes(v, n);
    // With the places its entities are linked to.
    const auto size = nodes.size();
    for (std::size_t i = 0; i < size; ++i) {
      for (const auto l : v.links_of(nodes[i])) {
        if (!v.link(l)) continue;
        if (const auto o = v.other(l, nodes[i]); s->place(o)) nodes.push_back(o);
      }
    }
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  }
  const auto too_large = [&](std::size_t n, std::string_view what, std::size_t limit) {
    return Error::invalid("network", "the export would hold " + std::to_string(n) + " " + std::string(what) +
                                         ", more than " + std::to_string(limit) + ": export it network by network");
  };
  if (nodes.size() > limits.entities) return too_large(nodes.size(), "entities", limits.entities);
  GraphExport out;
  if (format == ExportFormat::ftm) {
    // The contributions behind the entities, each as its FtM entities; a
    // person another case says is a victim (and what leads only to her) is
    // withheld in every case that names her.
    const auto withheld = withheld_for_victims(v, nodes);
    std::map<std::uint32_t, std::set<std::string>> also;  // contribution → local ids
    std::set<std::uint32_t> contributions;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      v.each_mention(nodes[i], [&](const Snapshot::Mention& m) {
        contributions.insert(m.contribution);
        if (withheld[i] != Withheld::no && s->nodes[nodes[i]].kind == MentionKind::person) {
          also[m.contribution].insert(m.local_id);
        }
      });
    }
    for (const auto c : contributions) {
      const auto id = s->contributions[c].id;
      auto found = get_contribution(db, caller, id);
      if (!found) {
        if (found.error().code == ErrorCode::not_found) continue;  // withdrawn since the graph was loaded
        return found.error();
      }
      v.rests_on(c);
      const auto extra = also.find(c);
      const auto ftm =
          to_ftm(found->package, "c" + std::to_string(id) + "-", extra == also.end() ? nullptr : &extra->second);
      for (const auto& e : ftm.entities) out.text += e.dump() + "\n";
      if (out.text.size() > limits.ftm_bytes) return too_large(out.text.size(), "bytes", limits.ftm_bytes);
      out.entities += ftm.entities.size();
      out.withheld_victims += ftm.withheld_victims;
    }
  } else {
    // What leads only to victims is left out; a victim stays, as "victim".
    const auto withheld = withheld_for_victims(v, nodes);
    std::vector<std::uint32_t> kept;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (withheld[i] == Withheld::theirs) {
        ++out.withheld;
      } else {
        kept.push_back(nodes[i]);
      }
    }
    nodes = std::move(kept);
    ARIADNE_ASSIGN(auto described, describe(v, nodes));
    std::vector<bool> victims(nodes.size());
    std::unordered_map<std::uint32_t, std::size_t> at;
    at.reserve(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      at[nodes[i]] = i;
      victims[i] = victim(v, nodes[i]);
      if (victims[i]) {
        described[i].label = "victim";
        ++out.withheld_victims;
      }
    }
    std::map<std::pair<std::int64_t, std::int64_t>, Edge> edges;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      for (const auto l : v.links_of(nodes[i])) {
        if (!v.link(l)) continue;
        const auto o = v.other(l, nodes[i]);
        const auto j = at.find(o);
        // Each link once, from its lower end.
        if (j == at.end() || j->second <= i) continue;
        const auto& link = s->links[l];
        const auto key = std::minmax(described[i].id, described[j->second].id);
        auto& e = edges[key];
        if (edges.size() > limits.links) return too_large(edges.size(), "links or more", limits.links);
        e.a = key.first;
        e.b = key.second;
        e.kinds.insert(s->kinds[link.kind]);
        e.members.insert(s->contributions[link.contribution].meta.owner);
        ++e.statements;
        v.rests_on(link.contribution);
      }
    }
    std::vector<Edge> list;
    list.reserve(edges.size());
    for (auto& [key, e] : edges) list.push_back(std::move(e));
    out.entities = nodes.size();
    out.links = list.size();
    switch (format) {
      case ExportFormat::graphml: write_graphml(out.text, described, victims, list); break;
      case ExportFormat::gexf: write_gexf(out.text, described, victims, list); break;
      case ExportFormat::csv_nodes:
        out.text = "id,kind,label,mentions,victim\n";
        for (std::size_t i = 0; i < described.size(); ++i) {
          const auto& n = described[i];
          out.text += std::to_string(n.id) + "," + n.kind + "," + csv_text(n.label) + "," + std::to_string(n.mentions) +
                      "," + (victims[i] ? "true" : "false") + "\n";
        }
        break;
      case ExportFormat::csv_edges:
        out.text = "source,target,kinds,members,statements\n";
        for (const auto& e : list) {
          out.text += std::to_string(e.a) + "," + std::to_string(e.b) + "," + csv_field(joined(e.kinds, ';')) + "," +
                      csv_field(joined(e.members, ';')) + "," + std::to_string(e.statements) + "\n";
        }
        break;
      case ExportFormat::ftm: break;
    }
  }
  // An export leaves Ariadne: always audited, with what it held and the restricted cases it drew on.
  std::string detail = std::string(to_string(format)) + " of " +
                       (network == 0 ? std::string("the file") : "the network of " + std::to_string(network)) + ": " +
                       std::to_string(out.entities) + " entities, " + std::to_string(out.links) + " links";
  const auto restricted = v.restricted();
  if (!restricted.empty()) {
    std::string listed;
    for (const auto id : restricted) listed += (listed.empty() ? "" : ",") + std::to_string(id);
    if (listed.size() > 800) listed = listed.substr(0, 800) + ",…";
    detail += "; restricted records read: " + listed;
  }
  ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, "graph.export", "contributions", "ok", detail}));
  return out;
}

}  // namespace ariadne::analysis
