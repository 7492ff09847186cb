// Routes and trends over a real store: crossings both sides reported are one,
// journeys become corridors, and every answer is what the caller may see.
#include "analysis/routes.hpp"
#include "analysis/reports.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "store/audit.hpp"
#include "support.hpp"
#include "support/store.hpp"

namespace ariadne::analysis {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

json person(const std::string& id, const std::string& name, const std::string& role,
            const std::string& nationality = "NGA") {
  return {{"id", id},
          {"kind", "person"},
          {"names", {{{"full", name}}}},
          {"birth_date", "2000-01-01"},
          {"nationality", nationality},
          {"role", role}};
}
json place(const std::string& id, const std::string& name, const std::string& country) {
  return {{"id", id}, {"kind", "place"}, {"place_type", "crossing_point"}, {"name", name}, {"country", country}};
}
json crossing(const std::string& id, const std::string& date, const std::string& from, const std::string& to,
              const std::string& mode, json participants, int count = -1, const std::string& at = "",
              const std::string& kind = "border_crossing") {
  json e{{"id", id},     {"kind", kind}, {"date", date}, {"country", from},
         {"from", from}, {"to", to},     {"mode", mode}, {"participants", std::move(participants)}};
  if (count >= 0) e["count"] = count;
  if (!at.empty()) e["place"] = at;
  return e;
}
// Lists as vectors: a braced list of one json is an array on every compiler.
json case_of(const std::string& member, const std::string& ref, const std::string& scope, std::vector<json> entities,
             std::vector<json> events) {
  return {{"case", ref},
          {"member", member},
          {"crime_type", "migrant_smuggling"},
          {"reported_on", "2026-03-01"},
          {"restriction", {{"scope", scope}}},
          {"entities", std::move(entities)},
          {"relationships", json::array()},
          {"events", std::move(events)}};
}

// Amina crosses from Niger to Libya with a driver (both Niger and Libya
// report it), from Libya to Italy by sea with a captain (a woman dies on the
// way), and from Italy to France, which only Italy knows.
class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::member_store(dir_, "routes.db", {"NER", "LBY", "ITA", "GRC"}, {});
    auto madama = place("e3", "Madama", "NER");
    madama["latitude"] = 21.95;
    madama["longitude"] = 13.65;
    ner_ = testing::contribute(
        *db_, ner_caller_,
        case_of("NER", "NER-1", "all",
                {person("e1", "Amina Bello", "migrant"), person("e2", "Ibrahim Moussa", "driver", "NER"), madama},
                {crossing("v1", "2026-01-05", "NER", "LBY", "desert", {"e1", "e2"}, 12, "e3")}));
    lby_ = testing::contribute(
        *db_, lby_caller_,
        case_of("LBY", "LBY-1", "all",
                {person("p1", "Amina Bello", "migrant"), person("p2", "Omar Salem", "boat_captain", "LBY"),
                 person("p3", "Fatou Diallo", "migrant", "SEN"), place("p4", "Zuwara", "LBY")},
                {crossing("v1", "2026-01-05", "NER", "LBY", "desert", {"p1"}),
                 crossing("v2", "2026-02-10", "LBY", "ITA", "sea", {"p1", "p2", "p3"}, 40, "p4"),
                 crossing("v3", "2026-02-10", "LBY", "ITA", "sea", {"p3"}, 3, "", "death_in_transit")}));
    ita_ = testing::contribute(
        *db_, ita_caller_,
        case_of("ITA", "ITA-1", "owner", {person("a1", "Amina Bello", "migrant"), place("a2", "Ventimiglia", "ITA")},
                {crossing("v1", "2026-02-12", "ITA", "FRA", "land", {"a1"}, -1, "a2")}));
    ASSERT_TRUE(people_.sync(*db_));
    graph_ = std::make_unique<LinkGraph>(people_);
  }

  static const Corridor* corridor(const RouteAnswer& a, std::vector<std::string> route) {
    for (const auto& c : a.corridors) {
      if (c.route == route) return &c;
    }
    return nullptr;
  }
  static const Leg* leg(const std::vector<Leg>& legs, const std::string& from, const std::string& to) {
    for (const auto& l : legs) {
      if (l.from == from && l.to == to) return &l;
    }
    return nullptr;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  People people_;
  std::unique_ptr<LinkGraph> graph_;
  std::int64_t ner_ = 0, lby_ = 0, ita_ = 0;
  Caller ner_caller_{UserId{1}, "ner.analyst", "NER", MemberKind::ncb, Role::analyst};
  Caller lby_caller_{UserId{2}, "lby.analyst", "LBY", MemberKind::ncb, Role::analyst};
  Caller ita_caller_{UserId{3}, "ita.analyst", "ITA", MemberKind::ncb, Role::analyst};
  Caller grc_caller_{UserId{4}, "grc.analyst", "GRC", MemberKind::ncb, Role::analyst};
};

