// People of the analysis file resolved across members: one entity per
// person, stable ids across syncs, restarts, versions and withdrawals,
// redirects when entities merge, explanations, the gate, victims.
#include "analysis/people.hpp"

#include <gtest/gtest.h>

#include <future>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "analysis/entities.hpp"
#include "store/fault_injection.hpp"
#include "support.hpp"
#include "support/store.hpp"

namespace ariadne::analysis {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

const char* kGiven[] = {"Ion",   "Mihai",    "Elena",  "Ana",    "Vasile", "Maria", "Andrei",
                        "Ioana", "Gheorghe", "Irina",  "Dorin",  "Sorina", "Radu",  "Carmen",
                        "Petru", "Oana",     "Florin", "Simona", "Lucian", "Adela"};
const char* kFamily[] = {"Rusu",  "Popescu",  "Ionescu",   "Stan",   "Dumitru", "Munteanu", "Ciobanu",
                         "Lungu", "Moldovan", "Ardeleanu", "Bălan",  "Toma",    "Nistor",   "Zamfir",
                         "Oprea", "Dobre",    "Enache",    "Manole", "Vlad",    "Barbu"};

// Person i of a population of 400: distinct name and birth date.
struct Someone {
  std::string given, family, birth, sex;
};
Someone someone(int i) {
  char birth[32];
  std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1960 + i / 10, 1 + i % 12, 1 + (i * 7) % 28);
  return {kGiven[i % 20], kFamily[(i / 20) % 20], birth, (i % 20) % 2 ? "F" : "M"};
}

json person(const std::string& id, const std::string& full, const std::string& birth, const std::string& sex) {
  json p{{"id", id}, {"kind", "person"}, {"names", {{{"full", full}}}}, {"sex", sex}, {"nationality", "ROU"}};
  if (!birth.empty()) p["birth_date"] = birth;
  return p;
}

// A list of entities: a braced list of one json is an array on every compiler.
json package(const std::string& member, const std::string& case_ref, std::vector<json> entities,
             const json& restriction) {
  return {{"case", case_ref},
          {"member", member},
          {"crime_type", "migrant_smuggling"},
          {"reported_on", "2026-03-01"},
          {"restriction", restriction},
          {"entities", std::move(entities)},
          {"relationships", json::array()},
          {"events", json::array()}};
}

class PeopleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::member_store(dir_, "people.db", {"ROU", "ITA", "DEU"}, {});
    // Everyone in ROU's cases as recorded there, with their phone; people
    // 0–199 also in ITA's, each as ITA wrote them (family name first, or only
    // the birth year and month, or with a typing error), half of them with
    // the phone: a file large enough to estimate a model from.
    for (int c = 0; c < 40; ++c) {
      auto rou = package("ROU", "ROU-" + std::to_string(c), json::array(), {{"scope", "all"}});
      auto ita = package("ITA", "ITA-" + std::to_string(c), json::array(), {{"scope", "all"}});
      for (int k = 0; k < 10; ++k) {
        const int i = c * 10 + k;
        const auto s = someone(i);
        const auto id = "e" + std::to_string(k + 1);
        add_person(rou, person(id, s.given + " " + s.family, s.birth, s.sex), i);
        if (i >= 200) continue;
        switch (i % 3) {
          case 0: add_person(ita, person(id, s.family + " " + s.given, s.birth, s.sex), i % 2 ? -1 : i); break;
          case 1:
            add_person(ita, person(id, s.given + " " + s.family, s.birth.substr(0, 7), s.sex), i % 2 ? -1 : i);
            break;
          default: add_person(ita, person(id, s.given + " " + s.family + "u", s.birth, s.sex), i % 2 ? -1 : i);
        }
      }
      rou_cases_.push_back(contribute(rou_, rou));
      if (!ita["entities"].empty()) ita_cases_.push_back(contribute(ita_, ita));
    }
  }

  // Adds a person to a package, using person i's phone unless `phone` < 0.
  static void add_person(json& package, json who, int phone) {
    const auto id = who["id"].get<std::string>();
    package["entities"].push_back(std::move(who));
    if (phone < 0) return;
    char number[32];
    std::snprintf(number, sizeof number, "+4072100%04d", phone);
    package["entities"].push_back({{"id", "p" + id}, {"kind", "phone"}, {"number", number}});
    package["relationships"].push_back({{"from", id}, {"to", "p" + id}, {"kind", "uses"}});
  }

  std::int64_t contribute(const Caller& who, const json& body) { return testing::contribute(*db_, who, body); }
  std::int64_t get_contribution_id(const std::string& case_ref) {
    return db_->query("SELECT id FROM contributions WHERE case_ref = ?", {case_ref})->front().integer(0);
  }

  PeopleSync sync(People& people) {
    auto done = people.sync(*db_);
    EXPECT_TRUE(done) << (done ? "" : done.error().message);
    return done ? *done : PeopleSync{};
  }

  std::int64_t entity_of(std::int64_t contribution, const std::string& local_id) {
    return testing::entity_of(*db_, contribution, local_id);
  }
  // Person i's entity as ROU's case holds it.
  std::int64_t rou_entity(int i) { return entity_of(rou_cases_[i / 10], "e" + std::to_string(i % 10 + 1)); }
  std::int64_t ita_entity(int i) { return entity_of(ita_cases_[i / 10], "e" + std::to_string(i % 10 + 1)); }
  std::map<std::int64_t, std::int64_t> assignment() {
    std::map<std::int64_t, std::int64_t> out;
    for (const auto& r : db_->query("SELECT mention, entity FROM entity_mentions WHERE how = 'resolution'").value()) {
      out[r.integer(0)] = r.integer(1);
    }
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller rou_{UserId{1}, "rou.analyst", "ROU", MemberKind::ncb, Role::analyst};
  Caller ita_{UserId{2}, "ita.analyst", "ITA", MemberKind::ncb, Role::analyst};
  Caller deu_{UserId{3}, "deu.analyst", "DEU", MemberKind::ncb, Role::analyst};
  std::vector<std::int64_t> rou_cases_, ita_cases_;
};

