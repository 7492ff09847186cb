// The analysis file's contributions over a real server: a member posts a case
// package, sends it again as a new version, others read it as its
// restriction allows, and only the owner withdraws it.
#include <set>
#include <sstream>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

json case_package(const std::string& case_ref, const json& restriction) {
  return {{"case", case_ref},
          {"member", "FRA"},
          {"crime_type", "migrant_smuggling"},
          {"reported_on", "2026-02-10"},
          {"restriction", restriction},
          {"entities",
           {{{"id", "e1"},
             {"kind", "person"},
             {"names", {{{"full", "Youssef El Amrani"}, {"script", "Latn"}}, {{"full", "يوسف العمراني"}}}},
             {"birth_date", "1990-07"},
             {"role", "driver"}},
            {{"id", "e2"},
             {"kind", "vehicle"},
             {"plate", "AB-123-CD"},
             {"country", "FRA"},
             {"type", "van"},
             {"make", "Renault"}}}},
          {"relationships", {{{"from", "e1"}, {"to", "e2"}, {"kind", "drives"}}}},
          {"events",
           {{{"id", "v1"},
             {"kind", "arrest"},
             {"date", "2026-02-09"},
             {"country", "FRA"},
             {"participants", {"e1"}},
             {"by", "FRA"}}}}};
}

class ContributionsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto users = standard_users();
    users.push_back({"fra.analyst", "FRA", "analyst"});
    users.push_back({"ita.analyst", "ITA", "analyst"});
    world_ = std::make_unique<World>(ServerOptions{}, standard_members(), users);
    start_error_ = world_->start();
  }
  static void TearDownTestSuite() { world_.reset(); }
  void SetUp() override { ASSERT_EQ(start_error_, ""); }

  static Response post(const json& body, const std::string& user = "fra.officer") {
    return world_->client().post("/contributions", body, world_->token(user));
  }
  static Response get(const std::string& path, const std::string& user) {
    return world_->client().get(path, world_->token(user));
  }

  static std::unique_ptr<World> world_;
  static std::string start_error_;
};

std::unique_ptr<World> ContributionsApi::world_;
std::string ContributionsApi::start_error_;

TEST_F(ContributionsApi, AMemberContributesACaseAndSendsItAgain) {
  auto created = post(case_package("FRA-2026-000100", {{"scope", "all"}}));
  ASSERT_EQ(created.status, 201) << created.describe();
  const auto id = created.body["id"].get<long long>();
  EXPECT_EQ(created.body["version"], 1);
  EXPECT_EQ(created.body["counts"], json({{"entities", 2}, {"events", 1}, {"links", 2}}));
  EXPECT_EQ(created.body["warnings"], json::array());

  auto again = case_package("FRA-2026-000100", {{"scope", "all"}});
  again["entities"][1]["plate"] = "AB-124-CD";  // the plate was misread
  auto updated = post(again);
  ASSERT_EQ(updated.status, 200) << updated.describe();
  EXPECT_EQ(updated.body["id"], id);
  EXPECT_EQ(updated.body["version"], 2);

  auto read = get("/contributions/" + std::to_string(id), "deu.officer");
  ASSERT_EQ(read.status, 200) << read.describe();
  EXPECT_EQ(read.body["package"]["entities"][1]["plate"], "AB-124-CD");
  EXPECT_EQ(read.body["package"]["entities"][0]["names"][1]["script"], "Arab");
  EXPECT_EQ(read.body["owner"], "FRA");
  EXPECT_EQ(read.body["created_by"], "fra.officer");

  auto listed = get("/contributions?member=FRA&limit=1000", "ita.officer");
  ASSERT_EQ(listed.status, 200) << listed.describe();
  bool found = false;
  for (const auto& c : listed.body["contributions"]) found = found || c["id"] == id;
  EXPECT_TRUE(found);
}

