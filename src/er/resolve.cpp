#include "er/resolve.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/mix.hpp"

namespace ariadne::er {

namespace {

// Pairs (candidate or scored) in (a, b) order.
constexpr auto by_pair = [](const auto& x, const auto& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; };

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

unsigned thread_count(unsigned wanted) {
  if (wanted != 0) return wanted;
  return std::max(1U, std::thread::hardware_concurrency());
}

// Runs body(begin, end, worker) over [0, n) split into one range per thread.
template <class F>
void parallel_ranges(std::size_t n, unsigned threads, F body) {
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n / 1024)));
  if (threads <= 1) {
    body(std::size_t{0}, n, 0U);
    return;
  }
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] { body(n * t / threads, n * (t + 1) / threads, t); });
  }
  for (auto& w : workers) w.join();
}

std::vector<PatternCount> count_patterns(const std::vector<Pattern>& patterns) {
  std::unordered_map<Pattern, std::uint64_t> counts;
  for (auto p : patterns) ++counts[p];
  std::vector<PatternCount> out;
  out.reserve(counts.size());
  for (auto [p, n] : counts) out.push_back({p, n});
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.pattern < y.pattern; });
  return out;
}

// Random pairs (of different sources when linking), deterministic.
std::vector<CandidatePair> random_pairs(const RecordTable& table, std::size_t wanted, bool link_only) {
  std::vector<CandidatePair> out;
  const std::size_t n = table.size();
  if (n < 2) return out;
  std::mt19937_64 rng(0x5eed);
  std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(n - 1));
  const std::size_t all = n * (n - 1) / 2;
  // A small file needs fewer: u is the share of each level among pairs of
  // different people, which twenty pairs a record measure as well as more
  // (a file of a thousand people resolved again at each import stays quick).
  wanted = std::min({wanted, all, std::max<std::size_t>(20'000, 20 * n)});
  out.reserve(wanted);
  // Bounded attempts: when linking, most random pairs may share a source.
  for (std::size_t tries = 0; out.size() < wanted && tries < wanted * 20; ++tries) {
    std::uint32_t a = pick(rng), b = pick(rng);
    if (a == b || (link_only && table[a].source == table[b].source)) continue;
    out.push_back({std::min(a, b), std::max(a, b)});
  }
  return out;
}

// Random pairs of records of one nationality, each such pair as likely as
// any other (a nationality drawn by its number of pairs), deterministic.
std::vector<CandidatePair> same_nationality_pairs(const RecordTable& table, std::size_t wanted, bool link_only) {
  std::vector<CandidatePair> out;
  std::unordered_map<ValueId, std::vector<std::uint32_t>> by_nationality;
  for (std::uint32_t i = 0; i < table.size(); ++i) {
    if (table[i].nationality != kNone) by_nationality[table[i].nationality].push_back(i);
  }
  std::vector<std::pair<ValueId, const std::vector<std::uint32_t>*>> groups;
  for (const auto& [v, records] : by_nationality) {
    if (records.size() >= 2) groups.emplace_back(v, &records);
  }
  if (groups.empty()) return out;
  std::sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<double> pairs;
  double all = 0;
  for (const auto& [v, records] : groups) {
    pairs.push_back(static_cast<double>(records->size()) * static_cast<double>(records->size() - 1) / 2);
    all += pairs.back();
  }
  wanted = std::min({wanted, static_cast<std::size_t>(all), std::max<std::size_t>(20'000, 20 * table.size())});
  std::mt19937_64 rng(0x5eed);
  std::discrete_distribution<std::size_t> pick_group(pairs.begin(), pairs.end());
  out.reserve(wanted);
  for (std::size_t tries = 0; out.size() < wanted && tries < wanted * 20; ++tries) {
    const auto& records = *groups[pick_group(rng)].second;
    std::uniform_int_distribution<std::size_t> pick(0, records.size() - 1);
    const std::uint32_t a = records[pick(rng)], b = records[pick(rng)];
    if (a == b || (link_only && table[a].source == table[b].source)) continue;
    out.push_back({std::min(a, b), std::max(a, b)});
  }
  return out;
}

// How many pairs a resolution could compare: every pair, or when linking
// every pair of records of different sources.
double total_pairs(const RecordTable& table, bool link_only) {
  const double n = static_cast<double>(table.size());
  if (!link_only) return n * (n - 1) / 2;
  std::unordered_map<std::uint32_t, double> per_source;
  for (std::uint32_t i = 0; i < table.size(); ++i) ++per_source[table[i].source];
  double same = 0;
  for (auto [s, k] : per_source) same += k * (k - 1) / 2;
  return n * (n - 1) / 2 - same;
}

bool stop_asked(const Settings& settings) {
  return settings.stop && settings.stop->load(std::memory_order_relaxed);
}

// The levels of each pair (and, with `tf`, its term-frequency adjustment) on
// every core; false when `stop` was asked meanwhile (the levels then unfinished).
bool compare_all(const RecordTable& table, const Model& model, unsigned threads,
                 const std::vector<CandidatePair>& pairs, std::vector<Pattern>& patterns, std::vector<float>* tf,
                 const Settings* stop = nullptr) {
  patterns.resize(pairs.size());
  if (tf) tf->resize(pairs.size());
  std::atomic<bool> stopped = false;
  parallel_ranges(pairs.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
    Comparer comparer(table, model.comparisons);
    for (std::size_t i = begin; i < end; ++i) {
      if ((i & 0xfff) == 0 && stop != nullptr && stop_asked(*stop)) {
        stopped = true;
        return;
      }
      const Compared c = comparer.compare(pairs[i].a, pairs[i].b);
      patterns[i] = c.pattern;
      if (tf) (*tf)[i] = static_cast<float>(tf_adjustments(model, table, c));
    }
  });
  return !stopped;
}

// A pair's weight as scored: the pattern's weight and the term-frequency
// adjustment, each as a float, so that a pair compared again weighs exactly
// what it weighed when first scored.
float scored_weight(const Model& model, const RecordTable& table, const Compared& c) {
  return static_cast<float>(model.pattern_weight(c.pattern)) + static_cast<float>(tf_adjustments(model, table, c));
}

// The weakest pair kept: below a probability of 0.01 a pair links nothing
// (unless the threshold is lower still) and `ariadne er --pairs` lists none.
float kept_floor(const Settings& settings) {
  const double p = std::clamp(std::min(0.01, settings.threshold), 1e-9, 1 - 1e-9);
  return static_cast<float>(std::log2(p / (1 - p))) - 1e-3F;  // below the threshold's weight, rounding aside
}

ClusterOptions cluster_options(const Settings& settings) {
  ClusterOptions options;
  options.threshold = settings.threshold;
  options.merge_threshold = settings.merge_threshold;
  options.exclusive_kinds = settings.exclusive_kinds;
  options.far_birth_dates_contradict = settings.far_birth_dates_contradict;
  return options;
}

// The weight of a pair for a merge: a kept pair's as scored (`known` is in
// (a, b) order), any other compared now.
double pair_weight(const RecordTable& table, const Model& model, const std::vector<ScoredPair>& known,
                   Comparer& comparer, std::uint32_t a, std::uint32_t b) {
  const auto it = std::lower_bound(known.begin(), known.end(), std::make_pair(a, b),
                                   [](const ScoredPair& p, const std::pair<std::uint32_t, std::uint32_t>& k) {
                                     return p.a != k.first ? p.a < k.first : p.b < k.second;
                                   });
  if (it != known.end() && it->a == a && it->b == b) return it->weight;
  return scored_weight(model, table, comparer.compare(a, b));
}

// A resolution from scratch into `clustering` (grown to the whole table);
// `known` gets the candidate pairs in (a, b) order.
Resolution resolve_into(const RecordTable& table, const Settings& settings, Clustering& clustering,
                        std::vector<ScoredPair>& known, BlockIndex* index) {
  Resolution res;
  const unsigned threads = thread_count(settings.threads);
  res.prior = settings.prior != nullptr && table.size() < settings.estimate_from;
  if (res.prior) {
    res.model = *settings.prior;
    const double others = std::max(1.0, static_cast<double>(table.size()) - 1);
    res.model.lambda = std::clamp(settings.prior_matches / others, 1e-9, 0.5);
  } else {
    res.model = initial_model(comparisons_for(table.schema()));
  }
  const auto& rules = settings.rules.empty() ? default_rules(table.schema()) : settings.rules;

  auto t = Clock::now();
  auto candidates =
      index ? index->add(table, res.blocking) : candidate_pairs(table, rules, settings.blocking, res.blocking);
  res.blocking_s = seconds_since(t);
  // Asked to stop: what is done so far is of no use.
  auto stopped = [&res] {
    res.stopped = true;
    return res;
  };
  if (stop_asked(settings)) return stopped();

  t = Clock::now();
  std::vector<PatternCount> same_nationality;  // random pairs of one nationality
  if (!res.prior) {
    std::vector<Pattern> patterns;
    compare_all(table, res.model, threads, random_pairs(table, settings.random_pairs, settings.blocking.link_only),
                patterns, nullptr);
    set_u_from_random(res.model, count_patterns(patterns));
    if (res.model.nationality >= 0) {
      compare_all(table, res.model, threads,
                  same_nationality_pairs(table, settings.random_pairs, settings.blocking.link_only), patterns, nullptr);
      same_nationality = count_patterns(patterns);
    }
  }
  res.sampling_s = seconds_since(t);

  t = Clock::now();
  std::vector<Pattern> patterns;
  std::vector<float> tf;
  if (!compare_all(table, res.model, threads, candidates, patterns, &tf, &settings)) return stopped();
  res.comparing_s = seconds_since(t);

  t = Clock::now();
  const auto counts = count_patterns(patterns);
  res.patterns = counts.size();
  // m from each training rule's own pairs, leaving out what the rule blocks on.
  const auto& training_rules =
      settings.training_rules.empty() ? default_training_rules(table.schema()) : settings.training_rules;
  std::vector<TrainingSet> sets;
  for (const auto& rule : res.prior ? std::vector<BlockingRule>{} : training_rules) {
    BlockingStats ignored;
    BlockingOptions sample = settings.blocking;
    sample.sample_pairs = settings.max_training_pairs;
    const auto pairs = candidate_pairs(table, {rule}, sample, ignored);
    std::vector<Pattern> rule_patterns;
    if (!compare_all(table, res.model, threads, pairs, rule_patterns, nullptr, &settings)) return stopped();
    TrainingSet set{describe(rule), count_patterns(rule_patterns), {}};
    const auto blocked = compared_by(rule, table.schema());
    for (const auto& c : res.model.comparisons) {
      set.blocked.push_back(std::find(blocked.begin(), blocked.end(), c.name) != blocked.end());
    }
    sets.push_back(std::move(set));
  }
  if (!res.prior) {
    res.training = train_m(res.model, sets, settings.estimate);
    estimate_u_same_nationality(res.model, same_nationality, settings.estimate);
    order_name_levels(res.model);
    estimate_lambda(res.model, counts, total_pairs(table, settings.blocking.link_only), settings.estimate);
  }
  std::unordered_map<Pattern, float> weights;
  for (const auto& c : counts) weights.emplace(c.pattern, static_cast<float>(res.model.pattern_weight(c.pattern)));
  // Only the pairs that may link are kept; the candidates and their levels go.
  const float floor = kept_floor(settings);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) kept += weights[patterns[i]] + tf[i] >= floor;
  res.pairs.reserve(kept);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const float w = weights[patterns[i]] + tf[i];
    if (w >= floor) res.pairs.push_back({candidates[i].a, candidates[i].b, w});
  }
  res.candidate_pairs = candidates.size();
  std::vector<CandidatePair>().swap(candidates);
  std::vector<Pattern>().swap(patterns);
  std::vector<float>().swap(tf);
  res.estimating_s = seconds_since(t);

  if (stop_asked(settings)) return stopped();
  t = Clock::now();
  known = res.pairs;  // still in (a, b) order
  Comparer comparer(table, res.model.comparisons);
  clustering.grow();
  clustering.merge(res.pairs, [&](std::uint32_t a, std::uint32_t b) {
    return pair_weight(table, res.model, known, comparer, a, b);
  });
  res.clusters = clustering.result();
  res.clustering_s = seconds_since(t);
  return res;
}

}  // namespace

Resolution resolve(const RecordTable& table, const Settings& settings) {
  Clustering clustering(table, cluster_options(settings));
  std::vector<ScoredPair> known;
  return resolve_into(table, settings, clustering, known, nullptr);
}

Resolver::Resolver(Schema schema, Settings settings)
    : table_(std::move(schema)),
      settings_(std::move(settings)),
      clustering_(table_, cluster_options(settings_)),
      index_({}, settings_.blocking) {}

const Resolution& Resolver::resolve() {
  const auto start = Clock::now();
  const auto pass = [this] {
    clustering_.reset();
    index_ = BlockIndex(settings_.rules.empty() ? default_rules(table_.schema()) : settings_.rules, settings_.blocking);
    res_ = resolve_into(table_, settings_, clustering_, known_, &index_);
  };
  for (std::uint32_t i = 0; i < table_.size(); ++i) table_.set_associates(i, {});
  associated_.clear();
  pass();
  if (collective() && !res_.stopped) {
    const double first = seconds_since(start);
    const auto with = set_associates(0);
    pass();
    res_.with_associates = with;
    res_.first_pass_s = first;
  }
  resolved_ = res_.stopped ? 0 : static_cast<std::uint32_t>(table_.size());
  return res_;
}

bool Resolver::collective() const {
  return settings_.collective && table_.schema().context;
}

// The clusters of more than one record that the other records of each
// record's group belong to, at most kMaxAssociates of them (the smallest
// by a fixed hash: two cases holding many of one network's people keep
// some of the same), for the records [first, size).
std::uint64_t Resolver::set_associates(std::uint32_t first) {
  const auto& of = res_.clusters.of;
  std::unordered_map<std::uint32_t, std::uint32_t> size;
  for (const auto c : of) ++size[c];
  // The groups of the records [first, size), with all their records.
  std::unordered_map<ValueId, std::vector<std::uint32_t>> groups;
  for (std::uint32_t i = first; i < table_.size(); ++i) {
    if (table_[i].group != kNone) groups[table_[i].group];
  }
  for (std::uint32_t i = 0; i < table_.size(); ++i) {
    if (table_[i].group == kNone || removed(i)) continue;
    if (auto it = groups.find(table_[i].group); it != groups.end()) it->second.push_back(i);
  }
  std::uint64_t with = 0;
  std::vector<std::uint32_t> associates;
  for (std::uint32_t i = first; i < table_.size(); ++i) {
    associates.clear();
    if (table_[i].group != kNone && !removed(i)) {
      for (const auto j : groups[table_[i].group]) {
        if (j != i && size[of[j]] > 1) associates.push_back(of[j]);
      }
    }
    std::sort(associates.begin(), associates.end());
    associates.erase(std::unique(associates.begin(), associates.end()), associates.end());
    if (associates.size() > kMaxAssociates) {
      const auto by_hash = [](std::uint32_t x, std::uint32_t y) {
        return splitmix_finalise(x) != splitmix_finalise(y) ? splitmix_finalise(x) < splitmix_finalise(y) : x < y;
      };
      std::nth_element(associates.begin(), associates.begin() + kMaxAssociates, associates.end(), by_hash);
      associates.resize(kMaxAssociates);
    }
    with += !associates.empty();
    table_.set_associates(i, associates);
    for (const auto v : table_[i].associates) associated_[v].push_back(i);
  }
  return with;
}

Increment Resolver::update() {
  const auto start = Clock::now();
  Increment inc;
  const auto first = resolved_;
  inc.records = static_cast<std::uint32_t>(table_.size()) - first;
  if (inc.records == 0) return inc;
  BlockingStats stats;
  auto candidates = index_.add(table_, stats);
  // Records taken out are in the block index still; they pair with nothing.
  if (!removed_.empty()) {
    std::erase_if(candidates, [&](const auto& c) { return removed(c.a) || removed(c.b); });
  }
  inc.candidate_pairs = candidates.size();
  const auto before = res_.clusters;
  clustering_.grow();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  absorb(candidates, false, merged);
  res_.clusters = clustering_.result();  // the associates are taken from them
  if (collective() && set_associates(first) > 0) {
    // The new records' associates, from the clusters just found: the pairs
    // of those that gained some are compared again, with the records that
    // share one of them, and merged along.
    const auto gained = [&](std::uint32_t r) { return r >= first && !table_[r].associates.empty(); };
    std::erase_if(candidates, [&](const auto& c) { return !gained(c.a) && !gained(c.b); });
    auto more = associate_pairs(first);
    inc.candidate_pairs += more.size();
    candidates.insert(candidates.end(), more.begin(), more.end());
    std::sort(candidates.begin(), candidates.end(), by_pair);
    // One pair, whatever rules brought it.
    candidates.erase(std::unique(candidates.begin(), candidates.end(),
                                 [](const auto& x, const auto& y) { return x.a == y.a && x.b == y.b; }),
                     candidates.end());
    absorb(candidates, true, merged);
  }
  res_.clusters = clustering_.result();
  inc.links = res_.clusters.links - before.links;
  inc.refused = res_.clusters.refused - before.refused;
  // Clusters that existed before and now go by another name.
  for (const auto& [from, to] : merged) {
    if (from < first) inc.redirects.emplace_back(from, clustering_.cluster_of(to));
  }
  resolved_ = static_cast<std::uint32_t>(table_.size());
  inc.seconds = seconds_since(start);
  return inc;
}

// Compares the candidate pairs, keeps those that may link (`again`: in place
// of what they weighed before), and merges along them.
void Resolver::absorb(std::vector<CandidatePair>& candidates, bool again,
                      std::vector<std::pair<std::uint32_t, std::uint32_t>>& merged) {
  std::vector<Pattern> patterns;
  std::vector<float> tf;
  compare_all(table_, res_.model, thread_count(settings_.threads), candidates, patterns, &tf);
  std::vector<ScoredPair> fresh;
  const float floor = kept_floor(settings_);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const float w = static_cast<float>(res_.model.pattern_weight(patterns[i])) + tf[i];
    if (w >= floor) fresh.push_back({candidates[i].a, candidates[i].b, w});
  }
  res_.candidate_pairs += candidates.size();
  if (again) {
    // What these pairs weighed before gives way to what they weigh now.
    std::sort(candidates.begin(), candidates.end(), by_pair);
    const auto rescored = [&](const ScoredPair& p) {
      return std::binary_search(candidates.begin(), candidates.end(), CandidatePair{p.a, p.b}, by_pair);
    };
    std::erase_if(known_, rescored);
    std::erase_if(res_.pairs, rescored);
  }
  // Both lists stay ordered: `known_` by (a, b), the resolution's pairs strongest first.
  std::sort(fresh.begin(), fresh.end(), by_pair);
  const auto known_before = static_cast<std::ptrdiff_t>(known_.size());
  known_.insert(known_.end(), fresh.begin(), fresh.end());
  std::inplace_merge(known_.begin(), known_.begin() + known_before, known_.end(), by_pair);

  Comparer comparer(table_, res_.model.comparisons);
  std::vector<ScoredPair> order = fresh;
  clustering_.merge(
      order, [&](std::uint32_t a, std::uint32_t b) { return pair_weight(table_, res_.model, known_, comparer, a, b); },
      &merged);
  const auto strongest = [](const ScoredPair& x, const ScoredPair& y) {
    return x.weight != y.weight ? x.weight > y.weight : (x.a != y.a ? x.a < y.a : x.b < y.b);
  };
  const auto pairs_before = static_cast<std::ptrdiff_t>(res_.pairs.size());
  res_.pairs.insert(res_.pairs.end(), order.begin(), order.end());
  std::inplace_merge(res_.pairs.begin(), res_.pairs.begin() + pairs_before, res_.pairs.end(), strongest);
}

