#include "er/model.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace ariadne::er {

namespace {

// Keeps every probability off zero: a level never seen must not weigh infinitely.
constexpr double kPseudoCount = 0.5;
constexpr double kMinProbability = 1e-6;

std::size_t level_count(const Comparison& c) {
  return c.levels.size();
}

// Normalises counts (levels 1…) into probabilities, smoothed.
void normalise(std::vector<double>& counts, double pseudo) {
  double total = 0;
  for (std::size_t l = 1; l < counts.size(); ++l) total += counts[l] + pseudo;
  for (std::size_t l = 1; l < counts.size(); ++l) {
    counts[l] = std::max(kMinProbability, total > 0 ? (counts[l] + pseudo) / total : 1.0 / (counts.size() - 1));
  }
  counts[0] = 1;
}

}  // namespace

double Model::weight(std::size_t c, int level) const {
  if (level <= 0) return 0;
  return std::log2(m[c][level] / u[c][level]);
}

double Model::weight(std::size_t c, int level, Pattern p) const {
  if (level <= 0) return 0;
  return std::log2(m[c][level] / u_at(c, level, p));
}

bool Model::same_nationality(Pattern p) const {
  return nationality >= 0 && !u_same_nationality.empty() &&
         level_of(p, static_cast<std::size_t>(nationality)) == 1;  // agree
}

double Model::u_at(std::size_t c, int level, Pattern p) const {
  if (static_cast<int>(c) != nationality && same_nationality(p)) return u_same_nationality[c][level];
  return u[c][level];
}

double Model::prior_weight() const {
  return std::log2(lambda / (1 - lambda));
}

double Model::pattern_weight(Pattern p) const {
  double w = prior_weight();
  for (std::size_t c = 0; c < comparisons.size(); ++c) w += weight(c, level_of(p, c), p);
  return w;
}

void order_name_levels(Model& model) {
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const auto kind = model.comparisons[c].kind;
    if (kind != ComparisonKind::name && kind != ComparisonKind::given_name && kind != ComparisonKind::surname) continue;
    auto& m = model.m[c];
    auto& u = model.u[c];
    // From the loosest agreement ("token") up to "exact"; "different" is not agreement.
    for (std::size_t l = m.size() - 2; l >= 1; --l) {
      if (l + 1 >= m.size() - 1 || u[l] <= 0 || u[l + 1] <= 0) continue;
      const double ratio = m[l + 1] / u[l + 1];
      if (m[l] / u[l] >= ratio) continue;
      // m rises, or where that would pass 1, u falls: either way the ratio is met.
      if (u[l] * ratio <= 1) {
        m[l] = u[l] * ratio;
      } else {
        u[l] = m[l] / ratio;
      }
    }
    // Within one nationality m is the same: the order is met by u alone.
    if (model.u_same_nationality.empty()) continue;
    auto& us = model.u_same_nationality[c];
    for (std::size_t l = m.size() - 2; l >= 1; --l) {
      if (l + 1 >= m.size() - 1 || us[l] <= 0 || us[l + 1] <= 0) continue;
      const double ratio = m[l + 1] / us[l + 1];
      if (m[l] / us[l] < ratio) us[l] = m[l] / ratio;
    }
  }
}

double Model::tf_adjustment(std::size_t c, double frequency) const {
  if (u_random_exact.empty() || u_random_exact[c] <= 0 || frequency <= 0) return 0;
  return std::log2(u_random_exact[c] / frequency);
}

nlohmann::json Model::to_json() const {
  nlohmann::json out{{"lambda", lambda}, {"iterations", iterations}, {"converged", converged}};
  auto& cs = out["comparisons"] = nlohmann::json::array();
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    const bool estimated = c < m_estimated.size() && m_estimated[c];
    auto& levels =
        cs.emplace_back(nlohmann::json{{"name", comparisons[c].name}, {"m_estimated", estimated}})["levels"] =
            nlohmann::json::array();
    for (std::size_t l = 1; l < level_count(comparisons[c]); ++l) {
      nlohmann::json level{{"level", comparisons[c].levels[l]},
                           {"m", m[c][l]},
                           {"u", u[c][l]},
                           {"weight", weight(c, static_cast<int>(l))}};
      if (!u_same_nationality.empty() && static_cast<int>(c) != nationality) {
        level["u_same_nationality"] = u_same_nationality[c][l];
      }
      levels.push_back(std::move(level));
    }
  }
  return out;
}