TEST_F(PeopleTest, OnePersonAcrossMembersIsOneEntityAndDifferentPeopleAreNot) {
  ASSERT_NE(people_settings().prior, nullptr) << "people_config.json's prior model reads";
  People people;
  const auto done = sync(people);
  EXPECT_TRUE(done.from_scratch);
  EXPECT_EQ(done.mentions, 600U);
  int joined = 0;
  for (int i = 0; i < 200; ++i) joined += rou_entity(i) != 0 && rou_entity(i) == ita_entity(i);
  EXPECT_GE(joined, 190) << "swapped names, partial birth dates and typing errors are still the same person";
  std::set<std::int64_t> distinct;
  for (int i = 0; i < 400; ++i) distinct.insert(rou_entity(i));
  EXPECT_EQ(distinct.size(), 400U) << "ROU's 400 people are 400 entities";
  EXPECT_EQ(done.entities, 400U + (200U - static_cast<unsigned>(joined)));
}

TEST_F(PeopleTest, AFileStartedInTheBackgroundAnswersOnceItsFirstSyncIsDone) {
  People people;
  std::promise<Result<PeopleSync>> told;
  people.start(*db_, [&](const Result<PeopleSync>& r) { told.set_value(r); });
  // What needs the people waits for them rather than answering without them.
  const auto s = someone(3);
  const auto found = people.find(s.given + " " + s.family, 10);
  EXPECT_TRUE(people.started());
  EXPECT_FALSE(found.empty()) << "found once the file is resolved";
  const auto first = told.get_future().get();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->from_scratch);
  EXPECT_EQ(first->mentions, 600U);
  EXPECT_NE(rou_entity(3), 0);
  EXPECT_FALSE(sync(people).from_scratch) << "then it follows the store";
}

TEST_F(PeopleTest, AFileDestroyedDuringItsFirstSyncStopsItAndWritesNothingHalfDone) {
  std::promise<Result<PeopleSync>> told;
  {
    People people;
    people.start(*db_, [&](const Result<PeopleSync>& r) { told.set_value(r); });
  }  // destroyed at once: the first resolution is asked to stop
  const auto first = told.get_future().get();
  if (first) {
    EXPECT_NE(rou_entity(3), 0) << "it had finished: everything written";
  } else {
    EXPECT_EQ(first.error().code, ErrorCode::unavailable);
    EXPECT_NE(first.error().message.find("stopped"), std::string::npos) << first.error().message;
    EXPECT_EQ(rou_entity(3), 0) << "stopped: no person entity written";
  }
  // The next file resolves it all.
  People again;
  EXPECT_EQ(sync(again).mentions, 600U);
  EXPECT_NE(rou_entity(3), 0);
}