// The pairs of a record from `first` on with any other record of another
// group that shares one of its associates, in blocks no larger than the
// context rule's (none without a rule on the context).
std::vector<CandidatePair> Resolver::associate_pairs(std::uint32_t first) const {
  std::vector<CandidatePair> out;
  const auto& rules = settings_.rules.empty() ? default_rules(table_.schema()) : settings_.rules;
  std::size_t cap = 0;
  for (const auto& rule : rules) {
    if (rule.keys == std::vector<std::string>{"context"}) {
      cap = std::max(cap, rule.max_block != 0 ? rule.max_block : settings_.blocking.max_block);
    }
  }
  for (std::uint32_t i = first; i < table_.size() && cap != 0; ++i) {
    for (const auto v : table_[i].associates) {
      const auto it = associated_.find(v);
      if (it == associated_.end() || it->second.size() > cap) continue;
      for (const auto j : it->second) {
        if (j == i || removed(j) || (j >= first && j > i) || table_[j].group == table_[i].group) continue;
        out.push_back({std::min(i, j), std::max(i, j)});
      }
    }
  }
  return out;
}

Removal Resolver::remove(const std::vector<std::uint32_t>& records) {
  const auto start = Clock::now();
  Removal out;
  removed_.resize(table_.size(), 0);
  std::vector<std::uint32_t> roots;
  for (const auto r : records) {
    if (r >= resolved_ || removed_[r]) continue;
    removed_[r] = 1;
    roots.push_back(clustering_.cluster_of(r));
  }
  if (roots.empty()) return out;
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  const auto gone = [&](const ScoredPair& p) { return removed_[p.a] != 0 || removed_[p.b] != 0; };
  std::erase_if(known_, gone);
  std::erase_if(res_.pairs, gone);
  std::vector<char> again(table_.size(), 0);
  for (const auto r : clustering_.release(roots)) {
    if (removed_[r]) continue;
    again[r] = 1;
    out.reclustered.push_back(r);
  }
  // Their pairs, with each other and with the rest, merge them again.
  std::vector<ScoredPair> order;
  for (const auto& p : known_) {
    if (again[p.a] || again[p.b]) order.push_back(p);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  Comparer comparer(table_, res_.model.comparisons);
  clustering_.merge(
      order, [&](std::uint32_t a, std::uint32_t b) { return pair_weight(table_, res_.model, known_, comparer, a, b); },
      &merged);
  res_.clusters = clustering_.result();
  for (const auto& [from, to] : merged) {
    if (!again[from]) out.redirects.emplace_back(from, clustering_.cluster_of(to));
  }
  out.seconds = seconds_since(start);
  return out;
}

Explanation explain_pair(const Resolution& resolution, const RecordTable& table, std::uint32_t a, std::uint32_t b) {
  Comparer comparer(table, resolution.model.comparisons);
  return explain(resolution.model, table, comparer.compare(std::min(a, b), std::max(a, b)));
}

nlohmann::json Resolution::summary() const {
  nlohmann::json training_json = nlohmann::json::array();
  for (const auto& r : training) training_json.push_back(to_json(r));
  nlohmann::json rules = nlohmann::json::array();
  for (auto n : blocking.pairs_by_rule) rules.push_back(n);
  std::size_t clusters_n = 0;
  for (std::size_t i = 0; i < clusters.of.size(); ++i) clusters_n += clusters.of[i] == i;
  return {{"records", clusters.of.size()},
          {"candidate_pairs", candidate_pairs},
          {"kept_pairs", pairs.size()},
          {"pairs_by_rule", std::move(rules)},
          {"oversized_blocks", blocking.oversized_blocks},
          {"largest_oversized_block", blocking.largest_oversized_block},
          {"patterns", patterns},
          {"links", clusters.links},
          {"prior_model", prior},
          {"refused_merges", clusters.refused},
          {"outvoted_merges", clusters.outvoted},
          {"clusters", clusters_n},
          {"with_associates", with_associates},
          {"seconds",
           {{"first_pass", first_pass_s},
            {"blocking", blocking_s},
            {"sampling", sampling_s},
            {"comparing", comparing_s},
            {"estimating", estimating_s},
            {"clustering", clustering_s}}},
          {"training", training_json},
          {"model", model.to_json()}};
}

}  // namespace ariadne::er
