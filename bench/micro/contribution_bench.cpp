// Contributions to the analysis file: every member's case packages of the
// small synthetic world (JSON Lines, as `ariadne import contribution` reads
// them) validated and stored as statements in a fresh SQLite file, each
// member as its import user. Items are mentions (entities and events).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/import.hpp"
#include "app/schema.hpp"
#include "datagen/world.hpp"
#include "policy/accounts.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace ariadne;

struct MemberFile {
  std::string code;
  std::string text;
};

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
      if (!text.str().empty()) files.push_back({f.path().stem().string(), text.str()});
    }
  }
};

void BM_ImportContributionsJsonl(benchmark::State& state) {
  static const ContributedWorld world;
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
      std::istringstream in(f.text);
      auto report = analysis::import_contributions(*db, caller, in, {}).value();
      if (report.rejected != 0) state.SkipWithError("packages were rejected");
      mentions += report.mentions;
    }
    state.PauseTiming();
    db.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(mentions));
}
BENCHMARK(BM_ImportContributionsJsonl)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

}  // namespace
