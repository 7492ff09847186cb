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

int operation_replay(const ReplayOptions& o) {
  const std::string base = o.dir + "/operation/";
  auto head = read_lines(base + "operation.json");
  if (!head) return fail("operation replay", head.error());
  if (head->size() != 1) return fail("operation replay", Error::invalid("dir", base + "operation.json holds one line"));
  auto checks = read_lines(base + "checks.jsonl");
  if (!checks) return fail("operation replay", checks.error());
  auto outcomes = read_lines(base + "outcomes.jsonl");
  if (!outcomes) return fail("operation replay", outcomes.error());

  json body = (*head)[0].value("operation", json::object());
  const std::string coordinator = (*head)[0].value("coordinator", "");
  auto end = parse_date(body.value("end", ""));
  if (!end) return fail("operation replay", Error::invalid("dir", "the operation has no end date"));
  Date ends_on = add_days(today_utc(), -1);
  if (o.ends_on) {
    auto d = parse_date(*o.ends_on);
    if (!d) return fail("operation replay", Error::invalid("ends-on", "must be a date YYYY-MM-DD"));
    ends_on = *d;
  }
  const std::int64_t shift = epoch_day(ends_on) - epoch_day(*end);
  for (const char* key : {"start", "end"}) {
    auto m = moved(body[key], shift, key);
    if (!m) return fail("operation replay", m.error());
    body[key] = *m;
  }

  auto db = open_ready(o.db_url);
  if (!db) return fail("operation replay", db.error());
  auto lead = replay_caller(**db, coordinator, policy::Role::coordinator);
  if (!lead) return fail("operation replay", lead.error());
  auto input = operations::parse_new_operation(body);
  if (!input) return fail("operation replay", input.error());
  auto op = operations::create_operation(**db, *lead, *input);
  if (!op) return fail("operation replay", op.error());
  std::map<std::string, policy::Caller> callers{{coordinator, *lead}};
  for (const auto& p : op->participants) {
    if (p.member == coordinator) continue;
    auto caller = replay_caller(**db, p.member, policy::Role::officer);
    if (!caller) return fail("operation replay", caller.error());
    // Every participant of the simulation lets the others see its small counts.
    auto accepted = operations::answer_invitation(**db, *caller, op->id, true, true);
    if (!accepted) return fail("operation replay", accepted.error());
    callers.emplace(p.member, *caller);
  }

  // The checks, as each border post uploads them after the fact.
  auto index = sltd::DocumentIndex::build(**db);
  if (!index) return fail("operation replay", index.error());
  sltd::CheckTally tally;
  std::int64_t checked = 0, hits = 0;
  for (std::size_t i = 0; i < checks->size(); ++i) {
    const json& line = (*checks)[i];
    const std::string member = line.value("member", "");
    auto caller = callers.find(member);
    if (caller == callers.end()) {
      return fail("operation replay", Error::invalid("dir", "checks.jsonl line " + std::to_string(i + 1) + ": " +
                                                                member + " is not a participant"));
    }
    json traveller = line.value("traveller", json::object());
    auto at = moved(line.value("checked_at", json()), shift, "checked_at");
    if (!at) return fail("operation replay", at.error());
    traveller["checked_at"] = *at;
    auto request = sltd::parse_check_request(traveller);
    if (!request) {
      return fail("operation replay",
                  Error::invalid("dir", "checks.jsonl line " + std::to_string(i + 1) + ": " + request.error().message));
    }
    auto answer = sltd::run_check(**db, **index, caller->second, *request);
    if (!answer) return fail("operation replay", answer.error());
    tally.add(member, 1, *parse_iso_time(*at) / 60);
    ++checked;
    hits += json::parse(*answer).value("hit", false) ? 1 : 0;
  }
  auto flushed = tally.flush(**db);
  if (!flushed) return fail("operation replay", flushed.error());

  // The outcomes, each member's in one go (all or nothing).
  std::map<std::string, json> by_member;
  for (std::size_t i = 0; i < outcomes->size(); ++i) {
    json outcome = (*outcomes)[i].value("outcome", json::object());
    auto at = moved(outcome.value("occurred_at", json()), shift, "occurred_at");
    if (!at) return fail("operation replay", at.error());
    outcome["occurred_at"] = *at;
    by_member[(*outcomes)[i].value("member", "")]["outcomes"].push_back(std::move(outcome));
  }
  std::int64_t recorded = 0;
  for (const auto& [member, list] : by_member) {
    auto caller = callers.find(member);
    if (caller == callers.end()) {
      return fail("operation replay", Error::invalid("dir", "outcomes.jsonl: " + member + " is not a participant"));
    }
    auto parsed = operations::parse_outcomes(list);
    if (!parsed) return fail("operation replay", parsed.error());
    auto stored = operations::record_outcomes(**db, caller->second, op->id, std::move(*parsed));
    if (!stored) return fail("operation replay", stored.error());
    recorded += static_cast<std::int64_t>(stored->size());
  }
  std::cout << json{{"operation", op->id},
                    {"name", op->name},
                    {"start", op->starts_at},
                    {"end", op->ends_at},
                    {"participants", op->participants.size()},
                    {"checks", checked},
                    {"hits", hits},
                    {"outcomes", recorded}}
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
