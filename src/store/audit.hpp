// The audit chain: every write, login and read of restricted data appends an
// entry whose hash is SHA-256 over the previous entry's hash and the entry's
// canonical form, so editing, deleting, inserting or reordering any entry
// breaks the chain at that entry. A one-row head (last seq and hash) written
// in the same transaction also exposes removal of the newest entries. Whoever
// can rewrite the file can still recompute the chain: signed checkpoints kept
// outside it (store/audit_anchor.hpp) expose that.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace ariadne::store {

// The previous hash of entry 1, and the head of an empty chain.
inline constexpr const char* kAuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditRecord {
  std::string username;  // "-" for anonymous (failed login of an unknown user, CLI as system)
  std::string member;    // member code of the acting user, "-" when unknown
  std::string action;    // e.g. login, document.create, document.read
  std::string object;    // e.g. document:42, user:alice
  std::string outcome;   // ok | denied | failed | not_found
  std::string detail;    // short context, never secrets
};

struct AuditEntry {
  std::int64_t seq = 0;
  std::string at;
  AuditRecord record;
  std::string prev_hash;
  std::string hash;
};

// Appends one entry. Joins the caller's transaction when there is one, so
// the entry commits (or rolls back) with the change it records.
Result<AuditEntry> audit_append(Database& db, const AuditRecord& record);

// One entry can stand for many records of a kind: its object is then
// "KIND:IDS" with IDS a comma-separated list of ids and inclusive ranges
// ("document:5,7-9"), which audit_list matches when asked for "document:8".
// ids ascending, not empty.
std::string object_ids(std::string_view kind, const std::vector<std::int64_t>& ids);
// Whether a "KIND:IDS" object names `object` ("KIND:ID"); also when equal.
bool object_names(std::string_view listed, std::string_view object);

// The canonical form hashed for an entry (stable key order, no whitespace).
std::string audit_canonical(std::int64_t seq, const std::string& at, const AuditRecord& r);
std::string audit_hash(const std::string& prev_hash, const std::string& canonical);

struct AuditVerdict {
  bool intact = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;  // the first entry that does not verify
  std::string reason;
  // Checks against signed checkpoints (audit_verify_anchored) only:
  std::int64_t checkpoints = 0;  // checkpoints whose signature and head hash verified
  std::int64_t anchored = 0;     // the last entry a checkpoint from outside the database covers
};

// Where a walk starts and what it reports: entries after `after_seq`, whose
// hash is `after_hash` (the genesis hash when empty), each passed to `visit`
// once it verified. Without check_head the head row is not compared: a walk
// outside a transaction may end before entries appended meanwhile.
struct AuditWalk {
  std::int64_t after_seq = 0;
  std::string after_hash;
  std::function<void(const AuditEntry&)> visit;
  bool check_head = true;
};

// Walks the chain and checks the head; `entries` is the last entry's seq.
Result<AuditVerdict> audit_verify(Database& db, const AuditWalk& walk = {});

struct AuditQuery {
  std::optional<std::string> username;
  std::optional<std::string> member;
  std::optional<std::string> action;
  std::optional<std::string> object;  // "document:42" also finds the entries whose id list names it
  std::int64_t after_seq = 0;
  int limit = 100;
};
Result<std::vector<AuditEntry>> audit_list(Database& db, const AuditQuery& q);

}  // namespace ariadne::store
