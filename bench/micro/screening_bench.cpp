// Screening speed, memory and recall over a synthetic world (tools/datagen):
// every person of truth/people.jsonl (native, Latin and alias names) in the
// screening index, the labelled noisy mentions as queries.
//   BM_ScreeningBuild: preparing and indexing every person (seconds), and the
//     index's memory per person: growth of the resident set (VmRSS, after
//     malloc_trim) and of malloc'd bytes (mallinfo2) across the build.
//   BM_ScreeningQuery: queries per second on one core, and recall@10 — the
//     share of mentions whose true person is among the first ten candidates.
//   BM_ScreeningLatency: each query of the mention sample once, one core:
//     p50 and p99 latency, queries per second and recall@10.
//   BM_ScreeningTypo: the peer query set (below) on two threads.
//   BM_PeerPgTrgm: the same query set against PostgreSQL 15 with pg_trgm
//     over the same people's Latin names, two connections.
// The peer query set: people evenly spread over the world, each by their
// Latin name with one typing error (a letter substituted, deleted, inserted
// or two swapped, from a fixed seed), so both sides answer identical queries.
//
// Environment: ARIADNE_SCREEN_SCALE (small | medium | large, default medium:
// 100,000 people; large: 1,000,000), ARIADNE_SCREEN_WORLD (an existing world
// folder, used as it is, instead of generating one), ARIADNE_BENCH_SCRATCH
// (where generated worlds are kept, default the temporary folder),
// ARIADNE_BENCH_PG (libpq connection string; the peer is skipped without it),
// ARIADNE_PG_TRGM_THRESHOLD (pg_trgm.similarity_threshold, default 0.3).
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "datagen/world.hpp"
#include "screen/index.hpp"
#include "screen/screening.hpp"

namespace {

using namespace ariadne;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Mentions sampled evenly as queries, and the size of the peer query set.
constexpr std::size_t kMentionSample = 20000;
constexpr std::size_t kPeerQueries = 400;
constexpr int kPeerThreads = 2;

struct Query {
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

std::size_t rss_bytes() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

double thread_cpu_us() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

std::size_t heap_bytes() {
  const auto m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// SplitMix64: a fixed stream for the typing errors.
std::uint64_t mix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// One typing error on an ASCII letter of `name` (names without one are kept).
std::string with_typo(std::string name, std::uint64_t& seed) {
  std::vector<std::size_t> letters;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::isalpha(static_cast<unsigned char>(name[i]))) letters.push_back(i);
  }
  if (letters.size() < 2) return name;
  const std::size_t at = letters[mix(seed) % letters.size()];
  const char other = static_cast<char>('a' + mix(seed) % 26);
  switch (mix(seed) % 4) {
    case 0: name[at] = name[at] == other ? static_cast<char>('a' + (other - 'a' + 1) % 26) : other; break;
    case 1: name.erase(at, 1); break;
    case 2: name.insert(at, 1, other); break;
    default:
      if (at + 1 < name.size() && std::isalpha(static_cast<unsigned char>(name[at + 1])) && name[at] != name[at + 1]) {
        std::swap(name[at], name[at + 1]);
      } else {
        name[at] = name[at] == other ? static_cast<char>('a' + (other - 'a' + 1) % 26) : other;
      }
  }
  return name;
}

std::filesystem::path world_dir() {
  if (const char* given = std::getenv("ARIADNE_SCREEN_WORLD"); given && *given) return given;
  const char* scale_env = std::getenv("ARIADNE_SCREEN_SCALE");
  auto scale = datagen::parse_scale(scale_env ? scale_env : "medium").value_or(datagen::Scale::medium);
  const char* scratch = std::getenv("ARIADNE_BENCH_SCRATCH");
  auto base = scratch && *scratch ? std::filesystem::path(scratch) : std::filesystem::temp_directory_path();
  auto dir = base / ("ariadne-screen-bench-" + std::string(datagen::to_string(scale)));
  if (!std::filesystem::exists(dir / "truth" / "persons.jsonl")) {
    auto made = datagen::generate_world({dir.string(), 7, scale});
    if (!made) throw std::runtime_error(made.error().message);
  }
  return dir;
}

struct World {
  screen::ScreeningIndex index;
  std::vector<Query> mentions;                              // the evenly spread sample
  std::vector<Query> typos;                                 // the peer query set
  std::vector<std::pair<std::int64_t, std::string>> latin;  // every Latin name, for the peer
  std::size_t people = 0, names = 0;
  double build_s = 0, build_cpu_s = 0, rss_per_person = 0, heap_per_person = 0;

