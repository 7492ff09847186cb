// Screening accuracy over a synthetic world (`ariadne datagen`), through the
// path POST /screen takes (screen::screen).
//
// The index holds the world's notice subjects: every person of
// truth/people.jsonl with a notice, each under its Latin name, its name in its
// own script and its aliases, with birth date, nationality and sex. Queries:
//   - matching: every mention (mentions.jsonl) of an indexed person;
//   - non-matching: as many mentions of people without a notice, taken evenly
//     through the file.
// Each query sends the mention's name (given names then surname, as written,
// in the mention's script), birth date (when it has one), nationality and sex.
//
// Figures (stdout, {"figures": [...]}) and definitions:
//   recall@10: matching queries whose person is among the (at most ten)
//     reported candidates.
//   precision at the default threshold: a query whose first candidate has
//     `match` (score ≥ kDefaultThreshold) makes a decision; it is right when
//     that candidate is the query's person, else a false positive (any
//     decision on a non-matching query is one). precision = right / decisions;
//     recall at the threshold = right / matching queries.
//   cross-script recall@10: the index is built twice more, once with only
//     the Latin names and aliases and once with only the names in the
//     people's own scripts; every query of a person whose own script is not
//     Latin is run against the index that holds that person only in the
//     other script than the query's (a Cyrillic query against Latin names, a
//     Latin query against Cyrillic names). Latin queries with an alias are
//     left out: aliases are listed in Latin only, so the other index holds
//     no name they are a spelling of.
// --curves FILE writes precision and recall by threshold, overall and by
// variation kind; --misses N prints up to N missed matching queries per kind,
// and N false positives, on stderr.
// --sample K runs every K-th query only (a quicker estimate on the large
// world); --figures-as NAME names the figures screening.NAME_* instead of
// screening.world_* (the large world's sample: world_large_sample);
// --query NAME [--birth-date D] answers one query over the index instead.
// Usage: world_screening WORLD_DIR [--curves FILE] [--misses N] [--sample K] [--figures-as NAME]
//        [--query NAME [--birth-date D]]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/roles.hpp"
#include "screen/index.hpp"
#include "screen/screening.hpp"
#include "text/matcher.hpp"

namespace {

using namespace ariadne;
using nlohmann::json;

std::int64_t number_of(const std::string& id) {
  return std::stoll(id.substr(1));
}  // "P123" → 123

std::string full(const json& n) {
  if (!n.is_object()) return {};
  std::string given = n.value("given_names", ""), surname = n.value("surname", "");
  if (given.empty()) return surname;
  return surname.empty() ? given : given + " " + surname;
}

struct Query {
  screen::ScreenQuery q;
  std::int64_t person = 0;  // 0 for a non-matching query
  std::vector<std::string> kinds;
  bool cross_script_candidate = false;  // the person's own script is not Latin
  std::string person_script;            // ISO 15924 code of the person's own script
  bool latin = true;                    // the query is written in Latin
};

// What one query gave: the first candidate and where the person came.
struct Outcome {
  double top_score = -1;  // -1: no candidate reported
  bool top_is_person = false;
  bool in_top10 = false;
  json top;  // the first candidate, for the listing of false positives
};

Outcome run(const screen::ScreeningIndex& index, const policy::Caller& caller, const Query& q) {
  Outcome o;
  auto r = screen::screen(index, caller, q.q);
  if (!r) return o;
  const auto& cands = (*r)["candidates"];
  for (std::size_t i = 0; i < cands.size(); ++i) {
    const bool is_person = q.person != 0 && cands[i]["source"]["id"].get<std::int64_t>() == q.person;
    if (i == 0) {
      o.top_score = cands[i]["score"].get<double>();
      o.top_is_person = is_person;
      o.top = cands[i];
    }
    if (is_person) o.in_top10 = true;
  }
  return o;
}

// Why the person missed the top 10: its rank and score among the first 100
// against the tenth's ("tied" when equal), or "not among 100".
std::string miss_reason(const screen::ScreeningIndex& index, const policy::Caller& caller, const Query& q) {
  Query wide = q;
  wide.q.limit = screen::kMaxLimit;
  auto r = screen::screen(index, caller, wide.q);
  if (!r) return r.error().message;
  const auto& cands = (*r)["candidates"];
  const double tenth = cands.size() >= 10 ? cands[9]["score"].get<double>() : 0.0;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    if (cands[i]["source"]["id"].get<std::int64_t>() != q.person) continue;
    const double mine = cands[i]["score"].get<double>();
    char buf[96];
    std::snprintf(buf, sizeof buf, "rank %zu, score %.3f, tenth %.3f%s", i + 1, mine, tenth,
                  mine + 1e-9 >= tenth ? ", tied" : "");
    return buf;
  }
  return "not among " + std::to_string(cands.size());
}

