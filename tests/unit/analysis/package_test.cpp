#include "analysis/package.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

namespace ariadne::analysis {
namespace {

using nlohmann::json;

const Date kToday{2026, 6, 30};

policy::MemberLookup known_members() {
  return [](const std::string& code) -> Result<bool> {
    return code == "ITA" || code == "LBY" || code == "FRA" || code == "SEARESCUE";
  };
}

// A small smuggling case as Italy would send it: a captain, his phone and
// boat, two migrants, the crossing and the rescue.
json italian_case() {
  return json::parse(R"({
    "case": "ITA-2026-000042", "member": "ITA", "crime_type": "migrant_smuggling",
    "reported_on": "2026-05-02", "restriction": {"scope": "members", "members": ["LBY"]},
    "entities": [
      {"id": "e1", "kind": "person", "names": [{"full": "Khaled Salem", "script": "Latn", "family": "Salem",
       "given": "Khaled"}, {"full": "خالد سالم"}], "birth_date": "1984", "sex": "M", "nationality": "LBY",
       "role": "boat_captain"},
      {"id": "e2", "kind": "phone", "number": "+218912345678"},
      {"id": "e3", "kind": "boat", "type": "wooden_boat", "length_m": 12},
      {"id": "e4", "kind": "person", "names": [{"full": "Amadou Diallo", "script": "Latn"}], "role": "migrant"},
      {"id": "e5", "kind": "person", "names": [{"full": "Fatou Camara", "script": "Latn"}], "sex": "F",
       "role": "migrant", "victim": true},
      {"id": "e6", "kind": "place", "place_type": "crossing_point", "name": "Zuwara", "country": "LBY",
       "latitude": 32.93, "longitude": 12.08},
      {"id": "e7", "kind": "account", "type": "bank", "iban": "IT60 X054 2811 1010 0000 0123 456", "country": "ITA"}
    ],
    "relationships": [
      {"from": "e1", "to": "e2", "kind": "uses"},
      {"from": "e1", "to": "e3", "kind": "pilots"},
      {"from": "e1", "to": "e4", "kind": "transported"},
      {"from": "e1", "to": "e7", "kind": "holds_account"}
    ],
    "events": [
      {"id": "v1", "kind": "border_crossing", "date": "2026-04-11", "country": "ITA", "from": "LBY", "to": "ITA",
       "mode": "sea", "place": "e6", "participants": ["e1", "e4", "e5", "e3"], "count": 41},
      {"id": "v2", "kind": "rescue", "date": "2026-04-12", "country": "ITA", "participants": ["e4", "e5"],
       "count": 41, "by": "SEARESCUE"},
      {"id": "v3", "kind": "payment", "date": "2026-03-30", "country": "LBY", "participants": ["e4", "e1"],
       "amount": 2500, "currency": "EUR", "method": "cash"}
    ]})");
}

Result<CasePackage> parse(const json& body, const std::string& member = "ITA") {
  return parse_package(body, member, known_members(), kToday);
}

// The reasons of a failed parse, as "field: reason" lines.
std::string reasons(const Result<CasePackage>& r) {
  std::string out;
  if (r) return out;
  for (const auto& f : r.error().fields) out += f.field + ": " + f.reason + "\n";
  return out.empty() ? r.error().message : out;
}

const Mention* mention(const CasePackage& p, const std::string& id) {
  auto it = std::find_if(p.mentions.begin(), p.mentions.end(), [&](const Mention& m) { return m.local_id == id; });
  return it == p.mentions.end() ? nullptr : &*it;
}

TEST(CasePackage, BecomesMentionsStatementsAndLinks) {
  auto p = parse(italian_case());
  ASSERT_TRUE(p) << reasons(p);
  EXPECT_EQ(p->case_ref, "ITA-2026-000042");
  EXPECT_EQ(p->restriction.scope, policy::Scope::members);
  ASSERT_EQ(p->mentions.size(), 10u);  // 7 entities, 3 events
  const Mention* captain = mention(*p, "e1");
  ASSERT_NE(captain, nullptr);
  EXPECT_EQ(captain->kind, MentionKind::person);
  // Two names, each a statement; the Arabic one's script is detected.
  std::vector<json> names;
  for (const auto& s : captain->statements) {
    if (s.prop == "names") names.push_back(json::parse(s.value));
  }
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[1]["script"], "Arab");
  EXPECT_EQ(mention(*p, "v1")->kind, MentionKind::event);
  // 4 relationships, the crossing's place and 4 participants, 2 of the rescue, 2 of the payment.
  EXPECT_EQ(p->links.size(), 4u + 1u + 4u + 2u + 2u);
  EXPECT_EQ(std::count_if(p->links.begin(), p->links.end(), [](const Link& l) { return l.kind == "place"; }), 1);
}

