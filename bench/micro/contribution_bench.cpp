// Contributions to the analysis file: every member's case packages of the
// small synthetic world (JSON Lines, as `ariadne import contribution` reads
// them; and the same cases as FollowTheMoney entities, as `ariadne export
// contribution --format ftm` writes them) validated and stored as statements
// in a fresh SQLite file, each member as its import user. Items are mentions
// (entities and events) stored.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/ftm.hpp"
#include "analysis/import.hpp"
#include "app/schema.hpp"
#include "common/time.hpp"
#include "datagen/world.hpp"
#include "policy/accounts.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace ariadne;

struct MemberFile {
  std::string code;
  std::string text;
  std::string ftm;  // the same cases as FtM entities
};

// A member's packages as FtM entities, each case's ids after its line number.
std::string as_ftm(const std::string& code, const std::string& text,
                   const std::vector<std::pair<std::string, policy::MemberKind>>& members) {
  auto known = [&](const std::string& c) -> Result<bool> {
    for (const auto& m : members) {
      if (m.first == c) return true;
    }
    return false;
  };
  std::istringstream in(text);
  std::string out;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    auto package = analysis::parse_package(nlohmann::json::parse(line), code, known, today_utc()).value();
    for (const auto& e : analysis::to_ftm(package, "c" + std::to_string(++n) + "-").entities) out += e.dump() + "\n";
  }
  return out;
}

// The world's members and their packages, generated once.
struct ContributedWorld {
  testing::TempDir dir;
  std::vector<std::pair<std::string, policy::MemberKind>> members;
  std::vector<MemberFile> files;
  ContributedWorld() {
    const auto out = dir.file("world");
    (void)datagen::generate_world({out, 7, datagen::Scale::small}).value();
    std::ifstream in(out + "/members.jsonl");
    for (std::string line; std::getline(in, line);) {
      auto m = nlohmann::json::parse(line);
      members.emplace_back(m["code"], policy::parse_member_kind(m["kind"].get<std::string>()).value());
    }
    for (const auto& f : std::filesystem::directory_iterator(out + "/contributions")) {
      std::ifstream file(f.path(), std::ios::binary);
      std::stringstream text;
      text << file.rdbuf();
      const std::string code = f.path().stem().string();
      if (!text.str().empty()) files.push_back({code, text.str(), as_ftm(code, text.str(), members)});
    }
  }
};

const ContributedWorld& the_world() {
  static const ContributedWorld world;
  return world;
}

// Every member's file into a fresh store, by `import` (the file's text, the member, the store).
template <typename Import>
void import_world(benchmark::State& state, Import&& import) {
  const ContributedWorld& world = the_world();
  std::size_t mentions = 0;
  int run = 0;
  for (auto _ : state) {
    state.PauseTiming();
    testing::TempDir dir;
    auto db = store::open_database(dir.file("analysis-" + std::to_string(run++) + ".db")).value();
    (void)store::migrate(*db, app::all_migrations()).value();
    const auto sys = policy::system_caller();
    for (const auto& [code, kind] : world.members) (void)policy::add_member(*db, sys, code, code, kind).value();
    state.ResumeTiming();
    for (const auto& f : world.files) {
      policy::Caller caller{UserId{0}, "import", f.code, policy::MemberKind::ncb, policy::Role::admin};
      auto report = import(f, caller, *db);
      if (report.rejected != 0) state.SkipWithError("packages were rejected");
      mentions += report.mentions;
    }
    state.PauseTiming();
    db.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(mentions));
}
void BM_ImportContributionsJsonl(benchmark::State& state) {
  import_world(state, [](const MemberFile& f, const policy::Caller& caller, store::Database& db) {
    std::istringstream in(f.text);
    return analysis::import_contributions(db, caller, in, {}).value();
  });
}
BENCHMARK(BM_ImportContributionsJsonl)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

void BM_ImportContributionsFtm(benchmark::State& state) {
  import_world(state, [](const MemberFile& f, const policy::Caller& caller, store::Database& db) {
    std::istringstream in(f.ftm);
    const analysis::FtmOptions ftm{"", "migrant_smuggling", "", {{"scope", "all"}}};
    return analysis::import_ftm_contributions(db, caller, in, ftm, {}).value();
  });
}
BENCHMARK(BM_ImportContributionsFtm)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

}  // namespace
