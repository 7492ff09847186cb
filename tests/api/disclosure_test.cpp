// What callers learn of records they may not see, over a real server: hit
// outcomes told to checkers and carriers, victims' notices on every path,
// and ids of invisible records in errors and in the audit view.
#include <chrono>
#include <regex>
#include <thread>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

using Clock = std::chrono::steady_clock;

class apiDisclosure : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto users = standard_users();
    users.push_back({"gs.reviewer", "IPSG", "reviewer"});
    users.push_back({"deu.admin", "DEU", "admin"});
    world_ = std::make_unique<World>(ServerOptions{}, standard_members(), users);
    start_error_ = world_->start();
    if (start_error_.empty()) client_ = std::make_unique<ApiClient>(world_->client());
  }
  static void TearDownTestSuite() {
    client_.reset();
    world_.reset();
  }
  void SetUp() override { ASSERT_TRUE(start_error_.empty()) << start_error_; }

  static ApiClient& api() { return *client_; }
  static const std::string& token(const std::string& user) { return world_->token(user); }

  // A FRA passport registered by fra.officer; its id.
  static long long register_fra(const std::string& number, const json& restriction) {
    auto r = api().post("/documents", document_body(number, "FRA", restriction), token("fra.officer"));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body.value("id", 0LL);
  }
  // Checks until the answer is a hit (the index follows the change log every 150 ms).
  static Response check_until_hit(const json& body, const std::string& user) {
    auto until = Clock::now() + std::chrono::seconds(2);
    for (;;) {
      auto r = api().post("/documents/check", body, token(user));
      bool hit = r.body.value("hit", false) || r.body.value("go", true) == false;
      if (r.status != 200 || hit || Clock::now() > until) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  // A yellow notice of FRA on a victim holding `number`, published; its id.
  static long long publish_victim(const std::string& number, const json& restriction) {
    return publish_victim_reviewed(number, restriction).id;
  }
  static Published publish_victim_reviewed(const std::string& number, const json& restriction) {
    json body = {{"type", "yellow"},
                 {"subject",
                  {{"names", json::array({json{{"full", "Amira Haddad"}}})},
                   {"victim", true},
                   {"birth_date", "2010"},
                   {"documents", json::array({json{{"number", number}, {"issuing_state", "MAR"}, {"type", "P"}}})}}},
                 {"disappeared_on", "2026-03-01"},
                 {"disappeared_place", "Marseille"},
                 {"restriction", restriction}};
    auto p = publish_notice(api(), body, token("fra.officer"), token("gs.reviewer"));
    EXPECT_EQ(p.error, "");
    return p;
  }
  static std::vector<json> notifications(const std::string& user, const std::string& object) {
    std::vector<json> out;
    auto r = api().get("/notifications?limit=1000", token(user));
    EXPECT_EQ(r.status, 200) << r.describe();
    for (const auto& n : r.body["notifications"]) {
      if (n["object"] == object) out.push_back(n);
    }
    return out;
  }
  static json hit_of(const std::string& user, long long id) {
    auto r = api().get("/hits?limit=1000", token(user));
    EXPECT_EQ(r.status, 200) << r.describe();
    for (const auto& h : r.body["hits"]) {
      if (h["id"] == id) return h;
    }
    return nullptr;
  }
  static Response decide(long long hit, const std::string& note, const std::string& user = "fra.officer") {
    return api().post("/hits/" + std::to_string(hit) + "/confirm", {{"outcome", "confirmed"}, {"note", note}},
                      token(user));
  }
  // A 404 with its id replaced, to compare an invisible record's answer with an absent one's.
  static json normalised_404(const Response& r, long long id) {
    json b = r.body;
    b["detail"] = std::regex_replace(b.value("detail", ""), std::regex(std::to_string(id)), "{id}");
    return b;
  }

  static std::unique_ptr<World> world_;
  static std::unique_ptr<ApiClient> client_;
  static std::string start_error_;
};

std::unique_ptr<World> apiDisclosure::world_;
std::unique_ptr<ApiClient> apiDisclosure::client_;
std::string apiDisclosure::start_error_;

const std::string kNote = "seized; ask Cdt Martin, PAF Calais, +33 3 21 00 00 00";

// --- hit outcomes -----------------------------------------------------------

TEST_F(apiDisclosure, ARestrictedCheckerLearnsTheDecisionButNotTheNoteNorWhoDecided) {
  std::string number = fresh_number("HO");
  register_fra(number, {{"scope", "owner"}});
  auto check = check_until_hit({{"number", number}, {"issuing_state", "FRA"}}, "deu.officer");
  ASSERT_TRUE(check.body["hit"]) << check.describe();
  ASSERT_EQ(check.body["matches"][0]["restricted"], true);
  long long hit = check.body["matches"][0]["hit_id"].get<long long>();

  auto forbidden = decide(hit, "mine", "deu.officer");
  EXPECT_EQ(forbidden.status, 403) << forbidden.describe();
  EXPECT_EQ(forbidden.body["detail"].get<std::string>().find("FRA"), std::string::npos)
      << "the refusal names the owner of a record the checker may not see: " << forbidden.describe();

  ASSERT_EQ(decide(hit, kNote).status, 200);
  auto told = notifications("deu.officer", "hit:" + std::to_string(hit));
  ASSERT_EQ(told.size(), 1u);
  const std::string text = told[0]["text"];
  EXPECT_NE(text.find("confirmed"), std::string::npos) << text;
  EXPECT_EQ(text.find("Martin"), std::string::npos) << "the owner's note reached a restricted checker: " << text;
  EXPECT_EQ(text.find("FRA"), std::string::npos) << "the owner's code reached a restricted checker: " << text;
  EXPECT_EQ(text.find("fra.officer"), std::string::npos) << text;

  json seen = hit_of("deu.officer", hit);
  ASSERT_TRUE(seen.is_object());
  EXPECT_EQ(seen["status"], "confirmed");
  EXPECT_TRUE(seen["note"].is_null()) << seen.dump();
  EXPECT_TRUE(seen["decided_by"].is_null()) << seen.dump();
  EXPECT_TRUE(seen["owner"].is_null()) << seen.dump();
  EXPECT_TRUE(seen["document_id"].is_null()) << seen.dump();
  EXPECT_EQ(hit_of("fra.officer", hit)["note"], kNote) << "the owner keeps its own note";
}

TEST_F(apiDisclosure, ACheckerThatSeesTheRecordGetsTheOwnersNote) {
  std::string number = fresh_number("HV");
  register_fra(number, {{"scope", "all"}});
  auto check = check_until_hit({{"number", number}, {"issuing_state", "FRA"}}, "deu.officer");
  ASSERT_TRUE(check.body["hit"]) << check.describe();
  long long hit = check.body["matches"][0]["hit_id"].get<long long>();
  ASSERT_EQ(decide(hit, kNote).status, 200);
  auto told = notifications("deu.officer", "hit:" + std::to_string(hit));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0]["text"].get<std::string>().find(kNote), std::string::npos) << told[0].dump();
  EXPECT_EQ(hit_of("deu.officer", hit)["note"], kNote);
  EXPECT_EQ(hit_of("deu.officer", hit)["decided_by"], "fra.officer");
}

