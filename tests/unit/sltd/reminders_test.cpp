#include "sltd/reminders.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/jobs.hpp"
#include "app/schema.hpp"
#include "policy/accounts.hpp"
#include "sltd/index.hpp"
#include "store/audit.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

class RemindersTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "r.db", {"FRA", "DEU"}); }
  Document create(const std::string& number, const std::optional<std::string>& review_on = std::nullopt) {
    json body = {{"number", number}, {"issuing_state", "FRA"}, {"type", "passport"}, {"status", "stolen"}};
    if (review_on) body["review_on"] = *review_on;
    auto doc = parse_new_document(body, *db_, fra_);
    EXPECT_TRUE(doc.ok()) << doc.error().message;
    return create_document(*db_, fra_, std::move(doc).value()).value();
  }
  void set_review(const Document& d, const std::string& day) {
    ASSERT_TRUE(db_->execute("UPDATE documents SET review_on = ? WHERE id = ?", {day, d.id.value}).ok());
  }
  std::vector<std::string> told(const std::string& member) {
    std::vector<std::string> objects;
    for (const auto& r :
         db_->query("SELECT object FROM notifications WHERE member = ? AND kind = 'document.review' ORDER BY id",
                    {member})
             .value()) {
      objects.push_back(r.text(0));
    }
    return objects;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller fra_{UserId{1}, "alice", "FRA", MemberKind::ncb, Role::officer};
  Caller deu_{UserId{2}, "bernd", "DEU", MemberKind::ncb, Role::officer};
  Date today_ = today_utc();
};

TEST_F(RemindersTest, OwnersAreToldOnceWhenTheReviewDateIsNearOrPast) {
  auto fresh = create("A1111111");  // ten years ahead: nothing to say
  auto soon = create("B2222222", add_days(today_, kReviewReminderDays).iso());
  auto later = create("C3333333", add_days(today_, kReviewReminderDays + 1).iso());
  auto past = create("D4444444");
  set_review(past, add_days(today_, -3).iso());
  EXPECT_EQ(*remind_reviews(*db_, today_), 2);
  auto objects = told("FRA");
  EXPECT_EQ(objects, (std::vector<std::string>{"document:" + std::to_string(soon.id.value),
                                               "document:" + std::to_string(past.id.value)}));
  EXPECT_EQ(*remind_reviews(*db_, today_), 0) << "once per record and review date";
  EXPECT_EQ(*remind_reviews(*db_, add_days(today_, 1)), 1) << "the next day, the later one is due";
  EXPECT_TRUE(told("DEU").empty());
  (void)fresh;
  (void)later;
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(RemindersTest, RenewalRestoresMatchingAndEarnsANewReminderLater) {
  auto d = create("D4444444");
  set_review(d, add_days(today_, -3).iso());
  auto index = DocumentIndex::build(*db_).value();
  EXPECT_TRUE(index->find({"D4444444", "FRA", TypeClass::passport, false}, today_epoch_day()).empty())
      << "past its review date the record does not match";
  EXPECT_EQ(*remind_reviews(*db_, today_), 1);

  EXPECT_EQ(renew_document(*db_, deu_, d.id).error().code, ErrorCode::forbidden) << "only the owner renews";
  auto renewed = renew_document(*db_, fra_, d.id);
  ASSERT_TRUE(renewed.ok()) << renewed.error().message;
  EXPECT_EQ(renewed->review_on, add_years(today_, kReviewYears).iso());
  ASSERT_TRUE(index->follow(*db_).ok());
  EXPECT_EQ(index->find({"D4444444", "FRA", TypeClass::passport, false}, today_epoch_day()).size(), 1U);

  EXPECT_EQ(*remind_reviews(*db_, today_), 0);
  EXPECT_EQ(*remind_reviews(*db_, add_years(today_, kReviewYears)), 1) << "the new date gets its own reminder";
}

TEST_F(RemindersTest, TheJobRunsEveryReminderAndExpiry) {
  auto d = create("D4444444");
  set_review(d, add_days(today_, -3).iso());
  auto first = app::run_reminders(*db_, today_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->document_reviews, 1);
  EXPECT_EQ(app::to_json(*first),
            json({{"expired_notices", 0}, {"document_reviews", 1}, {"notice_expiries", 0}, {"overdue_hits", 0}}));
  EXPECT_EQ(app::run_reminders(*db_, today_)->document_reviews, 0);
}

}  // namespace
}  // namespace ariadne::sltd
