// Leads over a real store: the owners of two members' cases that share a
// phone or a person are told, each as far as the other case lets it see.
#include "analysis/leads.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "analysis/decisions.hpp"
#include "analysis/people.hpp"
#include "exchange/notifications.hpp"
#include "support.hpp"
#include "support/store.hpp"

namespace ariadne::analysis {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

// A list of entities: a braced list of one json is an array on every compiler.
json case_of(const std::string& member, const std::string& ref, const std::string& scope, std::vector<json> entities) {
  return {{"case", ref},
          {"member", member},
          {"crime_type", "trafficking_in_human_beings"},
          {"reported_on", "2026-03-01"},
          {"restriction", {{"scope", scope}}},
          {"entities", std::move(entities)},
          {"relationships", json::array()},
          {"events", json::array()}};
}
json ion(const std::string& id) {
  return {{"id", id}, {"kind", "person"}, {"names", {{{"full", "Ion Rusu"}}}}, {"birth_date", "1980-02-03"}};
}
json phone(const std::string& id, const std::string& number) {
  return {{"id", id}, {"kind", "phone"}, {"number", number}};
}

// Romania: Ion Rusu and his phone. Italy, for itself: the same phone.
// Germany: Ion Rusu.
class LeadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::member_store(dir_, "leads.db", {"ROU", "ITA", "DEU"}, {});
    rou_case_ =
        testing::contribute(*db_, rou_, case_of("ROU", "ROU-1", "all", {ion("e1"), phone("e2", "+40721234567")}));
    ita_case_ = testing::contribute(*db_, ita_, case_of("ITA", "ITA-1", "owner", {phone("t1", "+40 721 234 567")}));
    deu_case_ = testing::contribute(*db_, deu_, case_of("DEU", "DEU-1", "all", {ion("p1")}));
    ASSERT_TRUE(people_.sync(*db_));
  }
  std::vector<exchange::Notification> told(const std::string& member) {
    return exchange::list_notifications(*db_, member).value();
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  People people_;
  std::int64_t rou_case_ = 0, ita_case_ = 0, deu_case_ = 0;
  Caller rou_{UserId{1}, "rou.analyst", "ROU", MemberKind::ncb, Role::analyst};
  Caller ita_{UserId{2}, "ita.analyst", "ITA", MemberKind::ncb, Role::analyst};
  Caller deu_{UserId{3}, "deu.analyst", "DEU", MemberKind::ncb, Role::analyst};
};

TEST_F(LeadsTest, BothOwnersAreToldAsFarAsTheOtherCaseLetsThemSee) {
  auto run = raise_leads(*db_);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->leads, 2U) << "Romania–Italy (the phone), Romania–Germany (Ion)";
  EXPECT_EQ(run->matches, 2U);
  EXPECT_EQ(run->notifications, 4U);

  // Italy may read Romania's case: told which member, case and phone.
  const auto italy = told("ITA");
  ASSERT_EQ(italy.size(), 1U);
  EXPECT_EQ(italy[0].kind, "lead");
  EXPECT_EQ(italy[0].text, "Your case ITA-1 shares phone +40721234567 with ROU's case ROU-1 (contribution " +
                               std::to_string(rou_case_) + ")");
  // Romania may not read Italy's: told only that another member holds something on its own phone.
  const auto romania = told("ROU");
  ASSERT_EQ(romania.size(), 2U);
  const auto& about_italy = romania[0].text.find("Another member") == 0 ? romania[0] : romania[1];
  const auto& about_germany = &about_italy == &romania[0] ? romania[1] : romania[0];
  EXPECT_EQ(about_italy.text.find("ITA"), std::string::npos) << about_italy.text;
  EXPECT_TRUE(
      about_italy.text.starts_with("Another member holds information on phone +40721234567 of your case "
                                   "ROU-1; ask it through the General Secretariat, quoting lead "))
      << about_italy.text;
  EXPECT_EQ(about_germany.text, "Your case ROU-1 shares the person Ion Rusu with DEU's case DEU-1 (contribution " +
                                    std::to_string(deu_case_) + ")");
  ASSERT_EQ(told("DEU").size(), 1U);

  // Nothing is told twice.
  auto again = raise_leads(*db_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->notifications, 0U);
  EXPECT_EQ(told("ROU").size(), 2U);

  // The leads as each member lists them.
  auto rou_leads = list_leads(*db_, rou_, 100);
  ASSERT_TRUE(rou_leads) << rou_leads.error().message;
  ASSERT_EQ(rou_leads->size(), 2U);
  for (const auto& l : *rou_leads) {
    EXPECT_EQ(l.contribution, rou_case_);
    EXPECT_EQ(l.case_ref, "ROU-1");
    ASSERT_EQ(l.matches.size(), 1U);
    if (l.restricted) {
      EXPECT_FALSE(l.other_member || l.other_contribution || l.other_case_ref);
      EXPECT_EQ(l.matches[0].what, "phone +40721234567");
      EXPECT_FALSE(to_json(l)["other"].is_object());
    } else {
      EXPECT_EQ(l.other_member, "DEU");
      EXPECT_EQ(l.matches[0].kind, "person");
    }
  }
  auto ita_leads = list_leads(*db_, ita_, 100);
  ASSERT_TRUE(ita_leads);
  ASSERT_EQ(ita_leads->size(), 1U);
  EXPECT_FALSE((*ita_leads)[0].restricted);
  EXPECT_EQ((*ita_leads)[0].other_case_ref, "ROU-1");
  EXPECT_EQ(list_leads(*db_, rou_, 0).error().code, ErrorCode::invalid_input);
}

