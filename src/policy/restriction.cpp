#include "policy/restriction.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/enum_names.hpp"
#include "common/json_fields.hpp"
#include "store/audit.hpp"

namespace ariadne::policy {

namespace {

// The first entry is what a value missing from the table would be written as: owner, the narrowest.
constexpr EnumName<Scope> kScopes[] = {{Scope::owner, "owner"}, {Scope::all, "all"}, {Scope::members, "members"}};

}  // namespace

std::string_view to_string(Scope s) {
  return enum_to_name(kScopes, s);
}

std::string Restriction::stored_members() const {
  if (scope != Scope::members) return {};
  std::string out = ",";
  for (const auto& m : members) out += m + ",";
  return out;
}

Restriction Restriction::from_stored(std::string_view scope, std::string_view members) {
  Restriction r;
  r.scope = enum_from_name(kScopes, scope).value_or(Scope::owner);
  std::size_t start = 0;
  while (start < members.size()) {
    auto end = members.find(',', start);
    if (end == std::string_view::npos) end = members.size();
    if (end > start) r.members.emplace_back(members.substr(start, end - start));
    start = end + 1;
  }
  return r;
}

nlohmann::json to_json(const Restriction& r) {
  nlohmann::json j = {{"scope", to_string(r.scope)}};
  if (r.scope == Scope::members) j["members"] = r.members;
  return j;
}

MemberLookup members_of(store::Database& db) {
  return [&db](const std::string& code) -> Result<bool> {
    ARIADNE_ASSIGN(auto rows, db.query("SELECT 1 FROM members WHERE code = ?", {code}));
    return !rows.empty();
  };
}

Result<Restriction> parse_restriction(const nlohmann::json& value, store::Database& db, const std::string& field) {
  return parse_restriction(value, members_of(db), field);
}

Result<Restriction> parse_restriction(const nlohmann::json& value, const MemberLookup& is_member,
                                      const std::string& field) {
  if (!value.is_object()) return Error::invalid(field, "must be an object such as {\"scope\": \"all\"}");
  JsonFields f(value, field);
  Restriction r;
  auto scope = f.string("scope", true, 16);
  auto members = f.string_list("members", false, 300, 16);
  if (scope) {
    if (*scope == "all") {
      r.scope = Scope::all;
    } else if (*scope == "members") {
      r.scope = Scope::members;
    } else if (*scope == "owner") {
      r.scope = Scope::owner;
    } else {
      f.fail("scope", "must be one of all, members, owner");
    }
  }
  if (scope && r.scope == Scope::members) {
    if (!members || members->empty()) {
      f.fail("members", "must list at least one member when scope is members");
    } else {
      for (std::size_t i = 0; i < members->size(); ++i) {
        const auto& code = (*members)[i];
        ARIADNE_ASSIGN(bool found, is_member(code));
        if (!found) f.fail("members[" + std::to_string(i) + "]", "is not a known member: " + code);
      }
      r.members = *members;
      std::sort(r.members.begin(), r.members.end());
      r.members.erase(std::unique(r.members.begin(), r.members.end()), r.members.end());
    }
  } else if (members && !members->empty()) {
    f.fail("members", "is only allowed when scope is members");
  }
  ARIADNE_TRY(f.finish());
  return r;
}

bool can_read(const Caller& caller, const RecordMeta& record) {
  if (caller.member == record.owner) return true;
  if (caller.secretariat()) return true;
  switch (record.restriction.scope) {
    case Scope::all: return caller.member_kind != MemberKind::partner;
    case Scope::members:
      return std::binary_search(record.restriction.members.begin(), record.restriction.members.end(), caller.member);
    case Scope::owner: return false;
  }
  return false;
}

Status check_modify(const Caller& caller, const RecordMeta& record, const std::string& what) {
  if (!can_read(caller, record)) return Error::not_found(what);
  if (caller.member != record.owner)
    return Error::forbidden("only the owner member " + record.owner + " may change this record");
  return require(caller, Action::record_write);
}

SqlFilter visible_sql(const Caller& caller, std::string_view prefix) {
  std::string p(prefix);
  if (caller.secretariat()) return {"1 = 1", {}};
  SqlFilter f;
  f.sql = "(" + p + "owner = ? OR " + p + "scope_members LIKE ?";
  f.params = {caller.member, "%," + caller.member + ",%"};
  if (caller.member_kind != MemberKind::partner) f.sql += " OR " + p + "scope = 'all'";
  f.sql += ")";
  return f;
}

Status audit_restricted_reads(store::Database& db, const Caller& caller, std::string_view action,
                              std::string_view object, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  std::string listed;
  for (auto id : ids) listed += (listed.empty() ? "" : ",") + std::to_string(id);
  if (listed.size() > 1000) listed = listed.substr(0, 1000) + ",…";
  ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, std::string(action), std::string(object), "ok",
                                       "restricted records read: " + listed}));
  return {};
}

Result<nlohmann::json> restriction_from_text(std::string_view text) {
  if (text == "all" || text == "owner") return nlohmann::json{{"scope", std::string(text)}};
  if (text.starts_with("members:")) {
    nlohmann::json members = nlohmann::json::array();
    const std::string_view rest = text.substr(8);
    for (std::size_t at = 0; at <= rest.size();) {
      const auto comma = std::min(rest.find(',', at), rest.size());
      if (comma > at) members.push_back(std::string(rest.substr(at, comma - at)));
      at = comma + 1;
    }
    return nlohmann::json{{"scope", "members"}, {"members", members}};
  }
  if (text.starts_with("{")) return parse_json_object(text);
  return Error::invalid("restriction", "must be all, owner, members:CODE,CODE or a restriction's JSON");
}

}  // namespace ariadne::policy
