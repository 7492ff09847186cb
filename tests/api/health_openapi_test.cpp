// GET /health and the OpenAPI document: the document describes exactly the
// routes the server answers, every reference resolves, and every operation
// says what it returns.
#include <set>
#include <sstream>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

// Test suites are named api* so that `ctest -R api` selects this binary's tests.
class apiHealth : public ApiSuite {
 protected:
  json openapi() {
    auto r = api().get("/openapi.json");
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.body;
  }
};

bool is_no_route(const Response& r) {
  return r.connected && r.status == 404 && r.body.is_object() && r.body.value("detail", "").rfind("no route", 0) == 0;
}

// /documents/{id} → /documents/999999999: a concrete path that matches the template.
std::string concrete(const std::string& templ) {
  std::string out;
  for (std::size_t i = 0; i < templ.size(); ++i) {
    if (templ[i] == '{') {
      i = templ.find('}', i);
      out += "999999999";
    } else {
      out += templ[i];
    }
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

const std::set<std::string> kHttpMethods = {"get", "post", "patch", "delete", "put"};

TEST_F(apiHealth, HealthAnswersWithoutToken) {
  auto r = api().get("/health");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.content_type().rfind("application/json", 0), 0u) << r.content_type();
  EXPECT_EQ(r.body["status"], "ok");
  EXPECT_EQ(r.body["database"], "ok");
  EXPECT_TRUE(r.body["version"].is_string());
}

TEST_F(apiHealth, DocumentIsOpenApi31) {
  auto doc = openapi();
  ASSERT_TRUE(doc.is_object());
  ASSERT_TRUE(doc["openapi"].is_string());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.1", 0), 0u) << doc["openapi"];
  EXPECT_TRUE(doc["info"]["title"].is_string());
  EXPECT_TRUE(doc["info"]["version"].is_string());
  ASSERT_TRUE(doc["paths"].is_object());
  EXPECT_FALSE(doc["paths"].empty());
  // The routes API.md names for the implemented modules are documented.
  for (const auto& [path, method] : std::vector<std::pair<std::string, std::string>>{{"/health", "get"},
                                                                                     {"/openapi.json", "get"},
                                                                                     {"/auth/login", "post"},
                                                                                     {"/me", "get"},
                                                                                     {"/members", "get"},
                                                                                     {"/members", "post"},
                                                                                     {"/documents", "post"},
                                                                                     {"/documents", "get"},
                                                                                     {"/documents/{id}", "get"},
                                                                                     {"/documents/{id}", "patch"},
                                                                                     {"/documents/{id}", "delete"},
                                                                                     {"/audit", "get"}}) {
    EXPECT_TRUE(doc["paths"].contains(path) && doc["paths"][path].contains(method)) << method << " " << path;
  }
}

TEST_F(apiHealth, EveryDocumentedOperationIsServed) {
  auto doc = openapi();
  ASSERT_TRUE(doc["paths"].is_object());
  std::string probe_token = api().login("ipsg.officer");  // logout below revokes it, not the shared tokens
  int operations = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (!kHttpMethods.count(method)) continue;
      ++operations;
      Request req{upper(method),
                  concrete(path),
                  std::nullopt,
                  std::nullopt,
                  "application/json",
                  method == "post" && path == "/auth/logout" ? probe_token : token("admin"),
                  {}};
      if (method == "post" || method == "patch" || method == "put") req.body = json::object();
      // An event stream answers until the client leaves: probed with a resume
      // point that is no id, which it answers at once (400).
      if (op["responses"]["200"]["content"].contains("text/event-stream")) {
        req.headers.emplace("Last-Event-ID", "not-an-id");
      }
      auto r = api().send(req);
      ASSERT_TRUE(r.connected) << method << " " << path << ": " << r.describe();
      EXPECT_FALSE(is_no_route(r)) << "documented but not served: " << method << " " << path << " → " << r.describe();
      EXPECT_LT(r.status, 500) << method << " " << path << " → " << r.describe();
    }
  }
  EXPECT_GE(operations, 12);
}

