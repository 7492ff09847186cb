// Counts of checks: how many documents each member checked, by minute, so
// that an operation's report can say how many checks its participants made
// during its window. Checks are the hot path: they are counted in memory and
// written in one statement per member and minute every few seconds (and when
// the server stops), never one write per check.
//
// Thread-safety: add() from any thread; flush() from one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::sltd {

// The counts' table (sltd migration 5).
store::Migration sltd_check_counts_migration();

class CheckTally {
 public:
  // `n` checks by `member` now, or in the given unix minute (offline checks uploaded later).
  void add(const std::string& member, std::int64_t n);
  void add(const std::string& member, std::int64_t n, std::int64_t minute);
  // Writes what was counted since the last flush; kept for the next one when the write fails.
  Status flush(store::Database& db);

 private:
  std::mutex mutex_;
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> pending_;  // (member, unix minute) → checks
};

// Checks by member and UTC day within [from, to) (ISO timestamps), of the given members.
struct DailyChecks {
  std::string member;
  std::string day;  // YYYY-MM-DD
  std::int64_t checks = 0;
};
Result<std::vector<DailyChecks>> checks_by_day(store::Database& db, const std::vector<std::string>& members,
                                               const std::string& from, const std::string& to);

// Hits made by the given members within [from, to), by member, UTC day, the
// database that answered (documents: document records; notices: documents of
// published notices) and status.
struct DailyHits {
  std::string member;
  std::string day;
  std::string database;
  std::string status;
  std::int64_t hits = 0;
};
Result<std::vector<DailyHits>> hits_by_day(store::Database& db, const std::vector<std::string>& members,
                                           const std::string& from, const std::string& to);

}  // namespace ariadne::sltd
