// The document index built the way `ariadne serve` builds it at start-up:
// DocumentIndex::build streams every record from a real SQLite file with the
// full schema. The file (10 million documents of 12 states, every status,
// 1 in 100 a stolen-blank range) is filled once through SQLite directly —
// how the rows got there does not matter to the build — and kept in
// $ARIADNE_BENCH_SCRATCH (bench/scratch) for later runs.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "app/schema.hpp"
#include "sltd/index.hpp"
#include "sltd/snapshot.hpp"
#include "store/migrations.hpp"

namespace {

using namespace ariadne;

constexpr const char* kStates[] = {"FRA", "DEU", "ITA", "GRC", "TUR", "SYR", "AFG", "NGA", "ERI", "MEX", "THA", "VNM"};
constexpr const char* kStatuses[] = {"stolen", "lost", "revoked", "invalidated"};

// Row i of the benchmark database; rows from n on are absent (the number
// mapping is a bijection on 0..10^8-1, so their numbers are not in the table).
struct Row {
  const char* state;
  bool identity_card;
  unsigned long long value;
  std::string number;
};
Row row_of(std::size_t i) {
  Row r{kStates[i % 12], i % 5 == 0, static_cast<unsigned long long>(i) * 7919ULL % 100'000'000ULL, {}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "X%08llu", r.value);
  r.number = buf;
  return r;
}

std::string scratch_file(std::size_t n) {
  const char* dir = std::getenv("ARIADNE_BENCH_SCRATCH");
  std::filesystem::path base = dir && *dir ? dir : std::filesystem::temp_directory_path().string();
  return (base / ("index-" + std::to_string(n) + ".db")).string();
}

std::int64_t count_rows(const std::string& path) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM documents", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      n = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

// Creates the schema through the real migrations, then bulk-fills documents.
bool fill(const std::string& path, std::size_t n, benchmark::State& state) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  {
    auto db = store::open_database(path);
    if (!db) {
      state.SkipWithError(db.error().message.c_str());
      return false;
    }
    if (auto m = store::migrate(**db, app::all_migrations()); !m) {
      state.SkipWithError(m.error().message.c_str());
      return false;
    }
    for (const char* code : kStates) {
      (void)(*db)->query("INSERT INTO members (code, name, kind) VALUES (?, ?, 'ncb')",
                         {std::string(code), std::string(code)});
    }
  }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; BEGIN", nullptr,
               nullptr, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO documents (number, issuing_state, type, status, series_end, review_on, owner, "
                     "scope, created_by) VALUES (?, ?, ?, ?, ?, '2036-06-30', ?, 'all', 'bench')",
                     -1, &s, nullptr);
  char number[16];
  char end[16];
  for (std::size_t i = 0; i < n; ++i) {
    auto row = row_of(i);
    std::snprintf(number, sizeof number, "%s", row.number.c_str());
    bool blank = i % 100 == 7;
    const char* state_code = row.state;
    sqlite3_bind_text(s, 1, number, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, state_code, 3, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, row.identity_card ? "identity_card" : "passport", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, blank ? "stolen_blank" : kStatuses[i % 4], -1, SQLITE_STATIC);
    if (blank) {
      std::snprintf(end, sizeof end, "X%08llu", row.value + 50);
      sqlite3_bind_text(s, 5, end, -1, SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(s, 5);
    }
    sqlite3_bind_text(s, 6, state_code, 3, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) {
      state.SkipWithError(sqlite3_errmsg(db));
      sqlite3_finalize(s);
      sqlite3_close(db);
      return false;
    }
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  bool ok = sqlite3_exec(db, "COMMIT; PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  if (!ok) state.SkipWithError("filling the benchmark database failed");
  return ok;
}

// The benchmark database with n rows, filled when missing; "" when it failed.
std::string ensure_database(std::size_t n, benchmark::State& state) {
  auto path = scratch_file(n);
  if (count_rows(path) != static_cast<std::int64_t>(n) && !fill(path, n, state)) return {};
  return path;
}

void BM_IndexBuildFromDatabase(benchmark::State& state) {
  auto n = static_cast<std::size_t>(state.range(0));
  auto path = ensure_database(n, state);
  if (path.empty()) return;
  std::size_t bytes = 0, size = 0;
  for (auto _ : state) {
    auto db = store::open_database(path);
    auto index = sltd::DocumentIndex::build(**db);
    if (!index) {
      state.SkipWithError(index.error().message.c_str());
      return;
    }
    bytes = (*index)->memory_bytes();
    size = (*index)->size();
  }
  state.counters["bytes_per_key"] = static_cast<double>(bytes) / static_cast<double>(size);
  state.counters["entries"] = static_cast<double>(size);
}
BENCHMARK(BM_IndexBuildFromDatabase)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// The signed offline copy of the same database: export + sign time and bytes
// per document. The bytes are kept for BM_OfflineCheck.
std::string& offline_bytes() {
  static std::string bytes;
  return bytes;
}

void BM_OfflineCopyExport(benchmark::State& state) {
  auto n = static_cast<std::size_t>(state.range(0));
  auto path = ensure_database(n, state);
  if (path.empty()) return;
  auto db = store::open_database(path);
  auto keys = sltd::load_signing_keys(**db);
  if (!keys) {
    state.SkipWithError(keys.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    auto snapshot = sltd::export_snapshot(**db);
    if (!snapshot) {
      state.SkipWithError(snapshot.error().message.c_str());
      return;
    }
    offline_bytes() = sltd::encode_snapshot(*snapshot, *keys);
  }
  state.counters["bytes_per_document"] = static_cast<double>(offline_bytes().size()) / static_cast<double>(n);
  state.counters["mib"] = static_cast<double>(offline_bytes().size()) / (1 << 20);
}
BENCHMARK(BM_OfflineCopyExport)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// Checks against the verified copy, as `ariadne check --offline` runs them:
// number, issuing state and type known, half the numbers recorded.
void BM_OfflineCheck(benchmark::State& state) {
  auto n = static_cast<std::size_t>(state.range(0));
  if (offline_bytes().empty()) {
    state.SkipWithError("BM_OfflineCopyExport did not run first");
    return;
  }
  auto snapshot = sltd::decode_snapshot(offline_bytes());
  if (!snapshot) {
    state.SkipWithError(snapshot.error().message.c_str());
    return;
  }
  sltd::OfflineIndex index(std::move(*snapshot));
  std::vector<sltd::Lookup> queries;
  std::mt19937_64 rng(3);
  for (int i = 0; i < (1 << 16); ++i) {
    auto row = row_of(static_cast<std::size_t>(rng() % n) + ((rng() & 1) ? 0 : n));
    queries.push_back({row.number, std::string(row.state),
                       row.identity_card ? sltd::TypeClass::identity_card : sltd::TypeClass::passport, false});
  }
  std::size_t i = 0, found = 0;
  for (auto _ : state) found += index.find(queries[i++ & (queries.size() - 1)]).size();
  benchmark::DoNotOptimize(found);
  state.counters["checks_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["hit_share"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_OfflineCheck)->Arg(10'000'000);

}  // namespace