TEST_F(apiHealth, UndocumentedRequestsGetNoRoute) {
  auto doc = openapi();
  ASSERT_TRUE(doc["paths"].is_object());
  // Every method the document does not list for a documented path.
  std::vector<std::pair<std::string, std::string>> probes;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& m : kHttpMethods) {
      if (!item.contains(m)) probes.emplace_back(upper(m), concrete(path));
    }
  }
  // Paths the document does not list at all.
  for (const auto& p : {"/nonexistent", "/documents/1/extra", "/document", "/documents/", "/auth", "/auth/logon",
                        "/users/1", "/audit/verify/now", "/", ""}) {
    probes.emplace_back("GET", p);
    probes.emplace_back("POST", p);
  }
  for (const auto& [method, path] : probes) {
    if (doc["paths"].contains(path)) continue;  // a documented concrete path (none expected)
    Request req{method, path, std::nullopt, std::nullopt, "application/json", token("admin"), {}};
    if (method != "GET" && method != "DELETE") req.body = json::object();
    auto r = api().send(req);
    EXPECT_TRUE(is_no_route(r)) << "undocumented but answered: " << method << " /api/v1" << path << " → "
                                << r.describe();
    EXPECT_TRUE(r.is_problem()) << method << " " << path;
  }
  // Outside the prefix.
  httplib::Client plain("127.0.0.1", world().server().port());
  auto r = plain.Get("/api/v2/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_F(apiHealth, AuthenticationMatchesSecurity) {
  auto doc = openapi();
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (!kHttpMethods.count(method)) continue;
      Request req{upper(method), concrete(path), std::nullopt, std::nullopt, "application/json", "", {}};
      if (method == "post" || method == "patch") req.body = json::object();
      auto r = api().send(req);
      bool secured = op.contains("security") && !op["security"].empty();
      if (secured) {
        EXPECT_EQ(r.status, 401) << method << " " << path << " declares security but " << r.describe();
        EXPECT_TRUE(op["responses"].contains("401")) << method << " " << path;
      } else {
        EXPECT_NE(r.status, 401) << method << " " << path << " declares no security but " << r.describe();
      }
    }
  }
}

void collect_refs(const json& node, const std::string& where, std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) {
      if (k == "$ref") {
        out.emplace_back(where, v.is_string() ? v.get<std::string>() : v.dump());
      } else {
        collect_refs(v, where + "/" + k, out);
      }
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) collect_refs(node[i], where + "/" + std::to_string(i), out);
  }
}

TEST_F(apiHealth, EveryRefResolves) {
  auto doc = openapi();
  std::vector<std::pair<std::string, std::string>> refs;
  collect_refs(doc, "", refs);
  EXPECT_GE(refs.size(), 10u);
  for (const auto& [where, ref] : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << "non-local $ref at " << where << ": " << ref;
    bool found = false;
    try {
      found = doc.contains(json::json_pointer(ref.substr(1)));
    } catch (const json::exception&) {
      found = false;
    }
    EXPECT_TRUE(found) << "$ref at " << where << " does not resolve: " << ref;
  }
}

TEST_F(apiHealth, EveryOperationHasResponsesAndBodiesHaveSchemas) {
  auto doc = openapi();
  std::set<std::string> operation_ids;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (!kHttpMethods.count(method)) continue;
      std::string name = method + " " + path;
      ASSERT_TRUE(op.contains("responses") && op["responses"].is_object()) << name;
      EXPECT_FALSE(op["responses"].empty()) << name;
      bool has_success = false;
      for (const auto& [code, response] : op["responses"].items()) {
        EXPECT_TRUE(response.contains("description")) << name << " " << code;
        has_success = has_success || code.rfind('2', 0) == 0;
      }
      EXPECT_TRUE(has_success) << name << " documents no 2xx response";
      EXPECT_TRUE(op["responses"].contains("500")) << name;
      if (op.contains("operationId")) {
        EXPECT_TRUE(operation_ids.insert(op["operationId"].get<std::string>()).second)
            << "duplicate operationId " << op["operationId"];
      }
      // Path parameters are declared.
      if (path.find('{') != std::string::npos) {
        ASSERT_TRUE(op.contains("parameters")) << name;
        bool declared = false;
        for (const auto& p : op["parameters"]) declared = declared || p.value("in", "") == "path";
        EXPECT_TRUE(declared) << name;
      }
      if (method != "post" && method != "patch") continue;
      if (op.contains("requestBody")) {
        // A documented body has a schema for every media type it accepts.
        const auto& content = op["requestBody"]["content"];
        ASSERT_TRUE(content.is_object() && !content.empty()) << name << " documents no media type for its body";
        for (const auto& [media, body] : content.items()) {
          EXPECT_TRUE(body.contains("schema")) << name << " " << media << " has no schema";
        }
        EXPECT_TRUE(op["responses"].contains("400")) << name;
        EXPECT_TRUE(op["responses"].contains("413")) << name;
      } else if (path.rfind("/auth/", 0) != 0) {  // (logout would revoke the shared token)
        // An operation that documents no body must not read one: a JSON reader answers 415 to text/plain.
        auto r = api().send(
            {upper(method), concrete(path), std::nullopt, std::string("x"), "text/plain", token("admin"), {}});
        EXPECT_NE(r.status, 415) << name << " reads a body but documents none: " << r.describe();
      }
    }
  }
}