TEST(CasePackage, ComesBackAsItWasGiven) {
  auto body = italian_case();
  auto p = parse(body);
  ASSERT_TRUE(p) << reasons(p);
  body["entities"][0]["names"][1]["script"] = "Arab";  // filled in on the way
  EXPECT_EQ(to_json(*p), body);
}

TEST(CasePackage, EveryProblemIsNamedAtOnce) {
  auto body = italian_case();
  body["entities"][3]["id"] = "e1";                                                     // duplicate local id
  body["entities"].push_back({{"id", "e9"}, {"kind", "spaceship"}});                    // unknown kind
  body["relationships"].push_back({{"from", "e2"}, {"to", "e77"}, {"kind", "uses"}});   // dangling
  body["relationships"].push_back({{"from", "e1"}, {"to", "e4"}, {"kind", "adores"}});  // unknown kind
  body["events"][0]["participants"].push_back("v2");                                    // an event is no participant
  auto p = parse(body);
  ASSERT_FALSE(p);
  const std::string why = reasons(p);
  EXPECT_NE(why.find("entities[3].id: duplicates the local id e1"), std::string::npos) << why;
  EXPECT_NE(why.find("entities[7].kind: must be one of person"), std::string::npos) << why;
  EXPECT_NE(why.find("relationships[4].to: names no entity of this package"), std::string::npos) << why;
  EXPECT_NE(why.find("relationships[5].kind: must be one of uses"), std::string::npos) << why;
  EXPECT_NE(why.find("events[0].participants[4]: names no entity of this package"), std::string::npos) << why;
}

TEST(CasePackage, RelationshipsJoinTheRightKinds) {
  auto self = italian_case();
  self["relationships"].push_back({{"from", "e4"}, {"to", "e4"}, {"kind", "paid"}});
  EXPECT_NE(reasons(parse(self)).find("relationships[4]: relates an entity to itself"), std::string::npos);
  auto target = italian_case();
  target["relationships"].push_back({{"from", "e1"}, {"to", "e4"}, {"kind", "uses"}});
  EXPECT_NE(reasons(parse(target)).find("relationships[4].to: must be a phone for uses"), std::string::npos);
  auto actor = italian_case();
  actor["relationships"].push_back({{"from", "e2"}, {"to", "e4"}, {"kind", "called"}});
  EXPECT_NE(reasons(parse(actor)).find("relationships[4].from: must be a person"), std::string::npos);
  auto place = italian_case();
  place["events"][0]["place"] = "e4";
  EXPECT_NE(reasons(parse(place)).find("events[0].place: must be a place entity"), std::string::npos);
}

TEST(CasePackage, DatesAfterTodayAreRefused) {
  auto body = italian_case();
  body["reported_on"] = "2026-07-01";
  body["entities"][0]["birth_date"] = "2027";
  body["events"][1]["date"] = "2026-12-24";
  const std::string why = reasons(parse(body));
  EXPECT_NE(why.find("reported_on: is in the future"), std::string::npos) << why;
  EXPECT_NE(why.find("entities[0].birth_date: is in the future"), std::string::npos) << why;
  EXPECT_NE(why.find("events[1].date: is in the future"), std::string::npos) << why;
}

TEST(CasePackage, EachEventKindCarriesItsOwnFields) {
  auto body = italian_case();
  body["events"][2].erase("amount");  // a payment without its amount
  body["events"][2]["mode"] = "sea";  // a payment has no mode
  body["events"][1].erase("count");   // a rescue may leave count out
  body["events"][0].erase("to");      // a crossing needs both ends
  const std::string why = reasons(parse(body));
  EXPECT_NE(why.find("events[2].amount: is required for a payment event"), std::string::npos) << why;
  EXPECT_NE(why.find("events[2].mode: is not a field of a payment event"), std::string::npos) << why;
  EXPECT_NE(why.find("events[0].to: is required for a border_crossing event"), std::string::npos) << why;
  EXPECT_EQ(why.find("events[1]"), std::string::npos) << why;
}

