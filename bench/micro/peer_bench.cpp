// The peers of the document index: point lookups of the same ten million
// (issuing state, type, number) keys in SQLite (in-process, prepared
// statement, unique index, warm cache) and in a local PostgreSQL 15 server
// over loopback (prepared statement, unique btree index, warm cache). Half
// the lookups hit, half miss, as in index_bench. PostgreSQL is measured twice:
// one client waiting for each answer, and four clients (two per core) that
// keep the server and both cores busy, its rate per core being the total over
// the cores: the fair comparison with one core of Ariadne's index. PostgreSQL
// runs only when ARIADNE_BENCH_PG holds a connection string (bench/run.sh
// starts a throwaway server and sets it).
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t kRows = 10'000'000;  // the large world's documents, as index_bench holds
constexpr std::size_t kQueries = 1 << 16;

struct Key {
  std::string state;
  std::string type;
  std::string number;
};

constexpr std::array<const char*, 12> kStates = {"FRA", "DEU", "ITA", "GRC", "TUR", "SYR",
                                                 "AFG", "NGA", "ERI", "MEX", "THA", "VNM"};

std::string random_number(std::mt19937_64& rng) {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  std::string s(9, '0');
  for (auto& c : s) c = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
  return s;
}

const std::vector<Key>& rows() {
  static const std::vector<Key> keys = [] {
    std::mt19937_64 rng(7);
    std::vector<Key> v;
    v.reserve(kRows);
    for (std::size_t i = 0; i < kRows; ++i) {
      v.push_back(
          {kStates[rng() % kStates.size()], (rng() % 5 == 0) ? "identity_card" : "passport", random_number(rng)});
    }
    return v;
  }();
  return keys;
}

// Half present, half absent (random numbers of the same shape).
const std::vector<Key>& queries() {
  static const std::vector<Key> q = [] {
    std::mt19937_64 rng(99);
    const auto& r = rows();
    std::vector<Key> v;
    v.reserve(kQueries);
    for (std::size_t i = 0; i < kQueries; ++i) {
      if (rng() & 1) {
        v.push_back(r[rng() % r.size()]);
      } else {
        v.push_back({kStates[rng() % kStates.size()], "passport", random_number(rng)});
      }
    }
    return v;
  }();
  return q;
}

// ------------------------------------------------------------------ SQLite

struct SqliteDeleter {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

void sqlite_exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
}

// Filled once per process: Google Benchmark calls a benchmark several times
// while it settles the iteration count.
struct SqlitePeer {
  std::filesystem::path path;
  std::unique_ptr<sqlite3, SqliteDeleter> db;
  std::unique_ptr<sqlite3_stmt, StmtDeleter> lookup;
  SqlitePeer();
  ~SqlitePeer() {
    lookup.reset();
    db.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};

SqlitePeer::SqlitePeer()
    : path(std::filesystem::temp_directory_path() / ("ariadne-peer-" + std::to_string(::getpid()) + ".db")) {
  std::filesystem::remove(path);
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  db.reset(raw);
  sqlite_exec(db.get(), "PRAGMA journal_mode=WAL");
  sqlite_exec(db.get(),
              "CREATE TABLE documents (id INTEGER PRIMARY KEY, number TEXT NOT NULL, issuing_state TEXT NOT NULL, "
              "type TEXT NOT NULL, status TEXT NOT NULL, owner TEXT NOT NULL, scope TEXT NOT NULL, "
              "review_on TEXT NOT NULL)");
  sqlite_exec(db.get(), "BEGIN");
  {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db.get(),
                       "INSERT INTO documents (number, issuing_state, type, status, owner, scope, review_on) "
                       "VALUES (?, ?, ?, 'stolen', ?, 'all', '2036-01-01')",
                       -1, &s, nullptr);
    std::unique_ptr<sqlite3_stmt, StmtDeleter> insert(s);
    for (const auto& k : rows()) {
      sqlite3_bind_text(s, 1, k.number.c_str(), static_cast<int>(k.number.size()), SQLITE_STATIC);
      sqlite3_bind_text(s, 2, k.state.c_str(), 3, SQLITE_STATIC);
      sqlite3_bind_text(s, 3, k.type.c_str(), static_cast<int>(k.type.size()), SQLITE_STATIC);
      sqlite3_bind_text(s, 4, k.state.c_str(), 3, SQLITE_STATIC);
      sqlite3_step(s);
      sqlite3_reset(s);
    }
  }
  sqlite_exec(db.get(), "COMMIT");
  sqlite_exec(db.get(), "CREATE UNIQUE INDEX documents_key ON documents(issuing_state, type, number)");
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db.get(),
                     "SELECT id, status, owner, scope FROM documents "
                     "WHERE issuing_state = ? AND type = ? AND number = ?",
                     -1, &s, nullptr);
  lookup.reset(s);
}