TEST(PeopleContext, AHugeCaseKeepsABoundedSketchThatOverlappingCasesShare) {
  std::vector<std::string> small{"phone:+2", "phone:+1", "phone:+2"};
  EXPECT_EQ(context_sketch(small), (std::vector<std::string>{"phone:+1", "phone:+2"})) << "sorted, once each";
  std::vector<std::string> a, b;
  for (int i = 0; i < 3000; ++i) a.push_back("phone:+4072" + std::to_string(1000000 + i));
  for (int i = 1000; i < 4000; ++i) b.push_back("phone:+4072" + std::to_string(1000000 + i));
  const auto sa = context_sketch(a), sb = context_sketch(b);
  ASSERT_EQ(sa.size(), kMaxContext);
  ASSERT_EQ(sb.size(), kMaxContext);
  EXPECT_EQ(context_sketch(a), sa) << "the same every time";
  std::vector<std::string> both;
  std::set_intersection(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(both));
  // Half of each case is shared (Jaccard 0.5): a good share of the sketches is too.
  EXPECT_GE(both.size(), 25U);
  for (const auto& id : sa) EXPECT_TRUE(std::find(a.begin(), a.end(), id) != a.end());
}

TEST_F(PeopleTest, AStoppedFileAnswersSyncsAtOnceAsUnavailable) {
  People people;
  std::promise<Result<PeopleSync>> told;
  people.start(*db_, [&](const Result<PeopleSync>& r) { told.set_value(r); });
  people.stop();
  const auto first = told.get_future().get();
  EXPECT_TRUE(first || first.error().code == ErrorCode::unavailable);
  const auto later = people.sync(*db_);
  ASSERT_FALSE(later) << "a stopping file does not sync";
  EXPECT_EQ(later.error().code, ErrorCode::unavailable);
  EXPECT_NE(later.error().message.find("stopping"), std::string::npos);
}

TEST_F(PeopleTest, TwoMentionsOfOneCaseAreNeverOnePerson) {
  const auto s = someone(7);
  const auto twins = contribute(deu_, package("DEU", "DEU-twins",
                                              {person("e1", s.given + " " + s.family, s.birth, s.sex),
                                               person("e2", s.given + " " + s.family, s.birth, s.sex)},
                                              {{"scope", "all"}}));
  People people;
  sync(people);
  EXPECT_NE(entity_of(twins, "e1"), entity_of(twins, "e2")) << "a case lists each person once";
  EXPECT_TRUE(entity_of(twins, "e1") == rou_entity(7) || entity_of(twins, "e2") == rou_entity(7));
}

TEST_F(PeopleTest, IdsAreStableAcrossIncrementsRestartsAndVersions) {
  People people;
  sync(people);
  const auto before = assignment();
  // Unrelated data arrives: resolved incrementally; nobody's id moves.
  const auto stranger =
      contribute(deu_, package("DEU", "DEU-1", {person("e1", "Kwame Mensah", "1977-05-05", "M")}, {{"scope", "all"}}));
  const auto inc = sync(people);
  EXPECT_FALSE(inc.from_scratch);
  EXPECT_EQ(inc.resolved, 1U);
  auto after = assignment();
  for (const auto& [mention, entity] : before) EXPECT_EQ(after.at(mention), entity);
  const auto kwame = entity_of(stranger, "e1");
  EXPECT_NE(kwame, 0);
  // A restart resolves from scratch and keeps every id.
  People restarted;
  EXPECT_TRUE(sync(restarted).from_scratch);
  EXPECT_EQ(assignment(), after);
  // A new version of a case (its mentions stored anew) keeps its people's ids.
  const auto s = someone(205);
  const auto rou20 = rou_entity(200);
  const auto rou25 = rou_entity(205);
  json version = json::array();
  for (int k = 0; k < 10; ++k) {
    const auto p = someone(200 + k);
    version.push_back(person("e" + std::to_string(k + 1), p.given + " " + p.family, p.birth, p.sex));
  }
  contribute(rou_, package("ROU", "ROU-20", version, {{"scope", "all"}}));
  const auto replaced = sync(restarted);
  EXPECT_FALSE(replaced.from_scratch) << "a replaced case leaves and comes in again; the rest stays";
  EXPECT_EQ(replaced.removed, 10U);
  EXPECT_EQ(replaced.resolved, 10U);
  EXPECT_EQ(rou_entity(200), rou20);
  EXPECT_EQ(rou_entity(205), rou25) << s.given;
  EXPECT_EQ(entity_of(stranger, "e1"), kwame);
  const auto incremental = assignment();
  People fresh;
  EXPECT_TRUE(sync(fresh).from_scratch);
  EXPECT_EQ(assignment(), incremental) << "as resolving everything again would have it";
}

