// The Fellegi–Sunter model: estimation from unlabelled pairs.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "er/model.hpp"

namespace ariadne::er {
namespace {

// Three comparisons: birth_date (6 levels), sex and nationality (2 each).
std::vector<Comparison> comparisons() {
  Schema s;
  s.birth_date = true;
  s.sex = true;
  s.nationality = true;
  return comparisons_for(s);
}

const std::vector<std::vector<double>> kM{{0, 0.70, 0.10, 0.05, 0.08, 0.04, 0.03}, {0, 0.95, 0.05}, {0, 0.90, 0.10}};
const std::vector<std::vector<double>> kU{{0, 0.001, 0.004, 0.01, 0.02, 0.015, 0.95}, {0, 0.5, 0.5}, {0, 0.08, 0.92}};

int draw(const std::vector<double>& p, std::mt19937_64& rng) {
  std::discrete_distribution<int> d(p.begin() + 1, p.end());
  return d(rng) + 1;
}

// Patterns of `n` pairs of which a share `lambda` match, drawn from m and u.
std::vector<PatternCount> simulate(std::size_t n, double lambda, std::uint64_t seed,
                                   const std::vector<std::vector<double>>& m = kM,
                                   const std::vector<std::vector<double>>& u = kU) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution is_match(lambda);
  std::map<Pattern, std::uint64_t> counts;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& table = is_match(rng) ? m : u;
    Pattern p = 0;
    for (std::size_t c = 0; c < table.size(); ++c) p = with_level(p, c, draw(table[c], rng));
    ++counts[p];
  }
  std::vector<PatternCount> out;
  for (auto [p, k] : counts) out.push_back({p, k});
  return out;
}

TEST(Model, UComesFromRandomPairs) {
  Model model = initial_model(comparisons());
  set_u_from_random(model, simulate(200000, 0.0, 1));
  for (std::size_t c = 0; c < kU.size(); ++c) {
    for (std::size_t l = 1; l < kU[c].size(); ++l) EXPECT_NEAR(model.u[c][l], kU[c][l], 0.005) << c << "/" << l;
  }
  // The reference of term-frequency adjustments: u of each exact level (none for these).
  for (std::size_t c = 0; c < kU.size(); ++c) {
    const int exact = model.comparisons[c].exact_level;
    EXPECT_EQ(model.u_random_exact[c], exact > 0 ? model.u[c][exact] : 0.0);
  }
}

TEST(Model, ExpectationMaximisationRecoversMFromUnlabelledPairs) {
  Model model = initial_model(comparisons());
  set_u_from_random(model, simulate(400000, 0.0, 2));
  TrainingSet set{"test", simulate(100000, 0.3, 3), {false, false, false}};
  const auto results = train_m(model, std::span(&set, 1), {});
  ASSERT_EQ(results.size(), 1U);
  EXPECT_TRUE(results[0].converged);
  EXPECT_NEAR(results[0].match_share, 0.3, 0.02);
  for (std::size_t c = 0; c < kM.size(); ++c) {
    EXPECT_TRUE(model.m_estimated[c]);
    for (std::size_t l = 1; l < kM[c].size(); ++l) EXPECT_NEAR(model.m[c][l], kM[c][l], 0.03) << c << "/" << l;
  }
}

TEST(Model, ARuleLeavesWhatItBlocksOnUnestimated) {
  Model model = initial_model(comparisons());
  const auto before = model.m[0];
  set_u_from_random(model, simulate(100000, 0.0, 4));
  TrainingSet set{"birth_date", simulate(50000, 0.3, 5), {true, false, false}};
  const auto results = train_m(model, std::span(&set, 1), {});
  EXPECT_FALSE(model.m_estimated[0]);
  EXPECT_EQ(model.m[0], before);
  EXPECT_TRUE(model.m_estimated[1]);
  EXPECT_EQ(results[0].estimated, (std::vector<std::string>{"sex", "nationality"}));
}

// Nationality known for two pairs only (an attribute few records hold):
// they teach neither its u nor its m, however they happen to fall.
TEST(Model, AComparisonKnownForAHandfulOfPairsKeepsItsStartingMAndU) {
  const auto rare = [](std::vector<PatternCount> patterns) {
    for (auto& p : patterns) p.pattern = with_level(p.pattern, 2, 0);
    Pattern two = 0;
    for (std::size_t c = 0; c < 3; ++c) two = with_level(two, c, c == 2 ? 2 : 1);  // all agree but nationality
    patterns.push_back({two, 2});
    return patterns;
  };
  Model model = initial_model(comparisons());
  const auto start = model;
  set_u_from_random(model, rare(simulate(100000, 0.0, 6)));
  EXPECT_EQ(model.u[2], start.u[2]);
  EXPECT_NEAR(model.u[1][1], kU[1][1], 0.01) << "sex is known for every pair";
  TrainingSet set{"test", rare(simulate(50000, 0.3, 7)), {false, false, false}};
  const auto results = train_m(model, std::span(&set, 1), {});
  EXPECT_FALSE(model.m_estimated[2]);
  EXPECT_EQ(model.m[2], start.m[2]);
  EXPECT_LT(model.weight(2, 2), 0) << "differing stays against, not for";
  EXPECT_EQ(results[0].estimated, (std::vector<std::string>{"birth_date", "sex"}));
}

