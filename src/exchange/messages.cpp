#include "exchange/messages.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include "common/enum_names.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "exchange/groups.hpp"
#include "policy/accounts.hpp"
#include "store/audit.hpp"

namespace ariadne::exchange {

using nlohmann::json;

store::Migration messages_migration() {
  // A message's recipients are its inbox items (notifications of kind
  // "message"); their read_at and read_by are its read receipts.
  return {"exchange", 2, R"sql(
CREATE TABLE messages (
  id {{id}},
  thread_id INTEGER NOT NULL,
  reply_to INTEGER REFERENCES messages(id),
  sender_member TEXT NOT NULL REFERENCES members(code),
  sender_user TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  priority TEXT NOT NULL CHECK (priority IN ('routine','urgent','immediate')),
  handling TEXT NOT NULL CHECK (handling IN ('standard','no_forward')),
  caveat TEXT,
  refs TEXT NOT NULL,
  quoted TEXT,
  created_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE INDEX messages_sender ON messages(sender_member, id);
CREATE INDEX messages_thread ON messages(thread_id, id);
ALTER TABLE notifications ADD COLUMN message_id INTEGER REFERENCES messages(id);
ALTER TABLE notifications ADD COLUMN read_by TEXT;
CREATE INDEX notifications_message ON notifications(message_id, member);
)sql"};
}

store::Migration inbox_words_migration() {
  // Full-text indexes (SQLite FTS5) of what messages and inbox items say, kept
  // by triggers; both tables are written once and never changed in these
  // columns. A word found in a few of a member's 40,000 items is then found
  // without reading them all.
  return {"exchange", 6, R"sql(
CREATE VIRTUAL TABLE message_words USING fts5(subject, body, content='messages', content_rowid='id',
                                              tokenize='unicode61 remove_diacritics 2');
INSERT INTO message_words(rowid, subject, body) SELECT id, subject, body FROM messages;
CREATE TRIGGER message_words_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_words(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
CREATE VIRTUAL TABLE notification_words USING fts5(text, content='notifications', content_rowid='id',
                                                   tokenize='unicode61 remove_diacritics 2');
INSERT INTO notification_words(rowid, text) SELECT id, text FROM notifications;
CREATE TRIGGER notification_words_insert AFTER INSERT ON notifications BEGIN
  INSERT INTO notification_words(rowid, text) VALUES (new.id, new.text);
END;
)sql"};
}

namespace {

constexpr EnumName<Priority> kPriorities[] = {
    {Priority::routine, "routine"}, {Priority::urgent, "urgent"}, {Priority::immediate, "immediate"}};
constexpr EnumName<Handling> kHandlings[] = {{Handling::standard, "standard"}, {Handling::no_forward, "no_forward"}};
constexpr std::string_view kReferenceKinds[] = {"notice", "hit", "document", "entity", "contribution", "operation"};

constexpr const char* kMessageColumns =
    "id, thread_id, reply_to, sender_member, sender_user, subject, body, priority, handling, caveat, refs, quoted, "
    "created_at, group_id";

std::string message_name(std::int64_t id) {
  return "message " + std::to_string(id);
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

json references_json(const std::vector<Reference>& refs) {
  json out = json::array();
  for (const auto& r : refs) out.push_back({{"kind", r.kind}, {"id", r.id}});
  return out;
}

std::vector<Reference> references_from(const std::string& text) {
  std::vector<Reference> out;
  json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& r : parsed) out.push_back({r.value("kind", ""), r.value("id", std::int64_t{0})});
  return out;
}

Message message_from(const store::Row& r) {
  Message m;
  m.id = r.integer(0);
  m.thread_id = r.integer(1);
  if (!r.is_null(2)) m.reply_to = r.integer(2);
  m.sender_member = r.text(3);
  m.sender_user = r.text(4);
  m.content.subject = r.text(5);
  m.content.body = r.text(6);
  m.content.priority = enum_from_name(kPriorities, r.text(7)).value_or(Priority::routine);
  m.content.handling = enum_from_name(kHandlings, r.text(8)).value_or(Handling::standard);
  m.content.caveat = r.opt_text(9);
  m.content.references = references_from(r.text(10));
  if (auto quoted = r.opt_text(11)) {
    json q = json::parse(*quoted, nullptr, false);
    if (q.is_object()) {
      m.forwarded = Quoted{q.value("id", std::int64_t{0}), q.value("from", ""), q.value("sent_at", ""),
                           q.value("subject", ""), q.value("body", "")};
    }
  }
  m.created_at = r.text(12);
  if (!r.is_null(13)) m.group_id = r.integer(13);
  return m;
}

Result<std::optional<Message>> load_message(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<Message>{};
  Message m = message_from(rows.front());
  ARIADNE_TRY(
      db.for_each("SELECT member, username, read_at, read_by FROM notifications WHERE message_id = ? AND "
                  "kind = 'message' ORDER BY member, username",
                  {id}, [&](const store::Row& r) {
                    m.recipients.push_back({r.text(0), r.opt_text(1), r.opt_text(2), r.opt_text(3)});
                    return true;
                  }));
  ARIADNE_ASSIGN(m.attachments, message_attachments(db, id));
  return std::optional<Message>{std::move(m)};
}

bool is_recipient(const Message& m, const policy::Caller& caller) {
  return std::any_of(m.recipients.begin(), m.recipients.end(), [&](const Receipt& r) {
    return m.group_id ? r.user == caller.username : r.member == caller.member;
  });
}

// The message, when the caller is one of its parties.
Result<Message> party_message(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_ASSIGN(auto found, load_message(db, id));
  if (!found || !is_party(*found, caller)) return Error::not_found(message_name(id));
  return std::move(*found);
}

// Reads "to": a list of member codes or "all". Codes are checked against the
// store by resolve_recipients.
void read_recipients(JsonFields& f, std::vector<std::string>& to, bool& to_all, bool required) {
  const json* value = f.any("to", required);
  if (value == nullptr) return;
  if (value->is_string()) {
    if (*value == "all") {
      to_all = true;
    } else {
      f.fail("to", "must be a list of member codes or \"all\"");
    }
    return;
  }
  if (!value->is_array()) {
    f.fail("to", "must be a list of member codes or \"all\"");
    return;
  }
  if (value->empty()) f.fail("to", "names no member");
  if (value->size() > kMaxRecipients) {
    f.fail("to", "lists more than " + std::to_string(kMaxRecipients) + " members");
    return;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& code = (*value)[i];
    const std::string field = "to[" + std::to_string(i) + "]";
    if (!code.is_string() || code.get_ref<const std::string&>().empty() ||
        code.get_ref<const std::string&>().size() > 16) {
      f.fail(field, "must be a member code");
      continue;
    }
    to.push_back(code.get<std::string>());
  }
}

std::optional<Priority> read_priority(JsonFields& f) {
  auto text = f.string("priority", false, 16);
  if (!text) return Priority::routine;
  auto p = enum_from_name(kPriorities, *text);
  if (!p) f.fail("priority", "must be routine, urgent or immediate");
  return p;
}

// The recipient members: the codes given (known, not the sender's own, each
// once), every member country and the General Secretariat for "all", or the
// other parties of the message replied to.
Result<std::vector<std::string>> resolve_recipients(store::Database& db, const policy::Caller& caller,
                                                    const std::vector<std::string>& to, bool to_all,
                                                    const Message* replied) {
  std::vector<FieldError> errors;
  std::set<std::string> out;
  if (to_all) {
    ARIADNE_ASSIGN(auto members, policy::list_members(db));
    for (const auto& m : members) {
      if (m.kind != policy::MemberKind::partner && m.code != caller.member) out.insert(m.code);
    }
  } else if (to.empty() && replied != nullptr) {
    if (replied->sender_member != caller.member) out.insert(replied->sender_member);
    for (const auto& r : replied->recipients) {
      if (r.member != caller.member) out.insert(r.member);
    }
  }
  for (std::size_t i = 0; i < to.size(); ++i) {
    const std::string field = "to[" + std::to_string(i) + "]";
    if (to[i] == caller.member) {
      errors.push_back({field, "is your own member"});
      continue;
    }
    ARIADNE_ASSIGN(auto member, policy::find_member(db, to[i]));
    if (!member) {
      errors.push_back({field, "no member " + to[i]});
    } else if (!out.insert(to[i]).second) {
      errors.push_back({field, "lists " + to[i] + " again"});
    }
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  if (out.empty()) return Error::invalid("to", "no member to send to");
  return std::vector<std::string>(out.begin(), out.end());
}

std::string cut_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

struct Stored {
  const Message* replied = nullptr;  // the message answered, when a reply
  std::vector<std::string> recipients;
  std::optional<std::int64_t> group;
  std::vector<GroupMember> users;  // a group message's recipients
  Content content;
  std::optional<Quoted> quoted;
};

// A group message goes to the group's users but the sender; the sender must belong to the group.
Status resolve_group(store::Database& db, const policy::Caller& caller, std::int64_t id, Stored& s) {
  auto group = find_group(db, id);
  if (!group && group.error().code != ErrorCode::not_found) return group.error();
  if (!group || !in_group(*group, caller.username)) {
    return Error::invalid("group", "no group " + std::to_string(id) + " you belong to");
  }
  s.group = id;
  for (const auto& m : group->members) {
    if (m.user != caller.username) s.users.push_back(m);
  }
  if (s.users.empty()) return Error::invalid("group", "you are the only member of group " + std::to_string(id));
  return {};
}

// Stores the message and delivers it to each recipient's inbox (inside the caller's transaction).
Result<std::int64_t> store_message(store::Database& db, const policy::Caller& caller, const Stored& s) {
  store::Value quoted;
  if (s.quoted) {
    quoted = json{{"id", s.quoted->id},
                  {"from", s.quoted->from},
                  {"sent_at", s.quoted->sent_at},
                  {"subject", s.quoted->subject},
                  {"body", s.quoted->body}}
                 .dump();
  }
  ARIADNE_ASSIGN(
      auto rows,
      db.query("INSERT INTO messages (thread_id, reply_to, sender_member, sender_user, subject, body, priority, "
               "handling, caveat, refs, quoted, group_id) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
               {s.replied ? store::Value{s.replied->id} : store::Value{}, caller.member, caller.username,
                s.content.subject, s.content.body, std::string(to_string(s.content.priority)),
                std::string(to_string(s.content.handling)), store::nullable(s.content.caveat),
                references_json(s.content.references).dump(), quoted, store::nullable(s.group)}));
  const std::int64_t id = rows.front().integer(0);
  const std::int64_t thread = s.replied ? s.replied->thread_id : id;
  ARIADNE_TRY(db.execute("UPDATE messages SET thread_id = ? WHERE id = ?", {thread, id}));
  const std::string object = "message:" + std::to_string(id);
  for (const auto& member : s.recipients) {
    ARIADNE_TRY(
        db.execute("INSERT INTO notifications (member, kind, object, text, message_id) VALUES (?, 'message', ?, ?, ?)",
                   {member, object, s.content.subject, id}));
  }
  for (const auto& u : s.users) {
    ARIADNE_TRY(
        db.execute("INSERT INTO notifications (member, kind, object, text, message_id, username) VALUES (?, "
                   "'message', ?, ?, ?, ?)",
                   {u.member, object, s.content.subject, id, u.user}));
  }
  return id;
}

std::string recipients_detail(const std::vector<std::string>& recipients) {
  std::string out = "to ";
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    if (out.size() > 900) return out + ",… (" + std::to_string(recipients.size()) + " members)";
    out += (i > 0 ? "," : "") + recipients[i];
  }
  return out;
}

// Where a message went, for the audit log.
std::string delivery_detail(const Stored& s) {
  if (s.group) return "to group:" + std::to_string(*s.group) + " (" + std::to_string(s.users.size()) + " users)";
  return recipients_detail(s.recipients);
}

// An FTS5 query of every word of `words`, each a prefix ("evr" finds
// "Evros"), quoted so that no character is an operator; "" when there is no
// word.
std::string words_query(std::string_view words) {
  std::string out;
  std::size_t i = 0;
  while (i < words.size()) {
    while (i < words.size() && std::isspace(static_cast<unsigned char>(words[i]))) ++i;
    std::string word;
    while (i < words.size() && !std::isspace(static_cast<unsigned char>(words[i]))) {
      if (words[i] != '"') word += words[i];
      ++i;
    }
    if (word.empty()) continue;
    if (!out.empty()) out += ' ';
    out += '"' + word + "\"*";
  }
  return out;
}

}  // namespace

std::optional<Priority> parse_priority(std::string_view s) {
  return enum_from_name(kPriorities, s);
}
std::string_view to_string(Priority p) {
  return enum_to_name(kPriorities, p);
}
std::string_view to_string(Handling h) {
  return enum_to_name(kHandlings, h);
}

bool is_party(const Message& m, const policy::Caller& caller) {
  const bool sender = m.group_id ? m.sender_user == caller.username : m.sender_member == caller.member;
  return sender || is_recipient(m, caller);
}

bool known_reference_kind(std::string_view kind) {
  return std::find(std::begin(kReferenceKinds), std::end(kReferenceKinds), kind) != std::end(kReferenceKinds);
}

Result<NewMessage> parse_new_message(const json& body) {
  JsonFields f(body);
  NewMessage m;
  Content& c = m.content;
  auto reply = f.integer("reply_to", false, 1, std::numeric_limits<std::int64_t>::max());
  m.group = f.integer("group", false, 1, std::numeric_limits<std::int64_t>::max());
  if (m.group && f.has("to")) f.fail("group", "a message goes to members (\"to\") or to a group, not both");
  read_recipients(f, m.to, m.to_all, !reply.has_value() && !f.has("reply_to") && !f.has("group"));
  auto subject = f.string("subject", true, kMaxSubjectBytes);
  auto text = f.string("body", true, kMaxBodyBytes);
  auto priority = read_priority(f);
  auto handling = f.string("handling", false, 16);
  c.caveat = f.string("caveat", false, 200);
  m.reply_to = reply;
  if (subject && blank(*subject)) f.fail("subject", "must not be blank");
  if (text && blank(*text)) f.fail("body", "must not be blank");
  if (handling) {
    if (auto h = enum_from_name(kHandlings, *handling)) {
      c.handling = *h;
    } else {
      f.fail("handling", "must be standard or no_forward");
    }
  }
  if (const json* refs = f.any("references", false)) {
    if (!refs->is_array()) {
      f.fail("references", "must be a list of {kind, id}");
    } else if (refs->size() > kMaxReferences) {
      f.fail("references", "lists more than " + std::to_string(kMaxReferences) + " records");
    } else {
      for (std::size_t i = 0; i < refs->size(); ++i) {
        const std::string field = "references[" + std::to_string(i) + "]";
        if (!(*refs)[i].is_object()) {
          f.fail(field, "must be an object {kind, id}");
          continue;
        }
        JsonFields r((*refs)[i], field);
        auto kind = r.string("kind", true, 32);
        auto id = r.integer("id", true, 1, std::numeric_limits<std::int64_t>::max());
        if (kind && !known_reference_kind(*kind)) {
          r.fail("kind", "must be notice, hit, document, entity, contribution or operation");
        }
        f.merge(r.finish());
        if (kind && id && known_reference_kind(*kind)) {
          Reference ref{*kind, *id};
          if (std::find(c.references.begin(), c.references.end(), ref) != c.references.end()) {
            f.fail(field, "refers to the same record again");
          } else {
            c.references.push_back(std::move(ref));
          }
        }
      }
    }
  }
  if (const json* files = f.any("attachments", false)) {
    auto parsed = parse_attachments(*files);
    if (parsed) {
      m.attachments = std::move(*parsed);
    } else {
      f.merge(parsed.error());
    }
  }
  ARIADNE_TRY(f.finish());
  c.subject = std::move(*subject);
  c.body = std::move(*text);
  c.priority = *priority;
  return m;
}

Result<Forward> parse_forward(const json& body) {
  JsonFields f(body);
  Forward out;
  out.group = f.integer("group", false, 1, std::numeric_limits<std::int64_t>::max());
  if (out.group && f.has("to")) f.fail("group", "a message goes to members (\"to\") or to a group, not both");
  read_recipients(f, out.to, out.to_all, !f.has("group"));
  auto note = f.string("note", false, kMaxBodyBytes);
  auto priority = read_priority(f);
  ARIADNE_TRY(f.finish());
  if (note) out.note = std::move(*note);
  out.priority = *priority;
  return out;
}

Result<Message> send_message(store::Database& db, const policy::Caller& caller, const NewMessage& in,
                             const ReferenceCheck& check, const AttachmentKey* key) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_send));
  if (!in.attachments.empty() && key == nullptr) {
    return Error{ErrorCode::unavailable, "this server keeps no attachment key (ariadne serve --attachment-key)", {}};
  }
  std::int64_t id = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    std::optional<Message> replied;
    if (in.reply_to) {
      ARIADNE_ASSIGN(replied, load_message(db, *in.reply_to));
      if (!replied || !is_party(*replied, caller)) {
        return Error::invalid("reply_to", "no message " + std::to_string(*in.reply_to) + " you are a party to");
      }
    }
    Stored s;
    s.replied = replied ? &*replied : nullptr;
    // A reply without recipients stays where the message it answers went.
    const bool to_members = !in.to.empty() || in.to_all;
    const auto group = in.group ? in.group : (!to_members && replied ? replied->group_id : std::nullopt);
    if (group) {
      ARIADNE_TRY(resolve_group(db, caller, *group, s));
    } else {
      ARIADNE_ASSIGN(s.recipients, resolve_recipients(db, caller, in.to, in.to_all, s.replied));
    }
    const auto& refs = in.content.references;
    std::vector<FieldError> unseen;
    for (std::size_t i = 0; i < refs.size(); ++i) {
      ARIADNE_ASSIGN(auto label, check(caller, refs[i]));
      if (!label) {
        unseen.push_back({"references[" + std::to_string(i) + "]",
                          "no " + refs[i].kind + " " + std::to_string(refs[i].id) + " that you may see"});
      }
    }
    if (!unseen.empty()) return Error::invalid_fields(std::move(unseen));
    s.content = in.content;
    ARIADNE_ASSIGN(id, store_message(db, caller, s));
    if (!in.attachments.empty()) ARIADNE_TRY(store_attachments(db, caller, *key, id, in.attachments));
    std::string detail = delivery_detail(s) + "; " + std::string(to_string(in.content.priority));
    if (!in.attachments.empty()) detail += "; " + std::to_string(in.attachments.size()) + " attachments";
    if (replied) detail += "; reply to message:" + std::to_string(replied->id);
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "message.send", "message:" + std::to_string(id), "ok", detail}));
    return {};
  }));
  ARIADNE_ASSIGN(auto stored, load_message(db, id));
  if (!stored) return Error::internal("message " + std::to_string(id) + " vanished after it was sent");
  return std::move(*stored);
}

