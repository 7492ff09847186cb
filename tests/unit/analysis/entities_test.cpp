// Entities linked by shared identifiers, across members, through the gate.
#include "analysis/entities.hpp"

#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "store/audit.hpp"
#include "support.hpp"
#include "support/store.hpp"

namespace ariadne::analysis {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

// A case with a phone (as given), an IBAN, a document and a vehicle.
json package(const std::string& member, const std::string& case_ref, const std::string& phone,
             const json& restriction) {
  return {
      {"case", case_ref},
      {"member", member},
      {"crime_type", "migrant_smuggling"},
      {"reported_on", "2026-03-01"},
      {"restriction", restriction},
      {"entities",
       {{{"id", "e1"}, {"kind", "person"}, {"names", {{{"full", "Ion Rusu"}}}}},
        {{"id", "e2"}, {"kind", "phone"}, {"number", phone}},
        {{"id", "e3"},
         {"kind", "account"},
         {"type", "bank"},
         {"iban", "RO49 AAAA 1B31 0075 9384 0000"},
         {"country", "ROU"}},
        {{"id", "e4"}, {"kind", "document"}, {"number", "15AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}},
        {{"id", "e5"}, {"kind", "document"}, {"number", "15AB12345"}, {"issuing_state", "ITA"}, {"type", "passport"}},
        {{"id", "e6"}, {"kind", "phone"}, {"number", "12"}}}},
      {"relationships", {{{"from", "e1"}, {"to", "e2"}, {"kind", "uses"}}}},
      {"events", json::array()}};
}

// A case open to all of one entity, "o1" or "w1" as the entity names it.
json one_entity_case(const std::string& member, const std::string& case_ref, const json& entity) {
  return {{"case", case_ref},
          {"member", member},
          {"crime_type", "migrant_smuggling"},
          {"reported_on", "2026-03-01"},
          {"restriction", {{"scope", "all"}}},
          {"entities", {entity}},
          {"relationships", json::array()},
          {"events", json::array()}};
}

class EntitiesTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "entities.db", {"ROU", "ITA", "DEU"}, {}); }

  std::int64_t contribute(const Caller& who, const json& body) { return testing::contribute(*db_, who, body); }

  std::int64_t entity_of(std::int64_t contribution, const std::string& local_id) {
    return testing::entity_of(*db_, contribution, local_id);
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller rou_{UserId{1}, "rou.analyst", "ROU", MemberKind::ncb, Role::analyst};
  Caller ita_{UserId{2}, "ita.analyst", "ITA", MemberKind::ncb, Role::analyst};
  Caller deu_{UserId{3}, "deu.analyst", "DEU", MemberKind::ncb, Role::analyst};
};

TEST_F(EntitiesTest, IdentifiersKeyMentionsByKindCanonicalFormAndCountry) {
  auto p = parse_package(package("ROU", "ROU-1", "0721 234 567", {{"scope", "all"}}), "ROU", policy::members_of(*db_),
                         today_utc());
  ASSERT_TRUE(p);
  std::vector<std::optional<std::string>> keys;
  for (const auto& m : p->mentions) keys.push_back(identifier_key(m));
  EXPECT_EQ(keys[0], std::nullopt) << "people are resolved, not keyed";
  EXPECT_EQ(keys[1], "phone:+40721234567") << "a national number read with the member's country";
  EXPECT_EQ(keys[2], "iban:RO49AAAA1B31007593840000");
  EXPECT_EQ(keys[3], "document:FRA:15AB12345");
  EXPECT_EQ(keys[4], "document:ITA:15AB12345") << "another state's document is another document";
  EXPECT_EQ(keys[5], std::nullopt) << "an identifier kept as given links nothing";
}

TEST_F(EntitiesTest, MembersSharingAnIdentifierShareAnEntityWithStableIds) {
  const auto a = contribute(rou_, package("ROU", "ROU-1", "0721 234 567", {{"scope", "all"}}));
  const auto b = contribute(ita_, package("ITA", "ITA-1", "+40 721 234 567", {{"scope", "all"}}));
  const auto phone = entity_of(a, "e2");
  ASSERT_NE(phone, 0);
  EXPECT_EQ(entity_of(b, "e2"), phone) << "the same number, written two ways, by two members";
  EXPECT_EQ(entity_of(b, "e3"), entity_of(a, "e3"));
  EXPECT_NE(entity_of(a, "e4"), entity_of(a, "e5"));
  EXPECT_EQ(entity_of(a, "e1"), 0);
  // An identifier kept as given is an entity of its own: no other mention joins it.
  ASSERT_NE(entity_of(a, "e6"), 0);
  EXPECT_NE(entity_of(b, "e6"), entity_of(a, "e6"));
  auto own = get_entity(*db_, rou_, entity_of(a, "e6"));
  ASSERT_TRUE(own) << own.error().message;
  EXPECT_EQ(own->key, "") << "its key is its mention's, shown as none";
  ASSERT_EQ(own->mentions.size(), 1U);
  EXPECT_EQ(own->mentions[0].how, "own");

  auto e = get_entity(*db_, deu_, phone);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, "phone");
  EXPECT_EQ(e->key, "phone:+40721234567");
  ASSERT_EQ(e->mentions.size(), 2U);
  EXPECT_EQ(e->mentions[0].meta.owner, "ITA") << "by member";
  EXPECT_EQ(e->mentions[1].meta.owner, "ROU");
  EXPECT_EQ(e->mentions[1].how, "identifier");
  EXPECT_EQ(e->mentions[1].reason, "phone:+40721234567") << "the identifier explains the link";
  ASSERT_FALSE(e->mentions[1].statements.empty());
  EXPECT_EQ(e->mentions[1].statements[0].value, "0721 234 567") << "statements as the member gave them";

