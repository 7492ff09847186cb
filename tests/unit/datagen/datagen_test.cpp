#include <gtest/gtest.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "datagen/identifiers.hpp"
#include "datagen/world.hpp"
#include "ident/mrz.hpp"
#include "policy/accounts.hpp"
#include "server/schema.hpp"
#include "sltd/documents.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::datagen {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::vector<json> read_lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<json> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::map<std::string, std::string> all_files(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = slurp(e.path());
  }
  return out;
}

// One small world, generated once for the whole suite.
class SmallWorld : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto s = generate_world({dir_->file("w"), 7, Scale::small});
    ASSERT_TRUE(s.ok()) << s.error().message;
    summary_ = new WorldSummary(*s);
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete dir_;
  }
  static fs::path path(const std::string& rel) { return dir_->path() / "w" / rel; }

  static inline testing::TempDir* dir_ = nullptr;
  static inline WorldSummary* summary_ = nullptr;
};

TEST_F(SmallWorld, SameSeedGivesIdenticalFilesAndAnotherSeedDoesNot) {
  testing::TempDir other;
  ASSERT_TRUE(generate_world({other.file("same"), 7, Scale::small}).ok());
  ASSERT_TRUE(generate_world({other.file("different"), 8, Scale::small}).ok());
  auto a = all_files(dir_->path() / "w");
  auto b = all_files(other.path() / "same");
  auto c = all_files(other.path() / "different");
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, content] : a) EXPECT_TRUE(content == b[name]) << name << " differs for the same seed";
  EXPECT_NE(a["documents.jsonl"], c["documents.jsonl"]);
  EXPECT_NE(a["truth/people.jsonl"], c["truth/people.jsonl"]);
  EXPECT_NE(a["travellers.jsonl"], c["travellers.jsonl"]);
}

TEST_F(SmallWorld, CountsMatchTheScale) {
  auto counts = counts_for(Scale::small);
  EXPECT_EQ(read_lines(path("documents.jsonl")).size(), counts.documents);
  EXPECT_EQ(read_lines(path("truth/people.jsonl")).size(), counts.people);
  EXPECT_EQ(read_lines(path("travellers.jsonl")).size(), counts.travellers);
  EXPECT_EQ(read_lines(path("truth/travellers.jsonl")).size(), counts.travellers);
  EXPECT_EQ(read_lines(path("mentions.jsonl")).size(), read_lines(path("truth/persons.jsonl")).size());
  EXPECT_EQ(read_lines(path("notices.jsonl")).size(), read_lines(path("truth/notices.jsonl")).size());
  auto members = read_lines(path("members.jsonl"));
  std::map<std::string, int> kinds;
  for (const auto& m : members) ++kinds[m["kind"].get<std::string>()];
  EXPECT_GE(kinds["ncb"], 38);
  EXPECT_EQ(kinds["secretariat"], 1);
  EXPECT_EQ(kinds["partner"], 2);
  std::size_t per_member = 0;
  for (const auto& m : members) {
    if (m["kind"] != "ncb") continue;
    for (const auto& d : read_lines(path("documents/" + m["code"].get<std::string>() + ".jsonl"))) {
      EXPECT_EQ(d["owner"], m["code"]);
      ++per_member;
    }
  }
  EXPECT_EQ(per_member, counts.documents);
  std::set<std::string> member_codes;
  for (const auto& m : members) member_codes.insert(m["code"]);
  for (const auto& u : read_lines(path("users.jsonl"))) {
    EXPECT_TRUE(member_codes.count(u["member"].get<std::string>())) << u.dump();
    EXPECT_TRUE(policy::validate_username(u["username"]).ok()) << u.dump();
    EXPECT_FALSE(u.contains("password"));
  }
  EXPECT_FALSE(summary_->files.empty());
}

TEST_F(SmallWorld, EveryDocumentIsAcceptedByItsOwner) {
  auto db = store::open_database(dir_->file("d.db")).value();
  ASSERT_TRUE(store::migrate(*db, server::all_migrations()).ok());
  auto sys = policy::system_caller();
  for (const auto& m : read_lines(path("members.jsonl"))) {
    auto kind = *policy::parse_member_kind(m["kind"].get<std::string>());
    ASSERT_TRUE(policy::add_member(*db, sys, m["code"], m["name"], kind).ok()) << m.dump();
  }
  std::set<std::string> keys;
  std::map<std::string, int> statuses;
  for (const auto& d : read_lines(path("documents.jsonl"))) {
    std::string owner = d["owner"];
    policy::Caller caller{UserId{1}, "import", owner, policy::MemberKind::ncb, policy::Role::officer};
    auto parsed = sltd::parse_new_document(d, *db, caller);
    ASSERT_TRUE(parsed.ok()) << d.dump() << ": " << parsed.error().message
                             << (parsed.error().fields.empty()
                                     ? ""
                                     : " " + parsed.error().fields[0].field + " " + parsed.error().fields[0].reason);
    EXPECT_TRUE(keys.insert(d["issuing_state"].get<std::string>() + "/" + d["type"].get<std::string>() + "/" +
                            d["number"].get<std::string>())
                    .second)
        << "duplicate " << d.dump();
    ++statuses[d["status"].get<std::string>()];
  }
  for (const char* s : {"stolen", "lost", "revoked", "invalidated", "stolen_blank"}) EXPECT_GT(statuses[s], 0) << s;
}

