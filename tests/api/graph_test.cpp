// The link graph over a real server: France and Italy each hold part of a
// network (one phone shared); each sees, walks and measures only its part
// and what the other lets it see.
#include <set>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

json person(const std::string& id, const std::string& name, const std::string& birth, const std::string& role) {
  return {{"id", id}, {"kind", "person"}, {"names", {{{"full", name}}}}, {"birth_date", birth}, {"role", role}};
}

json package(const std::string& member, const std::string& ref, const json& restriction, json entities,
             json relationships, json events = json::array()) {
  return {{"case", ref},
          {"member", member},
          {"crime_type", "migrant_smuggling"},
          {"reported_on", "2026-02-10"},
          {"restriction", restriction},
          {"entities", std::move(entities)},
          {"relationships", std::move(relationships)},
          {"events", std::move(events)}};
}

class GraphApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto users = standard_users();
    users.push_back({"fra.analyst", "FRA", "analyst"});
    users.push_back({"ita.analyst", "ITA", "analyst"});
    users.push_back({"deu.analyst", "DEU", "analyst"});
    world_ = std::make_unique<World>(ServerOptions{}, standard_members(), users);
    start_error_ = world_->start();
    if (!start_error_.empty()) return;
    // France: a driver who uses a phone and crossed at Ventimiglia.
    fra_case_ = post(package("FRA", "FRA-G1", {{"scope", "all"}},
                             {person("e1", "Youssef El Amrani", "1990-07-01", "driver"),
                              {{"id", "e2"}, {"kind", "phone"}, {"number", "+33612345678"}},
                              {{"id", "e3"},
                               {"kind", "place"},
                               {"place_type", "crossing_point"},
                               {"name", "Ventimiglia"},
                               {"country", "ITA"}}},
                             {{{"from", "e1"}, {"to", "e2"}, {"kind", "uses"}}},
                             {{{"id", "v1"},
                               {"kind", "border_crossing"},
                               {"date", "2026-02-01"},
                               {"country", "ITA"},
                               {"from", "ITA"},
                               {"to", "FRA"},
                               {"mode", "land"},
                               {"participants", {"e1"}},
                               {"place", "e3"}}}),
                     "fra.analyst");
    // Italy, for itself: a money handler on the same phone who paid an organiser.
    ita_case_ = post(
        package("ITA", "ITA-G1", {{"scope", "owner"}},
                {person("p1", "Marco Bianchi", "1975-07-08", "money_handler"),
                 person("p2", "Salvatore Rizzo", "1968-03-04", "organiser"),
                 {{"id", "t1"}, {"kind", "phone"}, {"number", "+33 6 12 34 56 78"}}},
                {{{"from", "p1"}, {"to", "t1"}, {"kind", "uses"}}, {{"from", "p1"}, {"to", "p2"}, {"kind", "paid"}}}),
        "ita.analyst");
  }
  static void TearDownTestSuite() { world_.reset(); }
  void SetUp() override {
    ASSERT_EQ(start_error_, "");
    ASSERT_NE(fra_case_, 0);
    ASSERT_NE(ita_case_, 0);
  }

  static long long post(const json& body, const std::string& user) {
    auto r = world_->client().post("/contributions", body, world_->token(user));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.status == 201 ? r.body["id"].get<long long>() : 0;
  }
  static Response get(const std::string& path, const std::string& user) {
    return world_->client().get(path, world_->token(user));
  }
  // The entity of a mention, as its owner reads it.
  static long long entity(long long contribution, const std::string& local, const std::string& owner) {
    auto r = get("/contributions/" + std::to_string(contribution), owner);
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.body["entity_ids"].value(local, 0LL);
  }
  // A 400 whose first error names `field`.
  static void expect_400(const Response& r, const std::string& field) {
    EXPECT_EQ(r.status, 400) << r.describe();
    ASSERT_TRUE(r.body.contains("errors")) << r.describe();
    EXPECT_EQ(r.body["errors"][0]["field"], field) << r.describe();
  }
  static std::set<long long> node_ids(const json& body) {
    std::set<long long> out;
    for (const auto& n : body["nodes"]) out.insert(n["id"].get<long long>());
    return out;
  }

  static std::unique_ptr<World> world_;
  static std::string start_error_;
  static long long fra_case_, ita_case_;
};

std::unique_ptr<World> GraphApi::world_;
std::string GraphApi::start_error_;
long long GraphApi::fra_case_ = 0;
long long GraphApi::ita_case_ = 0;

