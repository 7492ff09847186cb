// The UN Security Council consolidated list as special notices, on the real file.
#include "notices/watchlist.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/schema.hpp"
#include "policy/accounts.hpp"
#include "sltd/index.hpp"
#include "store/audit.hpp"
#include "store/change_log.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::notices {
namespace {

const std::string kUnList = std::string(ARIADNE_TEST_DATA) + "/watchlists/UN_consolidated.xml";

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Counted here without the importer's parser: every individual opens with this tag.
std::size_t count_individuals(const std::string& xml) {
  std::size_t n = 0;
  for (auto at = xml.find("<INDIVIDUAL>"); at != std::string::npos; at = xml.find("<INDIVIDUAL>", at + 1)) ++n;
  return n;
}

class WatchlistTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::open_database(dir_.file("w.db")).value();
    ASSERT_TRUE(store::migrate(*db_, app::all_migrations()).ok());
    ASSERT_TRUE(policy::add_member(*db_, policy::system_caller(), "IPSG", "GS", policy::MemberKind::secretariat).ok());
    xml_ = read_all(kUnList);
    ASSERT_FALSE(xml_.empty()) << kUnList;
  }
  Result<WatchlistReport> import(const std::string& xml) {
    std::istringstream in(xml);
    ARIADNE_ASSIGN(auto list, parse_un_xml(in));
    return import_watchlist(*db_, list);
  }
  std::int64_t count(const std::string& sql) { return db_->query(sql)->front().integer(0); }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::string xml_;
};

TEST_F(WatchlistTest, EveryIndividualBecomesAPublishedSpecialNoticeOfTheSecretariat) {
  const auto individuals = count_individuals(xml_);
  ASSERT_GT(individuals, 0U);
  auto report = import(xml_);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->listed, individuals);
  EXPECT_TRUE(report->rejected.empty()) << report->rejected.front().reference << ": "
                                        << report->rejected.front().reason;
  EXPECT_EQ(report->added, individuals);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE source = 'un' AND status = 'published' AND type = 'special' "
                  "AND owner = 'IPSG' AND scope = 'all'"),
            static_cast<std::int64_t>(individuals));

  // One entry read back in full: CDi.001, Eric Badege.
  auto id = count("SELECT id FROM notices WHERE source_ref = 'CDi.001'");
  auto n = find_notice(*db_, id).value().value();
  ASSERT_TRUE(n.subject);
  EXPECT_EQ(n.subject->names.front().full, "ERIC BADEGE");
  EXPECT_EQ(n.subject->birth_dates, std::vector<std::string>{"1971"});
  EXPECT_EQ(n.subject->nationalities, std::vector<std::string>{"COD"});
  EXPECT_EQ(n.subject->sex, "M");
  EXPECT_EQ(n.details["sanctions_reference"], "CDi.001");
  // Country names become codes, the UN's long forms and "and" for ICU's "&" included;
  // what has no code is kept in the remarks.
  auto qdi410 = find_notice(*db_, count("SELECT id FROM notices WHERE source_ref = 'QDi.410'")).value().value();
  EXPECT_EQ(qdi410.subject->nationalities, std::vector<std::string>{"TTO"});
  EXPECT_EQ(qdi410.subject->documents.front().issuing_state, "TTO");
  auto qdi290 = find_notice(*db_, count("SELECT id FROM notices WHERE source_ref = 'QDi.290'")).value().value();
  EXPECT_NE(qdi290.details["remarks"].get<std::string>().find("nationality former Soviet Union"), std::string::npos);
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(WatchlistTest, ListedPassportsAreFoundByDocumentChecks) {
  ASSERT_TRUE(import(xml_).ok());
  auto index = sltd::DocumentIndex::build(*db_).value();
  // A Tanzanian passport the list gives for one individual.
  auto found = index->find({"AB850901", "TZA", sltd::TypeClass::passport, false}, sltd::today_epoch_day());
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, sltd::MatchKind::notice_document);
  EXPECT_GT(index->notice_documents(), 100U);
}

TEST_F(WatchlistTest, ReimportingTheSameListChangesNothing) {
  ASSERT_TRUE(import(xml_).ok());
  auto changes = store::last_change_seq(*db_).value();
  auto audit = count("SELECT COUNT(*) FROM audit_log");
  auto again = import(xml_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added + again->updated + again->cancelled, 0U);
  EXPECT_EQ(again->unchanged, count_individuals(xml_));
  EXPECT_EQ(store::last_change_seq(*db_).value(), changes);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), audit);
}