TEST_F(ContributionsApi, RestrictionsHoldAndOnlyTheOwnerWithdraws) {
  auto created = post(case_package("FRA-2026-000101", {{"scope", "members"}, {"members", {"ITA"}}}));
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string path = "/contributions/" + std::to_string(created.body["id"].get<long long>());
  EXPECT_EQ(get(path, "ita.officer").status, 200);
  auto hidden = get(path, "deu.officer");
  auto absent = get("/contributions/999999", "deu.officer");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(absent.status, 404);
  EXPECT_EQ(hidden.body["title"], absent.body["title"]);
  EXPECT_EQ(get(path, "partner.user").status, 403);

  auto c = world_->client();
  EXPECT_EQ(c.del(path, world_->token("deu.officer")).status, 404);
  EXPECT_EQ(c.del(path, world_->token("ita.officer")).status, 403);
  EXPECT_EQ(c.del(path, world_->token("fra.officer")).status, 204);
  EXPECT_EQ(get(path, "ita.officer").status, 404);
  auto audit = all_audit(c, world_->token("admin"), "action=contribution.withdraw");
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back()["detail"], "FRA-2026-000101 version 1");
}

TEST_F(ContributionsApi, MembersSharingAPlateShareAnEntityAsTheirRestrictionsAllow) {
  auto fra = post(case_package("FRA-2026-000105", {{"scope", "all"}}));
  ASSERT_EQ(fra.status, 201) << fra.describe();
  auto ita_case = case_package("ITA-2026-000001", {{"scope", "members"}, {"members", {"FRA"}}});
  ita_case["member"] = "ITA";
  ita_case["entities"][1]["plate"] = "ab 123 cd";  // the same plate, written otherwise
  ita_case["events"] = json::array();
  auto ita = post(ita_case, "ita.officer");
  ASSERT_EQ(ita.status, 201) << ita.describe();
  auto fra_read = get("/contributions/" + std::to_string(fra.body["id"].get<long long>()), "fra.officer");
  auto ita_read = get("/contributions/" + std::to_string(ita.body["id"].get<long long>()), "ita.officer");
  ASSERT_EQ(fra_read.status, 200);
  ASSERT_TRUE(fra_read.body["entity_ids"].contains("e2")) << fra_read.describe();
  ASSERT_TRUE(fra_read.body["entity_ids"].contains("e1")) << "people are resolved too";
  const auto entity = fra_read.body["entity_ids"]["e2"].get<long long>();
  EXPECT_EQ(ita_read.body["entity_ids"]["e2"], entity);

  const std::string path = "/entities/" + std::to_string(entity);
  auto seen = get(path, "fra.officer");
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_EQ(seen.body["kind"], "vehicle");
  EXPECT_EQ(seen.body["key"], "plate:FRA:AB123CD");
  std::set<std::string> members;
  for (const auto& m : seen.body["members"]) members.insert(m["member"]);
  EXPECT_TRUE(members.contains("FRA") && members.contains("ITA")) << seen.describe();
  const auto& mention = seen.body["members"][0]["mentions"][0];
  EXPECT_EQ(mention["link"]["how"], "identifier");
  EXPECT_EQ(mention["link"]["explanation"], "shares plate:FRA:AB123CD");
  // DEU may not see ITA's contribution: only FRA's mention shows.
  auto deu = get(path, "deu.officer");
  ASSERT_EQ(deu.status, 200) << deu.describe();
  for (const auto& m : deu.body["members"]) EXPECT_NE(m["member"], "ITA") << deu.describe();
  EXPECT_EQ(get(path, "partner.user").status, 403);
  EXPECT_EQ(get("/entities/999999", "fra.officer").status, 404);

  auto found = get("/entities?q=ab-123-cd", "deu.officer");
  ASSERT_EQ(found.status, 200) << found.describe();
  bool listed = false;
  for (const auto& e : found.body["entities"]) {
    if (e["id"] != entity) continue;
    listed = true;
    EXPECT_EQ(e["mentions"], 1) << "DEU sees FRA's mention only";
  }
  EXPECT_TRUE(listed) << found.describe();
  EXPECT_EQ(get("/entities?q=", "deu.officer").status, 400);
  EXPECT_EQ(get("/entities", "deu.officer").status, 400);
  EXPECT_EQ(get("/entities?q=x&colour=red", "deu.officer").status, 400);
}

