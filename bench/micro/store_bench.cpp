// Store-level costs every later figure builds on: a committed audited write,
// an audit append, a password hash, and the access gate's list filter.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "policy/accounts.hpp"
#include "sltd/documents.hpp"
#include "store/audit.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace ariadne;

struct World {
  testing::TempDir dir;
  std::unique_ptr<store::Database> db;
  policy::Caller fra{UserId{1}, "bench", "FRA", policy::MemberKind::ncb, policy::Role::officer};
  World() {
    db = store::open_database(dir.file("bench.db")).value();
    (void)store::migrate(*db, app::all_migrations()).value();
    auto sys = policy::system_caller();
    (void)policy::add_member(*db, sys, "IPSG", "GS", policy::MemberKind::secretariat).value();
    (void)policy::add_member(*db, sys, "FRA", "France", policy::MemberKind::ncb).value();
    (void)policy::add_member(*db, sys, "DEU", "Germany", policy::MemberKind::ncb).value();
  }
};

// One document registered per iteration, each its own durable transaction
// (synchronous=FULL: one fsync per commit).
void BM_DocumentCreateCommitted(benchmark::State& state) {
  World w;
  std::int64_t n = 0;
  for (auto _ : state) {
    nlohmann::json body = {
        {"number", "B" + std::to_string(n++)}, {"issuing_state", "FRA"}, {"type", "passport"}, {"status", "stolen"}};
    auto doc = sltd::parse_new_document(body, *w.db, w.fra).value();
    benchmark::DoNotOptimize(sltd::create_document(*w.db, w.fra, std::move(doc)).value());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DocumentCreateCommitted)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_AuditAppend(benchmark::State& state) {
  World w;
  for (auto _ : state) {
    benchmark::DoNotOptimize(store::audit_append(*w.db, {"bench", "FRA", "bench", "x", "ok", ""}).value());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AuditAppend)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Listing 100 documents through the gate out of 10,000 with mixed restrictions.
void BM_GatedList(benchmark::State& state) {
  World w;
  (void)w.db->transaction([&]() -> Status {
    for (int i = 0; i < 10000; ++i) {
      nlohmann::json body = {
          {"number", "L" + std::to_string(i)}, {"issuing_state", "FRA"}, {"type", "passport"}, {"status", "lost"}};
      if (i % 3 == 1) body["restriction"] = {{"scope", "owner"}};
      if (i % 3 == 2) body["restriction"] = {{"scope", "members"}, {"members", {"DEU"}}};
      auto doc = sltd::parse_new_document(body, *w.db, w.fra).value();
      (void)sltd::create_document(*w.db, w.fra, std::move(doc)).value();
    }
    return {};
  });
  policy::Caller ita{UserId{2}, "bench2", "DEU", policy::MemberKind::ncb, policy::Role::officer};
  for (auto _ : state) benchmark::DoNotOptimize(sltd::list_documents(*w.db, ita, {}).value());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GatedList)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_PasswordHashLogin(benchmark::State& state) {
  World w;
  (void)policy::add_user(*w.db, policy::system_caller(), "FRA", policy::Role::officer, "alice",
                         "a long enough password")
      .value();
  policy::LoginLimiter limiter;
  for (auto _ : state) {
    benchmark::DoNotOptimize(policy::login(*w.db, limiter, "alice", "a long enough password", "127.0.0.1", {}).value());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PasswordHashLogin)->Unit(benchmark::kMillisecond)->Iterations(20)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
