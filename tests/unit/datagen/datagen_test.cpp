#include <gtest/gtest.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "datagen/identifiers.hpp"
#include "datagen/tables.hpp"
#include "datagen/world.hpp"
#include "datagen/world_internal.hpp"
#include "ident/mrz.hpp"
#include "notices/notices.hpp"
#include "policy/accounts.hpp"
#include "sltd/bulk.hpp"
#include "sltd/checks.hpp"
#include "sltd/documents.hpp"
#include "sltd/index.hpp"
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
  // A real SQLite database with the schema and the world's members.
  static std::unique_ptr<store::Database> database_with_members(const std::string& name) {
    auto db = store::open_database(dir_->file(name)).value();
    EXPECT_TRUE(store::migrate(*db, app::all_migrations()).ok());
    auto sys = policy::system_caller();
    for (const auto& m : read_lines(path("members.jsonl"))) {
      auto kind = *policy::parse_member_kind(m["kind"].get<std::string>());
      EXPECT_TRUE(policy::add_member(*db, sys, m["code"], m["name"], kind).ok()) << m.dump();
    }
    return db;
  }

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
  for (const char* f : {"truth/networks.jsonl", "contributions.jsonl", "truth/contributions.jsonl", "notices.jsonl",
                        "diffusions.jsonl"}) {
    EXPECT_FALSE(a[f].empty()) << f;
    EXPECT_NE(a[f], c[f]) << f;
  }
}

