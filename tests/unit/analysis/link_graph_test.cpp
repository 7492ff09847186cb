// The link graph over a real store: neighbourhoods, paths, networks and key
// players, each as the caller may see them.
#include "analysis/link_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "analysis/entities.hpp"
#include "analysis/graph_export.hpp"
#include "analysis/leads.hpp"
#include "analysis/reports.hpp"
#include "analysis/routes.hpp"
#include "common/csv.hpp"
#include "store/audit.hpp"
#include "support.hpp"
#include "support/store.hpp"

namespace ariadne::analysis {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

json person(const std::string& id, const std::string& name, const std::string& birth, const std::string& role,
            bool victim = false) {
  json p{{"id", id}, {"kind", "person"}, {"names", {{{"full", name}}}}, {"birth_date", birth}, {"role", role}};
  if (victim) p["victim"] = true;
  return p;
}

json link(const std::string& from, const std::string& to, const std::string& kind) {
  return {{"from", from}, {"to", to}, {"kind", kind}};
}

// Lists as vectors: a braced list of one json is an array on every compiler.
json case_of(const std::string& member, const std::string& ref, const json& restriction, std::vector<json> entities,
             std::vector<json> relationships, std::vector<json> events = {}) {
  return {{"case", ref},
          {"member", member},
          {"crime_type", "trafficking_in_human_beings"},
          {"reported_on", "2026-03-01"},
          {"restriction", restriction},
          {"entities", std::move(entities)},
          {"relationships", std::move(relationships)},
          {"events", std::move(events)}};
}

// Romania sees an organiser, his phone, his account, the woman he recruited
// and their crossing at Giurgiu. Italy (owner only) sees a man using the
// same phone who paid another. Germany sees two associates, one of them at
// Giurgiu too.
class LinkGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::member_store(dir_, "graph.db", {"ROU", "ITA", "DEU"}, {});
    rou_case_ = testing::contribute(
        *db_, rou_,
        case_of("ROU", "ROU-1", {{"scope", "all"}},
                {person("e1", "Ion Rusu", "1980-02-03", "organiser"),
                 person("e2", "Ana Popa", "1999-05-06", "victim", true),
                 {{"id", "e3"}, {"kind", "phone"}, {"number", "+40721234567"}},
                 {{"id", "e4"}, {"kind", "account"}, {"type", "bank"}, {"iban", "RO49AAAA1B31007593840000"}},
                 {{"id", "e5"},
                  {"kind", "place"},
                  {"place_type", "crossing_point"},
                  {"name", "Giurgiu"},
                  {"country", "ROU"}}},
                {link("e1", "e3", "uses"), link("e1", "e4", "holds_account"), link("e1", "e2", "recruited")},
                {{{"id", "v1"},
                  {"kind", "border_crossing"},
                  {"date", "2026-01-10"},
                  {"country", "ROU"},
                  {"from", "ROU"},
                  {"to", "BGR"},
                  {"mode", "land"},
                  {"participants", {"e1", "e2"}},
                  {"place", "e5"}}}));
    ita_case_ = testing::contribute(*db_, ita_,
                                    case_of("ITA", "ITA-1", {{"scope", "owner"}},
                                            {person("p1", "Marco Bianchi", "1975-07-08", "money_handler"),
                                             person("p2", "Luca Verdi", "1990-09-10", "recruiter"),
                                             {{"id", "t1"}, {"kind", "phone"}, {"number", "+40 721 234 567"}}},
                                            {link("p1", "t1", "uses"), link("p1", "p2", "paid")}));
    deu_case_ = testing::contribute(
        *db_, deu_,
        case_of("DEU", "DEU-1", {{"scope", "all"}},
                {person("k1", "Karl Schmidt", "1970-01-01", "driver"),
                 person("k2", "Hans Weber", "1971-01-01", "driver"),
                 {{"id", "g1"}, {"kind", "place"}, {"place_type", "city"}, {"name", "GIURGIU"}, {"country", "ROU"}}},
                {link("k1", "k2", "associate"), link("k1", "g1", "located_at")}));
    graph_ = std::make_unique<LinkGraph>(people_);
  }

  std::int64_t entity(std::int64_t contribution, const std::string& local) {
    // The people are resolved before the graph answers; ask once so they are.
    (void)people_.sync(*db_);
    return testing::entity_of(*db_, contribution, local);
  }
  static std::set<std::int64_t> ids(const Subgraph& g) {
    std::set<std::int64_t> out;
    for (const auto& n : g.nodes) out.insert(n.id);
    return out;
  }
  static const GraphNode* node(const Subgraph& g, std::int64_t id) {
    for (const auto& n : g.nodes) {
      if (n.id == id) return &n;
    }
    return nullptr;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  People people_;
  std::unique_ptr<LinkGraph> graph_;
  std::int64_t rou_case_ = 0, ita_case_ = 0, deu_case_ = 0;
  Caller rou_{UserId{1}, "rou.analyst", "ROU", MemberKind::ncb, Role::analyst};
  Caller ita_{UserId{2}, "ita.analyst", "ITA", MemberKind::ncb, Role::analyst};
  Caller deu_{UserId{3}, "deu.analyst", "DEU", MemberKind::ncb, Role::analyst};
};