Result<Model> model_from_json(const nlohmann::json& j, std::vector<Comparison> comparisons) {
  Model model = initial_model(std::move(comparisons));
  std::vector<FieldError> errors;
  const auto probability = [](const nlohmann::json& v) {
    return v.is_number() && v.get<double>() > 0 && v.get<double>() <= 1;
  };
  if (!j.is_object() || !j.contains("lambda") || !probability(j["lambda"])) {
    errors.push_back({"lambda", "must be a probability above 0"});
  } else {
    model.lambda = j["lambda"].get<double>();
  }
  const auto* listed =
      j.is_object() && j.contains("comparisons") && j["comparisons"].is_array() ? &j["comparisons"] : nullptr;
  if (listed == nullptr) errors.push_back({"comparisons", "must be a list"});
  model.u_random_exact.assign(model.comparisons.size(), 0);
  for (std::size_t c = 0; listed != nullptr && c < model.comparisons.size(); ++c) {
    const auto& cmp = model.comparisons[c];
    const nlohmann::json* found = nullptr;
    for (const auto& x : *listed) {
      if (x.is_object() && x.value("name", "") == cmp.name) found = &x;
    }
    const std::string field = "comparisons." + cmp.name;
    if (found == nullptr || !found->contains("levels") || !(*found)["levels"].is_array()) {
      errors.push_back({field, "is missing"});
      continue;
    }
    for (std::size_t l = 1; l < cmp.levels.size(); ++l) {
      const nlohmann::json* level = nullptr;
      for (const auto& x : (*found)["levels"]) {
        if (x.is_object() && x.value("level", "") == cmp.levels[l]) level = &x;
      }
      if (level == nullptr || !level->contains("m") || !level->contains("u") || !probability((*level)["m"]) ||
          !probability((*level)["u"])) {
        errors.push_back({field + "." + cmp.levels[l], "must have m and u, each in (0, 1]"});
        continue;
      }
      model.m[c][l] = (*level)["m"].get<double>();
      model.u[c][l] = (*level)["u"].get<double>();
      // Optional: a model estimated where nationality was compared.
      if (level->contains("u_same_nationality")) {
        if (!probability((*level)["u_same_nationality"])) {
          errors.push_back({field + "." + cmp.levels[l] + ".u_same_nationality", "must be in (0, 1]"});
          continue;
        }
        if (model.u_same_nationality.empty()) model.u_same_nationality = model.u;
        model.u_same_nationality[c][l] = (*level)["u_same_nationality"].get<double>();
      }
    }
    if (cmp.exact_level > 0) model.u_random_exact[c] = model.u[c][static_cast<std::size_t>(cmp.exact_level)];
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  model.m_estimated.assign(model.comparisons.size(), true);
  model.converged = true;
  return model;
}

Model initial_model(std::vector<Comparison> comparisons) {
  Model model;
  model.comparisons = std::move(comparisons);
  for (const auto& c : model.comparisons) {
    const std::size_t n = level_count(c);
    // m: most matches agree; each weaker level half as likely as the one before.
    std::vector<double> m(n, 0), u(n, 0);
    double share = 0.7;
    for (std::size_t l = 1; l < n; ++l) {
      m[l] = l + 1 == n ? 0.02 : share;
      share /= 2;
      u[l] = l + 1 == n ? 0.9 : 0.1 / static_cast<double>(n - 2);
    }
    normalise(m, 0);
    normalise(u, 0);
    model.m.push_back(std::move(m));
    model.u.push_back(std::move(u));
  }
  model.m_estimated.assign(model.comparisons.size(), false);
  model.lambda = 0.1;
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    if (model.comparisons[c].kind == ComparisonKind::nationality) model.nationality = static_cast<int>(c);
  }
  return model;
}

