#include "common/json_fields.hpp"

#include <gtest/gtest.h>

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