TEST_F(LinkGraphTest, ANeighbourhoodShowsOnlyWhatTheCallerMaySee) {
  const auto phone = entity(rou_case_, "e3");
  ASSERT_EQ(entity(ita_case_, "t1"), phone) << "one number, two members";
  const auto ion = entity(rou_case_, "e1");
  const auto marco = entity(ita_case_, "p1");

  auto seen_by_rou = graph_->neighbourhood(*db_, rou_, phone, 1, {});
  ASSERT_TRUE(seen_by_rou) << seen_by_rou.error().message;
  EXPECT_EQ(ids(*seen_by_rou), (std::set<std::int64_t>{phone, ion})) << "Italy's case is its own";
  const auto* p = node(*seen_by_rou, phone);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->mentions, 1U) << "the mention Romania sees";
  EXPECT_EQ(p->label, "+40721234567");
  EXPECT_EQ(p->depth, 0);
  ASSERT_EQ(seen_by_rou->edges.size(), 1U);
  ASSERT_EQ(seen_by_rou->edges[0].statements.size(), 1U);
  const auto& st = seen_by_rou->edges[0].statements[0];
  EXPECT_EQ(st.contribution, rou_case_);
  EXPECT_EQ(st.case_ref, "ROU-1");
  EXPECT_EQ(st.member, "ROU");
  EXPECT_EQ(st.kind, "uses");
  EXPECT_EQ(st.from, ion);
  EXPECT_EQ(st.to, phone);
  EXPECT_EQ(st.from_mention, "e1");
  EXPECT_EQ(st.to_mention, "e3");

  store::AuditQuery reads;
  reads.action = "graph.neighbourhood";
  EXPECT_TRUE(store::audit_list(*db_, reads)->empty()) << "Romania read nothing restricted";
  auto seen_by_ita = graph_->neighbourhood(*db_, ita_, phone, 1, {});
  ASSERT_TRUE(seen_by_ita);
  // A read that rests on a restricted case is audited, naming it.
  const auto audited = store::audit_list(*db_, reads).value();
  ASSERT_EQ(audited.size(), 1U);
  EXPECT_EQ(audited[0].record.detail, "restricted records read: " + std::to_string(ita_case_));
  EXPECT_EQ(ids(*seen_by_ita), (std::set<std::int64_t>{phone, ion, marco}));
  EXPECT_EQ(node(*seen_by_ita, phone)->mentions, 2U);
  EXPECT_EQ(node(*seen_by_ita, marco)->label, "Marco Bianchi");
  EXPECT_EQ(node(*seen_by_ita, marco)->depth, 1);

  // An entity only Italy's case names does not exist for Romania.
  auto hidden = graph_->neighbourhood(*db_, rou_, marco, 1, {});
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::not_found);
  auto absent = graph_->neighbourhood(*db_, rou_, 12345, 1, {});
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::not_found);
  EXPECT_EQ(hidden.error().message, "entity " + std::to_string(marco) + " not found") << "hidden looks like absent";
  EXPECT_EQ(absent.error().message, "entity 12345 not found");
}

TEST_F(LinkGraphTest, APlaceShowsButIsNotGoneThrough) {
  const auto ion = entity(rou_case_, "e1");
  const auto giurgiu = entity(rou_case_, "e5");
  ASSERT_EQ(entity(deu_case_, "g1"), giurgiu) << "one town, whatever type and case each member gave it";
  const auto karl = entity(deu_case_, "k1");
  const auto crossing = entity(rou_case_, "v1");
  ASSERT_NE(crossing, 0) << "an event is an entity of its own";

  auto g = graph_->neighbourhood(*db_, deu_, ion, 3, {});
  ASSERT_TRUE(g) << g.error().message;
  const auto found = ids(*g);
  EXPECT_TRUE(found.contains(crossing));
  EXPECT_TRUE(found.contains(giurgiu)) << "where they crossed";
  EXPECT_FALSE(found.contains(karl)) << "being in one town links no one";
  EXPECT_EQ(node(*g, crossing)->label, "border_crossing 2026-01-10");
  EXPECT_EQ(node(*g, giurgiu)->depth, 2);

  // Asked about, a place shows what is there.
  auto town = graph_->neighbourhood(*db_, deu_, giurgiu, 1, {});
  ASSERT_TRUE(town);
  EXPECT_TRUE(ids(*town).contains(karl));
  EXPECT_TRUE(ids(*town).contains(crossing));

  auto path = graph_->paths(*db_, deu_, ion, karl, 8, 10, true, {});
  ASSERT_TRUE(path) << path.error().message;
  EXPECT_EQ(path->hops, 0U);
  EXPECT_TRUE(path->paths.empty()) << "not linked: an empty answer, not an error";
}