Result<Message> forward_message(store::Database& db, const policy::Caller& caller, std::int64_t id, const Forward& in) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_send));
  std::int64_t forwarded = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto original, party_message(db, caller, id));
    const bool sender =
        original.group_id ? original.sender_user == caller.username : original.sender_member == caller.member;
    if (original.content.handling == Handling::no_forward && !sender) {
      return Error::forbidden("the sending member asked that " + message_name(id) + " not be forwarded");
    }
    Stored s;
    if (in.group) {
      ARIADNE_TRY(resolve_group(db, caller, *in.group, s));
    } else {
      ARIADNE_ASSIGN(s.recipients, resolve_recipients(db, caller, in.to, in.to_all, nullptr));
    }
    s.content.subject = cut_utf8("Fwd: " + original.content.subject, kMaxSubjectBytes);
    s.content.body = in.note.empty() ? "(forwarded without a note)" : in.note;
    s.content.priority = in.priority;
    // The sender's instructions travel with what it wrote.
    s.content.handling = original.content.handling;
    s.content.caveat = original.content.caveat;
    s.content.references = original.content.references;  // each reader is checked against each record when reading
    s.quoted = Quoted{original.id, original.sender_member, original.created_at, original.content.subject,
                      original.content.body};
    ARIADNE_ASSIGN(forwarded, store_message(db, caller, s));
    ARIADNE_TRY(carry_attachments(db, original.id, forwarded));
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "message.forward", "message:" + std::to_string(forwarded), "ok",
             "of message:" + std::to_string(id) + "; " + delivery_detail(s)}));
    return {};
  }));
  ARIADNE_ASSIGN(auto stored, load_message(db, forwarded));
  if (!stored) return Error::internal("message " + std::to_string(forwarded) + " vanished after it was sent");
  return std::move(*stored);
}

