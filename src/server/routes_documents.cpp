// Travel-document records: register, read, change, delete, list and search.
#include <nlohmann/json.hpp>

#include "server/app.hpp"
#include "sltd/documents.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

Result<DocumentId> id_param(const Context& ctx) {
  const std::string raw = ctx.path_param("id");
  try {
    std::size_t used = 0;
    long long n = std::stoll(raw, &used);
    if (used != raw.size() || n < 1) throw std::out_of_range("id");
    return DocumentId{n};
  } catch (const std::exception&) {
    return Error::invalid("id", "must be a positive integer");
  }
}

Result<int> bounded_int(const Context& ctx, const char* name, int fallback, int min, int max) {
  auto raw = ctx.query(name);
  if (!raw) return fallback;
  try {
    std::size_t used = 0;
    long long n = std::stoll(*raw, &used);
    if (used != raw->size() || n < min || n > max) throw std::out_of_range(name);
    return static_cast<int>(n);
  } catch (const std::exception&) {
    return Error::invalid(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
}

}  // namespace

void add_document_routes(Router& router, AppState& app) {
  router.add({"POST",
              "/documents",
              "Register a stolen, lost, revoked, invalidated or stolen-blank travel document",
              "documents",
              true,
              schema_ref("DocumentInput"),
              schema_ref("Document"),
              201,
              {},
              [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto doc, sltd::parse_new_document(body, app.db, ctx.who()));
                ARIADNE_ASSIGN(auto created, sltd::create_document(app.db, ctx.who(), std::move(doc)));
                return Reply{201, sltd::to_json(created)};
              }});

  router.add({"GET",
              "/documents",
              "List or search the travel documents visible to the caller",
              "documents",
              true,
              nullptr,
              schema_ref("DocumentList"),
              200,
              {{"number", "exact document number (normalised)"},
               {"issuing_state", "ISO alpha-3"},
               {"status", "stolen, lost, revoked, invalidated, stolen_blank"},
               {"owner", "owner member code"},
               {"after", "id to continue after"},
               {"limit", "1-1000, default 100"}},
              [&app](Context& ctx) -> Result<Reply> {
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
                ARIADNE_ASSIGN(int after, bounded_int(ctx, "after", 0, 0, std::numeric_limits<int>::max()));
                q.after_id = after;
                ARIADNE_ASSIGN(q.limit, bounded_int(ctx, "limit", 100, 1, 1000));
                ARIADNE_ASSIGN(auto docs, sltd::list_documents(app.db, ctx.who(), q));
                json list = json::array();
                for (const auto& d : docs) list.push_back(sltd::to_json(d));
                json out = {{"documents", list}};
                out["next_after"] =
                    static_cast<int>(docs.size()) == q.limit ? json(docs.back().id.value) : json(nullptr);
                return Reply{200, out};
              }});

  router.add({"GET",
              "/documents/{id}",
              "One travel document",
              "documents",
              true,
              nullptr,
              schema_ref("Document"),
              200,
              {},
              [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, id_param(ctx));
                ARIADNE_ASSIGN(auto doc, sltd::get_document(app.db, ctx.who(), id));
                return Reply{200, sltd::to_json(doc)};
              }});

  router.add({"PATCH",
              "/documents/{id}",
              "Change a travel document (owner only; JSON merge patch)",
              "documents",
              true,
              schema_ref("DocumentPatch"),
              schema_ref("Document"),
              200,
              {},
              [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, id_param(ctx));
                ARIADNE_ASSIGN(auto patch, ctx.json_body());
                ARIADNE_ASSIGN(auto doc, sltd::update_document(app.db, ctx.who(), id, patch));
                return Reply{200, sltd::to_json(doc)};
              }});

  router.add({"DELETE",
              "/documents/{id}",
              "Delete a travel document (owner only)",
              "documents",
              true,
              nullptr,
              nullptr,
              204,
              {},
              [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, id_param(ctx));
                ARIADNE_TRY(sltd::delete_document(app.db, ctx.who(), id));
                return Reply{204, nullptr};
              }});
}

}  // namespace ariadne::server
