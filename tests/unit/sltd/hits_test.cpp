// The request reader of POST /hits/{id}/confirm: a good body reads into a
// HitDecision, and every problem is reported by field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sltd/hits.hpp"
#include "support/field_errors.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using testing::field_errors;
using Fields = std::vector<FieldError>;

TEST(ParseHitDecision, ReadsAnOutcomeAndItsNote) {
  auto confirmed = parse_hit_decision(json{{"outcome", "confirmed"}, {"note", "seized at the gate"}});
  ASSERT_TRUE(confirmed.ok());
  EXPECT_EQ(confirmed->outcome, HitStatus::confirmed);
  EXPECT_EQ(confirmed->note, "seized at the gate");
  auto rejected = parse_hit_decision(json{{"outcome", "rejected"}});
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->outcome, HitStatus::rejected);
  EXPECT_FALSE(rejected->note.has_value());
}

TEST(ParseHitAction, ReadsAnActionAndReportsEveryBadField) {
  auto read = parse_hit_action_input(json{{"action", "victim_referred"}, {"note", "to the NGO shelter"}});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->action, HitAction::victim_referred);
  EXPECT_EQ(read->note, "to the NGO shelter");
  EXPECT_EQ(field_errors(parse_hit_action_input(json::object())), (Fields{{"action", "is required"}}));
  EXPECT_EQ(field_errors(parse_hit_action_input(json{{"action", "shot"}, {"note", 1}})),
            (Fields{{"note", "must be a string"},
                    {"action", "must be arrest, victim_referred, document_seized, entry_refused or none"}}));
  EXPECT_EQ(field_errors(parse_hit_action_input(json{{"action", "none"}, {"by", "me"}})),
            (Fields{{"by", "is not a known field"}}));
}

TEST(ParseHitDecision, ReportsEveryBadField) {
  EXPECT_EQ(field_errors(parse_hit_decision(json::object())), (Fields{{"outcome", "is required"}}));
  const std::string must = "must be confirmed or rejected";
  EXPECT_EQ(field_errors(parse_hit_decision(json{{"outcome", "pending"}})), (Fields{{"outcome", must}}));
  EXPECT_EQ(field_errors(parse_hit_decision(json{{"outcome", "maybe"}, {"note", 3}})),
            (Fields{{"note", "must be a string"}, {"outcome", must}}));
  EXPECT_EQ(field_errors(parse_hit_decision(json{{"outcome", std::string(17, 'c')}})),
            (Fields{{"outcome", "is longer than 16 bytes"}}));
  EXPECT_EQ(field_errors(parse_hit_decision(json{{"outcome", "confirmed"}, {"note", std::string(2001, 'n')}})),
            (Fields{{"note", "is longer than 2000 bytes"}}));
  EXPECT_EQ(field_errors(parse_hit_decision(json{{"outcome", "confirmed"}, {"by", "me"}})),
            (Fields{{"by", "is not a known field"}}));
}

}  // namespace
}  // namespace ariadne::sltd