Result<Message> read_message(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_read));
  return party_message(db, caller, id);
}

Result<std::vector<Message>> read_thread(store::Database& db, const policy::Caller& caller, std::int64_t thread_id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_read));
  std::vector<std::int64_t> ids;
  ARIADNE_TRY(
      db.for_each("SELECT id FROM messages WHERE thread_id = ? ORDER BY id", {thread_id}, [&](const store::Row& r) {
        ids.push_back(r.integer(0));
        return true;
      }));
  std::vector<Message> out;
  for (auto id : ids) {
    ARIADNE_ASSIGN(auto m, load_message(db, id));
    if (m && is_party(*m, caller)) out.push_back(std::move(*m));
  }
  if (out.empty()) return Error::not_found("thread " + std::to_string(thread_id));
  return out;
}

Status mark_message_read(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_read));
  ARIADNE_ASSIGN(auto m, party_message(db, caller, id));
  if (!is_recipient(m, caller)) {
    return Error::conflict(message_name(id) + (m.group_id ? " was sent by you" : " was sent by your member") +
                           ": only its recipients mark it read");
  }
  if (m.group_id) {
    ARIADNE_TRY(
        db.execute("UPDATE notifications SET read_at = COALESCE(read_at, ?), read_by = COALESCE(read_by, ?) "
                   "WHERE message_id = ? AND username = ? AND kind = 'message'",
                   {iso_now_ms(), caller.username, id, caller.username}));
    return {};
  }
  ARIADNE_TRY(
      db.execute("UPDATE notifications SET read_at = COALESCE(read_at, ?), read_by = COALESCE(read_by, ?) "
                 "WHERE message_id = ? AND member = ? AND kind = 'message'",
                 {iso_now_ms(), caller.username, id, caller.member}));
  return {};
}

