// `ariadne operation replay DIR`: runs the operation week `ariadne datagen`
// simulated (DIR/operation) through the system as its members would: the
// coordinator sets the operation up, every participant accepts, each check is
// made against the documents in the store as its member's offline border
// post would upload it (with the time it was made), and each member records
// its outcomes. The week is moved so that it ends on --ends-on (yesterday by
// default): a finished operation whose report the truth file can confirm.
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "cli/commands.hpp"
#include "common/time.hpp"
#include "operations/operations.hpp"
#include "operations/report.hpp"
#include "policy/accounts.hpp"
#include "sltd/checks.hpp"
#include "sltd/index.hpp"
#include "sltd/tally.hpp"

namespace ariadne::cli {

namespace {

using nlohmann::json;

Result<std::vector<json>> read_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::invalid("dir", "cannot read " + path + " (ariadne datagen writes it)");
  std::vector<json> out;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    auto parsed = json::parse(line, nullptr, false);
    if (!parsed.is_object())
      return Error::invalid("dir", path + " line " + std::to_string(number) + ": not a JSON object");
    out.push_back(std::move(parsed));
  }
  return out;
}

// A member acting through the replay: the coordinator coordinates, the others
// take part as officers (partners as partners).
Result<policy::Caller> replay_caller(store::Database& db, const std::string& code, policy::Role role) {
  ARIADNE_ASSIGN(auto member, policy::find_member(db, code));
  if (!member) return Error::invalid("dir", "member " + code + " of the operation does not exist (ariadne member add)");
  if (member->kind == policy::MemberKind::partner) role = policy::Role::partner;
  return policy::Caller{UserId{0}, "replay", member->code, member->kind, role};
}

// A time or date of the simulated week, moved by `days`.
Result<std::string> moved(const json& value, std::int64_t days, const std::string& what) {
  if (!value.is_string()) return Error::invalid("dir", what + " is not a time");
  const std::string text = value.get<std::string>();
  if (text.size() == 10) {
    auto d = parse_date(text);
    if (!d) return Error::invalid("dir", what + " is not a date: " + text);
    return add_days(*d, static_cast<int>(days)).iso();
  }
  auto t = parse_iso_time(text);
  if (!t) return Error::invalid("dir", what + " is not a UTC time: " + text);
  return iso_time(*t + days * 86400);
}

}  // namespace

namespace {

// The simulated week, read and checked whole before anything is stored.
struct Week {
  json operation;  // the POST /operations body, moved
  std::string coordinator;
  struct Check {
    std::string member;
    sltd::CheckRequest request;
  };
  std::vector<Check> checks;
  std::map<std::string, json> outcomes;  // member → {"outcomes": [...]}, moved
};

Result<Week> read_week(const ReplayOptions& o) {
  const std::string base = o.dir + "/operation/";
  ARIADNE_ASSIGN(auto head, read_lines(base + "operation.json"));
  if (head.size() != 1 || !head[0].contains("operation") || !head[0]["operation"].is_object() ||
      !head[0].value("coordinator", json()).is_string()) {
    return Error::invalid("dir", base + "operation.json holds one line {coordinator, operation}");
  }
  ARIADNE_ASSIGN(auto checks, read_lines(base + "checks.jsonl"));
  ARIADNE_ASSIGN(auto outcomes, read_lines(base + "outcomes.jsonl"));
  Week week{head[0]["operation"], head[0]["coordinator"].get<std::string>(), {}, {}};
  auto end =
      parse_date(week.operation.value("end", json()).is_string() ? week.operation["end"].get<std::string>() : "");
  if (!end) return Error::invalid("dir", "the operation has no end date");
  Date ends_on = add_days(today_utc(), -1);
  if (o.ends_on) {
    auto d = parse_date(*o.ends_on);
    if (!d) return Error::invalid("ends-on", "must be a date YYYY-MM-DD");
    ends_on = *d;
  }
  const std::int64_t shift = epoch_day(ends_on) - epoch_day(*end);
  for (const char* key : {"start", "end"}) {
    ARIADNE_ASSIGN(week.operation[key], moved(week.operation[key], shift, key));
  }
  auto text = [](const json& line, const char* key) {
    return line.contains(key) && line[key].is_string() ? line[key].get<std::string>() : std::string();
  };
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const std::string where = "checks.jsonl line " + std::to_string(i + 1) + ": ";
    const json& line = checks[i];
    if (!line.contains("traveller") || !line["traveller"].is_object() || text(line, "member").empty()) {
      return Error::invalid("dir", where + "must be {member, checked_at, traveller: {…}}");
    }
    json traveller = line["traveller"];
    auto at = moved(line.value("checked_at", json()), shift, where + "checked_at");
    if (!at) return at.error();
    traveller["checked_at"] = *at;
    auto request = sltd::parse_check_request(traveller);
    if (!request) return Error::invalid("dir", where + request.error().message);
    week.checks.push_back({text(line, "member"), std::move(*request)});
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::string where = "outcomes.jsonl line " + std::to_string(i + 1) + ": ";
    const json& line = outcomes[i];
    if (!line.contains("outcome") || !line["outcome"].is_object() || text(line, "member").empty()) {
      return Error::invalid("dir", where + "must be {member, outcome: {…}}");
    }
    json outcome = line["outcome"];
    ARIADNE_ASSIGN(outcome["occurred_at"], moved(outcome.value("occurred_at", json()), shift, where + "occurred_at"));
    week.outcomes[text(line, "member")]["outcomes"].push_back(std::move(outcome));
  }
  return week;
}

