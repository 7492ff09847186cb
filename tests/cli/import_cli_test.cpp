// `ariadne import documents FILE --member CODE`: exit codes, the summary, the
// rejected lines named on stderr, and batches that commit all or nothing.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace {

ariadne::testing::CommandResult run(const std::string& args) {
  return ariadne::testing::run_command(std::string(ARIADNE_BIN) + " " + args);
}

std::string doc(const std::string& number, const std::string& state = "FRA") {
  return R"({"number": ")" + number + R"(", "issuing_state": ")" + state +
         R"(", "type": "passport", "status": "stolen"})" + "\n";
}

class ImportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("import.db");
    std::ofstream(dir_.file("pw")) << "a long enough password\n";
    auto r = run("init --db " + db_ + " --admin-password-file " + dir_.file("pw"));
    ASSERT_EQ(r.code, 0) << r.out;
    ASSERT_EQ(run("member add FRA France --db " + db_).code, 0);
    ASSERT_EQ(run("member add ACME Carrier --kind partner --db " + db_).code, 0);
  }
  std::string write(const std::string& name, const std::string& content) {
    std::ofstream(dir_.file(name), std::ios::binary) << content;
    return dir_.file(name);
  }
  std::int64_t count(const std::string& sql) {
    auto db = ariadne::store::open_database(db_).value();
    return db->query(sql, {}).value().front().integer(0);
  }
  std::int64_t documents() { return count("SELECT COUNT(*) FROM documents"); }
  ariadne::testing::CommandResult run_import(const std::string& file, const std::string& extra = "") {
    return run("import documents " + file + " --member FRA --db " + db_ + " " + extra);
  }

  ariadne::testing::TempDir dir_;
  std::string db_;
};

