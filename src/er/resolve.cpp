#include "er/resolve.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace ariadne::er {

namespace {

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
  wanted = std::min(wanted, all);
  out.reserve(wanted);
  // Bounded attempts: when linking, most random pairs may share a source.
  for (std::size_t tries = 0; out.size() < wanted && tries < wanted * 20; ++tries) {
    std::uint32_t a = pick(rng), b = pick(rng);
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

}  // namespace

Resolution resolve(const RecordTable& table, const Settings& settings) {
  Resolution res;
  const unsigned threads = thread_count(settings.threads);
  const auto comparisons = comparisons_for(table.schema());
  res.model = initial_model(comparisons);
  const auto& rules = settings.rules.empty() ? default_rules(table.schema()) : settings.rules;

  auto t = Clock::now();
  const auto candidates = candidate_pairs(table, rules, settings.blocking, res.blocking);
  res.blocking_s = seconds_since(t);

  auto compare_all = [&](const std::vector<CandidatePair>& pairs, std::vector<Pattern>& patterns,
                         std::vector<float>* tf) {
    patterns.resize(pairs.size());
    if (tf) tf->resize(pairs.size());
    parallel_ranges(pairs.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
      Comparer comparer(table, res.model.comparisons);
      for (std::size_t i = begin; i < end; ++i) {
        const Compared c = comparer.compare(pairs[i].a, pairs[i].b);
        patterns[i] = c.pattern;
        if (tf) (*tf)[i] = static_cast<float>(tf_adjustments(res.model, table, c));
      }
    });
  };

  t = Clock::now();
  {
    std::vector<Pattern> patterns;
    compare_all(random_pairs(table, settings.random_pairs, settings.blocking.link_only), patterns, nullptr);
    set_u_from_random(res.model, count_patterns(patterns));
  }
  res.sampling_s = seconds_since(t);

  t = Clock::now();
  std::vector<Pattern> patterns;
  std::vector<float> tf;
  compare_all(candidates, patterns, &tf);
  res.comparing_s = seconds_since(t);

  t = Clock::now();
  const auto counts = count_patterns(patterns);
  res.patterns = counts.size();
  // m from each training rule's own pairs, leaving out what the rule blocks on.
  const auto& training_rules =
      settings.training_rules.empty() ? default_training_rules(table.schema()) : settings.training_rules;
  std::vector<TrainingSet> sets;
  for (const auto& rule : training_rules) {
    BlockingStats ignored;
    BlockingOptions sample = settings.blocking;
    sample.sample_pairs = settings.max_training_pairs;
    const auto pairs = candidate_pairs(table, {rule}, sample, ignored);
    std::vector<Pattern> rule_patterns;
    compare_all(pairs, rule_patterns, nullptr);
    TrainingSet set{describe(rule), count_patterns(rule_patterns), {}};
    const auto blocked = compared_by(rule, table.schema());
    for (const auto& c : res.model.comparisons) {
      set.blocked.push_back(std::find(blocked.begin(), blocked.end(), c.name) != blocked.end());
    }
    sets.push_back(std::move(set));
  }
  res.training = train_m(res.model, sets, settings.estimate);
  estimate_lambda(res.model, counts, total_pairs(table, settings.blocking.link_only), settings.estimate);
  std::unordered_map<Pattern, float> weights;
  for (const auto& c : counts) weights.emplace(c.pattern, static_cast<float>(res.model.pattern_weight(c.pattern)));
  res.pairs.resize(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    res.pairs[i] = {candidates[i].a, candidates[i].b, weights[patterns[i]] + tf[i]};
  }
  res.estimating_s = seconds_since(t);

  t = Clock::now();
  ClusterOptions options;
  options.threshold = settings.threshold;
  options.exclusive_kinds = settings.exclusive_kinds;
  // Merges look up the weights of pairs across two clusters: those of
  // candidate pairs are known (res.pairs is still in (a, b) order), others
  // are compared now.
  const std::vector<ScoredPair> known = res.pairs;
  Comparer comparer(table, res.model.comparisons);
  auto weight = [&](std::uint32_t a, std::uint32_t b) -> double {
    const auto it = std::lower_bound(known.begin(), known.end(), std::make_pair(a, b),
                                     [](const ScoredPair& p, const std::pair<std::uint32_t, std::uint32_t>& k) {
                                       return p.a != k.first ? p.a < k.first : p.b < k.second;
                                     });
    if (it != known.end() && it->a == a && it->b == b) return it->weight;
    const Compared c = comparer.compare(a, b);
    return res.model.pattern_weight(c.pattern) + tf_adjustments(res.model, table, c);
  };
  res.clusters = cluster(table, res.pairs, options, weight);
  res.clustering_s = seconds_since(t);
  return res;
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
          {"candidate_pairs", pairs.size()},
          {"pairs_by_rule", std::move(rules)},
          {"oversized_blocks", blocking.oversized_blocks},
          {"largest_oversized_block", blocking.largest_oversized_block},
          {"patterns", patterns},
          {"links", clusters.links},
          {"refused_merges", clusters.refused},
          {"clusters", clusters_n},
          {"seconds",
           {{"blocking", blocking_s},
            {"sampling", sampling_s},
            {"comparing", comparing_s},
            {"estimating", estimating_s},
            {"clustering", clustering_s}}},
          {"training", training_json},
          {"model", model.to_json()}};
}

}  // namespace ariadne::er
