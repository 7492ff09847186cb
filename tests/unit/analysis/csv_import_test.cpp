// Case data from a spreadsheet with a column mapping: one person per row
// with what they use and hold, one package per case, problems named by
// line and column, nothing of a refused case stored.
#include "analysis/csv_import.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "analysis/contributions.hpp"
#include "support.hpp"
#include "support/store.hpp"

namespace ariadne::analysis {
namespace {

using nlohmann::json;

json mapping() {
  return {{"case", {{"column", "Case"}}},
          {"crime_type", "trafficking_in_human_beings"},
          {"reported_on", {{"column", "Reported"}}},
          {"restriction", {{"scope", "all"}}},
          {"columns",
           {{"Name", "person.names"},
            {"Alias", "person.names"},
            {"DOB", "person.birth_date"},
            {"Sex", "person.sex"},
            {"Phone", "phone.number"},
            {"IBAN", "account.iban"},
            {"Passport", "document.number"},
            {"State", "document.issuing_state"}}},
          {"constants", {{"document.type", "passport"}, {"account.type", "bank"}, {"account.country", "ROU"}}}};
}

const char* kHeader = "Case,Reported,Name,Alias,DOB,Sex,Phone,IBAN,Passport,State\n";

class CsvImportTest : public testing::ImportTest {
 protected:
  Run import(const std::string& csv, const json& m = mapping()) {
    Run run;
    auto parsed = parse_csv_mapping(m);
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    std::istringstream in(csv);
    run.report = import_csv_contributions(*db_, rou_, in, *parsed, collecting(run));
    return run;
  }
};

TEST_F(CsvImportTest, EachRowIsAPersonWithWhatTheyUseAndHoldAndEachCaseAPackage) {
  const auto run = import(std::string(kHeader) +
                          "ROU-1,2026-02-01,Ion Rusu,Ionut Rusu,1980-05-06,M,0721 234 567,RO49 AAAA 1B31 0075 9384 "
                          "0000,15AB12345,ROU\n"
                          "ROU-1,2026-02-01,Elena Rusu,,1982,F,,,,\n"
                          "ROU-1,2026-02-01,,,,,0722 000 001,,,\n"
                          "ROU-2,2026-02-03,Mihai Stan,,,M,+40 721 234 567,,,\n");
  ASSERT_TRUE(run.report) << run.report.error().message;
  EXPECT_EQ(run.report->packages, 2U);
  EXPECT_EQ(run.report->accepted, 2U);
  for (const auto& e : run.errors) ADD_FAILURE() << describe(e);
  auto list = list_contributions(*db_, rou_, {});
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2U);
  auto first = get_contribution(*db_, rou_, (*list)[0].id);
  ASSERT_TRUE(first);
  const auto package = to_json(first->package);
  EXPECT_EQ(package["case"], "ROU-1");
  EXPECT_EQ(package["reported_on"], "2026-02-01");
  ASSERT_EQ(package["entities"].size(), 6U) << package.dump();  // Ion + phone + account + passport, Elena, a phone
  const auto& ion = package["entities"][0];
  EXPECT_EQ(ion["kind"], "person");
  EXPECT_EQ(ion["names"].size(), 2U) << "both name columns";
  EXPECT_EQ(package["entities"][3]["type"], "passport") << "the constant";
  std::multiset<std::string> kinds;
  for (const auto& r : package["relationships"]) kinds.insert(r["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::multiset<std::string>{"holds_account", "holds_document", "uses"}))
      << "the phone of the row without a person is no one's";
  // Ion's phone and Mihai's, written two ways, are one entity.
  const auto ion_phone = testing::entity_of(*db_, (*list)[0].id, package["entities"][1]["id"]);
  EXPECT_NE(ion_phone, 0);
  auto second = get_contribution(*db_, rou_, (*list)[1].id);
  EXPECT_EQ(testing::entity_of(*db_, (*list)[1].id, to_json(second->package)["entities"][1]["id"]), ion_phone);
}

TEST_F(CsvImportTest, AProblemNamesItsLineAndColumnAndTakesItsCaseWithIt) {
  const auto run = import(std::string(kHeader) +
                          "ROU-1,2026-02-01,Ion Rusu,,1980-05-06,M,,,,\n"
                          "ROU-1,2026-02-01,Elena Rusu,,2099-01-01,F,,,,\n"  // a birth date after today
                          "ROU-2,2026-02-03,Mihai Stan,,,M,,RO00 0000,,\n"   // an IBAN that does not check out
                          "ROU-3,2026-02-03,Dan Toma,,,Q,,,,\n"              // no such sex
                          "ROU-1,2026-02-01,Ana Rusu,,,F,,,,\n");            // ROU-1 again, after others
  ASSERT_TRUE(run.report) << run.report.error().message;
  EXPECT_EQ(run.report->accepted, 1U);
  EXPECT_EQ(run.report->rejected, 3U);
  std::set<std::string> where;
  for (const auto& e : run.errors) where.insert(std::to_string(e.line) + " " + e.field);
  EXPECT_TRUE(where.contains("3 DOB")) << describe(run.errors.front());
  EXPECT_TRUE(where.contains("5 Sex"));
  EXPECT_TRUE(where.contains("6 Case")) << "a case must be in one piece";
  ASSERT_EQ(run.warnings.size(), 1U);
  EXPECT_EQ(run.warnings[0].line, 4U);
  EXPECT_EQ(run.warnings[0].field, "IBAN");
  EXPECT_EQ(count("contributions"), 1) << "only ROU-2 is stored";
  EXPECT_EQ(count("mentions"), 2);
}

TEST_F(CsvImportTest, ACaseLargerThanAPackageIsRefusedWithoutHoldingItWhole) {
  std::string csv = kHeader;
  for (std::size_t i = 0; i < kMaxEntities / 2 + 10; ++i) {
    csv += "ROU-BIG,2026-02-01,Person " + std::to_string(i) + ",,,M,0721 234 567,,,\n";  // a person and a phone
  }
  csv += "ROU-SMALL,2026-02-01,Ion Rusu,,,M,,,,\n";
  const auto run = import(csv);
  ASSERT_TRUE(run.report) << run.report.error().message;
  EXPECT_EQ(run.report->rejected, 1U);
  EXPECT_EQ(run.report->accepted, 1U) << "the next case is read";
  ASSERT_EQ(run.errors.size(), 1U);
  EXPECT_EQ(run.errors[0].line, 2U);
  EXPECT_NE(run.errors[0].reason.find("split it"), std::string::npos) << run.errors[0].reason;
  EXPECT_EQ(count("contributions"), 1);
}

TEST_F(CsvImportTest, TextThatIsNotUtf8RefusesItsCaseByLineAndColumn) {
  const auto run = import(std::string(kHeader) +
                          "ROU-1,2026-02-01,Ion Rusu,,,M,,,,\n"
                          "ROU-1,2026-02-01,Ana \xff\xfe Rusu,,,F,,,,\n"
                          "ROU-1,2026-02-01,Dan Rusu,,,M,,,,\n"
                          "ROU-\x9c,2026-02-01,Oana Stan,,,F,,,,\n"
                          "ROU-2,2026-02-01,Mihai Stan,,,M,,,,\n");
  ASSERT_TRUE(run.report) << run.report.error().message;
  EXPECT_EQ(run.report->accepted, 1U);
  EXPECT_EQ(run.report->rejected, 2U);
  ASSERT_EQ(run.errors.size(), 2U);
  EXPECT_EQ(run.errors[0].line, 3U);
  EXPECT_EQ(run.errors[0].field, "Name");
  EXPECT_EQ(run.errors[1].line, 5U);
  EXPECT_EQ(run.errors[1].field, "Case");
  EXPECT_EQ(count("contributions"), 1) << "ROU-1 is refused whole; ROU-2 is stored";
}

TEST_F(CsvImportTest, TheMappingIsCheckedWholeAndAgainstTheHeaderBeforeAnyRow) {
  auto fields = [](const json& m) {
    std::set<std::string> out;
    auto r = parse_csv_mapping(m);
    if (!r) {
      for (const auto& f : r.error().fields) out.insert(f.field);
    }
    return out;
  };
  auto bad = mapping();
  bad["columns"]["Shoe"] = "person.shoe_size";
  bad["constants"]["person.names"] = "Nobody";
  bad.erase("restriction");
  bad["colour"] = "red";
  bad["case"] = {{"row", 1}};
  EXPECT_EQ(fields(bad),
            (std::set<std::string>{"columns.Shoe", "constants.person.names", "restriction", "colour", "case"}));
  EXPECT_EQ(fields(json::object()).count("columns"), 1U);
  auto nameless = mapping();
  nameless["columns"][""] = "phone.number";  // found by fuzzing: a column without a name
  EXPECT_EQ(fields(nameless), (std::set<std::string>{"columns"}));
  auto missing = import("Case,Reported,Name,DOB\nROU-1,2026-02-01,Ion Rusu,1980\n");
  ASSERT_FALSE(missing.report);
  std::set<std::string> absent;
  for (const auto& f : missing.report.error().fields) absent.insert(f.field);
  EXPECT_EQ(absent, (std::set<std::string>{"columns.Alias", "columns.Sex", "columns.Phone", "columns.IBAN",
                                           "columns.Passport", "columns.State"}));
  EXPECT_EQ(count("contributions"), 0);
  EXPECT_FALSE(import("").report);
}

}  // namespace
}  // namespace ariadne::analysis
