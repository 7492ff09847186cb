#include "notices/notices.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/schema.hpp"
#include "common/time.hpp"
#include "policy/accounts.hpp"
#include "store/audit.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::notices {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

class NoticesTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "n.db", {"FRA", "DEU", "ITA", "SYR"}); }
  static json red() {
    return {{"type", "red"},
            {"subject",
             {{"names", {{{"full", "محمد عبد الله الحسن"}}, {{"full", "Mohammed Abdullah Al-Hassan"}}}},
              {"birth_date", "1985-04-12"},
              {"sex", "M"},
              {"nationalities", {"SYR"}}}},
            {"offence", "trafficking in human beings"},
            {"legal_basis", "Code pénal art. 225-4-1"},
            {"warrant", "MA-2026-0042"}};
  }
  // A yellow notice on a missing child: its subject is a victim.
  static json victim(const json& restriction) {
    return {{"type", "yellow"},
            {"subject", {{"names", {{{"full", "Amina Yusuf"}}}}, {"victim", true}, {"birth_date", "2011"}}},
            {"disappeared_on", "2026-04-11"},
            {"disappeared_place", "Sebha"},
            {"restriction", restriction}};
  }
  Result<Notice> draft(const Caller& c, const json& body) {
    ARIADNE_ASSIGN(auto n, parse_notice(body, *db_, c, Kind::notice));
    return create_notice(*db_, c, std::move(n));
  }
  Notice published(const json& body) {
    auto n = draft(fra_, body).value();
    EXPECT_TRUE(submit_notice(*db_, fra_, n.id).ok());
    return review_notice(*db_, reviewer_, n.id, true, {}).value();
  }
  std::vector<std::int64_t> listed(const Caller& c, NoticeQuery q = {}) {
    std::vector<std::int64_t> ids;
    for (const auto& v : list_notices(*db_, c, q).value()) ids.push_back(v.notice.id);
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller fra_{UserId{1}, "fra.officer", "FRA", MemberKind::ncb, Role::officer};
  Caller deu_{UserId{2}, "deu.officer", "DEU", MemberKind::ncb, Role::officer};
  Caller ita_{UserId{3}, "ita.officer", "ITA", MemberKind::ncb, Role::officer};
  Caller reviewer_{UserId{4}, "gs.reviewer", "IPSG", MemberKind::secretariat, Role::reviewer};
};

TEST_F(NoticesTest, RedNoticeGoesThroughReviewToPublication) {
  auto n = draft(fra_, red());
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->status, NoticeStatus::draft);
  EXPECT_EQ(n->subject->names[0].script, "Arab");
  EXPECT_EQ(listed(deu_), std::vector<std::int64_t>{});  // drafts stay with the owner
  auto submitted = submit_notice(*db_, fra_, n->id);
  ASSERT_TRUE(submitted.ok()) << submitted.error().message;
  EXPECT_EQ(submitted->status, NoticeStatus::submitted);
  EXPECT_EQ(listed(reviewer_), std::vector<std::int64_t>{n->id});
  EXPECT_EQ(listed(deu_), std::vector<std::int64_t>{});
  auto approved = review_notice(*db_, reviewer_, n->id, true, {});
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->status, NoticeStatus::published);
  EXPECT_EQ(approved->expires_on, add_years(today_utc(), 5).iso());
  EXPECT_EQ(listed(deu_), std::vector<std::int64_t>{n->id});
  for (const char* action : {"notice.create", "notice.submit", "notice.approve"}) {
    EXPECT_EQ(store::audit_list(*db_, {std::nullopt, std::nullopt, std::string(action), std::nullopt, 0, 10})->size(),
              1U)
        << action;
  }
}

TEST_F(NoticesTest, ComplianceNamesWhatEachColourLacks) {
  auto n = draft(fra_, {{"type", "red"}, {"subject", {{"names", {{{"full", "Ali Hassan"}}}}}}}).value();
  auto s = submit_notice(*db_, fra_, n.id);
  ASSERT_FALSE(s.ok());
  std::set<std::string> fields;
  for (const auto& f : s.error().fields) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"subject", "offence", "legal_basis", "warrant"}));
  auto yellow = draft(fra_, {{"type", "yellow"}, {"subject", {{"names", {{{"full", "Amina B."}}}}}}}).value();
  auto y = submit_notice(*db_, fra_, yellow.id);
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.error().fields.size(), 2U);  // date and place of disappearance
  auto purple = draft(fra_, {{"type", "purple"}, {"modus_operandi", "recruitment through fake job offers"}}).value();
  EXPECT_TRUE(submit_notice(*db_, fra_, purple.id).ok());  // no subject needed
  EXPECT_EQ(get_notice(*db_, fra_, n.id)->notice.status, NoticeStatus::draft);
}

