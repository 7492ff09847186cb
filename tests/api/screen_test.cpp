// Person screening over a real server: names in other scripts and spellings
// are found, and the gate decides what each caller may find.
#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

using Clock = std::chrono::steady_clock;

class ScreenApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto users = standard_users();
    users.push_back({"ipsg.reviewer", "IPSG", "reviewer"});
    world_ = std::make_unique<World>(ServerOptions{}, standard_members(), users);
    start_error_ = world_->start();
    if (!start_error_.empty()) return;
    auto c = world_->client();
    const auto& fra = world_->token("fra.officer");
    // A red notice whose subject is named in Arabic script only.
    wanted_ = publish(c, {{"type", "red"},
                          {"subject",
                           {{"names", {{{"full", "محمد عبد الله الحسن"}, {"script", "Arab"}}}},
                            {"birth_date", "1985-04-12"},
                            {"sex", "M"},
                            {"nationalities", {"SYR"}},
                            {"documents", {{{"number", "N1234567"}, {"issuing_state", "SYR"}, {"type", "passport"}}}}}},
                          {"offence", "trafficking in human beings"},
                          {"legal_basis", "Code pénal art. 225-4-1"},
                          {"warrant", "MA-2026-0042"},
                          {"restriction", {{"scope", "all"}}}});
    // A missing victim: never returned by a broad search to other members.
    victim_ = publish(c, {{"type", "yellow"},
                          {"subject", {{"names", {{{"full", "Amira Haddad"}}}}, {"victim", true}}},
                          {"disappeared_on", "2026-03-01"},
                          {"disappeared_place", "Marseille"},
                          {"restriction", {{"scope", "all"}}}});
    // A notice kept to its owner (and the General Secretariat).
    restricted_ = publish(c, {{"type", "red"},
                              {"subject", {{"names", {{{"full", "Goran Vukovic"}}}}, {"birth_date", "1979"}}},
                              {"offence", "migrant smuggling"},
                              {"legal_basis", "CESEDA L823-1"},
                              {"warrant", "MA-2026-0077"},
                              {"restriction", {{"scope", "owner"}}}});
    // A diffusion from FRA to DEU.
    auto d = c.post("/diffusions",
                    {{"type", "blue"},
                     {"to", {"DEU"}},
                     {"subject", {{"names", {{{"full", "Viktor Petrenko"}}}}, {"nationalities", {"UKR"}}}},
                     {"request", "locate and report"}},
                    fra);
    if (d.status != 201) {
      start_error_ = "diffusion: " + d.describe();
      return;
    }
    diffusion_ = d.body["id"].get<long long>();
  }
  static void TearDownTestSuite() { world_.reset(); }
  void SetUp() override { ASSERT_EQ(start_error_, ""); }

  static long long publish(ApiClient& c, const json& body) {
    auto p = publish_notice(c, body, world_->token("fra.officer"), world_->token("ipsg.reviewer"));
    if (!p.error.empty()) start_error_ = p.error;
    return p.id;
  }

  // The candidates of a screening; waits for the index to follow the change
  // log when `expect` names a notice that should appear.
  static json screen(const std::string& user, const json& query, long long expect = 0) {
    auto c = world_->client();
    auto deadline = Clock::now() + std::chrono::seconds(5);
    for (;;) {
      auto r = c.post("/screen", query, world_->token(user));
      EXPECT_EQ(r.status, 200) << r.describe();
      if (expect == 0 || has(r.body["candidates"], expect) || Clock::now() > deadline) return r.body["candidates"];
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  static bool has(const json& candidates, long long id) {
    for (const auto& c : candidates) {
      if (c["source"]["id"] == id) return true;
    }
    return false;
  }
  // A copy: callers pass the temporary answer of screen().
  static std::optional<json> find(const json& candidates, long long id) {
    for (const auto& c : candidates) {
      if (c["source"]["id"] == id) return c;
    }
    return std::nullopt;
  }

  static std::unique_ptr<World> world_;
  static std::string start_error_;
  static long long wanted_, victim_, restricted_, diffusion_;
};

std::unique_ptr<World> ScreenApi::world_;
std::string ScreenApi::start_error_;
long long ScreenApi::wanted_ = 0, ScreenApi::victim_ = 0, ScreenApi::restricted_ = 0, ScreenApi::diffusion_ = 0;

TEST_F(ScreenApi, ArabicScriptNoticeFoundByLatinVariantInSwappedOrder) {
  auto candidates = screen("deu.officer", {{"name", "Al-Hassan Mohamed Abdallah"}}, wanted_);
  auto c = find(candidates, wanted_);
  ASSERT_TRUE(c.has_value()) << candidates.dump();
  EXPECT_GE((*c)["score"].get<double>(), 0.8);
  EXPECT_TRUE((*c)["match"].get<bool>());
  EXPECT_EQ((*c)["source"]["kind"], "notice");
  EXPECT_EQ((*c)["source"]["type"], "red");
  EXPECT_EQ((*c)["names"][0], "محمد عبد الله الحسن");
  EXPECT_FALSE((*c)["person_id"].get<std::string>().empty());
  bool transliterated = false;
  for (const auto& r : (*c)["reasons"]) transliterated |= r["field"] == "name" && r["how"] == "transliteration";
  EXPECT_TRUE(transliterated) << c->dump();
  // Candidates come best first.
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    EXPECT_GE(candidates[i - 1]["score"].get<double>(), candidates[i]["score"].get<double>());
  }
}

