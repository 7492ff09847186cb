// Documents of published notices in border checks, review reminders and
// renewals, over a real server.
#include <chrono>
#include <thread>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

using Clock = std::chrono::steady_clock;

std::string iso_day(std::chrono::sys_days day) {
  std::chrono::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string days_from_today(int days) {
  return iso_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(days));
}

class apiNoticeChecks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto users = standard_users();
    users.push_back({"gs.reviewer", "IPSG", "reviewer"});
    // Reminders every second, so the server's own job is seen at work.
    world_ = std::make_unique<World>(ServerOptions{{"--remind-interval-s", "1"}, "", ""}, standard_members(), users);
    start_error_ = world_->start();
    if (start_error_.empty()) client_ = std::make_unique<ApiClient>(world_->client());
  }
  static void TearDownTestSuite() {
    client_.reset();
    if (world_ && world_->server().running()) {
      EXPECT_EQ(world_->server().stop(), 0) << world_->server().stderr_text();
      auto verify = run_ariadne({"audit", "verify", "--db", world_->db().string()}, world_->dir().path());
      EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    }
    world_.reset();
  }
  void SetUp() override { ASSERT_TRUE(start_error_.empty()) << start_error_; }

  static ApiClient& api() { return *client_; }
  static const std::string& token(const std::string& user) { return world_->token(user); }

  static json red(const std::string& number, const json& restriction = {{"scope", "all"}}) {
    return {{"type", "red"},
            {"subject",
             {{"names", json::array({json{{"full", "Mohammed Abdullah Al-Hassan"}}})},
              {"birth_date", "1985-04-12"},
              {"documents", json::array({json{{"number", number}, {"issuing_state", "SYR"}, {"type", "passport"}}})}}},
            {"offence", "trafficking in human beings"},
            {"legal_basis", "Code pénal art. 225-4-1"},
            {"warrant", "MA-2026-0042"},
            {"restriction", restriction}};
  }
  // Drafts, submits and has the General Secretariat approve; returns the notice id.
  static long long publish(const json& body) {
    auto p = publish_notice(api(), body, token("fra.officer"), token("gs.reviewer"));
    EXPECT_EQ(p.error, "");
    return p.id;
  }
  // Checks until the answer's `hit` is `want` (the index follows the change log
  // every 150 ms) or the deadline passes; returns the last answer.
  static Response check_until(const json& body, const std::string& user, bool want,
                              std::chrono::milliseconds deadline = std::chrono::milliseconds(1000)) {
    auto until = Clock::now() + deadline;
    for (;;) {
      auto r = api().post("/documents/check", body, token(user));
      if (r.status != 200 || r.body.value("hit", !want) == want || Clock::now() > until) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  static std::vector<json> notifications(const std::string& user, const std::string& kind) {
    std::vector<json> out;
    auto r = api().get("/notifications?limit=1000", token(user));
    EXPECT_EQ(r.status, 200) << r.describe();
    for (const auto& n : r.body["notifications"]) {
      if (n["kind"] == kind) out.push_back(n);
    }
    return out;
  }

  static std::unique_ptr<World> world_;
  static std::unique_ptr<ApiClient> client_;
  static std::string start_error_;
};

std::unique_ptr<World> apiNoticeChecks::world_;
std::unique_ptr<ApiClient> apiNoticeChecks::client_;
std::string apiNoticeChecks::start_error_;

TEST_F(apiNoticeChecks, APublishedNoticesDocumentIsAHitUntilTheNoticeIsCancelled) {
  std::string number = fresh_number("NS");
  json traveller = {{"number", number}, {"issuing_state", "SYR"}, {"type", "P"}, {"location", "DEU-MUC"}};
  EXPECT_FALSE(api().post("/documents/check", traveller, token("deu.officer")).body["hit"]);
  long long id = publish(red(number));

  auto r = check_until(traveller, "deu.officer", true);
  ASSERT_EQ(r.status, 200) << r.describe();
  ASSERT_TRUE(r.body["hit"]) << r.describe();
  ASSERT_EQ(r.body["matches"].size(), 1u);
  const json& m = r.body["matches"][0];
  EXPECT_EQ(m["match"], "notice_document");
  EXPECT_EQ(m["notice_id"], id);
  EXPECT_EQ(m["notice_type"], "red");
  EXPECT_EQ(m["owner"], "FRA");
  EXPECT_EQ(m["restricted"], false);
  EXPECT_EQ(m["names"][0]["full"], "Mohammed Abdullah Al-Hassan");

  // Stored as a hit on the notice; the owner is told and decides it.
  auto hits = api().get("/hits?status=pending", token("fra.officer"));
  ASSERT_EQ(hits.status, 200) << hits.describe();
  json stored;
  for (const auto& h : hits.body["hits"]) {
    if (h["id"] == m["hit_id"]) stored = h;
  }
  ASSERT_TRUE(stored.is_object()) << hits.describe();
  EXPECT_EQ(stored["notice_id"], id);
  EXPECT_TRUE(stored["document_id"].is_null());
  EXPECT_EQ(stored["match"], "notice_document");
  EXPECT_EQ(stored["location"], "DEU-MUC");
  bool told = false;
  for (const auto& n : notifications("fra.officer", "hit")) {
    told = told || n["object"] == "hit:" + std::to_string(m["hit_id"].get<long long>());
  }
  EXPECT_TRUE(told);
  auto decided = api().post("/hits/" + std::to_string(m["hit_id"].get<long long>()) + "/confirm",
                            {{"outcome", "confirmed"}}, token("fra.officer"));
  EXPECT_EQ(decided.status, 200) << decided.describe();

  // A passenger list finds it too.
  auto batch = api().post("/documents/check/batch", {{"travellers", json::array({traveller, {{"number", "ZZ1"}}})}},
                          token("deu.officer"));
  ASSERT_EQ(batch.status, 200) << batch.describe();
  EXPECT_EQ(batch.body["results"][0]["matches"][0]["match"], "notice_document");
  EXPECT_FALSE(batch.body["results"][1]["hit"]);

  // Cancelled: no longer a hit within a second.
  auto cancelled =
      api().post("/notices/" + std::to_string(id) + "/cancel", {{"reason", "arrested"}}, token("fra.officer"));
  ASSERT_EQ(cancelled.status, 200) << cancelled.describe();
  auto after = check_until(traveller, "deu.officer", false);
  EXPECT_FALSE(after.body["hit"]) << "still matching a second after the cancellation: " << after.describe();
}

TEST_F(apiNoticeChecks, ARestrictedNoticeGivesARestrictedHitAndACarrierOnlyGoOrNoGo) {
  std::string number = fresh_number("NR");
  long long id = publish(red(number, {{"scope", "members"}, {"members", {"ITA"}}}));
  json traveller = {{"number", number}, {"issuing_state", "SYR"}};
  auto r = check_until(traveller, "deu.officer", true);
  ASSERT_TRUE(r.body["hit"]) << r.describe();
  const json& m = r.body["matches"][0];
  EXPECT_EQ(m["restricted"], true);
  EXPECT_EQ(m["match"], "notice_document");
  EXPECT_FALSE(m.contains("notice_id"));
  EXPECT_FALSE(m.contains("names"));
  EXPECT_EQ(check_until(traveller, "ita.officer", true).body["matches"][0]["notice_id"], id);

  auto carrier = api().post("/documents/check", traveller, token("partner.user"));
  ASSERT_EQ(carrier.status, 200) << carrier.describe();
  EXPECT_EQ(carrier.body, json({{"go", false}}));
}

TEST_F(apiNoticeChecks, RenewMovesTheReviewDateTenYearsAheadForTheOwnerOnly) {
  json body = document_body(fresh_number("RN"), "FRA");
  body["review_on"] = days_from_today(5);
  auto created = api().post("/documents", body, token("fra.officer"));
  ASSERT_EQ(created.status, 201) << created.describe();
  std::string path = "/documents/" + std::to_string(created.body["id"].get<long long>());
  EXPECT_EQ(api().post(path + "/renew", json::object(), token("deu.officer")).status, 403);
  EXPECT_EQ(api().post("/documents/999999999/renew", json::object(), token("fra.officer")).status, 404);
  auto renewed = api().post(path + "/renew", json::object(), token("fra.officer"));
  ASSERT_EQ(renewed.status, 200) << renewed.describe();
  std::string ten_years = days_from_today(0);
  ten_years.replace(0, 4, std::to_string(std::stoi(ten_years.substr(0, 4)) + 10));
  if (ten_years.substr(5) == "02-29") ten_years.replace(8, 2, "28");
  EXPECT_EQ(renewed.body["review_on"], ten_years);
  EXPECT_EQ(api().get(path, token("fra.officer")).body["review_on"], ten_years);
}

TEST_F(apiNoticeChecks, TheServerRemindsOwnersOfRecordsDueForReviewOnce) {
  json body = document_body(fresh_number("RV"), "FRA");
  body["review_on"] = days_from_today(10);
  auto created = api().post("/documents", body, token("fra.officer"));
  ASSERT_EQ(created.status, 201) << created.describe();
  std::string object = "document:" + std::to_string(created.body["id"].get<long long>());
  auto count = [&] {
    int n = 0;
    for (const auto& x : notifications("fra.officer", "document.review")) n += x["object"] == object ? 1 : 0;
    return n;
  };
  auto until = Clock::now() + std::chrono::seconds(5);
  while (count() == 0 && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(count(), 1) << "the job runs every second here";
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));  // two more runs
  EXPECT_EQ(count(), 1) << "once per record and review date";
  EXPECT_TRUE(notifications("deu.officer", "document.review").empty()) << "only the owner is told";
  EXPECT_EQ(api().get("/notifications?unread=maybe", token("fra.officer")).status, 400);
}

}  // namespace
}  // namespace ariadne::apitest
