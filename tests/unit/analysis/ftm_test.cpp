// FollowTheMoney entities in and out of the analysis file: each schema read
// into the package kind it means, nothing dropped (what has no field is the
// entity's extra, an unknown schema an entity of kind other), problems named
// by line and FtM property, nothing of a refused case stored, and a package
// out to FtM and back in again keeps its people, things and links.
#include "analysis/ftm.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "analysis/contributions.hpp"
#include "support.hpp"
#include "support/store.hpp"

namespace ariadne::analysis {
namespace {

using nlohmann::json;

std::string lines(std::initializer_list<json> entities) {
  std::string out;
  for (const auto& e : entities) out += e.dump() + "\n";
  return out;
}

json entity(const std::string& id, const std::string& schema, json properties, const char* dataset = nullptr) {
  json e = {{"id", id}, {"schema", schema}, {"properties", std::move(properties)}};
  if (dataset != nullptr) e["datasets"] = {dataset};
  return e;
}

// A trafficking case as an Aleph investigation would export it.
std::string aleph_case() {
  return lines({
      entity("p-ion", "Person",
             {{"name", {"Ion Rusu"}},
              {"firstName", {"Ion"}},
              {"lastName", {"Rusu"}},
              {"alias", {"Ionuț"}},
              {"birthDate", {"1980-05-06T00:00:00", "1981"}},
              {"gender", {"male"}},
              {"nationality", {"ro"}},
              {"phone", {"+40721234567"}},
              {"email", {"ion@example.org"}},
              {"addressEntity", {"addr-1"}}}),
      entity("p-elena", "Person", {{"name", {"Elena Rusu"}}, {"nationality", {"zz"}}, {"phone", {"+40721234567"}}}),
      entity("addr-1", "Address",
             {{"full", {"Strada Lunga 5, Constanța"}},
              {"city", {"Constanța"}},
              {"latitude", {"44.1733"}},
              {"longitude", {"east", "28.6383"}}}),
      entity("co-1", "Company",
             {{"name", {"Rusu Transport SRL"}}, {"jurisdiction", {"ro"}}, {"registrationNumber", {"J13/123/2015"}}}),
      entity("acc-1", "BankAccount",
             {{"iban", {"RO49AAAA1B31007593840000"}}, {"bankName", {"Banca X"}}, {"accountNumber", {"1B31"}}}),
      entity("own-1", "Ownership", {{"owner", {"p-ion"}}, {"asset", {"acc-1"}}, {"startDate", {"2019"}}}),
      entity("own-2", "Ownership", {{"owner", {"p-ion"}}, {"asset", {"co-1"}}, {"percentage", {"100"}}}),
      entity("pass-1", "Passport", {{"number", {"051234567"}}, {"country", {"ro"}}, {"holder", {"p-ion"}}}),
      entity("fam-1", "Family", {{"person", {"p-ion"}}, {"relative", {"p-elena"}}, {"relationship", {"sister"}}}),
      entity("link-1", "UnknownLink", {{"subject", {"p-ion"}}, {"object", {"p-elena"}}, {"role", {"recruited"}}}),
      entity("pay-1", "Payment",
             {{"payer", {"p-elena"}},
              {"beneficiary", {"p-ion"}},
              {"payerAccount", {"acc-1"}},
              {"date", {"2025-11-03"}},
              {"amount", {"1500.50"}},
              {"currency", {"eur"}}}),
      entity("pay-2", "Payment", {{"payer", {"co-1"}}, {"beneficiary", {"p-ion"}}, {"purpose", {"salary"}}}),
      entity("sanc-1", "Sanction", {{"entity", {"p-ion"}}, {"program", {"none"}}}),
  });
}

class FtmTest : public testing::ImportTest {
 protected:
  Run import(const std::string& text, const std::string& case_ref = "ROU-FTM-1") {
    Run run;
    FtmOptions ftm{case_ref, "trafficking_in_human_beings", "2026-02-01", {{"scope", "all"}}};
    std::istringstream in(text);
    run.report = import_ftm_contributions(*db_, rou_, in, ftm, collecting(run));
    return run;
  }
  json stored(std::size_t index = 0) {
    auto list = list_contributions(*db_, rou_, {});
    EXPECT_TRUE(list && list->size() > index);
    if (!list || list->size() <= index) return {};
    return to_json(get_contribution(*db_, rou_, (*list)[index].id)->package);
  }
  static const json* find(const json& items, const std::string& id) {
    for (const auto& e : items) {
      if (e.value("id", "") == id) return &e;
    }
    return nullptr;
  }
};

TEST_F(FtmTest, EachSchemaBecomesTheKindItMeansAndNothingIsDropped) {
  const auto run = import(aleph_case());
  ASSERT_TRUE(run.report) << run.report.error().message;
  for (const auto& e : run.errors) ADD_FAILURE() << describe(e);
  EXPECT_EQ(run.report->accepted, 1U);
  const json p = stored();
  EXPECT_EQ(p["case"], "ROU-FTM-1");
  const json& ents = p["entities"];

  const json* ion = find(ents, "p-ion");
  ASSERT_NE(ion, nullptr) << p.dump(1);
  EXPECT_EQ((*ion)["kind"], "person");
  ASSERT_EQ((*ion)["names"].size(), 2U);
  EXPECT_EQ((*ion)["names"][0]["given"], "Ion");
  EXPECT_EQ((*ion)["names"][0]["family"], "Rusu");
  EXPECT_EQ((*ion)["names"][1]["full"], "Ionuț");
  EXPECT_EQ((*ion)["birth_date"], "1980-05-06") << "the date of a date and time";
  EXPECT_EQ((*ion)["sex"], "M");
  EXPECT_EQ((*ion)["nationality"], "ROU");
  EXPECT_EQ((*ion)["extra"]["birthDate"], json({"1981"})) << "the second birth date is kept";
  EXPECT_EQ((*ion)["extra"]["email"], json({"ion@example.org"}));
  const json* elena = find(ents, "p-elena");
  ASSERT_NE(elena, nullptr);
  EXPECT_FALSE(elena->contains("nationality"));
  EXPECT_EQ((*elena)["extra"]["nationality"], json({"zz"})) << "a code ISO lacks is kept as given";

  // One phone entity for the number both use.
  std::size_t phones = 0;
  for (const auto& e : ents) phones += e["kind"] == "phone";
  EXPECT_EQ(phones, 1U);
  const json& address = *find(ents, "addr-1");
  EXPECT_EQ(address["place_type"], "address");
  EXPECT_EQ(address["latitude"], 44.1733);
  EXPECT_EQ(address["longitude"], 28.6383) << "the value that is a coordinate";
  EXPECT_EQ(address["extra"]["longitude"], json({"east"})) << "the other kept as given";
  EXPECT_EQ((*find(ents, "co-1"))["kind"], "organization");
  EXPECT_EQ((*find(ents, "co-1"))["country"], "ROU");
  EXPECT_EQ((*find(ents, "co-1"))["registration_number"], "J13/123/2015");
  const json& acc = *find(ents, "acc-1");
  EXPECT_EQ(acc["iban"], "RO49AAAA1B31007593840000");
  EXPECT_EQ(acc["provider"], "Banca X");
  EXPECT_EQ(acc["extra"]["accountNumber"], json({"1B31"})) << "an account has one of iban or number";
  EXPECT_EQ((*find(ents, "pass-1"))["type"], "passport");
  EXPECT_EQ((*find(ents, "pass-1"))["issuing_state"], "ROU");
  const json& sanction = *find(ents, "sanc-1");
  EXPECT_EQ(sanction["kind"], "other");
  EXPECT_EQ(sanction["schema"], "Sanction");
  EXPECT_EQ(sanction["extra"]["entity"], json({"p-ion"}));
  EXPECT_TRUE(std::any_of(run.warnings.begin(), run.warnings.end(), [](const LineError& w) {
    return w.line == 13 && w.reason.find("'Sanction' is not a schema Ariadne reads") != std::string::npos;
  })) << "the unknown schema is flagged by its line";

  std::multiset<std::string> kinds;
  for (const auto& r : p["relationships"]) kinds.insert(r["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::multiset<std::string>{"uses", "uses", "located_at", "holds_account", "owns", "holds_document",
                                               "family", "recruited", "paid"}));
  for (const auto& r : p["relationships"]) {
    if (r["kind"] == "family") {
      EXPECT_EQ(r["extra"]["relationship"], json({"sister"}));
    }
    if (r["kind"] == "holds_account") {
      EXPECT_EQ(r["extra"]["startDate"], json({"2019"}));
    }
    if (r["kind"] == "paid") {
      EXPECT_EQ(r["extra"]["purpose"], json({"salary"})) << "a payment without date";
    }
  }
  ASSERT_EQ(p["events"].size(), 1U);
  const json& pay = p["events"][0];
  EXPECT_EQ(pay["kind"], "payment");
  EXPECT_EQ(pay["date"], "2025-11-03");
  EXPECT_EQ(pay["amount"], 1501);
  EXPECT_EQ(pay["currency"], "EUR");
  EXPECT_EQ(pay["extra"]["amount"], json({"1500.50"})) << "the exact amount stays";
  EXPECT_EQ(pay["participants"], json({"p-elena", "p-ion", "acc-1"}));