struct Replayed {
  operations::Operation op;
  std::int64_t checks = 0;
  std::int64_t hits = 0;
  std::int64_t outcomes = 0;
};

// The week through the system, in one transaction: all of it or nothing.
Result<Replayed> replay(store::Database& db, const Week& week) {
  Replayed out;
  sltd::CheckTally tally;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto lead, replay_caller(db, week.coordinator, policy::Role::coordinator));
    ARIADNE_ASSIGN(auto input, operations::parse_new_operation(week.operation));
    // Check counts are kept by member and minute, not by operation: a second
    // replay of the same week would count its checks twice in both reports.
    ARIADNE_ASSIGN(auto existing, operations::list_operations(db, policy::system_caller()));
    for (const auto& op : existing) {
      if (op.name == input.name && op.starts_at == input.starts_at) {
        return Error::conflict("this week was replayed already: operation " + std::to_string(op.id));
      }
    }
    ARIADNE_ASSIGN(out.op, operations::create_operation(db, lead, input));
    std::map<std::string, policy::Caller> callers{{week.coordinator, lead}};
    for (const auto& p : out.op.participants) {
      if (p.member == week.coordinator) continue;
      ARIADNE_ASSIGN(auto caller, replay_caller(db, p.member, policy::Role::officer));
      // Every participant of the simulation lets the others see its small counts.
      ARIADNE_TRY(operations::answer_invitation(db, caller, out.op.id, true, true));
      callers.emplace(p.member, caller);
    }
    // The checks, as each border post uploads them after the fact.
    ARIADNE_ASSIGN(auto index, sltd::DocumentIndex::build(db));
    for (const auto& c : week.checks) {
      auto caller = callers.find(c.member);
      if (caller == callers.end()) return Error::invalid("dir", "checks.jsonl: " + c.member + " is not a participant");
      ARIADNE_ASSIGN(auto answer, sltd::run_check(db, *index, caller->second, c.request));
      tally.add(c.member, 1, *c.request.checked_at / 60);
      ++out.checks;
      out.hits += json::parse(answer).value("hit", false) ? 1 : 0;
    }
    ARIADNE_TRY(tally.flush(db));
    // The outcomes, each member's in one list.
    for (const auto& [member, list] : week.outcomes) {
      auto caller = callers.find(member);
      if (caller == callers.end()) return Error::invalid("dir", "outcomes.jsonl: " + member + " is not a participant");
      ARIADNE_ASSIGN(auto parsed, operations::parse_outcomes(list));
      ARIADNE_ASSIGN(auto stored, operations::record_outcomes(db, caller->second, out.op.id, std::move(parsed)));
      out.outcomes += static_cast<std::int64_t>(stored.size());
    }
    return {};
  }));
  return out;
}

}  // namespace

int operation_replay(const ReplayOptions& o) {
  auto week = read_week(o);
  if (!week) return fail_on("operation replay", o.dir, week.error());
  auto db = open_ready(o.db_url);
  if (!db) return fail("operation replay", db.error());
  auto done = replay(**db, *week);
  if (!done) return fail_on("operation replay", o.dir, done.error());
  std::cout << json{{"operation", done->op.id},
                    {"name", done->op.name},
                    {"start", done->op.starts_at},
                    {"end", done->op.ends_at},
                    {"participants", done->op.participants.size()},
                    {"checks", done->checks},
                    {"hits", done->hits},
                    {"outcomes", done->outcomes}}
                   .dump()
            << '\n';
  return 0;
}

}  // namespace ariadne::cli

namespace ariadne::cli {

int operation_report(const OperationReportOptions& o) {
  auto db = open_ready(o.db_url);
  if (!db) return fail("operation report", db.error());
  // The General Secretariat's view: every participant's counts, small ones
  // suppressed as each participant asked.
  auto report = operations::operation_report(**db, policy::system_caller(), o.id);
  if (!report) return fail("operation report", report.error());
  if (o.format == "html") {
    std::cout << operations::report_html(*report);
  } else {
    std::cout << report->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  return 0;
}

}  // namespace ariadne::cli
