// Notice reviews under store faults: drafting, submitting and approving a
// notice that fails at any write or commit leaves the notice's state, its
// change-log entry and its audit entry as they were, says why, and a retry
// succeeds.
#include <gtest/gtest.h>

#include "notices/notices.hpp"
#include "support/faults.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::notices {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

class NoticesFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "nf.db", {"FRA", "DEU"}); }
  static json red() {
    return {{"type", "red"},
            {"subject",
             {{"names", {{{"full", "Mohammed Abdullah Al-Hassan"}}}},
              {"birth_date", "1985-04-12"},
              {"sex", "M"},
              {"nationalities", {"FRA"}}}},
            {"offence", "trafficking in human beings"},
            {"legal_basis", "Code pénal art. 225-4-1"},
            {"warrant", "MA-2026-0042"}};
  }
  Result<Notice> draft(store::Database& db) {
    ARIADNE_ASSIGN(auto n, parse_notice(red(), db, fra_, Kind::notice));
    return create_notice(db, fra_, std::move(n));
  }
  NoticeStatus status(std::int64_t id) { return find_notice(*db_, id).value()->status; }
  std::string path() const { return dir_.file("nf.db"); }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller fra_{UserId{1}, "fra.officer", "FRA", MemberKind::ncb, Role::officer};
  Caller reviewer_{UserId{4}, "gs.reviewer", "IPSG", MemberKind::secretariat, Role::reviewer};
};

TEST_F(NoticesFaultsTest, ADraftIsAllOrNothing) {
  EXPECT_GE(
      testing::fail_at_every_point(*db_, path(), [&](store::Database& db) { return testing::status_of(draft(db)); }),
      2 * 3 + 1);  // the notice, its change-log and audit entries, the commit
}

TEST_F(NoticesFaultsTest, ASubmissionIsAllOrNothing) {
  std::int64_t id = 0;
  EXPECT_GE(testing::fail_at_every_point(
                *db_, path(), [&](store::Database& db) { return testing::status_of(submit_notice(db, fra_, id)); }, {},
                [&] { id = draft(*db_).value().id; }),
            2 * 3 + 1);
  EXPECT_EQ(status(id), NoticeStatus::submitted);
}

TEST_F(NoticesFaultsTest, AnApprovalIsAllOrNothing) {
  std::int64_t id = 0;
  EXPECT_GE(testing::fail_at_every_point(
                *db_, path(),
                [&](store::Database& db) { return testing::status_of(review_notice(db, reviewer_, id, true, {})); },
                [&](const Error&) { EXPECT_EQ(status(id), NoticeStatus::submitted); },
                [&] {
                  id = draft(*db_).value().id;
                  ASSERT_TRUE(submit_notice(*db_, fra_, id).ok());
                }),
            2 * 3 + 1);
  EXPECT_EQ(status(id), NoticeStatus::published);
}

// Reads take the writer only on the day something expires: the check for
// expired notices looks before it writes.
TEST_F(NoticesFaultsTest, ReadsBeginNoTransactionWhenNothingExpires) {
  auto id = draft(*db_).value().id;
  store::FaultInjectingDatabase faulty(*db_);
  ASSERT_TRUE(get_notice(faulty, fra_, id));
  ASSERT_TRUE(list_notices(faulty, fra_, {}));
  EXPECT_EQ(faulty.commits(), 0);
  EXPECT_EQ(faulty.writes(), 0);
}

}  // namespace
}  // namespace ariadne::notices
