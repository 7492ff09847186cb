#include "analysis/link_graph.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "analysis/entities.hpp"
#include "analysis/link_graph_internal.hpp"
#include "analysis/package.hpp"
#include "common/json_fields.hpp"
#include "graph/graph.hpp"
#include "policy/restriction.hpp"

namespace ariadne::analysis {

using namespace graph_detail;

namespace graph_detail {
// A label from a mention's statements: a name, a number, an event's kind and date.
std::string label_from(MentionKind kind, const std::map<std::string, std::string>& props);
}  // namespace graph_detail

namespace {

// The statements a label is made of.
bool is_label_prop(std::string_view prop) {
  static constexpr std::string_view kProps[] = {"names", "number", "iban", "plate", "name",
                                                "type",  "kind",   "date", "schema"};
  return std::find(std::begin(kProps), std::end(kProps), prop) != std::end(kProps);
}

}  // namespace

namespace {

Result<std::shared_ptr<Snapshot>> load(store::Database& db, std::uint64_t generation) {
  // Mentions stored before every mention had an entity get theirs first (a
  // store opened read-only shows them without).
  if (!db.read_only()) ARIADNE_TRY(link_unlinked(db));
  auto s = std::make_shared<Snapshot>();
  s->generation = generation;
  std::unordered_map<std::int64_t, std::uint32_t> contribution_at;
  ARIADNE_TRY(db.for_each(
      "SELECT id, owner, scope, scope_members, case_ref, crime_type, reported_on FROM contributions ORDER BY id", {},
      [&](const store::Row& r) {
        contribution_at[r.integer(0)] = static_cast<std::uint32_t>(s->contributions.size());
        s->contributions.push_back({r.integer(0),
                                    {r.text(1), policy::Restriction::from_stored(r.text(2), r.text(3))},
                                    r.text(4),
                                    r.text(5),
                                    r.text(6)});
        return true;
      }));
  ARIADNE_TRY(
      db.for_each("SELECT id, merged_into FROM entities WHERE merged_into IS NOT NULL", {}, [&](const store::Row& r) {
        s->merged_into[r.integer(0)] = r.integer(1);
        return true;
      }));
  struct Raw {
    std::int64_t row;
    std::uint32_t contribution;
    std::int64_t entity;
    MentionKind kind;
    std::string local_id;
  };
  std::vector<Raw> raw;
  ARIADNE_TRY(db.for_each(
      "SELECT m.id, m.contribution, m.local_id, m.kind, em.entity FROM mentions m JOIN entity_mentions em ON "
      "em.mention = m.id",
      {}, [&](const store::Row& r) {
        const auto c = contribution_at.find(r.integer(1));
        if (c == contribution_at.end()) return true;  // written after the contributions were read
        raw.push_back({r.integer(0), c->second, r.integer(4),
                       parse_mention_kind(r.text(3)).value_or(MentionKind::other), r.text(2)});
        return true;
      }));
  // Nodes in entity order, so that every answer lists them in a repeatable order.
  std::sort(raw.begin(), raw.end(),
            [](const Raw& a, const Raw& b) { return std::tie(a.entity, a.row) < std::tie(b.entity, b.row); });
  std::unordered_map<std::int64_t, std::uint32_t> mention_at;
  mention_at.reserve(raw.size());
  s->mentions.reserve(raw.size());
  for (auto& m : raw) {
    if (s->nodes.empty() || s->nodes.back().entity != m.entity) {
      s->node_at[m.entity] = static_cast<std::uint32_t>(s->nodes.size());
      s->nodes.push_back({m.entity, m.kind});
      s->by_node.push_back(static_cast<std::uint32_t>(s->mentions.size()));
    }
    mention_at[m.row] = static_cast<std::uint32_t>(s->mentions.size());
    Snapshot::Mention out;
    out.row = m.row;
    out.contribution = m.contribution;
    out.node = static_cast<std::uint32_t>(s->nodes.size() - 1);
    out.local_id = std::move(m.local_id);
    s->mentions.push_back(std::move(out));
  }
  s->by_node.push_back(static_cast<std::uint32_t>(s->mentions.size()));
  raw = {};
  std::vector<std::map<std::string, std::string>> label_props(s->mentions.size());
  ARIADNE_TRY(db.for_each(
      "SELECT mention, prop, value FROM statements WHERE prop IN ('role', 'victim', 'date', 'country', 'nationality', "
      "'kind', 'from', 'to', 'mode', 'method', 'count', 'place_type', 'latitude', 'longitude', "
      "'victim_details.exploitation', 'names', 'number', 'iban', 'plate', 'name', 'type', 'schema') ORDER BY id",
      {}, [&](const store::Row& r) {
        const auto it = mention_at.find(r.integer(0));
        if (it == mention_at.end()) return true;
        auto& m = s->mentions[it->second];
        const auto kind = s->nodes[m.node].kind;
        const std::string prop = r.text(1);
        if (is_label_prop(prop)) label_props[it->second].emplace(prop, r.text(2));  // a list's first item
        // 1 + the value's index among the field's choices, 0 when it is none of them.
        const auto choice = [&](std::string_view field) {
          const auto choices = choices_of(kind, field);
          const auto at = std::find(choices.begin(), choices.end(), r.text(2));
          return static_cast<std::uint8_t>(at == choices.end() ? 0 : at - choices.begin() + 1);
        };
        if (prop == "kind") {
          m.event = choice(prop);
        } else if (prop == "mode") {
          m.mode = choice(prop);
        } else if (prop == "method") {
          m.method = choice(prop);
        } else if (prop == "place_type") {
          m.place_type = choice(prop);
        } else if (prop == "victim_details.exploitation") {
          if (const auto c = choice(prop); c > 0 && c <= 8) m.exploitation |= static_cast<std::uint8_t>(1u << (c - 1));
        } else if (prop == "from") {
          m.from = country_code(r.text(2));
        } else if (prop == "to") {
          m.to = country_code(r.text(2));
        } else if (prop == "count") {
          m.count = static_cast<std::int32_t>(std::min<std::int64_t>(std::atoll(r.text(2).c_str()), 1'000'000));
        } else if (prop == "latitude") {
          m.latitude = std::strtof(r.text(2).c_str(), nullptr);
        } else if (prop == "longitude") {
          m.longitude = std::strtof(r.text(2).c_str(), nullptr);
        } else if (prop == "role") {
          m.role = r.text(2);
        } else if (prop == "victim") {
          m.victim = r.text(2) == "true";
        } else if (prop == "date") {
          m.date = r.text(2);
        } else if (prop == "country") {
          m.country = country_code(r.text(2));
        } else if (prop == "nationality" && m.nationality == 0) {
          m.nationality = country_code(r.text(2));
        }
        return true;
      }));
  // Each mention's label, so that answers name entities without asking the store.
  for (std::size_t i = 0; i < s->mentions.size(); ++i) {
    s->mentions[i].label = label_from(s->nodes[s->mentions[i].node].kind, label_props[i]);
  }
  label_props = {};
  std::unordered_map<std::string, std::uint16_t> kind_at;
  std::vector<std::uint32_t> degree(s->nodes.size() + 1, 0);
  ARIADNE_TRY(db.for_each("SELECT contribution, source, target, kind FROM mention_links ORDER BY id", {},
                          [&](const store::Row& r) {
                            const auto c = contribution_at.find(r.integer(0));
                            const auto from = mention_at.find(r.integer(1));
                            const auto to = mention_at.find(r.integer(2));
                            // A link whose end has no entity yet (a person not resolved) waits for the next load.
                            if (c == contribution_at.end() || from == mention_at.end() || to == mention_at.end()) {
                              return true;
                            }
                            const std::string kind = r.text(3);
                            auto k = kind_at.find(kind);
                            if (k == kind_at.end()) {
                              k = kind_at.emplace(kind, static_cast<std::uint16_t>(s->kinds.size())).first;
                              s->kinds.push_back(kind);
                            }
                            s->links.push_back({c->second, from->second, to->second, k->second});
                            return true;
                          }));
  // Adjacency: each node's links (a self-loop once).
  for (const auto& l : s->links) {
    const auto a = s->mentions[l.from].node, b = s->mentions[l.to].node;
    ++degree[a];
    if (b != a) ++degree[b];
  }
  s->by_adjacency.assign(s->nodes.size() + 1, 0);
  for (std::size_t n = 0; n < s->nodes.size(); ++n) s->by_adjacency[n + 1] = s->by_adjacency[n] + degree[n];
  s->adjacency.resize(s->by_adjacency.back());
  std::vector<std::uint32_t> fill(s->by_adjacency.begin(), s->by_adjacency.end() - 1);
  for (std::uint32_t i = 0; i < s->links.size(); ++i) {
    const auto a = s->mentions[s->links[i].from].node, b = s->mentions[s->links[i].to].node;
    s->adjacency[fill[a]++] = i;
    if (b != a) s->adjacency[fill[b]++] = i;
  }
  return s;
}

}  // namespace

namespace graph_detail {

GraphStatement statement_of(const View& v, std::uint32_t l) {
  const auto& s = v.snapshot();
  const auto& link = s.links[l];
  const auto& c = s.contributions[link.contribution];
  const auto& from = s.mentions[link.from];
  const auto& to = s.mentions[link.to];
  v.rests_on(link.contribution);
  return {
      c.id,          c.case_ref, c.meta.owner, s.kinds[link.kind], s.nodes[from.node].entity, s.nodes[to.node].entity,
      from.local_id, to.local_id};
}

// The edges of the links `ls` (visible ones, between distinct nodes), one per pair of entities.
std::vector<GraphEdge> edges_of(const View& v, const std::vector<std::uint32_t>& ls) {
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<GraphStatement>> by_pair;
  for (const auto l : ls) {
    auto st = statement_of(v, l);
    if (st.from == st.to) continue;
    by_pair[std::minmax(st.from, st.to)].push_back(std::move(st));
  }
  std::vector<GraphEdge> out;
  out.reserve(by_pair.size());
  for (auto& [pair, statements] : by_pair) {
    std::sort(statements.begin(), statements.end(), [](const GraphStatement& a, const GraphStatement& b) {
      return std::tie(a.contribution, a.from_mention, a.to_mention, a.kind) <
             std::tie(b.contribution, b.from_mention, b.to_mention, b.kind);
    });
    out.push_back({pair.first, pair.second, std::move(statements)});
  }
  return out;
}

std::string label_from(MentionKind kind, const std::map<std::string, std::string>& props) {
  const auto get = [&](const char* p) {
    const auto it = props.find(p);
    return it == props.end() ? std::string() : it->second;
  };
  switch (kind) {
    case MentionKind::person:
    case MentionKind::organization:
    case MentionKind::other: {
      const auto name = parse_json_object(get("names"));
      if (name && name->contains("full") && (*name)["full"].is_string()) return (*name)["full"].get<std::string>();
      return get("schema");
    }
    case MentionKind::phone: return get("number");
    case MentionKind::account: return get("iban").empty() ? get("number") : get("iban");
    case MentionKind::vehicle: return get("plate");
    case MentionKind::document: return get("number");
    case MentionKind::boat: return get("name").empty() ? get("type") : get("name");
    case MentionKind::place: return get("name");
    case MentionKind::event: {
      const auto date = get("date");
      return get("kind") + (date.empty() ? "" : " " + date);
    }
  }
  return "";
}

// Nodes with their labels (from the first mention of each the caller sees) and visible mention counts.
Result<std::vector<GraphNode>> describe(const View& v, const std::vector<std::uint32_t>& nodes,
                                        const std::vector<int>* depths) {
  const auto& s = v.snapshot();
  std::vector<GraphNode> out(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto n = nodes[i];
    out[i].id = s.nodes[n].entity;
    out[i].kind = std::string(to_string(s.nodes[n].kind));
    out[i].depth = depths ? (*depths)[i] : 0;
    v.each_mention(n, [&](const Snapshot::Mention& m) {
      if (out[i].mentions++ > 0) return;
      out[i].label = m.label;
      v.rests_on(m.contribution);  // its label is what that contribution says
    });
  }
  return out;
}

Status audit(store::Database& db, const policy::Caller& caller, const View& v, std::string_view action) {
  return policy::audit_restricted_reads(db, caller, action, "contributions", v.restricted());
}

// A person a visible mention says is a victim or a migrant.
bool exploited(const View& v, std::uint32_t n) {
  if (v.snapshot().nodes[n].kind != MentionKind::person) return false;
  bool yes = false;
  v.each_mention(
      n, [&](const Snapshot::Mention& m) { yes = yes || m.victim || m.role == "victim" || m.role == "migrant"; });
  return yes;
}

bool victim(const View& v, std::uint32_t n) {
  if (v.snapshot().nodes[n].kind != MentionKind::person) return false;
  bool yes = false;
  v.each_mention(n, [&](const Snapshot::Mention& m) { yes = yes || m.victim || m.role == "victim"; });
  return yes;
}

std::vector<Withheld> withheld_for_victims(const View& v, const std::vector<std::uint32_t>& nodes) {
  const auto& s = v.snapshot();
  std::unordered_map<std::uint32_t, std::size_t> at;
  for (std::size_t i = 0; i < nodes.size(); ++i) at[nodes[i]] = i;
  std::vector<Withheld> out(nodes.size(), Withheld::no);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (victim(v, nodes[i])) out[i] = Withheld::victim;
  }
  // Each node's visible links to others of `nodes`.
  const auto each_link = [&](std::size_t i, auto&& f) {
    for (const auto l : v.links_of(nodes[i])) {
      if (!v.link(l)) continue;
      const auto o = at.find(v.other(l, nodes[i]));
      if (o != at.end() && o->second != i) f(o->second, s.kinds[s.links[l].kind]);
    }
  };
  // Relatives: people whose every link is `family` with a victim.
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (out[i] != Withheld::no || s.nodes[nodes[i]].kind != MentionKind::person) continue;
    bool any = false, only_family = true;
    each_link(i, [&](std::size_t o, const std::string& kind) {
      any = true;
      only_family = only_family && kind == "family" && out[o] == Withheld::victim;
    });
    if (any && only_family) out[i] = Withheld::theirs;
  }
  // Groups of the rest (places aside) with no person or organization that touch what is withheld.
  std::vector<char> seen(nodes.size(), 0);
  for (std::size_t start = 0; start < nodes.size(); ++start) {
    if (out[start] != Withheld::no || seen[start] || s.place(nodes[start])) continue;
    std::vector<std::size_t> group{start};
    seen[start] = 1;
    bool holder = false, touches = false;
    for (std::size_t k = 0; k < group.size(); ++k) {
      const auto kind = s.nodes[nodes[group[k]]].kind;
      holder = holder || kind == MentionKind::person || kind == MentionKind::organization;
      each_link(group[k], [&](std::size_t o, const std::string&) {
        if (out[o] != Withheld::no) {
          touches = true;
        } else if (!seen[o] && !s.place(nodes[o])) {
          seen[o] = 1;
          group.push_back(o);
        }
      });
    }
    if (!holder && touches) {
      for (const auto k : group) out[k] = Withheld::theirs;
    }
  }
  return out;
}

