// Leads: when a member's case touches what another member's case holds (the
// same person as resolved, phone, account, document, vehicle or registered
// organization), both owners are told, through the exchange's notifications
// (kind `lead`), what matched and where — as far as the other case's
// restriction lets each see it. Told of a case it may not read, a member
// learns only that another member holds information on what its own case
// names, and asks through the General Secretariat: never which member, which
// case, or anything the other case says.
//
// A lead is a pair of contributions of two members and the entities they
// share; an entity they come to share later is added to it and told again.
// raise_leads runs after the people are resolved (a person's mentions have
// their entities then) and looks only at contributions stored or changed
// since it last ran, and at the people whose mentions the resolution moved
// since (a later case, or an analyst's decision, merging two people: the
// cases of each now share the other's), so it may run as often as wanted;
// running it twice, or from two servers, tells nothing twice, and a person
// renamed by a merge is the same match.
//
// Thread-safety: as the Database given; each run is one write transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

struct LeadRun {
  std::size_t leads = 0;          // new pairs of cases
  std::size_t matches = 0;        // entities newly shared by a pair
  std::size_t notifications = 0;  // sent
};
nlohmann::json to_json(const LeadRun& r);

Result<LeadRun> raise_leads(store::Database& db);

// One thing a lead's cases share, as the caller's own case names it.
struct LeadMatch {
  std::int64_t entity = 0;
  std::string kind;  // person, phone, account, document, vehicle, organization
  std::string what;  // the caller's own case's name or number for it
};

// A lead as the caller's member sees it.
struct Lead {
  std::int64_t id = 0;
  std::int64_t contribution = 0;  // the member's own case
  std::string case_ref;
  bool restricted = false;  // the other case is not the caller's to read: no more than that it exists
  std::optional<std::string> other_member;
  std::optional<std::int64_t> other_contribution;
  std::optional<std::string> other_case_ref;
  std::vector<LeadMatch> matches;
  std::string created_at;
};
nlohmann::json to_json(const Lead& l);

// The leads of the caller's member's cases, newest first, at most `limit` (1 to 1000).
Result<std::vector<Lead>> list_leads(store::Database& db, const policy::Caller& caller, std::size_t limit);

}  // namespace ariadne::analysis
