// The exchange: messages between members, threads, forwards, read receipts,
// and the inbox that holds them with the member's notifications.
#include <cctype>
#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

#include "app/references.hpp"
#include "exchange/messages.hpp"
#include "exchange/watches.hpp"
#include "notices/notices.hpp"
#include "server/event_streams.hpp"
#include "server/front.hpp"
#include "server/schema.hpp"
#include "server/server.hpp"
#include "sltd/documents.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

using schema::integer;
using schema::nullable_str;
using schema::object;
using schema::str;

void add_exchange_schemas(Router& router) {
  const json priority = {{"type", "string"}, {"enum", {"routine", "urgent", "immediate"}}};
  const json recipients = {{"oneOf", json::array({json{{"type", "array"}, {"items", str()}, {"maxItems", 500}},
                                                  json{{"type", "string"}, {"enum", {"all"}}}})},
                           {"description", "member codes, or \"all\": every member country and the Secretariat"}};
  const json reference = object(
      {{"kind", {{"type", "string"}, {"enum", {"notice", "hit", "document", "entity", "contribution", "operation"}}}},
       {"id", integer()}},
      json::array({"kind", "id"}));
  router.add_schema("MessageInput",
                    object({{"to", recipients},
                            {"subject", {{"type", "string"}, {"maxLength", 200}}},
                            {"body", {{"type", "string"}, {"maxLength", 65536}}},
                            {"priority", priority},
                            {"handling", {{"type", "string"}, {"enum", {"standard", "no_forward"}}}},
                            {"caveat", str()},
                            {"references", {{"type", "array"}, {"items", reference}, {"maxItems", 50}}},
                            {"reply_to", integer()},
                            {"group", {{"type", "integer"}, {"description", "an expert group, instead of to"}}}},
                           json::array({"subject", "body"})));
  router.add_schema("ForwardInput", object({{"to", recipients},
                                            {"group", {{"type", "integer"}, {"description", "instead of to"}}},
                                            {"note", str()},
                                            {"priority", priority}},
                                           json::array()));
  router.add_schema(
      "Message",
      object({{"id", integer()},
              {"thread_id", integer()},
              {"reply_to", {{"type", json::array({"integer", "null"})}}},
              {"from", object({{"member", str()}, {"user", str()}}, json::array({"member", "user"}))},
              {"to", {{"type", "array"}, {"items", str()}, {"description", "members; empty for a group message"}}},
              {"group", schema::nullable_integer()},
              {"subject", str()},
              {"body", str()},
              {"priority", priority},
              {"handling", str()},
              {"caveat", nullable_str()},
              {"references",
               {{"type", "array"},
                {"items",
                 object({{"kind", str()}, {"id", integer()}, {"label", str()}, {"visible", {{"type", "boolean"}}}},
                        json::array({"kind", "visible"}))}}},
              {"forwarded", {{"type", json::array({"object", "null"})}}},
              {"created_at", str()},
              {"read_at", nullable_str()},
              {"receipts",
               {{"type", "array"},
                {"description", "the sending member's only"},
                {"items", object({{"member", str()},
                                  {"user", str("a group message's recipient")},
                                  {"read_at", nullable_str()},
                                  {"read_by", nullable_str()}},
                                 json::array({"member", "read_at"}))}}}},
             json::array({"id", "thread_id", "from", "to", "subject", "body", "priority", "references"})));
  router.add_schema("WatchInput",
                    schema::closed_object({{"kind", {{"type", "string"}, {"enum", {"notice", "document"}}}},
                                           {"record",
                                            {{"type", "integer"},
                                             {"description",
                                              "one record; "
                                              "without it, "
                                              "every one"}}}},
                                          json::array({"kind"})));
  router.add_schema("Watch", object({{"id", integer()},
                                     {"member", str()},
                                     {"kind", str()},
                                     {"record", schema::nullable_integer()},
                                     {"created_by", str()},
                                     {"created_at", str()}},
                                    json::array({"id", "member", "kind", "record"})));
  router.add_schema("WatchList",
                    object({{"watches", schema::array_of(schema_ref("Watch"))}}, json::array({"watches"})));
  router.add_schema(
      "Thread", object({{"thread_id", integer()}, {"messages", {{"type", "array"}, {"items", schema_ref("Message")}}}},
                       json::array({"thread_id", "messages"})));
  router.add_schema("InboxItem", object({{"id", integer()},
                                         {"kind", str()},
                                         {"object", str()},
                                         {"text", str()},
                                         {"created_at", str()},
                                         {"read_at", nullable_str()},
                                         {"message", {{"type", json::array({"object", "null"})}}}},
                                        json::array({"id", "kind", "object", "text", "created_at", "read_at"})));
  router.add_schema("Inbox", object({{"items", {{"type", "array"}, {"items", schema_ref("InboxItem")}}},
                                     {"next_before", {{"type", json::array({"integer", "null"})}}}},
                                    json::array({"items", "next_before"})));
  router.add_schema("Outbox", object({{"messages", {{"type", "array"}, {"items", schema_ref("Message")}}},
                                      {"next_before", {{"type", json::array({"integer", "null"})}}}},
                                     json::array({"messages", "next_before"})));
}