Result<json> message_json(const Message& m, const policy::Caller& reader, const ReferenceCheck& check) {
  const Content& c = m.content;
  json refs = json::array();
  for (const auto& r : c.references) {
    ARIADNE_ASSIGN(auto label, check(reader, r));
    if (label) {
      refs.push_back({{"kind", r.kind}, {"id", r.id}, {"label", *label}, {"visible", true}});
    } else {
      refs.push_back({{"kind", r.kind}, {"visible", false}});
    }
  }
  json to = json::array();
  json receipts = json::array();
  json read_at = nullptr;
  for (const auto& r : m.recipients) {
    // A group message lists no recipients: its readers see the group.
    if (!m.group_id) to.push_back(r.member);
    json receipt = {{"member", r.member},
                    {"read_at", r.read_at ? json(*r.read_at) : json(nullptr)},
                    {"read_by", r.read_by ? json(*r.read_by) : json(nullptr)}};
    if (r.user) receipt["user"] = *r.user;
    receipts.push_back(std::move(receipt));
    const bool own = m.group_id ? r.user == reader.username : r.member == reader.member;
    if (own && r.read_at) read_at = *r.read_at;
  }
  json out = {{"id", m.id},
              {"thread_id", m.thread_id},
              {"reply_to", m.reply_to ? json(*m.reply_to) : json(nullptr)},
              {"from", {{"member", m.sender_member}, {"user", m.sender_user}}},
              {"to", to},
              {"subject", c.subject},
              {"body", c.body},
              {"priority", to_string(c.priority)},
              {"handling", to_string(c.handling)},
              {"caveat", c.caveat ? json(*c.caveat) : json(nullptr)},
              {"references", refs},
              {"created_at", m.created_at},
              {"read_at", read_at}};
  out["forwarded"] = m.forwarded ? json{{"from", m.forwarded->from},
                                        {"sent_at", m.forwarded->sent_at},
                                        {"subject", m.forwarded->subject},
                                        {"body", m.forwarded->body}}
                                 : json(nullptr);
  out["group"] = m.group_id ? json(*m.group_id) : json(nullptr);
  json files = json::array();
  for (const auto& a : m.attachments) files.push_back(to_json(a, m.id));
  out["attachments"] = files;
  const bool sender = m.group_id ? reader.username == m.sender_user : reader.member == m.sender_member;
  if (sender) out["receipts"] = receipts;
  return out;
}

