// Health, OpenAPI, authentication, members, users and the audit log.
#include <nlohmann/json.hpp>

#include "analysis/people.hpp"
#include "app/jobs.hpp"
#include "server/server.hpp"
#include "store/audit.hpp"
#include "store/audit_anchor.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

json entry_json(const store::AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", e.at},
          {"user", e.record.username},
          {"member", e.record.member},
          {"action", e.record.action},
          {"object", e.record.object},
          {"outcome", e.record.outcome},
          {"detail", e.record.detail},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

// Signed checkpoints (store/audit_anchor.hpp): the newest is a witness every
// member's administrators may keep; the General Secretariat signs one on demand.
void add_audit_checkpoint_routes(Router& router, AppState& app) {
  auto hex = [](int digits) {
    return json{{"type", "string"}, {"pattern", "^[0-9a-f]{" + std::to_string(digits) + "}$"}};
  };
  router.add_schema("AuditCheckpoint", {{"type", "object"},
                                        {"properties",
                                         {{"chain", hex(32)},
                                          {"seq", {{"type", "integer"}}},
                                          {"head", hex(64)},
                                          {"at", {{"type", "string"}}},
                                          {"key", hex(16)},
                                          {"sig", hex(128)}}},
                                        {"required", json::array({"chain", "seq", "head", "at", "key", "sig"})}});
  router.add({.method = "GET",
              .path = "/audit/head",
              .summary = "The newest signed checkpoint of the audit chain: a witness to keep (administrators)",
              .tag = "audit",
              .response_schema = schema_ref("AuditCheckpoint"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::audit_head_read));
                ARIADNE_ASSIGN(auto latest, store::latest_checkpoint(app.db));
                if (!latest) return Error::not_found("no checkpoint yet");
                return Reply{200, store::to_json(*latest)};
              },
              .errors = {404}});
  router.add(
      {.method = "POST",
       .path = "/audit/checkpoints",
       .summary = "Sign the audit chain's head now (General Secretariat administrators; needs serve --audit-key)",
       .tag = "audit",
       .response_schema = schema_ref("AuditCheckpoint"),
       .success_status = 201,
       .handler = [&app](Context& ctx) -> Result<Reply> {
         ARIADNE_TRY(policy::require(ctx.who(), policy::Action::audit_sign));
         if (!ctx.who().secretariat()) return Error::forbidden("only the General Secretariat signs the chain");
         // A server state, not a fault: 409 like other requests the state refuses.
         if (app.checkpoints == nullptr) {
           return Error::conflict("this server signs no checkpoints: start it with --audit-key");
         }
         ARIADNE_ASSIGN(auto made, app.checkpoints->checkpoint(false));
         return Reply{201, store::to_json(*made)};
       },
       .errors = {409}});
}

}  // namespace