TEST_F(ImportCliTest, AGoodFileIsImportedAsTheMembersSystemUser) {
  auto r = run_import(write("good.jsonl", doc("A1") + doc("A2") + "\n" + doc("A3")));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("accepted 3, rejected 0"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << "no progress bar when stderr is not a terminal";
  EXPECT_EQ(documents(), 3);
  // One audit entry for the batch, as the member's import user, naming the three documents.
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.create'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.bulk_create' AND username = 'import' AND "
                  "member = 'FRA' AND object = 'document:' || (SELECT MIN(id) FROM documents) || '-' || "
                  "(SELECT MAX(id) FROM documents) AND detail = '3 documents, lines 1-4'"),
            1);
  EXPECT_EQ(count("SELECT MAX(id) - MIN(id) FROM documents"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM documents WHERE owner = 'FRA' AND created_by = 'import'"), 3);
  EXPECT_EQ(run("audit verify --db " + db_).code, 0);
}

TEST_F(ImportCliTest, CsvFormatComesFromTheExtension) {
  auto r = run_import(write("docs.csv",
                            "number,issuing_state,type,status,remarks\n"
                            "C1,FRA,passport,stolen,\"with, comma\"\n"
                            "C2,FRA,identity_card,lost,\n"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(documents(), 2);
  auto forced = run_import(write("docs.txt", doc("C3")), "--format jsonl");
  EXPECT_EQ(forced.code, 0) << forced.out;
  auto unknown = run_import(write("docs.dat", doc("C4")));
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.out.find("--format"), std::string::npos) << unknown.out;
  EXPECT_EQ(documents(), 3);
}

TEST_F(ImportCliTest, RejectedLinesAreNamedAndExitTwo) {
  std::string body = doc("B1") + doc("B2", "DEU") + "{broken\n" + doc("B4");
  auto r = run_import(write("bad.jsonl", body), "--batch-size 2");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("line 2: issuing_state: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 3: malformed JSON"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lines 1-2: batch of 2 records rolled back"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("accepted 0, rejected 4"), std::string::npos) << r.out;
  EXPECT_EQ(documents(), 0);
}

TEST_F(ImportCliTest, AFullyBadFileLeavesTheDatabaseUnchanged) {
  ASSERT_EQ(run_import(write("seed.jsonl", doc("S1"))).code, 0);
  auto audit_before = count("SELECT COUNT(*) FROM audit_log");
  auto changes_before = count("SELECT COUNT(*) FROM change_log");
  auto r = run_import(write("all-bad.csv",
                            "number,issuing_state,type,status\n"
                            "S1,FRA,passport,stolen\n"
                            "S2,FRA,boat,stolen\n"
                            "S3,FRA,passport,\"broken\n"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("line 2: number: a passport S1 of FRA is already registered"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 3: type: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 4: the quoted field opened on line 4 is never closed"), std::string::npos) << r.out;
  EXPECT_EQ(documents(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), audit_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log"), changes_before);
}

TEST_F(ImportCliTest, BatchesCommitOrRollBackWhole) {
  std::string body;
  for (int i = 1; i <= 10; ++i) body += i == 7 ? doc("T7", "XXX") : doc("T" + std::to_string(i));
  auto r = run_import(write("batches.jsonl", body), "--batch-size 3");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("lines 7-9: batch of 3 records rolled back"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("accepted 7, rejected 3"), std::string::npos) << r.out;
  EXPECT_EQ(documents(), 7);
  EXPECT_EQ(count("SELECT COUNT(*) FROM documents WHERE number IN ('T7', 'T8', 'T9')"), 0);
}

TEST_F(ImportCliTest, UsageAndInputProblems) {
  auto file = write("ok.jsonl", doc("U1"));
  auto notices = run("import notices " + file + " --member FRA --db " + db_);
  EXPECT_EQ(notices.code, 2) << "a document is not a notice";
  EXPECT_NE(notices.out.find("line 1: number: is not a known field"), std::string::npos) << notices.out;
  EXPECT_EQ(run("import contribution " + file + " --member FRA --db " + db_).code, 2);
  EXPECT_EQ(run("import people " + file + " --member FRA --db " + db_).code, 2);
  auto nobody = run("import documents " + file + " --member DEU --db " + db_);
  EXPECT_EQ(nobody.code, 2);
  EXPECT_NE(nobody.out.find("DEU does not exist"), std::string::npos) << nobody.out;
  EXPECT_EQ(run("import documents " + file + " --member ACME --db " + db_).code, 2);
  EXPECT_EQ(run_import(dir_.file("missing.jsonl")).code, 2);
  EXPECT_EQ(run_import(write("empty.jsonl", "")).code, 2);
  auto header = run_import(write("header.csv", "number,issuing_state,type,status,colour\nA,FRA,P,lost,red\n"));
  EXPECT_EQ(header.code, 2);
  EXPECT_NE(header.out.find("colour"), std::string::npos) << header.out;
  EXPECT_EQ(run("import documents " + file + " --db " + db_).code, 2);  // --member missing
  EXPECT_EQ(run_import(file, "--batch-size 0").code, 2);
  EXPECT_EQ(run_import(file, "--batch-size 10001").code, 2);
  EXPECT_EQ(documents(), 0);
  EXPECT_EQ(run("import --help").code, 0);
}

TEST_F(ImportCliTest, ReadsStdinWithAFormat) {
  auto file = write("in.csv", "number,issuing_state,type,status\nI1,FRA,P,lost\n");
  auto r = run("import documents - --format csv --member FRA --db " + db_ + " < " + file);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(documents(), 1);
  EXPECT_EQ(run("import documents - --member FRA --db " + db_ + " < " + file).code, 2);  // format unknown
}

TEST_F(ImportCliTest, HostileBytesDoNotCrash) {
  std::string garbage;
  for (int i = 0; i < 200000; ++i) garbage += static_cast<char>((i * 7919) % 256);
  auto r = run_import(write("garbage.jsonl", garbage));
  EXPECT_EQ(r.code, 2) << r.out.substr(0, 2000);
  auto csv = run_import(write("garbage.csv", "number,issuing_state,type,status\n" + garbage));
  EXPECT_EQ(csv.code, 2) << csv.out.substr(0, 2000);
  EXPECT_EQ(documents(), 0);
}

std::string red(const std::string& name, bool with_warrant = true) {
  return R"({"type": "red", "subject": {"names": [{"full": ")" + name +
         R"("}], "birth_date": "1985-04-12", "nationalities": ["SYR"]}, "offence": "trafficking in human beings",)" +
         R"( "legal_basis": "Code penal")" + (with_warrant ? R"(, "warrant": "MA-1")" : "") + "}\n";
}

TEST_F(ImportCliTest, NoticesAreDraftedInAllOrNothingBatchesWithBadLinesNamed) {
  auto r =
      run("import notices " +
          write("n.jsonl", red("Ali Hassan") + R"({"type": "violet"})" + "\n" + red("Omar Farah") + red("Yusuf Said")) +
          " --member FRA --batch-size 2 --db " + db_);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("line 2: type:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("accepted 2 (drafts), rejected 2 (1 of 2 batches rolled back)"), std::string::npos) << r.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE status = 'draft' AND owner = 'FRA'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE search_names LIKE '%ali hassan%'"), 0) << "rolled back";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.create' AND username = 'import'"), 2);

  r = run("import notices " + write("bad.jsonl", "not json\n") + " --member FRA --db " + db_);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("line 1: malformed JSON"), std::string::npos) << r.out;
  EXPECT_EQ(run("import notices " + write("empty.jsonl", "\n") + " --member FRA --db " + db_).code, 2);
  EXPECT_EQ(run("import notices " + dir_.file("n.jsonl") + " --member ACME --db " + db_).code, 2) << "a partner";
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices"), 2);
}