void set_u_from_random(Model& model, std::span<const PatternCount> random_patterns) {
  model.u_random_exact.assign(model.comparisons.size(), 0);
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    std::vector<double> counts(level_count(model.comparisons[c]), 0);
    for (const auto& p : random_patterns) counts[level_of(p.pattern, c)] += static_cast<double>(p.count);
    counts[0] = 0;
    double known = 0;
    for (double x : counts) known += x;
    // A comparison seldom known among random pairs (an attribute few records
    // hold) keeps its starting u: a handful of pairs would make any level
    // look as rare or common as they happen to be.
    if (known >= static_cast<double>(kFewPairs)) {
      // A pseudo-count would swamp rare levels; it only keeps an unseen level off zero.
      normalise(counts, 0.01);
      model.u[c] = counts;
    }
    counts = model.u[c];
    const int exact = model.comparisons[c].exact_level;
    if (exact > 0) model.u_random_exact[c] = counts[exact];
  }
}

void estimate_u_same_nationality(Model& model, std::span<const PatternCount> patterns, const EstimateOptions& options) {
  model.u_same_nationality.clear();
  const std::size_t nc = model.comparisons.size();
  double total = 0;
  for (const auto& p : patterns) total += static_cast<double>(p.count);
  if (model.nationality < 0 || total < static_cast<double>(kSameNationalityPairsNeeded)) return;
  // One person mentioned twice is a pair of one nationality far more often
  // than a pair of any two records: those pairs are told apart by m, held.
  auto u = model.u;
  double share = 0.01;  // of pairs that match, to start
  std::vector<std::vector<double>> counts(nc);
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    for (std::size_t c = 0; c < nc; ++c) counts[c].assign(level_count(model.comparisons[c]), 0);
    double matches = 0;
    for (const auto& p : patterns) {
      double pm = share, pu = 1 - share;
      for (std::size_t c = 0; c < nc; ++c) {
        const int l = level_of(p.pattern, c);
        if (l == 0 || static_cast<int>(c) == model.nationality) continue;
        pm *= model.m[c][l];
        pu *= u[c][l];
      }
      const double g = pm / (pm + pu);
      const double n = static_cast<double>(p.count);
      matches += g * n;
      for (std::size_t c = 0; c < nc; ++c) counts[c][level_of(p.pattern, c)] += (1 - g) * n;
    }
    double change = std::abs(matches / total - share);
    share = std::clamp(matches / total, 1e-12, 0.5);
    for (std::size_t c = 0; c < nc; ++c) {
      if (static_cast<int>(c) == model.nationality) continue;
      auto next = counts[c];
      next[0] = 0;
      normalise(next, 0.01);
      for (std::size_t l = 1; l < next.size(); ++l) {
        // Seen too seldom among pairs of one nationality: no rarer than among all.
        if (counts[c][l] < static_cast<double>(kFewPairs)) next[l] = std::max(next[l], model.u[c][l]);
        change = std::max(change, std::abs(next[l] - u[c][l]));
      }
      u[c] = std::move(next);
    }
    if (change < options.tolerance) break;
  }
  model.u_same_nationality = std::move(u);
}

namespace {

// The probability that a pair of this pattern matches, under the model.
double match_probability(const Model& model, Pattern p) {
  double pm = model.lambda, pu = 1 - model.lambda;
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const int l = level_of(p, c);
    if (l == 0) continue;
    pm *= model.m[c][l];
    pu *= model.u_at(c, l, p);
  }
  return pm / (pm + pu);
}

}  // namespace