TEST_F(LinkGraphTest, PathsGoOnlyThroughLinksTheCallerSees) {
  const auto ion = entity(rou_case_, "e1");
  const auto phone = entity(rou_case_, "e3");
  const auto marco = entity(ita_case_, "p1");
  const auto luca = entity(ita_case_, "p2");

  auto for_ita = graph_->paths(*db_, ita_, ion, luca, 6, 10, false, {});
  ASSERT_TRUE(for_ita) << for_ita.error().message;
  EXPECT_EQ(for_ita->hops, 3U);
  ASSERT_EQ(for_ita->paths.size(), 1U);
  EXPECT_EQ(for_ita->paths[0], (std::vector<std::int64_t>{ion, phone, marco, luca}));
  EXPECT_EQ(for_ita->graph.nodes.size(), 4U);
  ASSERT_EQ(for_ita->graph.edges.size(), 3U) << "one edge per hop, with its statements";
  std::set<std::string> kinds;
  for (const auto& e : for_ita->graph.edges) kinds.insert(e.statements.at(0).kind);
  EXPECT_EQ(kinds, (std::set<std::string>{"uses", "paid"}));

  auto too_short = graph_->paths(*db_, ita_, ion, luca, 2, 10, false, {});
  ASSERT_TRUE(too_short);
  EXPECT_TRUE(too_short->paths.empty()) << "three hops do not fit in two";

  // Romania may not know Luca exists.
  auto for_rou = graph_->paths(*db_, rou_, ion, luca, 6, 10, false, {});
  ASSERT_FALSE(for_rou);
  EXPECT_EQ(for_rou.error().code, ErrorCode::not_found);

  // Italy's own links only: the phone's Romanian user is out of reach.
  GraphFilter only_italy;
  only_italy.members = {"ITA"};
  auto filtered = graph_->paths(*db_, ita_, ion, luca, 6, 10, false, only_italy);
  ASSERT_TRUE(filtered);
  EXPECT_TRUE(filtered->paths.empty());
}

TEST_F(LinkGraphTest, AllShortPathsComeShortestFirst) {
  // A second, longer way from Ion to the phone: Ion recruited Ana, who uses it too.
  const auto extra = testing::contribute(*db_, deu_,
                                         case_of("DEU", "DEU-2", {{"scope", "all"}},
                                                 {person("a1", "Ion Rusu", "1980-02-03", "organiser"),
                                                  person("a2", "Ana Popa", "1999-05-06", "victim", true),
                                                  {{"id", "a3"}, {"kind", "phone"}, {"number", "+40721234567"}}},
                                                 {link("a1", "a2", "recruited"), link("a2", "a3", "uses")}));
  ASSERT_NE(extra, 0);
  const auto ion = entity(rou_case_, "e1");
  const auto ana = entity(rou_case_, "e2");
  const auto phone = entity(rou_case_, "e3");
  ASSERT_EQ(entity(extra, "a2"), ana) << "the same woman, resolved";
  auto shortest = graph_->paths(*db_, rou_, ion, phone, 6, 10, false, {});
  ASSERT_TRUE(shortest);
  EXPECT_EQ(shortest->paths, (std::vector<std::vector<std::int64_t>>{{ion, phone}}));
  auto all = graph_->paths(*db_, rou_, ion, phone, 6, 10, true, {});
  ASSERT_TRUE(all);
  const auto crossing = entity(rou_case_, "v1");
  EXPECT_EQ(all->paths,
            (std::vector<std::vector<std::int64_t>>{{ion, phone}, {ion, ana, phone}, {ion, crossing, ana, phone}}));
  EXPECT_EQ(all->hops, 1U) << "of the shortest";
  auto one = graph_->paths(*db_, rou_, ion, phone, 6, 1, true, {});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->paths.size(), 1U) << "at most limit";
}

TEST_F(LinkGraphTest, NetworksAreWhatTheCallerSeesConnected) {
  const auto ion = entity(rou_case_, "e1");
  const auto karl = entity(deu_case_, "k1");
  auto for_rou = graph_->networks(*db_, rou_, 2, 100);
  ASSERT_TRUE(for_rou) << for_rou.error().message;
  ASSERT_EQ(for_rou->size(), 2U) << "Ion's and Karl's, not joined by the town";
  const auto& ions = for_rou->at(0);
  EXPECT_EQ(ions.entities, 5U) << "Ion, Ana, the phone, the account, the crossing";
  EXPECT_EQ(ions.people, 2U);
  EXPECT_EQ(ions.victims, 1U);
  EXPECT_EQ(ions.roles, (std::map<std::string, std::size_t>{{"organiser", 1}, {"victim", 1}}));
  EXPECT_EQ(ions.kinds.at("event"), 1U);
  EXPECT_EQ(ions.members, (std::vector<std::string>{"ROU"}));
  EXPECT_EQ(ions.cases, 1U);
  EXPECT_EQ(ions.first, "2026-01-10");
  EXPECT_EQ(ions.last, "2026-01-10");
  EXPECT_EQ(ions.countries, (std::vector<std::string>{"ROU"}));
  EXPECT_EQ(for_rou->at(1).entities, 2U);
  EXPECT_EQ(for_rou->at(1).members, (std::vector<std::string>{"DEU"}));

  auto for_ita = graph_->networks(*db_, ita_, 2, 100);
  ASSERT_TRUE(for_ita);
  ASSERT_EQ(for_ita->size(), 2U);
  EXPECT_EQ(for_ita->at(0).entities, 7U) << "Marco and Luca join through the phone";
  EXPECT_EQ(for_ita->at(0).members, (std::vector<std::string>{"ITA", "ROU"}));
  EXPECT_EQ(for_ita->at(0).cases, 2U);

  auto karls = graph_->networks(*db_, rou_, 2, 100, karl);
  ASSERT_TRUE(karls);
  ASSERT_EQ(karls->size(), 1U);
  EXPECT_EQ(karls->at(0).people, 2U);
  auto big_only = graph_->networks(*db_, rou_, 3, 100);
  ASSERT_TRUE(big_only);
  EXPECT_EQ(big_only->size(), 1U) << "min_size";
  auto place = graph_->networks(*db_, rou_, 2, 100, entity(rou_case_, "e5"));
  ASSERT_FALSE(place);
  EXPECT_EQ(place.error().code, ErrorCode::invalid_input);
  (void)ion;
}

