#include "common/json_fields.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace ariadne {
namespace {

using nlohmann::json;

TEST(ParseJsonObject, AcceptsAnObject) {
  auto doc = parse_json_object(R"({"a": 1})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["a"], 1);
}

TEST(ParseJsonObject, RejectsEmptyMalformedAndNonObjects) {
  for (const char* text : {"", "{", "[1,2]", "42", "\"x\"", "{\"a\":}", "nul"}) {
    auto doc = parse_json_object(text);
    ASSERT_FALSE(doc.ok()) << text;
    EXPECT_EQ(doc.error().code, ErrorCode::invalid_input) << text;
  }
}

TEST(ParseJsonObject, RejectsDeepNesting) {
  std::string deep = "{\"a\":" + std::string(200, '[') + std::string(200, ']') + "}";
  auto doc = parse_json_object(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("nested deeper"), std::string::npos);
  EXPECT_TRUE(parse_json_object("{\"a\":[[[1]]]}").ok());
}

TEST(ParseJsonObject, DepthLimitCountsEveryContainer) {
  auto nested = [](int levels) {
    return std::string(static_cast<std::size_t>(levels), '[') + std::string(static_cast<std::size_t>(levels), ']');
  };
  // The object itself is the first of the 32 levels.
  EXPECT_TRUE(parse_json_object("{\"a\":" + nested(31) + "}").ok());
  auto deep = parse_json_object("{\"a\":" + nested(32) + "}");
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.error().message.find("nested deeper than 32 levels"), std::string::npos);
}

// Many members in one container: a parse callback that rescanned the parent
// on each close made these quadratic (a 3 MB array took minutes); they must
// parse in one pass however wide the container.
TEST(ParseJsonObject, WideContainersParseInOnePass) {
  std::string members = "{\"x\":{";
  for (int i = 0; i < 400000; ++i) members += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":{}";
  members += "}}";
  auto objects = parse_json_object(members);
  ASSERT_TRUE(objects.ok()) << objects.error().message;
  EXPECT_EQ((*objects)["x"].size(), 400000U);

  std::string items = "{\"a\":[{}";
  for (int i = 1; i < 1000000; ++i) items += ",{}";
  items += "]}";
  auto arrays = parse_json_object(items);
  ASSERT_TRUE(arrays.ok()) << arrays.error().message;
  EXPECT_EQ((*arrays)["a"].size(), 1000000U);
}

TEST(ParseJsonObject, NumbersOutOfRangeNameTheirField) {
  struct Case {
    const char* text;
    const char* field;
  };
  for (auto c : {Case{R"({"username":1e400})", "username"}, Case{R"({"a":-1e999,"b":1})", "a"},
                 Case{R"({"subject":{"names":[{"full":"x"},{"born":1E+999}]}})", "subject.names[1].born"},
                 Case{R"({"list":[1,[2,3e900]]})", "list[1][1]"}}) {
    auto doc = parse_json_object(c.text);
    ASSERT_FALSE(doc.ok()) << c.text;
    EXPECT_EQ(doc.error().code, ErrorCode::invalid_input) << c.text;
    ASSERT_EQ(doc.error().fields.size(), 1U) << c.text;
    EXPECT_EQ(doc.error().fields[0].field, c.field) << c.text;
    EXPECT_NE(doc.error().fields[0].reason.find("out of range"), std::string::npos) << doc.error().message;
  }
  // Large but finite numbers are numbers.
  EXPECT_TRUE(parse_json_object(R"({"a":1e300,"b":-1e-400,"c":99999999999999999999999})").ok());
}

TEST(JsonFields, IntegersAboveInt64AreOutOfRangeNotWrapped) {
  auto doc = parse_json_object(R"({"n":18446744073709551615,"m":9223372036854775807})");
  ASSERT_TRUE(doc.ok());
  JsonFields f(*doc);
  EXPECT_FALSE(f.integer("n", true, -10, 10));
  EXPECT_EQ(f.integer("m", true, 0, std::numeric_limits<std::int64_t>::max()),
            std::numeric_limits<std::int64_t>::max());
  auto status = f.finish();
  ASSERT_FALSE(status.ok());
  ASSERT_EQ(status.error().fields.size(), 1U);
  EXPECT_EQ(status.error().fields[0], (FieldError{"n", "must be between -10 and 10"}));
}

TEST(JsonFields, ReportsEveryProblemAtOnce) {
  json body = {{"name", 5}, {"count", 2000}, {"extra", true}, {"list", {"a", 2}}};
  JsonFields f(body);
  EXPECT_FALSE(f.string("name", true));
  EXPECT_FALSE(f.string("missing", true));
  EXPECT_FALSE(f.integer("count", true, 0, 100));
  EXPECT_FALSE(f.string_list("list", false, 10));
  auto status = f.finish();
  ASSERT_FALSE(status.ok());
  std::vector<FieldError> expected = {{"name", "must be a string"},
                                      {"missing", "is required"},
                                      {"count", "must be between 0 and 100"},
                                      {"list[1]", "must be a string"},
                                      {"extra", "is not a known field"}};
  EXPECT_EQ(status.error().fields, expected);
}

TEST(JsonFields, PrefixesNestedFieldsAndBoundsLengths) {
  json body = {{"full", std::string(300, 'x')}, {"ok", "y"}};
  JsonFields f(body, "subject");
  EXPECT_FALSE(f.string("full", true, 200));
  EXPECT_EQ(f.string("ok", true, 200), "y");
  auto status = f.finish();
  ASSERT_FALSE(status.ok());
  ASSERT_EQ(status.error().fields.size(), 1U);
  EXPECT_EQ(status.error().fields[0].field, "subject.full");
}

TEST(JsonFields, EmptyRequiredStringAndNullOptional) {
  json body = {{"a", ""}, {"b", nullptr}};
  JsonFields f(body);
  EXPECT_FALSE(f.string("a", true));
  EXPECT_FALSE(f.string("b", false));
  auto status = f.finish();
  ASSERT_FALSE(status.ok());
  ASSERT_EQ(status.error().fields.size(), 1U);
  EXPECT_EQ(status.error().fields[0], (FieldError{"a", "must not be empty"}));
}

TEST(ErrorCodes, MapToHttpAndExitCodes) {
  EXPECT_EQ(http_status(ErrorCode::invalid_input), 400);
  EXPECT_EQ(http_status(ErrorCode::unauthenticated), 401);
  EXPECT_EQ(http_status(ErrorCode::forbidden), 403);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(http_status(ErrorCode::too_large), 413);
  EXPECT_EQ(http_status(ErrorCode::rate_limited), 429);
  EXPECT_EQ(exit_code(ErrorCode::invalid_input), 2);
  EXPECT_EQ(exit_code(ErrorCode::internal), 1);
  EXPECT_EQ(exit_code(ErrorCode::integrity), 1);
}

}  // namespace
}  // namespace ariadne