TEST_F(GraphApi, EachMemberSeesItsPartOfTheNeighbourhood) {
  const auto phone = entity(fra_case_, "e2", "fra.analyst");
  const auto youssef = entity(fra_case_, "e1", "fra.analyst");
  const auto marco = entity(ita_case_, "p1", "ita.analyst");
  ASSERT_EQ(entity(ita_case_, "t1", "ita.analyst"), phone);

  auto fra = get("/graph/neighbourhood?id=" + std::to_string(phone), "fra.analyst");
  ASSERT_EQ(fra.status, 200) << fra.describe();
  EXPECT_EQ(node_ids(fra.body), (std::set<long long>{phone, youssef}));
  ASSERT_EQ(fra.body["edges"].size(), 1U);
  const auto& st = fra.body["edges"][0]["statements"][0];
  EXPECT_EQ(st["member"], "FRA");
  EXPECT_EQ(st["case"], "FRA-G1");
  EXPECT_EQ(st["kind"], "uses");
  EXPECT_EQ(st["from"], youssef);
  EXPECT_EQ(st["from_mention"], "e1");

  auto ita = get("/graph/neighbourhood?id=" + std::to_string(phone) + "&depth=2", "ita.analyst");
  ASSERT_EQ(ita.status, 200) << ita.describe();
  const auto seen = node_ids(ita.body);
  EXPECT_TRUE(seen.contains(marco));
  EXPECT_TRUE(seen.contains(entity(ita_case_, "p2", "ita.analyst")));
  EXPECT_TRUE(seen.contains(entity(fra_case_, "v1", "fra.analyst"))) << "France's crossing, open to all";

  // Italy's money handler does not exist for France or Germany: 404 as for no entity.
  auto hidden = get("/graph/neighbourhood?id=" + std::to_string(marco), "fra.analyst");
  auto absent = get("/graph/neighbourhood?id=9007199254740991", "fra.analyst");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(absent.status, 404);
  EXPECT_EQ(hidden.body["title"], absent.body["title"]);
  EXPECT_EQ(get("/graph/neighbourhood?id=" + std::to_string(marco), "deu.analyst").status, 404);
}

TEST_F(GraphApi, PathsNetworksAndKeyPlayersHonourRestrictions) {
  const auto youssef = entity(fra_case_, "e1", "fra.analyst");
  const auto salvatore = entity(ita_case_, "p2", "ita.analyst");
  auto path = get("/graph/path?from=" + std::to_string(youssef) + "&to=" + std::to_string(salvatore), "ita.analyst");
  ASSERT_EQ(path.status, 200) << path.describe();
  EXPECT_EQ(path.body["hops"], 3);
  ASSERT_EQ(path.body["paths"].size(), 1U);
  EXPECT_EQ(path.body["paths"][0].front(), youssef);
  EXPECT_EQ(path.body["paths"][0].back(), salvatore);
  EXPECT_EQ(path.body["edges"].size(), 3U);
  EXPECT_EQ(
      get("/graph/path?from=" + std::to_string(youssef) + "&to=" + std::to_string(salvatore), "fra.analyst").status,
      404);

  auto fra_nets = get("/graph/networks", "fra.analyst");
  ASSERT_EQ(fra_nets.status, 200) << fra_nets.describe();
  ASSERT_EQ(fra_nets.body["networks"].size(), 1U);
  const auto& net = fra_nets.body["networks"][0];
  EXPECT_EQ(net["entities"], 3) << "Youssef, the phone, the crossing: the place aside";
  EXPECT_EQ(net["people"], 1);
  EXPECT_EQ(net["roles"], json({{"driver", 1}}));
  EXPECT_EQ(net["members"], json({"FRA"}));
  EXPECT_EQ(net["first"], "2026-02-01");

  auto ita_nets = get("/graph/networks?entity=" + std::to_string(youssef), "ita.analyst");
  ASSERT_EQ(ita_nets.status, 200);
  ASSERT_EQ(ita_nets.body["networks"].size(), 1U);
  EXPECT_EQ(ita_nets.body["networks"][0]["entities"], 5);
  EXPECT_EQ(ita_nets.body["networks"][0]["members"], json({"FRA", "ITA"}));

  auto key = get("/graph/centrality?measure=betweenness&network=" + std::to_string(youssef), "ita.analyst");
  ASSERT_EQ(key.status, 200) << key.describe();
  EXPECT_EQ(key.body["measure"], "betweenness");
  ASSERT_EQ(key.body["entities"].size(), 5U);
  // A path of five: Youssef's crossing, Youssef, the phone, Marco, Salvatore: the phone is in the middle.
  EXPECT_EQ(key.body["entities"][0]["id"], entity(fra_case_, "e2", "fra.analyst"));
  EXPECT_NEAR(key.body["entities"][0]["value"].get<double>(), 4.0 / 6, 1e-12);

  auto brokers = get("/graph/brokers?kind=person&network=" + std::to_string(youssef), "ita.analyst");
  ASSERT_EQ(brokers.status, 200) << brokers.describe();
  EXPECT_GE(brokers.body["communities"].get<int>(), 2);
  ASSERT_EQ(brokers.body["entities"].size(), 3U) << "the three people";
  EXPECT_GT(brokers.body["entities"][0]["bridging"].get<double>(), 0);
  EXPECT_TRUE(brokers.body["entities"][0].contains("constraint"));
  EXPECT_EQ(get("/graph/brokers?network=" + std::to_string(salvatore), "fra.analyst").status, 404);
  expect_400(get("/graph/brokers?kind=ghost", "ita.analyst"), "kind");
  expect_400(get("/graph/brokers?offenders_only=maybe", "ita.analyst"), "offenders_only");

  auto communities = get("/graph/communities?network=" + std::to_string(youssef), "ita.analyst");
  ASSERT_EQ(communities.status, 200) << communities.describe();
  EXPECT_EQ(communities.body["method"], "leiden");
  EXPECT_GE(communities.body["count"].get<int>(), 2);
}