TEST_F(LinkGraphTest, KeyPlayersAndCommunitiesOfANetwork) {
  const auto ion = entity(rou_case_, "e1");
  const auto phone = entity(rou_case_, "e3");
  auto degree = graph_->centrality(*db_, ita_, Measure::degree, ion, 3);
  ASSERT_TRUE(degree) << degree.error().message;
  ASSERT_EQ(degree->size(), 3U);
  EXPECT_EQ(degree->at(0).node.id, ion) << "phone, account, Ana and the crossing";
  EXPECT_EQ(degree->at(0).value, 4);
  EXPECT_EQ(degree->at(0).node.label, "Ion Rusu");
  auto between = graph_->centrality(*db_, ita_, Measure::betweenness, ion, 10);
  ASSERT_TRUE(between);
  // Italy sees 7 entities, so 15 pairs of others each: Ion is on the only
  // path of 11 (the account to the 5 others; Ana and the crossing to the
  // phone, Marco and Luca), the phone on 8, Marco on 5.
  EXPECT_EQ(between->at(0).node.id, ion);
  EXPECT_NEAR(between->at(0).value, 11.0 / 15, 1e-12);
  EXPECT_EQ(between->at(1).node.id, phone);
  EXPECT_NEAR(between->at(1).value, 8.0 / 15, 1e-12);

  auto for_rou = graph_->centrality(*db_, rou_, Measure::degree, phone, 10);
  ASSERT_TRUE(for_rou);
  EXPECT_EQ(for_rou->size(), 5U) << "Romania's view of the network has no Marco nor Luca";

  auto communities = graph_->communities(*db_, ita_, ion, false, 1);
  ASSERT_TRUE(communities) << communities.error().message;
  EXPECT_EQ(communities->method, "leiden");
  std::size_t total = 0;
  for (const auto& c : communities->communities) total += c.size;
  EXPECT_EQ(total, 7U);
  EXPECT_GE(communities->communities.size(), 2U);
  EXPECT_GT(communities->modularity, 0);
}

TEST_F(LinkGraphTest, AFileWideRankingListsNoVictim) {
  const auto ion = entity(rou_case_, "e1");
  const auto ana = entity(rou_case_, "e2");
  const auto listed = [](const std::vector<Ranked>& r, std::int64_t id) {
    return std::any_of(r.begin(), r.end(), [&](const Ranked& x) { return x.node.id == id; });
  };
  auto file = graph_->centrality(*db_, rou_, Measure::degree, 0, 1000, MentionKind::person);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_TRUE(listed(*file, ion));
  EXPECT_FALSE(listed(*file, ana)) << "a ranking of the whole file is no way to find victims";
  auto network = graph_->centrality(*db_, rou_, Measure::degree, ion, 1000, MentionKind::person);
  ASSERT_TRUE(network);
  EXPECT_TRUE(listed(*network, ana)) << "within a network the caller asked about, she is shown";
  auto offenders = graph_->centrality(*db_, rou_, Measure::degree, ion, 1000, MentionKind::person, true);
  ASSERT_TRUE(offenders);
  EXPECT_FALSE(listed(*offenders, ana)) << "measured without victims and migrants";
  EXPECT_EQ(offenders->at(0).node.id, ion);
  EXPECT_EQ(offenders->at(0).value, 3) << "the phone, the account, the crossing: Ana left out";
}

TEST_F(LinkGraphTest, FiltersKeepLinksByKindMemberDateAndCountry) {
  const auto ion = entity(rou_case_, "e1");
  const auto phone = entity(rou_case_, "e3");
  const auto crossing = entity(rou_case_, "v1");
  GraphFilter uses;
  uses.link_kinds = {"uses"};
  auto g = graph_->neighbourhood(*db_, ita_, ion, 1, uses);
  ASSERT_TRUE(g);
  EXPECT_EQ(ids(*g), (std::set<std::int64_t>{ion, phone}));

  GraphFilter later;
  later.from = "2026-02-01";
  g = graph_->neighbourhood(*db_, ita_, ion, 1, later);
  ASSERT_TRUE(g);
  EXPECT_FALSE(ids(*g).contains(crossing)) << "the crossing was in January";
  later.from = "2026-01-01";
  later.to = "2026-01-31";
  g = graph_->neighbourhood(*db_, ita_, ion, 1, later);
  ASSERT_TRUE(g);
  EXPECT_TRUE(ids(*g).contains(crossing));

  GraphFilter elsewhere;
  elsewhere.country = "ITA";
  g = graph_->neighbourhood(*db_, ita_, ion, 1, elsewhere);
  ASSERT_TRUE(g);
  EXPECT_FALSE(ids(*g).contains(crossing)) << "the crossing was in Romania";
  EXPECT_TRUE(ids(*g).contains(phone)) << "a phone is in no country";
}

