// Expert groups: set up by a coordinator, joined by admission or on request;
// messages reach them through POST /messages {"group": id}.
#include <nlohmann/json.hpp>

#include "common/json_fields.hpp"
#include "exchange/groups.hpp"
#include "server/schema.hpp"
#include "server/server.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

using schema::array_of;
using schema::integer;
using schema::nullable_str;
using schema::object;
using schema::str;

void add_group_schemas(Router& router) {
  router.add_schema("GroupInput", schema::closed_object({{"name", {{"type", "string"}, {"maxLength", 120}}},
                                                         {"description", {{"type", "string"}, {"maxLength", 4000}}},
                                                         {"members", array_of(str("a user name"))}},
                                                        json::array({"name"})));
  router.add_schema(
      "Group", object({{"id", integer()},
                       {"name", str()},
                       {"description", str()},
                       {"coordinator", object({{"user", str()}, {"member", str()}}, json::array({"user", "member"}))},
                       {"member_count", integer()},
                       {"member_organisations", integer()},
                       {"membership", {{"type", "string"}, {"enum", {"coordinator", "member", "requested", "none"}}}},
                       {"members",
                        {{"type", "array"},
                         {"description", "shown to the group's members only"},
                         {"items", object({{"user", str()}, {"member", str()}, {"role", str()}, {"added_at", str()}},
                                          json::array({"user", "member", "role"}))}}},
                       {"created_at", str()}},
                      json::array({"id", "name", "description", "coordinator", "member_count", "membership"})));
  router.add_schema("GroupList", object({{"groups", array_of(schema_ref("Group"))}}, json::array({"groups"})));
  router.add_schema("GroupUser", schema::closed_object({{"user", str()}}, json::array({"user"})));
  router.add_schema("JoinRequestInput",
                    schema::closed_object({{"note", {{"type", "string"}, {"maxLength", 2000}}}}, json::array()));
  router.add_schema("JoinDecision",
                    schema::closed_object({{"decision", {{"type", "string"}, {"enum", {"accept", "refuse"}}}},
                                           {"reason", {{"type", "string"}, {"maxLength", 2000}}}},
                                          json::array({"decision"})));
  router.add_schema("JoinRequest", object({{"id", integer()},
                                           {"group_id", integer()},
                                           {"user", str()},
                                           {"member", str()},
                                           {"note", str()},
                                           {"status", str()},
                                           {"decided_by", nullable_str()},
                                           {"reason", nullable_str()},
                                           {"created_at", str()},
                                           {"decided_at", nullable_str()}},
                                          json::array({"id", "group_id", "user", "member", "status"})));
  router.add_schema("JoinRequestList",
                    object({{"requests", array_of(schema_ref("JoinRequest"))}}, json::array({"requests"})));
}

Reply group_reply(AppState& app, const exchange::Group& g, const policy::Caller& reader, int status) {
  return Reply{status, exchange::group_json(app.db, g, reader)};
}

Result<std::string> user_field(Context& ctx) {
  ARIADNE_ASSIGN(auto body, ctx.json_body());
  JsonFields f(body);
  auto user = f.string("user", true, 64);
  ARIADNE_TRY(f.finish());
  return std::move(*user);
}

// POST a {"user"} to a group: the coordinator admits or hands over.
using GroupUserChange = Result<exchange::Group> (*)(store::Database&, const policy::Caller&, std::int64_t,
                                                    const std::string&);
void add_group_user_route(Router& router, AppState& app, std::string path, std::string summary,
                          GroupUserChange change) {
  router.add({.method = "POST",
              .path = std::move(path),
              .summary = std::move(summary),
              .tag = "exchange",
              .request_schema = schema_ref("GroupUser"),
              .response_schema = schema_ref("Group"),
              .handler = [&app, change](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto user, user_field(ctx));
                ARIADNE_ASSIGN(auto g, change(app.db, ctx.who(), id, user));
                return group_reply(app, g, ctx.who(), 200);
              },
              .errors = {409}});
}

}  // namespace