  // The identifiers are keyed as every other member's are.
  auto rows = db_->query("SELECT key FROM entities WHERE key NOT LIKE 'case:%' ORDER BY key")->size();
  EXPECT_EQ(rows, 4U) << "the phone, the IBAN, the passport and the company's registration";
}

TEST_F(FtmTest, AProblemNamesItsLineAndPropertyAndTakesItsCaseWithIt) {
  const std::string text = lines({
      entity("p1", "Person", {{"name", {"Ana Pop"}}, {"birthDate", {"2099-01-01"}}}, "case-a"),
      entity("pass", "Passport", {{"number", {"X1"}}, {"country", {"ro"}}, {"holder", {"nobody"}}}, "case-a"),
      entity("own", "Ownership", {{"owner", {"p1"}}}, "case-a"),
      entity("p2", "Person", {{"name", {"Dan Toma"}}}, "case-b"),
      entity("p3", "Person", {{"name", {"Ion Ene"}}}, "case-a"),
  });
  const auto run = import(text, "");
  ASSERT_TRUE(run.report) << run.report.error().message;
  EXPECT_EQ(run.report->accepted, 1U);
  EXPECT_EQ(run.report->rejected, 2U);
  std::set<std::string> where;
  for (const auto& e : run.errors) where.insert(std::to_string(e.line) + " " + e.field);
  EXPECT_TRUE(where.contains("1 Person.birthDate")) << describe(run.errors.front());
  EXPECT_TRUE(where.contains("2 Passport.holder")) << "a holder not in the case";
  EXPECT_TRUE(where.contains("3 Ownership.asset")) << "an ownership of nothing";
  EXPECT_TRUE(where.contains("5 datasets")) << "a case must be in one piece";
  EXPECT_EQ(count("contributions"), 1) << "only case-b";
  EXPECT_EQ(count("mentions"), 1);
}

TEST_F(FtmTest, LinesThatAreNoEntityAreRefusedByLine) {
  const std::string text =
      std::string("{\"id\": \"p1\", \"schema\": \"Person\", \"properties\": {\"name\": [\"A B\"]}}\n") + "not json\n" +
      "{\"id\": \"p2\", \"properties\": {\"name\": \"C D\"}}\n" +
      "{\"id\": \"p3\", \"schema\": \"Person\", \"properties\": {\"name\": [\"E F\"]}}\n";
  const auto run = import(text, "");
  ASSERT_TRUE(run.report) << run.report.error().message;
  EXPECT_EQ(run.report->accepted, 0U);
  std::set<std::string> where;
  for (const auto& e : run.errors) where.insert(std::to_string(e.line) + " " + e.field);
  EXPECT_TRUE(where.contains("1 datasets")) << "no case named";
  EXPECT_TRUE(where.contains("2 ")) << "not JSON";
  EXPECT_EQ(count("contributions"), 0);

  // One case: the line that is no JSON takes the case with it.
  const auto one_case = import(text, "ROU-X");
  ASSERT_TRUE(one_case.report);
  EXPECT_EQ(one_case.report->rejected, 1U);
  ASSERT_FALSE(one_case.errors.empty());
  EXPECT_EQ(one_case.errors[0].line, 2U);
  EXPECT_NE(one_case.errors[0].reason.find("case 'ROU-X' (from line 1) is not stored"), std::string::npos)
      << one_case.errors[0].reason;
  // Lines that are JSON but no entity are all named.
  const std::string no_entity = text.substr(0, text.find('\n') + 1) + text.substr(text.find("{\"id\": \"p2\""));
  const auto named = import(no_entity, "ROU-Y");
  ASSERT_TRUE(named.report);
  std::set<std::string> fields;
  for (const auto& e : named.errors) fields.insert(std::to_string(e.line) + " " + e.field);
  EXPECT_TRUE(fields.contains("2 schema")) << "no schema";
  EXPECT_TRUE(fields.contains("2 properties.name")) << "a property is a list";
  EXPECT_EQ(count("contributions"), 0);

  EXPECT_FALSE(import("", "ROU-X").report) << "an empty file";
}

TEST_F(FtmTest, APackageGoesOutAndComesBackWithItsPeopleThingsAndLinks) {
  const json body = json::parse(R"({
    "case": "ROU-2026-000007", "member": "ROU", "crime_type": "trafficking_in_human_beings",
    "reported_on": "2026-03-02", "restriction": {"scope": "all"},
    "entities": [
      {"id": "e1", "kind": "person", "names": [{"full": "Ion Rusu", "given": "Ion", "family": "Rusu"},
       {"full": "Иван Русу"}], "birth_date": "1980-05", "sex": "M", "nationality": "ROU", "role": "recruiter"},
      {"id": "e2", "kind": "phone", "number": "+40721234567"},
      {"id": "e3", "kind": "account", "type": "hawala", "number": "HW-77", "country": "TUR", "provider": "Office 3"},
      {"id": "e4", "kind": "document", "number": "051234567", "issuing_state": "ROU", "type": "identity_card"},
      {"id": "e5", "kind": "vehicle", "plate": "CT-12-ABC", "country": "ROU", "type": "van", "make": "Ford"},
      {"id": "e6", "kind": "person", "names": [{"full": "Maria V."}], "sex": "F", "victim": true,
       "victim_details": {"age_band": "18-20"}},
      {"id": "e7", "kind": "phone", "number": "+40722000111"},
      {"id": "e8", "kind": "organization", "names": [{"full": "Rusu Transport SRL"}], "country": "ROU"},
      {"id": "e9", "kind": "place", "place_type": "safe_house", "name": "Strada Lunga 5", "country": "ROU"}
    ],
    "relationships": [
      {"from": "e1", "to": "e2", "kind": "uses"},
      {"from": "e1", "to": "e3", "kind": "holds_account", "extra": {"startDate": ["2024"]}},
      {"from": "e1", "to": "e4", "kind": "holds_document"},
      {"from": "e1", "to": "e5", "kind": "drives"},
      {"from": "e1", "to": "e6", "kind": "recruited"},
      {"from": "e6", "to": "e7", "kind": "uses"},
      {"from": "e1", "to": "e8", "kind": "employed_by"},
      {"from": "e1", "to": "e9", "kind": "located_at"}
    ],
    "events": [
      {"id": "v1", "kind": "payment", "date": "2026-01-10", "country": "TUR", "participants": ["e1", "e3"],
       "amount": 900, "currency": "EUR", "method": "hawala"},
      {"id": "v2", "kind": "border_crossing", "date": "2026-01-12", "country": "HUN", "from": "SRB", "to": "HUN",
       "mode": "land", "count": 14, "participants": ["e1", "e5", "e6"], "place": "e9"},
      {"id": "v3", "kind": "call", "date": "2026-01-11", "country": "SRB", "participants": ["e1", "e2"]}
    ]})");
  const auto id = testing::contribute(*db_, rou_, body);
  ASSERT_NE(id, 0);
  auto out = to_ftm(get_contribution(*db_, rou_, id)->package, "x-");
  EXPECT_EQ(out.withheld_victims, 1U);
  std::string text;
  for (const auto& e : out.entities) {
    EXPECT_EQ(e["datasets"], json({"ROU-2026-000007"}));
    EXPECT_EQ(e["id"].get<std::string>().substr(0, 2), "x-");
    text += e.dump() + "\n";
  }
  EXPECT_EQ(text.find("Maria"), std::string::npos) << "a victim never leaves in FtM";
  EXPECT_EQ(text.find("+40722000111"), std::string::npos) << "nor what only she uses";

