// Request-body parsing must be linear in the body (security review, defect
// 1): the bodies that were quadratic (many empty objects in one container,
// `{"x":{"k0":{},"k1":{},…}}` and `{"x":[{},{},…]}`) parsed at 1 MiB and at 64 KiB;
// the time per byte at 1 MiB over the time per byte at 64 KiB is about 1 for a
// linear parser (the old one's grew with the body: 58 s for 1.19 MB).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "common/json_fields.hpp"

namespace {

using namespace ariadne;

// {"x":{"k0":{},"k1":{},…}} (members) or {"x":[{},{},…]} (elements) of about `bytes`.
std::string many_empty_objects(std::size_t bytes, bool members) {
  std::string s = members ? R"({"x":{)" : R"({"x":[)";
  for (std::size_t i = 0; s.size() < bytes; ++i) {
    if (i > 0) s += ',';
    s += members ? "\"k" + std::to_string(i) + "\":{}" : "{}";
  }
  s += members ? "}}" : "]}";
  return s;
}

// Seconds per byte of parsing `body`, the best of a few runs.
double seconds_per_byte(const std::string& body, int runs) {
  double best = 1e30;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto parsed = parse_json_object(body);
    benchmark::DoNotOptimize(parsed);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best / static_cast<double>(body.size());
}

void BM_JsonParseEmptyObjects(benchmark::State& state) {
  const bool members = state.range(0) == 1;
  const std::string large = many_empty_objects(1 << 20, members);
  const std::string small = many_empty_objects(64 << 10, members);
  for (auto _ : state) {
    auto parsed = parse_json_object(large);
    if (!parsed.ok()) state.SkipWithError(parsed.error().message.c_str());
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * large.size()));
  state.counters["ms_per_mib"] = seconds_per_byte(large, 5) * (1 << 20) * 1000;
  state.counters["linearity"] = seconds_per_byte(large, 5) / seconds_per_byte(small, 40);
}
BENCHMARK(BM_JsonParseEmptyObjects)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace
