#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <optional>
#include <thread>

#include "store/change_log.hpp"
#include "store/database.hpp"
#include "store/dialect.hpp"
#include "store/fault_injection.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::store {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_database(dir_.file("store.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
    auto applied = migrate(*db_, store_migrations());
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    ASSERT_TRUE(db_->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n REAL)").ok());
  }
  std::int64_t count() { return db_->query("SELECT COUNT(*) FROM t", {}).value().front().integer(0); }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(StoreTest, OpensInWalModeWithForeignKeysAndFullSync) {
  EXPECT_EQ(db_->query("PRAGMA journal_mode", {})->front().text(0), "wal");
  EXPECT_EQ(db_->query("PRAGMA foreign_keys", {})->front().integer(0), 1);
  EXPECT_EQ(db_->query("PRAGMA synchronous", {})->front().integer(0), 2);  // FULL
  EXPECT_GT(db_->query("PRAGMA busy_timeout", {})->front().integer(0), 0);
}

// A commit does not copy the WAL into the database (and sync it) itself: a
// thread of the store's does, soon after.
TEST_F(StoreTest, TheWalIsCheckpointedInTheBackgroundNotInACommit) {
  EXPECT_EQ(db_->query("PRAGMA wal_autocheckpoint", {})->front().integer(0), 0);
  const auto file = dir_.file("store.db");
  const auto before = std::filesystem::file_size(file);
  // 8 MiB in one commit: twice what SQLite would checkpoint in the commit by default.
  ASSERT_TRUE(db_->transaction([&]() -> Status {
    for (int i = 0; i < 2048; ++i) {
      ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES (?)", {std::to_string(i) + std::string(4096, 'x')}));
    }
    return {};
  }));
  EXPECT_LT(std::filesystem::file_size(file), before + 1024 * 1024) << "the commit left its pages in the WAL";
  for (int tries = 0; tries < 100 && std::filesystem::file_size(file) < before + 8 * 1024 * 1024; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GE(std::filesystem::file_size(file), before + 8 * 1024 * 1024) << "the background checkpoint copied them";
  EXPECT_EQ(count(), 2048);
}

TEST_F(StoreTest, TypedRowsAndParameters) {
  ASSERT_TRUE(db_->execute("INSERT INTO t (name, n) VALUES (?, ?)", {std::string("a'b"), 1.5}).ok());
  ASSERT_TRUE(db_->execute("INSERT INTO t (name, n) VALUES (?, ?)", {std::string("c"), nullptr}).ok());
  auto rows = db_->query("SELECT id, name, n FROM t ORDER BY id", {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[0].text(1), "a'b");
  EXPECT_DOUBLE_EQ((*rows)[0].real(2), 1.5);
  EXPECT_TRUE((*rows)[1].is_null(2));
  EXPECT_EQ((*rows)[1].opt_text(2), std::nullopt);
  auto returned = db_->query("INSERT INTO t (name) VALUES (?) RETURNING id", {std::string("d")});
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->front().integer(0), 3);
}

TEST_F(StoreTest, InsertRowsGivesEachNewIdAndZeroForRowsNotInserted) {
  ASSERT_TRUE(db_->execute("INSERT INTO t (name) VALUES ('taken')").ok());
  std::string b = "b";
  std::vector<TextParam> params = {TextParam("a"), TextParam("1.5"), TextParam("taken"),
                                   std::nullopt,   TextParam(b),     std::nullopt};
  auto ids = db_->insert_rows("INSERT INTO t (name, n) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", 2, params);
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  ASSERT_EQ(ids->size(), 3U);
  EXPECT_EQ((*ids)[1], 0);  // "taken" was there
  auto rows = db_->query("SELECT id, name, n FROM t WHERE name IN ('a', 'b') ORDER BY name").value();
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ((*ids)[0], rows[0].integer(0));
  EXPECT_EQ(rows[0].real(2), 1.5);
  EXPECT_EQ((*ids)[2], rows[1].integer(0));
  EXPECT_TRUE(rows[1].is_null(2));
  // Values that are not whole rows, a row count the statement does not take, and constraint failures are errors.
  EXPECT_EQ(db_->insert_rows("INSERT INTO t (name) VALUES (?)", 2, {TextParam("x")}).error().code, ErrorCode::internal);
  EXPECT_EQ(db_->insert_rows("INSERT INTO t (name) VALUES (?)", 2, {TextParam("x"), TextParam("y")}).error().code,
            ErrorCode::internal);
  EXPECT_EQ(db_->insert_rows("INSERT INTO t (name) VALUES (?)", 1, {TextParam("a")}).error().code, ErrorCode::conflict);
  // A fault-injecting wrapper counts the call as one write.
  FaultInjectingDatabase faulty(*db_);
  faulty.fail_write(1);
  EXPECT_FALSE(faulty.insert_rows("INSERT INTO t (name) VALUES (?)", 1, {TextParam("z")}).ok());
  EXPECT_EQ(faulty.writes(), 1);
  EXPECT_EQ(count(), 3);
}

TEST_F(StoreTest, WrongParameterCountAndBadSqlAreErrors) {
  auto r = db_->execute("INSERT INTO t (name) VALUES (?)", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::internal);
  EXPECT_FALSE(db_->query("SELECT nope FROM t", {}).ok());
}

TEST_F(StoreTest, ConstraintViolationIsAConflict) {
  ASSERT_TRUE(db_->execute("INSERT INTO t (name) VALUES ('x')", {}).ok());
  auto r = db_->execute("INSERT INTO t (name) VALUES ('x')", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

TEST_F(StoreTest, TransactionCommitsOrRollsBackWhole) {
  auto ok = db_->transaction([&]() -> Status {
    ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('a')", {}));
    ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('b')", {}));
    return {};
  });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(count(), 2);
  auto failed = db_->transaction([&]() -> Status {
    ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('c')", {}));
    ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('a')", {}));  // duplicate
    return {};
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(count(), 2);
  auto thrown = db_->transaction([&]() -> Status {
    ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('d')", {}));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(count(), 2);
  // Anything thrown, not only a std::exception, rolls back and frees the writer.
  auto odd = db_->transaction([&]() -> Status {
    ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('e')", {}));
    throw 42;
  });
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().code, ErrorCode::internal);
  EXPECT_EQ(count(), 2);
  EXPECT_FALSE(db_->in_transaction());
  EXPECT_TRUE(db_->transaction([&]() -> Status { return Status{}; }).ok());
}

TEST_F(StoreTest, NestedTransactionsJoinTheOuterOne) {
  auto failed = db_->transaction([&]() -> Status {
    ARIADNE_TRY(db_->transaction([&]() -> Status {
      return db_->execute("INSERT INTO t (name) VALUES ('in')", {}).ok() ? Status{} : Error::internal("x");
    }));
    EXPECT_TRUE(db_->in_transaction());
    return Error::invalid("", "outer fails");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(count(), 0);
  EXPECT_FALSE(db_->in_transaction());
}

TEST_F(StoreTest, InjectedWriteFailureLeavesNothingHalfStored) {
  FaultInjectingDatabase faulty(*db_);
  faulty.fail_write(3);
  auto r = faulty.transaction([&]() -> Status {
    for (int i = 0; i < 5; ++i) {
      ARIADNE_TRY(faulty.execute("INSERT INTO t (name) VALUES (?)", {"n" + std::to_string(i)}));
    }
    return {};
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(count(), 0);
}

TEST_F(StoreTest, ForEachStreamsAndStopsEarly) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(db_->execute("INSERT INTO t (name) VALUES (?)", {std::to_string(i)}).ok());
  int seen = 0;
  ASSERT_TRUE(db_->for_each("SELECT name FROM t", {}, [&](const Row&) { return ++seen < 4; }).ok());
  EXPECT_EQ(seen, 4);
}

TEST_F(StoreTest, MigrationsRunOnceAndInOrder) {
  std::vector<Migration> ms = {{"demo", 1, "CREATE TABLE demo (id {{id}}, at TEXT DEFAULT ({{now}}))"},
                               {"demo", 2, "ALTER TABLE demo ADD COLUMN note TEXT"}};
  auto first = migrate(*db_, ms);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 2);
  auto again = migrate(*db_, ms);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  ASSERT_TRUE(db_->execute("INSERT INTO demo (note) VALUES ('x')", {}).ok());
  EXPECT_EQ(db_->query("SELECT at FROM demo", {})->front().text(0).size(), 24U);
}

TEST_F(StoreTest, FailedMigrationIsNotRecorded) {
  std::vector<Migration> ms = {{"bad", 1, "CREATE TABLE good (x INT); CREATE TABLE t (dup INT)"}};
  ASSERT_FALSE(migrate(*db_, ms).ok());
  EXPECT_TRUE(db_->query("SELECT * FROM schema_migrations WHERE module = 'bad'", {})->empty());
  EXPECT_FALSE(db_->query("SELECT * FROM good", {}).ok());
}

TEST_F(StoreTest, ChangeLogFollowsCommittedChangesOnly) {
  ASSERT_TRUE(db_->transaction([&]() -> Status {
                   ARIADNE_TRY(append_change(*db_, "t", "1", "insert"));
                   return append_change(*db_, "t", "1", "update");
                 })
                  .ok());
  (void)db_->transaction([&]() -> Status {
    ARIADNE_TRY(append_change(*db_, "t", "2", "insert"));
    return Error::invalid("", "rolled back");
  });
  EXPECT_FALSE(append_change(*db_, "t", "3", "insert").ok());  // outside a transaction
  auto changes = changes_since(*db_, 0);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 2U);
  EXPECT_EQ((*changes)[1].op, "update");
  EXPECT_EQ(*last_change_seq(*db_), (*changes)[1].seq);
  EXPECT_TRUE(changes_since(*db_, (*changes)[1].seq)->empty());
}

TEST_F(StoreTest, ManyChangesGoInOrderThroughMultiRowInserts) {
  std::vector<std::string> ids;
  for (int i = 1; i <= 100; ++i) ids.push_back(std::to_string(i));  // chunks of 64, 32 and 4
  EXPECT_FALSE(append_changes(*db_, "t", ids, "insert").ok());      // outside a transaction
  ASSERT_TRUE(db_->transaction([&]() -> Status { return append_changes(*db_, "t", ids, "insert"); }).ok());
  auto changes = changes_since(*db_, 0, 1000);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 100U);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ((*changes)[i].record_id, ids[i]);
    EXPECT_EQ((*changes)[i].table, "t");
    if (i) {
      EXPECT_GT((*changes)[i].seq, (*changes)[i - 1].seq);
    }
  }
  ASSERT_TRUE(db_->transaction([&]() -> Status { return append_changes(*db_, "t", {}, "delete"); }).ok());
  EXPECT_EQ(changes_since(*db_, 0, 1000)->size(), 100U);
}

TEST_F(StoreTest, InTransactionIsTheCallingThreadsOwn) {
  // append_change relies on it: a thread outside any transaction must not see
  // another thread's transaction as its own.
  std::optional<bool> other;
  auto ok = db_->transaction([&]() -> Status {
    std::thread t([&] { other = db_->in_transaction(); });
    t.join();
    EXPECT_TRUE(db_->in_transaction());
    return {};
  });
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(*other);
}

// A write transaction held open (as a commit waiting on fsync is) must not
// stall reads of other threads: they see the last committed state at once.
TEST_F(StoreTest, ReadsOfOtherThreadsNeitherWaitForNorSeeAnOpenTransaction) {
  ASSERT_TRUE(db_->execute("INSERT INTO t (name) VALUES ('committed')").ok());
  std::promise<void> inside;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::thread writer([&] {
    auto done = db_->transaction([&]() -> Status {
      ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('pending')"));
      inside.set_value();
      released.wait();
      return {};
    });
    EXPECT_TRUE(done.ok());
  });
  inside.get_future().wait();
  auto read = std::async(std::launch::async, [&] { return count(); });
  bool answered = read.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  release.set_value();
  writer.join();
  ASSERT_TRUE(answered) << "a read waited for another thread's open transaction";
  EXPECT_EQ(read.get(), 1);  // the pending row is not visible before its commit
  EXPECT_EQ(count(), 2);     // and is once committed
}

TEST_F(StoreTest, ReadsInsideATransactionSeeItsOwnWrites) {
  auto done = db_->transaction([&]() -> Status {
    ARIADNE_TRY(db_->execute("INSERT INTO t (name) VALUES ('mine')"));
    EXPECT_EQ(count(), 1);
    std::int64_t streamed = 0;
    ARIADNE_TRY(db_->for_each("SELECT name FROM t", {}, [&](const Row&) { return ++streamed > 0; }));
    EXPECT_EQ(streamed, 1);
    return {};
  });
  ASSERT_TRUE(done.ok());
}

TEST_F(StoreTest, AReadersCallbackMayReadAndWriteAgain) {
  ASSERT_TRUE(db_->execute("INSERT INTO t (name) VALUES ('a'), ('b')").ok());
  int seen = 0;
  auto done = db_->for_each("SELECT name FROM t ORDER BY name", {}, [&](const Row& r) {
    EXPECT_TRUE(db_->execute("UPDATE t SET n = 1 WHERE name = ?", {r.text(0)}).ok());
    EXPECT_EQ(count(), 2);
    ++seen;
    return true;
  });
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(db_->query("SELECT COUNT(*) FROM t WHERE n = 1")->front().integer(0), 2);
}

TEST(MultiRow, ValuesListsAndChunks) {
  EXPECT_EQ(values_rows(1, 3), "(?, ?, ?)");
  EXPECT_EQ(values_rows(2, 1), "(?), (?)");
  EXPECT_EQ(multi_row_chunk(1000), 64U);
  EXPECT_EQ(multi_row_chunk(64), 64U);
  EXPECT_EQ(multi_row_chunk(63), 32U);
  EXPECT_EQ(multi_row_chunk(5), 4U);
  EXPECT_EQ(multi_row_chunk(1), 1U);
}

TEST(Dialect, ExpandsTokensAndPlaceholders) {
  EXPECT_EQ(expand_dialect(Dialect::sqlite, "id {{id}}"), "id INTEGER PRIMARY KEY AUTOINCREMENT");
  EXPECT_NE(expand_dialect(Dialect::postgresql, "id {{id}}").find("IDENTITY"), std::string::npos);
  EXPECT_EQ(numbered_placeholders("a = ? AND b = '?' AND c = ?"), "a = $1 AND b = '?' AND c = $2");
}

TEST(OpenDatabase, RejectsGarbageFilesAndUnknownBackends) {
  testing::TempDir dir;
  {
    FILE* f = std::fopen(dir.file("junk.db").c_str(), "wb");
    std::fputs("this is not a database at all, just some text that is long enough to look like a header", f);
    std::fclose(f);
  }
  EXPECT_FALSE(open_database(dir.file("junk.db")).ok());
  EXPECT_FALSE(open_database("").ok());
  EXPECT_FALSE(open_database(dir.file("missing-dir/x.db")).ok());
  auto pg = open_database("postgresql://localhost/x");
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.error().code, ErrorCode::unsupported);
}

TEST(ChangeLog, ChangedIdsAreDistinctPerTableAndRejectMalformedIds) {
  std::vector<Change> changes = {{1, "", "notices", "7", "insert"},
                                 {2, "", "documents", "7", "insert"},
                                 {3, "", "notices", "7", "update"},
                                 {4, "", "notices", "12", "update"}};
  auto ids = changed_ids(changes, "notices");
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, (std::set<std::int64_t>{7, 12}));
  changes.push_back({5, "", "notices", "x9", "update"});
  auto bad = changed_ids(changes, "notices");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::internal);
  EXPECT_EQ(changed_ids(changes, "documents")->size(), 1u);
}

}  // namespace
}  // namespace ariadne::store