TEST_F(apiDisclosure, ACarrierLearnsNothingOfTheDecision) {
  std::string number = fresh_number("HC");
  register_fra(number, {{"scope", "all"}});
  auto check = check_until_hit({{"number", number}, {"issuing_state", "FRA"}}, "partner.user");
  ASSERT_EQ(check.body, json({{"go", false}})) << check.describe();
  auto hits = api().get("/hits?status=pending&limit=1000", token("fra.officer"));
  long long hit = 0;
  for (const auto& h : hits.body["hits"]) {
    if (h["member"] == "UNODC" && h["presented"].value("number", "") == number) hit = h["id"].get<long long>();
  }
  ASSERT_GT(hit, 0) << hits.describe();
  ASSERT_EQ(decide(hit, kNote).status, 200);
  EXPECT_TRUE(notifications("partner.user", "hit:" + std::to_string(hit)).empty())
      << "a carrier learns go/no-go and nothing more";
}

TEST_F(apiDisclosure, AVictimsNoticeHitKeepsTheNoteFromACheckerOutsideTheVictimRule) {
  std::string number = fresh_number("HY");
  long long notice = publish_victim(number, {{"scope", "all"}});
  auto check = check_until_hit({{"number", number}, {"issuing_state", "MAR"}}, "deu.officer");
  ASSERT_TRUE(check.body["hit"]) << check.describe();
  const json& m = check.body["matches"][0];
  ASSERT_EQ(m["notice_id"], notice);
  EXPECT_FALSE(m.contains("names"));
  long long hit = m["hit_id"].get<long long>();
  ASSERT_EQ(decide(hit, "found safe at the shelter of Rue X, with her aunt").status, 200);
  auto told = notifications("deu.officer", "hit:" + std::to_string(hit));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0]["text"].get<std::string>().find("shelter"), std::string::npos) << told[0].dump();
  json seen = hit_of("deu.officer", hit);
  EXPECT_TRUE(seen["note"].is_null()) << seen.dump();
  EXPECT_EQ(seen["notice_id"], notice) << "the checker was told the notice; only the victim's data stays hidden";
}

