// Document checks (single and batch) and hits.
#include <nlohmann/json.hpp>

#include "app/jobs.hpp"
#include "exchange/notifications.hpp"
#include "server/server.hpp"
#include "sltd/checks.hpp"
#include "sltd/hits.hpp"
#include "sltd/tally.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

Result<const sltd::DocumentIndex*> index_of(const AppState& app) {
  if (app.index == nullptr) return Error{ErrorCode::unavailable, "the document index is not loaded", {}};
  return static_cast<const sltd::DocumentIndex*>(app.index);
}

}  // namespace

void add_check_routes(Router& router, AppState& app) {
  router.add({.method = "POST",
              .path = "/documents/check",
              .summary = "Check one travel document by number or MRZ (carriers get a go/no-go only)",
              .tag = "checks",
              .request_schema = schema_ref("CheckRequest"),
              .response_schema = schema_ref("CheckResult"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto index, index_of(app));
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto request, sltd::parse_check_request(body));
                Reply reply;  // JSON text written once, straight from the result
                ARIADNE_ASSIGN(reply.raw, sltd::run_check(app.db, *index, ctx.who(), request, app.screening));
                if (app.check_tally != nullptr) {
                  if (request.checked_at) {
                    app.check_tally->add(ctx.who().member, 1, *request.checked_at / 60);
                  } else {
                    app.check_tally->add(ctx.who().member, 1);
                  }
                }
                return reply;
              }});

  router.add({.method = "POST",
              .path = "/documents/check/batch",
              .summary = "Check a passenger list of up to 100,000 travellers; one result per traveller, in order",
              .tag = "checks",
              .request_schema = schema_ref("CheckBatchRequest"),
              .response_schema = schema_ref("CheckBatchResult"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto index, index_of(app));
                ARIADNE_ASSIGN(auto body, ctx.json_text());
                Reply reply;
                sltd::CheckedCounts counted;
                ARIADNE_ASSIGN(reply.raw,
                               sltd::check_batch_text(app.db, *index, ctx.who(), body, app.screening, &counted));
                if (app.check_tally != nullptr) {
                  app.check_tally->add(ctx.who().member, counted.live);
                  for (const auto& [minute, n] : counted.offline) app.check_tally->add(ctx.who().member, n, minute);
                }
                return reply;
              }});

  router.add({.method = "GET",
              .path = "/hits",
              .summary = "Hits on the caller's member's records and hits the caller's member made",
              .tag = "checks",
              .response_schema = schema_ref("HitList"),
              .query_params = {{"status", "pending, confirmed or rejected"},
                               {"overdue",
                                "true: only hits pending longer than the server's --hit-overdue-s, on the caller's "
                                "member's records (every member's for the General Secretariat)"},
                               {"after", "id to continue after"},
                               {"limit", "1-1000"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"status", "overdue", "after", "limit"}));
                sltd::HitQuery q;
                if (auto s = ctx.query("status")) {
                  q.status = sltd::parse_hit_status(*s);
                  if (!q.status) return Error::invalid("status", "must be pending, confirmed or rejected");
                }
                if (auto o = ctx.query("overdue")) {
                  if (*o != "true" && *o != "false") return Error::invalid("overdue", "must be true or false");
                  if (*o == "true") q.overdue_before = app::overdue_cutoff(app.hit_overdue);
                }
                ARIADNE_ASSIGN(q.after_id, ctx.int_query("after", 0, 0, std::numeric_limits<std::int64_t>::max()));
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 1000));
                q.limit = static_cast<int>(limit);
                ARIADNE_ASSIGN(auto hits, sltd::list_hits(app.db, ctx.who(), q));
                json list = json::array();
                for (const auto& h : hits) {
                  ARIADNE_ASSIGN(auto view, sltd::hit_view(app.db, h, ctx.who()));
                  list.push_back(sltd::to_json(h, view));
                }
                return Reply{200, {{"hits", list}}};
              }});

  router.add({.method = "GET",
              .path = "/hits/{id}",
              .summary = "One hit with its history, for its owner, its checking member and the General Secretariat",
              .tag = "checks",
              .response_schema = schema_ref("HitWithHistory"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto hit, sltd::find_hit(app.db, ctx.who(), id));
                ARIADNE_ASSIGN(auto view, sltd::hit_view(app.db, hit, ctx.who()));
                ARIADNE_ASSIGN(auto history, sltd::hit_history(app.db, id));
                json out = sltd::to_json(hit, view);
                out["history"] = sltd::to_json(history, view);
                return Reply{200, out};
              }});

  router.add({.method = "POST",
              .path = "/hits/{id}/action",
              .summary = "The checking member records the action it took on a confirmed hit (once)",
              .tag = "checks",
              .request_schema = schema_ref("HitActionRequest"),
              .response_schema = schema_ref("Hit"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto input, sltd::parse_hit_action_input(body));
                ARIADNE_ASSIGN(auto hit, sltd::record_action(app.db, ctx.who(), id, input));
                ARIADNE_ASSIGN(auto view, sltd::hit_view(app.db, hit, ctx.who()));
                return Reply{200, sltd::to_json(hit, view)};
              },
              .errors = {409}});

  router.add({.method = "POST",
              .path = "/hits/{id}/confirm",
              .summary = "Confirm or reject a pending hit on one of the caller's member's records",
              .tag = "checks",
              .request_schema = schema_ref("HitDecision"),
              .response_schema = schema_ref("Hit"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto decision, sltd::parse_hit_decision(body));
                ARIADNE_ASSIGN(auto hit, sltd::decide_hit(app.db, ctx.who(), id, decision.outcome, decision.note));
                return Reply{200, sltd::to_json(hit, sltd::HitView::full)};  // the owner decided it
              }});

  router.add(
      {.method = "GET",
       .path = "/notifications",
       .summary = "The caller's member's notifications (hits, review and expiry reminders), oldest first",
       .tag = "checks",
       .response_schema = schema_ref("NotificationList"),
       .query_params = {{"unread", "true: only unread ones"}, {"after", "id to continue after"}, {"limit", "1-1000"}},
       .handler = [&app](Context& ctx) -> Result<Reply> {
         ARIADNE_TRY(ctx.only_queries({"unread", "after", "limit"}));
         exchange::NotificationQuery q;
         q.user = ctx.who().username;
         if (auto u = ctx.query("unread")) {
           if (*u != "true" && *u != "false") return Error::invalid("unread", "must be true or false");
           q.unread_only = *u == "true";
         }
         ARIADNE_ASSIGN(q.after_id, ctx.int_query("after", 0, 0, std::numeric_limits<std::int64_t>::max()));
         ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 1000));
         q.limit = static_cast<int>(limit);
         ARIADNE_ASSIGN(auto list, exchange::list_notifications(app.db, ctx.who().member, q));
         json out = json::array();
         for (const auto& n : list) {
           out.push_back({{"id", n.id},
                          {"kind", n.kind},
                          {"object", n.object},
                          {"text", n.text},
                          {"created_at", n.created_at},
                          {"read_at", n.read_at ? json(*n.read_at) : json(nullptr)}});
         }
         return Reply{200, {{"notifications", out}}};
       }});
}

}  // namespace ariadne::server