// The nodes of the caller's network of `n`, or every node the caller sees (n = kNone); places aside.
std::vector<std::uint32_t> network_nodes(const View& v, std::uint32_t n, bool offenders_only) {
  const auto& s = v.snapshot();
  std::vector<std::uint32_t> out;
  if (n == kNone) {
    for (std::uint32_t i = 0; i < s.nodes.size(); ++i) {
      if (!s.place(i) && v.node(i)) out.push_back(i);
    }
    return out;
  }
  std::unordered_set<std::uint32_t> seen{n};
  out.push_back(n);
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const auto l : v.links_of(out[i])) {
      if (!v.link(l)) continue;
      const auto o = v.other(l, out[i]);
      if (s.place(o) || (offenders_only && exploited(v, o)) || !seen.insert(o).second) continue;
      out.push_back(o);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The graph of `nodes` (sorted) and the visible links among them.
Result<graph::Graph> graph_of(const View& v, const std::vector<std::uint32_t>& nodes) {
  std::unordered_map<std::uint32_t, graph::Node> local;
  local.reserve(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) local[nodes[i]] = static_cast<graph::Node>(i);
  std::vector<graph::Edge> edges;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (const auto l : v.links_of(nodes[i])) {
      if (!v.link(l)) continue;
      const auto o = v.other(l, nodes[i]);
      const auto it = local.find(o);
      // Each link once: from its lower end. A measure rests on every link it counts.
      if (it == local.end() || it->second <= i) continue;
      edges.push_back({static_cast<graph::Node>(i), it->second, 1});
      v.rests_on(v.snapshot().links[l].contribution);
    }
  }
  return graph::Graph::build(nodes.size(), edges);
}

