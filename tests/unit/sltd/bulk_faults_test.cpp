// Bulk imports under store faults: a full disk, an I/O error or a failed
// sync at any write or commit undoes the open batch (or group) whole, the
// error names its lines and what stays stored, and the store keeps reading.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "sltd/bulk.hpp"
#include "support/faults.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using policy::Caller;
using policy::MemberKind;
using policy::Role;

class BulkFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "bf.db", {"FRA"}); }
  // `n` records numbered PREFIX0.. on lines 1..n.
  static std::string body(const std::string& prefix, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      out += R"({"number": ")" + prefix + std::to_string(i) +
             R"(", "issuing_state": "FRA", "type": "passport", "status": "stolen"})" + "\n";
    }
    return out;
  }
  std::int64_t stored(const std::string& prefix) {
    return db_->query("SELECT COUNT(*) FROM documents WHERE number LIKE ?", {prefix + "%"})->front().integer(0);
  }
  Status import(store::Database& db, const std::string& prefix, int n, const BulkOptions& o) {
    return testing::status_of(import_documents(db, fra_, std::string_view(body(prefix, n)), o));
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller fra_{UserId{1}, "fra.officer", "FRA", MemberKind::ncb, Role::officer};
  int round_ = 0;
};

// One batch: every failure leaves the store as it was, and names lines 1-5.
TEST_F(BulkFaultsTest, AOneBatchImportFailsWholeAtEveryWrite) {
  for (std::size_t group : {std::size_t{0}, std::size_t{100}}) {
    SCOPED_TRACE("group_records " + std::to_string(group));
    BulkOptions o;
    o.group_records = group;
    const int failures = testing::fail_at_every_point(
        *db_, dir_.file("bf.db"), [&](store::Database& db) { return import(db, "B" + std::to_string(++round_), 5, o); },
        [](const Error& e) {
          EXPECT_NE(e.message.find("lines 1-5, which are not stored"), std::string::npos) << e.message;
          EXPECT_NE(e.message.find("nothing of the import is stored"), std::string::npos) << e.message;
        });
    EXPECT_GE(failures, 5);
  }
}

// Batches commit on their own: a failure in the third keeps the first two,
// stores nothing of the third or later, and the error says so.
TEST_F(BulkFaultsTest, AFailedBatchKeepsTheBatchesBeforeItAndStopsTheImport) {
  BulkOptions o;
  o.batch_size = 2;
  const std::regex lines("stopped at lines ([0-9]+)-([0-9]+)");
  for (auto fault : {store::Fault::disk_full, store::Fault::io_error}) {
    std::set<std::string> failed_batches;
    for (int nth = 1;; ++nth) {
      const std::string prefix = "M" + std::to_string(++round_) + "X";
      store::FaultInjectingDatabase faulty(*db_);
      faulty.inject(fault, nth);
      auto done = import_documents(faulty, fra_, std::string_view(body(prefix, 6)), o);
      if (!faulty.fired()) {
        ASSERT_TRUE(done.ok()) << done.error().message;
        EXPECT_EQ(stored(prefix), 6);
        break;
      }
      ASSERT_FALSE(done.ok());
      const std::string& why = done.error().message;
      EXPECT_NE(why.find(testing::fault_reason(fault)), std::string::npos) << why;
      std::smatch m;
      ASSERT_TRUE(std::regex_search(why, m, lines)) << why;
      const int first = std::stoi(m[1]);
      EXPECT_EQ(std::stoi(m[2]), first + 1) << why;  // one batch of two lines
      failed_batches.insert(m[0]);
      EXPECT_EQ(stored(prefix), first - 1) << why;  // the batches before it, not it or later ones
      if (first > 1) {
        EXPECT_NE(why.find("the " + std::to_string(first - 1) + " records accepted before line " +
                           std::to_string(first) + " are stored"),
                  std::string::npos)
            << why;
      }
      testing::expect_store_sound(*db_, dir_.file("bf.db"));
    }
    EXPECT_EQ(failed_batches.size(), 3U);  // the fault struck in each batch
  }
}

// Groups: a failed group commit undoes every batch of the group, and the
// record read after its last batch (line 9, which ended the group of 4).
TEST_F(BulkFaultsTest, AFailedGroupCommitUndoesTheWholeGroup) {
  BulkOptions o;
  o.batch_size = 2;
  o.group_records = 4;
  store::FaultInjectingDatabase faulty(*db_);
  faulty.inject(store::Fault::fsync, 2, store::FaultPoint::commit);
  auto done = import_documents(faulty, fra_, std::string_view(body("G", 10)), o);
  ASSERT_FALSE(done.ok());
  EXPECT_NE(done.error().message.find("the import stopped at lines 5-9, which are not stored"), std::string::npos)
      << done.error().message;
  EXPECT_NE(done.error().message.find("durable"), std::string::npos) << done.error().message;
  EXPECT_NE(done.error().message.find("the 4 records accepted before line 5 are stored"), std::string::npos)
      << done.error().message;
  EXPECT_EQ(stored("G"), 4);
  testing::expect_store_sound(*db_, dir_.file("bf.db"));
}

// No acknowledgement before durability: the settings a grouped import
// raises for speed leave every commit synced (synchronous=FULL).
TEST_F(BulkFaultsTest, AGroupedImportStillSyncsEveryCommit) {
  BulkOptions o;
  o.batch_size = 2;
  o.group_records = 4;
  std::vector<std::int64_t> during;
  o.on_progress = [&](const BulkProgress&) { during.push_back(db_->query("PRAGMA synchronous")->front().integer(0)); };
  ASSERT_TRUE(import(*db_, "S", 10, o).ok());
  EXPECT_EQ(during, std::vector<std::int64_t>(during.size(), 2));  // FULL
  EXPECT_FALSE(during.empty());
}

}  // namespace
}  // namespace ariadne::sltd