// --- victims ----------------------------------------------------------------

TEST_F(apiDisclosure, AVictimsNoticeByIdAnswersAsAnAbsentOneToThoseOutsideTheVictimRule) {
  long long open = publish_victim(fresh_number("VA"), {{"scope", "all"}});
  long long listed = publish_victim(fresh_number("VL"), {{"scope", "members"}, {"members", {"ITA"}}});
  const std::string path = "/notices/" + std::to_string(open);
  auto owner = api().get(path, token("fra.officer"));
  ASSERT_EQ(owner.status, 200) << owner.describe();
  EXPECT_EQ(owner.body["subject"]["names"][0]["full"], "Amira Haddad");
  EXPECT_EQ(api().get("/notices/" + std::to_string(listed), token("ita.officer")).status, 200)
      << "a member the owner listed sees the victim";

  auto absent = api().get("/notices/987654321", token("deu.officer"));
  ASSERT_EQ(absent.status, 404);
  for (const char* user : {"deu.officer", "ita.officer", "admin", "gs.reviewer"}) {
    auto r = api().get(path, token(user));
    EXPECT_EQ(r.status, 404) << user << ": " << r.describe();
    EXPECT_EQ(normalised_404(r, open), normalised_404(absent, 987654321)) << user;
    EXPECT_EQ(r.raw.find("Haddad"), std::string::npos) << user;
  }
  EXPECT_EQ(api().get("/notices/" + std::to_string(listed), token("deu.officer")).status, 404);
  for (const char* user : {"deu.officer", "admin"}) {
    auto list = api().get("/notices?q=haddad&limit=1000", token(user));
    ASSERT_EQ(list.status, 200) << list.describe();
    EXPECT_EQ(list.raw.find("Haddad"), std::string::npos) << user << ": " << list.raw;
  }
}

TEST_F(apiDisclosure, TheReviewerWhoPublishesAVictimsNoticeIsAnsweredWithoutTheVictim) {
  auto p = publish_victim_reviewed(fresh_number("VR"), {{"scope", "all"}});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.review["status"], "published");
  EXPECT_EQ(p.review["id"], p.id);
  EXPECT_TRUE(p.review["subject"].is_null()) << p.review.dump();
  EXPECT_EQ(p.review.dump().find("Haddad"), std::string::npos) << p.review.dump();
  EXPECT_EQ(p.review.dump().find("Marseille"), std::string::npos) << p.review.dump();
  auto owner = api().get("/notices/" + std::to_string(p.id), token("fra.officer"));
  ASSERT_EQ(owner.status, 200) << owner.describe();
  EXPECT_EQ(owner.body["subject"]["names"][0]["full"], "Amira Haddad") << "the notice itself keeps its subject";
  EXPECT_EQ(owner.body["details"]["disappeared_place"], "Marseille");
}

