// The request readers of POST /notices/{id}/review and /cancel: a good body
// reads into its struct, and every problem is reported by field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "notices/notices.hpp"
#include "support/field_errors.hpp"

namespace ariadne::notices {
namespace {

using nlohmann::json;
using testing::field_errors;
using Fields = std::vector<FieldError>;

TEST(ParseReview, ReadsADecisionAndItsReasons) {
  auto approve = parse_review(json{{"decision", "approve"}});
  ASSERT_TRUE(approve.ok());
  EXPECT_TRUE(approve->approve);
  EXPECT_TRUE(approve->reasons.empty());
  auto reject = parse_review(json{{"decision", "reject"}, {"reasons", {"no warrant", "Article 3"}}});
  ASSERT_TRUE(reject.ok());
  EXPECT_FALSE(reject->approve);
  EXPECT_EQ(reject->reasons, (std::vector<std::string>{"no warrant", "Article 3"}));
}

TEST(ParseReview, ReportsEveryBadField) {
  EXPECT_EQ(field_errors(parse_review(json::object())), (Fields{{"decision", "is required"}}));
  EXPECT_EQ(field_errors(parse_review(json{{"decision", "defer"}, {"reasons", "one"}})),
            (Fields{{"reasons", "must be an array of strings"}, {"decision", "must be approve or reject"}}));
  EXPECT_EQ(field_errors(parse_review(json{{"decision", std::string(17, 'd')}, {"reasons", {1}}})),
            (Fields{{"decision", "is longer than 16 bytes"}, {"reasons[0]", "must be a string"}}));
  EXPECT_EQ(
      field_errors(parse_review(json{{"decision", "reject"}, {"reasons", json::array({std::string(2001, 'r')})}})),
      (Fields{{"reasons[0]", "is longer than 2000 bytes"}}));
  EXPECT_EQ(field_errors(parse_review(json{{"decision", "reject"}, {"reasons", std::vector<std::string>(51, "r")}})),
            (Fields{{"reasons", "has more than 50 items"}}));
  EXPECT_EQ(field_errors(parse_review(json{{"decision", "approve"}, {"note", "fine"}})),
            (Fields{{"note", "is not a known field"}}));
}

TEST(ParseCancel, ReadsTheReason) {
  auto r = parse_cancel(json{{"reason", "arrested"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->reason, "arrested");
}

TEST(ParseCancel, ReportsEveryBadField) {
  EXPECT_EQ(field_errors(parse_cancel(json::object())), (Fields{{"reason", "is required"}}));
  EXPECT_EQ(field_errors(parse_cancel(json{{"reason", ""}})), (Fields{{"reason", "must not be empty"}}));
  EXPECT_EQ(field_errors(parse_cancel(json{{"reason", std::string(2001, 'r')}})),
            (Fields{{"reason", "is longer than 2000 bytes"}}));
  EXPECT_EQ(field_errors(parse_cancel(json{{"reason", "arrested"}, {"when", "now"}})),
            (Fields{{"when", "is not a known field"}}));
}

}  // namespace
}  // namespace ariadne::notices
