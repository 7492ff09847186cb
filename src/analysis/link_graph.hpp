// The link graph of the analysis file: its entities (people as resolved,
// phones, accounts, documents, vehicles, organizations, places, events, …)
// joined by what members said links them: relationships, and each event to
// its participants and place. Every link is a statement of one contribution
// and is seen only by those who may read that contribution; an entity is
// seen when one of its mentions is. Each question below is answered over
// what the caller may see, and nothing else: a link hidden from the caller
// neither shows nor joins anything, so a path or a network through it does
// not exist for the caller.
//
// A place is where things happen, not a tie between the people there: it
// shows in a neighbourhood but is not gone through (a city would join every
// network that passed it), and networks, paths and measures leave places out.
//
// The graph of the whole file is held in memory and built again from the
// store when the file changed (People::generation); answers take the graph
// current when they start.
//
// Thread-safety: every member function may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/package.hpp"
#include "analysis/people.hpp"
#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

// What a neighbourhood or path request keeps.
struct GraphFilter {
  std::vector<std::string> link_kinds;  // links of these kinds only (uses, paid, participant, …); empty: all
  std::vector<std::string> members;     // links these members contributed only; empty: all
  std::string from;                     // events dated before (ISO date) are left out; empty: no bound
  std::string to;                       // events dated after are left out
  std::string country;                  // events and places in other countries are left out
};

struct GraphNode {
  std::int64_t id = 0;  // entity id
  std::string kind;
  std::string label;         // what the caller's visible mentions call it: a name, a number, an event's kind and date
  int depth = 0;             // a neighbourhood's: hops from the entity asked about
  std::size_t mentions = 0;  // those the caller may see
};

// One statement behind an edge: what one contribution said links two entities.
struct GraphStatement {
  std::int64_t contribution = 0;
  std::string case_ref;
  std::string member;
  std::string kind;       // the link's kind
  std::int64_t from = 0;  // the entities, in the statement's direction
  std::int64_t to = 0;
  std::string from_mention;  // the package's local ids
  std::string to_mention;
};

struct GraphEdge {
  std::int64_t a = 0;  // a < b
  std::int64_t b = 0;
  std::vector<GraphStatement> statements;
};

struct Subgraph {
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
};

struct Paths {
  std::size_t hops = 0;                          // of the shortest; 0 when none within the bound
  bool truncated = false;                        // the search stopped at its bound on work: there may be more
  std::vector<std::vector<std::int64_t>> paths;  // entity ids from `from` to `to`, shortest first
  Subgraph graph;                                // the nodes and edges the paths go through
};

// A network: a connected component of what the caller sees, places aside.
struct NetworkSummary {
  std::int64_t id = 0;  // its lowest entity id (ask for it by any of its entities)
  std::size_t entities = 0;
  std::map<std::string, std::size_t> kinds;  // entities by kind
  std::size_t people = 0;
  std::size_t victims = 0;                   // people a visible mention says are victims
  std::map<std::string, std::size_t> roles;  // people by the role their visible mentions give most
  std::vector<std::string> countries;        // of its events and its people's nationalities
  std::vector<std::string> members;          // that contributed to it
  std::size_t cases = 0;                     // contributions it rests on
  std::string first;                         // its first and last events' dates
  std::string last;
  std::vector<std::int64_t> entity_ids;  // its entities, in id order
};

enum class Measure { degree, betweenness, closeness, eigenvector, pagerank, coreness };
std::optional<Measure> parse_measure(std::string_view s);
std::string_view to_string(Measure m);

struct Ranked {
  GraphNode node;
  double value = 0;
};

// A broker: who the paths between communities go through.
struct Broker {
  GraphNode node;
  double bridging = 0;               // betweenness over pairs in different communities (scaled as betweenness)
  std::optional<double> constraint;  // Burt's: low when its contacts are tied only through it
  std::size_t communities = 0;       // the communities of its contacts and its own
};
struct BrokerAnswer {
  std::size_t communities = 0;  // Leiden's, of what was measured
  double modularity = 0;
  std::vector<Broker> brokers;  // highest bridging first (then lowest constraint)
};

struct Community {
  std::size_t size = 0;
  std::vector<std::int64_t> entities;  // in entity order
};
struct CommunityAnswer {
  std::string method;
  double modularity = 0;
  std::vector<Community> communities;  // largest first
};