TEST_F(LeadsTest, WhatCasesComeToShareLaterIsToldThen) {
  ASSERT_TRUE(raise_leads(*db_));
  // Germany sends its case again with the phone: a new match with Romania, a new lead with Italy.
  ASSERT_NE(testing::contribute(*db_, deu_, case_of("DEU", "DEU-1", "all", {ion("p1"), phone("p2", "0040721234567")})),
            0);
  ASSERT_TRUE(people_.sync(*db_));
  auto run = raise_leads(*db_);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->leads, 1U) << "Germany–Italy";
  EXPECT_EQ(run->matches, 2U) << "the phone, with Romania and with Italy";
  const auto germany = told("DEU");
  ASSERT_EQ(germany.size(), 3U);
  bool told_of_phone = false;
  for (const auto& n : germany) told_of_phone = told_of_phone || n.text.find("phone +40721234567") != std::string::npos;
  EXPECT_TRUE(told_of_phone);
}

// Italy names a man the resolver takes for someone else than Ion; an analyst
// decides he is Ion. No case changed, but Italy's case now shares Ion with
// Romania's and Germany's: both pairs are leads, told once; Romania and
// Germany, who shared Ion before, are not told again.
TEST_F(LeadsTest, ALaterMergeOfPeopleIsALead) {
  ASSERT_TRUE(raise_leads(*db_));
  const auto ita2 = testing::contribute(
      *db_, ita_,
      case_of(
          "ITA", "ITA-2", "all",
          {{{"id", "m1"}, {"kind", "person"}, {"names", {{{"full", "Ioan Rusescu"}}}}, {"birth_date", "1975-07-30"}}}));
  ASSERT_NE(ita2, 0);
  ASSERT_TRUE(people_.sync(*db_));
  auto before = raise_leads(*db_);
  ASSERT_TRUE(before) << before.error().message;
  EXPECT_EQ(before->leads, 0U) << "Ioan Rusescu is no one else's";
  const auto ion = testing::entity_of(*db_, deu_case_, "p1");
  const auto ioan = testing::entity_of(*db_, ita2, "m1");
  ASSERT_NE(ion, ioan);
  const auto romania_told = told("ROU").size(), germany_told = told("DEU").size();
  ASSERT_TRUE(merge_entities(*db_, deu_, {ion, ioan}, "one man: the same fingerprints"));
  ASSERT_TRUE(people_.sync(*db_));
  auto run = raise_leads(*db_);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->leads, 2U) << "Italy–Romania and Italy–Germany";
  EXPECT_EQ(run->matches, 2U);
  EXPECT_EQ(told("ROU").size(), romania_told + 1) << "of Italy's case, not again of Germany's";
  EXPECT_EQ(told("DEU").size(), germany_told + 1);
  bool italy_told = false;
  for (const auto& n : told("ITA")) italy_told = italy_told || n.text.find("ITA-2") != std::string::npos;
  EXPECT_TRUE(italy_told);
  auto again = raise_leads(*db_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->matches, 0U) << "nothing told twice";
}

TEST_F(LeadsTest, ACaseWhosePeopleAreNotResolvedWaits) {
  ASSERT_TRUE(raise_leads(*db_));
  // Romania adds a case naming Ion again, its people not resolved yet: no lead until they are.
  ASSERT_NE(testing::contribute(*db_, rou_, case_of("ROU", "ROU-2", "all", {ion("x1")})), 0);
  auto early = raise_leads(*db_);
  ASSERT_TRUE(early);
  EXPECT_EQ(early->leads, 0U);
  ASSERT_TRUE(people_.sync(*db_));
  auto later = raise_leads(*db_);
  ASSERT_TRUE(later) << later.error().message;
  EXPECT_EQ(later->leads, 1U) << "Romania's second case and Germany's share Ion";
}

TEST_F(LeadsTest, AVictimIsNeverNamedInALead) {
  ASSERT_TRUE(raise_leads(*db_));
  json ana{{"id", "v1"},
           {"kind", "person"},
           {"names", {{{"full", "Ana Popa"}}}},
           {"birth_date", "1999-05-06"},
           {"victim", true}};
  json ana_again{{"id", "a1"}, {"kind", "person"}, {"names", {{{"full", "Ana Popa"}}}}, {"birth_date", "1999-05-06"}};
  ASSERT_NE(testing::contribute(*db_, rou_, case_of("ROU", "ROU-3", "all", {ana})), 0);
  ASSERT_NE(testing::contribute(*db_, deu_, case_of("DEU", "DEU-3", "all", {ana_again})), 0);
  ASSERT_TRUE(people_.sync(*db_));
  ASSERT_TRUE(raise_leads(*db_));
  for (const auto& n : told("ROU")) EXPECT_EQ(n.text.find("Ana Popa"), std::string::npos) << n.text;
  bool told_of_victim = false;
  for (const auto& n : told("ROU"))
    told_of_victim = told_of_victim || n.text.find("a victim of your case") != std::string::npos;
  EXPECT_TRUE(told_of_victim);
  const auto leads = list_leads(*db_, rou_, 100);
  ASSERT_TRUE(leads);
  for (const auto& l : *leads) {
    for (const auto& m : l.matches) EXPECT_EQ(m.what.find("Ana Popa"), std::string::npos);
  }
}

TEST_F(LeadsTest, AWithdrawnCaseTakesItsLeadsAlong) {
  ASSERT_TRUE(raise_leads(*db_));
  ASSERT_TRUE(withdraw_contribution(*db_, ita_, ita_case_));
  auto rou_leads = list_leads(*db_, rou_, 100);
  ASSERT_TRUE(rou_leads);
  EXPECT_EQ(rou_leads->size(), 1U);
  EXPECT_TRUE(list_leads(*db_, ita_, 100)->empty());
}

}  // namespace
}  // namespace ariadne::analysis
