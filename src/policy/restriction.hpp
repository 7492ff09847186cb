// Record restrictions and the one gate that decides visibility.
//
// Every record has an owner member and a restriction:
//   all      every member country and the General Secretariat (not partners)
//   members  the owner, the listed members and the General Secretariat
//   owner    the owner and the General Secretariat
// Only users of the owner member modify or delete a record. Repositories
// never filter by hand: single records go through can_read / check_modify,
// lists and searches append visible_sql() to their WHERE clause. Both come
// from the same rule, so what a list shows and what a read allows agree.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::policy {

enum class Scope { all, members, owner };

struct Restriction {
  Scope scope = Scope::all;
  std::vector<std::string> members;  // for Scope::members, sorted and unique

  // Stored form of the member list: ",DEU,FRA," (empty for other scopes), so
  // a membership test is one portable LIKE.
  std::string stored_members() const;
  static Restriction from_stored(std::string_view scope, std::string_view members);
  bool operator==(const Restriction&) const = default;
};

std::string_view to_string(Scope s);
nlohmann::json to_json(const Restriction& r);
// Whether a member code is known: the store's members table, or a copy of it
// for code that validates away from the store (a bulk import's reader thread).
using MemberLookup = std::function<Result<bool>(const std::string& code)>;
MemberLookup members_of(store::Database& db);

// Validates {"scope": "all"|"members"|"owner", "members": [...]}; field names
// in errors are prefixed with `field`. Listed members must exist in `db`.
Result<Restriction> parse_restriction(const nlohmann::json& value, store::Database& db,
                                      const std::string& field = "restriction");
Result<Restriction> parse_restriction(const nlohmann::json& value, const MemberLookup& is_member,
                                      const std::string& field = "restriction");

// A restriction as a command line or query gives it: all, owner,
// members:ITA,FRA, or its JSON; the JSON parse_restriction then checks.
Result<nlohmann::json> restriction_from_text(std::string_view text);

struct RecordMeta {
  std::string owner;
  Restriction restriction;
};

bool can_read(const Caller& caller, const RecordMeta& record);
// not_found when the caller may not see the record, with exactly the error an
// absent record gets (`what` names it, e.g. "document 42"), so its existence
// stays hidden; forbidden when the caller may see but not change it.
Status check_modify(const Caller& caller, const RecordMeta& record, const std::string& what);

struct SqlFilter {
  std::string sql;  // a boolean expression for a WHERE clause
  store::Params params;
};
// The same rule as can_read, for a table with columns <prefix>owner,
// <prefix>scope and <prefix>scope_members.
SqlFilter visible_sql(const Caller& caller, std::string_view prefix = "");

// Every read of a restricted record (restriction other than `all`) is
// audited; a list or a search that shows several appends one entry for them
// all: `action` on `object` (e.g. "documents"), detail "restricted records
// read: ID,ID,…" (ids in the order given, cut after about 1000 characters).
// Nothing when ids is empty.
Status audit_restricted_reads(store::Database& db, const Caller& caller, std::string_view action,
                              std::string_view object, const std::vector<std::int64_t>& ids);

}  // namespace ariadne::policy