TEST_F(SmallWorld, CountsMatchTheScale) {
  auto counts = counts_for(Scale::small);
  EXPECT_EQ(read_lines(path("documents.jsonl")).size(), counts.documents);
  EXPECT_EQ(read_lines(path("truth/people.jsonl")).size(), counts.people);
  EXPECT_EQ(read_lines(path("travellers.jsonl")).size(), counts.travellers);
  EXPECT_EQ(read_lines(path("truth/travellers.jsonl")).size(), counts.travellers);
  EXPECT_EQ(read_lines(path("mentions.jsonl")).size(), read_lines(path("truth/persons.jsonl")).size());
  EXPECT_EQ(read_lines(path("notices.jsonl")).size(), read_lines(path("truth/notices.jsonl")).size());
  EXPECT_EQ(read_lines(path("diffusions.jsonl")).size(), read_lines(path("truth/diffusions.jsonl")).size());
  EXPECT_EQ(read_lines(path("truth/networks.jsonl")).size(), counts.networks);
  EXPECT_EQ(summary_->networks, counts.networks);
  EXPECT_EQ(read_lines(path("contributions.jsonl")).size(), summary_->contributions);
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
  auto db = database_with_members("d.db");
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

TEST(BlankSeries, CoversANumberInsideAnySeriesOfItsLength) {
  internal::BlankSeries s;
  s.add("A1000", "A1900");  // a long series and a short one inside its reach
  s.add("A1200", "A1210");
  s.add("A2000", "A2010");
  s.add("B10", "B20");
  s.seal();
  EXPECT_TRUE(s.covers("A1000"));
  EXPECT_TRUE(s.covers("A1500"));  // after the short series' end, still in the long one
  EXPECT_TRUE(s.covers("A1900"));
  EXPECT_FALSE(s.covers("A1901"));
  EXPECT_FALSE(s.covers("A0999"));
  EXPECT_TRUE(s.covers("A2005"));
  EXPECT_FALSE(s.covers("A2011"));
  EXPECT_TRUE(s.covers("B15"));
  EXPECT_FALSE(s.covers("B150"));  // another length: no series of that length
  EXPECT_FALSE(internal::BlankSeries{}.covers("A1500"));
}

// The truth's document hits are exactly what a check finds: a genuine
// traveller's number is neither a recorded number nor inside a stolen-blank
// series of its state (a check without a type matches any of them).
TEST_F(SmallWorld, ATravellerHitsARecordedDocumentExactlyWhenTheTruthSaysSo) {
  auto db = database_with_members("checks.db");
  for (const auto& entry : fs::directory_iterator(path("documents"))) {
    std::string owner = entry.path().stem().string();
    policy::Caller caller{UserId{1}, "import", owner, policy::MemberKind::ncb, policy::Role::officer};
    auto imported = sltd::import_documents(*db, caller, std::string_view(slurp(entry.path())), sltd::BulkOptions{});
    ASSERT_TRUE(imported.ok()) << owner << ": " << imported.error().message;
    ASSERT_TRUE(imported->errors.empty()) << owner << " line " << imported->errors[0].line;
  }
  auto index = sltd::DocumentIndex::build(*db);
  ASSERT_TRUE(index.ok()) << index.error().message;
  auto travellers = read_lines(path("travellers.jsonl"));
  auto truth = read_lines(path("truth/travellers.jsonl"));
  ASSERT_EQ(travellers.size(), truth.size());
  const auto today = sltd::today_epoch_day();
  int hits = 0;
  for (std::size_t i = 0; i < travellers.size(); ++i) {
    bool recorded = false, in_series = false;
    for (const auto& reason : truth[i]["reasons"]) {
      recorded = recorded || reason["kind"] == "recorded_document";
      in_series = in_series || reason.value("in_blank_range", false);
    }
    sltd::Lookup q{travellers[i]["number"], travellers[i]["issuing_state"].get<std::string>(), std::nullopt, false};
    auto found = (*index)->find(q, today);
    EXPECT_EQ(!found.empty(), recorded) << travellers[i].dump() << " " << truth[i].dump();
    if (in_series) {
      EXPECT_TRUE(std::any_of(found.begin(), found.end(), [](const auto& c) {
        return c.kind == sltd::MatchKind::range;
      })) << travellers[i].dump();
    }
    hits += recorded ? 1 : 0;
  }
  EXPECT_GT(hits, 10);
}

TEST_F(SmallWorld, MrzLinesAreValidExceptTheMarkedOnes) {
  auto travellers = read_lines(path("travellers.jsonl"));
  auto truth = read_lines(path("truth/travellers.jsonl"));
  auto visas = read_lines(path("visas.jsonl"));
  std::size_t next_visa = 0;
  ASSERT_EQ(travellers.size(), truth.size());
  int invalid = 0, doc_hits = 0, person_hits = 0;
  std::map<std::string, int> formats;     // valid ones per layout
  std::map<std::string, int> invalid_of;  // invalid ones per layout
  for (std::size_t i = 0; i < travellers.size(); ++i) {
    const auto& t = travellers[i];
    ASSERT_EQ(t["id"], truth[i]["traveller"]);
    auto r = ident::parse_mrz(t["mrz"].get<std::string>());
    ASSERT_TRUE(r.ok());
    bool expected = truth[i]["mrz_valid"];
    EXPECT_EQ(r->valid, expected) << t.dump() << (r->errors.empty() ? "" : " " + r->errors[0].reason);
    const bool card = t["type"] == "identity_card";
    // Every record is a passenger-list check request as it is.
    EXPECT_TRUE(sltd::parse_check_request(t).ok()) << t.dump();
    if (truth[i].contains("visa_mrz_valid")) {
      ASSERT_LT(next_visa, visas.size());
      const auto& v = visas[next_visa++];
      ASSERT_EQ(v["id"], t["id"]);
      EXPECT_TRUE(sltd::parse_check_request(v).ok()) << v.dump();
      auto rv = ident::parse_mrz(v["mrz"].get<std::string>());
      ASSERT_TRUE(rv.ok());
      bool visa_expected = truth[i]["visa_mrz_valid"];
      EXPECT_EQ(rv->valid, visa_expected) << v.dump() << (rv->errors.empty() ? "" : " " + rv->errors[0].reason);
      if (visa_expected) {
        const std::string format = truth[i]["visa_format"];
        EXPECT_EQ(rv->format, format == "MRVA" ? ident::MrzFormat::mrva : ident::MrzFormat::mrvb);
        EXPECT_EQ(rv->document_number, v["number"]);
        EXPECT_EQ(rv->issuing_state, t["arrival"]);
        EXPECT_EQ(rv->issuing_state, v["issuing_state"]);
        EXPECT_EQ(rv->nationality, t["nationality"]);
        ++formats[format];
      } else {
        EXPECT_TRUE(truth[i].contains("visa_mrz_error"));
        ++invalid_of["visa"];
      }
    }
    if (!expected) {
      ++invalid;
      ++invalid_of[card ? "TD1" : "TD3"];
      continue;
    }
    EXPECT_EQ(r->format, card ? ident::MrzFormat::td1 : ident::MrzFormat::td3);
    ++formats[card ? "TD1" : "TD3"];
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
  for (const char* f : {"TD3", "TD1", "MRVA", "MRVB"}) EXPECT_GT(formats[f], 10) << f;
  for (const char* f : {"TD3", "TD1", "visa"}) EXPECT_GT(invalid_of[f], 0) << f;
  EXPECT_EQ(next_visa, visas.size());
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
  int network_phones = 0, network_ibans = 0;
  for (const auto& n : read_lines(path("truth/networks.jsonl"))) {
    for (const auto& a : n["assets"]) {
      if (a["kind"] == "phone") {
        ASSERT_TRUE(a["valid"].get<bool>());
        EXPECT_TRUE(phone_valid(a["value"].get<std::string>())) << a.dump();
        ++network_phones;
      }
      if (a["kind"] == "account" && a["iban"].get<bool>()) {
        EXPECT_TRUE(iban_valid(a["value"].get<std::string>())) << a.dump();
        ++network_ibans;
      }
    }
  }
  EXPECT_GT(network_phones, 100);
  EXPECT_GT(network_ibans, 10);
  EXPECT_FALSE(iban_valid("DE89370400440532013001"));
  EXPECT_TRUE(iban_valid("DE89370400440532013000"));
}

TEST_F(SmallWorld, DifferentAssetsNeverShareAnIdentifier) {
  // A phone number, or a document number of one issuing state, belongs to
  // one asset: two would be linked as one entity by every member.
  std::map<std::string, std::string> owner;  // kind:country:value → asset id
  std::size_t assets = 0;
  for (const auto& n : read_lines(path("truth/networks.jsonl"))) {
    for (const auto& a : n["assets"]) {
      if (a["kind"] != "phone" && a["kind"] != "document") continue;
      ++assets;
      const auto value = a["value"].get<std::string>();
      EXPECT_EQ(value.find('%'), std::string::npos) << a.dump() << ": a layout placeholder left unfilled";
      const auto key = a["kind"].get<std::string>() + ":" +
                       (a["kind"] == "document" ? a["country"].get<std::string>() : "") + ":" + value;
      const auto [it, fresh] = owner.emplace(key, a["id"].get<std::string>());
      EXPECT_TRUE(fresh || it->second == a["id"]) << key << " is " << it->second << " and " << a["id"];
    }
  }
  EXPECT_GT(assets, 100U);
}

TEST(Layouts, EveryPlaceholderIsFilled) {
  Rng rng(7, 1);
  for (int i = 0; i < 200; ++i) {
    const auto german = fill_layout("C%%%%%%%%", rng);
    ASSERT_EQ(german.size(), 9U);
    EXPECT_EQ(german[0], 'C');
    for (char c : german.substr(1)) {
      EXPECT_NE(std::string_view("0123456789CFGHJKLMNPRTVWXYZ").find(c), std::string_view::npos) << german;
    }
    const auto mixed = fill_layout("@@##*-", rng);
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(mixed[0])) &&
                std::isdigit(static_cast<unsigned char>(mixed[2])))
        << mixed;
    EXPECT_EQ(mixed[5], '-');
  }
}

