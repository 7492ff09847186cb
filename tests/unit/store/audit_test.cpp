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

TEST(AuditObjects, IdListsNameEveryIdInRanges) {
  EXPECT_EQ(object_ids("document", {7}), "document:7");
  EXPECT_EQ(object_ids("document", {5, 7, 8, 9, 12}), "document:5,7-9,12");
  EXPECT_TRUE(object_names("document:5,7-9,12", "document:8"));
  EXPECT_TRUE(object_names("document:5,7-9,12", "document:12"));
  EXPECT_TRUE(object_names("document:5,7-9,12", "document:5"));
  EXPECT_FALSE(object_names("document:5,7-9,12", "document:6"));
  EXPECT_FALSE(object_names("document:5,7-9,12", "document:13"));
  EXPECT_FALSE(object_names("document:5,7-9,12", "notice:8"));
  EXPECT_FALSE(object_names("document:7-9", "document:"));
  EXPECT_TRUE(object_names("user:alice", "user:alice"));
  EXPECT_FALSE(object_names("user:alice", "user:bob"));
}

TEST_F(AuditTest, AnEntryForManyRecordsIsFoundByEachOfThem) {
  ASSERT_TRUE(
      audit_append(*db_, {"bob", "DEU", "document.bulk_create", "document:100-120,130", "ok", "22 documents"}).ok());
  ASSERT_TRUE(audit_append(*db_, {"bob", "DEU", "document.read", "document:110", "ok", ""}).ok());
  AuditQuery q;
  q.object = "document:110";
  auto entries = audit_list(*db_, q).value();
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_EQ(entries[0].record.action, "document.bulk_create");
  EXPECT_EQ(entries[1].record.action, "document.read");
  q.limit = 1;  // the limit counts matching entries
  ASSERT_EQ(audit_list(*db_, q)->size(), 1U);
  q.limit = 100;
  q.object = "document:130";
  EXPECT_EQ(audit_list(*db_, q)->size(), 1U);
  q.object = "document:125";
  EXPECT_TRUE(audit_list(*db_, q)->empty());
  q.object = "document:3";  // one of the single entries, not the list
  ASSERT_EQ(audit_list(*db_, q)->size(), 1U);
  EXPECT_EQ(audit_list(*db_, q)->front().seq, 3);
  EXPECT_TRUE(verify().intact);
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