// A one-person case whose person uses a phone.
json with_phone(const std::string& member, const std::string& case_ref, json who, const std::string& number) {
  auto p = package(member, case_ref, {std::move(who), {{"id", "e2"}, {"kind", "phone"}, {"number", number}}},
                   {{"scope", "all"}});
  p["relationships"] = {{{"from", "e1"}, {"to", "e2"}, {"kind", "uses"}}};
  return p;
}

TEST_F(PeopleTest, ASyncTheStoreFailsIsDoneAgainFromScratch) {
  People people;
  sync(people);
  const auto later = contribute(
      deu_, package("DEU", "DEU-late", {person("e1", "Kwame Mensah", "1977-05-05", "M")}, {{"scope", "all"}}));
  store::FaultInjectingDatabase faulty(*db_);
  faulty.fail_write(1);  // the assignment's first write
  auto failed = people.sync(faulty);
  ASSERT_FALSE(failed);
  EXPECT_TRUE(faulty.fired());
  EXPECT_EQ(entity_of(later, "e1"), 0) << "nothing of the failed assignment stayed";
  const auto again = sync(people);
  EXPECT_TRUE(again.from_scratch) << "memory and store may disagree after a failure: everything again";
  EXPECT_NE(entity_of(later, "e1"), 0);
  const auto after = assignment();
  People fresh;
  sync(fresh);
  EXPECT_EQ(assignment(), after);
}

TEST_F(PeopleTest, EntitiesThatMergeRedirectToTheSurvivor) {
  // Two records of one name that alone are not one person: one without a
  // birth date, and each using another phone.
  const auto a =
      contribute(deu_, with_phone("DEU", "DEU-a", person("e1", "Teodor Vasilescu", "", "M"), "+40722000001"));
  const auto b =
      contribute(deu_, with_phone("DEU", "DEU-b", person("e1", "Teodor Vasilescu", "1981-02-03", "M"), "+40722000002"));
  People people;
  sync(people);
  const auto ea = entity_of(a, "e1"), eb = entity_of(b, "e1");
  ASSERT_NE(ea, 0);
  ASSERT_NE(eb, 0);
  ASSERT_NE(ea, eb);
  // ITA's record has the birth date and the first phone: the three are one person.
  contribute(ita_,
             with_phone("ITA", "ITA-bridge", person("e1", "Teodor Vasilescu", "1981-02-03", "M"), "+40722000001"));
  const auto done = sync(people);
  EXPECT_FALSE(done.from_scratch);
  const auto now_a = entity_of(a, "e1"), now_b = entity_of(b, "e1");
  ASSERT_EQ(now_a, now_b) << "the bridge joins them";
  EXPECT_TRUE(now_a == ea || now_a == eb) << "one of the two ids survives";
  EXPECT_EQ(done.redirected, 1U);
  const auto gone = now_a == ea ? eb : ea;
  auto e = get_entity(*db_, rou_, gone);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->id, now_a);
  EXPECT_EQ(e->redirected_from, gone);
  EXPECT_EQ(e->mentions.size(), 3U);

  // The bridge withdrawn, the two are apart again, each with its own id back.
  ASSERT_TRUE(withdraw_contribution(*db_, ita_, get_contribution_id("ITA-bridge")));
  const auto apart = sync(people);
  EXPECT_FALSE(apart.from_scratch);
  EXPECT_EQ(entity_of(a, "e1"), ea);
  EXPECT_EQ(entity_of(b, "e1"), eb);
  auto back = get_entity(*db_, rou_, gone);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, gone) << "it redirects no more";
}