TEST_F(LinkGraphTest, LimitsAreClearErrors) {
  const auto ion = entity(rou_case_, "e1");
  for (int depth : {0, kMaxDepth + 1}) {
    auto g = graph_->neighbourhood(*db_, rou_, ion, depth, {});
    ASSERT_FALSE(g);
    EXPECT_EQ(g.error().code, ErrorCode::invalid_input);
  }
  auto p = graph_->paths(*db_, rou_, ion, ion, 6, 10, false, {});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::invalid_input);
  p = graph_->paths(*db_, rou_, ion, entity(rou_case_, "e3"), kMaxHops + 1, 10, false, {});
  ASSERT_FALSE(p);
  auto c = graph_->communities(*db_, rou_, ion, false, 0);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::invalid_input);
  Caller partner{UserId{9}, "partner", "ROU", MemberKind::ncb, Role::partner};
  auto refused = graph_->neighbourhood(*db_, partner, ion, 1, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
}

TEST_F(LinkGraphTest, AWithdrawnCaseLeavesTheGraph) {
  const auto phone = entity(rou_case_, "e3");
  const auto marco = entity(ita_case_, "p1");
  auto before = graph_->neighbourhood(*db_, ita_, phone, 1, {});
  ASSERT_TRUE(before);
  ASSERT_TRUE(ids(*before).contains(marco));
  ASSERT_TRUE(withdraw_contribution(*db_, ita_, ita_case_));
  auto after = graph_->neighbourhood(*db_, ita_, phone, 1, {});
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_FALSE(ids(*after).contains(marco));
  EXPECT_EQ(node(*after, phone)->mentions, 1U);
}

TEST_F(LinkGraphTest, MentionsStoredBeforeEveryMentionHadAnEntityGetOne) {
  const auto crossing = entity(rou_case_, "v1");
  ASSERT_NE(crossing, 0);
  // As a store written before events, boats and places had entities left them.
  ASSERT_TRUE(
      db_->execute("DELETE FROM entity_mentions WHERE how <> 'identifier' AND mention IN (SELECT id FROM "
                   "mentions WHERE kind <> 'person')"));
  ASSERT_EQ(testing::entity_of(*db_, rou_case_, "v1"), 0);
  auto linked = link_unlinked(*db_);
  ASSERT_TRUE(linked) << linked.error().message;
  EXPECT_EQ(*linked, 3U) << "the crossing and the town twice";
  EXPECT_EQ(testing::entity_of(*db_, rou_case_, "v1"), crossing) << "keyed by its case and local id, it keeps its id";
  EXPECT_EQ(testing::entity_of(*db_, deu_case_, "g1"), testing::entity_of(*db_, rou_case_, "e5"));
  EXPECT_EQ(*link_unlinked(*db_), 0U);
}

