// Transnational operations: creation and invitations, answers, outcomes, reports.
#include <nlohmann/json.hpp>

#include "common/json_fields.hpp"
#include "operations/operations.hpp"
#include "operations/report.hpp"
#include "server/schema.hpp"
#include "server/server.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

using schema::str;

void add_operation_schemas(Router& router) {
  const json location = {
      {"type", "object"},
      {"properties",
       {{"kind", {{"type", "string"}, {"enum", {"border_crossing", "airport", "seaport", "hotspot", "other"}}}},
        {"name", str()},
        {"country", str()},
        {"latitude", {{"type", "number"}}},
        {"longitude", {{"type", "number"}}}}},
      {"required", json::array({"kind", "name"})}};
  router.add_schema("OperationInput",
                    {{"type", "object"},
                     {"properties",
                      {{"name", str()},
                       {"participants", {{"type", "array"}, {"items", str()}}},
                       {"start", {{"type", "string"}, {"description", "UTC date or time"}}},
                       {"end", {{"type", "string"}, {"description", "UTC date (the whole day) or time (exclusive)"}}},
                       {"focus", {{"type", "string"}, {"enum", {"trafficking", "smuggling", "both"}}}},
                       {"region", str()},
                       {"description", str()},
                       {"locations", {{"type", "array"}, {"items", location}}},
                       {"share_small_counts",
                        {{"type", "boolean"},
                         {"description", "the coordinator's own counts of 1 to 10 people shown to the others"}}}}},
                     {"required", json::array({"name", "participants", "start", "end", "focus"})}});
  router.add_schema("Operation", {{"type", "object"},
                                  {"properties",
                                   {{"id", {{"type", "integer"}}},
                                    {"name", str()},
                                    {"coordinator", str()},
                                    {"focus", str()},
                                    {"start", str()},
                                    {"end", str()},
                                    {"participants", {{"type", "array"}}},
                                    {"locations", {{"type", "array"}}}}},
                                  {"required", json::array({"id", "name", "coordinator", "participants"})}});
  router.add_schema("OperationList",
                    {{"type", "object"},
                     {"properties", {{"operations", {{"type", "array"}, {"items", schema_ref("Operation")}}}}},
                     {"required", json::array({"operations"})}});
  router.add_schema("InvitationAnswer",
                    {{"type", "object"}, {"properties", {{"share_small_counts", {{"type", "boolean"}}}}}});
  router.add_schema("OutcomeInput",
                    {{"type", "object"}, {"description", "one outcome, or {\"outcomes\": [...]} (all or nothing)"}});
  router.add_schema("OutcomeList", {{"type", "object"},
                                    {"properties", {{"outcomes", {{"type", "array"}}}}},
                                    {"required", json::array({"outcomes"})}});
  router.add_schema("OperationReport", {{"type", "object"},
                                        {"required", json::array({"operation", "participants", "checks", "hits",
                                                                  "outcomes", "by_day", "suppression"})}});
}

Result<bool> read_share(const json& body) {
  JsonFields f(body);
  auto share = f.boolean("share_small_counts", false);
  ARIADNE_TRY(f.finish());
  return share.value_or(false);
}

json outcome_list(const std::vector<operations::Outcome>& outcomes) {
  json list = json::array();
  for (const auto& o : outcomes) list.push_back(operations::to_json(o));
  return {{"outcomes", list}};
}

}  // namespace

void add_operation_routes(Router& router, AppState& app) {
  add_operation_schemas(router);

  router.add({.method = "POST",
              .path = "/operations",
              .summary = "Start an operation coordinated by the caller's member and invite its participants",
              .tag = "operations",
              .request_schema = schema_ref("OperationInput"),
              .response_schema = schema_ref("Operation"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto input, operations::parse_new_operation(body));
                ARIADNE_ASSIGN(auto op, operations::create_operation(app.db, ctx.who(), input));
                return Reply{201, operations::to_json(op)};
              }});

  router.add({.method = "GET",
              .path = "/operations",
              .summary = "The operations the caller's member takes part in (all of them for the Secretariat)",
              .tag = "operations",
              .response_schema = schema_ref("OperationList"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({}));
                ARIADNE_ASSIGN(auto ops, operations::list_operations(app.db, ctx.who()));
                json list = json::array();
                for (const auto& op : ops) list.push_back(operations::to_json(op));
                return Reply{200, {{"operations", list}}};
              }});

  router.add({.method = "GET",
              .path = "/operations/{id}",
              .summary = "One operation, for its participants and the General Secretariat",
              .tag = "operations",
              .response_schema = schema_ref("Operation"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto op, operations::get_operation(app.db, ctx.who(), id));
                return Reply{200, operations::to_json(op)};
              }});

  for (const bool accept : {true, false}) {
    router.add({.method = "POST",
                .path = accept ? "/operations/{id}/accept" : "/operations/{id}/decline",
                .summary = accept ? "An invited member accepts the operation (share_small_counts: the others may "
                                    "see its counts of 1 to 10 people)"
                                  : "An invited member declines the operation",
                .tag = "operations",
                .request_schema = schema_ref("InvitationAnswer"),
                .response_schema = schema_ref("Operation"),
                .handler = [&app, accept](Context& ctx) -> Result<Reply> {
                  ARIADNE_ASSIGN(auto id, ctx.id_param());
                  ARIADNE_ASSIGN(auto body, ctx.json_body());
                  ARIADNE_ASSIGN(auto share, read_share(body));
                  ARIADNE_ASSIGN(auto op, operations::answer_invitation(app.db, ctx.who(), id, accept, share));
                  return Reply{200, operations::to_json(op)};
                },
                .errors = {409}});
  }

  router.add({.method = "POST",
              .path = "/operations/{id}/outcomes",
              .summary = "A participant records outcomes within the window: arrests, victims identified, migrants "
                         "detected, seizures, investigations",
              .tag = "operations",
              .request_schema = schema_ref("OutcomeInput"),
              .response_schema = schema_ref("OutcomeList"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto outcomes, operations::parse_outcomes(body));
                ARIADNE_ASSIGN(auto stored, operations::record_outcomes(app.db, ctx.who(), id, std::move(outcomes)));
                return Reply{201, outcome_list(stored)};
              }});

  router.add({.method = "GET",
              .path = "/operations/{id}/outcomes",
              .summary = "The outcomes the caller's member recorded for the operation",
              .tag = "operations",
              .response_schema = schema_ref("OutcomeList"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto own, operations::own_outcomes(app.db, ctx.who(), id));
                return Reply{200, outcome_list(own)};
              }});

  router.add({.method = "GET",
              .path = "/operations/{id}/report",
              .summary = "Checks, hits by database and status, outcomes by country and kind, day by day; small "
                         "counts of others' people suppressed",
              .tag = "operations",
              .response_schema = schema_ref("OperationReport"),
              .query_params = {{"format", "json (default) or html: one printable page"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"format"}));
                const std::string format = ctx.query("format").value_or("json");
                if (format != "json" && format != "html") return Error::invalid("format", "must be json or html");
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto report, operations::operation_report(app.db, ctx.who(), id));
                if (format == "html")
                  return Reply{200, nullptr, "text/html; charset=utf-8", operations::report_html(report)};
                return Reply{200, std::move(report)};
              }});
}

}  // namespace ariadne::server