TEST_F(ScreenApi, BirthDateSexAndDocumentAdjustTheScore) {
  const json base = {{"name", "Mohammed Abdullah Al-Hassan"}};
  auto plain = find(screen("deu.officer", base, wanted_), wanted_);
  ASSERT_TRUE(plain.has_value());
  json agreeing = base;
  agreeing["birth_date"] = "1985";
  agreeing["nationality"] = "SYR";
  auto agree = find(screen("deu.officer", agreeing), wanted_);
  ASSERT_TRUE(agree.has_value());
  json differing = base;
  differing["birth_date"] = "1962-01-01";
  differing["sex"] = "F";
  auto differ = find(screen("deu.officer", differing), wanted_);
  double differ_score = differ ? (*differ)["score"].get<double>() : 0.0;
  EXPECT_GT((*agree)["score"].get<double>(), (*plain)["score"].get<double>() - 1e-9);
  EXPECT_LT(differ_score, (*plain)["score"].get<double>());
  std::string fields;
  for (const auto& r : (*agree)["reasons"]) fields += r["field"].get<std::string>() + r["how"].get<std::string>() + " ";
  EXPECT_NE(fields.find("birth_dateagrees"), std::string::npos) << fields;
  EXPECT_NE(fields.find("nationalityagrees"), std::string::npos) << fields;
  // A document number finds the subject whatever the name.
  auto by_doc = find(screen("deu.officer", {{"name", "Unknown Traveller"}, {"document", "n 1234567"}}), wanted_);
  ASSERT_TRUE(by_doc.has_value());
  bool document = false;
  for (const auto& r : (*by_doc)["reasons"]) document |= r["field"] == "document";
  EXPECT_TRUE(document);
}

TEST_F(ScreenApi, VictimsYellowNoticeIsNotReturnedToOthers) {
  EXPECT_TRUE(find(screen("fra.officer", {{"name", "Amira Haddad"}}, victim_), victim_).has_value())
      << "the owner finds its own victim's notice";
  EXPECT_FALSE(find(screen("deu.officer", {{"name", "Amira Haddad"}}), victim_).has_value());
  EXPECT_FALSE(find(screen("ita.officer", {{"name", "Haddad Amira"}}), victim_).has_value());
  EXPECT_FALSE(find(screen("admin", {{"name", "Amira Haddad"}}), victim_).has_value());
  // The reviewers' exemption (notices::may_see_victim) ends with the review.
  EXPECT_FALSE(find(screen("ipsg.reviewer", {{"name", "Amira Haddad"}}), victim_).has_value());
}

TEST_F(ScreenApi, DiffusionIsFoundOnlyByItsRecipients) {
  auto deu = find(screen("deu.officer", {{"name", "Victor Petrenko"}}, diffusion_), diffusion_);
  ASSERT_TRUE(deu.has_value());
  EXPECT_EQ((*deu)["source"]["kind"], "diffusion");
  EXPECT_TRUE(find(screen("fra.officer", {{"name", "Victor Petrenko"}}), diffusion_).has_value());
  EXPECT_FALSE(find(screen("ita.officer", {{"name", "Viktor Petrenko"}}), diffusion_).has_value());
}

