// `ariadne analyze networks|neighbourhood|path|key-players --db FILE`: the
// analysis file's link graph from the command line, as one user sees it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "store/database.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace {

using nlohmann::json;

ariadne::testing::CommandResult run(const std::string& args) {
  return ariadne::testing::run_command(std::string(ARIADNE_BIN) + " " + args);
}

json package(const std::string& member, const std::string& ref, const std::string& scope, json entities,
             json relationships) {
  return {{"case", ref},
          {"member", member},
          {"crime_type", "migrant_smuggling"},
          {"reported_on", "2026-02-10"},
          {"restriction", {{"scope", scope}}},
          {"entities", std::move(entities)},
          {"relationships", std::move(relationships)},
          {"events", json::array()}};
}

json person(const std::string& id, const std::string& name, const std::string& birth) {
  return {{"id", id}, {"kind", "person"}, {"names", {{{"full", name}}}}, {"birth_date", birth}};
}

// France: a driver on a phone. Italy, for itself: a money handler on the
// same phone who paid an organiser.
class AnalyzeFileCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("graph.db");
    std::ofstream(dir_.file("pw")) << "a long enough password\n";
    ASSERT_EQ(run("init --db " + db_ + " --admin-password-file " + dir_.file("pw")).code, 0);
    ASSERT_EQ(run("member add FRA France --db " + db_).code, 0);
    ASSERT_EQ(run("member add ITA Italy --db " + db_).code, 0);
    ASSERT_EQ(
        run("user add fra.analyst --member FRA --role analyst --password-file " + dir_.file("pw") + " --db " + db_)
            .code,
        0);
    const auto fra = package("FRA", "FRA-1", "all",
                             {person("e1", "Youssef El Amrani", "1990-07-01"),
                              {{"id", "e2"}, {"kind", "phone"}, {"number", "+33612345678"}}},
                             {{{"from", "e1"}, {"to", "e2"}, {"kind", "uses"}}});
    const auto ita =
        package("ITA", "ITA-1", "owner",
                {person("p1", "Marco Bianchi", "1975-07-08"),
                 person("p2", "Salvatore Rizzo", "1968-03-04"),
                 {{"id", "t1"}, {"kind", "phone"}, {"number", "+33 6 12 34 56 78"}}},
                {{{"from", "p1"}, {"to", "t1"}, {"kind", "uses"}}, {{"from", "p1"}, {"to", "p2"}, {"kind", "paid"}}});
    std::ofstream(dir_.file("fra.jsonl")) << fra.dump() << '\n';
    std::ofstream(dir_.file("ita.jsonl")) << ita.dump() << '\n';
    auto r = run("import contribution " + dir_.file("fra.jsonl") + " --member FRA --db " + db_);
    ASSERT_EQ(r.code, 0) << r.out;
    r = run("import contribution " + dir_.file("ita.jsonl") + " --member ITA --db " + db_);
    ASSERT_EQ(r.code, 0) << r.out;
    phone_ = entity_of("SELECT entity FROM entity_mentions WHERE reason = 'phone:+33612345678'");
  }
  std::int64_t entity_of(const std::string& sql) {
    auto db = ariadne::store::open_database(db_).value();
    auto rows = db->query(sql, {}).value();
    return rows.empty() ? 0 : rows.front().integer(0);
  }
  static std::vector<json> lines(const std::string& text) {
    std::vector<json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("{")) out.push_back(json::parse(line));
    }
    return out;
  }
  std::string file(const std::string& name) {
    std::ifstream in(dir_.file(name));
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  ariadne::testing::TempDir dir_;
  std::string db_;
  std::int64_t phone_ = 0;
};

TEST_F(AnalyzeFileCliTest, NetworksAsTheSystemAndAsAMember) {
  ASSERT_NE(phone_, 0);
  auto all = run("analyze networks --db " + db_ + " --out " + dir_.file("all.jsonl"));
  ASSERT_EQ(all.code, 0) << all.out;
  auto nets = lines(file("all.jsonl"));
  ASSERT_EQ(nets.size(), 1U);
  EXPECT_EQ(nets[0]["entities"], 4) << "the system sees both cases, joined by the phone";
  EXPECT_EQ(nets[0]["members"], json({"FRA", "ITA"}));
  EXPECT_EQ(nets[0]["entity_ids"].size(), 4U);

  auto fra = run("analyze networks --db " + db_ + " --as fra.analyst --out " + dir_.file("fra.jsonl"));
  ASSERT_EQ(fra.code, 0) << fra.out;
  nets = lines(file("fra.jsonl"));
  ASSERT_EQ(nets.size(), 1U);
  EXPECT_EQ(nets[0]["entities"], 2) << "France does not see Italy's case";
  EXPECT_EQ(nets[0]["members"], json({"FRA"}));
}

