// Store faults: a full disk, I/O errors, a failed sync and a read-only
// database give a clear unavailable error (never an internal one or an
// acknowledgement), leave nothing half-stored, and leave the store readable.
#include <gtest/gtest.h>

#include "common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/fault_injection.hpp"
#include "store/migrations.hpp"
#include "support/faults.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::store {
namespace {

class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = open_database(path()).value();
    ASSERT_TRUE(migrate(*db_, store_migrations()).ok());
    ASSERT_TRUE(
        db_->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, blob TEXT)").ok());
  }
  std::string path() const { return dir_.file("faults.db"); }
  std::int64_t count() { return db_->query("SELECT COUNT(*) FROM t")->front().integer(0); }
  // Three rows and their audit entry in one transaction, as a domain write does.
  Status write_three(Database& db, const std::string& prefix) {
    return db.transaction([&]() -> Status {
      ARIADNE_TRY(db.execute("INSERT INTO t (name) VALUES (?)", {prefix + "1"}));
      ARIADNE_TRY(db.query("INSERT INTO t (name) VALUES (?) RETURNING id", {prefix + "2"}));
      ARIADNE_TRY(db.insert_rows("INSERT INTO t (name) VALUES (?)", 1, {TextParam(prefix + "3")}));
      ARIADNE_TRY(audit_append(db, {"alice", "FRA", "t.create", "t:" + prefix, "ok", ""}));
      return {};
    });
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(FaultsTest, EachFaultIsUnavailableAndSaysWhy) {
  for (auto fault : {Fault::disk_full, Fault::io_error, Fault::fsync}) {
    const Error e = fault_error(fault);
    EXPECT_EQ(e.code, ErrorCode::unavailable) << e.message;
    EXPECT_EQ(http_status(e.code), 503);
    EXPECT_NE(e.message.find(testing::fault_reason(fault)), std::string::npos) << e.message;
  }
  EXPECT_NE(fault_error(Fault::disk_full).message.find("database or disk is full"), std::string::npos);
}

// A real SQLITE_FULL (the database at its page limit) gives the very error
// the wrapper injects, and the store writes again once there is room.
TEST_F(FaultsTest, ARealFullDatabaseIsReportedAsDiskFull) {
  ASSERT_TRUE(db_->execute("INSERT INTO t (name) VALUES ('before')", {}).ok());
  const auto pages = db_->query("PRAGMA page_count")->front().integer(0);
  ASSERT_TRUE(db_->execute_script("PRAGMA max_page_count=" + std::to_string(pages)).ok());
  auto full = db_->execute("INSERT INTO t (name, blob) VALUES ('big', ?)", {std::string(64 * 1024, 'x')});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::unavailable);
  EXPECT_EQ(full.error().message, fault_error(Fault::disk_full).message);
  EXPECT_EQ(full.error().message.find(dir_.path().string()), std::string::npos);  // no file path
  EXPECT_EQ(count(), 1);
  testing::expect_store_sound(*db_, path());
  ASSERT_TRUE(db_->execute_script("PRAGMA max_page_count=1073741823").ok());
  EXPECT_TRUE(db_->execute("INSERT INTO t (name, blob) VALUES ('big', ?)", {std::string(64 * 1024, 'x')}).ok());
}

// SQLite rolls the whole transaction back on a full disk: a caller that goes
// on after the failure (taking it for a rejected entry) must not store the
// rest on its own, outside any transaction.
TEST_F(FaultsTest, NothingRunsAfterSQLiteRolledTheTransactionBack) {
  Status later;
  auto done = db_->transaction([&]() -> Status {
    ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('a')", {}));
    const auto pages = db_->query("PRAGMA page_count")->front().integer(0);
    ARIADNE_TRY(db_->execute_script("PRAGMA max_page_count=" + std::to_string(pages)));
    auto full = db_->execute("INSERT INTO t (name, blob) VALUES ('big', ?)", {std::string(64 * 1024, 'x')});
    EXPECT_FALSE(full.ok());
    (void)db_->execute_script("PRAGMA max_page_count=1073741823");
    later = testing::status_of(db_->execute("INSERT INTO t (name) VALUES ('c')", {}));
    return {};  // and even reports success
  });
  ASSERT_TRUE(db_->execute_script("PRAGMA max_page_count=1073741823").ok());
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, ErrorCode::unavailable);
  EXPECT_NE(later.error().message.find("rolled the transaction back"), std::string::npos) << later.error().message;
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, ErrorCode::unavailable) << done.error().message;
  EXPECT_EQ(count(), 0);  // neither 'a' nor 'c'
  EXPECT_TRUE(db_->execute("INSERT INTO t (name) VALUES ('c')", {}).ok());
}

