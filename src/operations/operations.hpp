// Transnational operations: a coordinating member invites members and
// partner organisations to check travellers and hotspots together within a
// window; the participants accept, and record what came of it: arrests,
// victims identified (protected records: age band, sex, nationality,
// exploitation; never a name), migrants detected, documents, cash and assets
// seized, investigations opened. The report counts the participants' checks
// and hits within the window and their outcomes (operations/report.*).
//
// Who sees what: an operation is visible to its participants (invited or
// not yet answered too) and the General Secretariat, 404 to anyone else. A
// participant lists its own outcomes only; others' reach it as counts.
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::operations {

std::vector<store::Migration> operations_migrations();

struct Location {
  std::string kind;  // border_crossing, airport, seaport, hotspot, other
  std::string name;
  std::optional<std::string> country;
  std::optional<double> latitude;
  std::optional<double> longitude;
};

struct Participant {
  std::string member;
  std::string status;  // invited, accepted, declined
  std::optional<std::string> answered_by;
  std::optional<std::string> answered_at;
  bool share_small_counts = false;  // its counts of 1 to 10 people are shown to the others as they are
};

// POST /operations: {name, participants: [codes], start, end, focus:
// trafficking|smuggling|both, region?, description?, locations?: [{kind,
// name, country?, latitude?, longitude?}], share_small_counts?}. `start` and `end` are UTC dates
// (an end date counts whole) or times; the window is at most a year.
struct NewOperation {
  std::string name;
  std::vector<std::string> participants;
  std::string starts_at;  // normalised: 2026-11-02T00:00:00.000Z
  std::string ends_at;    // exclusive
  std::string focus;
  std::optional<std::string> region;
  std::optional<std::string> description;
  std::vector<Location> locations;
  bool share_small_counts = false;  // the coordinator's own counts of 1 to 10 people, shown as they are
};
Result<NewOperation> parse_new_operation(const nlohmann::json& body);

struct Operation {
  std::int64_t id = 0;
  std::string name;
  std::string coordinator;
  std::string focus;
  std::optional<std::string> region;
  std::optional<std::string> description;
  std::string starts_at;
  std::string ends_at;
  std::string created_by;
  std::string created_at;
  std::vector<Participant> participants;  // the coordinator first
  std::vector<Location> locations;
};

// The caller's member coordinates the new operation (a participant that has
// accepted); every other participant is invited (notified: operation.invitation).
Result<Operation> create_operation(store::Database& db, const policy::Caller& caller, const NewOperation& input);
Result<Operation> get_operation(store::Database& db, const policy::Caller& caller, std::int64_t id);
// The operations the caller's member takes part in (every one for the General Secretariat), newest first.
Result<std::vector<Operation>> list_operations(store::Database& db, const policy::Caller& caller);
// An invited participant accepts or declines (once; it may accept after
// declining); the coordinator is told. `share_small_counts` lets the others
// see its counts of 1 to 10 people as they are.
Result<Operation> answer_invitation(store::Database& db, const policy::Caller& caller, std::int64_t id, bool accept,
                                    bool share_small_counts);
nlohmann::json to_json(const Operation& op);

// POST /operations/{id}/outcomes: one outcome, or {"outcomes": [...]} all or nothing.
//   {kind: arrest, offence, count?}            {kind: victim, age_band, sex, nationality, exploitation}
//   {kind: migrant, nationality, count?}       {kind: document_seized, count?}
//   {kind: cash_seized, amount, currency}      {kind: asset_seized, description, amount?, currency?}
//   {kind: investigation, count?}
// each with occurred_at (a UTC time or date within the window), country (where;
// default the recording member's) and location? (a name).
struct Outcome {
  std::int64_t id = 0;
  std::string member;
  std::string recorded_by;
  std::string recorded_at;
  std::string occurred_at;
  std::string country;
  std::string kind;
  std::int64_t count = 1;
  std::optional<std::string> offence;
  std::optional<std::string> age_band;
  std::optional<std::string> sex;
  std::optional<std::string> nationality;
  std::optional<std::string> exploitation;
  std::optional<std::int64_t> amount;
  std::optional<std::string> currency;
  std::optional<std::string> description;
  std::optional<std::string> location;
};
Result<std::vector<Outcome>> parse_outcomes(const nlohmann::json& body);
// Only a participant that accepted records outcomes, each within the window;
// every problem is named (outcomes[2].occurred_at) and nothing is stored.
Result<std::vector<Outcome>> record_outcomes(store::Database& db, const policy::Caller& caller, std::int64_t id,
                                             std::vector<Outcome> outcomes);
// The caller's member's own outcomes of the operation.
Result<std::vector<Outcome>> own_outcomes(store::Database& db, const policy::Caller& caller, std::int64_t id);
// Every outcome of the operation, for its report (no gate: the report applies it).
Result<std::vector<Outcome>> all_outcomes(store::Database& db, std::int64_t id);
nlohmann::json to_json(const Outcome& o);

// Whether `kind` counts people (arrests, victims, migrants): the report
// suppresses small counts of those.
bool counts_people(const std::string& kind);

}  // namespace ariadne::operations