TEST_F(ImportCliTest, SubmitRunsTheComplianceChecksAndRollsBackTheBatchOfALineThatFails) {
  auto r = run("import notices " + write("s.jsonl", red("Ali Hassan") + red("Omar Farah", false)) +
               " --member FRA --submit --db " + db_);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("line 2: warrant:"), std::string::npos) << r.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices"), 0);
  r = run("import notices " + write("ok.jsonl", red("Ali Hassan") + red("Omar Farah")) +
          " --member FRA --submit --db " + db_);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("accepted 2 (submitted)"), std::string::npos) << r.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE status = 'submitted'"), 2);
}

TEST_F(ImportCliTest, TheUnListBecomesSpecialNoticesAndAReimportChangesNothing) {
  const std::string list = std::string(ARIADNE_TEST_DATA) + "/watchlists/UN_consolidated.xml";
  std::ifstream in(list);
  std::string line;
  std::int64_t individuals = 0;
  while (std::getline(in, line)) individuals += line.find("<INDIVIDUAL>") != std::string::npos ? 1 : 0;
  ASSERT_GT(individuals, 0);
  auto r = run("import watchlist " + list + " --format un-xml --db " + db_);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(R"("added":)" + std::to_string(individuals) + ","), std::string::npos) << r.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE source = 'un' AND status = 'published' AND owner = 'IPSG'"),
            individuals);
  r = run("import watchlist " + list + " --format un-xml --db " + db_);
  EXPECT_NE(r.out.find(R"("unchanged":)" + std::to_string(individuals) + ","), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("added":0,)"), std::string::npos) << r.out;

  EXPECT_EQ(run("import watchlist " + list + " --format ofac-csv --db " + db_).code, 2)
      << "an XML file is not the SDN list";
  EXPECT_EQ(run("import watchlist " + std::string(ARIADNE_TEST_DATA) +
                "/watchlists/ofac_sdn_2019/sdn.csv --format ofac-csv --db " + db_)
                .code,
            0);
  EXPECT_GT(count("SELECT COUNT(*) FROM notices WHERE source = 'ofac' AND subject LIKE '%\"kind\":\"alias\"%'"), 0)
      << "aliases come from alt.csv beside sdn.csv";
  EXPECT_EQ(run("import watchlist " + list + " --db " + db_).code, 2) << "the format is required";
  EXPECT_EQ(run("import watchlist " + list + " --format un-xml --member FRA --db " + db_).code, 2);
  EXPECT_EQ(run("import watchlist " + write("x.xml", "<list>") + " --format un-xml --db " + db_).code, 2);
  EXPECT_EQ(run("import documents " + write("d.jsonl", doc("M1")) + " --db " + db_).code, 2) << "no --member";
  EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE source = 'un'"), individuals);
}