TEST_F(PeopleTest, AWithdrawnContributionLeavesAndTheRestKeepTheirIds) {
  People people;
  sync(people);
  const auto rou0 = rou_entity(0), ita0 = ita_entity(0), rou300 = rou_entity(300);
  ASSERT_EQ(rou0, ita0);
  const auto before = assignment();
  ASSERT_TRUE(withdraw_contribution(*db_, ita_, ita_cases_[0]));
  const auto done = sync(people);
  EXPECT_FALSE(done.from_scratch) << "only the clusters that held its mentions are clustered again";
  EXPECT_EQ(done.removed, 10U);
  EXPECT_EQ(done.mentions, 590U);
  EXPECT_EQ(rou_entity(0), rou0) << "the entity keeps its id with one mention less";
  EXPECT_EQ(rou_entity(300), rou300);
  auto e = get_entity(*db_, rou_, rou0, &people);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->mentions.size(), 1U);
  EXPECT_TRUE(e->links.empty()) << "nothing links to a mention that left";
  const auto after = assignment();
  for (const auto& [mention, entity] : after) {
    if (before.contains(mention)) {
      EXPECT_EQ(entity, before.at(mention));
    }
  }
  // The same as resolving what is left from scratch.
  People fresh;
  EXPECT_TRUE(sync(fresh).from_scratch);
  EXPECT_EQ(assignment(), after);
  // A withdrawn person is found no more.
  for (const auto& [mention, score] : people.find(someone(0).given + " " + someone(0).family, 10)) {
    EXPECT_FALSE(db_->query("SELECT 1 FROM mentions WHERE id = ?", {mention})->empty()) << mention;
  }
}

TEST_F(PeopleTest, LinksAreExplainedAndShowOnlyWhatTheCallerMaySee) {
  // DEU's restricted record of person 3 joins the entity; ITA may not see it.
  const auto s = someone(3);
  const auto secret =
      contribute(deu_, package("DEU", "DEU-secret", {person("e1", s.given + " " + s.family, s.birth, s.sex)},
                               {{"scope", "members"}, {"members", {"ROU"}}}));
  People people;
  sync(people);
  const auto id = rou_entity(3);
  ASSERT_EQ(entity_of(secret, "e1"), id);
  auto seen_by_rou = get_entity(*db_, rou_, id, &people);
  ASSERT_TRUE(seen_by_rou);
  EXPECT_EQ(seen_by_rou->kind, "person");
  EXPECT_EQ(seen_by_rou->key, "") << "a person's key only anchors its id";
  EXPECT_EQ(seen_by_rou->mentions.size(), 3U);
  ASSERT_FALSE(seen_by_rou->links.empty());
  EXPECT_TRUE(seen_by_rou->connected);
  for (const auto& l : seen_by_rou->links) {
    const auto& x = l.explanation;
    double sum = x.prior_weight;
    for (const auto& f : x.features) sum += f.weight + f.tf_adjustment;
    EXPECT_NEAR(sum, x.weight, 1e-9) << "the stated weights add up";
    EXPECT_NEAR(x.probability, 1.0 / (1.0 + std::exp2(-x.weight)), 1e-12);
    EXPECT_GE(x.probability, people_settings().threshold);
  }
  auto seen_by_ita = get_entity(*db_, ita_, id, &people);
  ASSERT_TRUE(seen_by_ita);
  EXPECT_EQ(seen_by_ita->mentions.size(), 2U) << "DEU's record is hidden from ITA";
  for (const auto& m : seen_by_ita->mentions) EXPECT_NE(m.meta.owner, "DEU");
  for (const auto& l : seen_by_ita->links) {
    EXPECT_LT(l.a, seen_by_ita->mentions.size());
    EXPECT_LT(l.b, seen_by_ita->mentions.size());
  }
}

// The role comparison of a link's explanation, if it has one.
std::optional<er::Feature> role_feature(const er::Explanation& explanation) {
  for (const auto& f : explanation.features) {
    if (f.comparison == "role") return f;
  }
  return std::nullopt;
}

