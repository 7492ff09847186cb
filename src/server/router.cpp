#include "server/router.hpp"

#include <httplib.h>

#include <regex>
#include <set>

#include "common/json_fields.hpp"

namespace ariadne::server {

using nlohmann::json;

RequestTrace& current_trace() {
  thread_local RequestTrace trace;
  return trace;
}

std::string Context::header(const std::string& name) const {
  return request.get_header_value(name);
}

std::string_view Context::body() const {
  return request.body;
}

std::optional<std::string> Context::form_part(const std::string& name) const {
  if (!request.has_file(name)) return std::nullopt;
  return request.get_file_value(name).content;
}

std::string Context::path_param(const std::string& name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? std::string() : it->second;
}

std::optional<std::string> Context::query(const std::string& name) const {
  if (!request.has_param(name)) return std::nullopt;
  return request.get_param_value(name);
}

namespace {
std::optional<std::int64_t> parse_int(const std::string& raw) {
  try {
    std::size_t used = 0;
    long long n = std::stoll(raw, &used);
    if (used != raw.size()) return std::nullopt;
    return static_cast<std::int64_t>(n);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}
}  // namespace

Result<std::int64_t> Context::id_param(const std::string& name) const {
  auto n = parse_int(path_param(name));
  if (!n || *n < 1) return Error::invalid(name, "must be a positive integer");
  return *n;
}

Result<std::int64_t> Context::int_query(const std::string& name, std::int64_t fallback, std::int64_t min,
                                        std::int64_t max) const {
  auto raw = query(name);
  if (!raw) return fallback;
  auto n = parse_int(*raw);
  if (!n || *n < min || *n > max) {
    return Error::invalid(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return *n;
}

Status Context::only_queries(std::initializer_list<const char*> allowed) const {
  std::vector<FieldError> errors;
  for (const auto& [key, _] : request.params) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) errors.push_back({key, "is not a known query parameter"});
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return {};
}

bool is_media_type(const std::string& header, std::string_view expected) {
  // The type/subtype before any parameters (";charset=utf-8"), case-insensitive, exactly.
  std::string_view value(header);
  value = value.substr(0, value.find(';'));
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  if (value.size() != expected.size()) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != expected[i]) return false;
  }
  return true;
}

Result<std::string_view> Context::json_text() const {
  auto type = request.get_header_value("Content-Type");
  if (!type.empty() && !is_media_type(type, "application/json")) {
    return Error{ErrorCode::unsupported, "the body must be application/json, not " + type, {}};
  }
  return std::string_view(request.body);
}

Result<json> Context::json_body() const {
  ARIADNE_ASSIGN(auto text, json_text());
  return parse_json_object(text);
}

const char* status_title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

json problem_json(const Error& error, int status) {
  json p = {{"type", std::string("/problems/") + error_code_name(error.code)},
            {"title", status_title(status)},
            {"status", status},
            {"detail", error.message}};
  if (!error.fields.empty()) {
    json errors = json::array();
    for (const auto& f : error.fields) errors.push_back({{"field", f.field}, {"reason", f.reason}});
    p["errors"] = errors;
  }
  return p;
}

void write_problem(httplib::Response& res, const Error& error) {
  int status = http_status(error.code);
  res.status = status;
  if (error.code == ErrorCode::unauthenticated) res.set_header("WWW-Authenticate", "Bearer");
  if (error.retry_after_s > 0) res.set_header("Retry-After", std::to_string(error.retry_after_s));
  res.set_content(problem_json(error, status).dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/problem+json");
}

void Router::add(Route route) {
  routes_.push_back(std::move(route));
}

void Router::add_schema(const std::string& name, json schema) {
  schemas_[name] = std::move(schema);
}

namespace {

// /documents/{id} → ^/api/v1/documents/([^/]+)$ and the parameter names in order.
std::pair<std::string, std::vector<std::string>> to_pattern(const std::string& path) {
  static const std::regex param(R"(\{([a-z_]+)\})");
  std::vector<std::string> names;
  std::string pattern = "/api/v1";
  std::size_t last = 0;
  for (auto it = std::sregex_iterator(path.begin(), path.end(), param); it != std::sregex_iterator(); ++it) {
    pattern += path.substr(last, static_cast<std::size_t>(it->position()) - last);
    pattern += "([^/]+)";
    names.push_back((*it)[1]);
    last = static_cast<std::size_t>(it->position() + it->length());
  }
  pattern += path.substr(last);
  return {pattern, names};
}

std::string bearer_token(const httplib::Request& req) {
  auto header = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return header.substr(kPrefix.size());
}

}  // namespace

void Router::install(httplib::Server& server,
                     std::function<Result<policy::Caller>(const std::string&)> authenticate) const {
  for (const auto& route : routes_) {
    auto [pattern, names] = to_pattern(route.path);
    httplib::Server::Handler handler = [&route, names = names, authenticate](const httplib::Request& req,
                                                                             httplib::Response& res) {
      auto& trace = current_trace();
      trace = RequestTrace{};
      Context ctx{req, std::nullopt, {}, req.remote_addr, {}};
      for (std::size_t i = 0; i < names.size() && i + 1 < req.matches.size(); ++i) {
        ctx.path_params[names[i]] = req.matches[i + 1].str();
      }
      if (route.max_body != 0 && req.body.size() > route.max_body) {
        write_problem(
            res, Error{ErrorCode::too_large,
                       "the body is larger than this route's limit of " + std::to_string(route.max_body) + " bytes",
                       {}});
        return;
      }
      if (route.authenticated) {
        ctx.token = bearer_token(req);
        if (ctx.token.empty()) {
          write_problem(res, Error{ErrorCode::unauthenticated, "an Authorization: Bearer token is required", {}});
          return;
        }
        auto caller = authenticate(ctx.token);
        if (!caller) {
          write_problem(res, caller.error());
          return;
        }
        ctx.caller = *caller;
        trace.username = caller->username;
        trace.member = caller->member;
      }
      auto reply = route.handler(ctx);
      if (!reply) {
        write_problem(res, reply.error());
        return;
      }
      res.status = reply->status;
      for (const auto& [name, value] : reply->headers) res.set_header(name, value);
      if (reply->status == 204) return;
      if (reply->content_type == "application/json" && reply->raw.empty()) {
        res.set_content(reply->body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
      } else {
        res.set_content(reply->raw, reply->content_type);
      }
    };
    if (route.method == "GET") {
      server.Get(pattern, handler);
    } else if (route.method == "POST") {
      server.Post(pattern, handler);
    } else if (route.method == "PATCH") {
      server.Patch(pattern, handler);
    } else if (route.method == "DELETE") {
      server.Delete(pattern, handler);
    } else if (route.method == "PUT") {
      server.Put(pattern, handler);
    }
  }
}

json schema_ref(const std::string& name) {
  return {{"$ref", "#/components/schemas/" + name}};
}

json Router::openapi(const std::string& version) const {
  json paths = json::object();
  for (const auto& route : routes_) {
    json op = {{"summary", route.summary}, {"tags", {route.tag}}, {"operationId", route.method + " " + route.path}};
    json params = json::array();
    static const std::regex param(R"(\{([a-z_]+)\})");
    for (auto it = std::sregex_iterator(route.path.begin(), route.path.end(), param); it != std::sregex_iterator();
         ++it) {
      params.push_back({{"name", (*it)[1]}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    for (const auto& [name, description] : route.query_params) {
      params.push_back({{"name", name},
                        {"in", "query"},
                        {"required", false},
                        {"description", description},
                        {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (!route.request_schema.is_null()) {
      json content = json::object();
      for (const auto& type : route.request_media_types) content[type] = {{"schema", route.request_schema}};
      if (content.empty()) content["application/json"] = {{"schema", route.request_schema}};
      op["requestBody"] = {{"required", true}, {"content", content}};
    }
    json responses = json::object();
    std::string ok = std::to_string(route.success_status);
    if (!route.response_media_type.empty()) {
      responses[ok] = {{"description", "success"},
                       {"content", {{route.response_media_type, {{"schema", {{"type", "string"}}}}}}}};
    } else if (route.response_schema.is_null()) {
      responses[ok] = {{"description", "done"}};
    } else {
      responses[ok] = {{"description", "success"},
                       {"content", {{"application/json", {{"schema", route.response_schema}}}}}};
    }
    json problem = {{"content", {{"application/problem+json", {{"schema", schema_ref("Problem")}}}}}};
    auto add_problem = [&](const char* code, const char* text) {
      json p = problem;
      p["description"] = text;
      responses[code] = p;
    };
    if (!route.request_schema.is_null() || !route.query_params.empty() || route.path.find('{') != std::string::npos) {
      add_problem("400", "invalid input, with field-level reasons");
    }
    if (route.authenticated) {
      add_problem("401", "missing, unknown, expired or revoked token");
      add_problem("403", "the caller's role may not act");
    }
    if (route.path.find('{') != std::string::npos) add_problem("404", "absent, or not visible to the caller");
    if (!route.request_schema.is_null()) {
      add_problem("411", "a chunked body (send Content-Length)");
      add_problem("413", "body over the size limit");
      add_problem("415", "a body that is not of the documented media type");
    }
    for (int status : route.errors) {
      std::string code = std::to_string(status);
      add_problem(code.c_str(), status == 409   ? "conflicts with a stored record or the record's state"
                                : status == 401 ? "wrong user name or password"
                                : status == 429 ? "too many failed attempts"
                                                : status_title(status));
    }
    add_problem("500", "internal error");
    add_problem("503", "the database is busy or unavailable");
    op["responses"] = responses;
    if (route.authenticated) op["security"] = json::array({{{"bearer", json::array()}}});
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[route.path][method] = op;
  }
  json doc = {{"openapi", "3.1.0"},
              {"info",
               {{"title", "Ariadne API"},
                {"version", version},
                {"description",
                 "Secure exchange, travel-document checks, notices, screening and crime analysis between "
                 "member countries. Errors are application/problem+json."}}},
              {"servers", {{{"url", "/api/v1"}}}},
              {"paths", paths},
              {"components", components()}};
  for (const auto& [name, schema] : schemas_.items()) doc["components"]["schemas"][name] = schema;
  doc["components"]["securitySchemes"] = {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}};
  return doc;
}

}  // namespace ariadne::server