TEST_F(ScreenApi, RestrictedNoticeIsNotLeaked) {
  ASSERT_TRUE(find(screen("fra.officer", {{"name", "Goran Vukovic"}}, restricted_), restricted_).has_value());
  EXPECT_TRUE(find(screen("admin", {{"name", "Goran Vuković"}}), restricted_).has_value());
  EXPECT_FALSE(find(screen("deu.officer", {{"name", "Goran Vukovic"}}), restricted_).has_value());
  EXPECT_FALSE(
      find(screen("ita.officer", {{"name", "Goran Vukovic"}, {"birth_date", "1979"}}), restricted_).has_value());
}

// Every read of a restricted record is audited, screening included: one
// screen.read entry per request naming the restricted notices it showed.

// A screening answer and the screen.read entries its request appended.
struct Audited {
  json answer;
  std::vector<json> entries;
};
// Posts `body` to `path` as `user`.
Audited audited_screening(World& world, const std::string& user, const std::string& path, const json& body) {
  auto c = world.client();
  const std::string query = "action=screen.read&user=" + user;
  const auto before = all_audit(c, world.token("admin"), query).size();
  auto r = c.post(path, body, world.token(user));
  EXPECT_EQ(r.status, 200) << r.describe();
  auto after = all_audit(c, world.token("admin"), query);
  after.erase(after.begin(), after.begin() + static_cast<std::ptrdiff_t>(std::min(before, after.size())));
  return {r.body, after};
}

TEST_F(ScreenApi, ScreeningThatShowsARestrictedNoticeIsAudited) {
  ASSERT_TRUE(find(screen("fra.officer", {{"name", "Goran Vukovic"}}, restricted_), restricted_).has_value());
  auto got = audited_screening(*world_, "fra.officer", "/screen", {{"name", "Goran Vukovic"}});
  ASSERT_TRUE(has(got.answer["candidates"], restricted_));
  ASSERT_EQ(got.entries.size(), 1u);
  EXPECT_EQ(got.entries[0]["object"], "notices");
  EXPECT_EQ(got.entries[0]["detail"], "restricted records read: " + std::to_string(restricted_));
}

TEST_F(ScreenApi, BatchThatShowsARestrictedNoticeLeavesOneEntry) {
  ASSERT_TRUE(find(screen("fra.officer", {{"name", "Goran Vukovic"}}, restricted_), restricted_).has_value());
  auto got = audited_screening(
      *world_, "fra.officer", "/screen/batch",
      {{"queries", {{{"name", "Goran Vukovic"}}, {{"name", "Nobody Atall"}}, {{"name", "Goran Vuković"}}}}});
  ASSERT_TRUE(has(got.answer["results"][0]["candidates"], restricted_));
  ASSERT_EQ(got.entries.size(), 1u);
  EXPECT_EQ(got.entries[0]["detail"], "restricted records read: " + std::to_string(restricted_));
}

TEST_F(ScreenApi, ABorderCheckThatShowsARestrictedNoticeIsAudited) {
  ASSERT_TRUE(find(screen("fra.officer", {{"name", "Goran Vukovic"}}, restricted_), restricted_).has_value());
  const json traveller = {{"number", fresh_number("SR")}, {"issuing_state", "FRA"}, {"name", "Goran Vukovic"}};
  auto got = audited_screening(*world_, "fra.officer", "/documents/check", traveller);
  ASSERT_TRUE(has(got.answer["screening"]["candidates"], restricted_)) << got.answer.dump();
  ASSERT_EQ(got.entries.size(), 1u);
  EXPECT_EQ(got.entries[0]["detail"], "restricted records read: " + std::to_string(restricted_));
  // A passenger list: one entry per traveller shown the notice.
  auto list =
      audited_screening(*world_, "fra.officer", "/documents/check/batch",
                        {{"travellers", {traveller, {{"number", fresh_number("SR")}, {"name", "Nobody Atall"}}}}});
  ASSERT_TRUE(has(list.answer["results"][0]["screening"]["candidates"], restricted_));
  EXPECT_EQ(list.entries.size(), 1u);
}

TEST_F(ScreenApi, ScreeningThatShowsOnlyNoticesOpenToAllLeavesNoEntry) {
  ASSERT_TRUE(has(screen("ita.officer", {{"name", "Al-Hassan Mohamed Abdallah"}}, wanted_), wanted_));
  auto got = audited_screening(*world_, "ita.officer", "/screen", {{"name", "Al-Hassan Mohamed Abdallah"}});
  ASSERT_TRUE(has(got.answer["candidates"], wanted_));
  EXPECT_TRUE(got.entries.empty());
}