TEST(CasePackage, FieldsAreCheckedOneByOne) {
  auto body = italian_case();
  body["member"] = "FRA";                               // another member's case
  body["entities"][0]["nationality"] = "Libya";         // not alpha-3
  body["entities"][0]["names"][0]["script"] = "latin";  // not ISO 15924
  body["entities"][2]["length_m"] = -3;                 // out of range
  body["entities"][6]["number"] = "123";                // an IBAN and a number
  body["entities"][3]["shoe_size"] = 44;                // unknown field
  body["entities"][4]["names"] = json::array();         // a person needs a name
  body["events"][2]["currency"] = "euro";               // not ISO 4217
  body["events"][1]["by"] = "NOWHERE";                  // neither member nor country
  body["entities"][5]["latitude"] = 91.5;               // beyond a pole
  body["entities"][5]["longitude"] = "12E";             // not a number
  const std::string why = reasons(parse(body));
  for (const char* expected :
       {"member: must be the contributing member, ITA", "entities[0].nationality: must be an ISO 3166-1 alpha-3",
        "entities[0].names[0].script: must be an ISO 15924 code", "entities[2].length_m: must be 0 to 500",
        "entities[6].iban: give exactly one of iban or number", "entities[3].shoe_size",
        "entities[4].names: must hold at least one name", "events[2].currency: must be an ISO 4217",
        "events[1].by: must be a member's code or an ISO 3166-1 alpha-3", "entities[5].latitude: must be -90 to 90",
        "entities[5].longitude: must be a number of degrees"}) {
    EXPECT_NE(why.find(expected), std::string::npos) << "missing: " << expected << "\n" << why;
  }
}

// The statement of `prop` of mention `id`.
const Statement* statement(const CasePackage& p, const std::string& id, const std::string& prop) {
  const Mention* m = mention(p, id);
  if (m == nullptr) return nullptr;
  for (const auto& s : m->statements) {
    if (s.prop == prop) return &s;
  }
  return nullptr;
}

TEST(CasePackage, IdentifiersGetTheirCanonicalFormOrAFlag) {
  auto body = italian_case();
  body["entities"][1]["number"] = "+218 91-234-5678";
  body["entities"].push_back({{"id", "e8"}, {"kind", "phone"}, {"number", "333 123 4567"}});  // Italian, national
  body["entities"].push_back({{"id", "e9"}, {"kind", "phone"}, {"number", "12"}});
  body["entities"].push_back({{"id", "e10"},
                              {"kind", "account"},
                              {"type", "bank"},
                              {"iban", "IT61 X054 2811 1010 0000 0123 456"},
                              {"country", "ITA"}});
  body["entities"].push_back(
      {{"id", "e11"}, {"kind", "document"}, {"number", "ab 12-34"}, {"issuing_state", "LBY"}, {"type", "passport"}});
  body["entities"].push_back({{"id", "e12"},
                              {"kind", "vehicle"},
                              {"plate", "ab-123-cd"},
                              {"country", "ITA"},
                              {"type", "van"},
                              {"make", "Fiat"}});
  auto p = parse(body);
  ASSERT_TRUE(p) << reasons(p);
  EXPECT_EQ(statement(*p, "e2", "number")->norm, "+218912345678");
  EXPECT_EQ(statement(*p, "e8", "number")->norm, "+393331234567");
  EXPECT_EQ(statement(*p, "e7", "iban")->norm, "IT60X0542811101000000123456");
  EXPECT_EQ(statement(*p, "e11", "number")->norm, "AB1234");
  EXPECT_EQ(statement(*p, "e12", "plate")->norm, "AB123CD");
  // Identifiers that do not check out are kept as given, flagged, and named.
  for (const char* id : {"e9", "e10"}) {
    const Statement* s = statement(*p, id, id == std::string("e9") ? "number" : "iban");
    EXPECT_TRUE(s->norm.empty()) << id;
    EXPECT_FALSE(s->flag.empty()) << id;
  }
  EXPECT_EQ(statement(*p, "e9", "number")->value, "12");
  ASSERT_EQ(p->warnings.size(), 2u);
  EXPECT_EQ(p->warnings[0].field, "entities[8].number");
  EXPECT_EQ(p->warnings[1].field, "entities[9].iban");
  EXPECT_NE(p->warnings[1].reason.find("kept as given"), std::string::npos);
  EXPECT_EQ(to_json(*p)["entities"][8]["number"], "12");
}