namespace {

constexpr const char* kInboxColumns =
    "SELECT n.id, n.kind, n.object, n.text, n.created_at, n.read_at, n.message_id, m.sender_member, m.priority, "
    "m.thread_id, m.group_id";
const std::string kInboxSelect = std::string(kInboxColumns) +
                                 " FROM notifications n LEFT JOIN messages m ON m.id = n.message_id WHERE n.member = ? "
                                 "AND (n.username IS NULL OR n.username = ?)";

Result<std::vector<InboxItem>> inbox_items(store::Database& db, const std::string& sql, const store::Params& params) {
  std::vector<InboxItem> out;
  ARIADNE_TRY(db.for_each(sql, params, [&](const store::Row& r) {
    InboxItem item{r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.opt_text(5)};
    if (!r.is_null(6)) {
      item.message_id = r.integer(6);
      item.from = r.opt_text(7);
      if (auto p = r.opt_text(8)) item.priority = enum_from_name(kPriorities, *p);
      if (!r.is_null(9)) item.thread_id = r.integer(9);
      if (!r.is_null(10)) item.group_id = r.integer(10);
    }
    out.push_back(std::move(item));
    return true;
  }));
  return out;
}

}  // namespace

Result<std::vector<InboxItem>> inbox(store::Database& db, const policy::Caller& caller, const InboxQuery& q) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_read));
  // The filters every form of the query shares, after "WHERE n.member = ? AND …".
  auto filtered = [&](std::string sql, store::Params params) {
    params.insert(params.end(), {caller.member, caller.username});
    if (q.before_id > 0) {
      sql += " AND n.id < ?";
      params.emplace_back(q.before_id);
    }
    if (q.after_id > 0) {
      sql += " AND n.id > ?";
      params.emplace_back(q.after_id);
    }
    if (q.kind) {
      if (*q.kind == "notification") {
        sql += " AND n.kind <> 'message'";
      } else {
        sql += " AND n.kind = ?";
        params.emplace_back(*q.kind);
      }
    }
    if (q.unread_only) sql += " AND n.read_at IS NULL";
    if (q.priority) {
      sql += " AND m.priority = ?";
      params.emplace_back(std::string(to_string(*q.priority)));
    }
    if (q.from) {
      sql += " AND m.sender_member = ?";
      params.emplace_back(*q.from);
    }
    return std::pair{std::move(sql), std::move(params)};
  };
  const auto limit = static_cast<std::int64_t>(q.limit);
  if (!q.q) {
    auto [sql, params] = filtered(kInboxSelect, {});
    sql += " ORDER BY n.id DESC LIMIT ?";
    params.emplace_back(limit);
    return inbox_items(db, sql, params);
  }
  const std::string words = words_query(*q.q);
  if (words.empty()) return std::vector<InboxItem>{};
  // Words: each index is read newest first, joined to the member's items,
  // until a page is full; a word found everywhere stops early and a rare one
  // reads only where it is. Items found both ways (a message's subject is
  // its item's text) are listed once.
  auto branch = [&](const char* index, const char* join) {
    auto [sql, params] = filtered(std::string(kInboxColumns) + " FROM " + index + " JOIN notifications n ON " + join +
                                      " LEFT JOIN messages m ON m.id = n.message_id WHERE " + index +
                                      " MATCH ? AND n.member = ? AND (n.username IS NULL OR n.username = ?)",
                                  {words});
    sql += std::string(" ORDER BY ") + index + ".rowid DESC LIMIT ?";
    params.emplace_back(limit);
    return std::pair{"SELECT * FROM (" + sql + ")", std::move(params)};
  };
  auto [texts, text_params] = branch("notification_words", "n.id = notification_words.rowid");
  auto [bodies, body_params] = branch("message_words", "n.message_id = message_words.rowid");
  text_params.insert(text_params.end(), body_params.begin(), body_params.end());
  text_params.emplace_back(limit);
  return inbox_items(db, texts + " UNION " + bodies + " ORDER BY 1 DESC LIMIT ?", text_params);
}