TEST_F(PeopleTest, TheRoleAMemberGivesIsComparedAndARareOneSaysMore) {
  auto captain = person("e1", "Tomasz Wrona", "1971-02-03", "M");
  captain["role"] = "boat_captain";
  const auto deu = contribute(deu_, package("DEU", "DEU-boat", {captain}, {{"scope", "all"}}));
  const auto ita = contribute(ita_, package("ITA", "ITA-boat", {captain}, {{"scope", "all"}}));
  People people;
  sync(people);
  const auto id = entity_of(deu, "e1");
  ASSERT_EQ(entity_of(ita, "e1"), id);
  auto seen = get_entity(*db_, rou_, id, &people);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->links.size(), 1U);
  const auto role = role_feature(seen->links[0].explanation);
  ASSERT_TRUE(role);
  EXPECT_EQ(role->level, "agree");
  EXPECT_EQ(role->value, "boat_captain");
  EXPECT_GT(role->tf_adjustment, 0) << "two boat captains are rarer than two people of any role";
}

// A driver in one member's case has become an organiser in another's (or a
// smuggled migrant a trafficking victim): the roles differ, which weighs
// against, but under the prior a small file resolves with it does not
// outweigh his full name and birth date.
TEST(PeopleRole, ADifferentRoleWeighsAgainstButIsNoVeto) {
  testing::TempDir dir;
  auto db = testing::member_store(dir, "roles.db", {"DEU", "ITA"}, {});
  const Caller deu{UserId{1}, "deu.analyst", "DEU", MemberKind::ncb, Role::analyst};
  const Caller ita{UserId{2}, "ita.analyst", "ITA", MemberKind::ncb, Role::analyst};
  auto driver = person("e1", "Farid Yusuf", "1981-04-05", "M");
  driver["role"] = "driver";
  auto organiser = driver;
  organiser["role"] = "organiser";
  const auto one = testing::contribute(*db, deu, package("DEU", "DEU-role", {driver}, {{"scope", "all"}}));
  const auto two = testing::contribute(*db, ita, package("ITA", "ITA-role", {organiser}, {{"scope", "all"}}));
  People people;
  ASSERT_TRUE(people.sync(*db));
  const auto id = testing::entity_of(*db, one, "e1");
  ASSERT_EQ(testing::entity_of(*db, two, "e1"), id) << "one Farid";
  auto seen = get_entity(*db, deu, id, &people);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->links.size(), 1U);
  const auto role = role_feature(seen->links[0].explanation);
  ASSERT_TRUE(role);
  EXPECT_EQ(role->level, "disagree");
  EXPECT_LT(role->weight, 0);
  EXPECT_GT(role->weight, -4) << "members differ on roles too often for a veto";
}

TEST_F(PeopleTest, NameSearchFindsPeopleInAnySpellingButNeverVictims) {
  json victim = person("e1", "Loredana Cazacu", "1999-09-09", "F");
  victim["victim"] = true;
  victim["role"] = "victim";
  contribute(rou_, package("ROU", "ROU-victim", {victim}, {{"scope", "all"}}));
  People people;
  sync(people);
  const auto s = someone(42);
  auto found = find_entities(*db_, ita_, s.family + ", " + s.given, 10, &people);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_FALSE(found->empty());
  EXPECT_EQ(found->front().id, rou_entity(42));
  EXPECT_EQ(found->front().kind, "person");
  EXPECT_GT(found->front().score, 0.8);
  auto none = find_entities(*db_, ita_, "Loredana Cazacu", 10, &people);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty()) << "a victim is never found by a broad search";
  auto without = find_entities(*db_, ita_, s.given + " " + s.family, 10);
  ASSERT_TRUE(without);
  EXPECT_TRUE(without->empty()) << "without the resolution, names find nothing";
}