// Measures that walk from every node cost entities × links: refused beyond `limit`.
Status path_measure_fits(const graph::Graph& g, std::int64_t network, std::string_view measure, double limit) {
  if (static_cast<double>(g.nodes()) * static_cast<double>(g.edges()) <= limit) return {};
  const std::string size = std::to_string(g.nodes()) + " entities and " + std::to_string(g.edges()) + " links";
  return Error::invalid("network", network == 0
                                       ? "the file holds " + size + ": ask " + std::string(measure) + " of one network"
                                       : "this network holds " + size + ", too many for " + std::string(measure) +
                                             ": ask degree, PageRank, eigenvector or coreness");
}

// The node set a measure is asked of: a network, or the whole file. With
// `offenders_only`, a network is what is reached from its entity without
// going through the people it moves or exploits (its crew's own ties), and
// every such person is left out.
Result<std::vector<std::uint32_t>> measured_nodes(const View& v, std::int64_t network, bool offenders_only) {
  if (network == 0) {
    auto nodes = network_nodes(v, kNone);
    if (offenders_only) std::erase_if(nodes, [&](std::uint32_t i) { return exploited(v, i); });
    return nodes;
  }
  ARIADNE_ASSIGN(const auto n, v.find(network));
  if (v.snapshot().place(n)) return Error::invalid("network", "is a place, which belongs to no network");
  for (auto m = v.snapshot().by_node[n]; m < v.snapshot().by_node[n + 1]; ++m) {
    if (v.mention(m)) v.rests_on(v.snapshot().mentions[m].contribution);
  }
  auto nodes = network_nodes(v, n, offenders_only && !exploited(v, n));
  if (offenders_only) std::erase_if(nodes, [&](std::uint32_t i) { return exploited(v, i); });
  return nodes;
}

}  // namespace graph_detail