TEST_F(AnalyzeFileCliTest, KeyPlayersPathsAndNeighbourhoods) {
  // The people are resolved (and their entities stored) by the first question asked.
  auto players = run("analyze key-players --db " + db_ + " --network " + std::to_string(phone_) +
                     " --measure degree --out " + dir_.file("players.csv"));
  ASSERT_EQ(players.code, 0) << players.out;
  const auto person = [&](const std::string& local) {
    return entity_of(
        "SELECT em.entity FROM entity_mentions em JOIN mentions m ON m.id = em.mention WHERE m.local_id = '" + local +
        "'");
  };
  const auto youssef = person("e1"), marco = person("p1"), salvatore = person("p2");
  ASSERT_NE(marco, 0);
  const auto csv = file("players.csv");
  // The phone and Marco have two links each (ties in entity order), Youssef and Salvatore one.
  const auto marco_line = std::to_string(marco) + ",person,Marco Bianchi,2\n";
  const auto phone_line = std::to_string(phone_) + ",phone,+33612345678,2\n";
  EXPECT_TRUE(csv.starts_with("entity,kind,label,value\n" +
                              (phone_ < marco ? phone_line + marco_line : marco_line + phone_line)))
      << csv;
  EXPECT_NE(csv.find(std::to_string(salvatore) + ",person,Salvatore Rizzo,1\n"), std::string::npos) << csv;

  auto path = run("analyze path --db " + db_ + " --from " + std::to_string(youssef) + " --to " +
                  std::to_string(salvatore) + " --out " + dir_.file("path.json"));
  ASSERT_EQ(path.code, 0) << path.out;
  const auto p = json::parse(file("path.json"));
  EXPECT_EQ(p["hops"], 3);
  EXPECT_EQ(p["paths"], json({{youssef, phone_, marco, salvatore}}));

  auto hidden = run("analyze neighbourhood --db " + db_ + " --as fra.analyst --entity " + std::to_string(marco));
  EXPECT_EQ(hidden.code, 2) << hidden.out;
  EXPECT_NE(hidden.out.find("not found"), std::string::npos) << hidden.out;

  auto too_deep = run("analyze neighbourhood --db " + db_ + " --entity " + std::to_string(phone_) +
                      " --depth 9 --out " + dir_.file("never.json"));
  EXPECT_EQ(too_deep.code, 2) << too_deep.out;
  EXPECT_NE(too_deep.out.find("depth"), std::string::npos) << too_deep.out;
  EXPECT_FALSE(std::ifstream(dir_.file("never.json")).good()) << "nothing written for a refused request";
}