TEST(CasePackage, AVictimIsDescribedByTheCtdcStandardsFields) {
  auto body = italian_case();
  body["entities"][4]["victim_details"] = {{"age_band", "18-20"},
                                           {"citizenship", "GIN"},
                                           {"country_of_exploitation", "ITA"},
                                           {"exploitation", {"sexual"}},
                                           {"means_of_control", {"debt_bondage", "withholds_documents", "threats"}},
                                           {"recruiter_relation", {"friend"}}};
  auto p = parse(body);
  ASSERT_TRUE(p) << reasons(p);
  const Mention* victim = mention(*p, "e5");
  EXPECT_EQ(std::count_if(victim->statements.begin(), victim->statements.end(),
                          [](const Statement& s) { return s.prop == "victim_details.means_of_control"; }),
            3);
  EXPECT_EQ(to_json(*p)["entities"][4]["victim_details"], body["entities"][4]["victim_details"]);

  auto wrong = italian_case();
  wrong["entities"][3]["victim_details"] = {{"age_band", "18-20"}};  // e4 is no victim
  wrong["entities"][4]["victim_details"] = {{"age_band", "teen"},
                                            {"means_of_control", {"threats", "charm"}},
                                            {"labour_sector", json::array()},
                                            {"shoe_size", 41}};
  const std::string why = reasons(parse(wrong));
  for (const char* expected :
       {"entities[3].victim_details: describes a victim", "entities[4].victim_details.age_band: must be one of 0-8",
        "entities[4].victim_details.means_of_control[1]: must be one of debt_bondage",
        "entities[4].victim_details.labour_sector: must hold at least one value",
        "entities[4].victim_details.shoe_size"}) {
    EXPECT_NE(why.find(expected), std::string::npos) << "missing: " << expected << "\n" << why;
  }
}

// Organizations, addresses, entities of other kinds and what a source said
// beyond the fields (`extra`, on entities, events and relationships).
TEST(CasePackage, OrganizationsAddressesOtherKindsAndExtrasComeBackAsGiven) {
  auto body = italian_case();
  body["entities"].push_back({{"id", "o1"},
                              {"kind", "organization"},
                              {"names", {{{"full", "Salem Shipping"}, {"script", "Latn"}}}},
                              {"country", "LBY"},
                              {"registration_number", "TR-1234"},
                              {"extra", {{"email", {"info@salem.example"}}}}});
  body["entities"].push_back(
      {{"id", "a1"}, {"kind", "place"}, {"place_type", "address"}, {"name", "12 Harbour Road, Zuwara"}});
  body["entities"].push_back({{"id", "x.1"},
                              {"kind", "other"},
                              {"schema", "Sanction"},
                              {"extra", {{"program", {"UN 1970"}}, {"entity", {"e1"}}}}});
  body["entities"][0]["extra"] = {{"passportNumber", {"LY123", "LY124"}}};
  body["events"][2]["extra"] = {{"purpose", {"crossing"}}};
  body["relationships"].push_back({{"from", "e1"},
                                   {"to", "o1"},
                                   {"kind", "employed_by"},
                                   {"extra", {{"startDate", {"2024-01"}}, {"role", {"captain"}}}}});
  body["relationships"].push_back({{"from", "o1"}, {"to", "e7"}, {"kind", "holds_account"}});
  body["relationships"].push_back({{"from", "o1"}, {"to", "a1"}, {"kind", "located_at"}});
  body["relationships"].push_back({{"from", "e1"}, {"to", "e4"}, {"kind", "family"}});
  body["relationships"].push_back({{"from", "x.1"}, {"to", "e1"}, {"kind", "related"}});
  auto p = parse(body);
  ASSERT_TRUE(p) << reasons(p);
  EXPECT_EQ(mention(*p, "o1")->kind, MentionKind::organization);
  EXPECT_EQ(mention(*p, "x.1")->kind, MentionKind::other);
  const Mention* captain = mention(*p, "e1");
  EXPECT_EQ(std::count_if(captain->statements.begin(), captain->statements.end(),
                          [](const Statement& s) { return s.prop == "extra.passportNumber"; }),
            2);
  body["entities"][0]["names"][1]["script"] = "Arab";  // filled in on the way
  EXPECT_EQ(to_json(*p)["entities"], body["entities"]) << "field order aside, as given";
  EXPECT_EQ(to_json(*p)["relationships"], body["relationships"]);
  EXPECT_EQ(to_json(*p)["events"][2]["extra"], body["events"][2]["extra"]);
}