std::optional<Measure> parse_measure(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, Measure>, 6> kNames{{{"degree", Measure::degree},
                                                                               {"betweenness", Measure::betweenness},
                                                                               {"closeness", Measure::closeness},
                                                                               {"eigenvector", Measure::eigenvector},
                                                                               {"pagerank", Measure::pagerank},
                                                                               {"coreness", Measure::coreness}}};
  for (const auto& [name, m] : kNames) {
    if (name == s) return m;
  }
  return std::nullopt;
}

std::string_view to_string(Measure m) {
  switch (m) {
    case Measure::degree: return "degree";
    case Measure::betweenness: return "betweenness";
    case Measure::closeness: return "closeness";
    case Measure::eigenvector: return "eigenvector";
    case Measure::pagerank: return "pagerank";
    case Measure::coreness: return "coreness";
  }
  return "degree";
}

nlohmann::json to_json(const BrokerAnswer& a, std::int64_t network) {
  auto items = nlohmann::json::array();
  for (const auto& b : a.brokers) {
    auto item = to_json(b.node, false);
    item["bridging"] = b.bridging;
    item["constraint"] = b.constraint ? nlohmann::json(*b.constraint) : nlohmann::json();
    item["communities"] = b.communities;
    items.push_back(std::move(item));
  }
  return {{"network", network == 0 ? nlohmann::json() : nlohmann::json(network)},
          {"communities", a.communities},
          {"modularity", a.modularity},
          {"entities", items}};
}

nlohmann::json to_json(const GraphNode& n, bool with_depth) {
  nlohmann::json out{{"id", n.id}, {"kind", n.kind}, {"label", n.label}, {"mentions", n.mentions}};
  if (with_depth) out["depth"] = n.depth;
  return out;
}