TEST_F(RoutesTest, JourneysBecomeCorridorsAndBothSidesOfABorderAreOneCrossing) {
  const auto amina = testing::entity_of(*db_, ner_, "e1");
  ASSERT_EQ(amina, testing::entity_of(*db_, ita_, "a1")) << "the three members' Amina is one person";
  auto all = routes(*graph_, *db_, ita_caller_, {});
  ASSERT_TRUE(all) << all.error().message;
  const auto* whole = corridor(*all, {"NER", "LBY", "ITA", "FRA"});
  ASSERT_NE(whole, nullptr) << to_json(*all).dump();
  EXPECT_EQ(whole->people, 1U) << "the driver and the captain are crew, not people moved";
  EXPECT_EQ(whole->networks, 1U);
  EXPECT_EQ(whole->first, "2026-01-05");
  EXPECT_EQ(whole->last, "2026-02-12");
  EXPECT_EQ(whole->median_days, 38);
  ASSERT_EQ(whole->legs.size(), 3U);
  EXPECT_EQ(whole->legs[0].modes, (std::map<std::string, std::size_t>{{"desert", 1}}));
  const auto* died = corridor(*all, {"LBY", "ITA"});
  ASSERT_NE(died, nullptr);
  EXPECT_EQ(died->deaths, 1U) << "Fatou died on the way";
  EXPECT_FALSE(died->median_days) << "one border crossed has no duration";
  EXPECT_EQ(all->corridors.size(), 2U);

  // The file's borders: Niger–Libya reported twice, one crossing of 12 people (its count) at Madama.
  const auto* desert = leg(all->legs, "NER", "LBY");
  ASSERT_NE(desert, nullptr);
  EXPECT_EQ(desert->crossings, 1U);
  EXPECT_EQ(desert->members, (std::vector<std::string>{"LBY", "NER"})) << "both sides reported it";
  EXPECT_EQ(whole->members, (std::vector<std::string>{"ITA", "LBY", "NER"}));
  EXPECT_EQ(desert->people, 12U);
  ASSERT_EQ(desert->crossing_points.size(), 1U);
  EXPECT_EQ(desert->crossing_points[0].name, "Madama");
  const auto* sea = leg(all->legs, "LBY", "ITA");
  ASSERT_NE(sea, nullptr);
  EXPECT_EQ(sea->people, 40U);
  EXPECT_EQ(sea->deaths, 3U) << "a death event counts what it says, or the people named";
  EXPECT_EQ(all->legs.front().from, "LBY") << "most people first";
  EXPECT_TRUE(all->journeys.empty()) << "journeys come with a network or a person";

  // The map: Madama where Niger put it, Zuwara without coordinates, each country's reference point.
  const auto madama = std::find_if(all->places.begin(), all->places.end(), [](auto& p) { return p.name == "Madama"; });
  ASSERT_NE(madama, all->places.end());
  EXPECT_DOUBLE_EQ(*madama->latitude, double(21.95f));
  EXPECT_EQ(madama->type, "crossing_point");
  EXPECT_EQ(madama->country, "NER");
  const auto zuwara = std::find_if(all->places.begin(), all->places.end(), [](auto& p) { return p.name == "Zuwara"; });
  ASSERT_NE(zuwara, all->places.end());
  EXPECT_FALSE(zuwara->latitude);
  std::vector<std::string> codes;
  for (const auto& c : all->countries) {
    codes.push_back(c.code);
    EXPECT_TRUE(c.latitude && c.longitude) << c.code << " has a reference point";
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"FRA", "ITA", "LBY", "NER"}));
}

