// Routes of the HTTP API: one table that both serves requests and generates
// the OpenAPI document, so the description cannot drift from the server.
// Handlers are thin: parse into parameters, call one domain function, map
// the result. Errors become application/problem+json in exactly one place.
#pragma once

#include <functional>
#include <limits>
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
  std::string raw;  // sent instead of body when content_type is not JSON, or when set (JSON text written directly)
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
  // A path parameter that must be a positive integer id (400 naming it otherwise).
  Result<std::int64_t> id_param(const std::string& name = "id") const;
  // An optional integer query parameter within [min, max]; `fallback` when absent.
  Result<std::int64_t> int_query(const std::string& name, std::int64_t fallback, std::int64_t min,
                                 std::int64_t max) const;
  // Rejects query parameters outside `allowed` (a typo should not silently widen a search).
  Status only_queries(std::initializer_list<const char*> allowed) const;
  // The body as a JSON object; checks the media type and nesting depth.
  Result<nlohmann::json> json_body() const;
  // The body as sent, after the same media-type check, for handlers that parse it themselves.
  Result<std::string_view> json_text() const;
  // A request header ("" when absent), the raw body, and a part of a
  // multipart/form-data body (nullopt when absent), for handlers that read
  // bodies other than JSON without the HTTP library's header.
  std::string header(const std::string& name) const;
  std::string_view body() const;
  std::optional<std::string> form_part(const std::string& name) const;
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
  // Media types of the body when not application/json (the handler checks them itself).
  std::vector<std::string> request_media_types = {};
  // Error statuses this route answers beyond the ones every route of its
  // shape may (400, 401, 403, 404, 411, 413, 415, 500, 503), e.g. 409.
  std::vector<int> errors = {};
  // A tighter body limit than the server's (0: the server's): a route anyone
  // may call without a token parses no more than it needs.
  std::size_t max_body = 0;
  // The success body's media type when it is not JSON (text/event-stream, …).
  std::string response_media_type = {};
};

class Router {
 public:
  void add(Route route);
  // A component schema a route file contributes (beside the shared ones in openapi.cpp).
  void add_schema(const std::string& name, nlohmann::json schema);
  const std::vector<Route>& routes() const { return routes_; }
  // Registers every route with the server under /api/v1, with authentication
  // through `authenticate` (bearer token → caller).
  void install(httplib::Server& server,
               std::function<Result<policy::Caller>(const std::string& token)> authenticate) const;
  nlohmann::json openapi(const std::string& version) const;

 private:
  std::vector<Route> routes_;
  nlohmann::json schemas_ = nlohmann::json::object();
};

// True when a Content-Type header names exactly `expected` (lower case), parameters aside.
bool is_media_type(const std::string& header, std::string_view expected);
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