nlohmann::json to_json(const Subgraph& g, bool with_depth) {
  auto nodes = nlohmann::json::array();
  for (const auto& n : g.nodes) nodes.push_back(to_json(n, with_depth));
  auto edges = nlohmann::json::array();
  for (const auto& e : g.edges) {
    auto statements = nlohmann::json::array();
    for (const auto& s : e.statements) {
      statements.push_back({{"contribution", s.contribution},
                            {"case", s.case_ref},
                            {"member", s.member},
                            {"kind", s.kind},
                            {"from", s.from},
                            {"to", s.to},
                            {"from_mention", s.from_mention},
                            {"to_mention", s.to_mention}});
    }
    edges.push_back({{"a", e.a}, {"b", e.b}, {"statements", std::move(statements)}});
  }
  return {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
}

nlohmann::json to_json(const NetworkSummary& n, bool with_entities) {
  nlohmann::json out{{"id", n.id},
                     {"entities", n.entities},
                     {"kinds", n.kinds},
                     {"people", n.people},
                     {"victims", n.victims},
                     {"roles", n.roles},
                     {"countries", n.countries},
                     {"members", n.members},
                     {"cases", n.cases},
                     {"first", n.first.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.first)},
                     {"last", n.last.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.last)}};
  if (with_entities) out["entity_ids"] = n.entity_ids;
  return out;
}

LinkGraph::LinkGraph(People& people, double max_path_work) : people_(people), max_path_work_(max_path_work) {}
LinkGraph::~LinkGraph() = default;

Result<std::shared_ptr<const LinkGraph::Snapshot>> LinkGraph::current(store::Database& db) {
  // The people first: the graph is built on their stored assignment.
  ARIADNE_TRY(people_.sync(db));
  const auto generation = people_.generation();
  std::lock_guard lock(mu_);
  if (snapshot_ && snapshot_->generation == generation) return snapshot_;
  // The load reads the store in several queries: a contribution replaced,
  // withdrawn or narrowed meanwhile (or an entity merged) could pair its new
  // contents with its old restriction. What changed during a load makes it
  // load again.
  const auto stamp = [&]() -> Result<std::string> {
    ARIADNE_ASSIGN(auto rows, db.query("SELECT (SELECT COUNT(*) FROM contributions), (SELECT COALESCE(MAX(id), 0) "
                                       "FROM contributions), (SELECT COALESCE(MAX(updated_at), '') FROM "
                                       "contributions), (SELECT COALESCE(SUM(version), 0) FROM contributions), "
                                       "(SELECT COALESCE(MAX(id), 0) FROM entity_decisions), (SELECT COUNT(*) FROM "
                                       "entities WHERE merged_into IS NOT NULL)"));
    std::string out;
    for (std::size_t i = 0; i < rows.front().size(); ++i) out += rows.front().text(i) + "|";
    return out;
  };
  for (int attempt = 0;; ++attempt) {
    ARIADNE_ASSIGN(const auto before, stamp());
    ARIADNE_ASSIGN(auto loaded, load(db, generation));
    ARIADNE_ASSIGN(const auto after, stamp());
    if (before == after || attempt == 4) {
      if (before != after) return Error{ErrorCode::unavailable, "the analysis file changes too fast to load", {}};
      snapshot_ = std::move(loaded);
      return snapshot_;
    }
  }
}

Result<std::int64_t> LinkGraph::survivor(store::Database& db, std::int64_t entity) {
  ARIADNE_ASSIGN(const auto s, current(db));
  for (int hops = 0; hops < 64; ++hops) {  // as View::find follows them
    const auto it = s->merged_into.find(entity);
    if (it == s->merged_into.end()) break;
    entity = it->second;
  }
  return entity;
}

Result<Subgraph> LinkGraph::neighbourhood(store::Database& db, const policy::Caller& caller, std::int64_t entity,
                                          int depth, const GraphFilter& filter) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  if (depth < 1 || depth > kMaxDepth) {
    return Error::invalid("depth", "must be 1 to " + std::to_string(kMaxDepth));
  }
  ARIADNE_ASSIGN(const auto s, current(db));
  View v(*s, caller, &filter);
  ARIADNE_ASSIGN(const auto start, v.find(entity));
  std::unordered_map<std::uint32_t, int> at{{start, 0}};
  std::vector<std::uint32_t> order{start};
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto u = order[i];
    const int d = at[u];
    // A place is not gone through (unless asked about).
    if (d == depth || (s->place(u) && u != start)) continue;
    for (const auto l : v.links_of(u)) {
      if (!v.link(l)) continue;
      const auto o = v.other(l, u);
      if (at.contains(o) || !v.kept(o)) continue;
      at[o] = d + 1;
      order.push_back(o);
      if (order.size() > kMaxNeighbourhood) {
        return Error::invalid("depth", "the neighbourhood holds more than " + std::to_string(kMaxNeighbourhood) +
                                           " entities at this depth: ask a smaller depth or filter it");
      }
    }
  }
  // Every link among them: from the end that is not a place (a city's links are many).
  std::vector<std::uint32_t> links;
  for (const auto u : order) {
    if (s->place(u)) continue;
    for (const auto l : v.links_of(u)) {
      if (!v.link(l)) continue;
      const auto o = v.other(l, u);
      if (o == u || !at.contains(o)) continue;
      if (s->place(o) || s->mentions[s->links[l].from].node == u) links.push_back(l);
    }
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::pair(at[a], s->nodes[a].entity) < std::pair(at[b], s->nodes[b].entity);
  });
  std::vector<int> depths;
  for (const auto n : order) depths.push_back(at[n]);
  Subgraph out;
  ARIADNE_ASSIGN(out.nodes, describe(v, order, &depths));
  out.edges = edges_of(v, links);
  ARIADNE_TRY(audit(db, caller, v, "graph.neighbourhood"));
  return out;
}

