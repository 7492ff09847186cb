// Screening speed and recall over a synthetic world (tools/datagen): every
// person of truth/people.jsonl (native, Latin and alias names) in the
// screening index, the labelled noisy mentions as queries.
//   BM_ScreeningQuery: queries per second on one core, and recall@10 — the
//   share of mentions whose true person is among the first ten candidates.
// The world's scale comes from ARIADNE_SCREEN_SCALE (small | medium, default
// medium: 100,000 people).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "datagen/world.hpp"
#include "screen/index.hpp"

namespace {

using namespace ariadne;
using nlohmann::json;

struct Mention {
  std::string name;
  std::int64_t person = 0;
};

std::int64_t number_of(const std::string& id) {
  return std::stoll(id.substr(1));
}  // "P123" → 123

std::string full(const json& n) {
  if (!n.is_object()) return {};
  std::string given = n.value("given_names", ""), surname = n.value("surname", "");
  return given.empty() ? surname : given + " " + surname;
}

struct World {
  screen::ScreeningIndex index;
  std::vector<Mention> mentions;
  std::size_t people = 0;

  World() {
    const char* scale_env = std::getenv("ARIADNE_SCREEN_SCALE");
    auto scale = datagen::parse_scale(scale_env ? scale_env : "medium").value_or(datagen::Scale::medium);
    auto dir =
        std::filesystem::temp_directory_path() / ("ariadne-screen-bench-" + std::string(datagen::to_string(scale)));
    if (!std::filesystem::exists(dir / "truth" / "people.jsonl")) {
      auto made = datagen::generate_world({dir.string(), 7, scale});
      if (!made) throw std::runtime_error(made.error().message);
    }
    std::ifstream people_in(dir / "truth" / "people.jsonl");
    for (std::string line; std::getline(people_in, line);) {
      auto p = json::parse(line);
      screen::ScreenRecord r;
      r.id = number_of(p["id"]);
      r.kind = "notice";
      r.type = "red";
      r.meta.owner = "FRA";
      std::vector<std::string> names = {full(p["native"]), full(p["latin"])};
      for (const auto& a : p.value("aliases", json::array())) names.push_back(full(a));
      for (const auto& n : names) {
        if (n.empty()) continue;
        r.subject.names.push_back({n, "", "primary", {}, {}});
        r.names.push_back(screen::prepare_name(n));
      }
      index.upsert(std::move(r));
      ++people;
    }
    std::unordered_map<std::string, std::int64_t> truth;
    std::ifstream truth_in(dir / "truth" / "persons.jsonl");
    for (std::string line; std::getline(truth_in, line);) {
      auto t = json::parse(line);
      truth[t["mention"]] = number_of(t["person"]);
    }
    std::ifstream mentions_in(dir / "mentions.jsonl");
    for (std::string line; std::getline(mentions_in, line);) {
      auto m = json::parse(line);
      auto it = truth.find(m["id"]);
      if (it != truth.end()) mentions.push_back({full(m), it->second});
    }
  }
};

World& world() {
  static World w;
  return w;
}

void BM_ScreeningQuery(benchmark::State& state) {
  auto& w = world();
  const auto caller = policy::system_caller();
  std::size_t i = 0, found = 0, asked = 0;
  for (auto _ : state) {
    const auto& m = w.mentions[i++ % w.mentions.size()];
    auto hits = w.index.search(screen::prepare_name(m.name), caller, 10, 0.4);
    ++asked;
    for (const auto& h : hits) {
      if (h.record.id == m.person) {
        ++found;
        break;
      }
    }
    benchmark::DoNotOptimize(hits);
  }
  state.counters["queries_per_s"] = benchmark::Counter(static_cast<double>(asked), benchmark::Counter::kIsRate);
  state.counters["recall_at_10"] = asked ? static_cast<double>(found) / static_cast<double>(asked) : 0.0;
  state.counters["people"] = static_cast<double>(w.people);
}
BENCHMARK(BM_ScreeningQuery)->Unit(benchmark::kMicrosecond)->MinTime(5.0);

}  // namespace

BENCHMARK_MAIN();