TEST_F(NoticesTest, ReviewerFlagsPossiblePoliticalCharacter) {
  json body = red();
  body["offence"] = "organising a political protest";
  auto n = draft(fra_, body).value();
  auto s = submit_notice(*db_, fra_, n.id).value();
  ASSERT_EQ(s.flags.size(), 2U);
  EXPECT_NE(s.flags[0].find("political"), std::string::npos);
}

TEST_F(NoticesTest, OnlySecretariatReviewersOfAnotherMemberReview) {
  auto n = draft(fra_, red()).value();
  ASSERT_TRUE(submit_notice(*db_, fra_, n.id).ok());
  EXPECT_EQ(review_notice(*db_, deu_, n.id, true, {}).error().code, ErrorCode::forbidden);
  Caller gs_officer{UserId{5}, "gs.officer", "IPSG", MemberKind::secretariat, Role::officer};
  EXPECT_EQ(review_notice(*db_, gs_officer, n.id, true, {}).error().code, ErrorCode::forbidden);
  EXPECT_EQ(review_notice(*db_, reviewer_, n.id, false, {}).error().code, ErrorCode::invalid_input);
  auto rejected = review_notice(*db_, reviewer_, n.id, false, {"the warrant reference is unreadable"});
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->status, NoticeStatus::rejected);
  EXPECT_EQ(rejected->review_reasons, std::vector<std::string>{"the warrant reference is unreadable"});
  EXPECT_EQ(review_notice(*db_, reviewer_, n.id, true, {}).error().code, ErrorCode::conflict);
  json fixed = red();
  fixed["warrant"] = "MA-2026-0043";
  ASSERT_TRUE(update_draft(*db_, fra_, n.id, fixed).ok());
  ASSERT_TRUE(submit_notice(*db_, fra_, n.id).ok());
  EXPECT_TRUE(review_notice(*db_, reviewer_, n.id, true, {}).ok());
  EXPECT_EQ(update_draft(*db_, fra_, n.id, fixed).error().code, ErrorCode::conflict);  // published: no edits
}

TEST_F(NoticesTest, RestrictionAndExtract) {
  json body = red();
  body["restriction"] = {{"scope", "members"}, {"members", {"DEU"}}};
  auto restricted = published(body);
  body["extract_to_all"] = true;
  body["warrant"] = "MA-2026-0099";
  auto extract = published(body);
  EXPECT_TRUE(get_notice(*db_, deu_, restricted.id).ok());
  EXPECT_EQ(get_notice(*db_, ita_, restricted.id).error().code, ErrorCode::not_found);
  auto seen = get_notice(*db_, ita_, extract.id);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->extract_only);
  auto j = to_json(seen->notice, true);
  EXPECT_FALSE(j.contains("details"));
  EXPECT_EQ(j["subject"]["names"].size(), 2U);
  EXPECT_EQ(listed(ita_), std::vector<std::int64_t>{extract.id});
  EXPECT_EQ(listed(deu_), (std::vector<std::int64_t>{restricted.id, extract.id}));
}

TEST_F(NoticesTest, VictimsStayOutOfBroadSearches) {
  json body = {{"type", "yellow"},
               {"subject", {{"names", {{{"full", "Blessing Okafor"}}}}, {"victim", true}, {"birth_date", "2009"}}},
               {"disappeared_on", "2026-05-01"},
               {"disappeared_place", "Agadez"},
               {"restriction", {{"scope", "members"}, {"members", {"ITA"}}}},
               {"extract_to_all", true}};
  auto n = published(body);
  NoticeQuery q;
  q.q = "okafor";
  EXPECT_EQ(listed(fra_, q), std::vector<std::int64_t>{n.id});
  EXPECT_EQ(listed(ita_, q), std::vector<std::int64_t>{n.id});  // listed by the owner
  EXPECT_TRUE(listed(deu_, q).empty());
  EXPECT_TRUE(listed(reviewer_, q).empty());
  EXPECT_EQ(get_notice(*db_, deu_, n.id).error().code, ErrorCode::not_found);  // no extract of a victim
}

TEST_F(NoticesTest, ReviewersFindVictimsNoticesAwaitingReviewOnly) {
  auto n = draft(fra_, victim({{"scope", "all"}})).value();
  ASSERT_TRUE(submit_notice(*db_, fra_, n.id).ok());
  NoticeQuery submitted;
  submitted.status = NoticeStatus::submitted;
  EXPECT_EQ(listed(reviewer_, submitted), std::vector<std::int64_t>{n.id});
  Caller gs_officer{UserId{5}, "gs.officer", "IPSG", MemberKind::secretariat, Role::officer};
  EXPECT_TRUE(listed(gs_officer, submitted).empty());  // the review queue is the reviewers' alone
  EXPECT_TRUE(listed(deu_, submitted).empty());
  ASSERT_TRUE(review_notice(*db_, reviewer_, n.id, true, {}).ok());
  EXPECT_TRUE(listed(reviewer_).empty());  // published, it is out of broad searches again
}

