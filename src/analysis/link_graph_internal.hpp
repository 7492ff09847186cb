// The link graph's insides, shared by its questions (link_graph.cpp) and
// those of routes and trends (routes.cpp): the snapshot of the file and what
// one caller may see of it. Not for other modules.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/link_graph.hpp"
#include "analysis/package.hpp"
#include "policy/restriction.hpp"

namespace ariadne::analysis {

namespace graph_detail {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// "NER" as a number, 0 for none.
inline std::uint32_t country_code(std::string_view s) {
  if (s.size() != 3) return 0;
  return (std::uint32_t(std::uint8_t(s[0])) << 16) | (std::uint32_t(std::uint8_t(s[1])) << 8) | std::uint8_t(s[2]);
}
inline std::string country_text(std::uint32_t c) {
  if (c == 0) return "";
  return {char(c >> 16), char((c >> 8) & 0xff), char(c & 0xff)};
}

}  // namespace graph_detail

struct LinkGraph::Snapshot {
  std::uint64_t generation = 0;

  struct Contribution {
    std::int64_t id = 0;
    policy::RecordMeta meta;
    std::string case_ref;
    std::string crime_type;
    std::string reported_on;
  };
  std::vector<Contribution> contributions;

  struct Node {
    std::int64_t entity = 0;
    MentionKind kind = MentionKind::other;
  };
  std::vector<Node> nodes;  // by entity id
  std::unordered_map<std::int64_t, std::uint32_t> node_at;
  std::unordered_map<std::int64_t, std::int64_t> merged_into;

  // What a mention says that networks and filters read.
  struct Mention {
    std::int64_t row = 0;
    std::uint32_t contribution = 0;
    std::uint32_t node = 0;
    std::string local_id;
    std::string label;  // what it calls its entity: a name, a number, an event's kind and date
    std::string role;
    std::string date;               // an event's
    std::uint32_t country = 0;      // an event's or a place's
    std::uint32_t nationality = 0;  // a person's
    bool victim = false;
    // Choices as 1 + their index in choices_of (0: not said): an event's
    // kind and mode, a place's type; a victim's exploitation types as bits.
    std::uint8_t event = 0;
    std::uint8_t mode = 0;
    std::uint8_t method = 0;  // a payment's
    std::uint8_t place_type = 0;
    std::uint8_t exploitation = 0;
    std::uint32_t from = 0;  // a crossing's countries
    std::uint32_t to = 0;
    std::int32_t count = -1;  // people an event moved, rescued or saw die; -1: not said
    float latitude = std::numeric_limits<float>::quiet_NaN();  // a place's
    float longitude = std::numeric_limits<float>::quiet_NaN();
  };
  std::vector<Mention> mentions;       // by node
  std::vector<std::uint32_t> by_node;  // per node: its first mention; nodes + 1 entries

  struct Link {
    std::uint32_t contribution = 0;
    std::uint32_t from = 0;  // mentions
    std::uint32_t to = 0;
    std::uint16_t kind = 0;
  };
  std::vector<Link> links;
  std::vector<std::string> kinds;
  std::vector<std::uint32_t> adjacency;  // per node, its links
  std::vector<std::uint32_t> by_adjacency;

  std::uint32_t node_of_link_end(std::uint32_t mention) const { return mentions[mention].node; }
  bool place(std::uint32_t n) const { return nodes[n].kind == MentionKind::place; }
};

namespace graph_detail {

using Snapshot = LinkGraph::Snapshot;

// What one caller may see of a snapshot, worked out as it is asked.
class View {
 public:
  View(const Snapshot& s, const policy::Caller& caller, const GraphFilter* filter = nullptr)
      : s_(s), caller_(caller), filter_(filter), contribution_(s.contributions.size(), -1) {}

  const Snapshot& snapshot() const { return s_; }

  bool contribution(std::uint32_t c) const {
    auto& known = contribution_[c];
    if (known < 0) known = policy::can_read(caller_, s_.contributions[c].meta) ? 1 : 0;
    return known == 1;
  }
  bool mention(std::uint32_t m) const { return contribution(s_.mentions[m].contribution); }
  bool node(std::uint32_t n) const {
    for (auto m = s_.by_node[n]; m < s_.by_node[n + 1]; ++m) {
      if (mention(m)) return true;
    }
    return false;
  }
  // The mentions of node `n` the caller sees.
  template <class F>
  void each_mention(std::uint32_t n, F&& f) const {
    for (auto m = s_.by_node[n]; m < s_.by_node[n + 1]; ++m) {
      if (mention(m)) f(s_.mentions[m]);
    }
  }

