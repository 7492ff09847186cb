// Screening against the real sanctions lists (tests/data/watchlists):
// the UN Security Council consolidated list and OFAC's SDN list are imported
// as special notices (`ariadne import watchlist`), the screening index is
// built from the store as the server builds it, and every listed individual
// is looked up by each of its own names (primary and aliases, as listed, in
// any script) and by its primary name with one typing error. A lookup counts
// as found when the individual's notice is among the first three candidates,
// or another listing of the same individual is: the lists hold some people
// more than once (Hassan Dahir Aweys four times across the two lists), and
// equal names then tie. Another listing is a notice that holds the name
// looked for, as written up to case, accents and punctuation, with the same birth
// dates (at least one) and no other nationality; such finds are counted apart.
// Prints {"figures": [...]} for bench/collect.py and the misses on stderr;
// with --misses, each miss with the first candidates, their scores and names.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "notices/watchlist.hpp"
#include "policy/accounts.hpp"
#include "policy/roles.hpp"
#include "screen/index.hpp"
#include "screen/screening.hpp"
#include "store/migrations.hpp"
#include "text/matcher.hpp"
#include "text/normalise.hpp"

namespace {

using namespace ariadne;
using nlohmann::json;

const std::string kData = ARIADNE_TEST_DATA;

// One typing error, the same for every run: the middle letter of the longest
// word is replaced by the next letter of the alphabet.
std::string with_typo(const std::string& name) {
  std::size_t best_start = 0, best_len = 0;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t j = i;
    while (j < name.size() && std::isalpha(static_cast<unsigned char>(name[j]))) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j + 1;
  }
  if (best_len < 4) return {};
  std::string out = name;
  char& c = out[best_start + best_len / 2];
  bool upper = c >= 'A' && c <= 'Z';
  char base = upper ? 'A' : 'a';
  c = static_cast<char>(base + (c - base + 1) % 26);
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Whether `other` lists the individual `listed` describes under `name` again.
bool same_individual(const notices::Subject& listed, const std::string& name, const notices::Subject& other) {
  if (listed.birth_dates.empty() || sorted(listed.birth_dates) != sorted(other.birth_dates)) return false;
  if (!listed.nationalities.empty() && !other.nationalities.empty() &&
      sorted(listed.nationalities) != sorted(other.nationalities)) {
    return false;
  }
  const auto wanted = text::normalise_name(name);
  return std::any_of(other.names.begin(), other.names.end(),
                     [&](const auto& n) { return text::normalise_name(n.full) == wanted; });
}

struct Tally {
  std::size_t asked = 0;
  std::size_t found = 0;
  std::size_t as_another_listing = 0;  // of found
  double share() const { return asked ? static_cast<double>(found) / static_cast<double>(asked) : 0.0; }
};

int fail(const std::string& what) {
  std::cerr << "watchlist_screening: " << what << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const bool show_candidates = argc > 1 && std::string(argv[1]) == "--misses";
  auto dir = std::filesystem::temp_directory_path() / ("ariadne-watchlists-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() { std::filesystem::remove_all(p); }
  } cleanup{dir};
  auto db = store::open_database((dir / "w.db").string());
  if (!db) return fail(db.error().message);
  if (auto m = store::migrate(**db, app::all_migrations()); !m) return fail(m.error().message);
  auto sys = policy::system_caller();
  if (!policy::add_member(**db, sys, "IPSG", "General Secretariat", policy::MemberKind::secretariat) ||
      !policy::add_member(**db, sys, "FRA", "France", policy::MemberKind::ncb)) {
    return fail("members could not be added");
  }
  policy::Caller officer{UserId{1}, "fra.officer", "FRA", policy::MemberKind::ncb, policy::Role::officer};

  std::vector<notices::Watchlist> lists;
  {
    std::ifstream un(kData + "/watchlists/UN_consolidated.xml", std::ios::binary);
    auto parsed = notices::parse_un_xml(un);
    if (!parsed) return fail(parsed.error().message);
    lists.push_back(std::move(*parsed));
  }
  {
    std::ifstream sdn(kData + "/watchlists/ofac_sdn_2019/sdn.csv", std::ios::binary);
    std::ifstream alt(kData + "/watchlists/ofac_sdn_2019/alt.csv", std::ios::binary);
    auto parsed = notices::parse_ofac_csv(sdn, &alt);
    if (!parsed) return fail(parsed.error().message);
    lists.push_back(std::move(*parsed));
  }
  for (const auto& list : lists) {
    if (auto r = notices::import_watchlist(**db, list); !r) return fail(r.error().message);
  }
  auto index = screen::ScreeningIndex::build(**db);
  if (!index) return fail(index.error().message);

  json figures = json::array();
  for (const auto& list : lists) {
    auto published = notices::published_external(**db, list.source);
    if (!published) return fail(published.error().message);
    std::map<std::string, std::int64_t> notice_of(published->begin(), published->end());
    Tally names, typos;
    // Whether the lookup by `query` finds the individual listed as notice `id`
    // (`subject`) under `name`; finds through another listing count in `tally`.
    auto found = [&](const std::string& query, std::int64_t id, const notices::Subject& subject,
                     const std::string& name, Tally& tally) {
      auto hits = (*index)->search(text::prepare_name(query), officer, 3, 0.0);
      for (const auto& h : hits) {
        if (h.record.id == id) return true;
      }
      for (const auto& h : hits) {
        if (same_individual(subject, name, h.record.subject)) {
          ++tally.as_another_listing;
          return true;
        }
      }
      if (show_candidates) {
        for (const auto& h : (*index)->search(text::prepare_name(query), officer, 5, 0.0)) {
          std::cerr << "    " << (h.record.id == id ? "* " : "  ") << h.match.score << " notice " << h.record.id
                    << " \"" << h.record.subject.names[h.name_index].full << "\" born "
                    << json(h.record.subject.birth_dates).dump() << " " << json(h.record.subject.nationalities).dump()
                    << '\n';
        }
      }
      return false;
    };
    for (const auto& e : list.entries) {
      auto it = notice_of.find(e.reference);
      if (it == notice_of.end()) continue;  // rejected at import (reported by the importer)
      auto subject = notices::parse_subject(e.body["subject"]);
      if (!subject) return fail(e.reference + ": " + subject.error().message);
      bool primary_done = false;
      for (const auto& n : e.body["subject"]["names"]) {
        std::string full = n.value("full", "");
        if (full.empty()) continue;
        ++names.asked;
        if (found(full, it->second, *subject, full, names)) {
          ++names.found;
        } else {
          std::cerr << list.source << " " << e.reference << " not in the top 3 by \"" << full << "\"\n";
        }
        if (!primary_done && n.value("kind", "primary") == "primary") {
          primary_done = true;
          auto typo = with_typo(full);
          if (typo.empty()) continue;
          ++typos.asked;
          if (found(typo, it->second, *subject, full, typos)) {
            ++typos.found;
          } else {
            std::cerr << list.source << " " << e.reference << " not in the top 3 by \"" << typo << "\" (typo)\n";
          }
        }
      }
    }
    auto figure = [&](const std::string& name, const Tally& t) {
      figures.push_back(
          {{"name", name}, {"value", t.share()}, {"unit", "ratio"}, {"peer", nullptr}, {"peer_value", nullptr}});
      std::cerr << name << ": " << t.found << " of " << t.asked << " (" << t.as_another_listing
                << " through another listing of the same individual)\n";
    };
    figure("screening." + list.source + "_names_top3", names);
    figure("screening." + list.source + "_typo_top3", typos);
  }
  // False alerts: names of people on no list (tests/data/names/random_names.csv,
  // drawn from Faker's name lists of sixteen locales, in their own scripts)
  // screened against both lists by name alone, as a border check without a
  // birth date would be. A `match` is a false alert; `possible` goes to a person.
  {
    std::ifstream in(kData + "/names/random_names.csv");
    if (!in) return fail("cannot read " + kData + "/names/random_names.csv");
    std::string line;
    std::getline(in, line);
    std::map<std::string, std::array<std::size_t, 4>> by_locale;  // asked, name ≥ threshold, match, possible
    std::array<std::size_t, 4> all{};
    while (std::getline(in, line)) {
      const auto comma = line.find(',');
      if (comma == std::string::npos) return fail("malformed line in random_names.csv: " + line);
      const auto locale = line.substr(0, comma), name = line.substr(comma + 1);
      auto prepared = text::prepare_name(name);
      auto hits = (*index)->search(prepared, officer, 1, 0.0);
      screen::ScreenQuery q;
      q.name = name;
      auto answer = screen::screen(**index, officer, q, prepared);
      if (!answer) return fail(answer.error().message);
      const auto& candidates = (*answer)["candidates"];
      const bool match = !candidates.empty() && candidates[0]["match"].get<bool>();
      const bool possible = !candidates.empty() && candidates[0].value("outcome", "") == "possible";
      std::array<std::size_t, 4> one{1, !hits.empty() && hits[0].match.score >= text::kDefaultThreshold, match,
                                     possible};
      for (std::size_t k = 0; k < 4; ++k) {
        by_locale[locale][k] += one[k];
        all[k] += one[k];
      }
      if (show_candidates && one[2]) {
        std::cerr << "false match: " << locale << " \"" << name << "\" → " << candidates[0].dump() << '\n';
      }
    }
    for (const auto& [locale, c] : by_locale) {
      std::cerr << "random names " << locale << ": " << c[0] << " screened, name score ≥ 0.80 " << c[1] << ", match "
                << c[2] << ", possible " << c[3] << '\n';
    }
    auto rate = [&](std::size_t k) { return all[0] ? static_cast<double>(all[k]) / static_cast<double>(all[0]) : 0.0; };
    for (const auto& [name, k] : {std::pair<const char*, std::size_t>{"screening.random_names_false_match_rate", 2},
                                  {"screening.random_names_name_score_over_threshold_rate", 1},
                                  {"screening.random_names_possible_rate", 3}}) {
      figures.push_back(
          {{"name", name}, {"value", rate(k)}, {"unit", "ratio"}, {"peer", nullptr}, {"peer_value", nullptr}});
    }
    std::cerr << "random names: " << all[0] << " screened, match " << all[2] << ", possible " << all[3]
              << ", name score ≥ 0.80 " << all[1] << '\n';
  }
  std::cout << json{{"figures", figures}}.dump(1) << '\n';
  return 0;
}
