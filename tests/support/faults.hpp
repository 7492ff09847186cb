// Drives an operation through a FaultInjectingDatabase with a fault at each
// of its writes (or commits) in turn, and checks after every failure that it
// failed whole: the error says why, every table holds what it held before,
// the store still reads (on its connection and on a fresh one) and the audit
// chain verifies.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/fault_injection.hpp"

namespace ariadne::testing {

// What the error of each fault says.
inline std::string fault_reason(store::Fault fault) {
  switch (fault) {
    case store::Fault::disk_full: return "disk full";
    case store::Fault::io_error: return "I/O error";
    case store::Fault::fsync: return "durable";
  }
  return "";
}

inline std::string fault_name(store::Fault fault) {
  switch (fault) {
    case store::Fault::disk_full: return "disk full";
    case store::Fault::io_error: return "I/O error";
    case store::Fault::fsync: return "fsync failure";
  }
  return "";
}

// Every row of every table, in a stable order: equal dumps are equal stores.
inline std::string dump_tables(store::Database& db) {
  std::string out;
  auto tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  if (!tables) return "cannot list tables: " + tables.error().message;
  for (const auto& t : *tables) {
    const std::string name = t.text(0);
    out += "[" + name + "]\n";
    auto rows = db.query("SELECT * FROM \"" + name + "\" ORDER BY 1");
    if (!rows) return "cannot read " + name + ": " + rows.error().message;
    for (const auto& r : *rows) {
      for (std::size_t i = 0; i < r.size(); ++i) out += (r.is_null(i) ? "NULL" : r.text(i)) + "|";
      out += "\n";
    }
  }
  return out;
}

// The store reads on its own connection and on a fresh one, and its audit chain verifies.
inline void expect_store_sound(store::Database& db, const std::string& path) {
  auto same = db.query("SELECT COUNT(*) FROM audit_log");
  ASSERT_TRUE(same.ok()) << same.error().message;
  auto fresh = store::open_database(path);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  auto read = (*fresh)->query("SELECT COUNT(*) FROM audit_log");
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->front().integer(0), same->front().integer(0));
  auto verdict = store::audit_verify(db);
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_TRUE(verdict->intact) << verdict->reason;
}

// The Status of a Result, for operations that return a value.
template <class T>
Status status_of(Result<T> r) {
  if (!r) return r.take_error();
  return {};
}

struct FaultRun {
  int failures = 0;        // attempts the fault made fail
  bool succeeded = false;  // the last attempt, which the fault did not reach, succeeded
  // Each failure's retry and the last attempt succeeded: failures + 1 successes.
};

// Runs `op` with `fault` at its 1st, 2nd, ... write or commit (`point`),
// until an attempt ends without reaching the fault, which must succeed.
// `prepare` runs before each attempt (e.g. makes the pending record it
// decides). After each failure the retry without a fault must succeed, and
// `after` may check more (e.g. the error names the lines of a batch).
inline FaultRun fail_at_each_point(store::Database& db, const std::string& path, store::Fault fault,
                                   store::FaultPoint point, const std::function<Status(store::Database&)>& op,
                                   const std::function<void(const Error&)>& after = {},
                                   const std::function<void()>& prepare = {}) {
  FaultRun run;
  for (int nth = 1; nth < 1000; ++nth) {
    SCOPED_TRACE(fault_name(fault) + " at point " + std::to_string(nth));
    if (prepare) prepare();
    const std::string before = dump_tables(db);
    store::FaultInjectingDatabase faulty(db);
    faulty.inject(fault, nth, point);
    auto done = op(faulty);
    if (!faulty.fired()) {
      EXPECT_TRUE(done.ok()) << done.error().message;
      run.succeeded = done.ok();
      return run;
    }
    ++run.failures;
    EXPECT_FALSE(done.ok()) << "acknowledged although the store failed";
    if (done.ok()) return run;
    EXPECT_EQ(done.error().code, ErrorCode::unavailable) << done.error().message;
    EXPECT_NE(done.error().message.find(fault_reason(fault)), std::string::npos) << done.error().message;
    EXPECT_EQ(dump_tables(db), before) << "a failed operation left a change behind";
    expect_store_sound(db, path);
    if (after) after(done.error());
    auto retry = op(db);
    EXPECT_TRUE(retry.ok()) << "the retry without a fault: " << retry.error().message;
  }
  ADD_FAILURE() << "the operation never ran to its end";
  return run;
}

// fail_at_each_point for each fault: disk full and I/O errors at every write
// and commit, fsync failures at every commit. The number of failures seen.
inline int fail_at_every_point(store::Database& db, const std::string& path,
                               const std::function<Status(store::Database&)>& op,
                               const std::function<void(const Error&)>& after = {},
                               const std::function<void()>& prepare = {}) {
  int failures = 0;
  for (auto [fault, point] : {std::pair{store::Fault::disk_full, store::FaultPoint::write_or_commit},
                              std::pair{store::Fault::io_error, store::FaultPoint::write_or_commit},
                              std::pair{store::Fault::fsync, store::FaultPoint::commit}}) {
    auto run = fail_at_each_point(db, path, fault, point, op, after, prepare);
    EXPECT_TRUE(run.succeeded) << fault_name(fault);
    failures += run.failures;
  }
  return failures;
}

}  // namespace ariadne::testing
