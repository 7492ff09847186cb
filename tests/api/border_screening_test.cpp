// Border checks screen travellers' person fields (issue #5), over a real
// server: a passenger list whose travellers name a published notice's
// subject (typed, or in the MRZ) gets the candidates; carriers learn nothing
// of screening, and a victim's notice stays with its owner.
#include <chrono>
#include <thread>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

using Clock = std::chrono::steady_clock;

// TD3 MRZs with sound check digits; nobody registered their numbers.
constexpr const char* kDupontMrz =
    "P<FRADUPONT<<JEAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nBS12345679FRA8001014M3501014<<<<<<<<<<<<<<04";
constexpr const char* kMartinMrz =
    "P<FRAMARTIN<<LUC<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nBS76543217FRA8001014M3501014<<<<<<<<<<<<<<08";

class BorderScreening : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto users = standard_users();
    users.push_back({"ipsg.reviewer", "IPSG", "reviewer"});
    world_ = std::make_unique<World>(ServerOptions{}, standard_members(), users);
    start_error_ = world_->start();
    if (!start_error_.empty()) return;
    wanted_ = publish({{"type", "red"},
                       {"subject",
                        {{"names", {{{"full", "Jean Dupont"}}}},
                         {"birth_date", "1980-01-01"},
                         {"sex", "M"},
                         {"nationalities", {"FRA"}}}},
                       {"offence", "migrant smuggling"},
                       {"legal_basis", "CESEDA L823-1"},
                       {"warrant", "MA-2026-0101"},
                       {"restriction", {{"scope", "all"}}}});
    victim_ = publish({{"type", "yellow"},
                       {"subject", {{"names", {{{"full", "Amira Haddad"}}}}, {"victim", true}}},
                       {"disappeared_on", "2026-03-01"},
                       {"disappeared_place", "Marseille"},
                       {"restriction", {{"scope", "all"}}}});
  }
  static void TearDownTestSuite() { world_.reset(); }
  void SetUp() override { ASSERT_EQ(start_error_, ""); }

  static long long publish(const json& body) {
    auto c = world_->client();
    auto p = publish_notice(c, body, world_->token("fra.officer"), world_->token("ipsg.reviewer"));
    if (!p.error.empty()) start_error_ = p.error;
    return p.id;
  }

  static json passenger_list() {
    return {{"travellers",
             {{{"number", fresh_number("BT")},
               {"issuing_state", "FRA"},
               {"type", "passport"},
               {"given_names", "Jean"},
               {"surname", "Dupont"},
               {"birth_date", "1980-01-01"},
               {"ref", "typed"}},
              {{"mrz", kDupontMrz}, {"ref", "mrz"}},
              {{"mrz", kMartinMrz}, {"name", "Luc Martin"}, {"sex", "M"}, {"ref", "other"}},
              {{"number", fresh_number("BT")}, {"issuing_state", "ITA"}, {"ref", "document only"}},
              {{"number", fresh_number("BT")}, {"name", "Amira Haddad"}, {"ref", "victim"}}}},
            {"location", "FRA-CDG"}};
  }

  // Posts the list until the traveller at `until` has a candidate (the
  // screening index follows the change log) or 5 s pass.
  static Response check_list(const std::string& user, std::size_t until = 0) {
    auto c = world_->client();
    auto deadline = Clock::now() + std::chrono::seconds(5);
    for (;;) {
      auto r = c.post("/documents/check/batch", passenger_list(), world_->token(user));
      if (r.status != 200 || Clock::now() > deadline) return r;
      const auto& result = r.body["results"][until];
      if (result.contains("screening") && !result["screening"]["candidates"].empty()) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  static bool names(const json& result, long long notice) {
    for (const auto& c : result["screening"]["candidates"]) {
      if (c["source"]["id"] == notice) return true;
    }
    return false;
  }

  static std::unique_ptr<World> world_;
  static std::string start_error_;
  static long long wanted_, victim_;
};

std::unique_ptr<World> BorderScreening::world_;
std::string BorderScreening::start_error_;
long long BorderScreening::wanted_ = 0, BorderScreening::victim_ = 0;

TEST_F(BorderScreening, APassengerListIsScreenedByTypedAndMrzNames) {
  auto r = check_list("deu.officer");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.content_type().rfind("application/json", 0), 0U) << r.content_type();
  const auto& results = r.body["results"];
  ASSERT_EQ(results.size(), 5U) << r.describe();

  // The typed name and the MRZ's both find the wanted person's notice.
  for (std::size_t i : {0U, 1U}) {
    ASSERT_TRUE(results[i].contains("screening")) << results[i].dump();
    ASSERT_TRUE(names(results[i], wanted_)) << results[i].dump();
    const auto& c = results[i]["screening"]["candidates"][0];
    EXPECT_EQ(c["source"]["id"], wanted_);
    EXPECT_EQ(c["source"]["kind"], "notice");
    EXPECT_EQ(c["source"]["type"], "red");
    EXPECT_EQ(c["names"][0], "Jean Dupont");
    EXPECT_TRUE(c["match"].get<bool>()) << c.dump();
    EXPECT_EQ(c["person_id"], "notice-" + std::to_string(wanted_) + "/subject");
    EXPECT_FALSE(c["reasons"].empty());
    EXPECT_FALSE(results[i]["hit"].get<bool>()) << "screening is not a document hit";
  }
  // The MRZ's birth date counts as a typed one would.
  bool birth_date_reason = false;
  for (const auto& reason : results[1]["screening"]["candidates"][0]["reasons"]) {
    birth_date_reason = birth_date_reason || (reason["field"] == "birth_date" && reason["how"] == "agrees");
  }
  EXPECT_TRUE(birth_date_reason) << results[1].dump();

  // Someone else: screened, nobody found.
  ASSERT_TRUE(results[2].contains("screening")) << results[2].dump();
  EXPECT_TRUE(results[2]["screening"]["candidates"].empty()) << results[2].dump();
  EXPECT_TRUE(results[2]["mrz"]["valid"].get<bool>()) << results[2].dump();
  // No person fields: a document check only.
  EXPECT_FALSE(results[3].contains("screening")) << results[3].dump();
  EXPECT_EQ(results[3]["ref"], "document only");
}