  // A link the caller sees and the filter keeps.
  bool link(std::uint32_t l) const {
    const auto& link = s_.links[l];
    if (!contribution(link.contribution)) return false;
    if (filter_ == nullptr) return true;
    if (!filter_->link_kinds.empty() && std::find(filter_->link_kinds.begin(), filter_->link_kinds.end(),
                                                  s_.kinds[link.kind]) == filter_->link_kinds.end()) {
      return false;
    }
    if (!filter_->members.empty()) {
      const auto& owner = s_.contributions[link.contribution].meta.owner;
      if (std::find(filter_->members.begin(), filter_->members.end(), owner) == filter_->members.end()) return false;
    }
    return true;
  }
  // Whether the filter keeps node `n` (an event in its dates and country, a
  // place in its country); worked out once per node and request.
  bool kept(std::uint32_t n) const {
    if (filter_ == nullptr) return true;
    const auto kind = s_.nodes[n].kind;
    if (kind != MentionKind::event && kind != MentionKind::place) return true;
    if (const auto it = kept_.find(n); it != kept_.end()) return it->second;
    return kept_[n] = keeps(n, kind);
  }
  bool keeps(std::uint32_t n, MentionKind kind) const {
    const auto want = country_code(filter_->country);
    bool any = false;
    bool keep = false;
    each_mention(n, [&](const Snapshot::Mention& m) {
      any = true;
      bool ok = want == 0 || m.country == want;
      if (kind == MentionKind::event) {
        ok = ok && (filter_->from.empty() || m.date >= filter_->from) && (filter_->to.empty() || m.date <= filter_->to);
      }
      keep = keep || ok;
    });
    return any && keep;
  }
  std::uint32_t other(std::uint32_t l, std::uint32_t n) const {
    const auto& link = s_.links[l];
    const auto a = s_.mentions[link.from].node;
    return a == n ? s_.mentions[link.to].node : a;
  }
  // Node `n`'s links, as indexes into the snapshot's links.
  std::span<const std::uint32_t> links_of(std::uint32_t n) const {
    return {s_.adjacency.data() + s_.by_adjacency[n], s_.by_adjacency[n + 1] - s_.by_adjacency[n]};
  }

  // The node of an entity id the caller may see (a merged id answers as its survivor).
  Result<std::uint32_t> find(std::int64_t entity) const {
    const auto missing = Error::not_found("entity " + std::to_string(entity));
    for (int hops = 0; hops < 64; ++hops) {
      const auto it = s_.merged_into.find(entity);
      if (it == s_.merged_into.end()) break;
      entity = it->second;
    }
    const auto it = s_.node_at.find(entity);
    if (it == s_.node_at.end() || !node(it->second)) return missing;
    return it->second;
  }

  // The restricted contributions an answer rests on, for the audit.
  void rests_on(std::uint32_t c) const {
    if (s_.contributions[c].meta.restriction.scope != policy::Scope::all) restricted_.insert(s_.contributions[c].id);
  }
  std::vector<std::int64_t> restricted() const { return {restricted_.begin(), restricted_.end()}; }

 private:
  const Snapshot& s_;
  const policy::Caller& caller_;
  const GraphFilter* filter_;
  mutable std::vector<std::int8_t> contribution_;
  mutable std::unordered_map<std::uint32_t, bool> kept_;
  mutable std::set<std::int64_t> restricted_;
};

// Nodes with their labels (from the first mention of each the caller sees) and visible mention counts.
Result<std::vector<GraphNode>> describe(const View& v, const std::vector<std::uint32_t>& nodes,
                                        const std::vector<int>* depths = nullptr);
// Audits the restricted contributions the answer rested on.
Status audit(store::Database& db, const policy::Caller& caller, const View& v, std::string_view action);
// The nodes of the caller's network of `n`, or every node the caller sees (n = kNone); places aside.
// With `offenders_only`, not through the people a visible mention says are moved or exploited.
std::vector<std::uint32_t> network_nodes(const View& v, std::uint32_t n, bool offenders_only = false);
// A person a visible mention says is a victim or a migrant.
bool exploited(const View& v, std::uint32_t n);
// A person a visible mention says is a victim.
bool victim(const View& v, std::uint32_t n);

// What a file that leaves Ariadne (an export, a printed report) must not
// identify, per node of `nodes`: 1 for a victim (a visible mention says so),
// 2 for what leads only to victims, as an FtM export withholds it: a person
// whose every link is `family` with a victim, and a group of things and
// events (places aside) tied to no person or organization but to what is
// withheld (the phone a victim uses, her passport, her account); 0 for the rest.
enum class Withheld : std::uint8_t { no, victim, theirs };
std::vector<Withheld> withheld_for_victims(const View& v, const std::vector<std::uint32_t>& nodes);

}  // namespace graph_detail

}  // namespace ariadne::analysis