TEST_F(WatchlistTest, ANewerListUpdatesAddsAndCancelsByReference) {
  ASSERT_TRUE(import(xml_).ok());
  const auto individuals = count_individuals(xml_);
  std::string newer = xml_;
  // CDi.001 is delisted: its whole <INDIVIDUAL> goes.
  auto ref = newer.find("<REFERENCE_NUMBER>CDi.001<");
  auto open = newer.rfind("<INDIVIDUAL>", ref);
  auto close = newer.find("</INDIVIDUAL>", ref) + std::string("</INDIVIDUAL>").size();
  std::string removed = newer.substr(open, close - open);
  newer.erase(open, close - open);
  // CDi.002 changes its first name.
  auto second = newer.find("<FIRST_NAME>FRANK KAKOLELE</FIRST_NAME>");
  ASSERT_NE(second, std::string::npos);
  newer.replace(second, std::string("<FIRST_NAME>FRANK KAKOLELE</FIRST_NAME>").size(),
                "<FIRST_NAME>FRANCK KAKOLELE</FIRST_NAME>");
  auto report = import(newer);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->cancelled, 1U);
  EXPECT_EQ(report->updated, 1U);
  EXPECT_EQ(report->added, 0U);
  EXPECT_EQ(report->unchanged, individuals - 2);
  auto delisted = find_notice(*db_, count("SELECT id FROM notices WHERE source_ref = 'CDi.001'")).value().value();
  EXPECT_EQ(delisted.status, NoticeStatus::cancelled);
  auto changed = find_notice(*db_, count("SELECT id FROM notices WHERE source_ref = 'CDi.002'")).value().value();
  EXPECT_EQ(changed.subject->names.front().full, "FRANCK KAKOLELE BWAMBALE");

  // Listed again later: the same notice is published again, not a duplicate.
  auto relisted = import(xml_);
  ASSERT_TRUE(relisted.ok());
  EXPECT_EQ(relisted->added, 0U);
  EXPECT_EQ(relisted->updated, 2U);
  EXPECT_EQ(find_notice(*db_, delisted.id).value()->status, NoticeStatus::published);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices"), static_cast<std::int64_t>(individuals));
  (void)removed;
}

const std::string kOfac = std::string(ARIADNE_TEST_DATA) + "/watchlists/ofac_sdn_2019/";

// Individuals of the SDN list, counted here by the third field of each line.
std::size_t count_ofac_individuals(const std::string& csv) {
  std::size_t n = 0;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) n += line.find(",\"individual\",") != std::string::npos ? 1 : 0;
  return n;
}

Result<WatchlistReport> import_ofac(store::Database& db, const std::string& sdn) {
  std::istringstream in(sdn);
  std::ifstream alt(kOfac + "alt.csv");
  ARIADNE_ASSIGN(auto list, parse_ofac_csv(in, &alt));
  return import_watchlist(db, list);
}

TEST_F(WatchlistTest, TheOfacListsIndividualsWithTheirAliasesDocumentsAndBirthDates) {
  const std::string sdn = read_all(kOfac + "sdn.csv");
  const auto individuals = count_ofac_individuals(sdn);
  ASSERT_GT(individuals, 0U);
  auto report = import_ofac(*db_, sdn);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->listed, individuals);
  EXPECT_TRUE(report->rejected.empty());
  EXPECT_EQ(report->added, individuals);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE source = 'ofac' AND status = 'published'"),
            static_cast<std::int64_t>(individuals));

  auto n =
      find_notice(*db_, count("SELECT id FROM notices WHERE source = 'ofac' AND source_ref = '2676'")).value().value();
  EXPECT_EQ(n.subject->names.front().full, "AL ZAWAHIRI, Dr. Ayman");
  EXPECT_EQ(n.subject->names.size(), 4U) << "the name and three aliases from alt.csv";
  EXPECT_EQ(n.subject->birth_dates, std::vector<std::string>{"1951-06-19"});
  ASSERT_EQ(n.subject->documents.size(), 2U);
  EXPECT_EQ(n.subject->documents[0].number, "1084010");
  EXPECT_EQ(n.subject->documents[0].issuing_state, "EGY");
  EXPECT_EQ(n.subject->documents[0].type, "passport");
  EXPECT_NE(n.details["text"].get<std::string>().find("JIHAD GROUP"), std::string::npos) << "remarks kept whole";

  // Re-importing changes nothing; a newer list updates and cancels by entry number.
  auto seq = store::last_change_seq(*db_).value();
  auto again = import_ofac(*db_, sdn);
  EXPECT_EQ(again->unchanged, individuals);
  EXPECT_EQ(store::last_change_seq(*db_).value(), seq);
  std::string newer = sdn;
  auto line = newer.find("2677,\"AL-ZUMAR, Abbud\"");
  ASSERT_NE(line, std::string::npos);
  newer.erase(line, newer.find('\n', line) + 1 - line);
  newer.replace(newer.find("DOB 03 May 1938"), 15, "DOB 04 May 1938");
  auto updated = import_ofac(*db_, newer);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->cancelled, 1U);
  EXPECT_EQ(updated->updated, 1U);
  EXPECT_EQ(updated->unchanged, individuals - 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE source_ref = '2677' AND status = 'cancelled'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE source_ref = '2675' AND subject LIKE '%1938-05-04%'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE source = 'un'"), 0) << "the lists are apart";
}

