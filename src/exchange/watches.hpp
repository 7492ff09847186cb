// Query watches: a member asks to be told whenever another member queries
// one of its records (one record, or every record of a kind), as the real
// system allows. A query is a read of the record or a screening that returns
// it (a document check that matches already tells the owner with a hit).
//
// The owner is told once per record, querying member and hour (kind
// `record.queried`), so a batch of checks or a busy border does not bury its
// inbox; the audit log keeps every read.
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::exchange {

// Watches and the sightings that coalesce their notifications (exchange migration 5).
store::Migration watches_migration();

inline constexpr std::string_view kWatchKinds[] = {"notice", "document"};
inline constexpr std::size_t kMaxWatchesPerMember = 10000;

struct Watch {
  std::int64_t id = 0;
  std::string member;
  std::string kind;                    // notice or document
  std::optional<std::int64_t> record;  // none: every record of the kind
  std::string created_by;
  std::string created_at;
};
nlohmann::json to_json(const Watch& w);

// A watch as POST /watches sends it: {"kind", "record"?}.
struct NewWatch {
  std::string kind;
  std::optional<std::int64_t> record;
};
Result<NewWatch> parse_new_watch(const nlohmann::json& body);

// Stores the watch for the caller's member. The caller (the app layer) has
// checked that the member owns `record`; the same watch twice is a conflict.
Result<Watch> add_watch(store::Database& db, const policy::Caller& caller, const NewWatch& watch);
Result<std::vector<Watch>> list_watches(store::Database& db, const std::string& member);
// Removes one of the member's watches; not_found for another member's.
Status remove_watch(store::Database& db, const policy::Caller& caller, std::int64_t id);
// Whether any member watches anything (a cheap check before owners are looked up).
Result<bool> any_watch(store::Database& db);

// Tells `owner` that `by` queried its record (`how`: "read", "screened a
// name that returned"), when the owner watches the record or its kind and
// was not told of that member's queries of it within the hour. Nothing for
// the owner's own queries.
Status record_queried(store::Database& db, const std::string& owner, std::string_view kind, std::int64_t record,
                      const policy::Caller& by, std::string_view how);

}  // namespace ariadne::exchange
