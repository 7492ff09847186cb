// Screening against the real sanctions lists (../shared/data/watchlists):
// the UN Security Council consolidated list and OFAC's SDN list are imported
// as special notices (`ariadne import watchlist`), the screening index is
// built from the store as the server builds it, and every listed individual
// is looked up by each of its own names (primary and aliases, as listed, in
// any script) and by its primary name with one typing error. A lookup counts
// as found when the individual's notice is among the first three candidates.
// Prints {"figures": [...]} for bench/collect.py and the misses on stderr.
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "notices/watchlist.hpp"
#include "policy/accounts.hpp"
#include "policy/roles.hpp"
#include "screen/index.hpp"
#include "screen/matcher.hpp"
#include "server/schema.hpp"
#include "store/migrations.hpp"

namespace {

using namespace ariadne;
using nlohmann::json;

const std::string kData = ARIADNE_SHARED_DATA;

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

struct Tally {
  std::size_t asked = 0;
  std::size_t found = 0;
  double share() const { return asked ? static_cast<double>(found) / static_cast<double>(asked) : 0.0; }
};

int fail(const std::string& what) {
  std::cerr << "watchlist_screening: " << what << '\n';
  return 1;
}

}  // namespace

int main() {
  auto dir = std::filesystem::temp_directory_path() / ("ariadne-watchlists-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() { std::filesystem::remove_all(p); }
  } cleanup{dir};
  auto db = store::open_database((dir / "w.db").string());
  if (!db) return fail(db.error().message);
  if (auto m = store::migrate(**db, server::all_migrations()); !m) return fail(m.error().message);
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
    auto found = [&](const std::string& query, std::int64_t id) {
      auto hits = (*index)->search(screen::prepare_name(query), officer, 3, 0.0);
      for (const auto& h : hits) {
        if (h.record.id == id) return true;
      }
      return false;
    };
    for (const auto& e : list.entries) {
      auto it = notice_of.find(e.reference);
      if (it == notice_of.end()) continue;  // rejected at import (reported by the importer)
      bool primary_done = false;
      for (const auto& n : e.body["subject"]["names"]) {
        std::string full = n.value("full", "");
        if (full.empty()) continue;
        ++names.asked;
        if (found(full, it->second)) {
          ++names.found;
        } else {
          std::cerr << list.source << " " << e.reference << " not in the top 3 by \"" << full << "\"\n";
        }
        if (!primary_done && n.value("kind", "primary") == "primary") {
          primary_done = true;
          auto typo = with_typo(full);
          if (typo.empty()) continue;
          ++typos.asked;
          if (found(typo, it->second)) {
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
      std::cerr << name << ": " << t.found << " of " << t.asked << '\n';
    };
    figure("screening." + list.source + "_names_top3", names);
    figure("screening." + list.source + "_typo_top3", typos);
  }
  std::cout << json{{"figures", figures}}.dump(1) << '\n';
  return 0;
}