TEST_F(LinkGraphTest, AnExportHoldsWhatTheCallerSeesAndNoVictimsName) {
  const auto ion = entity(rou_case_, "e1");
  const auto ana = entity(rou_case_, "e2");
  const auto marco = entity(ita_case_, "p1");
  auto rou = export_graph(*graph_, *db_, rou_, ExportFormat::csv_nodes, 0);
  ASSERT_TRUE(rou) << rou.error().message;
  EXPECT_EQ(rou->text.find("Marco Bianchi"), std::string::npos) << "Italy's case is Italy's";
  EXPECT_EQ(rou->text.find("Ana Popa"), std::string::npos) << "a victim's name never leaves";
  EXPECT_NE(rou->text.find(std::to_string(ana) + ",person,victim,1,true\n"), std::string::npos) << rou->text;
  EXPECT_NE(rou->text.find(std::to_string(ion) + ",person,Ion Rusu,1,false\n"), std::string::npos) << rou->text;
  EXPECT_EQ(rou->withheld_victims, 1U);
  EXPECT_TRUE(rou->text.starts_with("id,kind,label,mentions,victim\n"));

  auto ita = export_graph(*graph_, *db_, ita_, ExportFormat::csv_edges, ion);
  ASSERT_TRUE(ita) << ita.error().message;
  // Ion's network as Italy sees it: Ion, Ana, the phone, the account, the crossing, Marco,
  // Luca, and the crossing point Giurgiu; the phone's edge to Ion and to Marco.
  EXPECT_EQ(ita->entities, 8U);
  const auto phone = entity(rou_case_, "e3");
  const auto pair = [](std::int64_t a, std::int64_t b) {
    return std::to_string(std::min(a, b)) + "," + std::to_string(std::max(a, b)) + ",";
  };
  EXPECT_NE(ita->text.find(pair(marco, phone) + "uses,ITA,1\n"), std::string::npos) << ita->text;
  EXPECT_NE(ita->text.find(pair(ion, phone) + "uses,ROU,1\n"), std::string::npos) << ita->text;
  EXPECT_EQ(ita->text.find("associate"), std::string::npos) << "Germany's drivers are another network";

  auto graphml = export_graph(*graph_, *db_, ita_, ExportFormat::graphml, ion);
  ASSERT_TRUE(graphml);
  EXPECT_NE(graphml->text.find("<node id=\"" + std::to_string(marco) + "\"><data key=\"label\">Marco Bianchi</data>"),
            std::string::npos);
  EXPECT_EQ(graphml->text.find("Ana Popa"), std::string::npos);
  auto gexf = export_graph(*graph_, *db_, ita_, ExportFormat::gexf, ion);
  ASSERT_TRUE(gexf);
  EXPECT_NE(gexf->text.find("label=\"Marco Bianchi\""), std::string::npos);

  // FtM: the contributions behind it, victims left out.
  auto ftm = export_graph(*graph_, *db_, rou_, ExportFormat::ftm, 0);
  ASSERT_TRUE(ftm);
  EXPECT_NE(ftm->text.find("Ion Rusu"), std::string::npos);
  EXPECT_EQ(ftm->text.find("Ana Popa"), std::string::npos);
  EXPECT_EQ(ftm->text.find("Marco"), std::string::npos);
  EXPECT_EQ(ftm->withheld_victims, 1U);

  // Every export is audited with what it held; one resting on Italy's case names it.
  store::AuditQuery exports;
  exports.action = "graph.export";
  const auto audited = store::audit_list(*db_, exports).value();
  ASSERT_EQ(audited.size(), 5U);
  const auto italy = std::find_if(audited.begin(), audited.end(),
                                  [](const auto& e) { return e.record.detail.starts_with("csv-edges"); });
  ASSERT_NE(italy, audited.end());
  EXPECT_EQ(italy->record.detail, "csv-edges of the network of " + std::to_string(ion) +
                                      ": 8 entities, 8 links; restricted records read: " + std::to_string(ita_case_));

  EXPECT_EQ(export_graph(*graph_, *db_, rou_, ExportFormat::graphml, marco).error().code, ErrorCode::not_found);
  const auto giurgiu = entity(rou_case_, "e5");
  EXPECT_EQ(export_graph(*graph_, *db_, rou_, ExportFormat::graphml, giurgiu).error().code, ErrorCode::invalid_input);
}

// An export is written in memory before it leaves: one beyond a limit is
// refused and audits nothing, and only so many are written at once.
TEST_F(LinkGraphTest, AnExportBeyondItsLimitsIsRefusedAndOnlyTwoAreWrittenAtOnce) {
  const auto ion = entity(rou_case_, "e1");
  ASSERT_TRUE(export_graph(*graph_, *db_, ita_, ExportFormat::csv_edges, ion, {.links = 8}));
  const auto links = export_graph(*graph_, *db_, ita_, ExportFormat::csv_edges, ion, {.links = 7});
  ASSERT_FALSE(links);
  EXPECT_EQ(links.error().code, ErrorCode::invalid_input);
  EXPECT_NE(links.error().message.find("network by network"), std::string::npos) << links.error().message;
  const auto entities = export_graph(*graph_, *db_, ita_, ExportFormat::graphml, ion, {.entities = 7});
  ASSERT_FALSE(entities);
  EXPECT_NE(entities.error().message.find("8 entities, more than 7"), std::string::npos) << entities.error().message;
  const auto ftm = export_graph(*graph_, *db_, rou_, ExportFormat::ftm, 0, {.ftm_bytes = 100});
  ASSERT_FALSE(ftm);
  EXPECT_EQ(ftm.error().code, ErrorCode::invalid_input);
  store::AuditQuery exports;
  exports.action = "graph.export";
  EXPECT_EQ(store::audit_list(*db_, exports)->size(), 1U) << "only the export written";

  ExportSlots slots(2);
  {
    auto one = slots.take();
    auto two = slots.take();
    ASSERT_TRUE(one && two);
    const auto three = slots.take();
    ASSERT_FALSE(three);
    EXPECT_EQ(three.error().code, ErrorCode::unavailable);
    EXPECT_GT(three.error().retry_after_s, 0);
  }
  EXPECT_TRUE(slots.take()) << "both slots given back";
}