  // Withdrawal and a new version leave the entity its id.
  ASSERT_TRUE(withdraw_contribution(*db_, rou_, a));
  e = get_entity(*db_, deu_, phone);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->mentions.size(), 1U);
  ASSERT_TRUE(withdraw_contribution(*db_, ita_, b));
  EXPECT_EQ(get_entity(*db_, deu_, phone).error().code, ErrorCode::not_found) << "no mention left to show";
  const auto again = contribute(deu_, package("DEU", "DEU-1", "+40721234567", {{"scope", "all"}}));
  EXPECT_EQ(entity_of(again, "e2"), phone) << "an identifier contributed again gets its id back";
  contribute(deu_, package("DEU", "DEU-1", "+40721234567", {{"scope", "all"}}));  // version 2
  EXPECT_EQ(get_entity(*db_, deu_, phone)->mentions.size(), 1U);
}

TEST_F(EntitiesTest, OrganizationsShareAnEntityByTheirCountrysRegistrationNumber) {
  auto company = [](const std::string& member, const std::string& case_ref, const std::string& number,
                    const char* country) {
    json org = {{"id", "o1"},
                {"kind", "organization"},
                {"names", {{{"full", "Rusu Transport SRL"}}}},
                {"registration_number", number}};
    if (country != nullptr) org["country"] = country;
    return one_entity_case(member, case_ref, org);
  };
  const auto a = contribute(rou_, company("ROU", "ROU-C1", "J13/123/2015", "ROU"));
  const auto b = contribute(ita_, company("ITA", "ITA-C1", "j13-123-2015", "ROU"));
  const auto c = contribute(deu_, company("DEU", "DEU-C1", "J13/123/2015", "MDA"));
  const auto d = contribute(deu_, company("DEU", "DEU-C2", "J13/123/2015", nullptr));
  ASSERT_NE(entity_of(a, "o1"), 0);
  EXPECT_EQ(entity_of(b, "o1"), entity_of(a, "o1")) << "the same register entry written two ways";
  EXPECT_NE(entity_of(c, "o1"), entity_of(a, "o1")) << "another country's register";
  EXPECT_NE(entity_of(d, "o1"), 0) << "a number without its country is an entity of its own";
  EXPECT_NE(entity_of(d, "o1"), entity_of(a, "o1")) << "a number without its country keys nothing";
  auto e = get_entity(*db_, deu_, entity_of(a, "o1"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->key, "registration:ROU:J131232015");
  auto found = find_entities(*db_, deu_, "J13 123 2015", 10, nullptr);
  ASSERT_TRUE(found);
  std::set<std::int64_t> ids;
  for (const auto& f : *found) ids.insert(f.id);
  EXPECT_EQ(ids, (std::set<std::int64_t>{entity_of(a, "o1"), entity_of(c, "o1")})) << "in every country's register";
}

TEST_F(EntitiesTest, CryptoWalletsShareAnEntityByTheirAddress) {
  auto wallet = [](const std::string& member, const std::string& case_ref, const std::string& address) {
    return one_entity_case(member, case_ref,
                           {{"id", "w1"}, {"kind", "account"}, {"type", "crypto"}, {"number", address}});
  };
  const auto a = contribute(rou_, wallet("ROU", "ROU-W1", "0x52908400098527886E0F7030069857D2E4169EE7"));
  const auto b = contribute(ita_, wallet("ITA", "ITA-W1", "0x52908400098527886e0f7030069857d2e4169ee7"));
  const auto c = contribute(deu_, wallet("DEU", "DEU-W1", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
  ASSERT_NE(entity_of(a, "w1"), 0);
  EXPECT_EQ(entity_of(b, "w1"), entity_of(a, "w1")) << "a hex address in either case";
  EXPECT_NE(entity_of(c, "w1"), entity_of(a, "w1"));
  EXPECT_EQ(get_entity(*db_, deu_, entity_of(a, "w1"))->key, "wallet:0x52908400098527886e0f7030069857d2e4169ee7");
  auto found = find_entities(*db_, deu_, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 10, nullptr);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1U);
  EXPECT_EQ(found->front().id, entity_of(c, "w1"));
}

TEST_F(EntitiesTest, EntityIdsAreRandomSoAnIdSaysNothingOfWhatExistedBefore) {
  // FRA holds a company for itself; ITA then names it between two new ones.
  const auto fra = contribute(rou_, one_entity_case("ROU", "ROU-S1",
                                                    {{"id", "o1"},
                                                     {"kind", "organization"},
                                                     {"names", {{{"full", "Sahara Trans S.A.R.L."}}}},
                                                     {"country", "MLI"}}));
  ASSERT_NE(fra, 0);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 30; ++i) {
    const auto c = contribute(
        ita_,
        one_entity_case("ITA", "ITA-S" + std::to_string(i),
                        {{"id", "o1"},
                         {"kind", "organization"},
                         {"names", {{{"full", i == 15 ? std::string("SAHARA TRANS") : "Firm " + std::to_string(i)}}}},
                         {"country", "MLI"}}));
    ids.push_back(entity_of(c, "o1"));
  }
  EXPECT_EQ(ids[15], entity_of(fra, "o1")) << "the same company";
  std::int64_t lowest = ids.front(), highest = ids.front();
  for (const auto id : ids) {
    EXPECT_GT(id, 0);
    EXPECT_LT(id, std::int64_t{1} << 53) << "exact in JSON for every client";
    lowest = std::min(lowest, id), highest = std::max(highest, id);
  }
  EXPECT_GT(highest - lowest, std::int64_t{1} << 40) << "no sequence: the shared one does not stand out as older";
  EXPECT_EQ(std::set<std::int64_t>(ids.begin(), ids.end()).size(), 30U);
}

TEST(OrganizationName, FoldsTheNameAndDropsTheLegalForm) {
  EXPECT_EQ(organization_name("Sahara Trans S.A.R.L."), "sahara trans");
  EXPECT_EQ(organization_name("SAHARA TRANS SARL"), "sahara trans");
  EXPECT_EQ(organization_name("Sahara Trans"), "sahara trans");
  EXPECT_EQ(organization_name("Rusu Transport S.R.L."), "rusu transport");
  EXPECT_EQ(organization_name("Müller Logistik GmbH & Co. KG"), "muller logistik gmbh and")
      << "a legal form inside stays";
  EXPECT_EQ(organization_name("Golden Sands Co. Ltd"), "golden sands");
  EXPECT_EQ(organization_name("ООО Восток"), "ooo vostok") << "a legal form that leads stays";
  EXPECT_EQ(organization_name("A.B.C. Travel"), "a b c travel") << "only trailing letters are joined";
  EXPECT_EQ(organization_name("Ltd."), "") << "nothing but a legal form";
  EXPECT_EQ(organization_name(""), "");
}

TEST_F(EntitiesTest, OrganizationsWithoutARegistrationNumberShareAnEntityByTheirNameInTheirCountry) {
  auto company = [](const std::string& member, const std::string& case_ref, const std::string& name,
                    const char* country, const char* number = nullptr) {
    json org = {{"id", "o1"}, {"kind", "organization"}, {"names", {{{"full", name}}}}};
    if (country != nullptr) org["country"] = country;
    if (number != nullptr) org["registration_number"] = number;
    return one_entity_case(member, case_ref, org);
  };
  const auto a = contribute(rou_, company("ROU", "ROU-N1", "Sahara Trans S.A.R.L.", "MLI"));
  const auto b = contribute(ita_, company("ITA", "ITA-N1", "SAHARA TRANS", "MLI"));
  const auto c = contribute(deu_, company("DEU", "DEU-N1", "Sahara Trans SARL", "NER"));
  const auto d = contribute(deu_, company("DEU", "DEU-N2", "Sahara Trans", nullptr));
  const auto e = contribute(deu_, company("DEU", "DEU-N3", "Sahara Trans", "MLI", "MA-2231"));
  ASSERT_NE(entity_of(a, "o1"), 0);
  EXPECT_EQ(entity_of(b, "o1"), entity_of(a, "o1")) << "one name, its legal form and case aside";
  EXPECT_NE(entity_of(c, "o1"), entity_of(a, "o1")) << "a company of that name in another country";
  EXPECT_NE(entity_of(d, "o1"), 0) << "a name without its country is an entity of its own";
  EXPECT_NE(entity_of(d, "o1"), entity_of(a, "o1")) << "a name without its country keys nothing";
  EXPECT_NE(entity_of(e, "o1"), entity_of(a, "o1")) << "a registration number keys the company by it";
  const auto entity = get_entity(*db_, deu_, entity_of(a, "o1"));
  ASSERT_TRUE(entity);
  EXPECT_EQ(entity->key, "name:MLI:sahara trans");
  EXPECT_EQ(entity->mentions.size(), 2U);
  auto found = find_entities(*db_, deu_, "Sahara Trans Sàrl", 10, nullptr);
  ASSERT_TRUE(found);
  std::set<std::int64_t> ids;
  for (const auto& f : *found) ids.insert(f.id);
  EXPECT_EQ(ids, (std::set<std::int64_t>{entity_of(a, "o1"), entity_of(c, "o1")})) << "by name, in every country";
}

TEST_F(EntitiesTest, AnEntityShowsOnlyTheMentionsTheCallerMaySee) {
  const auto open = contribute(rou_, package("ROU", "ROU-1", "+40721234567", {{"scope", "all"}}));
  const auto own = contribute(ita_, package("ITA", "ITA-1", "+40721234567", {{"scope", "owner"}}));
  const auto shared =
      contribute(deu_, package("DEU", "DEU-1", "+40721234567", {{"scope", "members"}, {"members", {"ITA"}}}));
  const auto phone = entity_of(open, "e2");
  auto owners = [](const Entity& e) {
    std::vector<std::string> out;
    for (const auto& m : e.mentions) out.push_back(m.meta.owner);
    return out;
  };
  EXPECT_EQ(owners(*get_entity(*db_, rou_, phone)), (std::vector<std::string>{"ROU"}));
  EXPECT_EQ(owners(*get_entity(*db_, ita_, phone)), (std::vector<std::string>{"DEU", "ITA", "ROU"}));
  EXPECT_EQ(owners(*get_entity(*db_, deu_, phone)), (std::vector<std::string>{"DEU", "ROU"}));
  // Reading restricted mentions is audited, naming their contributions.
  store::AuditQuery q;
  q.action = "entity.read";
  const auto reads = store::audit_list(*db_, q).value();
  ASSERT_FALSE(reads.empty());
  EXPECT_NE(reads.back().record.detail.find(std::to_string(shared)), std::string::npos) << reads.back().record.detail;
  // Hidden entirely: as if it did not exist.
  ASSERT_TRUE(withdraw_contribution(*db_, rou_, open));
  EXPECT_EQ(get_entity(*db_, rou_, phone).error().code, ErrorCode::not_found);
  EXPECT_EQ(get_entity(*db_, rou_, phone).error().message, "entity " + std::to_string(phone) + " not found");
  EXPECT_EQ(get_entity(*db_, rou_, 999999).error().message, "entity 999999 not found");
  (void)own;
}

TEST_F(EntitiesTest, AnIdentifierWrittenAnyUsualWayFindsItsEntity) {
  const auto a = contribute(rou_, package("ROU", "ROU-1", "0721 234 567", {{"scope", "all"}}));
  contribute(ita_, package("ITA", "ITA-1", "+40721234567", {{"scope", "owner"}}));
  auto ids = [&](const Caller& who, std::string_view q) {
    std::vector<std::int64_t> out;
    for (const auto& m : find_entities(*db_, who, q, 100).value()) out.push_back(m.id);
    return out;
  };
  const auto phone = entity_of(a, "e2");
  EXPECT_EQ(ids(rou_, "0721-234-567"), std::vector<std::int64_t>{phone}) << "national, as the caller's member dials";
  EXPECT_EQ(ids(deu_, "+40 721 234 567"), std::vector<std::int64_t>{phone});
  EXPECT_EQ(ids(deu_, "ro49aaaa1b31007593840000"), std::vector<std::int64_t>{entity_of(a, "e3")});
  // A document number alone finds the documents of every issuing state.
  const std::vector<std::int64_t> documents{entity_of(a, "e4"), entity_of(a, "e5")};
  EXPECT_EQ(ids(deu_, "15ab 12345"), documents);
  EXPECT_TRUE(ids(deu_, "+40 721 000 000").empty());
  EXPECT_TRUE(ids(deu_, "%").empty()) << "no wildcard";
  // Counts only the mentions the caller may see.
  EXPECT_EQ(find_entities(*db_, ita_, "+40721234567", 10).value().at(0).mentions, 2);
  EXPECT_EQ(find_entities(*db_, deu_, "+40721234567", 10).value().at(0).mentions, 1);
  ASSERT_TRUE(withdraw_contribution(*db_, rou_, a));
  EXPECT_TRUE(ids(deu_, "+40721234567").empty()) << "hidden from DEU now";
  EXPECT_EQ(ids(ita_, "+40721234567"), std::vector<std::int64_t>{phone});
}

}  // namespace
}  // namespace ariadne::analysis