TEST_F(WatchlistTest, AnUnreadableFileChangesNothing) {
  std::istringstream broken("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>");
  EXPECT_EQ(parse_un_xml(broken).error().code, ErrorCode::invalid_input);
  std::istringstream empty("<CONSOLIDATED_LIST/>");
  EXPECT_EQ(parse_un_xml(empty).error().code, ErrorCode::invalid_input);
  std::istringstream short_line("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\n");
  EXPECT_EQ(parse_ofac_csv(short_line, nullptr).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices"), 0);
}

// Found by fuzz_ofac_csv: a remark holding a byte that is not UTF-8 was
// stored in the notice's details, whose JSON serialisation then threw, so
// the whole import failed with an internal error.
TEST_F(WatchlistTest, AnOfacFileThatIsNotUtf8IsRefusedNamingTheLine) {
  const std::string entry =
      "10261,\"HOOKER TAYLOR, Javier\",\"individual\",\"SDNT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
      "\"DOB 19 Feb 1970; POB San Andres, Colombia.\"\n";
  std::string latin1 = entry;
  latin1.replace(latin1.find("POB San"), 3, "\xa6\xa6\xa6");
  std::istringstream sdn(entry + latin1);
  auto list = parse_ofac_csv(sdn, nullptr);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().code, ErrorCode::invalid_input);
  EXPECT_NE(list.error().fields.at(0).reason.find("the SDN list, line 2: the text is not UTF-8"), std::string::npos)
      << list.error().fields.at(0).reason;

  std::istringstream good(entry), alt("10261,1,\"aka\",\"HOOKER \xe9\",-0- \n");
  auto aliased = parse_ofac_csv(good, &alt);
  ASSERT_FALSE(aliased.ok());
  EXPECT_NE(aliased.error().fields.at(0).reason.find("the aliases, line 1"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices"), 0);
}

// A remark may hold a line break inside its quotes; the record is one entry,
// not two lines of which the second has too few fields.
TEST_F(WatchlistTest, AnOfacRemarkWithAQuotedLineBreakIsOneRecord) {
  std::istringstream sdn(
      "10261,\"HOOKER TAYLOR, Javier\",\"individual\",\"SDNT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
      "\"DOB 19 Feb 1970;\nPOB San Andres, Colombia.\"\r\n"
      "10262,\"OTHER, Person\",\"individual\",\"SDNT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");
  auto list = parse_ofac_csv(sdn, nullptr);
  ASSERT_TRUE(list.ok()) << list.error().message << " " << list.error().fields.at(0).reason;
  ASSERT_EQ(list->entries.size(), 2U);
  EXPECT_EQ(list->entries[0].reference, "10261");
  EXPECT_EQ(list->entries[1].reference, "10262");
  EXPECT_NE(list->entries[0].body.dump().find("POB San Andres"), std::string::npos);
}

TEST_F(WatchlistTest, AnAliasTheUnListMarksLowQualityIsAWeakName) {
  ASSERT_TRUE(import(xml_).ok());
  // CDi.003: "Rumuli" is listed with QUALITY Low, "Byiringiro Victor Rumuli" Good.
  auto n = find_notice(*db_, count("SELECT id FROM notices WHERE source_ref = 'CDi.003'")).value().value();
  ASSERT_TRUE(n.subject);
  auto named = [&](const std::string& full) {
    for (const auto& name : n.subject->names) {
      if (name.full == full) return name;
    }
    ADD_FAILURE() << full << " is not among the names";
    return SubjectName{};
  };
  EXPECT_TRUE(named("Rumuli").weak);
  EXPECT_EQ(named("Rumuli").kind, "alias");
  EXPECT_FALSE(named("Byiringiro Victor Rumuli").weak);
  EXPECT_FALSE(named("GASTON IYAMUREMYE").weak);
  // The quality travels with the subject's JSON, and only "good" or "low" is read.
  auto j = to_json(*n.subject);
  auto again = parse_subject(j).value();
  std::size_t weak = 0;
  for (const auto& name : again.names) weak += name.weak;
  EXPECT_EQ(weak, 1u);
  auto bad = parse_subject(nlohmann::json{{"names", {{{"full", "Rumuli"}, {"quality", "poor"}}}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "subject.names[0].quality");
}

}  // namespace
}  // namespace ariadne::notices