// Two rings of four people each, tied only through a fixer who knows one
// man in each: the fixer is the broker, with the two he knows next.
TEST(LinkGraphBrokers, TheFixerBetweenTwoRingsIsTheFirstBroker) {
  testing::TempDir dir;
  auto db = testing::member_store(dir, "brokers.db", {"ROU"}, {});
  const Caller rou{UserId{1}, "rou.analyst", "ROU", MemberKind::ncb, Role::analyst};
  json people = json::array(), links = json::array();
  const char* names[] = {"Ion Rusu", "Vasile Lungu", "Mihai Stan", "Dan Pop",    "Fixer Marin",
                         "Ana Dinu", "Elena Toma",   "Ioana Vlad", "Maria Preda"};
  for (int i = 0; i < 9; ++i) {
    people.push_back(person("p" + std::to_string(i), names[i], "19" + std::to_string(60 + i) + "-01-01", "driver"));
  }
  for (const int base : {0, 5}) {
    for (int a = 0; a < 4; ++a) {
      for (int b = a + 1; b < 4; ++b) {
        links.push_back(link("p" + std::to_string(base + a), "p" + std::to_string(base + b), "associate"));
      }
    }
  }
  links.push_back(link("p4", "p0", "called"));
  links.push_back(link("p4", "p5", "called"));
  const auto id = testing::contribute(*db, rou, case_of("ROU", "ROU-9", {{"scope", "all"}}, people, links));
  People people_index;
  ASSERT_TRUE(people_index.sync(*db));
  LinkGraph graph(people_index);
  auto found = graph.brokers(*db, rou, testing::entity_of(*db, id, "p0"), 3);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_GE(found->communities, 2U);
  ASSERT_EQ(found->brokers.size(), 3U);
  EXPECT_EQ(found->brokers[0].node.label, "Fixer Marin");
  EXPECT_EQ(found->brokers[0].communities, found->communities == 3 ? 3U : 2U);
  std::set<std::string> next{found->brokers[1].node.label, found->brokers[2].node.label};
  EXPECT_EQ(next, (std::set<std::string>{"Ion Rusu", "Ana Dinu"}));
  EXPECT_LT(*found->brokers[0].constraint, *found->brokers[1].constraint) << "his contacts are not tied to each other";
  EXPECT_GT(found->brokers[1].bridging, 0);
  EXPECT_EQ(graph.brokers(*db, rou, 123, 3).error().code, ErrorCode::not_found);
}

// Germany names Ana without saying she is a victim, with a phone only she
// uses: no export, report or journey names her or gives her phone.
TEST_F(LinkGraphTest, WhatLeadsOnlyToAVictimLeavesNoExportHoweverAnotherCaseNamesHer) {
  ASSERT_NE(testing::contribute(*db_, deu_,
                                case_of("DEU", "DEU-2", {{"scope", "all"}},
                                        {person("a1", "Ana Popa", "1999-05-06", "migrant"),
                                         {{"id", "a2"}, {"kind", "phone"}, {"number", "+40722000111"}}},
                                        {link("a1", "a2", "uses")})),
            0);
  const auto ana = entity(rou_case_, "e2");
  ASSERT_EQ(ana, testing::entity_of(*db_, deu_case_ + 1, "a1")) << "one Ana";
  for (const auto format : {ExportFormat::csv_nodes, ExportFormat::graphml, ExportFormat::ftm}) {
    auto out = export_graph(*graph_, *db_, deu_, format, 0);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->text.find("Ana Popa"), std::string::npos) << to_string(format);
    EXPECT_EQ(out->text.find("722000111"), std::string::npos) << to_string(format) << ": her phone";
  }
  auto csv = export_graph(*graph_, *db_, deu_, ExportFormat::csv_nodes, 0);
  EXPECT_EQ(csv->withheld, 1U) << "her phone";
  auto report = network_report(*graph_, *db_, deu_, entity(rou_case_, "e1"));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->dump().find("722000111"), std::string::npos);
  EXPECT_EQ(report->dump().find("Ana Popa"), std::string::npos);
  auto journey = routes(*graph_, *db_, deu_, {.person = ana});
  ASSERT_TRUE(journey) << journey.error().message;
  ASSERT_EQ(journey->journeys.size(), 1U);
  EXPECT_EQ(journey->journeys[0].label, "victim");
}