// A file name as an RFC 5987 value (filename*=UTF-8''…).
std::string percent_encoded(const std::string& s) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || (c != 0 && std::strchr("!#$&+-.^_`|~", c) != nullptr)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A watch on one record needs the record to be the caller's member's own:
// the same 404 for another member's record as for none.
Status check_own_record(AppState& app, const policy::Caller& caller, const exchange::NewWatch& w) {
  if (!w.record) return {};
  const std::string none = "no " + w.kind + " " + std::to_string(*w.record) + " of your member";
  std::optional<std::string> owner;
  if (w.kind == "notice") {
    auto view = notices::get_notice(app.db, caller, *w.record);
    if (view)
      owner = view->notice.meta.owner;
    else if (view.error().code != ErrorCode::not_found)
      return view.error();
  } else {
    auto doc = sltd::get_document(app.db, caller, DocumentId{*w.record});
    if (doc)
      owner = doc->meta.owner;
    else if (doc.error().code != ErrorCode::not_found)
      return doc.error();
  }
  if (owner != caller.member) return Error::invalid("record", none);
  return {};
}

Result<Reply> message_reply(AppState& app, const exchange::Message& m, const policy::Caller& reader, int status) {
  ARIADNE_ASSIGN(auto body, exchange::message_json(m, reader, app::reference_check(app.db, app.people)));
  return Reply{status, std::move(body)};
}

Result<exchange::InboxQuery> inbox_query(const Context& ctx) {
  ARIADNE_TRY(ctx.only_queries({"kind", "unread", "priority", "from", "q", "before", "after", "limit"}));
  exchange::InboxQuery q;
  std::vector<FieldError> errors;
  if (auto k = ctx.query("kind")) {
    if (k->empty() || k->size() > 32)
      errors.push_back({"kind", "must be message, notification or a notification kind"});
    q.kind = *k;
  }
  if (auto u = ctx.query("unread")) {
    if (*u != "true" && *u != "false") errors.push_back({"unread", "must be true or false"});
    q.unread_only = *u == "true";
  }
  if (auto p = ctx.query("priority")) {
    q.priority = exchange::parse_priority(*p);
    if (!q.priority) errors.push_back({"priority", "must be routine, urgent or immediate"});
  }
  if (auto f = ctx.query("from")) {
    if (f->empty() || f->size() > 16) errors.push_back({"from", "must be a member code"});
    q.from = *f;
  }
  if (auto text = ctx.query("q")) {
    if (text->empty() || text->size() > 200) errors.push_back({"q", "must be 1 to 200 bytes"});
    q.q = *text;
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  ARIADNE_ASSIGN(q.before_id, ctx.int_query("before", 0, 0, std::numeric_limits<std::int64_t>::max()));
  ARIADNE_ASSIGN(q.after_id, ctx.int_query("after", 0, 0, std::numeric_limits<std::int64_t>::max()));
  ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 50, 1, 500));
  q.limit = static_cast<int>(limit);
  return q;
}

}  // namespace