TEST_F(NoticesTest, AVictimsNoticeByIdReachesOnlyThoseTheVictimRuleNames) {
  auto n = draft(fra_, victim({{"scope", "all"}})).value();
  ASSERT_TRUE(submit_notice(*db_, fra_, n.id).ok());
  Caller gs_admin{UserId{5}, "gs.admin", "IPSG", MemberKind::secretariat, Role::admin};
  EXPECT_TRUE(get_notice(*db_, reviewer_, n.id).ok()) << "the reviewer reads what awaits review";
  EXPECT_EQ(get_notice(*db_, gs_admin, n.id).error().code, ErrorCode::not_found);
  ASSERT_TRUE(review_notice(*db_, reviewer_, n.id, true, {}).ok());
  EXPECT_TRUE(get_notice(*db_, fra_, n.id).ok());
  auto absent = get_notice(*db_, deu_, 987654321).error();
  for (const Caller* c : {&deu_, &gs_admin, &reviewer_}) {
    auto hidden = get_notice(*db_, *c, n.id);
    ASSERT_FALSE(hidden.ok()) << c->username;
    EXPECT_EQ(hidden.error().code, ErrorCode::not_found) << c->username;
    EXPECT_EQ(hidden.error().message, "notice " + std::to_string(n.id) + " not found") << "as an absent one answers";
  }
  EXPECT_EQ(absent.message, "notice 987654321 not found");

  const policy::RecordMeta listed{"FRA", {policy::Scope::members, {"ITA"}}};
  EXPECT_TRUE(may_see_victim(fra_, listed, NoticeStatus::published));
  EXPECT_TRUE(may_see_victim(ita_, listed, NoticeStatus::published));
  EXPECT_FALSE(may_see_victim(deu_, listed, NoticeStatus::published));
  EXPECT_FALSE(may_see_victim(gs_admin, listed, NoticeStatus::published));
  EXPECT_FALSE(may_see_victim(reviewer_, listed, NoticeStatus::published));
  EXPECT_TRUE(may_see_victim(reviewer_, listed, NoticeStatus::submitted));
  EXPECT_FALSE(may_see_victim(gs_admin, listed, NoticeStatus::submitted));
}

// The list's SQL form of the victim rule agrees with may_see_victim (by id)
// for every caller, restriction and review state.
TEST_F(NoticesTest, ListsAndReadsByIdAgreeOnVictims) {
  Caller gs_admin{UserId{5}, "gs.admin", "IPSG", MemberKind::secretariat, Role::admin};
  std::vector<std::int64_t> ids;
  for (const json& restriction :
       {json{{"scope", "all"}}, json{{"scope", "members"}, {"members", {"ITA", "IPSG"}}}, json{{"scope", "owner"}}}) {
    for (bool publish : {false, true}) {
      auto n = draft(fra_, victim(restriction)).value();
      ASSERT_TRUE(submit_notice(*db_, fra_, n.id).ok());
      if (publish) {
        ASSERT_TRUE(review_notice(*db_, reviewer_, n.id, true, {}).ok());
      }
      ids.push_back(n.id);
    }
  }
  for (const Caller* c : {&fra_, &deu_, &ita_, &reviewer_, &gs_admin}) {
    auto in_list = listed(*c);
    for (auto id : ids) {
      bool by_id = get_notice(*db_, *c, id).ok();
      bool listed_too = std::find(in_list.begin(), in_list.end(), id) != in_list.end();
      EXPECT_EQ(listed_too, by_id) << c->username << " notice " << id;
    }
  }
}

TEST_F(NoticesTest, DiffusionsReachOnlyTheirRecipients) {
  json body = {{"type", "blue"},
               {"to", {"DEU"}},
               {"subject", {{"names", {{{"full", "Ivan Petrov"}}}}}},
               {"request", "current whereabouts"}};
  auto d = parse_notice(body, *db_, fra_, Kind::diffusion);
  ASSERT_TRUE(d.ok()) << d.error().message;
  auto sent = create_notice(*db_, fra_, *d).value();
  EXPECT_EQ(sent.status, NoticeStatus::published);
  NoticeQuery q;
  q.kind = Kind::diffusion;
  EXPECT_EQ(listed(deu_, q), std::vector<std::int64_t>{sent.id});
  EXPECT_TRUE(listed(ita_, q).empty());
  EXPECT_EQ(get_notice(*db_, ita_, sent.id).error().code, ErrorCode::not_found);
  body["to"] = {"XXX"};
  auto bad = parse_notice(body, *db_, fra_, Kind::diffusion);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "to[0]");
  body["to"] = {"FRA"};
  EXPECT_FALSE(parse_notice(body, *db_, fra_, Kind::diffusion).ok());
  body["to"] = {"DEU"};
  body.erase("request");
  EXPECT_FALSE(parse_notice(body, *db_, fra_, Kind::diffusion).ok());  // the colour's minimum still applies
}