// The documented success status is the one the server answers with.
TEST_F(apiHealth, DocumentedSuccessStatusesMatch) {
  auto doc = openapi();
  auto documented = [&](const std::string& path, const std::string& method, const std::string& code) {
    return doc["paths"][path][method]["responses"].contains(code);
  };
  auto created = api().post("/documents", document_body(fresh_number(), "FRA"), token("fra.officer"));
  ASSERT_EQ(created.status, 201) << created.describe();
  EXPECT_TRUE(documented("/documents", "post", "201"));
  std::string one = "/documents/" + std::to_string(created.body["id"].get<long long>());
  EXPECT_EQ(api().get(one, token("fra.officer")).status, 200);
  EXPECT_TRUE(documented("/documents/{id}", "get", "200"));
  EXPECT_EQ(api().del(one, token("fra.officer")).status, 204);
  EXPECT_TRUE(documented("/documents/{id}", "delete", "204"));
  EXPECT_EQ(api().get("/me", token("fra.officer")).status, 200);
  EXPECT_TRUE(documented("/me", "get", "200"));
}

// Checks `value` against `schema`, for the part of JSON Schema the document
// uses: $ref, type (also a list), enum, required, properties,
// additionalProperties: false, items.
void validate(const json& doc, const json& schema, const json& value, const std::string& at,
              std::vector<std::string>& errors) {
  if (schema.contains("$ref")) {
    json::json_pointer ptr(schema["$ref"].get<std::string>().substr(1));
    if (!doc.contains(ptr)) {
      errors.push_back(at + ": unresolved " + schema["$ref"].dump());
      return;
    }
    validate(doc, doc[ptr], value, at, errors);
    return;
  }
  if (schema.contains("type")) {
    json types = schema["type"].is_array() ? schema["type"] : json::array({schema["type"]});
    bool ok = false;
    for (const auto& t : types) {
      ok = ok || (t == "object" && value.is_object()) || (t == "array" && value.is_array()) ||
           (t == "string" && value.is_string()) || (t == "integer" && value.is_number_integer()) ||
           (t == "number" && value.is_number()) || (t == "boolean" && value.is_boolean()) ||
           (t == "null" && value.is_null());
    }
    if (!ok) {
      errors.push_back(at + ": expected " + schema["type"].dump() + ", got " + value.dump().substr(0, 80));
      return;
    }
  }
  if (schema.contains("enum") && !value.is_null()) {
    bool listed = std::find(schema["enum"].begin(), schema["enum"].end(), value) != schema["enum"].end();
    if (!listed) errors.push_back(at + ": " + value.dump() + " is not in " + schema["enum"].dump());
  }
  if (value.is_object()) {
    for (const auto& r : schema.value("required", json::array())) {
      if (!value.contains(r.get<std::string>())) errors.push_back(at + ": required " + r.dump() + " is missing");
    }
    const json props = schema.value("properties", json::object());
    bool closed = schema.contains("additionalProperties") && schema["additionalProperties"] == false;
    for (const auto& [k, v] : value.items()) {
      if (props.contains(k)) {
        validate(doc, props[k], v, at + "." + k, errors);
      } else if (closed) {
        errors.push_back(at + ": undocumented property " + k);
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      validate(doc, schema["items"], value[i], at + "[" + std::to_string(i) + "]", errors);
    }
  }
}

// Real answers match the schemas the document gives for them.
TEST_F(apiHealth, AnswersMatchTheirSchemas) {
  auto doc = openapi();
  struct Sample {
    std::string path;  // the template
    std::string method;
    Response response;
  };
  std::vector<Sample> samples;
  auto add = [&](const std::string& templ, const std::string& method, Response r) {
    samples.push_back({templ, method, std::move(r)});
  };
  const std::string fra = token("fra.officer");
  const std::string admin = token("admin");
  add("/health", "get", api().get("/health"));
  add("/auth/login", "post", api().post("/auth/login", {{"username", "deu.officer"}, {"password", kPassword}}));
  add("/auth/login", "post", api().post("/auth/login", {{"username", "deu.officer"}, {"password", "wrong-password!"}}));
  add("/me", "get", api().get("/me", fra));
  add("/members", "get", api().get("/members", fra));
  add("/members", "post", api().post("/members", {{"code", "AUT"}, {"name", "Austria"}}, admin));
  add("/members", "post", api().post("/members", {{"code", "AUT"}, {"name", "Austria"}}, admin));  // 409
  add("/users", "post",
      api().post("/users",
                 {{"username", "aut.officer"}, {"member", "AUT"}, {"role", "officer"}, {"password", kPassword}},
                 admin));
  json body = document_body(fresh_number("S"), "FRA", {{"scope", "members"}, {"members", {"DEU", "ITA"}}});
  body["issued_on"] = "2019-05-01";
  auto created = api().post("/documents", body, fra);
  add("/documents", "post", created);
  add("/documents", "post", api().post("/documents", {{"colour", "red"}}, fra));                             // 400
  add("/documents", "post", api().post("/documents", body, fra));                                            // 409
  add("/documents", "post", api().send({"POST", "/documents", body, std::nullopt, "text/plain", fra, {}}));  // 415
  ASSERT_EQ(created.status, 201) << created.describe();
  std::string one = "/documents/" + std::to_string(created.body["id"].get<long long>());
  add("/documents/{id}", "get", api().get(one, fra));
  add("/documents/{id}", "get", api().get("/documents/987654321", fra));  // 404
  add("/documents/{id}", "patch", api().patch(one, {{"status", "lost"}}, fra));
  add("/documents", "get", api().get("/documents?limit=2", fra));
  add("/documents", "get", api().get("/documents", ""));  // 401
  add("/audit", "get", api().get("/audit?limit=5", admin));
  add("/audit", "get", api().get("/audit", fra));  // 403
  add("/audit/verify", "get", api().get("/audit/verify", admin));
  add("/audit/head", "get", api().get("/audit/head", admin));                                  // 404: no key
  add("/audit/checkpoints", "post", api().post("/audit/checkpoints", json::object(), admin));  // 409

  for (const auto& s : samples) {
    std::string name = s.method + " " + s.path + " → " + std::to_string(s.response.status);
    ASSERT_TRUE(s.response.connected) << name;
    const json& responses = doc["paths"][s.path][s.method]["responses"];
    std::string code = std::to_string(s.response.status);
    if (!responses.contains(code)) {
      ADD_FAILURE() << name << ": status not documented; " << s.response.describe();
      continue;
    }
    std::string media = s.response.content_type().substr(0, s.response.content_type().find(';'));
    if (!responses[code].contains("content") || !responses[code]["content"].contains(media)) {
      ADD_FAILURE() << name << ": media type " << media << " not documented";
      continue;
    }
    std::vector<std::string> errors;
    validate(doc, responses[code]["content"][media]["schema"], s.response.body, "body", errors);
    for (const auto& e : errors) ADD_FAILURE() << name << ": " << e;
  }
}

// The access log: one compact JSON object a line on stderr per request, with
// exactly these fields, the path without its query string, and the user and
// member the request acted as.
TEST(apiLog, EveryRequestWritesOneJsonAccessLine) {
  World w;
  ASSERT_EQ(w.start(), "");
  auto c = w.client();
  auto listed = c.get("/documents?number=SEARCHED4NAME", w.token("fra.officer"));
  ASSERT_EQ(listed.status, 200) << listed.describe();
  ASSERT_EQ(w.server().stop(), 0) << w.server().stderr_text();  // every line is written by then

  std::string log = w.server().stderr_text();
  EXPECT_EQ(log.find("SEARCHED4NAME"), std::string::npos) << log;
  std::istringstream lines(log);
  std::vector<json> access;
  for (std::string line; std::getline(lines, line);) {
    auto entry = json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << "not a JSON line: " << line;
    EXPECT_EQ(entry.dump(), line) << "not one compact JSON object";
    if (entry.contains("path") && entry["path"] == "/api/v1/documents") access.push_back(entry);
  }
  ASSERT_EQ(access.size(), 1u) << log;
  const json& e = access.front();
  std::set<std::string> keys;
  for (const auto& [k, _] : e.items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"ts", "remote", "method", "path", "status", "ms", "bytes", "user", "member"}));
  EXPECT_EQ(e["method"], "GET");
  EXPECT_EQ(e["status"], 200);
  EXPECT_EQ(e["remote"], "127.0.0.1");
  EXPECT_EQ(e["user"], "fra.officer");
  EXPECT_EQ(e["member"], "FRA");
  EXPECT_EQ(e["bytes"], listed.raw.size());
  EXPECT_TRUE(e["ms"].is_number()) << e;
  EXPECT_TRUE(e["ts"].is_string()) << e;
}

}  // namespace
}  // namespace ariadne::apitest
