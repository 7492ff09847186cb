#include "analysis/contributions.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/import.hpp"
#include "store/audit.hpp"
#include "support/store.hpp"

namespace ariadne::analysis {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

json package(const std::string& member, const std::string& case_ref, const json& restriction) {
  return {{"case", case_ref},
          {"member", member},
          {"crime_type", "trafficking_in_human_beings"},
          {"reported_on", "2026-03-01"},
          {"restriction", restriction},
          {"entities",
           {{{"id", "e1"},
             {"kind", "person"},
             {"names", {{{"full", "Ana Popescu"}, {"script", "Latn"}}}},
             {"role", "victim"},
             {"victim", true},
             {"victim_details", {{"age_band", "18-20"}, {"means_of_control", {"threats"}}}}},
            {{"id", "e2"},
             {"kind", "person"},
             {"names", {{{"full", "Ion Rusu"}, {"script", "Latn"}}}},
             {"role", "recruiter"}},
            {{"id", "e3"}, {"kind", "phone"}, {"number", "+40721234567"}}}},
          {"relationships",
           {{{"from", "e2"}, {"to", "e1"}, {"kind", "recruited"}}, {{"from", "e2"}, {"to", "e3"}, {"kind", "uses"}}}},
          {"events",
           {{{"id", "v1"},
             {"kind", "recruitment"},
             {"date", "2026-01-15"},
             {"country", "ROU"},
             {"participants", {"e2", "e1"}}}}}};
}

class ContributionsTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "analysis.db", {"ROU", "ITA", "DEU"}, {"AIRLINK"}); }

  CasePackage parsed(const json& body, const std::string& member) {
    auto p = parse_package(body, member, policy::members_of(*db_), today_utc());
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    return p ? *p : CasePackage{};
  }

  std::int64_t count(const std::string& table) {
    return db_->query("SELECT COUNT(*) FROM " + table).value().front().integer(0);
  }

  std::vector<store::AuditEntry> audit(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    return store::audit_list(*db_, q).value();
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller rou_{UserId{1}, "rou.analyst", "ROU", MemberKind::ncb, Role::analyst};
  Caller ita_{UserId{2}, "ita.analyst", "ITA", MemberKind::ncb, Role::analyst};
  Caller deu_{UserId{3}, "deu.officer", "DEU", MemberKind::ncb, Role::officer};
  Caller gs_{UserId{4}, "gs.analyst", "IPSG", MemberKind::secretariat, Role::analyst};
  Caller airline_{UserId{5}, "airlink.checker", "AIRLINK", MemberKind::partner, Role::partner};
  Caller reviewer_{UserId{6}, "gs.reviewer", "IPSG", MemberKind::secretariat, Role::reviewer};
};

TEST_F(ContributionsTest, AStoredPackageComesBackWhole) {
  auto body = package("ROU", "ROU-2026-000001", {{"scope", "all"}});
  auto stored = contribute(*db_, rou_, parsed(body, "ROU"));
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->entities, 3);
  EXPECT_EQ(stored->events, 1);
  EXPECT_EQ(stored->links, 4);  // two relationships, two participants
  // names, role, victim and two victim details; names, role; number; kind, date, country
  EXPECT_EQ(count("statements"), 5 + 2 + 1 + 3);
  auto read = get_contribution(*db_, ita_, stored->id);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(to_json(read->package), body);
  // Identifiers come back with their canonical form.
  const auto& phone = read->package.mentions[2].statements.at(0);
  EXPECT_EQ(phone.norm, "+40721234567");
  EXPECT_EQ(count("statements WHERE norm = '+40721234567' AND flag IS NULL"), 1);
  EXPECT_EQ(read->info.created_by, "rou.analyst");
  EXPECT_EQ(audit("contribution.create").size(), 1u);
}

TEST_F(ContributionsTest, TheSameCaseAgainIsANewVersionReplacingTheStatements) {
  auto first = contribute(*db_, rou_, parsed(package("ROU", "ROU-2026-000002", {{"scope", "all"}}), "ROU"));
  ASSERT_TRUE(first);
  auto body = package("ROU", "ROU-2026-000002", {{"scope", "owner"}});
  body["entities"].erase(2);  // the phone turned out to be someone else's
  body["relationships"].erase(1);
  auto second = contribute(*db_, rou_, parsed(body, "ROU"));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(second->entities, 2);
  EXPECT_EQ(count("mentions"), 3);
  EXPECT_EQ(count("contributions"), 1);
  // The new restriction holds at once.
  EXPECT_FALSE(get_contribution(*db_, ita_, first->id));
  EXPECT_EQ(audit("contribution.update").size(), 1u);
  // Another member's case with the same reference is its own.
  auto italian = contribute(*db_, ita_, parsed(package("ITA", "ROU-2026-000002", {{"scope", "all"}}), "ITA"));
  ASSERT_TRUE(italian);
  EXPECT_NE(italian->id, first->id);
}