// The synthetic world's case packages are the import format as it is: every
// member's file imports whole, as that member; and the routes the file shows
// are the networks' true ones.
TEST_F(ImportCliTest, TheWorldsCasePackagesImportWhole) {
  const std::string world = dir_.file("world");
  auto made = run("datagen --out " + world + " --scale small --seed 11");
  ASSERT_EQ(made.code, 0) << made.out;
  std::ifstream members(world + "/members.jsonl");
  std::string line;
  while (std::getline(members, line)) {
    auto m = nlohmann::json::parse(line);
    const std::string code = m["code"];
    if (code == "IPSG" || code == "FRA" || code == "ACME") continue;
    ASSERT_EQ(run("member add " + code + " X --kind " + m["kind"].get<std::string>() + " --db " + db_).code, 0);
  }
  std::int64_t packages = 0;
  std::string foreign;  // a file of another member than FRA
  for (const auto& file : std::filesystem::directory_iterator(world + "/contributions")) {
    const std::string code = file.path().stem().string();
    if (std::filesystem::file_size(file.path()) == 0) continue;  // a member that saw no case
    if (code != "FRA") foreign = file.path().string();
    auto r = run("import contribution " + file.path().string() + " --member " + code + " --db " + db_);
    ASSERT_EQ(r.code, 0) << code << ": " << r.out;
    std::ifstream in(file.path());
    while (std::getline(in, line)) ++packages;
  }
  ASSERT_GT(packages, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions"), packages);
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions WHERE created_by = 'import'"), packages);
  // Every person mention is resolved to a person entity by the import.
  EXPECT_EQ(count("SELECT COUNT(*) FROM entity_mentions em JOIN entities e ON e.id = em.entity WHERE e.kind = "
                  "'person'"),
            count("SELECT COUNT(*) FROM mentions WHERE kind = 'person'"));
  EXPECT_LT(count("SELECT COUNT(DISTINCT entity) FROM entity_mentions em JOIN mentions m ON m.id = em.mention "
                  "WHERE m.kind = 'person'"),
            count("SELECT COUNT(*) FROM mentions WHERE kind = 'person'"))
      << "members mention some of the same people";
  // A package of another member is refused, with its line and field.
  ASSERT_FALSE(foreign.empty());
  auto other = run("import contribution " + foreign + " --member FRA --db " + db_);
  EXPECT_EQ(other.code, 2);
  EXPECT_NE(other.out.find("line 1: member: must be the contributing member, FRA"), std::string::npos) << other.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions"), packages);
  EXPECT_EQ(run("audit verify --db " + db_).code, 0);

  // Routes: each corridor found is (part of) a network's true route, and
  // nearly every true route is found whole, though each member saw only the
  // crossings on its borders.
  auto routes = run("analyze routes --db " + db_ + " --out " + dir_.file("routes.json"));
  ASSERT_EQ(routes.code, 0) << routes.out;
  std::set<std::vector<std::string>> truth;
  std::ifstream networks(world + "/truth/networks.jsonl");
  while (std::getline(networks, line)) {
    const auto network = nlohmann::json::parse(line);
    for (const auto& r : network["routes"]) truth.insert(r.get<std::vector<std::string>>());
  }
  const auto within = [&](const std::vector<std::string>& part) {
    return std::any_of(truth.begin(), truth.end(), [&](const auto& whole) {
      return std::search(whole.begin(), whole.end(), part.begin(), part.end()) != whole.end();
    });
  };
  std::ifstream routes_file(dir_.file("routes.json"));
  const auto found = nlohmann::json::parse(routes_file);
  std::set<std::vector<std::string>> corridors;
  for (const auto& c : found["corridors"]) {
    const auto route = c["route"].get<std::vector<std::string>>();
    EXPECT_TRUE(within(route)) << c.dump();
    corridors.insert(route);
  }
  std::size_t whole = 0;
  for (const auto& r : truth) whole += corridors.contains(r) ? 1 : 0;
  EXPECT_GE(double(whole), 0.9 * double(truth.size())) << whole << " of " << truth.size() << " true routes found";
  auto trends = run("analyze trends --by route --db " + db_ + " --out " + dir_.file("trends.json"));
  ASSERT_EQ(trends.code, 0) << trends.out;
  std::ifstream trends_file(dir_.file("trends.json"));
  const auto series = nlohmann::json::parse(trends_file)["series"];
  ASSERT_FALSE(series.empty());
  std::size_t people = 0;
  for (const auto& s : series) people += s["total"].get<std::size_t>();
  std::size_t legs = 0;
  for (const auto& l : found["legs"]) legs += l["people"].get<std::size_t>();
  EXPECT_EQ(people, legs) << "trends count what the routes' borders count";
}

TEST_F(ImportCliTest, ASpreadsheetImportsThroughItsColumnMapping) {
  const auto csv = write("cases.csv",
                         "Case,Date,Name,Born,Mobile\n"
                         "FRA-9,2026-01-05,Yacine Benali,1990-03-04,06 12 34 56 78\n"
                         "FRA-9,2026-01-05,Karim Benali,1993,\n"
                         "FRA-10,2026-01-07,Nadia Saidi,,+33 6 12 34 56 79\n");
  const auto mapping = write("map.json", R"({"case": {"column": "Case"}, "crime_type": "migrant_smuggling",
    "reported_on": {"column": "Date"}, "restriction": {"scope": "all"},
    "columns": {"Name": "person.names", "Born": "person.birth_date", "Mobile": "phone.number"}})");
  auto r = run("import contribution " + csv + " --member FRA --mapping " + mapping + " --db " + db_);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("accepted 2 packages"), std::string::npos) << r.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM mention_links WHERE kind = 'uses'"), 2);
  // A mapping naming a column the file lacks: refused before any row, nothing stored.
  const auto wrong = write("wrong.json", R"({"case": {"column": "Case"}, "crime_type": "migrant_smuggling",
    "reported_on": {"column": "Date"}, "restriction": {"scope": "all"},
    "columns": {"Name": "person.names", "Passport no": "document.number"}})");
  const auto other = write("other.csv", "Case,Date,Name\nFRA-11,2026-01-08,Omar Haddad\n");
  auto refused = run("import contribution " + other + " --member FRA --mapping " + wrong + " --db " + db_);
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.out.find("columns.Passport no"), std::string::npos) << refused.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions"), 2);
  EXPECT_EQ(run("import contribution " + other + " --member FRA --db " + db_).code, 2) << "a CSV needs its mapping";
}

