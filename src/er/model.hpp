// The Fellegi–Sunter model: for each comparison level, how often a true match
// reaches it (m) and how often two different people do (u). A pair's weight
// is the log-odds that it is a match: the prior's log-odds plus, for each
// comparison, log2(m/u) of the level it reached, plus a term-frequency
// adjustment when it agreed exactly on a value (agreeing on a rare surname
// says more than agreeing on a common one). Its probability is
// 2^w / (1 + 2^w), so the weights an explanation lists add up to it.
//
// Estimation without labels, as Splink does it:
//  - u from random pairs, almost all of which are different people; and
//    again from random pairs of one nationality: names, birth years, roles
//    and cases run together within a nationality, so two records of one
//    nationality that share a family name are far less of a coincidence than
//    the product of the two u says. When a pair agrees on nationality, its
//    other comparisons weigh against the u of pairs of one nationality;
//  - m by expectation–maximisation over the pairs each blocking rule brings,
//    u held, leaving out the comparisons the rule blocks on (among pairs
//    that share a surname key, agreeing on the surname says nothing), and
//    averaged over the rules, weighted by the matches each found;
//  - lambda, the probability that two records picked at random match, by
//    the same expectation over every pair of records, those blocking did
//    not bring counted as non-matches.
// A pair's probability thus does not depend on which rule brought it.
// Each distinct level pattern is counted once, so a million pairs cost as
// much as their few thousand patterns.
//
// Thread-safety: a built Model is read-only.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "er/comparisons.hpp"

namespace ariadne::er {

struct PatternCount {
  Pattern pattern = 0;
  std::uint64_t count = 0;
};

struct Model {
  std::vector<Comparison> comparisons;
  std::vector<std::vector<double>> m;  // [comparison][level]; level 0 (null) unused
  std::vector<std::vector<double>> u;
  std::vector<double> u_random_exact;  // u of each exact level among random pairs (term frequencies' reference)
  // u among random pairs of one nationality, [comparison][level]; empty
  // when the comparisons have no nationality or too few such pairs were seen.
  std::vector<std::vector<double>> u_same_nationality;
  int nationality = -1;           // the nationality comparison's index (-1: none)
  std::vector<bool> m_estimated;  // false: no rule could estimate it; m is the starting guess
  double lambda = 0.1;            // probability that two random records match
  int iterations = 0;
  bool converged = false;

  // log2(m/u) of a level; 0 for null.
  double weight(std::size_t comparison, int level) const;
  // The same within a pair's pattern: against the u of pairs of one
  // nationality when the pattern agrees on nationality.
  double weight(std::size_t comparison, int level, Pattern p) const;
  double u_at(std::size_t comparison, int level, Pattern p) const;
  bool same_nationality(Pattern p) const;
  double prior_weight() const;
  // The weight of a pattern without term-frequency adjustments.
  double pattern_weight(Pattern p) const;
  // The adjustment for agreeing exactly on a value held by `frequency` of the records.
  double tf_adjustment(std::size_t comparison, double frequency) const;
  nlohmann::json to_json() const;
};

struct EstimateOptions {
  int max_iterations = 200;
  double tolerance = 1e-6;  // largest change of any parameter that ends the iterations
  // u is taken from random pairs (Splink's way): estimated again among the candidate
  // pairs, which blocking made alike, it would make exact agreement on a
  // blocked key weigh less than a near miss, which no analyst could follow.
  bool estimate_u = false;
};

// Fewer pairs than this say nothing of a comparison or a level.
inline constexpr std::uint64_t kFewPairs = 5;
// u of every level from the level counts of random pairs (smoothed); a
// comparison known for fewer than kFewPairs of them keeps its u.
void set_u_from_random(Model& model, std::span<const PatternCount> random_patterns);
inline constexpr std::uint64_t kSameNationalityPairsNeeded = 1000;
// u_same_nationality from the level patterns of random pairs of one
// nationality, by expectation–maximisation with m held (m estimated first):
// among them, one person mentioned twice is far more frequent than among
// all pairs, and would otherwise count as a coincidence. A level seen
// fewer than kFewPairs times among the pairs of different people is not
// known well enough to weigh more than among all pairs: its u is at least
// the one of all pairs. Fewer than kSameNationalityPairsNeeded pairs: none.
void estimate_u_same_nationality(Model& model, std::span<const PatternCount> patterns, const EstimateOptions& options);
// m, u (unless fixed) and lambda from pairs' patterns; a comparison with no
// known level among them keeps its m and u.
void estimate(Model& model, std::span<const PatternCount> patterns, const EstimateOptions& options);

// The pairs one blocking rule brought, and the comparisons it blocks on.
struct TrainingSet {
  std::string rule;
  std::vector<PatternCount> patterns;
  std::vector<bool> blocked;  // per comparison
};
struct TrainingResult {
  std::string rule;
  std::uint64_t pairs = 0;
  double match_share = 0;  // among its pairs
  int iterations = 0;
  bool converged = false;
  std::vector<std::string> estimated;  // comparisons whose m it estimated
};
// m of every comparison some rule does not block on and knows for at least
// kFewPairs of its matches (model.m_estimated says which).
std::vector<TrainingResult> train_m(Model& model, std::span<const TrainingSet> sets, const EstimateOptions& options);
// Names agreeing better never weigh less: a name level's m is raised (or,
// where it would pass 1, its u lowered) until it weighs at least as much as
// the next, looser level. Estimation can leave a level without a single
// match among its training pairs (every matching pair a file holds spelled
// the name a little differently), and an exact name then counted against a
// match. m and u no longer sum to one; only the weights use them.
void order_name_levels(Model& model);
// lambda from the candidate pairs' patterns, among `total_pairs` pairs in all.
void estimate_lambda(Model& model, std::span<const PatternCount> candidates, double total_pairs,
                     const EstimateOptions& options);
nlohmann::json to_json(const TrainingResult& r);
// Starting values: m concentrated on agreement, u even, lambda 0.1.
Model initial_model(std::vector<Comparison> comparisons);
// A model as to_json wrote it, for `comparisons` (each must be there with
// its levels, by name; m and u in (0, 1]). Errors name the field.
Result<Model> model_from_json(const nlohmann::json& j, std::vector<Comparison> comparisons);

inline double probability(double weight) {
  return 1.0 / (1.0 + std::exp2(-weight));
}

// Why a pair's weight is what it is: one feature per comparison.
struct Feature {
  std::string comparison;
  std::string level;
  double weight = 0;         // log2(m/u)
  double tf_adjustment = 0;  // for agreeing on this value rather than any
  std::string value;         // the value agreed on, when adjusted
};

struct Explanation {
  double prior_weight = 0;
  std::vector<Feature> features;
  double weight = 0;  // prior + every feature's weight and adjustment
  double probability = 0;
};

Explanation explain(const Model& model, const RecordTable& table, const Compared& compared);
nlohmann::json to_json(const Explanation& e);

// The term-frequency adjustment of a compared pair (what explain lists).
double tf_adjustments(const Model& model, const RecordTable& table, const Compared& compared);

}  // namespace ariadne::er