Result<Paths> LinkGraph::paths(store::Database& db, const policy::Caller& caller, std::int64_t from, std::int64_t to,
                               std::size_t max_hops, std::size_t limit, bool all, const GraphFilter& filter) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  if (max_hops < 1 || max_hops > kMaxHops)
    return Error::invalid("max_hops", "must be 1 to " + std::to_string(kMaxHops));
  if (limit < 1 || limit > kMaxPaths) return Error::invalid("limit", "must be 1 to " + std::to_string(kMaxPaths));
  ARIADNE_ASSIGN(const auto s, current(db));
  View v(*s, caller, &filter);
  ARIADNE_ASSIGN(const auto source, v.find(from));
  ARIADNE_ASSIGN(const auto target, v.find(to));
  Paths out;
  if (source == target) return Error::invalid("to", "is the entity the path starts from");
  // Distances from the target (its side of a meeting in the middle is what
  // prunes the walk below), through no place but the ends.
  const auto passable = [&](std::uint32_t n) { return n == source || n == target || !s->place(n); };
  std::unordered_map<std::uint32_t, std::size_t> to_target{{target, 0}};
  std::vector<std::uint32_t> queue{target};
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const auto u = queue[i];
    const auto d = to_target[u];
    if (d == max_hops || (u != target && !passable(u)) || u == source) continue;
    for (const auto l : v.links_of(u)) {
      if (!v.link(l)) continue;
      const auto o = v.other(l, u);
      // The ends are asked about: the filter keeps or leaves out what lies between.
      if (to_target.contains(o) || (o != source && !v.kept(o)) || !passable(o)) continue;
      to_target[o] = d + 1;
      queue.push_back(o);
    }
  }
  const auto reach = to_target.find(source);
  if (reach == to_target.end()) return out;
  out.hops = reach->second;
  // Walk from the source only to nodes from which the target stays within
  // the bound, so that (repeats aside) every branch taken ends at the
  // target; paths of each length in turn, shortest first.
  std::size_t bound = out.hops;
  std::vector<std::vector<std::uint32_t>> found;
  std::vector<std::uint32_t> path{source};
  std::unordered_set<std::uint32_t> on_path{source};
  std::size_t steps = 0;
  constexpr std::size_t kMaxSteps = 10'000'000;  // links looked at: a bound on the work of one request
  const auto walk = [&](auto&& self, std::uint32_t u) -> void {
    if (found.size() >= limit || steps > kMaxSteps) return;
    if (u == target) {
      if (path.size() == bound + 1) found.push_back(path);
      return;
    }
    std::vector<std::uint32_t> next;
    steps += 1 + v.links_of(u).size();  // the work is the links looked at
    for (const auto l : v.links_of(u)) {
      if (!v.link(l)) continue;
      const auto o = v.other(l, u);
      const auto d = to_target.find(o);
      if (d == to_target.end() || on_path.contains(o) || path.size() + d->second > bound) continue;
      next.push_back(o);
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    for (const auto o : next) {
      path.push_back(o);
      on_path.insert(o);
      self(self, o);
      on_path.erase(o);
      path.pop_back();
    }
  };
  for (; bound <= (all ? max_hops : out.hops) && found.size() < limit && steps <= kMaxSteps; ++bound) {
    walk(walk, source);
  }
  out.truncated = steps > kMaxSteps;
  std::set<std::uint32_t> nodes;
  std::set<std::pair<std::uint32_t, std::uint32_t>> hops;
  for (const auto& p : found) {
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < p.size(); ++i) {
      ids.push_back(s->nodes[p[i]].entity);
      nodes.insert(p[i]);
      if (i > 0) hops.insert(std::minmax(p[i - 1], p[i]));
    }
    out.paths.push_back(std::move(ids));
  }
  std::vector<std::uint32_t> links;
  for (const auto& [a, b] : hops) {
    for (const auto l : v.links_of(a)) {
      if (v.link(l) && v.other(l, a) == b) links.push_back(l);
    }
  }
  ARIADNE_ASSIGN(out.graph.nodes, describe(v, {nodes.begin(), nodes.end()}));
  out.graph.edges = edges_of(v, links);
  ARIADNE_TRY(audit(db, caller, v, "graph.path"));
  return out;
}

