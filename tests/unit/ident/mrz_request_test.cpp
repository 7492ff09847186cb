// The request reader of POST /mrz/parse: a good body reads into an
// MrzRequest, and every problem is reported by field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "ident/mrz_json.hpp"
#include "support/field_errors.hpp"

namespace ariadne::ident {
namespace {

using nlohmann::json;
using testing::field_errors;
using Fields = std::vector<FieldError>;

TEST(ParseMrzRequest, ReadsTheZone) {
  auto r = parse_mrz_request(json{{"mrz", "P<UTOERIKSSON<<ANNA<MARIA"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->mrz, "P<UTOERIKSSON<<ANNA<MARIA");
}

TEST(ParseMrzRequest, ReportsEveryBadField) {
  EXPECT_EQ(field_errors(parse_mrz_request(json::object())), (Fields{{"mrz", "is required"}}));
  EXPECT_EQ(field_errors(parse_mrz_request(json{{"mrz", 1}})), (Fields{{"mrz", "must be a string"}}));
  EXPECT_EQ(field_errors(parse_mrz_request(json{{"mrz", ""}})), (Fields{{"mrz", "must not be empty"}}));
  EXPECT_EQ(field_errors(parse_mrz_request(json{{"mrz", std::string(kMaxMrzInputBytes + 1, 'P')}})),
            (Fields{{"mrz", "is longer than 1000 bytes"}}));
  EXPECT_EQ(field_errors(parse_mrz_request(json{{"mrz", "P<UTO"}, {"today", "2026-01-01"}})),
            (Fields{{"today", "is not a known field"}}));
}

}  // namespace
}  // namespace ariadne::ident
