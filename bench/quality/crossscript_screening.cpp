// Screening on real names written by others, in many scripts
// (tests/data/names/crossscript_persons.csv: 4,654 politicians' Wikidata
// labels; tests/data/names/nicknames.csv: English given names and their
// nicknames). Figures, none of them on data the matcher was tuned on except
// where a figure says so:
//   - each person's name in a script against an index holding only the
//     persons' first Latin names (recall@1 and @10 per script: Hani is
//     Chinese, Jpan Japanese with kanji, Kana katakana only), and back: the
//     Latin name against an index holding only the names in that script;
//   - other Latin spellings of the person (a French or German label, a
//     transcription) against the first Latin names;
//   - nickname variants: the first Latin name with its given name replaced
//     by each of its nicknames (the nickname table is the matcher's own
//     knowledge, so this figure measures the table's use, not its reach).
// Prints {"figures": [...]} for bench/collect.py (the totals, the weakest
// script and the nicknames); every group's recall with --table FILE (JSON)
// and on stderr; misses on stderr with --misses N (N per group).
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/roles.hpp"
#include "screen/index.hpp"
#include "text/matcher.hpp"
#include "text/normalise.hpp"

namespace {

using namespace ariadne;
using nlohmann::json;

const std::string kData = ARIADNE_TEST_DATA;

struct Row {
  std::string name, script, language;
};

struct Person {
  std::int64_t id = 0;
  std::string qid;
  std::vector<Row> rows;  // the first is the Latin name indexed
};

// Splits one CSV line (fields may be quoted, with "" for a quote).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

struct Tally {
  std::size_t asked = 0, at1 = 0, at10 = 0;
  double r1() const { return asked ? static_cast<double>(at1) / static_cast<double>(asked) : 0.0; }
  double r10() const { return asked ? static_cast<double>(at10) / static_cast<double>(asked) : 0.0; }
};

screen::ScreenRecord record(std::int64_t id, const std::vector<std::string>& names) {
  screen::ScreenRecord r;
  r.id = id;
  r.kind = "notice";
  r.type = "red";
  r.meta.owner = "FRA";
  for (const auto& n : names) r.subject.names.push_back({n, text::detect_script(n), "primary", {}, {}});
  return r;
}

int fail(const std::string& what) {
  std::cerr << "crossscript_screening: " << what << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t misses_per_group = 0;
  std::string table_path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--misses" && i + 1 < argc) {
      misses_per_group = std::stoul(argv[++i]);
    } else if (a == "--table" && i + 1 < argc) {
      table_path = argv[++i];
    } else {
      return fail("usage: crossscript_screening [--misses N] [--table FILE]");
    }
  }
  std::vector<Person> people;
  {
    std::ifstream in(kData + "/names/crossscript_persons.csv");
    if (!in) return fail("cannot read " + kData + "/names/crossscript_persons.csv");
    std::string line;
    std::getline(in, line);  // header
    std::unordered_map<std::string, std::size_t> at;
    while (std::getline(in, line)) {
      auto f = csv_fields(line);
      if (f.size() < 4) return fail("malformed line: " + line);
      auto [it, fresh] = at.emplace(f[0], people.size());
      if (fresh) {
        people.push_back({static_cast<std::int64_t>(people.size() + 1), f[0], {}});
      }
      people[it->second].rows.push_back({f[1], f[2], f[3]});
    }
  }
  std::map<std::string, std::vector<std::string>> nicknames;  // canonical → nicknames
  {
    std::ifstream in(kData + "/names/nicknames.csv");
    if (!in) return fail("cannot read " + kData + "/names/nicknames.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      auto f = csv_fields(line);
      if (f.size() == 2) nicknames[f[0]].push_back(f[1]);
    }
  }

  policy::Caller officer{UserId{1}, "fra.officer", "FRA", policy::MemberKind::ncb, policy::Role::officer};
  screen::ScreeningIndex latin;
  {
    std::vector<screen::ScreenRecord> records;
    for (const auto& p : people) records.push_back(record(p.id, {p.rows.front().name}));
    latin.upsert_all(std::move(records));
  }
  std::map<std::string, Tally> tallies;
  std::map<std::string, std::size_t> shown;
  auto ask = [&](const screen::ScreeningIndex& index, const std::string& group, const std::string& query,
                 const Person& p) {
    auto& t = tallies[group];
    ++t.asked;
    auto hits = index.search(text::prepare_name(query), officer, 10, 0.0);
    for (std::size_t k = 0; k < hits.size(); ++k) {
      if (hits[k].record.id != p.id) continue;
      ++t.at10;
      if (k == 0) ++t.at1;
      return;
    }
    if (shown[group]++ < misses_per_group) {
      std::cerr << group << " miss: \"" << query << "\" for \"" << p.rows.front().name << "\" (" << p.qid << ")";
      if (!hits.empty()) {
        std::cerr << "; first \"" << hits[0].record.subject.names[hits[0].name_index].full << "\" "
                  << hits[0].match.score;
      }
      std::cerr << '\n';
    }
  };
  std::set<std::string> scripts;
  for (const auto& p : people) {
    for (std::size_t k = 1; k < p.rows.size(); ++k) {
      const auto& r = p.rows[k];
      if (r.script == "Latn") {
        ask(latin, "latin_variants", r.name, p);
        continue;
      }
      scripts.insert(r.script);
      ask(latin, "to_latin." + r.script, r.name, p);
      ask(latin, "to_latin.all", r.name, p);
    }
    // Nickname variants of the given name (the first word).
    const auto& full = p.rows.front().name;
    const auto space = full.find(' ');
    if (space == std::string::npos) continue;
    const auto given = text::fold_case(full.substr(0, space));
    if (auto it = nicknames.find(given); it != nicknames.end()) {
      for (const auto& nick : it->second) ask(latin, "nicknames", nick + full.substr(space), p);
    }
  }
  // Back: the Latin name against an index of the names in one script.
  for (const auto& script : scripts) {
    screen::ScreeningIndex native;
    std::vector<screen::ScreenRecord> records;
    std::vector<const Person*> holders;
    for (const auto& p : people) {
      std::vector<std::string> names;
      for (const auto& r : p.rows) {
        if (r.script == script) names.push_back(r.name);
      }
      if (names.empty()) continue;
      records.push_back(record(p.id, names));
      holders.push_back(&p);
    }
    native.upsert_all(std::move(records));
    for (const auto* p : holders) {
      ask(native, "from_latin." + script, p->rows.front().name, *p);
      ask(native, "from_latin.all", p->rows.front().name, *p);
    }
  }

  json figures = json::array();
  auto figure = [&](const std::string& name, double value) {
    figures.push_back(
        {{"name", name}, {"value", value}, {"unit", "ratio"}, {"peer", nullptr}, {"peer_value", nullptr}});
  };
  json table = json::object();
  // The weakest script with enough names to say something (20 queries or more).
  std::string worst;
  for (const auto& [group, t] : tallies) {
    std::cerr << group << ": " << t.asked << " queries, recall@1 " << t.r1() << ", recall@10 " << t.r10() << '\n';
    table[group] = {{"queries", t.asked}, {"recall_at_1", t.r1()}, {"recall_at_10", t.r10()}};
    const bool script =
        group.starts_with("to_latin.") && group != "to_latin.all" && !group.starts_with("to_latin.Hani_");
    if (script && t.asked >= 20 && (worst.empty() || t.r1() < tallies[worst].r1())) worst = group;
  }
  for (const auto& [group, key] : {std::pair<std::string, std::string>{"to_latin.all", "realnames_to_latin"},
                                   {"from_latin.all", "realnames_from_latin"},
                                   {"latin_variants", "realnames_latin_variants"},
                                   {"nicknames", "nicknames"}}) {
    figure("screening." + key + "_recall_at_1", tallies[group].r1());
    figure("screening." + key + "_recall_at_10", tallies[group].r10());
  }
  if (!worst.empty()) {
    figure("screening.realnames_worst_script_recall_at_1", tallies[worst].r1());
    std::cerr << "weakest script: " << worst << '\n';
  }
  if (!table_path.empty()) {
    std::ofstream out(table_path);
    out << table.dump(1) << '\n';
    if (!out) return fail("cannot write " + table_path);
  }
  std::cout << json{{"figures", figures}}.dump(1) << '\n';
  return 0;
}