Result<std::vector<NetworkSummary>> LinkGraph::networks(store::Database& db, const policy::Caller& caller,
                                                        std::size_t min_size, std::size_t limit, std::int64_t entity) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  ARIADNE_ASSIGN(const auto s, current(db));
  View v(*s, caller);
  // Components by union-find over the links the caller sees, places aside.
  std::vector<std::uint32_t> parent(s->nodes.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto root = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::uint32_t> only;
  if (entity != 0) {
    ARIADNE_ASSIGN(const auto n, v.find(entity));
    if (s->place(n)) return Error::invalid("entity", "is a place, which belongs to no network");
    only = network_nodes(v, n);
  } else {
    for (std::uint32_t l = 0; l < s->links.size(); ++l) {
      const auto a = s->mentions[s->links[l].from].node, b = s->mentions[s->links[l].to].node;
      if (s->place(a) || s->place(b) || !v.link(l)) continue;
      const auto ra = root(a), rb = root(b);
      if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
    }
  }
  std::map<std::uint32_t, std::vector<std::uint32_t>> groups;
  if (entity != 0) {
    groups[only.front()] = only;
  } else {
    for (std::uint32_t n = 0; n < s->nodes.size(); ++n) {
      if (!s->place(n) && v.node(n)) groups[root(n)].push_back(n);
    }
  }
  std::vector<NetworkSummary> out;
  for (const auto& [r, nodes] : groups) {
    if (nodes.size() < min_size && entity == 0) continue;
    NetworkSummary net;
    net.id = s->nodes[nodes.front()].entity;
    net.entities = nodes.size();
    std::set<std::string> countries, members;
    std::set<std::uint32_t> cases;
    for (const auto n : nodes) {
      const auto kind = s->nodes[n].kind;
      ++net.kinds[std::string(to_string(kind))];
      std::map<std::string, std::size_t> roles;
      bool victim = false;
      v.each_mention(n, [&](const Snapshot::Mention& m) {
        cases.insert(m.contribution);
        if (!m.role.empty()) ++roles[m.role];
        victim = victim || m.victim;
        if (m.country != 0) countries.insert(country_text(m.country));
        if (m.nationality != 0) countries.insert(country_text(m.nationality));
        if (kind == MentionKind::event && !m.date.empty()) {
          if (net.first.empty() || m.date < net.first) net.first = m.date;
          if (m.date > net.last) net.last = m.date;
        }
      });
      if (kind != MentionKind::person) continue;
      ++net.people;
      if (victim) ++net.victims;
      // The role most of its mentions give (the first by name on a tie).
      if (!roles.empty()) {
        ++net.roles[std::max_element(roles.begin(), roles.end(), [](const auto& a, const auto& b) {
                      return a.second < b.second;
                    })->first];
      }
    }
    if (net.people == 0 && entity == 0) continue;
    for (const auto c : cases) {
      members.insert(s->contributions[c].meta.owner);
      v.rests_on(c);
    }
    net.cases = cases.size();
    net.countries.assign(countries.begin(), countries.end());
    net.members.assign(members.begin(), members.end());
    for (const auto n : nodes) net.entity_ids.push_back(s->nodes[n].entity);
    out.push_back(std::move(net));
  }
  std::sort(out.begin(), out.end(), [](const NetworkSummary& a, const NetworkSummary& b) {
    return a.entities != b.entities ? a.entities > b.entities : a.id < b.id;
  });
  if (out.size() > limit) out.resize(limit);
  ARIADNE_TRY(audit(db, caller, v, "graph.networks"));
  return out;
}

Result<std::vector<Ranked>> LinkGraph::centrality(store::Database& db, const policy::Caller& caller, Measure measure,
                                                  std::int64_t network, std::size_t limit,
                                                  std::optional<MentionKind> kind, bool offenders_only) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  ARIADNE_ASSIGN(const auto s, current(db));
  View v(*s, caller);
  ARIADNE_ASSIGN(auto nodes, measured_nodes(v, network, offenders_only));
  std::vector<double> values;
  if (!nodes.empty()) {
    ARIADNE_ASSIGN(const auto g, graph_of(v, nodes));
    // Betweenness and closeness walk from every node: their cost is entities × links.
    if (measure == Measure::betweenness || measure == Measure::closeness) {
      ARIADNE_TRY(path_measure_fits(g, network, to_string(measure), max_path_work_));
    }
    switch (measure) {
      case Measure::degree: {
        ARIADNE_ASSIGN(values, graph::degree(g));
        break;
      }
      case Measure::betweenness: {
        ARIADNE_ASSIGN(values, graph::betweenness(g));
        break;
      }
      case Measure::closeness: {
        ARIADNE_ASSIGN(values, graph::closeness(g));
        break;
      }
      case Measure::eigenvector: {
        ARIADNE_ASSIGN(values, graph::eigenvector(g));
        break;
      }
      case Measure::pagerank: {
        ARIADNE_ASSIGN(values, graph::pagerank(g));
        break;
      }
      case Measure::coreness: {
        ARIADNE_ASSIGN(const auto cores, graph::coreness(g));
        values.assign(cores.begin(), cores.end());
        break;
      }
    }
  }
  // Over the whole file, people a mention says are victims or migrants are
  // measured but not listed: a ranking of the file is no way to find them.
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < nodes.size(); ++i) {
    if ((!kind || s->nodes[nodes[i]].kind == *kind) && (network != 0 || !exploited(v, nodes[i]))) order.push_back(i);
  }
  const auto shown = std::min(limit, order.size());
  std::partial_sort(
      order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
      [&](std::uint32_t a, std::uint32_t b) { return values[a] != values[b] ? values[a] > values[b] : a < b; });
  order.resize(shown);
  std::vector<std::uint32_t> top;
  for (const auto i : order) top.push_back(nodes[i]);
  ARIADNE_ASSIGN(auto described, describe(v, top));
  std::vector<Ranked> out;
  for (std::size_t i = 0; i < top.size(); ++i) {
    v.each_mention(top[i], [&](const Snapshot::Mention& m) { v.rests_on(m.contribution); });
    out.push_back({std::move(described[i]), values[order[i]]});
  }
  ARIADNE_TRY(audit(db, caller, v, "graph.centrality"));
  return out;
}

