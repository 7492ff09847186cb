// Messages between members: from a member to one, several or all members,
// with a priority, a handling instruction, references to records, threads,
// replies and forwards, and per-member read receipts.
//
// A message is delivered as an item of each recipient member's inbox (the
// notifications table: kind "message"), which is also where its read receipt
// lives. Only the parties read a message: the sending member and the members
// it was sent to. The General Secretariat is a party only when it sent or
// received it; otherwise it reads a message only when a party forwards it.
// A reference to a record shows it only to a reader the record's
// restriction lets see it (ReferenceCheck, decided at each read).
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "exchange/attachments.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::exchange {

// Messages and their inbox items (exchange migration 2).
store::Migration messages_migration();
// The words of messages and inbox items, for the inbox's search (exchange migration 6).
store::Migration inbox_words_migration();

enum class Priority { routine, urgent, immediate };
std::optional<Priority> parse_priority(std::string_view s);
std::string_view to_string(Priority p);

// What the sender asks of its recipients: no_forward keeps the message with
// its parties (only the sending member may forward it).
enum class Handling { standard, no_forward };
std::string_view to_string(Handling h);

struct Reference {
  std::string kind;  // notice, hit, document, entity, contribution, operation
  std::int64_t id = 0;
  bool operator==(const Reference&) const = default;
};
// The record kinds a message may refer to.
bool known_reference_kind(std::string_view kind);

// What `reader` may learn of a referenced record: a short label when it may
// see the record, nullopt when it may not or the record is gone.
using ReferenceCheck =
    std::function<Result<std::optional<std::string>>(const policy::Caller& reader, const Reference& reference)>;

inline constexpr std::size_t kMaxSubjectBytes = 200;
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr std::size_t kMaxRecipients = 500;
inline constexpr std::size_t kMaxReferences = 50;

// What a message says, as its sender wrote it.
struct Content {
  std::string subject;
  std::string body;
  Priority priority = Priority::routine;
  Handling handling = Handling::standard;
  std::optional<std::string> caveat;
  std::vector<Reference> references;
};

// A message as POST /messages sends it: {"to": [codes] | "all", "subject",
// "body", "priority"?, "handling"?, "caveat"?, "references"?: [{kind, id}],
// "reply_to"?}, or {"group": id, …} to an expert group's users. A reply may
// leave out "to": it goes to the other parties of the message it answers
// (the group, for a group message). Checked for shape here; members, references and the
// thread by send_message.
struct NewMessage {
  std::vector<std::string> to;
  bool to_all = false;
  std::optional<std::int64_t> group;  // an expert group the sender belongs to, instead of "to"
  Content content;
  std::optional<std::int64_t> reply_to;
  std::vector<NewAttachment> attachments;  // "attachments": [{"name", "content_base64"}]
};
Result<NewMessage> parse_new_message(const nlohmann::json& body);

// A forward: {"to": [codes] | "all" or "group": id, "note"?, "priority"?}.
struct Forward {
  std::vector<std::string> to;
  bool to_all = false;
  std::optional<std::int64_t> group;
  std::string note;
  Priority priority = Priority::routine;
};
Result<Forward> parse_forward(const nlohmann::json& body);

// A recipient: a member, or for a group message one user of a member.
struct Receipt {
  std::string member;
  std::optional<std::string> user;
  std::optional<std::string> read_at;
  std::optional<std::string> read_by;
};

// The message a forward carries, as it was when forwarded.
struct Quoted {
  std::int64_t id = 0;
  std::string from;
  std::string sent_at;
  std::string subject;
  std::string body;
};

struct Message {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::optional<std::int64_t> reply_to;
  std::string sender_member;
  std::string sender_user;
  Content content;
  std::optional<Quoted> forwarded;
  std::string created_at;
  std::optional<std::int64_t> group_id;  // sent to an expert group's users
  std::vector<Receipt> recipients;       // by member code (and user, for a group message)
  std::vector<AttachmentInfo> attachments;
};