TEST_F(apiDisclosure, AVictimsNamesReachNoCheckerOutsideTheVictimRule) {
  std::string number = fresh_number("VC");
  publish_victim(number, {{"scope", "all"}});
  json traveller = {{"number", number}, {"issuing_state", "MAR"}};
  auto owner = check_until_hit(traveller, "fra.officer");
  ASSERT_TRUE(owner.body["hit"]) << owner.describe();
  EXPECT_EQ(owner.body["matches"][0]["names"][0]["full"], "Amira Haddad");
  for (const char* user : {"deu.officer", "admin"}) {
    auto r = check_until_hit(traveller, user);
    ASSERT_TRUE(r.body["hit"]) << user << ": " << r.describe();
    EXPECT_EQ(r.raw.find("Haddad"), std::string::npos) << user << ": " << r.raw;
    EXPECT_EQ(r.body["matches"][0]["victim"], true);
  }
}

// --- ids of invisible records -----------------------------------------------

TEST_F(apiDisclosure, ADuplicateOfAnInvisibleRecordTellsOnlyThatOneExists) {
  std::string number = fresh_number("DU");
  json held = document_body(number, "FRA", {{"scope", "owner"}});
  held["owner"] = "IPSG";
  auto gs = api().post("/documents", held, token("admin"));
  ASSERT_EQ(gs.status, 201) << gs.describe();
  const std::string id = std::to_string(gs.body["id"].get<long long>());
  ASSERT_EQ(api().get("/documents/" + id, token("fra.officer")).status, 404) << "the record is invisible to FRA";

  auto single = api().post("/documents", document_body(number, "FRA"), token("fra.officer"));
  EXPECT_EQ(single.status, 409) << single.describe();
  EXPECT_EQ(single.body["detail"], "a passport " + number + " of FRA is already registered");

  json line = document_body(number, "FRA");
  auto bulk = api().send(
      {"POST", "/documents/bulk", std::nullopt, line.dump() + "\n", "application/x-ndjson", token("fra.officer"), {}});
  ASSERT_EQ(bulk.status, 422) << bulk.describe();
  ASSERT_EQ(bulk.body["errors"].size(), 1u) << bulk.describe();
  const std::string reason = bulk.body["errors"][0]["reason"];
  EXPECT_EQ(reason, "a passport " + number + " of FRA is already registered");
  EXPECT_EQ(reason.find("(document " + id + ")"), std::string::npos) << "the invisible record's id: " << reason;
}

TEST_F(apiDisclosure, AMembersAuditViewNamesNoRecordItMayNotSee) {
  std::string number = fresh_number("AU");
  long long id = register_fra(number, {{"scope", "owner"}});
  auto check = check_until_hit({{"number", number}, {"issuing_state", "FRA"}}, "deu.officer");
  ASSERT_TRUE(check.body["hit"]) << check.describe();
  const std::string hit = "hit:" + std::to_string(check.body["matches"][0]["hit_id"].get<long long>());
  bool found = false;
  for (const auto& e : all_audit(api(), token("deu.admin"), "action=hit.create")) {
    if (e["object"] != hit) continue;
    found = true;
    EXPECT_EQ(e.dump().find("document:" + std::to_string(id)), std::string::npos) << e.dump();
  }
  EXPECT_TRUE(found) << "the checker's own hit.create entry is listed";
  // The owner still reads which record the hit was on.
  auto owner_view = hit_of("fra.officer", check.body["matches"][0]["hit_id"].get<long long>());
  EXPECT_EQ(owner_view["document_id"], id);
}

}  // namespace
}  // namespace ariadne::apitest