TEST_F(ContributionsTest, RestrictionsDecideWhoReadsAndOnlyTheOwnerWithdraws) {
  auto body = package("ROU", "ROU-2026-000003", {{"scope", "members"}, {"members", {"ITA"}}});
  auto stored = contribute(*db_, rou_, parsed(body, "ROU"));
  ASSERT_TRUE(stored);
  EXPECT_TRUE(get_contribution(*db_, ita_, stored->id));
  EXPECT_TRUE(get_contribution(*db_, gs_, stored->id));
  auto hidden = get_contribution(*db_, deu_, stored->id);
  ASSERT_FALSE(hidden);
  auto absent = get_contribution(*db_, deu_, stored->id + 100);
  ASSERT_FALSE(absent);
  EXPECT_EQ(hidden.error().code, ErrorCode::not_found);
  EXPECT_EQ(hidden.error().message, "contribution:" + std::to_string(stored->id) + " not found");
  EXPECT_EQ(absent.error().code, ErrorCode::not_found);
  EXPECT_EQ(get_contribution(*db_, airline_, stored->id).error().code, ErrorCode::forbidden);
  // Reads of a restricted contribution are audited.
  EXPECT_EQ(audit("contribution.read").size(), 2u);
  // Lists show what the caller may see.
  EXPECT_EQ(list_contributions(*db_, deu_, {}).value().size(), 0u);
  EXPECT_EQ(list_contributions(*db_, ita_, {}).value().size(), 1u);

  EXPECT_EQ(withdraw_contribution(*db_, deu_, stored->id).error().code, ErrorCode::not_found);
  EXPECT_EQ(withdraw_contribution(*db_, ita_, stored->id).error().code, ErrorCode::forbidden);
  EXPECT_EQ(withdraw_contribution(*db_, reviewer_, stored->id).error().code, ErrorCode::forbidden);
  EXPECT_EQ(count("statements"), 11);
  ASSERT_TRUE(withdraw_contribution(*db_, rou_, stored->id));
  EXPECT_EQ(count("statements") + count("mentions") + count("mention_links") + count("contributions"), 0);
  EXPECT_EQ(get_contribution(*db_, ita_, stored->id).error().code, ErrorCode::not_found);
  auto withdrawn = audit("contribution.withdraw");
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_EQ(withdrawn[0].record.detail, "ROU-2026-000003 version 1");
}

TEST_F(ContributionsTest, OnlyContributingRolesContributeForTheirOwnMember) {
  auto p = parsed(package("ROU", "ROU-2026-000004", {{"scope", "all"}}), "ROU");
  EXPECT_EQ(contribute(*db_, ita_, p).error().code, ErrorCode::forbidden);
  Caller rou_reviewer{UserId{7}, "rou.reviewer", "ROU", MemberKind::ncb, Role::reviewer};
  auto refused = contribute(*db_, rou_reviewer, p);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "the role reviewer may not contribute case data");
  EXPECT_EQ(count("contributions"), 0);
}

TEST_F(ContributionsTest, AnImportStoresGoodPackagesAndNamesTheLinesOfBadOnes) {
  json bad = package("ROU", "ROU-2026-000011", {{"scope", "all"}});
  bad["relationships"].push_back({{"from", "e2"}, {"to", "e9"}, {"kind", "called"}});
  json again = package("ROU", "ROU-2026-000010", {{"scope", "owner"}});
  again["entities"][2]["number"] = "12";  // kept as given, with a warning
  std::string file = "\xEF\xBB\xBF" + package("ROU", "ROU-2026-000010", {{"scope", "all"}}).dump() + "\n\n" +
                     bad.dump() + "\r\n" + "{not json\n" + again.dump();  // no final line feed
  std::istringstream in(file);
  std::vector<LineError> errors, warnings;
  ContributionImportOptions options;
  options.batch_size = 2;
  options.on_error = [&](const LineError& e) { errors.push_back(e); };
  options.on_warning = [&](const LineError& e) { warnings.push_back(e); };
  auto report = import_contributions(*db_, rou_, in, options);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->packages, 4u);
  EXPECT_EQ(report->accepted, 2u);
  EXPECT_EQ(report->rejected, 2u);
  EXPECT_EQ(report->bytes_read, file.size());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].line, 3u);
  EXPECT_EQ(errors[0].field, "relationships[2].to");
  EXPECT_EQ(errors[1].line, 4u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].line, 5u);
  EXPECT_EQ(warnings[0].field, "entities[2].number");
  EXPECT_EQ(report->warnings, 1u);
  // The repeated case became its second version; nothing of the bad one was stored.
  auto list = list_contributions(*db_, rou_, {}).value();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].version, 2);
  EXPECT_EQ(list[0].meta.restriction.scope, policy::Scope::owner);
}

TEST_F(ContributionsTest, AnImportOfNothingOrTooLongALineSaysSo) {
  std::istringstream empty("\n  \n");
  auto none = import_contributions(*db_, rou_, empty, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "file: holds no case packages");
  std::istringstream huge(std::string(kMaxPackageBytes + 10, 'x') + "\n" +
                          package("ROU", "ROU-2026-000020", {{"scope", "all"}}).dump() + "\n");
  std::vector<LineError> errors;
  ContributionImportOptions options;
  options.on_error = [&](const LineError& e) { errors.push_back(e); };
  auto report = import_contributions(*db_, rou_, huge, options);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->accepted, 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 1u);
  EXPECT_NE(errors[0].reason.find("line over 16 MiB"), std::string::npos);
}

}  // namespace
}  // namespace ariadne::analysis