// Whether the caller is a party: its member sent or received a message to
// members; it sent or received a group message itself.
bool is_party(const Message& m, const policy::Caller& caller);

// Sends a message from the caller's member: checks the recipients (known
// members, not the sender's own), the thread (a reply answers a message the
// caller's member is a party to) and the references (records the caller may
// see), stores it, delivers it to each recipient's inbox and audits it, in
// one transaction. Bad input changes nothing. Attachments are sealed with
// `key`; without one a message with attachments is refused (unavailable).
Result<Message> send_message(store::Database& db, const policy::Caller& caller, const NewMessage& message,
                             const ReferenceCheck& check, const AttachmentKey* key = nullptr);
// A party forwards a message it may read to other members: a new message
// quoting it (the original stays with its parties) with the original's
// handling, caveat and attachments. Forbidden when the sender asked for no forwarding and
// the caller's member did not send it.
Result<Message> forward_message(store::Database& db, const policy::Caller& caller, std::int64_t id,
                                const Forward& forward);
// The message, for its parties; not_found for anyone else.
Result<Message> read_message(store::Database& db, const policy::Caller& caller, std::int64_t id);
// The messages of a thread the caller's member is a party to, oldest first;
// not_found when it is a party to none.
Result<std::vector<Message>> read_thread(store::Database& db, const policy::Caller& caller, std::int64_t thread_id);
// The recipient member's read receipt (the first read is kept); not_found for
// a non-party, conflict for the sending member.
Status mark_message_read(store::Database& db, const policy::Caller& caller, std::int64_t id);

// The message as `reader` sees it: references it may not see name only their
// kind; receipts go to the sending member, other recipients see the list of
// recipients; `read_at` is the reader's member's own receipt; attachments are
// listed with where to download them.
Result<nlohmann::json> message_json(const Message& m, const policy::Caller& reader, const ReferenceCheck& check);

// The inbox: the member's notifications and messages, newest first.
struct InboxQuery {
  std::optional<std::string> kind;  // "message", "notification" (every other kind) or one kind (hit, lead, …)
  bool unread_only = false;
  std::optional<Priority> priority;  // messages of this priority
  std::optional<std::string> from;   // messages from this member
  std::optional<std::string> q;  // words (or their beginnings) of a message's subject or body, or a notification's text
  std::int64_t before_id = 0;    // keyset paging: items below this id (0: from the newest)
  std::int64_t after_id = 0;     // items above this id
  int limit = 50;
};
struct InboxItem {
  std::int64_t id = 0;
  std::string kind;
  std::string object;
  std::string text;
  std::string created_at;
  std::optional<std::string> read_at;
  std::optional<std::int64_t> message_id;
  std::optional<std::string> from;   // a message's sending member
  std::optional<Priority> priority;  // a message's priority
  std::optional<std::int64_t> thread_id;
  std::optional<std::int64_t> group_id;  // a group message's group
};
Result<std::vector<InboxItem>> inbox(store::Database& db, const policy::Caller& caller, const InboxQuery& query);
nlohmann::json to_json(const InboxItem& item);
// A user's inbox items after `after_id`, oldest first (what a live stream
// sends next): its member's, less those addressed to other users; and the id
// of the member's newest item (0 when empty).
Result<std::vector<InboxItem>> inbox_after(store::Database& db, const std::string& member, const std::string& user,
                                           std::int64_t after_id, int limit);
Result<std::int64_t> newest_inbox_item(store::Database& db, const std::string& member);

// Messages the caller's member sent to members, and those the caller sent to
// groups, newest first, with how many recipients read each.
struct SentItem {
  Message message;
  int read = 0;
};
Result<std::vector<SentItem>> outbox(store::Database& db, const policy::Caller& caller, std::int64_t before_id,
                                     int limit);

}  // namespace ariadne::exchange