// France adds a crossing of its driver with three migrants, one named:
// routes and trends from the command line, and their bad options.
TEST_F(AnalyzeFileCliTest, RoutesAndTrends) {
  json crossing = package("FRA", "FRA-2", "all",
                          {person("m1", "Samir Haddad", "2001-02-03"),
                           {{"id", "m2"},
                            {"kind", "place"},
                            {"place_type", "crossing_point"},
                            {"name", "Ventimiglia"},
                            {"country", "ITA"}}},
                          json::array());
  crossing["entities"][0]["role"] = "migrant";
  crossing["events"] = {{{"id", "v1"},
                         {"kind", "border_crossing"},
                         {"date", "2026-02-01"},
                         {"country", "FRA"},
                         {"from", "ITA"},
                         {"to", "FRA"},
                         {"mode", "land"},
                         {"count", 3},
                         {"participants", {"m1"}},
                         {"place", "m2"}}};
  std::ofstream(dir_.file("fra2.jsonl")) << crossing.dump() << '\n';
  ASSERT_EQ(run("import contribution " + dir_.file("fra2.jsonl") + " --member FRA --db " + db_).code, 0);
  auto routes = run("analyze routes --db " + db_ + " --as fra.analyst --out " + dir_.file("routes.json"));
  ASSERT_EQ(routes.code, 0) << routes.out;
  EXPECT_NE(routes.out.find("1 corridors, 1 borders crossed"), std::string::npos) << routes.out;
  const auto r = json::parse(file("routes.json"));
  EXPECT_EQ(r["corridors"][0]["route"], json({"ITA", "FRA"}));
  EXPECT_EQ(r["legs"][0]["people"], 3);
  EXPECT_EQ(r["legs"][0]["crossing_points"][0]["name"], "Ventimiglia");

  auto trends = run("analyze trends --db " + db_ + " --by crossing_point --out " + dir_.file("trends.json"));
  ASSERT_EQ(trends.code, 0) << trends.out;
  const auto t = json::parse(file("trends.json"));
  EXPECT_EQ(t["months"], json({"2026-02"}));
  EXPECT_EQ(t["series"][0]["key"], "Ventimiglia (ITA)");
  EXPECT_EQ(t["series"][0]["counts"], json({3}));

  // The link graph for chart tools: GraphML and GEXF as networkx (Gephi's formats' reader) reads them.
  ASSERT_EQ(run("analyze export --db " + db_ + " --format graphml --out " + dir_.file("g.graphml")).code, 0);
  ASSERT_EQ(run("analyze export --db " + db_ + " --format gexf --out " + dir_.file("g.gexf")).code, 0);
  auto edges = run("analyze export --db " + db_ + " --format csv-edges --out " + dir_.file("g.csv"));
  ASSERT_EQ(edges.code, 0) << edges.out;
  EXPECT_NE(edges.out.find("7 entities, 5 links"), std::string::npos) << edges.out;
  auto read = ariadne::testing::run_command(
      "/usr/bin/python3 -c \"import networkx as nx, sys; g = nx.read_graphml(sys.argv[1]); h = "
      "nx.read_gexf(sys.argv[2]); "
      "print(g.number_of_nodes(), g.number_of_edges(), h.number_of_nodes(), h.number_of_edges(), "
      "g.nodes[str(" +
      std::to_string(phone_) + ")]['label'])\" " + dir_.file("g.graphml") + " " + dir_.file("g.gexf"));
  ASSERT_EQ(read.code, 0) << read.out;
  EXPECT_EQ(read.out, "7 5 7 5 +33612345678\n");
  auto hidden = run("analyze export --db " + db_ + " --as fra.analyst --format csv-nodes --out " + dir_.file("f.csv"));
  ASSERT_EQ(hidden.code, 0) << hidden.out;
  EXPECT_EQ(file("f.csv").find("Marco"), std::string::npos) << "Italy's case is Italy's";

  // Reports: a network's as a printable page, a region's as JSON.
  auto page = run("analyze report --db " + db_ + " --network " + std::to_string(phone_) + " --format html --out " +
                  dir_.file("report.html"));
  ASSERT_EQ(page.code, 0) << page.out;
  EXPECT_TRUE(file("report.html").starts_with("<!DOCTYPE html>"));
  EXPECT_NE(file("report.html").find("Marco Bianchi"), std::string::npos);
  auto region =
      run("analyze report --db " + db_ + " --as fra.analyst --countries ITA,FRA --out " + dir_.file("r.json"));
  ASSERT_EQ(region.code, 0) << region.out;
  const auto strategic = json::parse(file("r.json"));
  EXPECT_EQ(strategic["report"], "strategic");
  EXPECT_EQ(strategic["legs"][0]["people"], 3) << "France's own count, shown however small";

  for (const char* bad :
       {"report --countries Italy", "report --format pdf", "export --format pdf", "trends --by colour",
        "trends --alpha 0.5", "routes --from 2026-13-01", "routes --country France", "routes --network 1 --person 2"}) {
    auto refused = run("analyze " + std::string(bad) + " --db " + db_ + " --out " + dir_.file("never.json"));
    EXPECT_EQ(refused.code, 2) << bad << ": " << refused.out;
    EXPECT_FALSE(std::ifstream(dir_.file("never.json")).good()) << bad;
  }
}

}  // namespace