void BM_PeerSqlitePointLookup(benchmark::State& state) {
  static SqlitePeer peer;
  sqlite3_stmt* s = peer.lookup.get();
  const auto& q = queries();
  std::size_t i = 0, found = 0;
  for (auto _ : state) {
    const auto& k = q[i++ & (q.size() - 1)];
    sqlite3_bind_text(s, 1, k.state.c_str(), 3, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, k.type.c_str(), static_cast<int>(k.type.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 3, k.number.c_str(), static_cast<int>(k.number.size()), SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) found += static_cast<std::size_t>(sqlite3_column_int64(s, 0) > 0);
    sqlite3_reset(s);
  }
  benchmark::DoNotOptimize(found);
  state.counters["lookups_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PeerSqlitePointLookup)->MinTime(3.0)->UseRealTime();

// -------------------------------------------------------------- PostgreSQL

constexpr const char* kPgLookup =
    "SELECT id, status, owner, scope FROM documents WHERE issuing_state = $1 AND type = $2 AND number = $3";

struct PgDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};

// Connects, loads the rows with COPY and prepares the lookup, once per
// process; `error` says why when it could not.
struct PgPeer {
  std::unique_ptr<PGconn, PgDeleter> conn;
  std::string error;
  PgPeer();
  bool ok(PGresult* r) {
    auto status = PQresultStatus(r);
    bool good = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN;
    if (!good && error.empty()) error = PQerrorMessage(conn.get());
    PQclear(r);
    return good;
  }
};

PgPeer::PgPeer() {
  const char* conninfo = std::getenv("ARIADNE_BENCH_PG");
  if (conninfo == nullptr || *conninfo == '\0') {
    error = "ARIADNE_BENCH_PG is not set (bench/run.sh starts a PostgreSQL server)";
    return;
  }
  conn.reset(PQconnectdb(conninfo));
  PGconn* c = conn.get();
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
    return;
  }
  if (!ok(PQexec(c, "SET client_min_messages = warning")) || !ok(PQexec(c, "DROP TABLE IF EXISTS documents")) ||
      !ok(PQexec(c,
                 "CREATE TABLE documents (id bigserial PRIMARY KEY, number text NOT NULL, "
                 "issuing_state text NOT NULL, type text NOT NULL, status text NOT NULL, owner text NOT NULL, "
                 "scope text NOT NULL, review_on date NOT NULL)")) ||
      !ok(PQexec(c, "COPY documents (number, issuing_state, type, status, owner, scope, review_on) FROM STDIN"))) {
    return;
  }
  std::string chunk;
  for (const auto& k : rows()) {
    chunk += k.number + '\t' + k.state + '\t' + k.type + "\tstolen\t" + k.state + "\tall\t2036-01-01\n";
    if (chunk.size() > (1 << 20)) {
      PQputCopyData(c, chunk.data(), static_cast<int>(chunk.size()));
      chunk.clear();
    }
  }
  PQputCopyData(c, chunk.data(), static_cast<int>(chunk.size()));
  PQputCopyEnd(c, nullptr);
  (void)(ok(PQgetResult(c)) &&
         ok(PQexec(c, "CREATE UNIQUE INDEX documents_key ON documents(issuing_state, type, number)")) &&
         ok(PQexec(c, "VACUUM ANALYZE documents")) && ok(PQprepare(c, "lookup", kPgLookup, 3, nullptr)));
}

// The benchmark's loop: the prepared lookup of each query in turn, from `start`.
void lookups(benchmark::State& state, PGconn* c, std::size_t start) {
  const auto& q = queries();
  std::size_t i = start, found = 0;
  for (auto _ : state) {
    const auto& k = q[i++ & (q.size() - 1)];
    const char* params[3] = {k.state.c_str(), k.type.c_str(), k.number.c_str()};
    PGresult* r = PQexecPrepared(c, "lookup", 3, params, nullptr, nullptr, 0);
    found += static_cast<std::size_t>(PQntuples(r));
    PQclear(r);
  }
  benchmark::DoNotOptimize(found);
}

// Loaded once per process, shared by the single-client and saturated runs.
PgPeer& pg_peer() {
  static PgPeer peer;
  return peer;
}

void BM_PeerPostgresPointLookup(benchmark::State& state) {
  PgPeer& peer = pg_peer();
  if (!peer.error.empty()) {
    state.SkipWithError(peer.error.c_str());
    return;
  }
  lookups(state, peer.conn.get(), 0);
  state.counters["lookups_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PeerPostgresPointLookup)->MinTime(3.0)->UseRealTime();

// One connection per client thread, each with the lookup prepared.
struct PgClients {
  std::vector<std::unique_ptr<PGconn, PgDeleter>> conns;
  std::string error;
  explicit PgClients(std::size_t n) {
    const char* conninfo = std::getenv("ARIADNE_BENCH_PG");
    for (std::size_t i = 0; i < n && error.empty(); ++i) {
      conns.emplace_back(PQconnectdb(conninfo));
      PGconn* c = conns.back().get();
      if (PQstatus(c) != CONNECTION_OK) {
        error = PQerrorMessage(c);
        break;
      }
      PGresult* r = PQprepare(c, "lookup", kPgLookup, 3, nullptr);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQerrorMessage(c);
      PQclear(r);
    }
  }
};

constexpr int kPgClients = 4;

void BM_PeerPostgresPointLookupSaturated(benchmark::State& state) {
  PgPeer& peer = pg_peer();
  static std::once_flag once;
  static std::unique_ptr<PgClients> clients;
  std::call_once(once, [] { clients = std::make_unique<PgClients>(kPgClients); });
  const std::string& error = peer.error.empty() ? clients->error : peer.error;
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const auto client = static_cast<std::size_t>(state.thread_index());
  lookups(state, clients->conns[client].get(), client * 4099);  // each client from its own place in the queries
  const double cores = std::max(1U, std::thread::hardware_concurrency());
  state.counters["lookups_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["lookups_per_s_per_core"] =
      benchmark::Counter(static_cast<double>(state.iterations()) / cores, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PeerPostgresPointLookupSaturated)->MinTime(3.0)->UseRealTime()->Threads(kPgClients);

}  // namespace

BENCHMARK_MAIN();