TEST_F(ImportCliTest, CasesGoOutAsFollowTheMoneyAndComeBackIn) {
  auto one_line = [](const char* text) { return nlohmann::json::parse(text).dump() + "\n"; };
  const auto packages = write(
      "fra.jsonl",
      one_line(
          R"({"case": "FRA-2026-000301", "member": "FRA", "crime_type": "migrant_smuggling", "reported_on": "2026-01-05",
        "restriction": {"scope": "all"}, "entities": [
        {"id": "e1", "kind": "person", "names": [{"full": "Yacine Benali"}], "birth_date": "1990-03-04", "sex": "M"},
        {"id": "e2", "kind": "phone", "number": "+33612345678"},
        {"id": "e3", "kind": "vehicle", "plate": "AB-123-CD", "country": "FRA"}],
        "relationships": [{"from": "e1", "to": "e2", "kind": "uses"}, {"from": "e1", "to": "e3", "kind": "drives"}],
        "events": []})") +
          one_line(
              R"({"case": "FRA-2026-000302", "member": "FRA", "crime_type": "migrant_smuggling", "reported_on": "2026-01-06",
        "restriction": {"scope": "owner"}, "entities": [
        {"id": "e1", "kind": "person", "names": [{"full": "Nadia Saidi"}], "victim": true},
        {"id": "e2", "kind": "person", "names": [{"full": "Karim Benali"}]}],
        "relationships": [{"from": "e2", "to": "e1", "kind": "exploits"}], "events": []})"));
  ASSERT_EQ(run("import contribution " + packages + " --member FRA --db " + db_).code, 0);
  const auto ftm = dir_.file("fra.ftm.jsonl");
  auto out = run("export contribution --member FRA --format ftm --out " + ftm + " --db " + db_);
  ASSERT_EQ(out.code, 0) << out.out;
  EXPECT_NE(out.out.find("2 packages, 3 lines, 1 victims withheld"), std::string::npos) << out.out;
  auto native = run("export contribution --member FRA --case FRA-2026-000302 --db " + db_);
  ASSERT_EQ(native.code, 0) << native.out;
  EXPECT_NE(native.out.find("Nadia Saidi"), std::string::npos) << "the owner's own packages are whole";

  // Into another store, as the same member: the cases by their datasets.
  const std::string other = dir_.file("other.db");
  ASSERT_EQ(run("init --db " + other + " --admin-password-file " + dir_.file("pw")).code, 0);
  ASSERT_EQ(run("member add FRA France --db " + other).code, 0);
  auto in = run("import contribution " + ftm +
                " --format ftm --member FRA --crime-type migrant_smuggling "
                "--restriction owner --db " +
                other);
  ASSERT_EQ(in.code, 0) << in.out;
  EXPECT_NE(in.out.find("accepted 2 packages (4 entities and events"), std::string::npos) << in.out;
  auto db = ariadne::store::open_database(other).value();
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM mention_links WHERE kind IN ('uses', 'drives')")->front().integer(0), 2);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM contributions WHERE scope = 'owner'")->front().integer(0), 2);

  // What FtM cases need said, and options that are for FtM only.
  EXPECT_EQ(run("import contribution " + ftm + " --format ftm --member FRA --restriction all --db " + other).code, 2)
      << "no crime type";
  EXPECT_EQ(
      run("import contribution " + ftm + " --format ftm --member FRA --crime-type migrant_smuggling --db " + other)
          .code,
      2)
      << "no restriction";
  EXPECT_EQ(run("import contribution " + packages + " --member FRA --case X --db " + other).code, 2);
  EXPECT_EQ(run("export contribution --member FRA --format xml --db " + db_).code, 2);
  EXPECT_NE(run("export contribution --member FRA --case NONE --db " + db_).code, 0);
}

}  // namespace