  World() {
    const auto dir = world_dir();
    struct Person {
      std::int64_t id;
      std::vector<std::string> names;
      std::string latin;
    };
    std::vector<Person> persons;
    std::ifstream people_in(dir / "truth" / "people.jsonl");
    for (std::string line; std::getline(people_in, line);) {
      auto p = json::parse(line);
      Person person{number_of(p["id"]), {full(p["native"]), full(p["latin"])}, full(p["latin"])};
      for (const auto& a : p.value("aliases", json::array())) {
        person.names.push_back(full(a));
        if (a.value("script", "") == "Latn") latin.emplace_back(person.id, person.names.back());
      }
      latin.emplace_back(person.id, person.latin);
      std::erase(person.names, std::string());
      persons.push_back(std::move(person));
    }
    people = persons.size();
    std::uint64_t seed = 7;
    const std::size_t step = std::max<std::size_t>(1, persons.size() / kPeerQueries);
    for (std::size_t i = 0; i < persons.size() && typos.size() < kPeerQueries; i += step) {
      typos.push_back({with_typo(persons[i].latin, seed), persons[i].id});
    }
    read_mentions(dir);

    // The records as build() makes them from the store: subjects only, the
    // index prepares the names. Memory is measured across the build, with the
    // input still held, so only what the index keeps is counted.
    malloc_trim(0);
    const auto rss0 = rss_bytes();
    const auto heap0 = heap_bytes();
    const auto cpu0 = std::clock();
    const auto start = Clock::now();
    std::vector<screen::ScreenRecord> records;
    records.reserve(persons.size());
    for (const auto& person : persons) {
      screen::ScreenRecord r;
      r.id = person.id;
      r.kind = "notice";
      r.type = "red";
      r.meta.owner = "FRA";
      for (const auto& n : person.names) r.subject.names.push_back({n, "", "primary", {}, {}});
      names += person.names.size();
      records.push_back(std::move(r));
    }
    index.upsert_all(std::move(records));
    build_s = std::chrono::duration<double>(Clock::now() - start).count();
    build_cpu_s = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    malloc_trim(0);
    rss_per_person = (static_cast<double>(rss_bytes()) - static_cast<double>(rss0)) / static_cast<double>(people);
    heap_per_person = (static_cast<double>(heap_bytes()) - static_cast<double>(heap0)) / static_cast<double>(people);
  }

