// The matcher on the nomenklatura labelled pairs, beside OpenSanctions
// logic-v2: the figures bench/quality/screening_quality reports.
#include <gtest/gtest.h>

#include <stdexcept>

#include "name_pairs.hpp"
#include "text/matcher.hpp"

namespace ariadne::text::quality {
namespace {

const Group& find(const std::vector<Group>& groups, const std::string& name) {
  for (const auto& g : groups) {
    if (g.name == name) return g;
  }
  throw std::out_of_range(name);
}

TEST(ScreeningQuality, BeatsLogicV2OnTheLabelledPairs) {
  auto pairs = read_scored_pairs(std::string(ARIADNE_TEST_DATA) + "/names/nomenklatura_logicv2_scores.csv");
  ASSERT_TRUE(pairs.ok()) << pairs.error().message;
  ASSERT_EQ(pairs->size(), 812u);
  auto groups = evaluate(*pairs, kDefaultThreshold);
  const auto& all = find(groups, "all");
  const auto& people = find(groups, "people");
  const auto& non_latin = find(groups, "non_latin");
  // The peer's published figures, recomputed from its decisions.
  EXPECT_NEAR(all.peer.f1(), 0.790, 0.001);
  EXPECT_NEAR(people.peer.f1(), 0.742, 0.001);
  // The goals, at the figures reached (0.853, 0.850, 0.857 when written).
  EXPECT_GE(all.ours.f1(), 0.852);
  EXPECT_GE(people.ours.f1(), 0.849);
  EXPECT_GE(non_latin.ours.f1(), non_latin.peer.f1());
  EXPECT_GE(non_latin.ours.f1(), 0.857);
  EXPECT_GE(all.ours.precision(), 0.90);
  EXPECT_GE(all.ours.recall(), 0.80);
}

TEST(ScreeningQuality, ReportsAMissingFile) {
  auto pairs = read_scored_pairs("/nonexistent/pairs.csv");
  ASSERT_FALSE(pairs.ok());
  EXPECT_EQ(pairs.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace ariadne::text::quality