  // Back in, as another member's copy of the case.
  auto itadb = testing::member_store(dir_, "ita.db", {"ROU", "ITA"}, {});
  std::swap(db_, itadb);
  const auto run = import(text, "");
  ASSERT_TRUE(run.report) << run.report.error().message;
  for (const auto& e : run.errors) ADD_FAILURE() << describe(e);
  ASSERT_EQ(run.report->accepted, 1U);
  const json back = stored();
  EXPECT_EQ(back["case"], "ROU-2026-000007");
  const json& ion = *find(back["entities"], "x-e1");
  EXPECT_EQ(ion["names"][0],
            json::parse(R"({"full": "Ion Rusu", "given": "Ion", "family": "Rusu", "script": "Latn"})"));
  EXPECT_EQ(ion["names"][1]["full"], "Иван Русу");
  EXPECT_EQ(ion["birth_date"], "1980-05");
  EXPECT_EQ(ion["nationality"], "ROU");
  EXPECT_EQ(ion["role"], "recruiter") << "from the note FtM carries it in";
  EXPECT_FALSE(ion.contains("extra")) << ion.dump();
  const json& acc = *find(back["entities"], "x-e3");
  EXPECT_EQ(acc["type"], "hawala");
  EXPECT_EQ(acc["number"], "HW-77");
  EXPECT_EQ(acc["country"], "TUR");
  EXPECT_EQ((*find(back["entities"], "x-e4"))["type"], "identity_card");
  EXPECT_EQ((*find(back["entities"], "x-e5"))["plate"], "CT-12-ABC");
  EXPECT_EQ((*find(back["entities"], "x-e5"))["make"], "Ford");
  EXPECT_EQ((*find(back["entities"], "x-e9"))["extra"]["summary"], json({"safe_house"}));
  std::multiset<std::string> kinds;
  for (const auto& r : back["relationships"]) {
    kinds.insert(r["kind"].get<std::string>());
    if (r["kind"] == "holds_account") {
      EXPECT_EQ(r["extra"]["startDate"], json({"2024"}));
    }
  }
  EXPECT_EQ(kinds, (std::multiset<std::string>{"uses", "holds_account", "holds_document", "drives", "employed_by",
                                               "located_at"}))
      << "the recruitment of the withheld victim stays behind";
  ASSERT_EQ(back["events"].size(), 3U);
  EXPECT_EQ(back["events"][0]["amount"], 900);
  json crossing = body["events"][1];
  crossing["id"] = "x-v2";
  crossing["participants"] = {"x-e1", "x-e5"};  // not the victim
  crossing["place"] = "x-e9";
  EXPECT_EQ(back["events"][1], crossing);
  EXPECT_EQ(back["events"][2]["participants"].size(), 2U) << "the phone called with, back from its note";
  EXPECT_EQ(back["events"][0]["participants"], json({"x-e1", "x-e3"}));
  EXPECT_EQ(back["events"][0]["country"], "TUR");
  EXPECT_EQ(back["events"][0]["method"], "hawala");
  // The same identifiers key the same entities in either store.
  const auto keys = db_->query("SELECT key FROM entities WHERE key NOT LIKE 'case:%' ORDER BY key");
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 6U)
      << "phone, hawala account, document, plate, the company by its name in ROU, and the safe house by its name";
  EXPECT_EQ(keys->at(4).text(0), "place:ROU:strada lunga 5");
  EXPECT_EQ(keys->at(2).text(0), "name:ROU:rusu transport") << "after account: and document:";
}