TEST_F(GraphApi, BadRequestsAreClearErrors) {
  const auto youssef = std::to_string(entity(fra_case_, "e1", "fra.analyst"));
  expect_400(get("/graph/neighbourhood", "fra.analyst"), "id");
  expect_400(get("/graph/neighbourhood?id=" + youssef + "&depth=5", "fra.analyst"), "depth");
  expect_400(get("/graph/neighbourhood?id=" + youssef + "&kinds=uses,befriends", "fra.analyst"), "kinds");
  expect_400(get("/graph/neighbourhood?id=" + youssef + "&from=2026-13-01", "fra.analyst"), "from");
  expect_400(get("/graph/neighbourhood?id=" + youssef + "&country=France", "fra.analyst"), "country");
  expect_400(get("/graph/neighbourhood?id=abc", "fra.analyst"), "id");
  expect_400(get("/graph/path?from=" + youssef + "&to=" + youssef, "fra.analyst"), "to");
  expect_400(get("/graph/path?from=" + youssef + "&to=1&max_hops=9", "fra.analyst"), "max_hops");
  expect_400(get("/graph/centrality?measure=fame", "fra.analyst"), "measure");
  expect_400(get("/graph/communities?method=magic", "fra.analyst"), "method");
  expect_400(get("/graph/communities?resolution=abc", "fra.analyst"), "resolution");
  expect_400(get("/graph/communities?resolution=nan", "fra.analyst"), "resolution");
  EXPECT_EQ(get("/graph/networks?colour=red", "fra.analyst").status, 400);
  EXPECT_EQ(get("/graph/networks", "partner.user").status, 403);
  EXPECT_EQ(world_->client().get("/graph/networks").status, 401);
}

// The two cases share a phone: both owners are told, France without Italy's details.
TEST_F(GraphApi, OwnersOfCasesSharingAPhoneGetLeads) {
  auto fra = get("/analysis/leads", "fra.analyst");
  ASSERT_EQ(fra.status, 200) << fra.describe();
  ASSERT_EQ(fra.body["leads"].size(), 1U) << fra.body.dump();
  const auto& lead = fra.body["leads"][0];
  EXPECT_EQ(lead["case"], "FRA-G1");
  EXPECT_EQ(lead["restricted"], true);
  EXPECT_TRUE(lead["other"].is_null());
  EXPECT_EQ(lead["matches"][0]["what"], "phone +33612345678");
  auto ita = get("/analysis/leads", "ita.analyst");
  ASSERT_EQ(ita.status, 200);
  ASSERT_EQ(ita.body["leads"].size(), 1U);
  EXPECT_EQ(ita.body["leads"][0]["other"]["member"], "FRA");
  EXPECT_EQ(ita.body["leads"][0]["other"]["case"], "FRA-G1");
  auto told = get("/notifications", "fra.analyst");
  ASSERT_EQ(told.status, 200);
  bool lead_told = false;
  for (const auto& n : told.body["notifications"]) {
    if (n["kind"] != "lead") continue;
    lead_told = true;
    EXPECT_EQ(n["text"].get<std::string>().find("ITA"), std::string::npos) << n.dump();
    EXPECT_EQ(n["object"], "lead:" + std::to_string(lead["id"].get<long long>()));
  }
  EXPECT_TRUE(lead_told);
  EXPECT_EQ(get("/analysis/leads", "deu.analyst").body["leads"].size(), 0U);
  EXPECT_EQ(get("/analysis/leads?limit=0", "fra.analyst").status, 400);
}