void estimate(Model& model, std::span<const PatternCount> patterns, const EstimateOptions& options) {
  const std::size_t nc = model.comparisons.size();
  std::vector<std::vector<double>> m_counts(nc), u_counts(nc);
  model.converged = false;
  for (model.iterations = 0; model.iterations < options.max_iterations; ++model.iterations) {
    for (std::size_t c = 0; c < nc; ++c) {
      m_counts[c].assign(level_count(model.comparisons[c]), 0);
      u_counts[c].assign(level_count(model.comparisons[c]), 0);
    }
    double matches = 0, total = 0;
    for (const auto& p : patterns) {
      // Expectation: the probability that pairs of this pattern are matches.
      const double g = match_probability(model, p.pattern);
      const double n = static_cast<double>(p.count);
      matches += g * n;
      total += n;
      for (std::size_t c = 0; c < nc; ++c) {
        const int l = level_of(p.pattern, c);
        m_counts[c][l] += g * n;
        u_counts[c][l] += (1 - g) * n;
      }
    }
    if (total == 0) return;
    // Maximisation.
    double change = 0;
    const double lambda = std::clamp(matches / total, 1e-9, 1 - 1e-9);
    change = std::max(change, std::abs(lambda - model.lambda));
    model.lambda = lambda;
    for (std::size_t c = 0; c < nc; ++c) {
      double known = 0;
      for (std::size_t l = 1; l < m_counts[c].size(); ++l) known += m_counts[c][l] + u_counts[c][l];
      if (known == 0) continue;  // nothing to learn from
      normalise(m_counts[c], kPseudoCount * 1e-3);
      for (std::size_t l = 1; l < m_counts[c].size(); ++l)
        change = std::max(change, std::abs(m_counts[c][l] - model.m[c][l]));
      model.m[c] = m_counts[c];
      if (options.estimate_u) {
        normalise(u_counts[c], kPseudoCount * 1e-3);
        for (std::size_t l = 1; l < u_counts[c].size(); ++l)
          change = std::max(change, std::abs(u_counts[c][l] - model.u[c][l]));
        model.u[c] = u_counts[c];
      }
    }
    if (change < options.tolerance) {
      model.converged = true;
      ++model.iterations;
      return;
    }
  }
}

std::vector<TrainingResult> train_m(Model& model, std::span<const TrainingSet> sets, const EstimateOptions& options) {
  const std::size_t nc = model.comparisons.size();
  std::vector<std::vector<double>> sum(nc);
  std::vector<double> weight(nc, 0);
  std::vector<TrainingResult> results;
  for (const auto& set : sets) {
    TrainingResult r{set.rule};
    Model trial = model;
    trial.lambda = 0.1;
    std::vector<PatternCount> masked;
    masked.reserve(set.patterns.size());
    for (auto p : set.patterns) {
      for (std::size_t c = 0; c < nc; ++c) {
        if (set.blocked[c]) p.pattern = with_level(p.pattern, c, 0);
      }
      masked.push_back(p);
      r.pairs += p.count;
    }
    EstimateOptions fixed_u = options;
    fixed_u.estimate_u = false;
    estimate(trial, masked, fixed_u);
    r.match_share = trial.lambda;
    r.iterations = trial.iterations;
    r.converged = trial.converged;
    const double matches = trial.lambda * static_cast<double>(r.pairs);
    for (std::size_t c = 0; c < nc; ++c) {
      if (set.blocked[c] || matches <= 0) continue;
      // Matches that say something of it: a comparison known for a handful
      // of the rule's pairs at most (an attribute few records hold) would
      // take whatever those pairs happen to show as its m.
      double known = 0;
      for (const auto& p : masked) {
        if (level_of(p.pattern, c) != 0) known += match_probability(trial, p.pattern) * static_cast<double>(p.count);
      }
      if (known < static_cast<double>(kFewPairs)) continue;
      if (sum[c].empty()) sum[c].assign(trial.m[c].size(), 0);
      for (std::size_t l = 1; l < sum[c].size(); ++l) sum[c][l] += trial.m[c][l] * matches;
      weight[c] += matches;
      r.estimated.push_back(model.comparisons[c].name);
    }
    results.push_back(std::move(r));
  }
  for (std::size_t c = 0; c < nc; ++c) {
    if (weight[c] <= 0) continue;
    for (std::size_t l = 1; l < sum[c].size(); ++l) model.m[c][l] = std::max(kMinProbability, sum[c][l] / weight[c]);
    model.m_estimated[c] = true;
  }
  return results;
}