TEST_F(ContributionsApi, PeopleAreResolvedAcrossMembersWithExplainedLinks) {
  auto fra = post(case_package("FRA-2026-000106", {{"scope", "all"}}));
  ASSERT_EQ(fra.status, 201) << fra.describe();
  auto ita_case = case_package("ITA-2026-000002", {{"scope", "members"}, {"members", {"FRA"}}});
  ita_case["member"] = "ITA";
  ita_case["entities"][0]["names"] = {{{"full", "EL AMRANI Youssef"}}};  // family name first, upper case
  ita_case["events"] = json::array();
  auto ita = post(ita_case, "ita.officer");
  ASSERT_EQ(ita.status, 201) << ita.describe();
  // The answer comes after the resolution: the entity ids are there at once.
  auto fra_read = get("/contributions/" + std::to_string(fra.body["id"].get<long long>()), "fra.officer");
  auto ita_read = get("/contributions/" + std::to_string(ita.body["id"].get<long long>()), "ita.officer");
  ASSERT_TRUE(fra_read.body["entity_ids"].contains("e1")) << fra_read.describe();
  const auto person = fra_read.body["entity_ids"]["e1"].get<long long>();
  EXPECT_EQ(ita_read.body["entity_ids"]["e1"], person) << "one driver, two members, one entity";

  const std::string path = "/entities/" + std::to_string(person);
  auto seen = get(path, "fra.officer");
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_EQ(seen.body["kind"], "person");
  EXPECT_EQ(seen.body["key"], nullptr);
  EXPECT_EQ(seen.body["connected"], true);
  ASSERT_FALSE(seen.body["links"].empty()) << seen.describe();
  const auto& link = seen.body["links"][0];
  std::set<std::string> ends{link["from"]["member"].get<std::string>(), link["to"]["member"].get<std::string>()};
  EXPECT_TRUE(ends.contains("ITA")) << seen.describe();
  double sum = link["explanation"]["prior_weight"].get<double>();
  bool plate = false;
  for (const auto& f : link["explanation"]["features"]) {
    sum += f["weight"].get<double>() + f.value("tf_adjustment", 0.0);
    plate = plate || (f["comparison"] == "identifier" && f["level"] == "shared");
  }
  EXPECT_NEAR(sum, link["explanation"]["weight"].get<double>(), 1e-6) << link.dump();
  EXPECT_TRUE(plate) << "they drive the same van: " << link.dump();
  for (const auto& m : seen.body["members"]) {
    for (const auto& mention : m["mentions"]) EXPECT_EQ(mention["link"]["how"], "resolution");
  }
  // DEU may not see ITA's record: neither it nor a link to it shows.
  auto deu = get(path, "deu.officer");
  ASSERT_EQ(deu.status, 200) << deu.describe();
  for (const auto& m : deu.body["members"]) EXPECT_NE(m["member"], "ITA") << deu.describe();
  for (const auto& l : deu.body["links"]) {
    EXPECT_NE(l["from"]["member"], "ITA");
    EXPECT_NE(l["to"]["member"], "ITA");
  }
  // Found by name in another script.
  auto found =
      get("/entities?q=" + std::string("%D9%8A%D9%88%D8%B3%D9%81%20%D8%A7%D9%84%D8%B9%D9%85%D8%B1%D8%A7%D9%86%D9%8A"),
          "deu.officer");
  ASSERT_EQ(found.status, 200) << found.describe();
  bool listed = false;
  for (const auto& e : found.body["entities"]) {
    if (e["id"] != person) continue;
    listed = true;
    EXPECT_EQ(e["kind"], "person");
    EXPECT_GT(e["score"].get<double>(), 0.8);
  }
  EXPECT_TRUE(listed) << found.describe();
}

