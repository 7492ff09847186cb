#include "er/cluster.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "text/phonetic.hpp"

namespace ariadne::er {

bool exclusive(std::string_view identifier, const std::vector<std::string>& kinds) {
  for (const auto& k : kinds) {
    if (identifier.size() > k.size() && identifier.starts_with(k) && identifier[k.size()] == ':') return true;
  }
  return false;
}

namespace {

bool disjoint(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) return false;
    a[i] < b[j] ? ++i : ++j;
  }
  return true;
}

template <class T>
void merge_into(std::vector<T>& into, const std::vector<T>& from) {
  std::vector<T> out;
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(out));
  into.swap(out);
}

// Two complete birth dates (packed year, month, day) that one person's
// records may carry: one digit apart, or the same day and month (or the two
// swapped) a year apart at most — the slips of typing and of recording.
bool near(std::uint32_t a, std::uint32_t b) {
  const int ya = static_cast<int>(a >> 16), yb = static_cast<int>(b >> 16);
  const auto ma = (a >> 8) & 0xff, mb = (b >> 8) & 0xff, da = a & 0xff, db = b & 0xff;
  if (std::abs(ya - yb) <= 1 && ((ma == mb && da == db) || (ma == db && da == mb))) return true;
  char x[16], y[16];
  std::snprintf(x, sizeof x, "%04d%02u%02u", ya, ma, da);
  std::snprintf(y, sizeof y, "%04d%02u%02u", yb, mb, db);
  return text::edit_distance_within(x, y, 1) <= 1;
}

}  // namespace

bool Clustering::contradicts(const Evidence& x, const Evidence& y) const {
  if (!disjoint(x.groups, y.groups)) return true;
  if (x.dates.empty() || y.dates.empty() || !disjoint(x.dates, y.dates)) return false;
  if (options_.far_birth_dates_contradict) {
    // Every birth date of one far from every birth date of the other: two people.
    bool close = false;
    for (const auto a : x.dates) {
      for (const auto b : y.dates) close = close || near(a, b);
    }
    if (!close) return true;
  }
  for (ValueId d : x.documents) {
    const auto kind = identifier_kind(table_.string(d));
    bool same_kind = false, shared = false;
    for (ValueId e : y.documents) {
      if (identifier_kind(table_.string(e)) != kind) continue;
      same_kind = true;
      // Does x hold a value of this kind that y shares?
      for (ValueId d2 : x.documents) shared = shared || d2 == e;
    }
    if (same_kind && !shared) return true;
  }
  return false;
}

Clustering::Clustering(const RecordTable& table, ClusterOptions options)
    : table_(table), options_(std::move(options)) {}

// Evidence only for records that carry some; most clusters need none.
Clustering::Evidence Clustering::evidence_of(std::uint32_t i) const {
  Evidence e;
  const auto& r = table_[i];
  if (r.birth.complete()) {
    e.dates.push_back((static_cast<std::uint32_t>(r.birth.year) << 16) | (r.birth.month << 8) | r.birth.day);
  }
  for (ValueId id : r.identifiers) {
    if (exclusive(table_.string(id), options_.exclusive_kinds)) e.documents.push_back(id);
  }
  if (r.group != kNone) e.groups.push_back(r.group);
  return e;
}

void Clustering::grow() {
  for (auto i = static_cast<std::uint32_t>(parent_.size()); i < table_.size(); ++i) {
    parent_.push_back(i);
    members_.push_back({i});
    evidence_.push_back(evidence_of(i));
  }
}

std::vector<std::uint32_t> Clustering::release(const std::vector<std::uint32_t>& roots) {
  std::vector<std::uint32_t> out;
  for (const auto root : roots) {
    if (root >= parent_.size() || parent_[root] != root) continue;
    // Clusters are disjoint: no record outside this one points into it.
    auto members = std::move(members_[root]);
    for (const auto m : members) {
      parent_[m] = m;
      members_[m] = {m};
      evidence_[m] = evidence_of(m);
    }
    out.insert(out.end(), members.begin(), members.end());
  }
  return out;
}

void Clustering::reset() {
  parent_.clear();
  evidence_.clear();
  members_.clear();
  links_ = refused_ = outvoted_ = 0;
}

std::uint32_t Clustering::cluster_of(std::uint32_t x) {
  while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
  return x;
}

void Clustering::merge(std::vector<ScoredPair>& pairs, const PairWeight& weight,
                       std::vector<std::pair<std::uint32_t, std::uint32_t>>* merged) {
  std::sort(pairs.begin(), pairs.end(), [](const ScoredPair& x, const ScoredPair& y) {
    return x.weight != y.weight ? x.weight > y.weight : (x.a != y.a ? x.a < y.a : x.b < y.b);
  });
  const double p_threshold = std::clamp(options_.threshold, 1e-9, 1 - 1e-9);
  const double threshold_weight = std::log2(p_threshold / (1 - p_threshold));
  auto probability = [](double w) { return 1.0 / (1.0 + std::exp2(-w)); };
  const double merge_threshold = options_.merge_threshold < 0 ? p_threshold : options_.merge_threshold;
  for (const auto& p : pairs) {
    if (p.weight < threshold_weight) break;
    std::uint32_t x = cluster_of(p.a), y = cluster_of(p.b);
    if (x == y) continue;
    if (contradicts(evidence_[x], evidence_[y])) {
      ++refused_;
      continue;
    }
    if (members_[x].size() > 1 || members_[y].size() > 1) {
      double sum = 0;
      for (auto a : members_[x]) {
        for (auto b : members_[y]) sum += probability(weight(std::min(a, b), std::max(a, b)));
      }
      if (sum / static_cast<double>(members_[x].size() * members_[y].size()) < merge_threshold) {
        ++outvoted_;
        continue;
      }
    }
    if (x > y) std::swap(x, y);  // the smaller index is the root
    parent_[y] = x;
    merge_into(evidence_[x].dates, evidence_[y].dates);
    merge_into(evidence_[x].documents, evidence_[y].documents);
    merge_into(evidence_[x].groups, evidence_[y].groups);
    evidence_[y] = {};
    members_[x].insert(members_[x].end(), members_[y].begin(), members_[y].end());
    members_[y] = {};
    if (merged) merged->emplace_back(y, x);
    ++links_;
  }
}

Clusters Clustering::result() {
  Clusters out;
  out.of.resize(parent_.size());
  for (std::uint32_t i = 0; i < parent_.size(); ++i) out.of[i] = cluster_of(i);
  out.links = links_;
  out.refused = refused_;
  out.outvoted = outvoted_;
  return out;
}

Clusters cluster(const RecordTable& table, std::vector<ScoredPair>& pairs, const ClusterOptions& options,
                 const PairWeight& weight) {
  Clustering c(table, options);
  c.grow();
  c.merge(pairs, weight);
  return c.result();
}

}  // namespace ariadne::er