TEST_F(FtmTest, NothingThatLeadsOnlyToAVictimLeavesHoweverLongTheChain) {
  const json body = json::parse(R"({
    "case": "ROU-2026-000009", "member": "ROU", "crime_type": "trafficking_in_human_beings",
    "reported_on": "2026-03-02", "restriction": {"scope": "all"},
    "entities": [
      {"id": "v", "kind": "person", "names": [{"full": "Ana Victim"}], "victim": true},
      {"id": "rel", "kind": "person", "names": [{"full": "Elena Victimova"}]},
      {"id": "s", "kind": "person", "names": [{"full": "Ion Smuggler"}]},
      {"id": "h", "kind": "person", "names": [{"full": "Vasile Helper"}]},
      {"id": "p", "kind": "phone", "number": "+40722000111"},
      {"id": "a", "kind": "account", "type": "bank", "number": "VICTIMACC99", "country": "ROU"},
      {"id": "house", "kind": "place", "place_type": "safe_house", "name": "Strada Secreta 7", "country": "ROU"},
      {"id": "sp", "kind": "phone", "number": "+40721234567"}
    ],
    "relationships": [
      {"from": "v", "to": "p", "kind": "uses"},
      {"from": "v", "to": "a", "kind": "holds_account"},
      {"from": "p", "to": "a", "kind": "related"},
      {"from": "rel", "to": "v", "kind": "family"},
      {"from": "s", "to": "v", "kind": "recruited"},
      {"from": "s", "to": "sp", "kind": "uses"}
    ],
    "events": [
      {"id": "x", "kind": "exploitation", "date": "2026-01-10", "country": "ROU", "participants": ["v"],
       "place": "house"},
      {"id": "pay", "kind": "payment", "date": "2026-01-11", "country": "ROU", "participants": ["v", "s", "h"],
       "amount": 300, "currency": "EUR"}
    ]})");
  const auto id = testing::contribute(*db_, rou_, body);
  ASSERT_NE(id, 0);
  const auto out = to_ftm(get_contribution(*db_, rou_, id)->package, "");
  EXPECT_EQ(out.withheld_victims, 1U);
  std::string text;
  std::set<std::string> ids;
  const json* payment = nullptr;
  for (const auto& e : out.entities) {
    text += e.dump() + "\n";
    ids.insert(e["id"].get<std::string>());
    if (e["id"] == "pay") payment = &e;
  }
  for (const char* secret : {"Ana Victim", "Elena Victimova", "+40722000111", "VICTIMACC99", "Strada Secreta"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " left:\n" << text;
  }
  for (const char* gone : {"v", "rel", "p", "a", "x", "house"}) EXPECT_FALSE(ids.contains(gone)) << gone;
  for (const char* kept : {"s", "h", "pay"}) EXPECT_TRUE(ids.contains(kept)) << kept;
  EXPECT_NE(text.find("+40721234567"), std::string::npos) << "the smuggler's own phone goes with him";
  ASSERT_NE(payment, nullptr);
  EXPECT_FALSE((*payment)["properties"].contains("payer")) << "the victim paid: no one else is made the payer";
  EXPECT_EQ((*payment)["properties"]["beneficiary"], json({"s", "h"}));
}

