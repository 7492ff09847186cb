// Hits under store faults: recording or deciding a hit that fails at any
// write or commit leaves no hit row, no notification and no audit entry
// (and no decision), says why, and a retry succeeds.
#include <gtest/gtest.h>

#include "exchange/notifications.hpp"
#include "sltd/documents.hpp"
#include "sltd/hits.hpp"
#include "support/faults.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

class HitsFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::member_store(dir_, "h.db", {"FRA", "DEU"});
    auto doc =
        parse_new_document(
            {{"number", "15AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}, {"status", "stolen"}}, *db_, fra_)
            .value();
    document_ = create_document(*db_, fra_, std::move(doc)).value().id;
  }
  // DEU checks FRA's document: the hit FRA is told about.
  Result<Hit> record(store::Database& db) {
    HitInput in;
    in.document = document_;
    in.owner = "FRA";
    in.summary = "FRA passport 15AB12345";
    in.presented = {{"number", "15AB12345"}, {"issuing_state", "FRA"}};
    return record_hit(db, deu_, in);
  }
  std::int64_t count(const char* table) {
    return db_->query(std::string("SELECT COUNT(*) FROM ") + table)->front().integer(0);
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller fra_{UserId{1}, "fra.officer", "FRA", MemberKind::ncb, Role::officer};
  Caller deu_{UserId{2}, "deu.officer", "DEU", MemberKind::ncb, Role::officer};
  DocumentId document_;
};

TEST_F(HitsFaultsTest, ARecordedHitIsAllOrNothing) {
  const int failures = testing::fail_at_every_point(
      *db_, dir_.file("h.db"), [&](store::Database& db) { return testing::status_of(record(db)); });
  EXPECT_GE(failures, 2 * 4 + 1);  // the hit, its audit entry (two writes) and notification, the commit
  // A hit and its notification for each failure's retry and each fault's last attempt.
  EXPECT_EQ(count("hits"), failures + 3);
  EXPECT_EQ(exchange::list_notifications(*db_, "FRA").value().size(), static_cast<std::size_t>(failures + 3));
}

TEST_F(HitsFaultsTest, ADecisionIsAllOrNothing) {
  std::int64_t pending = 0;
  const int failures = testing::fail_at_every_point(
      *db_, dir_.file("h.db"),
      [&](store::Database& db) {
        return testing::status_of(decide_hit(db, fra_, pending, HitStatus::confirmed, std::string("seized")));
      },
      {}, [&] { pending = record(*db_).value().id; });
  EXPECT_GE(failures, 2 * 4 + 1);  // the decision, its audit entry and DEU's notification, the commit
  EXPECT_EQ(list_hits(*db_, deu_, {HitStatus::confirmed, 0, 100}).value().size(),
            static_cast<std::size_t>(failures + 3));
  EXPECT_TRUE(list_hits(*db_, deu_, {HitStatus::pending, 0, 100}).value().empty());
}

}  // namespace
}  // namespace ariadne::sltd