struct Tally {
  std::size_t matching = 0, in_top10 = 0;
  // Per threshold step: decisions and right decisions.
  std::vector<std::size_t> decided, right;
  double recall10() const { return matching ? static_cast<double>(in_top10) / static_cast<double>(matching) : 0.0; }
};

constexpr double kSweepFrom = 0.60;
constexpr int kSweepSteps = 41;  // 0.60, 0.61, … 1.00
double step_threshold(int i) {
  return kSweepFrom + 0.01 * i;
}

void count(Tally& t, const Query& q, const Outcome& o) {
  if (t.decided.empty()) {
    t.decided.assign(kSweepSteps, 0);
    t.right.assign(kSweepSteps, 0);
  }
  if (q.person != 0) {
    ++t.matching;
    if (o.in_top10) ++t.in_top10;
  }
  for (int i = 0; i < kSweepSteps; ++i) {
    // Scores are reported rounded to three places.
    if (o.top_score < 0 || o.top_score + 1e-9 < step_threshold(i)) continue;
    ++t.decided[static_cast<std::size_t>(i)];
    if (o.top_is_person) ++t.right[static_cast<std::size_t>(i)];
  }
}

int default_step() {
  return static_cast<int>((text::kDefaultThreshold - kSweepFrom) / 0.01 + 0.5);
}

double precision_at(const Tally& t, int i) {
  const auto d = t.decided[static_cast<std::size_t>(i)];
  return d ? static_cast<double>(t.right[static_cast<std::size_t>(i)]) / static_cast<double>(d) : 1.0;
}
double recall_at(const Tally& t, int i) {
  return t.matching ? static_cast<double>(t.right[static_cast<std::size_t>(i)]) / static_cast<double>(t.matching) : 0.0;
}

json curve(const Tally& t) {
  json points = json::array();
  for (int i = 0; i < kSweepSteps; ++i) {
    points.push_back({{"threshold", std::round(step_threshold(i) * 100) / 100},
                      {"precision", precision_at(t, i)},
                      {"recall", recall_at(t, i)},
                      {"decisions", t.decided[static_cast<std::size_t>(i)]}});
  }
  return {{"matching_queries", t.matching}, {"recall_at_10", t.recall10()}, {"points", points}};
}