void add_exchange_routes(Router& router, AppState& app) {
  add_exchange_schemas(router);

  router.add({.method = "POST",
              .path = "/messages",
              .summary = "Send a message to members (or \"all\"), or reply in a thread",
              .tag = "exchange",
              .request_schema = schema_ref("MessageInput"),
              .response_schema = schema_ref("Message"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto input, exchange::parse_new_message(body));
                ARIADNE_ASSIGN(
                    auto m, exchange::send_message(app.db, ctx.who(), input, app::reference_check(app.db, app.people),
                                                   app.attachment_key));
                return message_reply(app, m, ctx.who(), 201);
              },
              .errors = {503}});

  router.add({.method = "GET",
              .path = "/messages/{id}/attachments/{attachment}",
              .summary = "A message's attachment, for the message's parties, as the type its content was found to be",
              .tag = "exchange",
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto attachment, ctx.id_param("attachment"));
                ARIADNE_ASSIGN(auto m, exchange::read_message(app.db, ctx.who(), id));
                if (app.attachment_key == nullptr) {
                  return Error{ErrorCode::unavailable, "this server keeps no attachment key", {}};
                }
                ARIADNE_ASSIGN(auto file, exchange::open_attachment(app.db, *app.attachment_key, m.id, attachment));
                Reply reply{200, nullptr, file.info.media_type, std::move(file.bytes), {}};
                // Always a download, never rendered by the browser in Ariadne's origin.
                reply.headers.emplace_back(
                    "Content-Disposition",
                    "attachment; filename=\"download\"; filename*=UTF-8''" + percent_encoded(file.info.name));
                reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
                return reply;
              },
              .errors = {503},
              .response_media_type = "application/octet-stream"});

  router.add({.method = "GET",
              .path = "/messages/{id}",
              .summary = "A message, for its parties (the sending member and the members it was sent to)",
              .tag = "exchange",
              .response_schema = schema_ref("Message"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto m, exchange::read_message(app.db, ctx.who(), id));
                return message_reply(app, m, ctx.who(), 200);
              }});

  router.add({.method = "POST",
              .path = "/messages/{id}/read",
              .summary = "Mark a message read for the caller's member (its read receipt; the first read stays)",
              .tag = "exchange",
              .response_schema = schema_ref("Message"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_TRY(exchange::mark_message_read(app.db, ctx.who(), id));
                ARIADNE_ASSIGN(auto m, exchange::read_message(app.db, ctx.who(), id));
                return message_reply(app, m, ctx.who(), 200);
              },
              .errors = {409}});

  router.add({.method = "POST",
              .path = "/messages/{id}/forward",
              .summary = "Forward a message the caller's member is a party to (a new message quoting it)",
              .tag = "exchange",
              .request_schema = schema_ref("ForwardInput"),
              .response_schema = schema_ref("Message"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto input, exchange::parse_forward(body));
                ARIADNE_ASSIGN(auto m, exchange::forward_message(app.db, ctx.who(), id, input));
                return message_reply(app, m, ctx.who(), 201);
              }});

  router.add({.method = "GET",
              .path = "/threads/{id}",
              .summary = "The messages of a thread the caller's member is a party to, oldest first",
              .tag = "exchange",
              .response_schema = schema_ref("Thread"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto thread, exchange::read_thread(app.db, ctx.who(), id));
                const auto check = app::reference_check(app.db, app.people);
                json messages = json::array();
                for (const auto& m : thread) {
                  ARIADNE_ASSIGN(auto one, exchange::message_json(m, ctx.who(), check));
                  messages.push_back(std::move(one));
                }
                return Reply{200, {{"thread_id", id}, {"messages", messages}}};
              }});

  router.add({.method = "GET",
              .path = "/inbox",
              .summary = "The caller's member's messages and notifications, newest first",
              .tag = "exchange",
              .response_schema = schema_ref("Inbox"),
              .query_params = {{"kind", "message, notification (every other kind), or one kind: hit, lead, …"},
                               {"unread", "true: only unread items"},
                               {"priority", "messages of this priority: routine, urgent, immediate"},
                               {"from", "messages from this member"},
                               {"q", "words in a message's subject or body, or a notification's text"},
                               {"before", "id to continue below (the previous page's next_before)"},
                               {"after", "only items above this id"},
                               {"limit", "1-500, default 50"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto q, inbox_query(ctx));
                ARIADNE_ASSIGN(auto items, exchange::inbox(app.db, ctx.who(), q));
                json list = json::array();
                for (const auto& i : items) list.push_back(exchange::to_json(i));
                json next = static_cast<int>(items.size()) == q.limit ? json(items.back().id) : json(nullptr);
                return Reply{200, {{"items", list}, {"next_before", next}}};
              }});

  router.add({.method = "GET",
              .path = "/inbox/stream",
              .summary = "New inbox items as server-sent events (text/event-stream), each with its id; a client that "
                         "reconnects with Last-Event-ID receives what it missed, nothing twice",
              .tag = "exchange",
              .query_params = {{"last_event_id",
                                "the id of the last item received (as the Last-Event-ID header); without either, the "
                                "stream starts with the next new item"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"last_event_id"}));
                if (ctx.request.method != "GET") return Error::invalid("method", "a stream is opened with GET");
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::message_read));
                std::string last = ctx.header("Last-Event-ID");
                if (auto q = ctx.query("last_event_id")) last = *q;
                std::int64_t cursor = 0;
                if (last.empty()) {
                  ARIADNE_ASSIGN(cursor, exchange::newest_inbox_item(app.db, ctx.who().member));
                } else {
                  auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), cursor);
                  if (ec != std::errc() || end != last.data() + last.size() || cursor < 0) {
                    return Error::invalid("Last-Event-ID", "must be the id of an inbox item");
                  }
                }
                keep_as_event_stream(EventStreams::inbox_topic(ctx.who().member, ctx.who().username), cursor,
                                     ctx.token);
                // The client waits 2 s before reconnecting after a drop.
                return Reply{200, nullptr, "text/event-stream", "retry: 2000\n\n"};
              },
              .response_media_type = "text/event-stream"});

  router.add({.method = "POST",
              .path = "/watches",
              .summary = "Ask to be told whenever another member queries one of the member's records, or any of a kind",
              .tag = "exchange",
              .request_schema = schema_ref("WatchInput"),
              .response_schema = schema_ref("Watch"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto input, exchange::parse_new_watch(body));
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::record_write));
                ARIADNE_TRY(check_own_record(app, ctx.who(), input));
                ARIADNE_ASSIGN(auto w, exchange::add_watch(app.db, ctx.who(), input));
                return Reply{201, exchange::to_json(w)};
              },
              .errors = {409}});

  router.add({.method = "GET",
              .path = "/watches",
              .summary = "The member's query watches",
              .tag = "exchange",
              .response_schema = schema_ref("WatchList"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({}));
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::message_read));
                ARIADNE_ASSIGN(auto list, exchange::list_watches(app.db, ctx.who().member));
                json out = json::array();
                for (const auto& w : list) out.push_back(exchange::to_json(w));
                return Reply{200, {{"watches", out}}};
              }});

  router.add({.method = "DELETE",
              .path = "/watches/{id}",
              .summary = "Stop a query watch of the member",
              .tag = "exchange",
              .success_status = 204,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_TRY(exchange::remove_watch(app.db, ctx.who(), id));
                return Reply{204, nullptr};
              }});

  router.add({.method = "GET",
              .path = "/outbox",
              .summary = "Messages the caller's member sent, newest first, with their read receipts",
              .tag = "exchange",
              .response_schema = schema_ref("Outbox"),
              .query_params = {{"before", "id to continue below"}, {"limit", "1-200, default 50"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"before", "limit"}));
                ARIADNE_ASSIGN(auto before, ctx.int_query("before", 0, 0, std::numeric_limits<std::int64_t>::max()));
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 50, 1, 200));
                ARIADNE_ASSIGN(auto sent, exchange::outbox(app.db, ctx.who(), before, static_cast<int>(limit)));
                const auto check = app::reference_check(app.db, app.people);
                json list = json::array();
                for (const auto& s : sent) {
                  ARIADNE_ASSIGN(auto one, exchange::message_json(s.message, ctx.who(), check));
                  one["read_by_members"] = s.read;
                  list.push_back(std::move(one));
                }
                json next = static_cast<int>(sent.size()) == limit ? json(sent.back().message.id) : json(nullptr);
                return Reply{200, {{"messages", list}, {"next_before", next}}};
              }});
}

}  // namespace ariadne::server
