// Notices (with their review) and diffusions.
#include <nlohmann/json.hpp>

#include "exchange/watches.hpp"
#include "notices/notices.hpp"
#include "server/server.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

Reply notice_reply(int status, const notices::Notice& n) {
  return Reply{status, notices::to_json(n)};
}

Result<Reply> list(AppState& app, Context& ctx, std::optional<notices::Kind> kind) {
  ARIADNE_TRY(ctx.only_queries({"type", "status", "q", "after", "limit"}));
  notices::NoticeQuery q;
  q.kind = kind;
  std::vector<FieldError> errors;
  if (auto t = ctx.query("type")) {
    q.type = notices::parse_notice_type(*t);
    if (!q.type) errors.push_back({"type", "must be a notice colour such as red or yellow"});
  }
  if (auto s = ctx.query("status")) {
    q.status = notices::parse_notice_status(*s);
    if (!q.status) errors.push_back({"status", "must be draft, submitted, published, rejected, cancelled or expired"});
  }
  if (auto text = ctx.query("q")) {
    if (text->empty() || text->size() > 200) errors.push_back({"q", "must be 1 to 200 bytes"});
    q.q = *text;
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  ARIADNE_ASSIGN(q.after_id, ctx.int_query("after", 0, 0, std::numeric_limits<std::int64_t>::max()));
  ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 1000));
  q.limit = static_cast<int>(limit);
  ARIADNE_ASSIGN(auto views, notices::list_notices(app.db, ctx.who(), q));
  // A search by words queries the notices it returns (a browse does not).
  if (q.q) {
    ARIADNE_ASSIGN(auto watched, exchange::any_watch(app.db));
    for (const auto& v : views) {
      if (!watched) break;
      ARIADNE_TRY(exchange::record_queried(app.db, v.notice.meta.owner, "notice", v.notice.id, ctx.who(),
                                           "searched for and found"));
    }
  }
  json items = json::array();
  for (const auto& v : views) items.push_back(notices::to_json(v.notice, v.extract_only));
  json out = {{kind == notices::Kind::diffusion ? "diffusions" : "notices", items}};
  out["next_after"] = static_cast<int>(views.size()) == q.limit ? json(views.back().notice.id) : json(nullptr);
  return Reply{200, out};
}

json str() {
  return {{"type", "string"}};
}
json strings() {
  return {{"type", "array"}, {"items", str()}};
}
json nullable_str() {
  return {{"type", json::array({"string", "null"})}};
}