TEST_F(RoutesTest, ACallerSeesOnlyTheCrossingsItMayRead) {
  auto ner = routes(*graph_, *db_, ner_caller_, {});
  ASSERT_TRUE(ner) << ner.error().message;
  EXPECT_NE(corridor(*ner, {"NER", "LBY", "ITA"}), nullptr) << "Italy's crossing to France is Italy's alone";
  EXPECT_EQ(corridor(*ner, {"NER", "LBY", "ITA", "FRA"}), nullptr);
  EXPECT_EQ(leg(ner->legs, "ITA", "FRA"), nullptr);
  const auto amina = testing::entity_of(*db_, ner_, "e1");
  auto journey = routes(*graph_, *db_, ner_caller_, {.person = amina});
  ASSERT_TRUE(journey) << journey.error().message;
  ASSERT_EQ(journey->journeys.size(), 1U);
  EXPECT_EQ(journey->journeys[0].route, (std::vector<std::string>{"NER", "LBY", "ITA"}));
  ASSERT_EQ(journey->journeys[0].steps.size(), 2U);
  EXPECT_EQ(journey->journeys[0].steps[0].contributions, (std::vector<std::int64_t>{ner_, lby_}))
      << "one crossing, both reports behind it";
  EXPECT_EQ(journey->journeys[0].label, "Amina Bello");

  // Greece sees what all may see; an entity it may not see is not found, as one that does not exist.
  auto grc = routes(*graph_, *db_, grc_caller_, {});
  ASSERT_TRUE(grc) << grc.error().message;
  EXPECT_EQ(to_json(*grc), to_json(*ner));
  const auto ventimiglia = testing::entity_of(*db_, ita_, "a2");
  ASSERT_NE(ventimiglia, 0);
  EXPECT_EQ(routes(*graph_, *db_, grc_caller_, {.network = ventimiglia}).error().code, ErrorCode::not_found);
  EXPECT_EQ(routes(*graph_, *db_, grc_caller_, {.person = 999}).error().code, ErrorCode::not_found);
}