TEST_F(GraphApi, ReportsAsJsonAndAsAPrintablePage) {
  const auto youssef = std::to_string(entity(fra_case_, "e1", "fra.analyst"));
  auto json_report = get("/analysis/reports/network?entity=" + youssef, "ita.analyst");
  ASSERT_EQ(json_report.status, 200) << json_report.describe();
  EXPECT_EQ(json_report.body["report"], "network");
  EXPECT_EQ(json_report.body["people"].size(), 3U);
  EXPECT_EQ(json_report.body["for_member"], "ITA");
  auto page = get("/analysis/reports/network?format=html&entity=" + youssef, "fra.analyst");
  ASSERT_EQ(page.status, 200) << page.describe();
  EXPECT_EQ(page.content_type(), "text/html; charset=utf-8");
  EXPECT_NE(page.raw.find("Youssef El Amrani"), std::string::npos);
  EXPECT_EQ(page.raw.find("Marco Bianchi"), std::string::npos) << "Italy's case is Italy's";
  auto strategic = get("/analysis/reports/strategic?countries=ITA,FRA&from=2026-01-01", "fra.analyst");
  ASSERT_EQ(strategic.status, 200) << strategic.describe();
  EXPECT_EQ(strategic.body["scope"]["countries"], json({"ITA", "FRA"}));
  EXPECT_EQ(strategic.body["suppression"]["threshold"], 11);
  expect_400(get("/analysis/reports/network?entity=" + youssef + "&format=pdf", "fra.analyst"), "format");
  expect_400(get("/analysis/reports/network", "fra.analyst"), "entity");
  expect_400(get("/analysis/reports/strategic?countries=Italy", "fra.analyst"), "countries");
  const auto marco = std::to_string(entity(ita_case_, "p1", "ita.analyst"));
  EXPECT_EQ(get("/analysis/reports/network?entity=" + marco, "fra.analyst").status, 404);
  EXPECT_EQ(get("/analysis/reports/strategic", "partner.user").status, 403);
}

TEST_F(GraphApi, ExportsHoldWhatTheCallerSees) {
  const auto youssef = std::to_string(entity(fra_case_, "e1", "fra.analyst"));
  auto ita = get("/graph/export?format=csv-nodes&network=" + youssef, "ita.analyst");
  ASSERT_EQ(ita.status, 200) << ita.describe();
  EXPECT_EQ(ita.content_type(), "text/csv; charset=utf-8");
  EXPECT_NE(ita.raw.find(",person,Marco Bianchi,1,false\n"), std::string::npos) << ita.raw;
  EXPECT_NE(ita.raw.find(",place,Ventimiglia,1,false\n"), std::string::npos) << "with the network's places";
  EXPECT_EQ(ita.header("X-Entities"), "6");
  auto fra = get("/graph/export?format=graphml", "fra.analyst");
  ASSERT_EQ(fra.status, 200) << fra.describe();
  EXPECT_TRUE(fra.content_type().starts_with("application/graphml+xml"));
  EXPECT_NE(fra.raw.find("Youssef El Amrani"), std::string::npos);
  EXPECT_EQ(fra.raw.find("Marco Bianchi"), std::string::npos) << "Italy's case is Italy's";
  auto gexf = get("/graph/export?format=gexf&network=" + youssef, "fra.analyst");
  ASSERT_EQ(gexf.status, 200);
  EXPECT_NE(gexf.raw.find("<gexf "), std::string::npos);
  auto ftm = get("/graph/export?format=ftm", "fra.analyst");
  ASSERT_EQ(ftm.status, 200);
  EXPECT_NE(ftm.raw.find("\"schema\":\"Person\""), std::string::npos) << ftm.raw;
  const auto marco = std::to_string(entity(ita_case_, "p1", "ita.analyst"));
  EXPECT_EQ(get("/graph/export?network=" + marco, "fra.analyst").status, 404);
  expect_400(get("/graph/export?format=pdf", "fra.analyst"), "format");
  EXPECT_EQ(get("/graph/export", "partner.user").status, 403);
}