TEST_F(ScreenApi, BatchAnswersEachQueryInOrder) {
  screen("deu.officer", {{"name", "Viktor Petrenko"}}, diffusion_);
  auto c = world_->client();
  auto r = c.post("/screen/batch",
                  {{"queries", {{{"name", "Viktor Petrenko"}}, {{"name", "Nobody Atall"}}, {{"name", "Petrenko"}}}}},
                  world_->token("deu.officer"));
  ASSERT_EQ(r.status, 200) << r.describe();
  ASSERT_EQ(r.body["results"].size(), 3u);
  EXPECT_TRUE(has(r.body["results"][0]["candidates"], diffusion_));
  EXPECT_TRUE(r.body["results"][1]["candidates"].empty());
}

TEST_F(ScreenApi, BadQueriesAreRejectedWithTheirFields) {
  auto c = world_->client();
  const auto& deu = world_->token("deu.officer");
  auto empty = c.post("/screen", {{"name", "  "}}, deu);
  EXPECT_EQ(empty.status, 400);
  auto bad =
      c.post("/screen", {{"name", "Ivan"}, {"sex", "Q"}, {"birth_date", "12/04/1985"}, {"nationality", "XX"}}, deu);
  EXPECT_EQ(bad.status, 400);
  auto fields = bad.error_fields();
  for (const char* f : {"sex", "birth_date", "nationality"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f << " in " << bad.describe();
  }
  EXPECT_EQ(c.post("/screen", {{"name", "Ivan"}, {"colour", "red"}}, deu).status, 400);
  EXPECT_EQ(c.post("/screen", {{"name", "Ivan"}, {"limit", 0}}, deu).status, 400);
  auto batch = c.post("/screen/batch", {{"queries", {{{"name", "Ivan"}}, {{"nom", "Ivan"}}}}}, deu);
  EXPECT_EQ(batch.status, 400);
  EXPECT_EQ(batch.error_fields().size(), 2u) << batch.describe();  // queries[1].name missing, queries[1].nom unknown
  EXPECT_EQ(c.post("/screen", {{"name", "Ivan"}}, "").status, 401);
  EXPECT_EQ(c.post("/screen", {{"name", "Ivan"}}, world_->token("partner.user")).status, 403);
}

TEST_F(ScreenApi, CommandLineScreensAsAUser) {
  auto input = world_->dir() / "queries.jsonl";
  {
    std::ofstream f(input);
    f << R"({"name": "Goran Vukovic"})"
      << "\n"
      << R"({"name": "Victor Petrenko"})"
      << "\n"
      << R"({"sex": "M"})"
      << "\n";
  }
  auto c = world_->client();
  const std::string reads = "action=screen.read&user=fra.officer";
  const auto reads_before = all_audit(c, world_->token("admin"), reads).size();
  auto as_fra = run_ariadne({"screen", "--db", world_->db().string(), "--as", "fra.officer", input.string()},
                            world_->dir().path());
  EXPECT_EQ(as_fra.exit_code, 2) << as_fra.err;  // the third line has no name
  std::vector<json> lines;
  std::istringstream out(as_fra.out);
  for (std::string l; std::getline(out, l);) lines.push_back(json::parse(l));
  ASSERT_EQ(lines.size(), 3u) << as_fra.out;
  EXPECT_TRUE(has(lines[0]["candidates"], restricted_));
  EXPECT_TRUE(has(lines[1]["candidates"], diffusion_));
  EXPECT_EQ(lines[2]["line"], 3);
  EXPECT_TRUE(lines[2].contains("error")) << lines[2].dump();
  // Each answered line is a request: one entry for the owner-only notice, one for the diffusion.
  auto logged = all_audit(c, world_->token("admin"), reads);
  ASSERT_EQ(logged.size(), reads_before + 2);
  EXPECT_EQ(logged[reads_before]["detail"], "restricted records read: " + std::to_string(restricted_));
  EXPECT_EQ(logged[reads_before + 1]["detail"], "restricted records read: " + std::to_string(diffusion_));
  auto as_ita = run_ariadne({"screen", "--db", world_->db().string(), "--as", "ita.officer", input.string()},
                            world_->dir().path());
  std::istringstream ita(as_ita.out);
  std::string first;
  std::getline(ita, first);
  EXPECT_FALSE(has(json::parse(first)["candidates"], restricted_));
  auto unknown =
      run_ariadne({"screen", "--db", world_->db().string(), "--as", "nobody", input.string()}, world_->dir().path());
  EXPECT_NE(unknown.exit_code, 0);
}

}  // namespace
}  // namespace ariadne::apitest
