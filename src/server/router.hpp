// Routes of the HTTP API: one table that both serves requests and generates
// the OpenAPI document, so the description cannot drift from the server.
// Handlers are thin: parse into parameters, call one domain function, map
// the result. Errors become application/problem+json in exactly one place.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace ariadne::server {

struct Reply {
  int status = 200;
  nlohmann::json body;
  std::string content_type = "application/json";
  std::string raw;  // sent instead of body when content_type is not JSON
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Context {
  const httplib::Request& request;
  std::optional<policy::Caller> caller;  // set for authenticated routes
  std::string token;
  std::string remote_addr;
  std::map<std::string, std::string> path_params;

  std::string path_param(const std::string& name) const;
  std::optional<std::string> query(const std::string& name) const;
  // Rejects query parameters outside `allowed` (a typo should not silently widen a search).
  Status only_queries(std::initializer_list<const char*> allowed) const;
  // The body as a JSON object; checks the media type and nesting depth.
  Result<nlohmann::json> json_body() const;
  const policy::Caller& who() const { return *caller; }
};

using Handler = std::function<Result<Reply>(Context&)>;

struct Route {
  std::string method;  // GET, POST, PATCH, DELETE
  std::string path;    // OpenAPI template under /api/v1, e.g. /documents/{id}
  std::string summary;
  std::string tag;
  bool authenticated = true;
  nlohmann::json request_schema;   // null when the route takes no body
  nlohmann::json response_schema;  // schema of the success body, null for 204
  int success_status = 200;
  std::vector<std::pair<std::string, std::string>> query_params;  // name, description
  Handler handler;
};

class Router {
 public:
  void add(Route route);
  const std::vector<Route>& routes() const { return routes_; }
  // Registers every route with the server under /api/v1, with authentication
  // through `authenticate` (bearer token → caller).
  void install(httplib::Server& server,
               std::function<Result<policy::Caller>(const std::string& token)> authenticate) const;
  nlohmann::json openapi(const std::string& version) const;

 private:
  std::vector<Route> routes_;
};

// Writes an Error as application/problem+json.
void write_problem(httplib::Response& res, const Error& error);
nlohmann::json problem_json(const Error& error, int status);
const char* status_title(int status);
nlohmann::json schema_ref(const std::string& name);
nlohmann::json components();

}  // namespace ariadne::server

namespace ariadne::server {
// Who made the request this thread is finishing (for the access log).
struct RequestTrace {
  std::string username = "-";
  std::string member = "-";
};
RequestTrace& current_trace();
}  // namespace ariadne::server