TEST_F(ContributionsApi, AnalystsSplitAndMergePeopleWithAReason) {
  auto fra = post(case_package("FRA-2026-000107", {{"scope", "all"}}));
  auto ita_case = case_package("ITA-2026-000003", {{"scope", "all"}});
  ita_case["member"] = "ITA";
  ita_case["events"] = json::array();
  auto ita = post(ita_case, "ita.officer");
  ASSERT_EQ(fra.status, 201) << fra.describe();
  ASSERT_EQ(ita.status, 201) << ita.describe();
  const auto fra_id = fra.body["id"].get<long long>(), ita_id = ita.body["id"].get<long long>();
  auto person = get("/contributions/" + std::to_string(fra_id), "fra.officer").body["entity_ids"]["e1"];
  ASSERT_EQ(get("/contributions/" + std::to_string(ita_id), "ita.officer").body["entity_ids"]["e1"], person);
  const std::string split_path = "/entities/" + std::to_string(person.get<long long>()) + "/split";
  const json split{{"mentions", {{{"contribution", ita_id}, {"mention", "e1"}}}},
                   {"reason", "ours is his cousin: other fingerprints"}};
  auto client = world_->client();
  // Officers do not decide; a decision needs a reason and known mentions.
  EXPECT_EQ(client.post(split_path, split, world_->token("ita.officer")).status, 403);
  auto no_reason =
      client.post(split_path, {{"mentions", split["mentions"]}, {"reason", ""}}, world_->token("ita.analyst"));
  EXPECT_EQ(no_reason.status, 400) << no_reason.describe();
  auto stranger =
      client.post(split_path, {{"mentions", {{{"contribution", ita_id}, {"mention", "e2"}}}}, {"reason", "x"}},
                  world_->token("ita.analyst"));
  EXPECT_EQ(stranger.status, 400) << stranger.describe();
  auto extra = client.post(split_path, {{"mentions", split["mentions"]}, {"reason", "x"}, {"colour", "red"}},
                           world_->token("ita.analyst"));
  EXPECT_EQ(extra.status, 400) << extra.describe();

  auto done = client.post(split_path, split, world_->token("ita.analyst"));
  ASSERT_EQ(done.status, 200) << done.describe();
  EXPECT_EQ(done.body["entity"], person) << "the rest keeps the id";
  const auto cousin = done.body["split_off"];
  EXPECT_NE(cousin, person);
  EXPECT_EQ(get("/contributions/" + std::to_string(ita_id), "ita.officer").body["entity_ids"]["e1"], cousin);
  auto seen = get("/entities/" + std::to_string(cousin.get<long long>()), "ita.officer");
  ASSERT_EQ(seen.status, 200) << seen.describe();
  ASSERT_EQ(seen.body["decisions"].size(), 1u) << seen.describe();
  EXPECT_EQ(seen.body["decisions"][0]["kind"], "split");
  EXPECT_EQ(seen.body["decisions"][0]["reason"], "ours is his cousin: other fingerprints");

  // FRA's analyst thinks otherwise: the later decision wins; ITA's reason stays ITA's.
  auto merged = client.post("/entities/merge", {{"entities", {person, cousin}}, {"reason", "same DNA profile"}},
                            world_->token("fra.analyst"));
  ASSERT_EQ(merged.status, 200) << merged.describe();
  const auto one = merged.body["entity"];
  EXPECT_EQ(get("/contributions/" + std::to_string(ita_id), "ita.officer").body["entity_ids"]["e1"], one);
  EXPECT_EQ(get("/contributions/" + std::to_string(fra_id), "fra.officer").body["entity_ids"]["e1"], one);
  auto by_fra = get("/entities/" + std::to_string(one.get<long long>()), "fra.officer");
  ASSERT_EQ(by_fra.body["decisions"].size(), 2u) << by_fra.describe();
  EXPECT_FALSE(by_fra.body["decisions"][0].contains("reason")) << "ITA's reason is ITA's";
  EXPECT_EQ(by_fra.body["decisions"][1]["reason"], "same DNA profile");
  // The link graph answers of the merged id as of the survivor, and says so.
  const auto gone = person == one ? cousin : person;
  const std::string gone_id = std::to_string(gone.get<long long>());
  auto around = get("/graph/neighbourhood?id=" + gone_id, "fra.analyst");
  ASSERT_EQ(around.status, 200) << around.describe();
  ASSERT_EQ(around.body["redirected"].size(), 1u) << around.describe();
  EXPECT_EQ(around.body["redirected"][0]["param"], "id");
  EXPECT_EQ(around.body["redirected"][0]["asked"], gone);
  EXPECT_EQ(around.body["redirected"][0]["entity"], one);
  EXPECT_FALSE(get("/graph/neighbourhood?id=" + std::to_string(one.get<long long>()), "fra.analyst")
                   .body.contains("redirected"));
  auto network = get("/graph/networks?entity=" + gone_id, "fra.analyst");
  ASSERT_EQ(network.status, 200) << network.describe();
  EXPECT_EQ(network.body["redirected"][0]["param"], "entity");
  const auto vehicle = get("/contributions/" + std::to_string(fra_id), "fra.officer").body["entity_ids"]["e2"];
  auto path = get("/graph/path?from=" + gone_id + "&to=" + std::to_string(vehicle.get<long long>()), "fra.analyst");
  ASSERT_EQ(path.status, 200) << path.describe();
  ASSERT_EQ(path.body["redirected"].size(), 1u) << path.describe();
  EXPECT_EQ(path.body["redirected"][0]["param"], "from");
  auto audit = all_audit(client, world_->token("admin"), "action=entity.merge");
  EXPECT_FALSE(audit.empty());
  EXPECT_EQ(client.post("/entities/merge", {{"entities", {person}}, {"reason", "alone"}}, world_->token("fra.analyst"))
                .status,
            400);
}