TEST_F(PeopleTest, AnalystsMergeAndSplitAndTheirDecisionsWinAndLast) {
  People people;
  sync(people);
  const auto a = rou_entity(300), b = rou_entity(301);
  ASSERT_NE(a, b);
  // ROU's analyst says 300 and 301 are one person after all.
  auto merged = merge_entities(*db_, rou_, {a, b}, "the same man: his fingerprints match");
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ(merged->sides.size(), 2U);
  sync(people);
  const auto one = rou_entity(300);
  EXPECT_EQ(rou_entity(301), one);
  EXPECT_TRUE(one == a || one == b);
  auto e = get_entity(*db_, ita_, one == a ? b : a, &people);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, one) << "the other id redirects";
  ASSERT_EQ(e->decisions.size(), 1U);
  EXPECT_EQ(e->decisions[0].kind, DecisionKind::merge);
  EXPECT_EQ(e->decisions[0].reason, "") << "the reason is ROU's";
  auto own = get_entity(*db_, rou_, one, &people);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->decisions.size(), 1U);
  EXPECT_EQ(own->decisions[0].reason, "the same man: his fingerprints match");
  EXPECT_EQ(own->decisions[0].made_by, "rou.analyst");

  // ITA's analyst splits ITA's own record of person 0 off.
  const auto p0 = rou_entity(0);
  ASSERT_EQ(ita_entity(0), p0);
  auto split = split_entity(*db_, ita_, p0, {{ita_cases_[0], "e1"}}, "our record is of his brother");
  ASSERT_TRUE(split) << split.error().message;
  sync(people);
  EXPECT_EQ(rou_entity(0), p0) << "the rest keeps the id";
  EXPECT_NE(ita_entity(0), p0);
  EXPECT_NE(ita_entity(0), 0);

  // Both decisions survive a restart and new data.
  contribute(deu_, package("DEU", "DEU-9", {person("e1", "Kwame Mensah", "1977-05-05", "M")}, {{"scope", "all"}}));
  People restarted;
  sync(restarted);
  EXPECT_EQ(rou_entity(300), rou_entity(301));
  EXPECT_NE(ita_entity(0), rou_entity(0));
  // A later decision wins over an earlier one.
  ASSERT_TRUE(merge_entities(*db_, ita_, {ita_entity(0), rou_entity(0)}, "the brother was a mistake"));
  sync(restarted);
  EXPECT_EQ(ita_entity(0), rou_entity(0));
  // Every decision is audited.
  auto audited = db_->query("SELECT COUNT(*) FROM audit_log WHERE action IN ('entity.merge', 'entity.split')");
  ASSERT_TRUE(audited);
  EXPECT_EQ(audited->front().integer(0), 3);
}

TEST_F(PeopleTest, DecisionsAreRefusedWithAReasonAndChangeNothing) {
  People people;
  sync(people);
  const auto p0 = rou_entity(0), p1 = rou_entity(1);
  Caller officer{UserId{4}, "rou.officer", "ROU", MemberKind::ncb, Role::officer};
  EXPECT_EQ(merge_entities(*db_, officer, {p0, p1}, "why not").error().code, ErrorCode::forbidden);
  EXPECT_EQ(merge_entities(*db_, rou_, {p0, p1}, "  ").error().fields.at(0).field, "reason");
  EXPECT_EQ(merge_entities(*db_, rou_, {p0}, "alone").error().fields.at(0).field, "entities");
  EXPECT_EQ(merge_entities(*db_, rou_, {p0, 999999}, "absent").error().code, ErrorCode::not_found);
  EXPECT_EQ(split_entity(*db_, rou_, p0, {{rou_cases_[5], "e1"}}, "not its mention").error().fields.at(0).field,
            "mentions[0]");
  EXPECT_EQ(
      split_entity(*db_, rou_, rou_entity(300), {{rou_cases_[30], "e1"}}, "everything").error().fields.at(0).field,
      "mentions")
      << "person 300 is ROU's record alone: nothing would remain";
  // A restricted record of DEU's is beyond ITA: as absent as a missing one.
  const auto s = someone(350);
  const auto secret = contribute(
      deu_, package("DEU", "DEU-secret", {person("e1", "Zoltan Farkas", s.birth, "M")}, {{"scope", "owner"}}));
  sync(people);
  const auto hidden = entity_of(secret, "e1");
  EXPECT_EQ(merge_entities(*db_, ita_, {p0, hidden}, "a guess").error().code, ErrorCode::not_found);
  EXPECT_EQ(split_entity(*db_, ita_, hidden, {{secret, "e1"}}, "a guess").error().code, ErrorCode::not_found);
  auto decisions = load_decisions(*db_);
  ASSERT_TRUE(decisions);
  EXPECT_TRUE(decisions->empty()) << "nothing refused was stored";
}

}  // namespace
}  // namespace ariadne::analysis