TEST_F(FtmTest, ACryptoWalletIsAnAccountItsHolderHoldsAndGoesBackOutAsAWallet) {
  const auto run = import(lines({
      entity("p1", "Person", {{"name", {"Ion Rusu"}}}),
      entity("w1", "CryptoWallet",
             {{"publicKey", {"0x52908400098527886E0F7030069857D2E4169EE7"}},
              {"currency", {"USDT"}},
              {"privateKey", {"5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"}},
              {"holder", {"p1"}},
              {"notes", {"provider: an exchange in Istanbul"}}}),
  }));
  ASSERT_TRUE(run.report) << run.report.error().message;
  for (const auto& e : run.errors) ADD_FAILURE() << describe(e);
  EXPECT_TRUE(std::any_of(run.warnings.begin(), run.warnings.end(), [](const LineError& e) {
    return e.line == 2 && e.field == "privateKey" && e.reason.find("not stored") != std::string::npos;
  })) << "the spending key is dropped, and said to be";
  const json p = stored();
  EXPECT_EQ(p.dump().find("5HueCGU8"), std::string::npos) << "a seized wallet's key is never stored";
  const json& w = *find(p["entities"], "w1");
  EXPECT_EQ(w["kind"], "account");
  EXPECT_EQ(w["type"], "crypto");
  EXPECT_EQ(w["number"], "0x52908400098527886E0F7030069857D2E4169EE7");
  EXPECT_EQ(w["provider"], "an exchange in Istanbul") << "from the note";
  EXPECT_EQ(w["extra"]["currency"], json({"USDT"}));
  ASSERT_EQ(p["relationships"].size(), 1U);
  EXPECT_EQ(p["relationships"][0], json({{"from", "p1"}, {"to", "w1"}, {"kind", "holds_account"}}));
  const auto keys = db_->query("SELECT key FROM entities WHERE kind = 'account'");
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1U);
  EXPECT_EQ(keys->front().text(0), "wallet:0x52908400098527886e0f7030069857d2e4169ee7");

  // Out again: a wallet names its holder (FtM's Ownership takes assets, which a wallet is not).
  auto list = list_contributions(*db_, rou_, {});
  ASSERT_TRUE(list);
  const auto out = to_ftm(get_contribution(*db_, rou_, list->front().id)->package, "");
  const json* wallet = nullptr;
  for (const auto& e : out.entities) {
    EXPECT_NE(e["schema"], "Ownership");
    if (e["id"] == "w1") wallet = &e;
  }
  ASSERT_NE(wallet, nullptr);
  EXPECT_EQ((*wallet)["schema"], "CryptoWallet");
  EXPECT_EQ((*wallet)["properties"]["publicKey"], json({"0x52908400098527886E0F7030069857D2E4169EE7"}));
  EXPECT_EQ((*wallet)["properties"]["holder"], json({"p1"}));
  EXPECT_EQ((*wallet)["properties"]["notes"], json({"provider: an exchange in Istanbul"}));
  EXPECT_FALSE((*wallet)["properties"].contains("accountType"));
}