TEST_F(ContributionsApi, AnIdentifierThatDoesNotCheckOutIsKeptAndNamed) {
  auto body = case_package("FRA-2026-000104", {{"scope", "all"}});
  body["entities"].push_back({{"id", "e3"}, {"kind", "phone"}, {"number", "06 12"}});
  auto r = post(body);
  ASSERT_EQ(r.status, 201) << r.describe();
  ASSERT_EQ(r.body["warnings"].size(), 1u) << r.describe();
  EXPECT_EQ(r.body["warnings"][0]["field"], "entities[2].number");
  auto read = get("/contributions/" + std::to_string(r.body["id"].get<long long>()), "fra.officer");
  EXPECT_EQ(read.body["package"]["entities"][2]["number"], "06 12");
}

TEST_F(ContributionsApi, ABadPackageIsRefusedWithEveryReasonAndStoresNothing) {
  auto bad = case_package("FRA-2026-000102", {{"scope", "all"}});
  bad["member"] = "DEU";
  bad["relationships"].push_back({{"from", "e1"}, {"to", "e3"}, {"kind", "uses"}});
  bad["events"][0]["date"] = "2099-01-01";
  auto r = post(bad);
  ASSERT_EQ(r.status, 400) << r.describe();
  std::set<std::string> fields;
  for (const auto& e : r.body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"member", "relationships[1].to", "events[0].date"}));
  EXPECT_EQ(get("/contributions?member=FRA&limit=1000", "fra.officer").body.dump().find("FRA-2026-000102"),
            std::string::npos);
  EXPECT_EQ(post(case_package("FRA-2026-000103", {{"scope", "all"}}), "fra.reviewer").status, 403);
  EXPECT_EQ(post(case_package("FRA-2026-000103", {{"scope", "all"}}), "partner.user").status, 403);
}