void add_group_routes(Router& router, AppState& app) {
  add_group_schemas(router);

  router.add({.method = "POST",
              .path = "/groups",
              .summary = "Set up an expert group coordinated by the caller (coordinators and admins)",
              .tag = "exchange",
              .request_schema = schema_ref("GroupInput"),
              .response_schema = schema_ref("Group"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto input, exchange::parse_new_group(body));
                ARIADNE_ASSIGN(auto g, exchange::create_group(app.db, ctx.who(), input));
                return group_reply(app, g, ctx.who(), 201);
              },
              .errors = {409}});

  router.add({.method = "GET",
              .path = "/groups",
              .summary = "Every expert group, by name: anyone may see that it exists and ask to join",
              .tag = "exchange",
              .response_schema = schema_ref("GroupList"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({}));
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::message_read));
                ARIADNE_ASSIGN(auto groups, exchange::list_groups(app.db));
                json list = json::array();
                for (const auto& g : groups) list.push_back(exchange::group_json(app.db, g, ctx.who()));
                return Reply{200, {{"groups", list}}};
              }});

  router.add({.method = "GET",
              .path = "/groups/{id}",
              .summary = "An expert group; its members are listed to its members only",
              .tag = "exchange",
              .response_schema = schema_ref("Group"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::message_read));
                ARIADNE_ASSIGN(auto g, exchange::find_group(app.db, id));
                return group_reply(app, g, ctx.who(), 200);
              }});

  add_group_user_route(router, app, "/groups/{id}/members",
                       "The coordinator admits a user, of any member or partner organisation",
                       exchange::add_group_member);

  router.add({.method = "DELETE",
              .path = "/groups/{id}/members/{user}",
              .summary = "The coordinator removes a member, or a member leaves",
              .tag = "exchange",
              .response_schema = schema_ref("Group"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto g, exchange::remove_group_member(app.db, ctx.who(), id, ctx.path_param("user")));
                return group_reply(app, g, ctx.who(), 200);
              },
              .errors = {409}});

  add_group_user_route(router, app, "/groups/{id}/coordinator",
                       "The coordinator hands the group over to another of its members", exchange::hand_over_group);

  router.add({.method = "POST",
              .path = "/groups/{id}/requests",
              .summary = "Ask to join a group (its coordinator is told)",
              .tag = "exchange",
              .request_schema = schema_ref("JoinRequestInput"),
              .response_schema = schema_ref("JoinRequest"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                JsonFields f(body);
                auto note = f.string("note", false, 2000);
                ARIADNE_TRY(f.finish());
                ARIADNE_ASSIGN(auto r, exchange::request_to_join(app.db, ctx.who(), id, note.value_or("")));
                return Reply{201, exchange::to_json(r)};
              },
              .errors = {409}});

  router.add({.method = "GET",
              .path = "/groups/{id}/requests",
              .summary = "The pending requests to join, for the coordinator",
              .tag = "exchange",
              .response_schema = schema_ref("JoinRequestList"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto list, exchange::pending_requests(app.db, ctx.who(), id));
                json out = json::array();
                for (const auto& r : list) out.push_back(exchange::to_json(r));
                return Reply{200, {{"requests", out}}};
              }});

  router.add({.method = "POST",
              .path = "/groups/{id}/requests/{request}",
              .summary = "The coordinator accepts or refuses a request to join (the requester is told)",
              .tag = "exchange",
              .request_schema = schema_ref("JoinDecision"),
              .response_schema = schema_ref("JoinRequest"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto request, ctx.id_param("request"));
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                JsonFields f(body);
                auto decision = f.string("decision", true, 16);
                auto reason = f.string("reason", false, 2000);
                if (decision && *decision != "accept" && *decision != "refuse") {
                  f.fail("decision", "must be accept or refuse");
                }
                ARIADNE_TRY(f.finish());
                ARIADNE_ASSIGN(auto r, exchange::decide_request(app.db, ctx.who(), id, request, *decision == "accept",
                                                                reason.value_or("")));
                return Reply{200, exchange::to_json(r)};
              },
              .errors = {409}});
}

}  // namespace ariadne::server
