// Hits: every positive document check, stored with who checked (user and
// member), where (an optional location), when, what was presented (the
// document fields, never the holder's name) and which record matched. The
// record's owner member is notified and confirms or rejects the hit (a
// rejection says why) before anyone acts on it; the checking member then
// records the action it took. Each step is kept in the hit's history, and a
// hit left pending past a configurable time is overdue: listed for its owner
// and the General Secretariat, its owner reminded once.
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/ids.hpp"
#include "common/result.hpp"
#include "policy/roles.hpp"
#include "sltd/index.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::sltd {

// Hits on documents of published notices, and review reminders (sltd migration 3).
store::Migration sltd_hits_migration();
// The checking member's action, the history of every hit, overdue reminders (sltd migration 4).
store::Migration sltd_hit_workflow_migration();
// received_at: when the hit reached the store, from which it is overdue (an
// offline check's hit is checked earlier and uploaded later).
store::Migration sltd_hit_received_migration();
// The hits table as sltd's migration 2 first created it (sltd_hits_migration
// rebuilds it in its present shape): every hits DDL is in hits.cpp.
std::string sltd_hits_v1_sql();

enum class HitStatus { pending, confirmed, rejected };
std::optional<HitStatus> parse_hit_status(std::string_view s);
std::string_view to_string(HitStatus s);

// What the checking member did after the owner confirmed the hit.
enum class HitAction { arrest, victim_referred, document_seized, entry_refused, none };
std::optional<HitAction> parse_hit_action(std::string_view s);
std::string_view to_string(HitAction a);

struct HitInput {
  std::optional<DocumentId> document;  // a document record …
  std::optional<std::int64_t> notice;  // … or a published notice listing the document
  std::string owner;
  std::string summary;  // "FRA passport 15AB12345", for the owner's notification
  MatchKind match = MatchKind::exact;
  bool restricted = false;   // the checker may not see the record
  nlohmann::json presented;  // what the checker presented (document fields only)
  std::optional<std::string> location;
  std::optional<std::int64_t> checked_at;  // an offline check's time (unix seconds); now otherwise
};

struct Hit {
  std::int64_t id = 0;
  std::string checked_at;
  std::string username;
  std::string member;
  std::optional<std::string> location;
  nlohmann::json presented;
  std::optional<DocumentId> document;
  std::optional<std::int64_t> notice;
  std::string owner;
  std::string match;
  bool restricted = false;
  HitStatus status = HitStatus::pending;
  std::optional<std::string> note;
  std::optional<std::string> decided_by;
  std::optional<std::string> decided_at;
  std::optional<HitAction> action;  // recorded by the checking member once the hit is confirmed
  std::optional<std::string> action_note;
  std::optional<std::string> action_by;
  std::optional<std::string> action_at;
};

// One step of a hit: checked, confirmed, rejected, action.
struct HitEvent {
  std::int64_t id = 0;
  std::string at;
  std::string username;
  std::string member;
  std::string event;
  std::optional<std::string> detail;  // the match, the owner's note, the action and its note
};

// Stores the hit, audits it (hit.create) and notifies the owner, in one transaction.
Result<Hit> record_hit(store::Database& db, const policy::Caller& caller, const HitInput& input);

struct HitQuery {
  std::optional<HitStatus> status;
  std::int64_t after_id = 0;
  int limit = 100;
  // Only hits still pending that were made before this time (ISO, UTC): the
  // overdue ones. The caller's member's own, or every member's for the
  // General Secretariat.
  std::optional<std::string> overdue_before;
};
// Hits on the caller's member's records and hits the caller's member made
// (with overdue_before: see there).
Result<std::vector<Hit>> list_hits(store::Database& db, const policy::Caller& caller, const HitQuery& query);
// One hit, for its owner, its checking member and the General Secretariat;
// not_found for anyone else.
Result<Hit> find_hit(store::Database& db, const policy::Caller& caller, std::int64_t id);
// The hit's steps, oldest first.
Result<std::vector<HitEvent>> hit_history(store::Database& db, std::int64_t id);
// The owner member confirms or rejects a pending hit. The checking member is
// told as much as its view (hit_view) allows; a carrier is not told:
// it learns nothing beyond its go/no-go.
Result<Hit> decide_hit(store::Database& db, const policy::Caller& caller, std::int64_t id, HitStatus outcome,
                       const std::optional<std::string>& note);
// The checking member records what it did about a confirmed hit (once). Its
// owner is told, with the note.
struct HitActionInput {
  HitAction action = HitAction::none;
  std::optional<std::string> note;
};
Result<Hit> record_action(store::Database& db, const policy::Caller& caller, std::int64_t id,
                          const HitActionInput& input);
// POST /hits/{id}/action: {action: arrest|victim_referred|document_seized|entry_refused|none, note?}.
Result<HitActionInput> parse_hit_action_input(const nlohmann::json& body);

// Tells the owner of each hit pending since before `cutoff` (ISO, UTC) once,
// in batches; returns how many owners' hits were reminded.
Result<int> remind_overdue_hits(store::Database& db, const std::string& cutoff);

// An owner's decision, as POST /hits/{id}/confirm sends it: {outcome:
// confirmed|rejected, note?}; a rejection needs its reasons in note. The body
// is an object; every bad field is reported.
struct HitDecision {
  HitStatus outcome = HitStatus::confirmed;
  std::optional<std::string> note;
};
Result<HitDecision> parse_hit_decision(const nlohmann::json& body);

// What a viewer may learn of a hit, from what it may see of the record.
enum class HitView {
  full,       // the record's owner, or a checker that may see the record (and a victim's subject behind it)
  record,     // a checker that may see a victim's notice but not its subject: not the note, nor who decided
  existence,  // a checker that may not see the record: that one exists and what its owner decided, no more
};
// The view of `viewer`, decided now (the record's restriction may have
// narrowed since the check). A carrier never gets more than existence.
Result<HitView> hit_view(store::Database& db, const Hit& hit, const policy::Caller& viewer);
nlohmann::json to_json(const Hit& hit, HitView view);
// The history as `view` may see it: who acted and the notes only in full view.
nlohmann::json to_json(const std::vector<HitEvent>& history, HitView view);

}  // namespace ariadne::sltd