void add_notice_schemas(Router& router) {
  json name = {{"type", "object"},
               {"properties",
                {{"full", str()},
                 {"script", {{"type", "string"}, {"description", "ISO 15924 code; detected when absent"}}},
                 {"kind", {{"type", "string"}, {"enum", {"primary", "alias", "maiden"}}}},
                 {"given", str()},
                 {"family", str()}}},
               {"required", {"full"}},
               {"additionalProperties", false}};
  json document = {{"type", "object"},
                   {"properties", {{"number", str()}, {"issuing_state", str()}, {"type", str()}}},
                   {"required", {"number"}},
                   {"additionalProperties", false}};
  router.add_schema("Subject", {{"type", "object"},
                                {"properties",
                                 {{"names", {{"type", "array"}, {"items", name}}},
                                  {"birth_date", {{"type", "string"}, {"description", "YYYY, YYYY-MM or YYYY-MM-DD"}}},
                                  {"birth_dates", strings()},
                                  {"sex", {{"type", "string"}, {"enum", {"M", "F", "X"}}}},
                                  {"nationalities", strings()},
                                  {"places_of_birth", strings()},
                                  {"documents", {{"type", "array"}, {"items", document}}},
                                  {"marks", strings()},
                                  {"languages", strings()},
                                  {"photos", strings()},
                                  {"victim", {{"type", "boolean"}}}}},
                                {"additionalProperties", false}});
  json details = json::object();
  for (const char* key : {"title", "offence", "legal_basis", "warrant", "judgment", "disappeared_on",
                          "disappeared_place", "found_on", "found_place", "description", "request", "warning", "threat",
                          "modus_operandi", "assets", "sanctions_reference", "text", "remarks"}) {
    details[key] = str();
  }
  json types = {{"type", "string"},
                {"enum", {"red", "yellow", "blue", "black", "green", "orange", "purple", "silver", "special"}}};
  json input = details;
  input["type"] = types;
  input["subject"] = schema_ref("Subject");
  input["restriction"] = schema_ref("Restriction");
  input["extract_to_all"] = {{"type", "boolean"}};
  router.add_schema(
      "NoticeInput",
      {{"type", "object"}, {"properties", input}, {"required", {"type"}}, {"additionalProperties", false}});
  json diffusion = details;
  diffusion["type"] = types;
  diffusion["subject"] = schema_ref("Subject");
  diffusion["to"] = strings();
  router.add_schema(
      "DiffusionInput",
      {{"type", "object"}, {"properties", diffusion}, {"required", {"type", "to"}}, {"additionalProperties", false}});
  router.add_schema(
      "Notice",
      {{"type", "object"},
       {"properties",
        {{"id", {{"type", "integer"}}},
         {"kind", {{"type", "string"}, {"enum", {"notice", "diffusion"}}}},
         {"type", types},
         {"status",
          {{"type", "string"}, {"enum", {"draft", "submitted", "published", "rejected", "cancelled", "expired"}}}},
         {"extract", {{"type", "boolean"}, {"description", "true when only the shared extract is shown"}}},
         {"subject", {{"type", json::array({"object", "null"})}}},
         {"details", {{"type", "object"}, {"properties", details}}},
         {"flags", strings()},
         {"review_reasons", strings()},
         {"extract_to_all", {{"type", "boolean"}}},
         {"restriction", schema_ref("Restriction")},
         {"owner", str()},
         {"to", strings()},
         {"created_by", str()},
         {"created_at", str()},
         {"updated_at", str()},
         {"submitted_at", nullable_str()},
         {"reviewed_by", nullable_str()},
         {"reviewed_at", nullable_str()},
         {"published_at", nullable_str()},
         {"expires_on", nullable_str()},
         {"cancel_reason", nullable_str()}}},
       {"required", {"id", "kind", "type", "status", "owner", "extract"}}});
  router.add_schema("NoticeList", {{"type", "object"},
                                   {"properties",
                                    {{"notices", {{"type", "array"}, {"items", schema_ref("Notice")}}},
                                     {"next_after", {{"type", json::array({"integer", "null"})}}}}},
                                   {"required", {"notices"}}});
  router.add_schema("DiffusionList", {{"type", "object"},
                                      {"properties",
                                       {{"diffusions", {{"type", "array"}, {"items", schema_ref("Notice")}}},
                                        {"next_after", {{"type", json::array({"integer", "null"})}}}}},
                                      {"required", {"diffusions"}}});
  router.add_schema(
      "NoticeReview",
      {{"type", "object"},
       {"properties", {{"decision", {{"type", "string"}, {"enum", {"approve", "reject"}}}}, {"reasons", strings()}}},
       {"required", {"decision"}},
       {"additionalProperties", false}});
  router.add_schema("NoticeCancel", {{"type", "object"},
                                     {"properties", {{"reason", str()}}},
                                     {"required", {"reason"}},
                                     {"additionalProperties", false}});
}

}  // namespace

