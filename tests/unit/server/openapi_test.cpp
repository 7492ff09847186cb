// The OpenAPI document is generated from the route table; these checks keep
// it complete and self-consistent as routes are added.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
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

// docs/api.md's route table is written by hand, apart from the route table
// it is checked against: the same routes, each with the success status its
// row gives (→ 201, → 204, else 200) and open to anyone exactly when its row
// says so.
TEST_F(OpenApiTest, TheRoutesAreExactlyThoseDocsApiDescribes) {
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/docs/api.md");
  ASSERT_TRUE(in) << "docs/api.md is missing";
  struct Row {
    int status = 200;
    bool anyone = false;
  };
  std::map<std::string, Row> described;
  const std::regex row(R"(^\| `(GET|POST|PATCH|DELETE) (/[^`]*)` \| ([^|]*) \|(.*)\|$)");
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    Row r;
    const std::string what = m[4];
    if (what.find("→ 201") != std::string::npos) r.status = 201;
    if (what.find("→ 204") != std::string::npos) r.status = 204;
    r.anyone = m[3].str().find("anyone") != std::string::npos;
    EXPECT_TRUE(described.emplace(m[1].str() + " " + m[2].str(), r).second) << "described twice: " << line;
  }
  ASSERT_GT(described.size(), 20U) << "docs/api.md's route table was not found";
  std::set<std::string> served;
  for (const auto& r : router_.routes()) {
    const std::string name = r.method + " " + r.path;
    served.insert(name);
    auto it = described.find(name);
    if (it == described.end()) {
      ADD_FAILURE() << name << " is served but not in docs/api.md's route table";
      continue;
    }
    EXPECT_EQ(r.success_status, it->second.status) << name;
    EXPECT_EQ(!r.authenticated, it->second.anyone) << name;
  }
  for (const auto& [name, _] : described) EXPECT_TRUE(served.count(name)) << name << " is described but not served";
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