// Germany, for itself: a migrant from Afghanistan crossing from Austria
// with six others at Passau. France sees only its own crossing.
TEST_F(GraphApi, RoutesAndTrendsShowWhatEachMemberMaySee) {
  json hamid = person("m1", "Hamid Karimi", "1999-04-04", "migrant");
  hamid["nationality"] = "AFG";
  const auto deu_case = post(package("DEU", "DEU-R1", {{"scope", "members"}, {"members", {"DEU"}}},
                                     {hamid,
                                      {{"id", "m2"},
                                       {"kind", "place"},
                                       {"place_type", "crossing_point"},
                                       {"name", "Passau"},
                                       {"country", "DEU"},
                                       {"latitude", 48.57},
                                       {"longitude", 13.43}}},
                                     json::array(),
                                     {{{"id", "v1"},
                                       {"kind", "border_crossing"},
                                       {"date", "2026-01-20"},
                                       {"country", "DEU"},
                                       {"from", "AUT"},
                                       {"to", "DEU"},
                                       {"mode", "land"},
                                       {"count", 7},
                                       {"participants", {"m1"}},
                                       {"place", "m2"}}}),
                             "deu.analyst");
  ASSERT_NE(deu_case, 0);
  auto deu = get("/analysis/routes", "deu.analyst");
  ASSERT_EQ(deu.status, 200) << deu.describe();
  ASSERT_EQ(deu.body["corridors"].size(), 1U) << deu.body.dump();
  EXPECT_EQ(deu.body["corridors"][0]["route"], json({"AUT", "DEU"}));
  EXPECT_EQ(deu.body["corridors"][0]["people"], 1);
  ASSERT_EQ(deu.body["legs"].size(), 2U) << "Austria–Germany, and France's Italy–France";
  EXPECT_EQ(deu.body["legs"][0]["from"], "AUT");
  EXPECT_EQ(deu.body["legs"][0]["people"], 7);
  EXPECT_EQ(deu.body["legs"][0]["crossing_points"][0]["name"], "Passau");
  bool passau = false;
  for (const auto& p : deu.body["map"]["places"]) {
    if (p["name"] == "Passau") {
      passau = true;
      EXPECT_NEAR(p["latitude"].get<double>(), 48.57, 1e-5);
    }
  }
  EXPECT_TRUE(passau) << deu.body["map"].dump();
  EXPECT_EQ(deu.body["map"]["countries"].size(), 4U);

  auto fra = get("/analysis/routes", "fra.analyst");
  ASSERT_EQ(fra.status, 200) << fra.describe();
  ASSERT_EQ(fra.body["legs"].size(), 1U);
  EXPECT_EQ(fra.body["legs"][0]["from"], "ITA");
  EXPECT_TRUE(fra.body["corridors"].empty()) << "France's driver is crew, not someone moved";
  const auto youssef = entity(fra_case_, "e1", "fra.analyst");
  auto journey = get("/analysis/routes?person=" + std::to_string(youssef), "fra.analyst");
  ASSERT_EQ(journey.status, 200) << journey.describe();
  ASSERT_EQ(journey.body["journeys"].size(), 1U);
  EXPECT_EQ(journey.body["journeys"][0]["route"], json({"ITA", "FRA"}));
  EXPECT_EQ(journey.body["journeys"][0]["steps"][0]["contributions"], json({fra_case_}));
  const auto hamid_id = entity(deu_case, "m1", "deu.analyst");
  EXPECT_EQ(get("/analysis/routes?person=" + std::to_string(hamid_id), "fra.analyst").status, 404);

  auto trends = get("/analysis/trends?by=nationality", "deu.analyst");
  ASSERT_EQ(trends.status, 200) << trends.describe();
  EXPECT_EQ(trends.body["by"], "nationality");
  EXPECT_EQ(trends.body["months"], json({"2026-01"})) << "France's crossing moved no one";
  std::map<std::string, int> totals;
  for (const auto& s : trends.body["series"]) totals[s["key"]] = s["total"];
  EXPECT_EQ(totals, (std::map<std::string, int>{{"AFG", 1}, {"unknown", 6}}));
  EXPECT_EQ(trends.body["test"]["alpha"], 0.001);

  expect_400(get("/analysis/trends?by=colour", "deu.analyst"), "by");
  expect_400(get("/analysis/trends?alpha=2", "deu.analyst"), "alpha");
  expect_400(get("/analysis/trends?alpha=x", "deu.analyst"), "alpha");
  expect_400(get("/analysis/routes?network=1&person=2", "deu.analyst"), "person");
  expect_400(get("/analysis/routes?from=2026-02-30", "deu.analyst"), "from");
  EXPECT_EQ(get("/analysis/routes?colour=red", "deu.analyst").status, 400);
  EXPECT_EQ(get("/analysis/routes", "partner.user").status, 403);
  EXPECT_EQ(world_->client().get("/analysis/trends").status, 401);
}

}  // namespace
}  // namespace ariadne::apitest
