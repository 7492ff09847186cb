// The OpenAPI document is generated from the route table; these checks keep
// it complete and self-consistent as routes are added.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>

#include "server/server.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::server {
namespace {

using nlohmann::json;

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::open_database(dir_.file("o.db")).value();
    app_.reset(new AppState{*db_, limiter_, {}});
    build_router(router_, *app_);
    doc_ = router_.openapi("test");
  }
  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  policy::LoginLimiter limiter_;
  std::unique_ptr<AppState> app_;
  Router router_;
  json doc_;
};

TEST_F(OpenApiTest, EveryRouteIsDescribedAndNothingElse) {
  std::set<std::string> routes, documented;
  for (const auto& r : router_.routes()) {
    std::string m = r.method;
    for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(routes.insert(m + " " + r.path).second) << "duplicate route " << r.path;
  }
  for (const auto& [path, ops] : doc_["paths"].items()) {
    for (const auto& [method, op] : ops.items()) documented.insert(method + " " + path);
  }
  EXPECT_EQ(routes, documented);
  EXPECT_EQ(doc_["openapi"], "3.1.0");
  for (const char* required :
       {"post /auth/login", "get /me", "get /members", "post /documents", "get /documents/{id}",
        "patch /documents/{id}", "delete /documents/{id}", "get /health", "get /openapi.json", "get /audit"}) {
    EXPECT_TRUE(routes.count(required)) << required;
  }
}

TEST_F(OpenApiTest, EveryReferenceResolvesAndBodiesHaveSchemas) {
  std::function<void(const json&)> walk = [&](const json& node) {
    if (node.is_object()) {
      if (auto it = node.find("$ref"); it != node.end()) {
        std::string ref = *it;
        ASSERT_EQ(ref.rfind("#/components/schemas/", 0), 0U) << ref;
        EXPECT_TRUE(doc_["components"]["schemas"].contains(ref.substr(21))) << ref;
      }
      for (const auto& [_, v] : node.items()) walk(v);
    } else if (node.is_array()) {
      for (const auto& v : node) walk(v);
    }
  };
  walk(doc_);
  for (const auto& r : router_.routes()) {
    std::string m = r.method;
    for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto& op = doc_["paths"][r.path][m];
    EXPECT_TRUE(op.contains("responses")) << r.path;
    EXPECT_FALSE(op["summary"].get<std::string>().empty()) << r.path;
    if (r.method == "PATCH" || (r.method == "POST" && !r.request_schema.is_null())) {
      EXPECT_TRUE(op.contains("requestBody")) << r.path;
    }
    if (r.authenticated) {
      EXPECT_TRUE(op["responses"].contains("401")) << r.path;
    }
  }
}

}  // namespace
}  // namespace ariadne::server

namespace ariadne::server {
namespace {

TEST_F(OpenApiTest, DocsApiListsEveryRoute) {
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/docs/api.md");
  ASSERT_TRUE(in) << "docs/api.md is missing";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& r : router_.routes()) {
    std::string entry = "`" + r.method + " " + r.path + "`";
    EXPECT_NE(text.find(entry), std::string::npos) << entry << " is not in docs/api.md";
  }
}

}  // namespace
}  // namespace ariadne::server