int fail(const std::string& what) {
  std::cerr << "world_screening: " << what << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir, curves_path, one_name, one_date, figure_prefix = "screening.world_";
  std::size_t misses_per_kind = 0, sample = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--curves" && i + 1 < argc) {
      curves_path = argv[++i];
    } else if (a == "--query" && i + 1 < argc) {
      one_name = argv[++i];
    } else if (a == "--birth-date" && i + 1 < argc) {
      one_date = argv[++i];
    } else if (a == "--sample" && i + 1 < argc) {
      sample = std::max<std::size_t>(1, std::stoul(argv[++i]));
    } else if (a == "--figures-as" && i + 1 < argc) {
      figure_prefix = "screening." + std::string(argv[++i]) + "_";
    } else if (a == "--misses" && i + 1 < argc) {
      misses_per_kind = std::stoul(argv[++i]);
    } else {
      dir = a;
    }
  }
  if (dir.empty()) return fail("usage: world_screening WORLD_DIR [--curves FILE] [--misses N]");

  // The index: people with a notice, three ways (all names, Latin only, own script only).
  screen::ScreeningIndex index, latin_only, native_only;
  std::unordered_set<std::int64_t> indexed;
  std::unordered_map<std::int64_t, std::string> script_of;
  {
    std::ifstream in(dir + "/truth/people.jsonl");
    if (!in) return fail("cannot read " + dir + "/truth/people.jsonl");
    for (std::string line; std::getline(in, line);) {
      auto p = json::parse(line);
      if (!p.contains("notice")) continue;
      const auto id = number_of(p["id"]);
      indexed.insert(id);
      script_of[id] = p.value("script", "Latn");
      const bool non_latin = script_of[id] != "Latn";
      auto record = [&](bool with_latin, bool with_native) {
        screen::ScreenRecord r;
        r.id = id;
        r.kind = "notice";
        r.type = "red";
        r.meta.owner = "FRA";
        r.subject.birth_dates.push_back(p.value("birth_date", ""));
        r.subject.nationalities.push_back(p.value("nationality", ""));
        r.subject.sex = p.value("sex", "X");
        std::vector<std::string> names;
        if (with_native || !non_latin) names.push_back(full(p["native"]));
        if (with_latin || !non_latin) {
          names.push_back(full(p["latin"]));
          for (const auto& a : p.value("aliases", json::array())) names.push_back(full(a));
        }
        std::set<std::string> seen;
        for (const auto& n : names) {
          if (n.empty() || !seen.insert(n).second) continue;
          r.subject.names.push_back({n, "", "primary", {}, {}});
          r.names.push_back(text::prepare_name(n));
        }
        return r;
      };
      index.upsert(record(true, true));
      latin_only.upsert(record(true, false));
      native_only.upsert(record(false, true));
    }
  }

  if (!one_name.empty()) {
    // One query against the index, answered as POST /screen answers it.
    screen::ScreenQuery q;
    q.name = one_name;
    if (!one_date.empty()) q.birth_date = one_date;
    auto r = screen::screen(index, policy::system_caller(), q);
    if (!r) return fail(r.error().message);
    std::cout << r->dump(1) << '\n';
    return 0;
  }

  // Which mentions are of indexed people, with their variation kinds.
  std::unordered_map<std::string, std::pair<std::int64_t, std::vector<std::string>>> truth;
  std::size_t matching = 0, others = 0;
  {
    std::ifstream in(dir + "/truth/persons.jsonl");
    if (!in) return fail("cannot read " + dir + "/truth/persons.jsonl");
    for (std::string line; std::getline(in, line);) {
      auto t = json::parse(line);
      const auto person = number_of(t["person"]);
      (indexed.contains(person) ? matching : others)++;
      truth.emplace(t["mention"].get<std::string>(),
                    std::make_pair(person, t["variations"].get<std::vector<std::string>>()));
    }
  }
  std::vector<Query> queries;
  {
    std::ifstream in(dir + "/mentions.jsonl");
    std::size_t other_seen = 0, other_taken = 0, sampled_matching = 0, sampled_other = 0;
    for (std::string line; std::getline(in, line);) {
      auto m = json::parse(line);
      auto it = truth.find(m["id"].get<std::string>());
      if (it == truth.end()) continue;
      const auto person = it->second.first;
      const bool is_indexed = indexed.contains(person);
      if (!is_indexed) {
        // Evenly through the file: take one when the quota's running count moves on.
        ++other_seen;
        if (other_seen * matching / std::max<std::size_t>(others, 1) <= other_taken) continue;
        ++other_taken;
      }
      // --sample K keeps every K-th query of each set (matching, non-matching).
      if (sample > 1 && (is_indexed ? sampled_matching++ : sampled_other++) % sample != 0) continue;
      Query q;
      q.q.name = full(m);
      if (m["birth_date"].is_string()) q.q.birth_date = m["birth_date"].get<std::string>();
      if (m["nationality"].is_string()) q.q.nationality = m["nationality"].get<std::string>();
      if (m["sex"].is_string()) q.q.sex = m["sex"].get<std::string>();
      q.q.limit = 10;
      q.person = is_indexed ? person : 0;
      q.kinds = std::move(it->second.second);
      q.latin = m.value("script", "Latn") == "Latn";
      if (is_indexed) q.person_script = script_of[person];
      // Aliases are listed in Latin only: a Latin alias has no name in the person's own script to meet.
      const bool latin_alias = q.latin && std::find(q.kinds.begin(), q.kinds.end(), "alias") != q.kinds.end();
      q.cross_script_candidate = is_indexed && q.person_script != "Latn" && !latin_alias;
      queries.push_back(std::move(q));
    }
  }
  truth.clear();

  const auto caller = policy::system_caller();
  Tally all, cross;
  std::map<std::string, Tally> by_kind, cross_by_script;
  std::map<std::string, std::size_t> shown;
  const auto started = std::chrono::steady_clock::now();
  for (const auto& q : queries) {
    auto o = run(index, caller, q);
    count(all, q, o);
    for (const auto& k : q.kinds) count(by_kind[k], q, o);
    if (misses_per_kind > 0 && o.top_score + 1e-9 >= text::kDefaultThreshold && !o.top_is_person &&
        shown["false_positive"]++ < misses_per_kind) {
      std::cerr << "false positive " << (q.person ? "P" + std::to_string(q.person) : "(not indexed)") << " \""
                << q.q.name << "\" " << q.q.birth_date.value_or("-") << " → " << o.top.dump() << '\n';
    }
    if (q.person != 0 && !o.in_top10 && misses_per_kind > 0) {
      const std::string why = miss_reason(index, caller, q);
      for (const auto& k : q.kinds) {
        if (shown[k]++ < misses_per_kind) {
          std::cerr << "miss " << k << " P" << q.person << " \"" << q.q.name << "\" " << q.q.birth_date.value_or("-")
                    << " (" << why << ")\n";
        }
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const auto& q : queries) {
    if (!q.cross_script_candidate) continue;
    auto o = run(q.latin ? native_only : latin_only, caller, q);
    count(cross, q, o);
    count(cross_by_script[q.person_script], q, o);
    if (!o.in_top10 && misses_per_kind > 0 && shown["cross_script"]++ < misses_per_kind) {
      std::cerr << "miss cross_script P" << q.person << " \"" << q.q.name << "\"\n";
    }
  }

  const int at = default_step();
  json figures = json::array();
  auto figure = [&](const std::string& name, double value, const char* unit = "ratio") {
    figures.push_back(
        {{"name", figure_prefix + name}, {"value", value}, {"unit", unit}, {"peer", nullptr}, {"peer_value", nullptr}});
  };
  figure("recall_at_10", all.recall10());
  figure("recall_at_10_cross_script", cross.recall10());
  figure("precision", precision_at(all, at));
  figure("recall_at_threshold", recall_at(all, at));
  figure("queries_per_s", static_cast<double>(queries.size()) / seconds, "1/s");
  std::cout << json{{"figures", figures}}.dump(1) << '\n';

  std::fprintf(stderr, "indexed people %zu, matching queries %zu, non-matching %zu, cross-script %zu\n", indexed.size(),
               all.matching, queries.size() - all.matching, cross.matching);
  std::fprintf(stderr, "%-26s %8s %9s %9s %9s\n", "kind", "queries", "recall@10", "precision", "recall@t");
  auto row = [&](const std::string& name, const Tally& t) {
    std::fprintf(stderr, "%-26s %8zu %9.4f %9.4f %9.4f\n", name.c_str(), t.matching, t.recall10(), precision_at(t, at),
                 recall_at(t, at));
  };
  row("all", all);
  row("cross_script", cross);
  for (const auto& [k, t] : by_kind) row(k, t);
  for (const auto& [k, t] : cross_by_script) row("cross_script " + k, t);

  if (!curves_path.empty()) {
    json kinds = json::object();
    for (const auto& [k, t] : by_kind) kinds[k] = curve(t);
    json out = {{"world", dir},
                {"indexed_people", indexed.size()},
                {"sample_every", sample},
                {"queries", queries.size()},
                {"default_threshold", text::kDefaultThreshold},
                {"all", curve(all)},
                {"cross_script", curve(cross)},
                {"cross_script_by_script",
                 [&] {
                   json j = json::object();
                   for (const auto& [k, t] : cross_by_script) j[k] = curve(t);
                   return j;
                 }()},
                {"by_kind", kinds}};
    std::ofstream f(curves_path);
    f << out.dump(1) << '\n';
    if (!f) return fail("cannot write " + curves_path);
  }
  return 0;
}
