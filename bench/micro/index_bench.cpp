// The document index in memory: build time and bytes per key, single checks
// per second (random mix of hits and misses) and batched lookups with
// software prefetching. The real-world size (130 million keys, several
// minutes) runs only with --big.
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <vector>

#include "sltd/index.hpp"

namespace {

using namespace ariadne;

std::vector<sltd::HashTable::Slot> random_slots(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<sltd::HashTable::Slot> slots;
  slots.reserve(static_cast<std::size_t>(static_cast<double>(n) / 0.75) + 2048);
  auto meta = sltd::pack_meta(sltd::DocumentStatus::stolen, 0xFFFF);
  for (std::size_t i = 0; i < n; ++i) slots.push_back({rng() | 1, static_cast<std::uint32_t>(i + 1), meta});
  return slots;
}

// Half the queries present, half absent.
std::vector<std::uint64_t> queries(const std::vector<sltd::HashTable::Slot>& slots, std::size_t n) {
  std::mt19937_64 rng(99);
  std::vector<std::uint64_t> q(n);
  for (auto& h : q) h = (rng() & 1) ? slots[rng() % slots.size()].hash : (rng() & ~std::uint64_t{1});
  return q;
}

void BM_IndexBuild(benchmark::State& state) {
  auto n = static_cast<std::size_t>(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto slots = random_slots(n, 1);
    sltd::DocumentIndex index(sltd::IndexKey{});
    state.ResumeTiming();
    index.load_slots(std::move(slots));
    bytes = index.memory_bytes();
  }
  state.counters["bytes_per_key"] = static_cast<double>(bytes) / static_cast<double>(n);
  state.counters["keys_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}

struct Loaded {
  sltd::DocumentIndex index{sltd::IndexKey{}};
  std::vector<std::uint64_t> q;
  explicit Loaded(std::size_t n) {
    auto slots = random_slots(n, 2);
    q = queries(slots, 1 << 20);
    index.load_slots(std::move(slots));
  }
};

void BM_IndexCheckSingle(benchmark::State& state) {
  Loaded w(static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0, found = 0;
  for (auto _ : state) {
    found += w.index.find_id(w.q[i++ & (w.q.size() - 1)], 0) != 0;
  }
  benchmark::DoNotOptimize(found);
  state.counters["checks_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_IndexCheckBatchedPrefetch(benchmark::State& state) {
  Loaded w(static_cast<std::size_t>(state.range(0)));
  std::vector<std::uint32_t> ids(w.q.size());
  for (auto _ : state) {
    w.index.find_ids(w.q.data(), w.q.size(), ids.data(), 0);
    benchmark::DoNotOptimize(ids.data());
  }
  state.counters["checks_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * w.q.size()), benchmark::Counter::kIsRate);
}

void BM_KeyHash(benchmark::State& state) {
  sltd::IndexKey key{};
  std::uint64_t sum = 0;
  for (auto _ : state) sum += sltd::key_hash(key, "FRA", sltd::TypeClass::passport, "15AB12345");
  benchmark::DoNotOptimize(sum);
}

}  // namespace

BENCHMARK(BM_IndexBuild)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_IndexCheckSingle)->Arg(10'000'000);
BENCHMARK(BM_IndexCheckBatchedPrefetch)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KeyHash);

int main(int argc, char** argv) {
  bool big = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--big") == 0) {
      big = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  if (big) {
    benchmark::RegisterBenchmark("BM_IndexBuild", BM_IndexBuild)
        ->Arg(130'000'000)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