TEST_F(RoutesTest, ANetworksJourneysAndFilters) {
  const auto omar = testing::entity_of(*db_, lby_, "p2");
  auto net = routes(*graph_, *db_, ita_caller_, {.network = omar});
  ASSERT_TRUE(net) << net.error().message;
  std::vector<std::string> people;
  for (const auto& j : net->journeys) people.push_back(j.label);
  std::sort(people.begin(), people.end());
  EXPECT_EQ(people, (std::vector<std::string>{"Amina Bello", "Fatou Diallo", "Ibrahim Moussa", "Omar Salem"}))
      << "the captain's network: everyone on its crossings, crew included";
  const auto fatou = std::find_if(net->journeys.begin(), net->journeys.end(),
                                  [](const Journey& j) { return j.label == "Fatou Diallo"; });
  ASSERT_EQ(fatou->steps.size(), 2U);
  EXPECT_TRUE(fatou->steps[1].died);

  // Dates and a country narrow the crossings.
  auto february = routes(*graph_, *db_, ita_caller_, {.from = "2026-02-01"});
  ASSERT_TRUE(february);
  EXPECT_EQ(leg(february->legs, "NER", "LBY"), nullptr);
  EXPECT_NE(corridor(*february, {"LBY", "ITA", "FRA"}), nullptr);
  auto niger = routes(*graph_, *db_, ita_caller_, {.country = "NER"});
  ASSERT_TRUE(niger);
  ASSERT_EQ(niger->legs.size(), 1U);
  EXPECT_EQ(niger->legs[0].to, "LBY");

  // A place belongs to no network; a phone is not a person.
  const auto zuwara = testing::entity_of(*db_, lby_, "p4");
  EXPECT_EQ(routes(*graph_, *db_, ita_caller_, {.network = zuwara}).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(routes(*graph_, *db_, ita_caller_, {.person = zuwara}).error().code, ErrorCode::invalid_input);
}

TEST_F(RoutesTest, ReadingRestrictedCrossingsIsAudited) {
  store::AuditQuery reads;
  reads.action = "graph.routes";
  ASSERT_TRUE(routes(*graph_, *db_, ner_caller_, {}));
  EXPECT_TRUE(store::audit_list(*db_, reads)->empty()) << "Niger read nothing restricted";
  ASSERT_TRUE(routes(*graph_, *db_, ita_caller_, {}));
  const auto audited = store::audit_list(*db_, reads).value();
  ASSERT_EQ(audited.size(), 1U);
  EXPECT_EQ(audited[0].record.detail, "restricted records read: " + std::to_string(ita_));
  // A case Libya opened to Niger alone says only that Amina is a migrant: the answer counts her by it.
  const auto shared = testing::contribute(*db_, lby_caller_,
                                          {{"case", "LBY-9"},
                                           {"member", "LBY"},
                                           {"crime_type", "migrant_smuggling"},
                                           {"reported_on", "2026-03-01"},
                                           {"restriction", {{"scope", "members"}, {"members", {"NER"}}}},
                                           {"entities", {person("x1", "Amina Bello", "migrant")}},
                                           {"relationships", json::array()},
                                           {"events", json::array()}});
  ASSERT_NE(shared, 0);
  ASSERT_TRUE(people_.sync(*db_));
  ASSERT_TRUE(routes(*graph_, *db_, ner_caller_, {}));
  const auto after = store::audit_list(*db_, reads).value();
  ASSERT_EQ(after.size(), 2U);
  EXPECT_EQ(after[1].record.detail, "restricted records read: " + std::to_string(shared));
}

TEST_F(RoutesTest, TrendsCountPeopleByMonthAndFlagARiseBeyondItsHistory) {
  // Greece: two people a month from Türkiye for two years, then thirty.
  json events = json::array();
  json entities = json::array();
  for (int m = 0; m < 25; ++m) {
    const int year = 2024 + m / 12, month = m % 12 + 1;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-15", year, month);
    events.push_back(crossing("v" + std::to_string(m), date, "TUR", "GRC", "sea", json::array(), m == 24 ? 30 : 2));
  }
  const Caller grc{UserId{4}, "grc.analyst", "GRC", MemberKind::ncb, Role::analyst};
  ASSERT_NE(testing::contribute(*db_, grc, case_of("GRC", "GRC-1", "all", entities, events)), 0);
  ASSERT_TRUE(people_.sync(*db_));

  auto by_route = trends(*graph_, *db_, ner_caller_, TrendBy::route, {});
  ASSERT_TRUE(by_route) << by_route.error().message;
  EXPECT_EQ(by_route->months.front(), "2024-01");
  EXPECT_EQ(by_route->months.back(), "2026-02");
  ASSERT_FALSE(by_route->series.empty());
  const auto& aegean = by_route->series.front();
  EXPECT_EQ(aegean.key, "TUR-GRC");
  EXPECT_EQ(aegean.total, 24U * 2 + 30);
  EXPECT_EQ(aegean.members, std::vector<std::string>{"GRC"});
  ASSERT_EQ(aegean.alerts.size(), 1U) << to_json(*by_route).dump();
  EXPECT_EQ(aegean.alerts[0].month, "2026-01");
  EXPECT_EQ(aegean.alerts[0].observed, 30U);
  EXPECT_DOUBLE_EQ(aegean.alerts[0].expected, 2);
  EXPECT_EQ(aegean.alerts[0].baseline, "trailing");
  EXPECT_NEAR(aegean.alerts[0].p_value, 5.855318609378577e-25, 1e-30);
  // Libya–Italy: 40 in February 2026 after two years of none, against the same months before.
  const auto sea = std::find_if(by_route->series.begin(), by_route->series.end(),
                                [](const TrendSeries& s) { return s.key == "LBY-ITA"; });
  ASSERT_NE(sea, by_route->series.end());
  EXPECT_EQ(sea->counts.back(), 40U);
  ASSERT_EQ(sea->alerts.size(), 1U);
  EXPECT_EQ(sea->alerts[0].baseline, "seasonal");
  EXPECT_EQ(sea->alerts[0].history, 6U);
  EXPECT_EQ(sea->alerts[0].expected, 0);
  // Niger–Libya: 12 in January 2026 after none, but with a higher bar no month is flagged.
  TrendTest strict;
  strict.min_observed = 50;
  auto none = trends(*graph_, *db_, ner_caller_, TrendBy::route, {}, strict);
  ASSERT_TRUE(none);
  for (const auto& s : none->series) EXPECT_TRUE(s.alerts.empty()) << s.key;

  // By nationality: the people named (Amina from Nigeria twice, Fatou from
  // Senegal), the rest of what a crossing counted unknown.
  auto by_nationality = trends(*graph_, *db_, ner_caller_, TrendBy::nationality, {.from = "2026-01-01"});
  ASSERT_TRUE(by_nationality) << by_nationality.error().message;
  std::map<std::string, std::size_t> totals;
  for (const auto& s : by_nationality->series) totals[s.key] = s.total;
  EXPECT_EQ(totals, (std::map<std::string, std::size_t>{{"NGA", 2}, {"SEN", 1}, {"unknown", 30 + 11 + 38}}));
  EXPECT_EQ(by_nationality->months, (std::vector<std::string>{"2026-01", "2026-02"}));

  // Italy's crossing to France counts for Italy only.
  auto ita = trends(*graph_, *db_, ita_caller_, TrendBy::month, {.from = "2026-02-01"});
  auto ner = trends(*graph_, *db_, ner_caller_, TrendBy::month, {.from = "2026-02-01"});
  ASSERT_TRUE(ita && ner);
  EXPECT_EQ(ita->series.front().total, ner->series.front().total + 1);

  TrendTest test;
  test.alpha = 0;
  EXPECT_EQ(trends(*graph_, *db_, ner_caller_, TrendBy::month, {}, test).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(trends(*graph_, *db_, ner_caller_, TrendBy::month, {.from = "1900-01-01"}).error().code,
            ErrorCode::invalid_input)
      << "more months than an answer holds";
  // A crossing of 1901 does not make the unasked answer fail: its last 600 months, and the rest counted.
  ASSERT_NE(testing::contribute(*db_, grc,
                                case_of("GRC", "GRC-2", "all", json::array(),
                                        {crossing("v1", "1901-05-01", "TUR", "GRC", "sea", json::array(), 3)})),
            0);
  ASSERT_TRUE(people_.sync(*db_));
  auto long_ago = trends(*graph_, *db_, ner_caller_, TrendBy::month, {});
  ASSERT_TRUE(long_ago) << long_ago.error().message;
  EXPECT_EQ(long_ago->months.size(), kMaxTrendMonths);
  EXPECT_EQ(long_ago->earlier, 3U);
  EXPECT_EQ(to_json(*long_ago)["earlier"]["counted"], 3);
}

TEST_F(RoutesTest, TrendsOfVictimsByExploitation) {
  json victim = person("e1", "Blessing Okafor", "victim");
  victim["victim"] = true;
  victim["victim_details"] = {{"exploitation", {"sexual", "forced_labour"}}};
  json recruitment{
      {"id", "v1"}, {"kind", "recruitment"}, {"date", "2026-01-20"}, {"country", "NGA"}, {"participants", {"e1"}}};
  ASSERT_NE(testing::contribute(*db_, ner_caller_, case_of("NER", "NER-2", "all", {victim}, {recruitment})), 0);
  ASSERT_TRUE(people_.sync(*db_));
  auto found = trends(*graph_, *db_, ner_caller_, TrendBy::exploitation, {});
  ASSERT_TRUE(found) << found.error().message;
  std::map<std::string, std::size_t> totals;
  for (const auto& s : found->series) totals[s.key] = s.total;
  EXPECT_EQ(totals, (std::map<std::string, std::size_t>{{"forced_labour", 1}, {"sexual", 1}}));
  EXPECT_EQ(found->months, (std::vector<std::string>{"2026-01"}));
}

TEST_F(RoutesTest, AStrategicReportHidesSmallCountsFromOtherMembersCases) {
  auto niger = strategic_report(*graph_, *db_, ner_caller_, {{"NER", "LBY"}, "", ""});
  ASSERT_TRUE(niger) << niger.error().message;
  const auto& corridors = (*niger)["corridors"];
  ASSERT_FALSE(corridors.empty());
  for (const auto& c : corridors) EXPECT_EQ(c["people"], "<11") << c.dump();
  std::map<std::string, json> legs;
  for (const auto& l : (*niger)["legs"]) legs[l["from"].get<std::string>() + "-" + l["to"].get<std::string>()] = l;
  EXPECT_EQ(legs.at("NER-LBY")["people"], 12) << "eleven or more is shown";
  EXPECT_EQ(legs.at("LBY-ITA")["deaths"], "<11");
  EXPECT_EQ((*niger)["modus_operandi"]["modes"], json({{"desert", 1}, {"sea", 1}}));
  EXPECT_GT((*niger)["suppression"]["cells"].get<int>(), 0);
  EXPECT_EQ((*niger)["suppression"]["threshold"], 11);
  const auto page = report_html(*niger);
  EXPECT_NE(page.find("&lt;11"), std::string::npos);
  EXPECT_NE(page.find("<h2>Modus operandi</h2>"), std::string::npos);

  // A crossing both sides reported rests on both, whichever report's count was taken: Niger's
  // report comes first, Libya's says seven.
  const json zara = person("z1", "Zara Idris", "migrant", "SDN");
  ASSERT_NE(testing::contribute(
                *db_, ner_caller_,
                case_of("NER", "NER-5", "all", {zara}, {crossing("v1", "2026-03-01", "NER", "TCD", "desert", {"z1"})})),
            0);
  ASSERT_NE(testing::contribute(*db_, lby_caller_,
                                case_of("LBY", "LBY-5", "all", {zara},
                                        {crossing("v1", "2026-03-01", "NER", "TCD", "desert", {"z1"}, 7)})),
            0);
  ASSERT_TRUE(people_.sync(*db_));
  auto joined = strategic_report(*graph_, *db_, ner_caller_, {{"TCD"}, "", ""});
  ASSERT_TRUE(joined) << joined.error().message;
  ASSERT_EQ((*joined)["trends"].size(), 1U) << (*joined)["trends"].dump();
  EXPECT_EQ((*joined)["trends"][0]["total"], "<11") << (*joined)["trends"].dump();
  for (const auto& n : (*joined)["nationalities"]) EXPECT_EQ(n["people"], "<11") << n.dump();

  // Greece's own crossings are its own to show, however few.
  json events = json::array();
  events.push_back(crossing("v1", "2026-01-15", "TUR", "GRC", "sea", json::array(), 4));
  ASSERT_NE(testing::contribute(*db_, grc_caller_, case_of("GRC", "GRC-1", "owner", json::array(), events)), 0);
  ASSERT_TRUE(people_.sync(*db_));
  auto greece = strategic_report(*graph_, *db_, grc_caller_, {{"GRC"}, "2026-01-01", "2026-12-31"});
  ASSERT_TRUE(greece) << greece.error().message;
  ASSERT_EQ((*greece)["legs"].size(), 1U);
  EXPECT_EQ((*greece)["legs"][0]["people"], 4);
  EXPECT_EQ((*greece)["suppression"]["cells"], 0);
  EXPECT_EQ(strategic_report(*graph_, *db_, grc_caller_, {{"Greece"}, "", ""}).error().code, ErrorCode::invalid_input);
}

TEST(PoissonTail, MatchesExactSums) {
  EXPECT_NEAR(poisson_upper_tail(10, 2), 4.6498075017263808e-05, 1e-18);
  EXPECT_NEAR(poisson_upper_tail(1, 0.5), 0.39346934028736658, 1e-15);
  EXPECT_NEAR(poisson_upper_tail(3, 3), 0.57680991887315648, 1e-15);
  EXPECT_EQ(poisson_upper_tail(0, 4), 1);
}

}  // namespace
}  // namespace ariadne::analysis