void estimate_lambda(Model& model, std::span<const PatternCount> candidates, double total_pairs,
                     const EstimateOptions& options) {
  if (total_pairs <= 0) return;
  std::vector<double> bayes;  // each pattern's likelihood ratio m/u
  for (const auto& p : candidates) bayes.push_back(std::exp2(model.pattern_weight(p.pattern) - model.prior_weight()));
  // Start as if a tenth of the candidates matched.
  double candidates_n = 0;
  for (const auto& p : candidates) candidates_n += static_cast<double>(p.count);
  double lambda = std::clamp(0.1 * candidates_n / total_pairs, 1e-12, 0.5);
  for (int i = 0; i < options.max_iterations; ++i) {
    const double odds = lambda / (1 - lambda);
    double matches = 0;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      const double o = odds * bayes[k];
      matches += static_cast<double>(candidates[k].count) * o / (1 + o);
    }
    const double next = std::clamp(matches / total_pairs, 1e-15, 0.5);
    const bool done = std::abs(next - lambda) <= lambda * 1e-6;
    lambda = next;
    if (done) break;
  }
  model.lambda = lambda;
}

nlohmann::json to_json(const TrainingResult& r) {
  return {{"rule", r.rule},
          {"pairs", r.pairs},
          {"match_share", r.match_share},
          {"iterations", r.iterations},
          {"converged", r.converged},
          {"estimated", r.estimated}};
}

namespace {

double agreed_frequency(const RecordTable& table, const Comparison& c, ValueId v) {
  switch (c.kind) {
    case ComparisonKind::name:
    case ComparisonKind::given_name:
    case ComparisonKind::surname: return table.name_frequency(v);
    default: return table.string_frequency(v);
  }
}

std::string agreed_text(const RecordTable& table, const Comparison& c, ValueId v) {
  switch (c.kind) {
    case ComparisonKind::name:
    case ComparisonKind::given_name:
    case ComparisonKind::surname: return table.name(v).text;
    default: return std::string(table.string(v));
  }
}

}  // namespace

double tf_adjustments(const Model& model, const RecordTable& table, const Compared& compared) {
  double adj = 0;
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const auto& cmp = model.comparisons[c];
    if (cmp.exact_level > 0 && level_of(compared.pattern, c) == cmp.exact_level && compared.agreed[c] != kNone) {
      adj += model.tf_adjustment(c, agreed_frequency(table, cmp, compared.agreed[c]));
    }
  }
  return adj;
}

Explanation explain(const Model& model, const RecordTable& table, const Compared& compared) {
  Explanation e;
  e.prior_weight = model.prior_weight();
  e.weight = e.prior_weight;
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const auto& cmp = model.comparisons[c];
    const int level = level_of(compared.pattern, c);
    Feature f{cmp.name, cmp.levels[level], model.weight(c, level, compared.pattern), 0, {}};
    if (cmp.exact_level > 0 && level == cmp.exact_level && compared.agreed[c] != kNone) {
      f.tf_adjustment = model.tf_adjustment(c, agreed_frequency(table, cmp, compared.agreed[c]));
      f.value = agreed_text(table, cmp, compared.agreed[c]);
    }
    e.weight += f.weight + f.tf_adjustment;
    e.features.push_back(std::move(f));
  }
  e.probability = probability(e.weight);
  return e;
}

nlohmann::json to_json(const Explanation& e) {
  nlohmann::json features = nlohmann::json::array();
  for (const auto& f : e.features) {
    nlohmann::json j{{"comparison", f.comparison}, {"level", f.level}, {"weight", f.weight}};
    if (!f.value.empty()) {
      j["value"] = f.value;
      j["tf_adjustment"] = f.tf_adjustment;
    }
    features.push_back(std::move(j));
  }
  return {{"prior_weight", e.prior_weight},
          {"features", std::move(features)},
          {"weight", e.weight},
          {"probability", e.probability}};
}

}  // namespace ariadne::er