TEST_F(BorderScreening, AVictimsNoticeStaysWithItsOwner) {
  auto fra = check_list("fra.officer", 4);
  ASSERT_EQ(fra.status, 200) << fra.describe();
  EXPECT_TRUE(names(fra.body["results"][4], victim_))
      << "the owner finds its own victim's notice " << fra.body["results"][4].dump();
  auto deu = check_list("deu.officer");
  ASSERT_EQ(deu.status, 200) << deu.describe();
  ASSERT_TRUE(deu.body["results"][4].contains("screening")) << deu.body["results"][4].dump();
  EXPECT_FALSE(names(deu.body["results"][4], victim_)) << deu.body["results"][4].dump();
}

TEST_F(BorderScreening, ACarrierLearnsNothingOfScreening) {
  check_list("deu.officer");  // the index has caught up
  auto r = world_->client().post("/documents/check/batch", passenger_list(), world_->token("partner.user"));
  ASSERT_EQ(r.status, 200) << r.describe();
  for (const auto& result : r.body["results"]) {
    EXPECT_TRUE(result.contains("go")) << result.dump();
    EXPECT_FALSE(result.contains("screening")) << result.dump();
    EXPECT_FALSE(result.contains("matches")) << result.dump();
  }
  auto single = world_->client().post("/documents/check", {{"mrz", kDupontMrz}}, world_->token("partner.user"));
  ASSERT_EQ(single.status, 200) << single.describe();
  EXPECT_EQ(single.body, json({{"go", true}, {"mrz", single.body["mrz"]}})) << single.describe();
}

TEST_F(BorderScreening, ASingleCheckIsScreenedToo) {
  check_list("deu.officer");
  auto c = world_->client();
  auto r = c.post("/documents/check", {{"number", fresh_number("BT")}, {"name", "DUPONT Jean"}},
                  world_->token("ita.officer"));
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_TRUE(names(r.body, wanted_)) << r.describe();
  auto plain = c.post("/documents/check", {{"number", fresh_number("BT")}}, world_->token("ita.officer"));
  ASSERT_EQ(plain.status, 200) << plain.describe();
  EXPECT_FALSE(plain.body.contains("screening")) << plain.describe();
}

TEST_F(BorderScreening, APassengerListMustBeJson) {
  auto r = world_->client().send(
      {"POST", "/documents/check/batch", std::nullopt, "travellers", "text/plain", world_->token("deu.officer"), {}});
  EXPECT_EQ(r.status, 415) << r.describe();
  auto bad = world_->client().send({"POST",
                                    "/documents/check/batch",
                                    std::nullopt,
                                    R"({"travellers":[)",
                                    "application/json",
                                    world_->token("deu.officer"),
                                    {}});
  EXPECT_EQ(bad.status, 400) << bad.describe();
  EXPECT_TRUE(bad.is_problem()) << bad.describe();
}

}  // namespace
}  // namespace ariadne::apitest