void add_core_routes(Router& router, AppState& app) {
  router.add({.method = "GET",
              .path = "/health",
              .summary = "Liveness and database reachability",
              .tag = "system",
              .authenticated = false,
              .response_schema = schema_ref("Health"),
              .handler = [&app](Context&) -> Result<Reply> {
                auto ping = app.db.query("SELECT 1");
                if (!ping) return Error{ErrorCode::unavailable, "the database does not answer", {}};
                // The analysis file's people are resolved after start; until
                // then, what needs them waits (an operator sees why here).
                const bool people = app.people == nullptr || app.people->started();
                return Reply{200,
                             {{"status", "ok"},
                              {"version", ARIADNE_VERSION},
                              {"database", "ok"},
                              {"people", people ? "ready" : "resolving"}}};
              }});

  router.add({.method = "GET",
              .path = "/openapi.json",
              .summary = "This API's OpenAPI 3.1 description",
              .tag = "system",
              .authenticated = false,
              .response_schema = {{"type", "object"}},
              .handler = [&router](Context&) -> Result<Reply> {
                return Reply{200, router.openapi(ARIADNE_VERSION)};
              }});

  router.add({.method = "POST",
              .path = "/auth/login",
              .summary = "Log in; returns a bearer token",
              .tag = "auth",
              .authenticated = false,
              .request_schema = schema_ref("LoginRequest"),
              .response_schema = schema_ref("LoginResult"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto req, policy::parse_login(body));
                ARIADNE_ASSIGN(auto result, policy::login(app.db, app.limiter, req.username, req.password,
                                                          ctx.remote_addr, app.sessions));
                current_trace().username = result.user.username;
                current_trace().member = result.user.member;
                return Reply{200, policy::to_json(result)};
              },
              .errors = {401, 429},
              .max_body = 64 * 1024});

  router.add({.method = "POST",
              .path = "/auth/logout",
              .summary = "Revoke the bearer token",
              .tag = "auth",
              .response_schema = nullptr,
              .success_status = 204,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(policy::logout(app.db, ctx.who(), ctx.token));
                return Reply{204, nullptr};
              }});

  router.add({.method = "GET",
              .path = "/me",
              .summary = "The logged-in user and member",
              .tag = "auth",
              .response_schema = schema_ref("Me"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                const auto& c = ctx.who();
                ARIADNE_ASSIGN(auto member, policy::find_member(app.db, c.member));
                ARIADNE_ASSIGN(auto stored, policy::find_user(app.db, c.user));
                policy::User u{c.user, c.username, c.member, c.role, stored ? stored->created_at : "", false};
                return Reply{200, {{"user", policy::to_json(u)}, {"member", policy::to_json(member.value())}}};
              }});

  router.add({.method = "GET",
              .path = "/members",
              .summary = "Member countries and organisations",
              .tag = "members",
              .response_schema = schema_ref("MemberList"),
              .handler = [&app](Context&) -> Result<Reply> {
                ARIADNE_ASSIGN(auto members, policy::list_members(app.db));
                json list = json::array();
                for (const auto& m : members) list.push_back(policy::to_json(m));
                return Reply{200, {{"members", list}}};
              }});

  router.add({.method = "POST",
              .path = "/members",
              .summary = "Add a member (General Secretariat administrators)",
              .tag = "members",
              .request_schema = schema_ref("MemberInput"),
              .response_schema = schema_ref("Member"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::member_manage));
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto m, policy::parse_new_member(body));
                ARIADNE_ASSIGN(auto member, policy::add_member(app.db, ctx.who(), m.code, m.name, m.kind));
                return Reply{201, policy::to_json(member)};
              },
              .errors = {409}});

  router.add({.method = "POST",
              .path = "/users",
              .summary = "Add a user (administrators; General Secretariat for any member)",
              .tag = "members",
              .request_schema = schema_ref("UserInput"),
              .response_schema = schema_ref("User"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::user_manage));
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto u, policy::parse_new_user(body));
                ARIADNE_ASSIGN(auto user,
                               policy::add_user(app.db, ctx.who(), u.member, u.role, u.username, u.password));
                return Reply{201, policy::to_json(user)};
              },
              .errors = {409}});

  router.add({.method = "GET",
              .path = "/audit",
              .summary = "Audit entries (administrators; members see their own users' entries)",
              .tag = "audit",
              .response_schema = schema_ref("AuditList"),
              .query_params = {{"user", "user name"},
                               {"member", "member code"},
                               {"action", "action, e.g. login"},
                               {"object", "object, e.g. document:42"},
                               {"after", "sequence to start after"},
                               {"limit", "1-1000"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::audit_read));
                ARIADNE_TRY(ctx.only_queries({"user", "member", "action", "object", "after", "limit"}));
                store::AuditQuery q;
                q.username = ctx.query("user");
                q.member = ctx.query("member");
                q.action = ctx.query("action");
                q.object = ctx.query("object");
                ARIADNE_ASSIGN(q.after_seq, ctx.int_query("after", 0, 0, std::numeric_limits<std::int64_t>::max()));
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 1000));
                q.limit = static_cast<int>(limit);
                if (!ctx.who().secretariat()) {
                  if (q.member && *q.member != ctx.who().member) {
                    return Error::forbidden("administrators of a member read their own member's entries only");
                  }
                  q.member = ctx.who().member;
                }
                ARIADNE_ASSIGN(auto entries, store::audit_list(app.db, q));
                json list = json::array();
                for (const auto& e : entries) list.push_back(entry_json(e));
                return Reply{200, {{"entries", list}}};
              }});

  router.add({.method = "GET",
              .path = "/audit/verify",
              .summary = "Verify the audit hash chain (General Secretariat administrators)",
              .tag = "audit",
              .response_schema = schema_ref("AuditVerdict"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::audit_verify));
                if (!ctx.who().secretariat())
                  return Error::forbidden("only the General Secretariat verifies the chain");
                ARIADNE_ASSIGN(auto v, store::audit_verify(app.db));
                json out = {{"intact", v.intact}, {"entries", v.entries}, {"reason", v.reason}};
                out["first_bad_seq"] = v.first_bad_seq ? json(*v.first_bad_seq) : json(nullptr);
                return Reply{200, out};
              }});
  add_audit_checkpoint_routes(router, app);
}

void build_router(Router& router, AppState& app) {
  add_core_routes(router, app);
  add_document_routes(router, app);
  add_mrz_routes(router);
  add_notice_routes(router, app);
  add_check_routes(router, app);
  add_screen_routes(router, app);
  add_analysis_routes(router, app);
  add_graph_routes(router, app);
  add_exchange_routes(router, app);
  add_group_routes(router, app);
  add_operation_routes(router, app);
}

}  // namespace ariadne::server