// As the API and the CLI write them (docs/api.md, "The link graph").
nlohmann::json to_json(const GraphNode& n, bool with_depth);
nlohmann::json to_json(const Subgraph& g, bool with_depth);
// `with_entities`: with the ids of its entities.
nlohmann::json to_json(const NetworkSummary& n, bool with_entities);
// `network`: the entity the brokers were asked of, 0 for the whole file.
nlohmann::json to_json(const BrokerAnswer& a, std::int64_t network);

// Limits of one request.
inline constexpr int kMaxDepth = 4;
inline constexpr std::size_t kMaxNeighbourhood = 5000;
inline constexpr std::size_t kMaxHops = 8;
inline constexpr std::size_t kMaxPaths = 100;
// Betweenness and closeness cost entities × links: beyond this product they
// are refused (over the whole file: asked of one network).
inline constexpr double kMaxPathMeasureWork = 2e9;

class LinkGraph {
 public:
  // `max_path_work`: the entities × links beyond which betweenness,
  // closeness and brokers are refused.
  explicit LinkGraph(People& people, double max_path_work = kMaxPathMeasureWork);
  ~LinkGraph();
  LinkGraph(const LinkGraph&) = delete;
  LinkGraph& operator=(const LinkGraph&) = delete;

  // The entity `entity` is now: itself, or the entity it was merged into
  // (a chain of merges followed). Says nothing of who may see it: ask it of
  // an id an answer has already shown the caller.
  Result<std::int64_t> survivor(store::Database& db, std::int64_t entity);

  // The entities within `depth` (1 to kMaxDepth) links of `entity`, and every
  // link among them, as the filter keeps them; invalid_input when more than
  // kMaxNeighbourhood entities (a smaller depth or a filter answers).
  Result<Subgraph> neighbourhood(store::Database& db, const policy::Caller& caller, std::int64_t entity, int depth,
                                 const GraphFilter& filter);
  // The shortest paths from `from` to `to` of at most `max_hops` links (1 to
  // kMaxHops), at most `limit`; with `all`, every path without a repeated
  // entity of at most `max_hops` links, shortest first. None when they are
  // not connected that closely.
  Result<Paths> paths(store::Database& db, const policy::Caller& caller, std::int64_t from, std::int64_t to,
                      std::size_t max_hops, std::size_t limit, bool all, const GraphFilter& filter);
  // The networks the caller sees with at least `min_size` entities and one
  // person, largest first; `entity` (not 0): only its network.
  Result<std::vector<NetworkSummary>> networks(store::Database& db, const policy::Caller& caller, std::size_t min_size,
                                               std::size_t limit, std::int64_t entity = 0);
  // The entities ranked by `measure` (highest first, at most `limit`), within
  // the network of `network` (an entity of it) or over the whole file (0);
  // over the whole file, the people a mention says are victims or migrants
  // are not listed; with `kind`, only entities of that kind are ranked (the measure is of
  // the whole network all the same: the people among its key players); with
  // `offenders_only`, the measure is of the network without the people a
  // visible mention says are victims or migrants (those moved or exploited
  // by a network are many and hang off its crew, who would otherwise rank
  // by how many they moved rather than by how they hold the network
  // together; the network is then what `network` reaches without going
  // through them: two gangs that met the same migrant are not one).
  Result<std::vector<Ranked>> centrality(store::Database& db, const policy::Caller& caller, Measure measure,
                                         std::int64_t network, std::size_t limit,
                                         std::optional<MentionKind> kind = std::nullopt, bool offenders_only = false);
  // Brokers within a network or the whole file (measured and listed as
  // centrality's): the communities are Leiden's, each entity's bridging
  // betweenness and Burt's constraint graph/'s; refused as betweenness is
  // beyond kMaxPathMeasureWork.
  Result<BrokerAnswer> brokers(store::Database& db, const policy::Caller& caller, std::int64_t network,
                               std::size_t limit, std::optional<MentionKind> kind = std::nullopt,
                               bool offenders_only = false);
  // Communities (Leiden, or Louvain with `louvain`) within a network or the whole file.
  Result<CommunityAnswer> communities(store::Database& db, const policy::Caller& caller, std::int64_t network,
                                      bool louvain, double resolution);

  struct Snapshot;
  // The graph of the file as it is now (routes.cpp reads it; link_graph_internal.hpp describes it).
  Result<std::shared_ptr<const Snapshot>> snapshot(store::Database& db) { return current(db); }

 private:
  Result<std::shared_ptr<const Snapshot>> current(store::Database& db);

  People& people_;
  const double max_path_work_;
  std::mutex mu_;  // one load at a time
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace ariadne::analysis
