#include "store/audit.hpp"

#include <gtest/gtest.h>

#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::store {
namespace {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = open_database(dir_.file("audit.db")).value();
    ASSERT_TRUE(migrate(*db_, store_migrations()).ok());
    for (int i = 1; i <= 6; ++i) {
      auto e = audit_append(*db_, {"alice", "FRA", "document.create", "document:" + std::to_string(i), "ok", ""});
      ASSERT_TRUE(e.ok());
      ASSERT_EQ(e->seq, i);
    }
  }
  AuditVerdict verify() {
    auto v = audit_verify(*db_);
    EXPECT_TRUE(v.ok());
    return *v;
  }
  void sql(const std::string& s) { ASSERT_TRUE(db_->execute_script(s).ok()) << s; }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(AuditTest, IntactChainVerifies) {
  auto v = verify();
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.entries, 6);
  EXPECT_FALSE(v.first_bad_seq);
}

TEST_F(AuditTest, ABulkAppendChainsEveryEntry) {
  std::vector<AuditRecord> records;
  for (int i = 0; i < 150; ++i) {  // several multi-row inserts
    records.push_back({"bob", "DEU", "document.create", "document:" + std::to_string(100 + i), "ok", "DEU X"});
  }
  ASSERT_TRUE(audit_append_all(*db_, records).ok());
  auto v = verify();
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.entries, 156);
  auto last = db_->query("SELECT seq, object FROM audit_log ORDER BY seq DESC LIMIT 1").value();
  EXPECT_EQ(last.front().integer(0), 156);
  EXPECT_EQ(last.front().text(1), "document:249");
  sql("UPDATE audit_log SET detail = 'DEU Y' WHERE seq = 100");
  EXPECT_EQ(verify().first_bad_seq, 100);
}

TEST_F(AuditTest, EmptyChainVerifies) {
  testing::TempDir dir;
  auto db = open_database(dir.file("empty.db")).value();
  ASSERT_TRUE(migrate(*db, store_migrations()).ok());
  auto v = audit_verify(*db);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact);
  EXPECT_EQ(v->entries, 0);
}

TEST_F(AuditTest, EditedEntryIsNamed) {
  sql("UPDATE audit_log SET username = 'mallory' WHERE seq = 3");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 3);
  EXPECT_NE(v.reason.find("altered"), std::string::npos) << v.reason;
}

TEST_F(AuditTest, DeletedEntryIsNamed) {
  sql("DELETE FROM audit_log WHERE seq = 4");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 4);
  EXPECT_NE(v.reason.find("missing"), std::string::npos) << v.reason;
}

TEST_F(AuditTest, InsertedEntryIsNamed) {
  // A forged entry slotted between 2 and 3: later entries renumbered to make room.
  sql("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3; UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103;"
      "INSERT INTO audit_log SELECT 3, at, 'mallory', member, action, 'document:99', outcome, detail, hash, "
      "hash FROM audit_log WHERE seq = 2");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 3);
}

TEST_F(AuditTest, ReorderedEntriesAreNamed) {
  sql("UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 5;"
      "UPDATE audit_log SET seq = 5 WHERE seq = -1");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST_F(AuditTest, TruncatedTailIsDetectedThroughTheHead) {
  sql("DELETE FROM audit_log WHERE seq >= 5");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 5);
}

TEST_F(AuditTest, AppendedForgeryIsDetected) {
  sql("INSERT INTO audit_log SELECT 7, at, username, member, action, object, outcome, detail, hash, "
      "'0000' FROM audit_log WHERE seq = 6");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 7);
}

TEST_F(AuditTest, EntryRollsBackWithItsTransaction) {
  (void)db_->transaction([&]() -> Status {
    EXPECT_TRUE(audit_append(*db_, {"bob", "DEU", "document.delete", "document:1", "ok", ""}).ok());
    return Error::invalid("", "the change failed");
  });
  auto v = verify();
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.entries, 6);
}

TEST_F(AuditTest, CanonicalFormAndHashAreStable) {
  AuditRecord r{"alice", "FRA", "login", "user:alice", "ok", "x"};
  auto canonical = audit_canonical(1, "2026-01-01T00:00:00.000Z", r);
  EXPECT_EQ(canonical,
            R"({"action":"login","at":"2026-01-01T00:00:00.000Z","detail":"x","member":"FRA","object":"user:alice",)"
            R"("outcome":"ok","seq":1,"user":"alice"})");
  EXPECT_EQ(audit_hash("", "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(AuditTest, ListFilters) {
  AuditQuery q;
  q.object = "document:2";
  auto entries = audit_list(*db_, q);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1U);
  EXPECT_EQ(entries->front().seq, 2);
  q = AuditQuery{};
  q.after_seq = 4;
  EXPECT_EQ(audit_list(*db_, q)->size(), 2U);
}

}  // namespace
}  // namespace ariadne::store