TEST(Model, LambdaIsTheShareOfMatchesAmongAllPairs) {
  Model model = initial_model(comparisons());
  model.m = kM;
  model.u = kU;
  // 1000 matches among 200,000 pairs; then the same among 10^6 pairs, of
  // which blocking brought those 200,000 (the others count as non-matches).
  auto matches = simulate(1000, 1.0, 6);
  auto others = simulate(199000, 0.0, 7);
  std::map<Pattern, std::uint64_t> all;
  for (const auto& p : matches) all[p.pattern] += p.count;
  for (const auto& p : others) all[p.pattern] += p.count;
  std::vector<PatternCount> candidates;
  for (auto [p, k] : all) candidates.push_back({p, k});
  estimate_lambda(model, candidates, 2e5, {});
  EXPECT_NEAR(model.lambda, 1000 / 2e5, 0.1 * 1000 / 2e5);
  estimate_lambda(model, candidates, 1e6, {});
  // Weak evidence (these comparisons top out at a likelihood ratio of about
  // 15,000) leaves some matches in doubt: the estimate is low, never zero.
  EXPECT_GT(model.lambda, 0.5 * 1000 / 1e6);
  EXPECT_LT(model.lambda, 1.1 * 1000 / 1e6);
}

TEST(Model, WeightsAreLogOddsAndNullSaysNothing) {
  Model model = initial_model(comparisons());
  model.m = kM;
  model.u = kU;
  model.lambda = 0.01;
  EXPECT_DOUBLE_EQ(model.weight(0, 1), std::log2(0.70 / 0.001));
  EXPECT_DOUBLE_EQ(model.weight(0, 0), 0.0);
  Pattern p = with_level(with_level(0, 0, 1), 1, 2);  // exact birth date, sex disagrees, nationality unknown
  EXPECT_DOUBLE_EQ(model.pattern_weight(p), std::log2(0.01 / 0.99) + std::log2(0.70 / 0.001) + std::log2(0.05 / 0.5));
  EXPECT_NEAR(probability(model.pattern_weight(p)), 1 / (1 + std::exp2(-model.pattern_weight(p))), 1e-12);
}

TEST(Model, WithinOneNationalityTheOtherComparisonsWeighAgainstItsOwnU) {
  Model model = initial_model(comparisons());
  model.m = kM;
  model.u = kU;
  ASSERT_EQ(model.nationality, 2);
  // Pairs of one nationality: different people's birth dates agree ten times
  // as often as among all pairs, and one pair in twenty is one person (whose
  // dates agree far more often still: counted as chance, they would double u).
  const std::vector<std::vector<double>> m_same{kM[0], kM[1], {0, 1, 0}};
  const std::vector<std::vector<double>> u_same{{0, 0.01, 0.02, 0.01, 0.02, 0.015, 0.925}, kU[1], {0, 1, 0}};
  const auto pairs = simulate(400000, 0.05, 11, m_same, u_same);
  estimate_u_same_nationality(model, pairs, {});
  ASSERT_FALSE(model.u_same_nationality.empty());
  EXPECT_NEAR(model.u_same_nationality[0][1], 0.01, 0.0015);
  EXPECT_NEAR(model.u_same_nationality[0][6], 0.925, 0.01);
  EXPECT_NEAR(model.u_same_nationality[1][1], kU[1][1], 0.01);

  const Pattern same = with_level(with_level(0, 0, 1), 2, 1);
  const Pattern differ = with_level(with_level(0, 0, 1), 2, 2);
  EXPECT_DOUBLE_EQ(model.weight(0, 1, same), std::log2(kM[0][1] / model.u_same_nationality[0][1]));
  EXPECT_DOUBLE_EQ(model.weight(0, 1, differ), std::log2(kM[0][1] / kU[0][1]));
  EXPECT_DOUBLE_EQ(model.weight(2, 1, same), std::log2(kM[2][1] / kU[2][1])) << "nationality keeps its own u";
  EXPECT_LT(model.pattern_weight(same), model.pattern_weight(with_level(same, 2, 0)) + std::log2(kM[2][1] / kU[2][1]))
      << "agreeing on nationality and birth date is less than the two coincidences apart";

  // Written and read back, the same weights.
  const auto again = model_from_json(model.to_json(), model.comparisons);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_DOUBLE_EQ(again->weight(0, 1, same), model.weight(0, 1, same));
  EXPECT_DOUBLE_EQ(again->weight(0, 1, differ), model.weight(0, 1, differ));

  // Too few pairs of one nationality: nothing estimated, every pair weighs against u.
  estimate_u_same_nationality(model, simulate(kSameNationalityPairsNeeded - 1, 0.05, 12, m_same, u_same), {});
  EXPECT_TRUE(model.u_same_nationality.empty());
  EXPECT_DOUBLE_EQ(model.weight(0, 1, same), std::log2(kM[0][1] / kU[0][1]));
}

}  // namespace
}  // namespace ariadne::er