TEST_F(NoticesTest, CancelRenewAndExpire) {
  auto n = published(red());
  EXPECT_EQ(cancel_notice(*db_, deu_, n.id, "x").error().code, ErrorCode::forbidden);
  ASSERT_TRUE(db_->execute("UPDATE notices SET expires_on = '2020-01-01' WHERE id = ?", {n.id}).ok());
  EXPECT_EQ(*expire_due(*db_), 1);
  EXPECT_EQ(get_notice(*db_, deu_, n.id)->notice.status, NoticeStatus::expired);
  auto renewed = renew_notice(*db_, fra_, n.id);
  ASSERT_TRUE(renewed.ok());
  EXPECT_EQ(renewed->status, NoticeStatus::published);
  auto cancelled = cancel_notice(*db_, fra_, n.id, "arrested");
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, NoticeStatus::cancelled);
  EXPECT_EQ(cancel_notice(*db_, fra_, n.id, "again").error().code, ErrorCode::conflict);
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(NoticesTest, ADocumentWithoutIssuingStateOrTypeReadsBack) {
  json body = red();
  body["subject"]["documents"] = json::array({json{{"number", "X9876543"}}});
  auto n = draft(fra_, body).value();
  auto read = get_notice(*db_, fra_, n.id).value().notice;
  ASSERT_TRUE(read.subject);
  EXPECT_EQ(read.subject->names.size(), 2U);
  ASSERT_EQ(read.subject->documents.size(), 1U);
  EXPECT_EQ(read.subject->documents[0].issuing_state, "");
}

TEST_F(NoticesTest, OwnersAreRemindedOnceSixMonthsBeforeExpiry) {
  auto n = published(red());
  auto told = [&] {
    return db_->query("SELECT COUNT(*) FROM notifications WHERE member = 'FRA' AND kind = 'notice.expiry'")
        ->front()
        .integer(0);
  };
  const Date today = today_utc();
  EXPECT_EQ(*remind_expiries(*db_, today), 0) << "five years ahead: not yet";
  // Six months and a day before expiry: still not; on the six-month day: once.
  auto expires = add_months(today, kExpiryReminderMonths);
  ASSERT_TRUE(db_->execute("UPDATE notices SET expires_on = ? WHERE id = ?", {add_days(expires, 1).iso(), n.id}).ok());
  EXPECT_EQ(*remind_expiries(*db_, today), 0);
  ASSERT_TRUE(db_->execute("UPDATE notices SET expires_on = ? WHERE id = ?", {expires.iso(), n.id}).ok());
  EXPECT_EQ(*remind_expiries(*db_, today), 1);
  EXPECT_EQ(*remind_expiries(*db_, today), 0) << "once per expiry date";
  EXPECT_EQ(told(), 1);
  // A renewal sets a new expiry date, which gets its own reminder in time.
  ASSERT_TRUE(renew_notice(*db_, fra_, n.id).ok());
  EXPECT_EQ(*remind_expiries(*db_, today), 0);
  EXPECT_EQ(*remind_expiries(*db_, add_years(today, 5)), 1);
  EXPECT_EQ(told(), 2);
  // Cancelled notices are not reminded.
  ASSERT_TRUE(cancel_notice(*db_, fra_, n.id, "arrested").ok());
  EXPECT_EQ(*remind_expiries(*db_, add_years(today, 6)), 0);
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(NoticesTest, BadInputChangesNothing) {
  for (const json& body : {json{{"type", "violet"}}, json{{"type", "red"}, {"colour", "x"}},
                           json{{"type", "red"}, {"subject", {{"names", {{{"full", ""}}}}}}},
                           json{{"type", "red"}, {"subject", {{"birth_date", "1985-13"}}}},
                           json{{"type", "red"}, {"subject", {{"nationalities", {"XX"}}}}},
                           json{{"type", "yellow"}, {"disappeared_on", "yesterday"}}}) {
    EXPECT_FALSE(parse_notice(body, *db_, fra_, Kind::notice).ok()) << body.dump();
  }
  EXPECT_EQ(db_->query("SELECT COUNT(*) FROM notices", {})->front().integer(0), 0);
  Caller partner{UserId{9}, "p", "AIRX", MemberKind::partner, Role::partner};
  EXPECT_EQ(list_notices(*db_, partner, {}).error().code, ErrorCode::forbidden);
}

}  // namespace
}  // namespace ariadne::notices