void add_notice_routes(Router& router, AppState& app) {
  add_notice_schemas(router);
  router.add({.method = "POST",
              .path = "/notices",
              .summary = "Draft a notice (any colour); it is published only after review",
              .tag = "notices",
              .request_schema = schema_ref("NoticeInput"),
              .response_schema = schema_ref("Notice"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto n, notices::parse_notice(body, app.db, ctx.who(), notices::Kind::notice));
                ARIADNE_ASSIGN(auto created, notices::create_notice(app.db, ctx.who(), std::move(n)));
                return notice_reply(201, created);
              }});
  router.add({.method = "GET",
              .path = "/notices",
              .summary = "Notices visible to the caller (extracts where only those are shared)",
              .tag = "notices",
              .response_schema = schema_ref("NoticeList"),
              .query_params = {{"type", "colour"},
                               {"status", "lifecycle state"},
                               {"q", "part of a name"},
                               {"after", "id to continue after"},
                               {"limit", "1-1000, default 100"}},
              .handler = [&app](Context& ctx) { return list(app, ctx, notices::Kind::notice); }});
  router.add({.method = "GET",
              .path = "/notices/{id}",
              .summary = "One notice, or its extract",
              .tag = "notices",
              .response_schema = schema_ref("Notice"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto view, notices::get_notice(app.db, ctx.who(), id));
                ARIADNE_TRY(exchange::record_queried(app.db, view.notice.meta.owner, "notice", id, ctx.who(), "read"));
                return Reply{200, notices::to_json(view.notice, view.extract_only)};
              }});
  router.add({.method = "PATCH",
              .path = "/notices/{id}",
              .summary = "Replace a draft or rejected notice's content (owner)",
              .tag = "notices",
              .request_schema = schema_ref("NoticeInput"),
              .response_schema = schema_ref("Notice"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto n, notices::update_draft(app.db, ctx.who(), id, body));
                return notice_reply(200, n);
              },
              .errors = {409}});
  router.add({.method = "POST",
              .path = "/notices/{id}/submit",
              .summary = "Submit for review; compliance checks run first",
              .tag = "notices",
              .response_schema = schema_ref("Notice"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto n, notices::submit_notice(app.db, ctx.who(), id));
                return notice_reply(200, n);
              },
              .errors = {409}});
  router.add({.method = "POST",
              .path = "/notices/{id}/review",
              .summary = "Approve (publish) or reject with reasons (GS reviewers)",
              .tag = "notices",
              .request_schema = schema_ref("NoticeReview"),
              .response_schema = schema_ref("Notice"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto review, notices::parse_review(body));
                ARIADNE_ASSIGN(auto n, notices::review_notice(app.db, ctx.who(), id, review.approve, review.reasons));
                return notice_reply(200, n);
              },
              .errors = {409}});
  router.add({.method = "POST",
              .path = "/notices/{id}/cancel",
              .summary = "Cancel a notice or diffusion (owner)",
              .tag = "notices",
              .request_schema = schema_ref("NoticeCancel"),
              .response_schema = schema_ref("Notice"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto cancel, notices::parse_cancel(body));
                ARIADNE_ASSIGN(auto n, notices::cancel_notice(app.db, ctx.who(), id, cancel.reason));
                return notice_reply(200, n);
              },
              .errors = {409}});
  router.add({.method = "POST",
              .path = "/notices/{id}/renew",
              .summary = "Renew a published notice for five more years (owner)",
              .tag = "notices",
              .response_schema = schema_ref("Notice"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto n, notices::renew_notice(app.db, ctx.who(), id));
                return notice_reply(200, n);
              },
              .errors = {409}});
  router.add({.method = "POST",
              .path = "/diffusions",
              .summary = "Send a diffusion straight to chosen members (no review)",
              .tag = "notices",
              .request_schema = schema_ref("DiffusionInput"),
              .response_schema = schema_ref("Notice"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto n, notices::parse_notice(body, app.db, ctx.who(), notices::Kind::diffusion));
                ARIADNE_ASSIGN(auto sent, notices::create_notice(app.db, ctx.who(), std::move(n)));
                return notice_reply(201, sent);
              }});
  router.add({.method = "GET",
              .path = "/diffusions",
              .summary = "Diffusions the caller's member sent or received",
              .tag = "notices",
              .response_schema = schema_ref("DiffusionList"),
              .query_params = {{"type", "colour"},
                               {"status", "published or cancelled"},
                               {"q", "part of a name"},
                               {"after", "id to continue after"},
                               {"limit", "1-1000, default 100"}},
              .handler = [&app](Context& ctx) { return list(app, ctx, notices::Kind::diffusion); }});
}

}  // namespace ariadne::server
