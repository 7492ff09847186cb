// Person screening against published notices and diffusions (POST /screen, /screen/batch).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "exchange/watches.hpp"
#include "notices/notices.hpp"
#include "screen/screening.hpp"
#include "server/server.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

Result<const screen::ScreeningIndex*> screening_index_of(const AppState& app) {
  if (app.screening == nullptr) return Error{ErrorCode::unavailable, "the screening index is not loaded", {}};
  return static_cast<const screen::ScreeningIndex*>(app.screening);
}

void add_screen_schemas(Router& router) {
  json str = {{"type", "string"}};
  json query = {{"type", "object"},
                {"properties",
                 {{"name", {{"type", "string"}, {"description", "any script; order, variants and typos tolerated"}}},
                  {"birth_date", {{"type", "string"}, {"description", "YYYY, YYYY-MM or YYYY-MM-DD"}}},
                  {"nationality", {{"type", "string"}, {"description", "ISO 3166-1 alpha-3"}}},
                  {"sex", {{"type", "string"}, {"enum", {"M", "F", "X"}}}},
                  {"document", {{"type", "string"}, {"description", "a document number of the subject"}}},
                  {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", screen::kMaxLimit}}}}},
                {"required", {"name"}},
                {"additionalProperties", false}};
  router.add_schema("ScreenQuery", query);
  router.add_schema("ScreenBatchRequest",
                    {{"type", "object"},
                     {"properties", {{"queries", {{"type", "array"}, {"items", schema_ref("ScreenQuery")}}}}},
                     {"required", {"queries"}},
                     {"additionalProperties", false}});
  json reason = {{"type", "object"},
                 {"properties",
                  {{"field", {{"type", "string"}, {"enum", {"name", "birth_date", "nationality", "sex", "document"}}}},
                   {"how", str},
                   {"query", str},
                   {"candidate", str},
                   {"similarity", {{"type", "number"}}},
                   {"adjustment", {{"type", "number"}}}}},
                 {"required", {"field", "how"}}};
  json candidate = {
      {"type", "object"},
      {"properties",
       {{"score", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
        {"match", {{"type", "boolean"}, {"description", "score at or above the default threshold"}}},
        {"person_id", str},
        {"source",
         {{"type", "object"},
          {"properties",
           {{"kind", {{"type", "string"}, {"enum", {"notice", "diffusion", "document"}}}},
            {"id", {{"type", "integer"}}},
            {"type", str}}}}},
        {"names", {{"type", "array"}, {"items", str}}},
        {"extract", {{"type", "boolean"}, {"description", "true when the caller sees only the notice's extract"}}},
        {"reasons", {{"type", "array"}, {"items", reason}}}}},
      {"required", {"score", "person_id", "source", "names", "reasons"}}};
  router.add_schema("ScreenResult", {{"type", "object"},
                                     {"properties", {{"candidates", {{"type", "array"}, {"items", candidate}}}}},
                                     {"required", {"candidates"}}});
  router.add_schema("ScreenBatchResult",
                    {{"type", "object"},
                     {"properties", {{"results", {{"type", "array"}, {"items", schema_ref("ScreenResult")}}}}},
                     {"required", {"results"}}});
}

// Owners that watch their notices are told when a screening returned one
// (exchange/watches.hpp); one look at the watches when nobody watches.
Status tell_watching_owners(AppState& app, const policy::Caller& caller, const std::vector<const json*>& results) {
  ARIADNE_ASSIGN(auto watched, exchange::any_watch(app.db));
  if (!watched) return {};
  std::vector<std::int64_t> ids;
  for (const json* r : results) {
    for (const auto& c : (*r)["candidates"]) {
      const auto& source = c["source"];
      if (source["kind"] == "notice" || source["kind"] == "diffusion") ids.push_back(source["id"].get<std::int64_t>());
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ARIADNE_ASSIGN(auto owners, notices::owners_of(app.db, ids));
  for (const auto& [id, owner] : owners) {
    ARIADNE_TRY(exchange::record_queried(app.db, owner, "notice", id, caller, "screened a name that returned"));
  }
  return {};
}

}  // namespace

void add_screen_routes(Router& router, AppState& app) {
  add_screen_schemas(router);
  router.add({.method = "POST",
              .path = "/screen",
              .summary = "Screen a person against published notices and diffusions the caller may see",
              .tag = "screening",
              .request_schema = schema_ref("ScreenQuery"),
              .response_schema = schema_ref("ScreenResult"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto index, screening_index_of(app));
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto query, screen::parse_query(body));
                ARIADNE_ASSIGN(auto out, screen::screen(app.db, *index, ctx.who(), query));
                ARIADNE_TRY(tell_watching_owners(app, ctx.who(), {&out}));
                return Reply{200, out};
              }});
  router.add({.method = "POST",
              .path = "/screen/batch",
              .summary = "Screen up to 1,000 persons; one result per query, in order",
              .tag = "screening",
              .request_schema = schema_ref("ScreenBatchRequest"),
              .response_schema = schema_ref("ScreenBatchResult"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto index, screening_index_of(app));
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto out, screen::screen_batch(app.db, *index, ctx.who(), body));
                std::vector<const json*> results;
                for (const auto& r : out["results"]) results.push_back(&r);
                ARIADNE_TRY(tell_watching_owners(app, ctx.who(), results));
                return Reply{200, out};
              }});
}

}  // namespace ariadne::server
