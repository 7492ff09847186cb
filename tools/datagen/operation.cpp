// An operation week on the world: the members where most travellers arrive
// check them at their borders for seven days, one coordinating, a partner
// organisation taking part; what their checks find and what they report
// (arrests, victims identified, migrants detected, seizures, investigations)
// is written with the truth a replay's report must show.
//
// operation/operation.json  what POST /operations takes, with the coordinator
// operation/checks.jsonl    {member, checked_at, traveller}: a check as POST /documents/check takes it
// operation/outcomes.jsonl  {member, outcome}: an outcome as POST /operations/{id}/outcomes takes it
// truth/operation.json      the true counts
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "datagen/world_internal.hpp"

namespace ariadne::datagen::internal {

namespace {

constexpr int kOperationDays = 7;
constexpr std::size_t kMaxParticipants = 12;
constexpr std::string_view kVictimAges[] = {"12-17", "18-25", "18-25", "26-35", "36-50"};
constexpr std::string_view kExploitations[] = {"sexual", "sexual", "labour", "labour", "forced_criminality", "begging"};

std::string iso_time(const Date& day, std::int64_t seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", day.iso().c_str(), static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  return buf;
}

// {"A":1,"B":2} from a map, in key order.
std::string counts_json(const std::map<std::string, std::int64_t>& counts) {
  std::string out;
  JsonObject o(out);
  for (const auto& [k, v] : counts) o.num(k, v);
  o.end();
  return out;
}

std::string nested_counts_json(const std::map<std::string, std::map<std::string, std::int64_t>>& counts) {
  std::string out;
  JsonObject o(out);
  for (const auto& [k, v] : counts) o.raw(k, counts_json(v));
  o.end();
  return out;
}

// How many travellers the week checks: all of a small world, a sample of larger ones.
std::uint64_t checks_for(Scale s) {
  switch (s) {
    case Scale::small: return 2'000;
    case Scale::medium: return 20'000;
    case Scale::large: return 100'000;
  }
  return 2'000;
}

// Outcomes a day of a participant brings beyond its hits, by scale.
int daily_factor(Scale s) {
  return s == Scale::small ? 1 : s == Scale::medium ? 5 : 20;
}

}  // namespace

void World::write_operation() {
  Rng rng(opt_.seed, kOperation);
  namespace fs = std::filesystem;
  const fs::path out(opt_.out);
  fs::create_directories(out / "operation");

  // The travellers the week sees: every stride-th of the passenger lists,
  // with what their truth says a check finds.
  struct Sampled {
    std::string line;
    std::string arrival;
    bool document_hit = false;
    bool wanted = false;
  };
  std::vector<Sampled> sampled;
  {
    std::ifstream travellers(out / "travellers.jsonl");
    std::ifstream truth(out / "truth" / "travellers.jsonl");
    const std::uint64_t stride = std::max<std::uint64_t>(1, counts_.travellers / checks_for(opt_.scale));
    std::string t, h;
    for (std::uint64_t i = 0; std::getline(travellers, t) && std::getline(truth, h); ++i) {
      if (i % stride != 0) continue;
      auto traveller = nlohmann::json::parse(t, nullptr, false);
      auto known = nlohmann::json::parse(h, nullptr, false);
      if (!traveller.is_object() || !known.is_object()) continue;
      Sampled s{t, traveller.value("arrival", ""), false, false};
      for (const auto& r : known["reasons"]) {
        s.document_hit |= r.value("kind", "") == "recorded_document";
        s.wanted |= r.value("kind", "") == "wanted_person";
      }
      sampled.push_back(std::move(s));
    }
  }

  // Participants: the states most travellers arrive in; the busiest hub with
  // a coordinator coordinates.
  std::map<std::string, std::int64_t> arrivals;
  for (const auto& s : sampled) ++arrivals[s.arrival];
  std::vector<std::pair<std::int64_t, std::string>> busiest;
  for (const auto& [code, n] : arrivals) busiest.push_back({-n, code});
  std::sort(busiest.begin(), busiest.end());
  std::vector<std::string> participants;
  for (const auto& [_, code] : busiest) {
    if (participants.size() < kMaxParticipants) participants.push_back(code);
  }
  std::sort(participants.begin(), participants.end());
  std::string coordinator;
  for (const auto& [_, code] : busiest) {
    if (coordinator.empty() && std::find(std::begin(kHubs), std::end(kHubs), code) != std::end(kHubs) &&
        std::find(participants.begin(), participants.end(), code) != participants.end()) {
      coordinator = code;
    }
  }
  if (coordinator.empty() && !participants.empty()) coordinator = participants.front();
  const std::string partner(partners().front().code);  // takes part; it checks nothing here

  const Date first = add_days(kReferenceDate, -kOperationDays);
  const Date after = kReferenceDate;         // the window ends at midnight starting the reference date
  const std::string name = "Corridor Week";  // the report calls it "Operation Corridor Week"
  std::string line;
  {
    JsonlFile f;
    note(open(f, "operation/operation.json"));
    std::string list = "[";  // the invited: every participant but the coordinator
    for (const auto& p : participants) {
      if (p == coordinator) continue;
      if (list.size() > 1) list += ',';
      append_json_string(list, p);
    }
    list += ',';
    append_json_string(list, partner);
    list += "]";
    std::string locations = "[";
    for (std::size_t i = 0; i < participants.size(); ++i) {
      const Country* c = find_country(participants[i]);
      if (i) locations += ',';
      JsonObject(locations)
          .str("kind", "airport")
          .str("name", std::string(c->name) + " international airport")
          .str("country", c->code)
          .end();
    }
    locations += "]";
    std::string op;
    JsonObject(op)
        .str("name", name)
        .raw("participants", list)
        .str("start", first.iso())
        .str("end", add_days(after, -1).iso())
        .str("focus", "both")
        .str("region", "Corridors of the synthetic world")
        .str("description", "Checks of arriving travellers at the busiest airports; victims and migrants identified")
        .raw("locations", locations)
        .boolean("share_small_counts", true)
        .end();
    line.clear();
    JsonObject(line).str("coordinator", coordinator).raw("operation", op).end();
    f.write(line);
    note(f.close());
    files_.push_back({"operation/operation.json", f.lines()});
  }

  std::map<std::string, std::int64_t> checks, document_hits, wanted;
  std::map<std::string, std::map<std::string, std::int64_t>> outcomes;  // member → kind → people or seizures
  JsonlFile check_file, outcome_file;
  note(open(check_file, "operation/checks.jsonl"));
  note(open(outcome_file, "operation/outcomes.jsonl"));
  auto outcome = [&](const std::string& member, const std::string& body, const std::string& kind, std::int64_t n) {
    line.clear();
    JsonObject(line).str("member", member).raw("outcome", body).end();
    outcome_file.write(line);
    outcomes[member][kind] += n;
  };
  const std::int64_t window = static_cast<std::int64_t>(kOperationDays) * 86400;
  for (const auto& s : sampled) {
    if (std::find(participants.begin(), participants.end(), s.arrival) == participants.end()) continue;
    const std::int64_t at = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(window)));
    const Date day = add_days(first, at / 86400);
    line.clear();
    JsonObject(line)
        .str("member", s.arrival)
        .str("checked_at", iso_time(day, at % 86400))
        .raw("traveller", s.line)
        .end();
    check_file.write(line);
    ++checks[s.arrival];
    // What the checking member did about it, within the hour and the window.
    const std::int64_t then = std::min(at + 1800, window - 1);
    const std::string when = iso_time(add_days(first, then / 86400), then % 86400);
    if (s.document_hit) {
      ++document_hits[s.arrival];
      std::string body;
      JsonObject(body).str("kind", "document_seized").num("count", 1).str("occurred_at", when).end();
      outcome(s.arrival, body, "document_seized", 1);
    }
    if (s.wanted) {
      ++wanted[s.arrival];
      std::string body;
      JsonObject(body).str("kind", "arrest").str("offence", "wanted under a red notice").str("occurred_at", when).end();
      outcome(s.arrival, body, "arrest", 1);
    }
  }

  // Each day at each participant: victims identified, migrants detected,
  // now and then cash seized and an investigation opened.
  std::vector<const Country*> origins;
  for (const auto& corridor : corridors()) {
    for (const auto& code : split(split(corridor.stages, '|').front(), ',')) {
      const Country* c = find_country(code);
      if (c && std::find(origins.begin(), origins.end(), c) == origins.end()) origins.push_back(c);
    }
  }
  const int factor = daily_factor(opt_.scale);
  for (int d = 0; d < kOperationDays; ++d) {
    const Date day = add_days(first, d);
    for (const auto& member : participants) {
      auto when = [&] { return iso_time(day, static_cast<std::int64_t>(rng.below(86400))); };
      const int victims = static_cast<int>(rng.below(static_cast<std::uint64_t>(2 * factor + 1)));
      for (int v = 0; v < victims; ++v) {
        std::string body;
        JsonObject(body)
            .str("kind", "victim")
            .str("age_band", kVictimAges[rng.below(std::size(kVictimAges))])
            .str("sex", rng.chance(0.7) ? "F" : "M")
            .str("nationality", origins[rng.below(origins.size())]->code)
            .str("exploitation", kExploitations[rng.below(std::size(kExploitations))])
            .str("occurred_at", when())
            .end();
        outcome(member, body, "victim", 1);
      }
      if (rng.chance(0.6)) {
        const auto n = static_cast<std::int64_t>(1 + rng.below(static_cast<std::uint64_t>(12 * factor)));
        std::string body;
        JsonObject(body)
            .str("kind", "migrant")
            .str("nationality", origins[rng.below(origins.size())]->code)
            .num("count", n)
            .str("occurred_at", when())
            .end();
        outcome(member, body, "migrant", n);
      }
      if (rng.chance(0.15)) {
        std::string body;
        JsonObject(body)
            .str("kind", "cash_seized")
            .num("amount", static_cast<std::int64_t>(500 + rng.below(20000)))
            .str("currency", "EUR")
            .str("occurred_at", when())
            .end();
        outcome(member, body, "cash_seized", 1);
      }
      if (rng.chance(0.2)) {
        std::string body;
        JsonObject(body).str("kind", "investigation").num("count", 1).str("occurred_at", when()).end();
        outcome(member, body, "investigation", 1);
      }
    }
  }
  note(check_file.close());
  note(outcome_file.close());
  files_.push_back({"operation/checks.jsonl", check_file.lines()});
  files_.push_back({"operation/outcomes.jsonl", outcome_file.lines()});

  std::int64_t total_checks = 0, total_hits = 0;
  for (const auto& [_, n] : checks) total_checks += n;
  for (const auto& [_, n] : document_hits) total_hits += n;
  std::map<std::string, std::int64_t> by_kind;
  for (const auto& [_, kinds] : outcomes) {
    for (const auto& [kind, n] : kinds) by_kind[kind] += n;
  }
  JsonlFile truth;
  note(open(truth, "truth/operation.json"));
  line.clear();
  JsonObject(line)
      .str("name", name)
      .str("coordinator", coordinator)
      .num("checks", total_checks)
      .raw("checks_by_member", counts_json(checks))
      .num("document_hits", total_hits)
      .raw("document_hits_by_member", counts_json(document_hits))
      .raw("wanted_travellers_by_member", counts_json(wanted))
      .raw("outcomes", counts_json(by_kind))
      .raw("outcomes_by_member", nested_counts_json(outcomes))
      .end();
  truth.write(line);
  note(truth.close());
  files_.push_back({"truth/operation.json", truth.lines()});
}

}  // namespace ariadne::datagen::internal