TEST_F(FtmTest, LinesThatWouldMultiplyIntoMillionsOfLinksAreRefusedByLine) {
  json many = json::array(), owners = json::array(), assets = json::array();
  std::vector<json> entities;
  for (int i = 0; i < 1001; ++i) many.push_back("+4072100" + std::to_string(1000 + i));
  entities.push_back(entity("p1", "Person", {{"name", {"Ion Rusu"}}, {"phone", many}}, "case-a"));
  // 400 owners of 300 assets each: 120,000 links, more than a package holds.
  std::vector<json> big;
  for (int i = 0; i < 400; ++i) {
    owners.push_back("o" + std::to_string(i));
    big.push_back(entity("o" + std::to_string(i), "Person", {{"name", {"Owner " + std::to_string(i)}}}, "case-b"));
  }
  for (int i = 0; i < 300; ++i) {
    assets.push_back("c" + std::to_string(i));
    big.push_back(entity("c" + std::to_string(i), "Company", {{"name", {"Firm " + std::to_string(i)}}}, "case-b"));
  }
  big.push_back(entity("own", "Ownership", {{"owner", owners}, {"asset", assets}}, "case-b"));
  std::string text = entities.front().dump() + "\n";
  for (const auto& e : big) text += e.dump() + "\n";
  // A case of nothing but bad lines names its first thousand problems and counts the rest.
  for (int i = 0; i < 1500; ++i) {
    text += R"({"id": "x)" + std::to_string(i) +
            R"(", "schema": "Person", "properties": {"name": [1]}, "datasets": ["case-c"]})" + "\n";
  }
  const auto run = import(text, "");
  ASSERT_TRUE(run.report) << run.report.error().message;
  EXPECT_EQ(run.report->accepted, 0U);
  EXPECT_EQ(run.report->rejected, 3U);
  std::size_t named = 0;
  bool values = false, links = false, more = false;
  for (const auto& e : run.errors) {
    values = values || (e.line == 1 && e.field == "properties.phone" && e.reason == "has more than 1000 values");
    links = links || e.reason.find("links more than 100000 pairs") != std::string::npos;
    more = more || e.reason == "case 'case-c': 500 more problems";
    named += e.field == "properties.name";
  }
  EXPECT_TRUE(values);
  EXPECT_TRUE(links);
  EXPECT_TRUE(more);
  EXPECT_EQ(named, 1000U);
  EXPECT_EQ(db_->query("SELECT COUNT(*) FROM contributions")->front().integer(0), 0);
}

TEST_F(FtmTest, ACaseLargerThanAPackageIsRefusedWithoutHoldingItWhole) {
  std::string text;
  for (std::size_t i = 0; i < kMaxEntities + 5; ++i) {
    text += entity("p" + std::to_string(i), "Person", {{"name", {"Person " + std::to_string(i)}}}, "big").dump() + "\n";
  }
  text += entity("q", "Person", {{"name", {"Ana Pop"}}}, "small").dump() + "\n";
  const auto run = import(text, "");
  ASSERT_TRUE(run.report) << run.report.error().message;
  EXPECT_EQ(run.report->rejected, 1U);
  EXPECT_EQ(run.report->accepted, 1U) << "the next case is read";
  ASSERT_EQ(run.errors.size(), 1U);
  EXPECT_NE(run.errors[0].reason.find("split it"), std::string::npos) << run.errors[0].reason;
  EXPECT_EQ(count("contributions"), 1);
}

}  // namespace
}  // namespace ariadne::analysis