TEST_F(LinkGraphTest, ANetworksReportNamesNoVictimAndListsItsGaps) {
  const auto ion = entity(rou_case_, "e1");
  ASSERT_TRUE(raise_leads(*db_));
  auto report = network_report(*graph_, *db_, rou_, ion);
  ASSERT_TRUE(report) << report.error().message;
  const auto text = report->dump();
  EXPECT_EQ(text.find("Ana Popa"), std::string::npos) << "a victim is never named";
  EXPECT_EQ(text.find("Marco"), std::string::npos) << "Italy's case is Italy's";
  ASSERT_EQ((*report)["people"].size(), 1U);
  EXPECT_EQ((*report)["people"][0]["label"], "Ion Rusu");
  EXPECT_EQ((*report)["people"][0]["role"], "organiser");
  ASSERT_EQ((*report)["victims"].size(), 1U);
  EXPECT_EQ((*report)["victims"][0]["label"], "victim 1");
  EXPECT_EQ((*report)["assets"].size(), 2U) << "the phone and the account";
  std::set<std::string> gaps;
  for (const auto& g : (*report)["gaps"])
    gaps.insert(g["label"].get<std::string>() + ": " + g["gap"].get<std::string>());
  EXPECT_EQ(gaps, (std::set<std::string>{"RO49AAAA1B31007593840000: never traced: no payment through it is known",
                                         "+40721234567: no call through it is known",
                                         "Ion Rusu: not identified: no nationality or document known"}))
      << (*report)["gaps"].dump();
  ASSERT_EQ((*report)["timeline"].size(), 1U);
  EXPECT_EQ((*report)["timeline"][0]["kind"], "border_crossing");
  EXPECT_EQ((*report)["timeline"][0]["place"], "Giurgiu");
  EXPECT_EQ((*report)["route"]["corridors"][0]["route"], json({"ROU", "BGR"})) << "the victim's journey";
  ASSERT_EQ((*report)["leads"].size(), 1U) << "Italy's case shares the phone";
  EXPECT_EQ((*report)["leads"][0]["restricted"], true);
  EXPECT_EQ((*report)["key_players"][0]["label"], "Ion Rusu");

  const auto page = report_html(*report);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(page.find("<h2>Gaps</h2>"), std::string::npos);
  EXPECT_NE(page.find("never traced"), std::string::npos);
  EXPECT_EQ(page.find("Ana Popa"), std::string::npos);
  EXPECT_NE(page.find("ROU → BGR"), std::string::npos);

  // Italy sees its money handler in the network, and the phone's user.
  auto italy = network_report(*graph_, *db_, ita_, ion);
  ASSERT_TRUE(italy);
  EXPECT_NE(italy->dump().find("Marco Bianchi"), std::string::npos);
  const auto giurgiu = entity(rou_case_, "e5");
  EXPECT_EQ(network_report(*graph_, *db_, rou_, giurgiu).error().code, ErrorCode::invalid_input);
  // A network too large to measure is reported all the same, its key players and brokers unmeasured.
  LinkGraph small(people_, 10);
  auto unmeasured = network_report(small, *db_, rou_, ion);
  ASSERT_TRUE(unmeasured) << unmeasured.error().message;
  EXPECT_TRUE((*unmeasured)["key_players"].is_null());
  EXPECT_TRUE((*unmeasured)["brokers"].is_null());
  ASSERT_EQ((*unmeasured)["notes"].size(), 2U);
  EXPECT_NE((*unmeasured)["notes"][0].get<std::string>().find("this network holds"), std::string::npos)
      << (*unmeasured)["notes"].dump();
  EXPECT_EQ((*unmeasured)["people"], (*report)["people"]);
  EXPECT_EQ(network_report(*graph_, *db_, rou_, entity(ita_case_, "p1")).error().code, ErrorCode::not_found);
}

// The organiser calls his driver, who moves three migrants; a recruiter's
// gang met one of the migrants. Measured among offenders, the organiser's
// network is his crew: the gang, tied to it only through a migrant, is not.
TEST(LinkGraphOffenders, ANetworkOfOffendersIsNotJoinedThroughThePeopleItMoves) {
  testing::TempDir dir;
  auto db = testing::member_store(dir, "offenders.db", {"ROU"}, {});
  const Caller rou{UserId{1}, "rou.analyst", "ROU", MemberKind::ncb, Role::analyst};
  json people = {
      person("o", "Ion Rusu", "1970-01-01", "organiser"),      person("d", "Dan Pop", "1971-01-01", "driver"),
      person("r", "Radu Gheorghe", "1972-01-01", "recruiter"), person("m1", "Ali Hassan", "2000-01-01", "migrant"),
      person("m2", "Omar Idris", "2001-01-01", "migrant"),     person("x1", "Vlad Enache", "1980-01-01", "associate"),
      person("x2", "Sorin Neagu", "1981-01-01", "associate"),  person("x3", "Petru Ilie", "1982-01-01", "associate")};
  for (auto& p : people) {
    if (p["role"] == "associate") p.erase("role");
  }
  json links = {link("o", "d", "called"),     link("d", "m1", "transported"), link("d", "m2", "transported"),
                link("r", "m1", "recruited"), link("r", "x1", "associate"),   link("r", "x2", "associate"),
                link("r", "x3", "associate")};
  const auto id = testing::contribute(*db, rou, case_of("ROU", "ROU-7", {{"scope", "all"}}, people, links));
  People people_index;
  ASSERT_TRUE(people_index.sync(*db));
  LinkGraph graph(people_index);
  const auto organiser = testing::entity_of(*db, id, "o");
  auto crew = graph.centrality(*db, rou, Measure::degree, organiser, 10, MentionKind::person, true);
  ASSERT_TRUE(crew) << crew.error().message;
  std::set<std::string> names;
  for (const auto& r : *crew) names.insert(r.node.label);
  EXPECT_EQ(names, (std::set<std::string>{"Ion Rusu", "Dan Pop"}));
  // Without offenders_only the network holds everyone it reaches.
  auto all = graph.centrality(*db, rou, Measure::degree, organiser, 10, MentionKind::person, false);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 8U);
}

TEST(ReportHtml, EscapesWhatMembersWrote) {
  json report{{"report", "network"},
              {"for_member", "ROU"},
              {"generated_at", "2026-12-07T00:00:00Z"},
              {"network", {{"id", 1}}},
              {"people", {{{"label", "<script>alert(1)</script>"}, {"role", "organiser"}}}}};
  const auto page = report_html(report);
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(CsvText, AFormulaIsShownNotRun) {
  EXPECT_EQ(csv_text("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_text("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_text("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
  EXPECT_EQ(csv_text("+40 721 234 567"), "+40 721 234 567") << "a phone number stays as it is";
  EXPECT_EQ(csv_text("-5"), "-5");
  EXPECT_EQ(csv_text("\t=1+1"), "'\t=1+1");
  EXPECT_EQ(csv_text("Rusu, Ion"), "\"Rusu, Ion\"");
}

}  // namespace
}  // namespace ariadne::analysis