TEST(CasePackage, ACryptoWalletIsItsCheckedAddressOnNoCountrysRegister) {
  auto body = italian_case();
  body["entities"].push_back({{"id", "w1"},
                              {"kind", "account"},
                              {"type", "crypto"},
                              {"number", "0x52908400098527886E0F7030069857D2E4169EE7"},
                              {"provider", "an exchange in Istanbul"}});
  body["entities"].push_back(
      {{"id", "w2"}, {"kind", "account"}, {"type", "crypto"}, {"number", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}});
  body["entities"].push_back({{"id", "w3"}, {"kind", "account"}, {"type", "crypto"}, {"number", "1A1zP1eP5QGefi2"}});
  body["relationships"].push_back({{"from", "e1"}, {"to", "w1"}, {"kind", "holds_account"}});
  auto p = parse(body);
  ASSERT_TRUE(p) << reasons(p);
  EXPECT_EQ(statement(*p, "w1", "number")->norm, "0x52908400098527886e0f7030069857d2e4169ee7") << "hex: case aside";
  EXPECT_EQ(statement(*p, "w2", "number")->norm, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa") << "base58: case kept";
  EXPECT_TRUE(statement(*p, "w3", "number")->norm.empty());
  EXPECT_FALSE(statement(*p, "w3", "number")->flag.empty()) << "a broken address is kept as given, flagged";
  ASSERT_EQ(p->warnings.size(), 1U);
  EXPECT_NE(p->warnings[0].field.find(".number"), std::string::npos);
  // An IBAN or a country says the account is no wallet.
  auto iban = italian_case();
  iban["entities"].push_back(
      {{"id", "w1"}, {"kind", "account"}, {"type", "crypto"}, {"iban", "IT60X0542811101000000123456"}});
  EXPECT_NE(reasons(parse(iban)).find("a crypto wallet has an address"), std::string::npos) << reasons(parse(iban));
  auto country = italian_case();
  country["entities"].push_back({{"id", "w1"},
                                 {"kind", "account"},
                                 {"type", "crypto"},
                                 {"number", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
                                 {"country", "TUR"}});
  EXPECT_NE(reasons(parse(country)).find("a crypto wallet has no country"), std::string::npos);
  auto key = italian_case();
  key["entities"].push_back({{"id", "w1"},
                             {"kind", "account"},
                             {"type", "crypto"},
                             {"number", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
                             {"extra", {{"PrivateKey", {"5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"}}}}});
  EXPECT_NE(reasons(parse(key)).find("extra.PrivateKey: a private key is not stored"), std::string::npos)
      << reasons(parse(key));
}

TEST(CasePackage, NewKindsAndExtrasAreCheckedToo) {
  auto body = italian_case();
  body["entities"].push_back({{"id", "o1"}, {"kind", "organization"}});  // no name
  body["entities"].push_back(
      {{"id", "p1"}, {"kind", "place"}, {"place_type", "city"}, {"name", "Sabha"}});                      // no country
  body["entities"].push_back({{"id", "x1"}, {"kind", "other"}});                                          // no schema
  body["entities"].push_back({{"id", "k1"}, {"kind", "account"}, {"type", "hawala"}, {"number", "77"}});  // no country
  body["entities"][0]["extra"] = {{"1bad", {"x"}}, {"ok", "not a list"}, {"empty", json::array()}, {"numbers", {1, 2}}};
  body["relationships"].push_back({{"from", "e2"}, {"to", "e1"}, {"kind", "family"}});       // a phone has no family
  body["relationships"].push_back({{"from", "e1"}, {"to", "e2"}, {"kind", "employed_by"}});  // by a phone
  body["relationships"].push_back({{"from", "e1"}, {"to", "e4"}, {"kind", "paid"}, {"extra", {{"amount", 5}}}});
  const std::string why = reasons(parse(body));
  for (const char* expected :
       {"entities[7].names: is required", "entities[8].country: is required for a place other than an address",
        "entities[9].schema: is required", "entities[10].country: is required for an account number",
        "entities[0].extra: '1bad' is no property name", "entities[0].extra.ok: must be a list",
        "entities[0].extra.empty: must be a list", "entities[0].extra.numbers[0]: must be a string",
        "relationships[4].from: must be a person", "relationships[5].to: must be an organization for employed_by",
        "relationships[6].extra.amount: must be a list"}) {
    EXPECT_NE(why.find(expected), std::string::npos) << "missing: " << expected << "\n" << why;
  }
  auto long_id = italian_case();
  long_id["entities"][1]["id"] = std::string(129, 'a');
  EXPECT_NE(reasons(parse(long_id)).find("entities[1].id"), std::string::npos);
  long_id["entities"][1]["id"] = std::string(128, 'a');
  long_id["relationships"][0]["to"] = std::string(128, 'a');
  EXPECT_TRUE(parse(long_id)) << "ids as long as other tools write them";
}

TEST(CasePackage, RestrictionsNameKnownMembersOnly) {
  auto body = italian_case();
  body["restriction"] = {{"scope", "members"}, {"members", {"XXX"}}};
  EXPECT_NE(reasons(parse(body)).find("restriction"), std::string::npos);
  EXPECT_FALSE(parse(json::array()));
}

}  // namespace
}  // namespace ariadne::analysis