Result<std::vector<InboxItem>> inbox_after(store::Database& db, const std::string& member, const std::string& user,
                                           std::int64_t after_id, int limit) {
  return inbox_items(db, std::string(kInboxSelect) + " AND n.id > ? ORDER BY n.id LIMIT ?",
                     {member, user, after_id, static_cast<std::int64_t>(limit)});
}

Result<std::int64_t> newest_inbox_item(store::Database& db, const std::string& member) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT COALESCE(MAX(id), 0) FROM notifications WHERE member = ?", {member}));
  return rows.front().integer(0);
}

json to_json(const InboxItem& i) {
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  json out = {{"id", i.id},
              {"kind", i.kind},
              {"object", i.object},
              {"text", i.text},
              {"created_at", i.created_at},
              {"read_at", opt(i.read_at)}};
  if (i.message_id) {
    out["message"] = {{"id", *i.message_id},
                      {"from", opt(i.from)},
                      {"priority", i.priority ? json(to_string(*i.priority)) : json(nullptr)},
                      {"thread_id", opt(i.thread_id)},
                      {"group", opt(i.group_id)}};
  } else {
    out["message"] = nullptr;
  }
  return out;
}

Result<std::vector<SentItem>> outbox(store::Database& db, const policy::Caller& caller, std::int64_t before_id,
                                     int limit) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_read));
  std::vector<std::int64_t> ids;
  ARIADNE_TRY(
      db.for_each("SELECT id FROM messages WHERE sender_member = ? AND (group_id IS NULL OR sender_user = ?) "
                  "AND id < ? ORDER BY id DESC LIMIT ?",
                  {caller.member, caller.username, before_id > 0 ? before_id : std::numeric_limits<std::int64_t>::max(),
                   static_cast<std::int64_t>(limit)},
                  [&](const store::Row& r) {
                    ids.push_back(r.integer(0));
                    return true;
                  }));
  std::vector<SentItem> out;
  for (auto id : ids) {
    ARIADNE_ASSIGN(auto m, load_message(db, id));
    if (!m) continue;  // not possible: messages are never deleted
    SentItem item{std::move(*m), 0};
    for (const auto& r : item.message.recipients) item.read += r.read_at ? 1 : 0;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace ariadne::exchange