  void read_mentions(const std::filesystem::path& dir) {
    std::unordered_map<std::string, std::int64_t> truth;
    std::ifstream truth_in(dir / "truth" / "persons.jsonl");
    for (std::string line; std::getline(truth_in, line);) {
      auto t = json::parse(line);
      truth[t["mention"]] = number_of(t["person"]);
    }
    const std::size_t step = std::max<std::size_t>(1, truth.size() / kMentionSample);
    std::ifstream mentions_in(dir / "mentions.jsonl");
    std::size_t n = 0;
    for (std::string line; std::getline(mentions_in, line); ++n) {
      if (n % step != 0) continue;
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

bool found_in(const std::vector<screen::Hit>& hits, std::int64_t person) {
  return std::any_of(hits.begin(), hits.end(), [person](const screen::Hit& h) { return h.record.id == person; });
}

void BM_ScreeningBuild(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(world());
  auto& w = world();
  state.counters["build_s"] = w.build_s;
  state.counters["build_cpu_s"] = w.build_cpu_s;
  state.counters["people"] = static_cast<double>(w.people);
  state.counters["names"] = static_cast<double>(w.names);
  state.counters["rss_bytes_per_person"] = w.rss_per_person;
  state.counters["heap_bytes_per_person"] = w.heap_per_person;
}
BENCHMARK(BM_ScreeningBuild)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_ScreeningQuery(benchmark::State& state) {
  auto& w = world();
  const auto caller = policy::system_caller();
  std::size_t i = 0, found = 0, asked = 0;
  for (auto _ : state) {
    const auto& m = w.mentions[i++ % w.mentions.size()];
    auto hits = w.index.search(text::prepare_name(m.name), caller, 10, 0.4);
    ++asked;
    if (found_in(hits, m.person)) ++found;
    benchmark::DoNotOptimize(hits);
  }
  state.counters["queries_per_s"] = benchmark::Counter(static_cast<double>(asked), benchmark::Counter::kIsRate);
  state.counters["recall_at_10"] = asked ? static_cast<double>(found) / static_cast<double>(asked) : 0.0;
  state.counters["people"] = static_cast<double>(w.people);
}
BENCHMARK(BM_ScreeningQuery)->Unit(benchmark::kMicrosecond)->MinTime(5.0);

// The whole answer of POST /screen without HTTP: the search, the reasons
// and the JSON candidates, for the same mentions.
void BM_ScreeningAnswer(benchmark::State& state) {
  auto& w = world();
  const auto caller = policy::system_caller();
  std::size_t i = 0, asked = 0;
  for (auto _ : state) {
    screen::ScreenQuery q;
    q.name = w.mentions[i++ % w.mentions.size()].name;
    auto answer = screen::screen(w.index, caller, q);
    if (!answer) state.SkipWithError(answer.error().message.c_str());
    benchmark::DoNotOptimize(answer);
    ++asked;
  }
  state.counters["queries_per_s"] = benchmark::Counter(static_cast<double>(asked), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScreeningAnswer)->Unit(benchmark::kMicrosecond)->MinTime(5.0);

void BM_ScreeningLatency(benchmark::State& state) {
  auto& w = world();
  const auto caller = policy::system_caller();
  std::vector<double> us, cpu_us;
  std::size_t found = 0;
  double total = 0;
  for (auto _ : state) {
    us.clear();
    cpu_us.clear();
    found = 0;
    for (const auto& m : w.mentions) {
      const auto start = Clock::now();
      const auto cpu_start = thread_cpu_us();
      auto hits = w.index.search(text::prepare_name(m.name), caller, 10, 0.4);
      cpu_us.push_back(thread_cpu_us() - cpu_start);
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      if (found_in(hits, m.person)) ++found;
    }
    for (double t : us) total += t;
  }
  std::sort(us.begin(), us.end());
  std::sort(cpu_us.begin(), cpu_us.end());
  auto at = [](const std::vector<double>& v, double q) {
    return v.empty() ? 0.0 : v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
  };
  // Wall-clock latency (what a caller waits, including time the thread was
  // not scheduled) and the thread's own CPU time.
  state.counters["p50_us"] = at(us, 0.50);
  state.counters["p99_us"] = at(us, 0.99);
  state.counters["p50_cpu_us"] = at(cpu_us, 0.50);
  state.counters["p99_cpu_us"] = at(cpu_us, 0.99);
  state.counters["queries_per_s"] = total > 0 ? static_cast<double>(us.size()) / (total / 1e6) : 0.0;
  state.counters["recall_at_10"] = us.empty() ? 0.0 : static_cast<double>(found) / static_cast<double>(us.size());
  state.counters["queries"] = static_cast<double>(us.size());
}
BENCHMARK(BM_ScreeningLatency)->Iterations(1)->Unit(benchmark::kMillisecond);

// Runs `ask(i)` (true when query i found its person) for every peer query on
// `threads` threads, first pass for recall, further passes until `min_s`.
template <typename Ask>
std::pair<double, double> run_peer_queries(std::size_t n, int threads, double min_s, Ask&& ask) {
  std::atomic<std::size_t> next{0}, found{0}, done{0};
  const auto start = Clock::now();
  auto work = [&](int t) {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= n && std::chrono::duration<double>(Clock::now() - start).count() >= min_s) return;
      const bool hit = ask(t, i % n);
      if (i < n && hit) found.fetch_add(1);
      done.fetch_add(1);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
  for (auto& t : pool) t.join();
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  return {static_cast<double>(done.load()) / s, static_cast<double>(found.load()) / static_cast<double>(n)};
}

void BM_ScreeningTypo(benchmark::State& state) {
  auto& w = world();
  const auto caller = policy::system_caller();
  std::pair<double, double> r;
  for (auto _ : state) {
    r = run_peer_queries(w.typos.size(), kPeerThreads, 3.0, [&](int, std::size_t i) {
      return found_in(w.index.search(text::prepare_name(w.typos[i].name), caller, 10, 0.4), w.typos[i].person);
    });
  }
  state.counters["queries_per_s"] = r.first;
  state.counters["recall_at_10"] = r.second;
  state.counters["queries"] = static_cast<double>(w.typos.size());
}
BENCHMARK(BM_ScreeningTypo)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

struct PgClose {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Pg = std::unique_ptr<PGconn, PgClose>;

bool exec(PGconn* c, const std::string& sql, std::string& error) {
  PGresult* r = PQexec(c, sql.c_str());
  const auto st = PQresultStatus(r);
  const bool good = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_IN;
  if (!good) error = sql.substr(0, 60) + ": " + PQerrorMessage(c);
  PQclear(r);
  return good;
}

// Best settings found for top-10 trigram search with a GIN index: the `%`
// operator (index scan at pg_trgm.similarity_threshold), ranked by
// similarity, one row per person.
constexpr const char* kPgTrgmQuery =
    "SELECT person FROM screen_names WHERE name % $1 GROUP BY person "
    "ORDER BY max(similarity(name, $1)) DESC, person LIMIT 10";

std::string pg_session_settings() {
  const char* t = std::getenv("ARIADNE_PG_TRGM_THRESHOLD");
  return std::string("SET pg_trgm.similarity_threshold = ") + (t && *t ? t : "0.3") + "; SET work_mem = '64MB'";
}

void BM_PeerPgTrgm(benchmark::State& state) {
  const char* conninfo = std::getenv("ARIADNE_BENCH_PG");
  if (!conninfo || !*conninfo) {
    state.SkipWithError("ARIADNE_BENCH_PG is not set");
    for (auto _ : state) {
    }
    return;
  }
  auto& w = world();
  std::string error;
  Pg admin(PQconnectdb(conninfo));
  double load_s = 0, index_s = 0;
  std::pair<double, double> r;
  for (auto _ : state) {
    auto* c = admin.get();
    auto t0 = Clock::now();
    bool ok = PQstatus(c) == CONNECTION_OK && exec(c, "SET client_min_messages = warning", error) &&
              exec(c, "CREATE EXTENSION IF NOT EXISTS pg_trgm", error) &&
              exec(c, "DROP TABLE IF EXISTS screen_names", error) &&
              exec(c, "CREATE TABLE screen_names (person bigint NOT NULL, name text NOT NULL)", error) &&
              exec(c, "COPY screen_names (person, name) FROM STDIN", error);
    if (ok) {
      std::string chunk;
      for (const auto& [person, name] : w.latin) {
        chunk += std::to_string(person) + '\t';
        for (char ch : name) {
          if (ch == '\\' || ch == '\t' || ch == '\n') chunk += '\\';
          chunk += ch;
        }
        chunk += '\n';
        if (chunk.size() > (1 << 20)) {
          PQputCopyData(c, chunk.data(), static_cast<int>(chunk.size()));
          chunk.clear();
        }
      }
      PQputCopyData(c, chunk.data(), static_cast<int>(chunk.size()));
      PQputCopyEnd(c, nullptr);
      PGresult* res = PQgetResult(c);
      ok = PQresultStatus(res) == PGRES_COMMAND_OK;
      if (!ok) error = std::string("COPY: ") + PQerrorMessage(c);
      PQclear(res);
    }
    load_s = std::chrono::duration<double>(Clock::now() - t0).count();
    t0 = Clock::now();
    ok = ok && exec(c, "SET maintenance_work_mem = '1GB'", error) &&
         exec(c, "CREATE INDEX screen_names_trgm ON screen_names USING gin (name gin_trgm_ops)", error) &&
         exec(c, "VACUUM ANALYZE screen_names", error);
    index_s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<Pg> conns;
    for (int t = 0; ok && t < kPeerThreads; ++t) {
      conns.emplace_back(PQconnectdb(conninfo));
      auto* cc = conns.back().get();
      ok = PQstatus(cc) == CONNECTION_OK && exec(cc, pg_session_settings(), error);
      PGresult* p = ok ? PQprepare(cc, "screen", kPgTrgmQuery, 1, nullptr) : nullptr;
      if (p && PQresultStatus(p) != PGRES_COMMAND_OK) {
        error = std::string("prepare: ") + PQerrorMessage(cc);
        ok = false;
      }
      PQclear(p);
    }
    if (!ok) {
      state.SkipWithError(error.c_str());
      return;
    }
    r = run_peer_queries(w.typos.size(), kPeerThreads, 0.0, [&](int t, std::size_t i) {
      const char* params[1] = {w.typos[i].name.c_str()};
      PGresult* res = PQexecPrepared(conns[t].get(), "screen", 1, params, nullptr, nullptr, 0);
      bool hit = false;
      for (int row = 0; row < PQntuples(res); ++row) {
        if (std::stoll(PQgetvalue(res, row, 0)) == w.typos[i].person) hit = true;
      }
      PQclear(res);
      return hit;
    });
  }
  state.counters["queries_per_s"] = r.first;
  state.counters["recall_at_10"] = r.second;
  state.counters["names"] = static_cast<double>(w.latin.size());
  state.counters["load_s"] = load_s;
  state.counters["index_s"] = index_s;
}
BENCHMARK(BM_PeerPgTrgm)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
