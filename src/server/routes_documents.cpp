// Travel-document records: register, read, change, delete, list and search.
#include <nlohmann/json.hpp>

#include <httplib.h>

#include "exchange/watches.hpp"
#include "server/server.hpp"
#include "sltd/bulk.hpp"
#include "sltd/documents.hpp"
#include "sltd/reminders.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {}  // namespace

void add_document_routes(Router& router, AppState& app) {
  router.add({.method = "POST",
              .path = "/documents",
              .summary = "Register a stolen, lost, revoked, invalidated or stolen-blank travel document",
              .tag = "documents",
              .request_schema = schema_ref("DocumentInput"),
              .response_schema = schema_ref("Document"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto doc, sltd::parse_new_document(body, app.db, ctx.who()));
                ARIADNE_ASSIGN(auto created, sltd::create_document(app.db, ctx.who(), std::move(doc)));
                return Reply{201, sltd::to_json(created)};
              },
              .errors = {409}});

  // The body is JSON Lines or CSV, so the handler reads it itself rather than through json_body().
  router.add({.method = "POST",
              .path = "/documents/bulk",
              .summary =
                  "Register many travel documents from JSON Lines or CSV, all or nothing per batch; 200 when any "
                  "document was accepted, 422 (same body) when none was",
              .tag = "documents",
              .request_schema = schema_ref("DocumentBulkInput"),
              .response_schema = schema_ref("DocumentBulkReport"),
              .query_params = {{"batch_size", "records per all-or-nothing batch, 1-10000, default 1000"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"batch_size"}));
                auto type = ctx.request.get_header_value("Content-Type");
                auto format = sltd::bulk_format_from_media_type(type);
                if (!format) {
                  return Error{ErrorCode::unsupported,
                               "the body must be JSON Lines (application/x-ndjson or application/jsonl) or CSV "
                               "(text/csv), not " +
                                   (type.empty() ? std::string("untyped") : type),
                               {}};
                }
                ARIADNE_ASSIGN(auto batch_size, ctx.int_query("batch_size", static_cast<int>(sltd::kDefaultBatchSize),
                                                              1, static_cast<int>(sltd::kMaxBatchSize)));
                if (ctx.request.body.empty()) return Error::invalid("", "the body is empty");
                sltd::BulkOptions options;
                options.format = *format;
                options.batch_size = static_cast<std::size_t>(batch_size);
                ARIADNE_ASSIGN(auto report, sltd::import_documents(app.db, ctx.who(), ctx.request.body, options));
                return Reply{report.accepted == 0 ? 422 : 200, sltd::to_json(report)};
              },
              .request_media_types = {"application/x-ndjson", "application/jsonl", "text/csv"}});

  router.add({.method = "GET",
              .path = "/documents",
              .summary = "List or search the travel documents visible to the caller",
              .tag = "documents",
              .response_schema = schema_ref("DocumentList"),
              .query_params = {{"number", "exact document number (normalised)"},
                               {"issuing_state", "ISO alpha-3"},
                               {"status", "stolen, lost, revoked, invalidated, stolen_blank"},
                               {"owner", "owner member code"},
                               {"after", "id to continue after"},
                               {"limit", "1-1000, default 100"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"number", "issuing_state", "status", "owner", "after", "limit"}));
                sltd::DocumentQuery q;
                q.number = ctx.query("number");
                q.issuing_state = ctx.query("issuing_state");
                q.owner = ctx.query("owner");
                if (auto s = ctx.query("status")) {
                  q.status = sltd::parse_document_status(*s);
                  if (!q.status)
                    return Error::invalid("status", "must be stolen, lost, revoked, invalidated or stolen_blank");
                }
                ARIADNE_ASSIGN(auto after, ctx.int_query("after", 0, 0, std::numeric_limits<std::int64_t>::max()));
                q.after_id = after;
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 1000));
                q.limit = static_cast<int>(limit);
                ARIADNE_ASSIGN(auto docs, sltd::list_documents(app.db, ctx.who(), q));
                // A search by number queries the documents it returns (a browse does not).
                if (q.number) {
                  ARIADNE_ASSIGN(auto watched, exchange::any_watch(app.db));
                  for (const auto& d : docs) {
                    if (!watched) break;
                    ARIADNE_TRY(exchange::record_queried(app.db, d.meta.owner, "document", d.id.value, ctx.who(),
                                                         "searched for and found"));
                  }
                }
                json list = json::array();
                for (const auto& d : docs) list.push_back(sltd::to_json(d));
                json out = {{"documents", list}};
                out["next_after"] =
                    static_cast<int>(docs.size()) == q.limit ? json(docs.back().id.value) : json(nullptr);
                return Reply{200, out};
              }});

  router.add({.method = "GET",
              .path = "/documents/{id}",
              .summary = "One travel document",
              .tag = "documents",
              .response_schema = schema_ref("Document"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto raw_id, ctx.id_param());
                DocumentId id{raw_id};
                ARIADNE_ASSIGN(auto doc, sltd::get_document(app.db, ctx.who(), id));
                ARIADNE_TRY(exchange::record_queried(app.db, doc.meta.owner, "document", raw_id, ctx.who(), "read"));
                return Reply{200, sltd::to_json(doc)};
              }});

  router.add({.method = "PATCH",
              .path = "/documents/{id}",
              .summary = "Change a travel document (owner only; JSON merge patch)",
              .tag = "documents",
              .request_schema = schema_ref("DocumentPatch"),
              .response_schema = schema_ref("Document"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto raw_id, ctx.id_param());
                DocumentId id{raw_id};
                ARIADNE_ASSIGN(auto patch, ctx.json_body());
                ARIADNE_ASSIGN(auto doc, sltd::update_document(app.db, ctx.who(), id, patch));
                return Reply{200, sltd::to_json(doc)};
              }});

  router.add({.method = "POST",
              .path = "/documents/{id}/renew",
              .summary = "Renew a travel document's review date: ten years from today (owner only)",
              .tag = "documents",
              .response_schema = schema_ref("Document"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto raw_id, ctx.id_param());
                ARIADNE_ASSIGN(auto doc, sltd::renew_document(app.db, ctx.who(), DocumentId{raw_id}));
                return Reply{200, sltd::to_json(doc)};
              }});

  router.add({.method = "DELETE",
              .path = "/documents/{id}",
              .summary = "Delete a travel document (owner only)",
              .tag = "documents",
              .response_schema = nullptr,
              .success_status = 204,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto raw_id, ctx.id_param());
                DocumentId id{raw_id};
                ARIADNE_TRY(sltd::delete_document(app.db, ctx.who(), id));
                return Reply{204, nullptr};
              }});
}

}  // namespace ariadne::server