TEST_F(SmallWorld, MrzLinesAreValidExceptTheMarkedOnes) {
  auto travellers = read_lines(path("travellers.jsonl"));
  auto truth = read_lines(path("truth/travellers.jsonl"));
  ASSERT_EQ(travellers.size(), truth.size());
  int invalid = 0, doc_hits = 0, person_hits = 0;
  for (std::size_t i = 0; i < travellers.size(); ++i) {
    const auto& t = travellers[i];
    ASSERT_EQ(t["id"], truth[i]["traveller"]);
    auto r = ident::parse_mrz(t["mrz"].get<std::string>());
    ASSERT_TRUE(r.ok());
    bool expected = truth[i]["mrz_valid"];
    EXPECT_EQ(r->valid, expected) << t.dump() << (r->errors.empty() ? "" : " " + r->errors[0].reason);
    if (!expected) {
      ++invalid;
      continue;
    }
    EXPECT_EQ(r->format, ident::MrzFormat::td3);
    EXPECT_EQ(r->document_number, t["number"]);
    EXPECT_EQ(r->issuing_state, t["issuing_state"]);
    EXPECT_EQ(r->birth_date->iso(), t["birth_date"]);
    for (const auto& reason : truth[i]["reasons"]) {
      if (reason["kind"] == "recorded_document") ++doc_hits;
      if (reason["kind"] == "wanted_person") {
        ++person_hits;
        EXPECT_FALSE(reason["variations"].empty());
      }
    }
  }
  EXPECT_GT(invalid, 0);
  EXPECT_LT(invalid, static_cast<int>(travellers.size()) / 10);
  EXPECT_GT(doc_hits, 10);
  EXPECT_GT(person_hits, 5);
}

TEST_F(SmallWorld, PhonesAndIbansAreValid) {
  int phones = 0, ibans = 0;
  for (const auto& p : read_lines(path("truth/people.jsonl"))) {
    if (p.contains("phone")) {
      ++phones;
      EXPECT_TRUE(phone_valid(p["phone"].get<std::string>())) << p["phone"] << " " << p["nationality"];
    }
    if (p.contains("iban")) {
      ++ibans;
      EXPECT_TRUE(iban_valid(p["iban"].get<std::string>())) << p["iban"];
    }
  }
  EXPECT_GT(phones, 1000);
  EXPECT_GT(ibans, 100);
  EXPECT_FALSE(iban_valid("DE89370400440532013001"));
  EXPECT_TRUE(iban_valid("DE89370400440532013000"));
}

TEST_F(SmallWorld, NativeNamesAreInTheirScript) {
  std::map<std::string, int> per_script;
  for (const auto& p : read_lines(path("truth/people.jsonl"))) {
    std::string script = p["script"];
    std::string text = p["native"]["surname"].get<std::string>() + p["native"]["given_names"].get<std::string>();
    UScriptCode expected = USCRIPT_INVALID_CODE;
    if (script == "Arab") expected = USCRIPT_ARABIC;
    if (script == "Ethi") expected = USCRIPT_ETHIOPIC;
    if (script == "Cyrl") expected = USCRIPT_CYRILLIC;
    if (script == "Grek") expected = USCRIPT_GREEK;
    if (script == "Beng") expected = USCRIPT_BENGALI;
    if (script == "Mymr") expected = USCRIPT_MYANMAR;
    if (script == "Thai") expected = USCRIPT_THAI;
    if (script == "Hani") expected = USCRIPT_HAN;
    if (script == "Latn") expected = USCRIPT_LATIN;
    ASSERT_NE(expected, USCRIPT_INVALID_CODE) << script;
    ++per_script[script];
    int32_t i = 0;
    const auto len = static_cast<int32_t>(text.size());
    while (i < len) {
      UChar32 c;
      U8_NEXT(text.data(), i, len, c);
      UErrorCode status = U_ZERO_ERROR;
      UScriptCode sc = uscript_getScript(c, &status);
      if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) continue;
      EXPECT_EQ(sc, expected) << p["id"] << " " << text;
    }
    const auto& latin = p["latin"];
    std::string l = latin["surname"].get<std::string>() + latin["given_names"].get<std::string>();
    EXPECT_FALSE(l.empty());
  }
  for (const char* s : {"Arab", "Ethi", "Cyrl", "Grek", "Beng", "Mymr", "Thai", "Hani", "Latn"}) {
    EXPECT_GT(per_script[s], 0) << s;
  }
}

TEST_F(SmallWorld, MentionsCarryLabelledVariations) {
  std::map<std::string, int> kinds;
  std::set<std::string> people;
  for (const auto& p : read_lines(path("truth/people.jsonl"))) people.insert(p["id"]);
  for (const auto& t : read_lines(path("truth/persons.jsonl"))) {
    ASSERT_FALSE(t["variations"].empty());
    EXPECT_TRUE(people.count(t["person"].get<std::string>()));
    for (const auto& k : t["variations"]) ++kinds[k.get<std::string>()];
  }
  for (const char* k : {"exact", "native_script", "transliteration", "machine_transliteration", "diacritics_dropped",
                        "typo", "swapped_order", "dropped_middle_name", "dropped_second_surname", "initials", "alias",
                        "partial_birth_date", "wrong_birth_date", "missing_birth_date"}) {
    EXPECT_GT(kinds[k], 0) << k;
  }
}

}  // namespace
}  // namespace ariadne::datagen