TEST(Phones, ARegionWithFewValidNumbersStillGivesDistinctOnes) {
  PhoneMaker maker;
  Rng rng(11, 1);
  for (const char* region : {"MT", "NG", "IT", "CI"}) {
    std::set<std::string> numbers;
    for (int i = 0; i < 200; ++i) {
      const auto n = maker.mobile(region, rng);
      EXPECT_TRUE(phone_valid(n)) << region << " " << n;
      numbers.insert(n);
    }
    EXPECT_GE(numbers.size(), 190U) << region << ": numbers repeat";
  }
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

std::set<std::string> corridor_countries(const json& network) {
  std::set<std::string> out;
  for (const auto& id : network["corridors"]) {
    for (const auto& c : corridors()) {
      if (c.id != id.get<std::string>()) continue;
      std::string code;
      for (char ch : std::string(c.stages) + "|") {
        if (ch == ',' || ch == '|') {
          out.insert(code);
          code.clear();
        } else {
          code += ch;
        }
      }
    }
  }
  return out;
}

TEST_F(SmallWorld, NetworksActOnTheirCorridorsWithPeopleOfTheWorld) {
  std::map<std::string, json> people;
  for (const auto& p : read_lines(path("truth/people.jsonl"))) people[p["id"]] = p;
  std::map<std::string, int> kinds, roles, events;
  for (const auto& n : read_lines(path("truth/networks.jsonl"))) {
    ++kinds[n["kind"].get<std::string>()];
    auto allowed = corridor_countries(n);
    ASSERT_FALSE(allowed.empty()) << n["id"];
    for (const auto& route : n["routes"]) {
      ASSERT_GE(route.size(), 2U);
      for (const auto& c : route) EXPECT_TRUE(allowed.count(c.get<std::string>())) << n["id"] << " " << c;
    }
    std::set<std::string> ids;
    for (const auto& p : n["people"]) {
      ASSERT_TRUE(people.count(p["person"].get<std::string>())) << p.dump();
      EXPECT_EQ(people[p["person"]]["network"], n["id"]);
      EXPECT_EQ(people[p["person"]]["role"], p["role"]);
      ++roles[p["role"].get<std::string>()];
      ids.insert(p["person"].get<std::string>());
    }
    for (const auto& a : n["assets"]) {
      ids.insert(a["id"].get<std::string>());
      if (a.contains("holder")) {
        EXPECT_TRUE(people.count(a["holder"].get<std::string>())) << a.dump();
      }
    }
    ASSERT_FALSE(n["events"].empty());
    for (const auto& e : n["events"]) {
      ++events[e["kind"].get<std::string>()];
      EXPECT_TRUE(allowed.count(e["country"].get<std::string>())) << n["id"] << " " << e.dump();
      if (e.contains("from")) {
        EXPECT_TRUE(allowed.count(e["from"].get<std::string>())) << e.dump();
        EXPECT_TRUE(allowed.count(e["to"].get<std::string>())) << e.dump();
      }
      EXPECT_GE(e["date"].get<std::string>(), n["start"].get<std::string>()) << e.dump();
      EXPECT_LE(e["date"].get<std::string>(), n["end"].get<std::string>()) << e.dump();
      for (const auto& p : e["people"]) EXPECT_TRUE(ids.count(p.get<std::string>())) << e.dump();
      for (const auto& a : e["assets"]) EXPECT_TRUE(ids.count(a.get<std::string>())) << e.dump();
      if (e.contains("place")) {
        EXPECT_TRUE(ids.count(e["place"].get<std::string>())) << e.dump();
      }
    }
  }
  EXPECT_GT(kinds["smuggling"], 5);
  EXPECT_GT(kinds["trafficking"], 5);
  for (const char* r : {"organiser", "recruiter", "driver", "boat_captain", "forger", "money_handler", "transporter",
                        "exploiter", "migrant", "victim"}) {
    EXPECT_GT(roles[r], 0) << r;
  }
  for (const char* k : {"recruitment", "payment", "call", "border_crossing", "rescue", "arrest", "death_in_transit",
                        "exploitation", "document_supply"}) {
    EXPECT_GT(events[k], 0) << k;
  }
}

TEST_F(SmallWorld, ContributionsOverlapAcrossMembersAsTheTruthSays) {
  // What exists: people, the networks' assets and events.
  std::set<std::string> people, event_ids, networks;
  for (const auto& p : read_lines(path("truth/people.jsonl"))) people.insert(p["id"]);
  std::map<std::string, std::string> kind_of, value_of, role_of;
  for (const auto& n : read_lines(path("truth/networks.jsonl"))) {
    networks.insert(n["id"]);
    for (const auto& p : n["people"]) role_of[p["person"]] = p["role"];
    for (const auto& a : n["assets"]) {
      kind_of[a["id"]] = a["kind"];
      value_of[a["id"]] = a["value"];
    }
    for (const auto& e : n["events"]) event_ids.insert(e["id"]);
  }
  // Every package is well formed: local ids unique, and everything it refers to is in it.
  std::map<std::pair<std::string, std::string>, std::string> local_kind;  // (case, id) → kind
  std::map<std::pair<std::string, std::string>, std::string> phone_as_recorded;
  std::vector<std::pair<std::string, std::string>> transporters;  // (case, local id) of each `transported` source
  std::set<std::string> cases;
  for (const auto& c : read_lines(path("contributions.jsonl"))) {
    std::string case_id = c["case"];
    EXPECT_TRUE(cases.insert(case_id).second) << case_id;
    EXPECT_TRUE(c["crime_type"] == "migrant_smuggling" || c["crime_type"] == "trafficking_in_human_beings");
    EXPECT_TRUE(c["restriction"].contains("scope"));
    std::set<std::string> locals;
    for (const auto& e : c["entities"]) {
      EXPECT_TRUE(locals.insert(e["id"]).second);
      if (e["kind"] == "phone") phone_as_recorded[{case_id, e["id"]}] = e["number"];
      local_kind[{case_id, e["id"]}] = e["kind"];
      if (e["kind"] == "person") {
        EXPECT_FALSE(e["names"].empty());
      }
    }
    for (const auto& r : c["relationships"]) {
      EXPECT_TRUE(locals.count(r["from"].get<std::string>()) && locals.count(r["to"].get<std::string>())) << r.dump();
      if (r["kind"] == "transported") transporters.emplace_back(case_id, r["from"]);
    }
    for (const auto& e : c["events"]) {
      local_kind[{case_id, e["id"]}] = "event";
      for (const auto& p : e["participants"]) EXPECT_TRUE(locals.count(p.get<std::string>())) << e.dump();
      if (e.contains("place")) {
        EXPECT_EQ(local_kind[std::make_pair(case_id, e["place"].get<std::string>())], "place");
      }
    }
  }
  // Every contributed entity resolves to a true one of the same kind; count who contributed what.
  std::map<std::string, std::set<std::string>> members_of;  // true id → members
  std::map<std::string, std::string> network_of, true_kind;
  std::map<std::pair<std::string, std::string>, std::string> truth_of;  // (case, local id) → true id
  std::size_t truth_lines = 0;
  for (const auto& t : read_lines(path("truth/contributions.jsonl"))) {
    ++truth_lines;
    std::string truth = t["truth"], kind = t["kind"];
    truth_of[{t["case"], t["id"]}] = truth;
    EXPECT_EQ(local_kind[std::make_pair(t["case"].get<std::string>(), t["id"].get<std::string>())], kind) << t.dump();
    EXPECT_TRUE(networks.count(t["network"].get<std::string>()));
    if (kind == "event") {
      EXPECT_TRUE(event_ids.count(truth)) << t.dump();
      continue;
    }
    if (kind == "phone") {  // as recorded: E.164, or as dialled in the country
      const auto& recorded =
          phone_as_recorded[std::make_pair(t["case"].get<std::string>(), t["id"].get<std::string>())];
      EXPECT_TRUE(recorded == value_of[truth] || recorded == phone_national(value_of[truth])) << t.dump();
      EXPECT_EQ(recorded != value_of[truth], t["variations"][0] == "national_format") << t.dump();
    }
    if (kind == "person")
      EXPECT_TRUE(people.count(truth)) << t.dump();
    else
      EXPECT_EQ(kind_of[truth], kind) << t.dump();
    members_of[truth].insert(t["member"]);
    network_of[truth] = t["network"];
    true_kind[truth] = kind;
  }
  EXPECT_EQ(truth_lines, local_kind.size());
  // Who transported others is crew: migrants crossing on their own transported nobody.
  ASSERT_FALSE(transporters.empty());
  for (const auto& t : transporters) {
    const auto& role = role_of[truth_of[t]];
    EXPECT_TRUE(role != "migrant" && role != "victim") << t.first << " " << t.second << " is a " << role;
  }
  std::uint64_t shared = 0;
  std::set<std::string> overlapping;
  for (const auto& [id, members] : members_of) {
    if (members.size() < 2) continue;
    ++shared;
    if (true_kind[id] == "person" || true_kind[id] == "phone") overlapping.insert(network_of[id]);
  }
  EXPECT_EQ(shared, summary_->shared_entities);
  auto manifest = read_lines(path("manifest.json")).front();
  EXPECT_EQ(manifest["shared_entities"], summary_->shared_entities);
  EXPECT_EQ(manifest["networks_with_overlap"], summary_->networks_with_overlap);
  EXPECT_EQ(manifest["contributions"], summary_->contributions);
  EXPECT_EQ(overlapping.size(), summary_->networks_with_overlap);
  EXPECT_EQ(overlapping.size(), networks.size()) << "every network is seen by two members through a person or phone";
}

TEST_F(SmallWorld, EveryNoticeAndDiffusionIsAcceptedByTheNoticesModule) {
  auto db = database_with_members("n.db");
  std::set<std::string> people, networks;
  for (const auto& p : read_lines(path("truth/people.jsonl"))) people.insert(p["id"]);
  for (const auto& n : read_lines(path("truth/networks.jsonl"))) networks.insert(n["id"]);
  auto caller = [](const json& line) {
    return policy::Caller{UserId{1}, "officer", line["owner"], policy::MemberKind::ncb, policy::Role::officer};
  };
  std::map<std::string, int> colours;
  auto notices_lines = read_lines(path("notices.jsonl"));
  auto notice_truth = read_lines(path("truth/notices.jsonl"));
  ASSERT_EQ(notices_lines.size(), notice_truth.size());
  for (std::size_t i = 0; i < notices_lines.size(); ++i) {
    const auto& line = notices_lines[i];
    const auto& t = notice_truth[i];
    ASSERT_EQ(line["id"], t["notice"]);
    EXPECT_EQ(line["body"]["type"], t["colour"]);
    if (t.contains("person")) {
      EXPECT_TRUE(people.count(t["person"].get<std::string>())) << t.dump();
    }
    if (t.contains("network")) {
      EXPECT_TRUE(networks.count(t["network"].get<std::string>())) << t.dump();
    }
    auto c = caller(line);
    auto parsed = notices::parse_notice(line["body"], *db, c, notices::Kind::notice);
    ASSERT_TRUE(parsed.ok()) << line.dump() << ": " << parsed.error().message;
    auto created = notices::create_notice(*db, c, *parsed);
    ASSERT_TRUE(created.ok()) << line.dump() << ": " << created.error().message;
    auto submitted = notices::submit_notice(*db, c, created->id);
    ASSERT_TRUE(submitted.ok()) << line.dump() << ": " << submitted.error().message
                                << (submitted.error().fields.empty() ? "" : " " + submitted.error().fields[0].field);
    ++colours[t["colour"].get<std::string>()];
  }
  for (const char* c : {"red", "yellow", "blue", "purple", "black"}) EXPECT_GT(colours[c], 0) << c;
  auto diffusions = read_lines(path("diffusions.jsonl"));
  auto diffusion_truth = read_lines(path("truth/diffusions.jsonl"));
  ASSERT_EQ(diffusions.size(), diffusion_truth.size());
  ASSERT_FALSE(diffusions.empty());
  for (std::size_t i = 0; i < diffusions.size(); ++i) {
    const auto& line = diffusions[i];
    EXPECT_EQ(line["id"], diffusion_truth[i]["diffusion"]);
    EXPECT_TRUE(people.count(diffusion_truth[i]["person"].get<std::string>()));
    auto c = caller(line);
    auto parsed = notices::parse_notice(line["body"], *db, c, notices::Kind::diffusion);
    ASSERT_TRUE(parsed.ok()) << line.dump() << ": " << parsed.error().message
                             << (parsed.error().fields.empty()
                                     ? ""
                                     : " " + parsed.error().fields[0].field + " " + parsed.error().fields[0].reason);
    ASSERT_TRUE(notices::create_notice(*db, c, *parsed).ok()) << line.dump();
  }
}

}  // namespace
}  // namespace ariadne::datagen