TEST_F(FaultsTest, AWriteToAReadOnlyDatabaseSaysSo) {
  ASSERT_TRUE(db_->execute_script("PRAGMA query_only=1").ok());
  auto refused = db_->execute("INSERT INTO t (name) VALUES ('x')", {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_NE(refused.error().message.find("read-only"), std::string::npos) << refused.error().message;
  EXPECT_EQ(refused.error().message.find(dir_.path().string()), std::string::npos);
  EXPECT_EQ(count(), 0);
  ASSERT_TRUE(db_->execute_script("PRAGMA query_only=0").ok());
  EXPECT_TRUE(db_->execute("INSERT INTO t (name) VALUES ('x')", {}).ok());
}

TEST_F(FaultsTest, WritesAreStatementsThatChangeData) {
  EXPECT_TRUE(statement_writes("INSERT INTO t VALUES (1)"));
  EXPECT_TRUE(statement_writes("  update t SET name = 'a'"));
  EXPECT_TRUE(statement_writes("DELETE FROM t"));
  EXPECT_TRUE(statement_writes("REPLACE INTO t VALUES (1)"));
  EXPECT_FALSE(statement_writes("SELECT * FROM t"));
  EXPECT_FALSE(statement_writes("WITH x AS (SELECT 1) SELECT * FROM x"));
  EXPECT_FALSE(statement_writes("PRAGMA journal_mode"));
  EXPECT_FALSE(statement_writes("INSERTED"));

  FaultInjectingDatabase faulty(*db_);
  ASSERT_TRUE(write_three(faulty, "a").ok());
  EXPECT_EQ(faulty.commits(), 1);
  const int writes = faulty.writes();
  EXPECT_GE(writes, 4);  // the three rows and the audit entry at least
  ASSERT_TRUE(faulty.query("SELECT COUNT(*) FROM t", {}).ok());
  EXPECT_EQ(faulty.writes(), writes);  // a SELECT is no write
}

TEST_F(FaultsTest, AWritingQueryAndACommitFailAsWritesDo) {
  FaultInjectingDatabase faulty(*db_);
  faulty.inject(Fault::disk_full, 2, FaultPoint::write);  // the INSERT ... RETURNING
  auto failed = write_three(faulty, "a");
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(faulty.fired());
  EXPECT_EQ(failed.error().message, fault_error(Fault::disk_full).message);
  EXPECT_EQ(faulty.commits(), 0);
  EXPECT_EQ(count(), 0);

  faulty.inject(Fault::io_error, 1, FaultPoint::commit);
  failed = write_three(faulty, "b");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, fault_error(Fault::io_error).message);
  EXPECT_EQ(count(), 0);
}

// No acknowledgement before durability: a commit whose sync fails answers an
// error, and neither this connection nor a fresh one sees the change.
TEST_F(FaultsTest, AFailedSyncAtCommitAcknowledgesNothing) {
  FaultInjectingDatabase faulty(*db_);
  faulty.inject(Fault::fsync, 1, FaultPoint::commit);
  auto failed = write_three(faulty, "a");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::unavailable);
  EXPECT_NE(failed.error().message.find("durable"), std::string::npos) << failed.error().message;
  EXPECT_EQ(count(), 0);
  auto fresh = open_database(path()).value();
  EXPECT_EQ(fresh->query("SELECT COUNT(*) FROM t")->front().integer(0), 0);
  EXPECT_EQ(fresh->query("SELECT COUNT(*) FROM audit_log")->front().integer(0), 0);
  EXPECT_TRUE(write_three(faulty, "a").ok());  // the retry, the fault spent
  EXPECT_EQ(fresh->query("SELECT COUNT(*) FROM t")->front().integer(0), 3);
}

TEST_F(FaultsTest, AFaultAtEveryWriteAndCommitLeavesNothingHalfStored) {
  FaultInjectingDatabase counting(*db_);
  ASSERT_TRUE(write_three(counting, "c").ok());
  int round = 0;
  const int failures = testing::fail_at_every_point(
      *db_, path(), [&](Database& db) { return write_three(db, "r" + std::to_string(round++) + "-"); });
  // Disk full and I/O errors at every write and the commit; the sync at the commit.
  EXPECT_EQ(failures, 2 * (counting.writes() + 1) + 1);
  EXPECT_EQ(count(), 3 + 3 * (failures + 3));  // each failure's retry and each fault's last attempt
}

}  // namespace
}  // namespace ariadne::store
