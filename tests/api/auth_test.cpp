// Authentication: login, bearer tokens, logout, expiry and the rate limit.
#include <ctime>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

class apiAuth : public ApiSuite {};

long long unix_now() {
  return static_cast<long long>(std::time(nullptr));
}

// 2026-11-29T10:00:00Z → seconds since the epoch (UTC); -1 when malformed.
long long parse_iso(const std::string& s) {
  std::tm tm{};
  if (s.size() < 20 || strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return -1;
  return static_cast<long long>(timegm(&tm));
}

void expect_unauthenticated(const Response& r, const std::string& what) {
  EXPECT_EQ(r.status, 401) << what << ": " << r.describe();
  EXPECT_TRUE(r.is_problem()) << what << ": " << r.content_type();
  EXPECT_EQ(r.problem_type(), "/problems/unauthenticated") << what;
  EXPECT_EQ(r.body.value("status", 0), 401) << what;
  EXPECT_EQ(r.header("WWW-Authenticate").rfind("Bearer", 0), 0u)
      << what << ": WWW-Authenticate is '" << r.header("WWW-Authenticate") << "'";
}

TEST_F(apiAuth, LoginReturnsTokenUserAndMember) {
  auto r = api().post("/auth/login", {{"username", "fra.officer"}, {"password", kPassword}});
  ASSERT_EQ(r.status, 200) << r.describe();
  ASSERT_TRUE(r.body["token"].is_string());
  EXPECT_GE(r.body["token"].get<std::string>().size(), 32u);
  EXPECT_EQ(r.body["user"]["username"], "fra.officer");
  EXPECT_EQ(r.body["user"]["member"], "FRA");
  EXPECT_EQ(r.body["user"]["role"], "officer");
  EXPECT_FALSE(r.body["user"].contains("password_hash"));
  EXPECT_EQ(r.body["member"]["code"], "FRA");
  EXPECT_EQ(r.body["member"]["kind"], "ncb");
  // Default session lifetime: 8 hours.
  long long expires = parse_iso(r.body["expires_at"].get<std::string>());
  ASSERT_GT(expires, 0) << r.body["expires_at"];
  EXPECT_NEAR(static_cast<double>(expires - unix_now()), 8 * 3600.0, 120.0);

  auto me = api().get("/me", r.body["token"].get<std::string>());
  ASSERT_EQ(me.status, 200) << me.describe();
  EXPECT_EQ(me.body["user"]["username"], "fra.officer");
  EXPECT_EQ(me.body["member"]["code"], "FRA");
}

TEST_F(apiAuth, TwoLoginsGiveDistinctTokens) {
  std::string a = api().login("deu.officer");
  std::string b = api().login("deu.officer");
  EXPECT_NE(a, b);
  EXPECT_EQ(api().get("/me", a).status, 200);
  EXPECT_EQ(api().get("/me", b).status, 200);
}

TEST_F(apiAuth, WrongPasswordAndUnknownUserAreIndistinguishable) {
  auto wrong = api().post("/auth/login", {{"username", "fra.officer"}, {"password", "not-the-password-at-all"}});
  auto unknown = api().post("/auth/login", {{"username", "nobody.here"}, {"password", "not-the-password-at-all"}});
  for (const auto* r : {&wrong, &unknown}) {
    EXPECT_EQ(r->status, 401) << r->describe();
    EXPECT_TRUE(r->is_problem()) << r->describe();
    EXPECT_EQ(r->problem_type(), "/problems/unauthenticated");
    EXPECT_FALSE(r->body.contains("token"));
  }
  EXPECT_EQ(wrong.body, unknown.body) << "the answer reveals whether the user exists";
}

TEST_F(apiAuth, MissingTokenIsUnauthorizedWithChallenge) {
  expect_unauthenticated(api().get("/me"), "GET /me without a token");
  expect_unauthenticated(api().get("/documents"), "GET /documents without a token");
  expect_unauthenticated(api().send({"GET",
                                     "/me",
                                     std::nullopt,
                                     std::nullopt,
                                     "application/json",
                                     "",
                                     {{"Authorization", "Basic YWRtaW46YWRtaW4="}}}),
                         "Basic credentials");
  expect_unauthenticated(
      api().send({"GET", "/me", std::nullopt, std::nullopt, "application/json", "", {{"Authorization", "Bearer "}}}),
      "empty bearer");
}

TEST_F(apiAuth, GarbageTokenIsUnauthorized) {
  expect_unauthenticated(api().get("/me", "garbage"), "garbage token");
  expect_unauthenticated(api().get("/me", "art_" + std::string(43, 'A')), "well-formed but unknown token");
  expect_unauthenticated(api().get("/me", std::string(5000, 'x')), "very long token");
  // A valid token with a character changed.
  std::string good = api().login("ita.officer");
  ASSERT_FALSE(good.empty());
  std::string bad = good;
  bad.back() = bad.back() == 'A' ? 'B' : 'A';
  expect_unauthenticated(api().get("/me", bad), "altered token");
  EXPECT_EQ(api().get("/me", good).status, 200);
}

TEST_F(apiAuth, LogoutRevokesTheToken) {
  std::string t = api().login("deu.officer");
  std::string other = api().login("deu.officer");
  ASSERT_EQ(api().get("/me", t).status, 200);
  auto out = api().send({"POST", "/auth/logout", std::nullopt, std::nullopt, "application/json", t, {}});
  EXPECT_EQ(out.status, 204) << out.describe();
  EXPECT_TRUE(out.raw.empty());
  expect_unauthenticated(api().get("/me", t), "revoked token");
  expect_unauthenticated(api().get("/documents", t), "revoked token on /documents");
  auto again = api().send({"POST", "/auth/logout", std::nullopt, std::nullopt, "application/json", t, {}});
  EXPECT_EQ(again.status, 401) << again.describe();
  // Only that session ends.
  EXPECT_EQ(api().get("/me", other).status, 200);
}

TEST_F(apiAuth, ExpiredTokenIsUnauthorized) {
  std::string t = api().login("fra.reviewer");
  std::string unrelated = api().login("ita.officer");
  ASSERT_EQ(api().get("/me", t).status, 200);
  sqlite(world().db(),
         "UPDATE sessions SET expires_unix = CAST(strftime('%s','now') AS INTEGER) - 60 "
         "WHERE user_id = (SELECT id FROM users WHERE username = 'fra.reviewer');",
         world().dir().path());
  expect_unauthenticated(api().get("/me", t), "expired token");
  EXPECT_EQ(api().get("/me", unrelated).status, 200);
  // A new login works again.
  EXPECT_EQ(api().get("/me", api().login("fra.reviewer")).status, 200);
}

TEST_F(apiAuth, DisabledUserCannotUseItsToken) {
  std::string t = api().login("ipsg.officer");
  ASSERT_EQ(api().get("/me", t).status, 200);
  sqlite(world().db(), "UPDATE users SET disabled = 1 WHERE username = 'ipsg.officer';", world().dir().path());
  expect_unauthenticated(api().get("/me", t), "token of a disabled user");
  auto login = api().post("/auth/login", {{"username", "ipsg.officer"}, {"password", kPassword}});
  EXPECT_EQ(login.status, 401) << login.describe();
  sqlite(world().db(), "UPDATE users SET disabled = 0 WHERE username = 'ipsg.officer';", world().dir().path());
}

TEST(apiAuthSessionHours, FlagSetsTheLifetime) {
  World w(ServerOptions{{"--session-hours", "1"}, "", ""});
  ASSERT_EQ(w.start(), "");
  auto c = w.client();
  auto r = c.post("/auth/login", {{"username", "fra.officer"}, {"password", kPassword}});
  ASSERT_EQ(r.status, 200) << r.describe();
  long long expires = parse_iso(r.body["expires_at"].get<std::string>());
  EXPECT_NEAR(static_cast<double>(expires - unix_now()), 3600.0, 120.0);
  auto stored =
      sqlite(w.db(), "SELECT MAX(expires_unix) - CAST(strftime('%s','now') AS INTEGER) FROM sessions;", w.dir().path());
  EXPECT_NEAR(std::stod(stored), 3600.0, 120.0);
}

// A login sent from another loopback address, as raw HTTP: its status and headers.
std::string login_from(int port, const std::string& source, const std::string& user, const std::string& password) {
  std::string body = json{{"username", user}, {"password", password}}.dump();
  return raw_http(port,
                  "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  "Connection: close\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body,
                  std::chrono::seconds(10), source);
}

// Its own server: the limiter's memory is per process.
TEST(apiAuthRateLimit, FailuresSlowTheirAddressOnlyAnswer429WithRetryAfterAndAreAuditedOncePerWindow) {
  World w;
  ASSERT_EQ(w.start(), "");
  auto c = w.client();
  auto attempt = [&](const std::string& user, const std::string& password) {
    return c.post("/auth/login", {{"username", user}, {"password", password}});
  };
  for (int i = 0; i < 5; ++i) {
    auto r = attempt("fra.officer", "wrong-password-" + std::to_string(i));
    ASSERT_EQ(r.status, 401) << "failure " << i << ": " << r.describe();
  }
  auto blocked = attempt("fra.officer", kPassword);
  EXPECT_EQ(blocked.status, 429) << "the right password after 5 failures from this address: " << blocked.describe();
  EXPECT_TRUE(blocked.is_problem());
  EXPECT_EQ(blocked.problem_type(), "/problems/rate_limited");
  EXPECT_FALSE(blocked.body.contains("token"));
  const std::string retry = blocked.header("Retry-After");
  ASSERT_FALSE(retry.empty()) << "a 429 says when to retry";
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_LE(std::stoi(retry), 30);

  // The same user from another address is not locked out by these failures.
  auto elsewhere = login_from(w.server().port(), "127.0.0.2", "fra.officer", kPassword);
  EXPECT_EQ(raw_status(elsewhere), 200) << elsewhere;
  // Another user from the same address is not either.
  auto deu = attempt("deu.officer", kPassword);
  ASSERT_EQ(deu.status, 200) << deu.describe();

  // A flood of refused attempts adds one audit entry, not one per attempt.
  for (int i = 0; i < 30; ++i) ASSERT_EQ(attempt("fra.officer", kPassword).status, 429) << i;
  EXPECT_EQ(c.get("/me", deu.body["token"].get<std::string>()).status, 200) << "tokens issued before still work";
  auto denied =
      sqlite(w.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = 'denied';", w.dir().path());
  EXPECT_EQ(denied, "1") << "the first refusal of the window is audited, the rest counted when it ends";

  // A clean shutdown ends the window: its count is not lost with the process.
  ASSERT_EQ(w.server().stop(), 0);
  auto counted = sqlite(w.db(),
                        "SELECT detail FROM audit_log WHERE action = 'login' AND outcome = 'denied' ORDER BY seq "
                        "DESC LIMIT 1;",
                        w.dir().path());
  EXPECT_NE(counted.find("30 more attempts refused from 127.0.0.1"), std::string::npos) << counted;
}

// Names sprayed from one address: that address, and only it, is slowed down.
TEST(apiAuthRateLimit, TwentyFailuresFromOneAddressBlockThatAddressOnly) {
  World w;
  ASSERT_EQ(w.start(), "");
  auto c = w.client();
  for (int i = 0; i < 20; ++i) {
    auto r = c.post("/auth/login", {{"username", "sprayed.name" + std::to_string(i)}, {"password", "wrong-password"}});
    ASSERT_EQ(r.status, 401) << "spray " << i << ": " << r.describe();
  }
  auto r = c.post("/auth/login", {{"username", "deu.officer"}, {"password", kPassword}});
  EXPECT_EQ(r.status, 429) << r.describe();
  EXPECT_FALSE(r.header("Retry-After").empty());
  EXPECT_EQ(raw_status(login_from(w.server().port(), "127.0.0.3", "deu.officer", kPassword)), 200);
}

}  // namespace
}  // namespace ariadne::apitest