Result<BrokerAnswer> LinkGraph::brokers(store::Database& db, const policy::Caller& caller, std::int64_t network,
                                        std::size_t limit, std::optional<MentionKind> kind, bool offenders_only) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  ARIADNE_ASSIGN(const auto s, current(db));
  View v(*s, caller);
  ARIADNE_ASSIGN(auto nodes, measured_nodes(v, network, offenders_only));
  BrokerAnswer out;
  if (nodes.empty()) {
    ARIADNE_TRY(audit(db, caller, v, "graph.brokers"));
    return out;
  }
  ARIADNE_ASSIGN(const auto g, graph_of(v, nodes));
  ARIADNE_TRY(path_measure_fits(g, network, "brokers", max_path_work_));
  ARIADNE_ASSIGN(const auto parts, graph::communities(g, graph::CommunityMethod::leiden));
  ARIADNE_ASSIGN(const auto bridging, graph::bridging_betweenness(g, parts.of));
  ARIADNE_ASSIGN(const auto constraint, graph::constraint(g));
  out.communities = parts.count;
  out.modularity = parts.modularity;
  // The communities each entity's contacts are in, its own with them.
  std::vector<std::set<std::uint32_t>> touches(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) touches[i].insert(parts.of[i]);
  for (const auto& e : g.edge_list()) {
    touches[e.a].insert(parts.of[e.b]);
    touches[e.b].insert(parts.of[e.a]);
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < nodes.size(); ++i) {
    if ((!kind || s->nodes[nodes[i]].kind == *kind) && (network != 0 || !exploited(v, nodes[i]))) order.push_back(i);
  }
  const auto low = [&](std::uint32_t i) { return std::isnan(constraint[i]) ? 2.0 : constraint[i]; };
  const auto shown = std::min(limit, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                    [&](std::uint32_t a, std::uint32_t b) {
                      if (bridging[a] != bridging[b]) return bridging[a] > bridging[b];
                      if (low(a) != low(b)) return low(a) < low(b);
                      return a < b;
                    });
  order.resize(shown);
  std::vector<std::uint32_t> top;
  for (const auto i : order) top.push_back(nodes[i]);
  ARIADNE_ASSIGN(auto described, describe(v, top));
  for (std::size_t k = 0; k < top.size(); ++k) {
    const auto i = order[k];
    out.brokers.push_back({std::move(described[k]), bridging[i],
                           std::isnan(constraint[i]) ? std::nullopt : std::optional<double>(constraint[i]),
                           touches[i].size()});
  }
  ARIADNE_TRY(audit(db, caller, v, "graph.brokers"));
  return out;
}

Result<CommunityAnswer> LinkGraph::communities(store::Database& db, const policy::Caller& caller, std::int64_t network,
                                               bool louvain, double resolution) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  if (!(resolution > 0 && resolution <= 100)) return Error::invalid("resolution", "must be above 0 and at most 100");
  ARIADNE_ASSIGN(const auto s, current(db));
  View v(*s, caller);
  ARIADNE_ASSIGN(const auto nodes, measured_nodes(v, network, false));
  CommunityAnswer out;
  out.method = louvain ? "louvain" : "leiden";
  if (nodes.empty()) return out;
  ARIADNE_ASSIGN(const auto g, graph_of(v, nodes));
  if (g.edges() == 0) return Error::invalid("network", "has no link: it has no communities");
  ARIADNE_ASSIGN(const auto found,
                 graph::communities(g, louvain ? graph::CommunityMethod::louvain : graph::CommunityMethod::leiden,
                                    false, resolution));
  out.modularity = found.modularity;
  out.communities.resize(found.count);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto& c = out.communities[found.of[i]];
    ++c.size;
    c.entities.push_back(s->nodes[nodes[i]].entity);
    v.each_mention(nodes[i], [&](const Snapshot::Mention& m) { v.rests_on(m.contribution); });
  }
  for (auto& c : out.communities) std::sort(c.entities.begin(), c.entities.end());
  std::stable_sort(out.communities.begin(), out.communities.end(),
                   [](const Community& a, const Community& b) { return a.size > b.size; });
  ARIADNE_TRY(audit(db, caller, v, "graph.communities"));
  return out;
}

}  // namespace ariadne::analysis