// Many cases at once: JSON Lines of packages or of FollowTheMoney entities,
// or a spreadsheet with its mapping; and a case out as FtM.
TEST_F(ContributionsApi, FollowTheMoneyEntitiesComeInAsACaseAndGoOutAgain) {
  const std::string ftm =
      R"({"id": "p1", "schema": "Person", "properties": {"name": ["Karim Haddad"], "birthDate": ["1979"], "phone": ["+33612345678"]}})"
      "\n"
      R"({"id": "p2", "schema": "Person", "properties": {"name": ["Leila Haddad"]}})"
      "\n"
      R"({"id": "d1", "schema": "Passport", "properties": {"number": ["19FV12345"], "country": ["fr"], "holder": ["p1"]}})"
      "\n"
      R"({"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p2"], "relationship": ["wife"]}})"
      "\n";
  auto r = world_->client().send({"POST",
                                  "/contributions/bulk?format=ftm&case=FRA-FTM-1&crime_type=trafficking_in_human_beings"
                                  "&restriction=members:ITA",
                                  std::nullopt,
                                  ftm,
                                  "application/x-ndjson",
                                  world_->token("fra.officer"),
                                  {}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.body["accepted"], 1);
  EXPECT_EQ(r.body["mentions"], 4) << "two people, a passport, a phone";
  auto list = get("/contributions?member=FRA&limit=1000", "fra.officer");
  std::int64_t id = 0;
  for (const auto& c : list.body["contributions"]) {
    if (c["case"] == "FRA-FTM-1") id = c["id"].get<std::int64_t>();
  }
  ASSERT_NE(id, 0) << list.describe();
  const auto path = "/contributions/" + std::to_string(id);
  auto stored = get(path, "fra.officer");
  EXPECT_EQ(stored.body["package"]["restriction"]["members"], json({"ITA"}));
  EXPECT_EQ(stored.body["package"]["relationships"].size(), 3U) << "uses, holds_document, family";

  // Out again: Italy may read it, Germany may not.
  auto out = get(path + "/ftm", "ita.analyst");
  ASSERT_EQ(out.status, 200) << out.describe();
  EXPECT_EQ(out.header("Content-Type").substr(0, 20), "application/x-ndjson");
  EXPECT_EQ(out.header("X-Withheld-Victims"), "0");
  std::set<std::string> schemata;
  std::istringstream lines(out.raw);
  for (std::string line; std::getline(lines, line);) schemata.insert(json::parse(line)["schema"].get<std::string>());
  EXPECT_EQ(schemata, (std::set<std::string>{"Person", "Passport", "Family"}));
  EXPECT_EQ(get(path + "/ftm", "deu.officer").status, 404);

  // What FtM needs named, and bodies that are not JSON Lines.
  const std::string no_crime = "/contributions/bulk?format=ftm&restriction=all";
  EXPECT_EQ(world_->client()
                .send({"POST", no_crime, std::nullopt, ftm, "application/x-ndjson", world_->token("fra.officer"), {}})
                .status,
            400);
  EXPECT_EQ(
      world_->client()
          .send({"POST", "/contributions/bulk", std::nullopt, ftm, "text/plain", world_->token("fra.officer"), {}})
          .status,
      415);
  EXPECT_EQ(world_->client()
                .send({"POST",
                       "/contributions/bulk?case=X",
                       std::nullopt,
                       ftm,
                       "application/x-ndjson",
                       world_->token("fra.officer"),
                       {}})
                .status,
            400)
      << "case is for format=ftm";
}

TEST_F(ContributionsApi, ManyPackagesOrASpreadsheetComeInCaseByCase) {
  auto good = case_package("FRA-2026-000201", {{"scope", "all"}});
  auto bad = case_package("FRA-2026-000202", {{"scope", "all"}});
  bad["entities"][0]["birth_date"] = "2099";
  const std::string lines = good.dump() + "\n" + bad.dump() + "\n";
  auto r = world_->client().send(
      {"POST", "/contributions/bulk", std::nullopt, lines, "application/x-ndjson", world_->token("fra.officer"), {}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.body["accepted"], 1);
  EXPECT_EQ(r.body["rejected"], 1);
  ASSERT_EQ(r.body["errors"].size(), 1U) << r.describe();
  EXPECT_EQ(r.body["errors"][0]["line"], 2);
  EXPECT_EQ(r.body["errors"][0]["field"], "entities[0].birth_date");

  const std::string boundary = "ariadne-test-boundary";
  const json mapping = {{"case", {{"column", "Case"}}},
                        {"crime_type", "migrant_smuggling"},
                        {"reported_on", "2026-02-01"},
                        {"restriction", {{"scope", "all"}}},
                        {"columns", {{"Name", "person.names"}, {"Phone", "phone.number"}}}};
  auto part = [&](const std::string& name, const std::string& content) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name +
           "\"\r\n\r\n" + content + "\r\n";
  };
  const std::string form = part("mapping", mapping.dump()) +
                           part("file", "Case,Name,Phone\nFRA-CSV-1,Omar Said,+33611111111\nFRA-CSV-1,Ali Said,\n") +
                           "--" + boundary + "--\r\n";
  auto csv = world_->client().send({"POST",
                                    "/contributions/bulk",
                                    std::nullopt,
                                    form,
                                    "multipart/form-data; boundary=" + boundary,
                                    world_->token("fra.officer"),
                                    {}});
  ASSERT_EQ(csv.status, 200) << csv.describe();
  EXPECT_EQ(csv.body["accepted"], 1);
  EXPECT_EQ(csv.body["mentions"], 3);
  EXPECT_EQ(world_->client()
                .send({"POST",
                       "/contributions/bulk",
                       std::nullopt,
                       part("file", "Case\nX\n") + "--" + boundary + "--\r\n",
                       "multipart/form-data; boundary=" + boundary,
                       world_->token("fra.officer"),
                       {}})
                .status,
            400)
      << "a form without its mapping";
  auto refused = world_->client().send({"POST",
                                        "/contributions/bulk",
                                        std::nullopt,
                                        bad.dump() + "\n",
                                        "application/x-ndjson",
                                        world_->token("fra.officer"),
                                        {}});
  EXPECT_EQ(refused.status, 422) << "nothing accepted";
  EXPECT_EQ(world_->client()
                .send({"POST",
                       "/contributions/bulk",
                       std::nullopt,
                       lines,
                       "application/x-ndjson",
                       world_->token("fra.reviewer"),
                       {}})
                .status,
            403);
}

}  // namespace
}  // namespace ariadne::apitest
