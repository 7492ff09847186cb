#include "er/cluster.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ariadne::er {

bool exclusive(std::string_view identifier, const std::vector<std::string>& kinds) {
  for (const auto& k : kinds) {
    if (identifier.size() > k.size() && identifier.starts_with(k) && identifier[k.size()] == ':') return true;
  }
  return false;
}

namespace {

std::string_view kind_of(std::string_view v) {
  const auto colon = v.rfind(':');
  return colon == std::string_view::npos ? std::string_view{} : v.substr(0, colon);
}

// What a cluster knows that can contradict another: its complete birth
// dates and its exclusive identifiers (both sorted).
struct Evidence {
  std::vector<std::uint32_t> dates;
  std::vector<ValueId> documents;
};

bool disjoint(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) return false;
    a[i] < b[j] ? ++i : ++j;
  }
  return true;
}

bool contradicts(const RecordTable& table, const Evidence& x, const Evidence& y) {
  if (x.dates.empty() || y.dates.empty() || !disjoint(x.dates, y.dates)) return false;
  for (ValueId d : x.documents) {
    const auto kind = kind_of(table.string(d));
    bool same_kind = false, same_value = false;
    for (ValueId e : y.documents) {
      if (kind_of(table.string(e)) != kind) continue;
      same_kind = true;
      if (e == d) same_value = true;
    }
    if (same_kind && !same_value) {
      // Does x hold another value of this kind that y shares?
      bool shared = false;
      for (ValueId d2 : x.documents) {
        if (kind_of(table.string(d2)) == kind && std::binary_search(y.documents.begin(), y.documents.end(), d2)) {
          shared = true;
        }
      }
      if (!shared) return true;
    }
  }
  return false;
}

template <class T>
void merge_into(std::vector<T>& into, const std::vector<T>& from) {
  std::vector<T> out;
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(out));
  into.swap(out);
}

}  // namespace

Clusters cluster(const RecordTable& table, std::vector<ScoredPair>& pairs, const ClusterOptions& options,
                 const PairWeight& weight) {
  const std::size_t n = table.size();
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  // Evidence only for records that carry some; most clusters need none.
  std::vector<Evidence> evidence(n);
  // Each cluster's members, listed at its root.
  std::vector<std::vector<std::uint32_t>> members(n);
  for (std::uint32_t i = 0; i < n; ++i) members[i] = {i};
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto& r = table[i];
    if (r.birth.complete()) {
      evidence[i].dates.push_back((static_cast<std::uint32_t>(r.birth.year) << 16) | (r.birth.month << 8) |
                                  r.birth.day);
    }
    for (ValueId id : r.identifiers) {
      if (exclusive(table.string(id), options.exclusive_kinds)) evidence[i].documents.push_back(id);
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const ScoredPair& x, const ScoredPair& y) {
    return x.weight != y.weight ? x.weight > y.weight : (x.a != y.a ? x.a < y.a : x.b < y.b);
  });
  const double p_threshold = std::clamp(options.threshold, 1e-9, 1 - 1e-9);
  const double threshold_weight = std::log2(p_threshold / (1 - p_threshold));
  auto probability = [](double w) { return 1.0 / (1.0 + std::exp2(-w)); };
  Clusters out;
  for (const auto& p : pairs) {
    if (p.weight < threshold_weight) break;
    std::uint32_t x = find(p.a), y = find(p.b);
    if (x == y) continue;
    if (contradicts(table, evidence[x], evidence[y])) {
      ++out.refused;
      continue;
    }
    if (members[x].size() > 1 || members[y].size() > 1) {
      double sum = 0;
      for (auto a : members[x]) {
        for (auto b : members[y]) sum += probability(weight(std::min(a, b), std::max(a, b)));
      }
      if (sum / static_cast<double>(members[x].size() * members[y].size()) < p_threshold) {
        ++out.refused;
        continue;
      }
    }
    if (x > y) std::swap(x, y);  // the smaller index is the root
    parent[y] = x;
    merge_into(evidence[x].dates, evidence[y].dates);
    merge_into(evidence[x].documents, evidence[y].documents);
    evidence[y] = {};
    members[x].insert(members[x].end(), members[y].begin(), members[y].end());
    members[y] = {};
    ++out.links;
  }
  out.of.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) out.of[i] = find(i);
  return out;
}

}  // namespace ariadne::er
