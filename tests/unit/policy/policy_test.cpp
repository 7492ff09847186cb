#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "app/jobs.hpp"
#include "app/schema.hpp"
#include "policy/accounts.hpp"
#include "policy/restriction.hpp"
#include "store/audit.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::policy {
namespace {

using nlohmann::json;

Caller caller(const std::string& member, MemberKind kind = MemberKind::ncb, Role role = Role::officer) {
  return Caller{UserId{1}, "u-" + member, member, kind, role};
}

class PolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::open_database(dir_.file("p.db")).value();
    ASSERT_TRUE(store::migrate(*db_, app::all_migrations()).ok());
    auto sys = system_caller();
    ASSERT_TRUE(add_member(*db_, sys, "IPSG", "General Secretariat", MemberKind::secretariat).ok());
    for (const char* code : {"FRA", "DEU", "ITA"}) ASSERT_TRUE(add_member(*db_, sys, code, code, MemberKind::ncb).ok());
    ASSERT_TRUE(add_member(*db_, sys, "AIRX", "Carrier", MemberKind::partner).ok());
  }
  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

// The gate's two forms — can_read for one record, visible_sql for lists —
// must agree for every caller and every restriction.
TEST_F(PolicyTest, ListFilterAgreesWithSingleRecordRule) {
  ASSERT_TRUE(
      db_->execute_script("CREATE TABLE r (id INTEGER PRIMARY KEY, owner TEXT, scope TEXT, scope_members TEXT)").ok());
  std::vector<RecordMeta> records;
  std::vector<Restriction> restrictions = {{Scope::all, {}},           {Scope::owner, {}},
                                           {Scope::members, {"DEU"}},  {Scope::members, {"DEU", "ITA"}},
                                           {Scope::members, {"AIRX"}}, {Scope::members, {"IPSG"}}};
  for (const char* owner : {"FRA", "DEU", "IPSG"}) {
    for (const auto& r : restrictions) {
      records.push_back({owner, r});
      ASSERT_TRUE(db_->execute("INSERT INTO r (id, owner, scope, scope_members) VALUES (?, ?, ?, ?)",
                               {static_cast<std::int64_t>(records.size()), std::string(owner),
                                std::string(to_string(r.scope)), r.stored_members()})
                      .ok());
    }
  }
  std::vector<Caller> callers = {caller("FRA"), caller("DEU"), caller("ITA"),
                                 caller("IPSG", MemberKind::secretariat, Role::admin),
                                 caller("AIRX", MemberKind::partner, Role::partner)};
  for (const auto& c : callers) {
    auto filter = visible_sql(c);
    auto rows = db_->query("SELECT id FROM r WHERE " + filter.sql + " ORDER BY id", filter.params);
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    std::vector<std::int64_t> listed;
    for (const auto& row : *rows) listed.push_back(row.integer(0));
    std::vector<std::int64_t> readable;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (can_read(c, records[i])) readable.push_back(static_cast<std::int64_t>(i + 1));
    }
    EXPECT_EQ(listed, readable) << c.member;
  }
}

TEST_F(PolicyTest, VisibilityRules) {
  RecordMeta all{"FRA", {Scope::all, {}}};
  RecordMeta members{"FRA", {Scope::members, {"DEU"}}};
  RecordMeta owner{"FRA", {Scope::owner, {}}};
  auto fra = caller("FRA"), deu = caller("DEU"), ita = caller("ITA");
  auto gs = caller("IPSG", MemberKind::secretariat, Role::admin);
  auto partner = caller("AIRX", MemberKind::partner, Role::partner);
  EXPECT_TRUE(can_read(fra, all) && can_read(fra, members) && can_read(fra, owner));
  EXPECT_TRUE(can_read(deu, all) && can_read(deu, members) && !can_read(deu, owner));
  EXPECT_TRUE(can_read(ita, all) && !can_read(ita, members) && !can_read(ita, owner));
  EXPECT_TRUE(can_read(gs, all) && can_read(gs, members) && can_read(gs, owner));
  EXPECT_FALSE(can_read(partner, all));
  EXPECT_TRUE(check_modify(fra, owner, "record 1").ok());
  EXPECT_EQ(check_modify(deu, members, "record 1").error().code, ErrorCode::forbidden);
  EXPECT_EQ(check_modify(ita, members, "record 1").error().code, ErrorCode::not_found);
  EXPECT_EQ(check_modify(ita, members, "record 1").error().message, Error::not_found("record 1").message);
  EXPECT_EQ(check_modify(gs, owner, "record 1").error().code, ErrorCode::forbidden);
  auto reviewer = caller("FRA", MemberKind::ncb, Role::reviewer);
  EXPECT_EQ(check_modify(reviewer, owner, "record 1").error().code, ErrorCode::forbidden);
}

TEST_F(PolicyTest, ParsesRestrictions) {
  auto r = parse_restriction(json{{"scope", "members"}, {"members", {"ITA", "DEU", "DEU"}}}, *db_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->members, (std::vector<std::string>{"DEU", "ITA"}));
  EXPECT_EQ(r->stored_members(), ",DEU,ITA,");
  EXPECT_EQ(Restriction::from_stored("members", ",DEU,ITA,"), *r);
  auto bad = parse_restriction(json{{"scope", "members"}, {"members", {"XXX"}}}, *db_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "restriction.members[0]");
  EXPECT_FALSE(parse_restriction(json{{"scope", "members"}}, *db_).ok());
  EXPECT_FALSE(parse_restriction(json{{"scope", "everyone"}}, *db_).ok());
  EXPECT_FALSE(parse_restriction(json{{"scope", "all"}, {"members", {"DEU"}}}, *db_).ok());
  EXPECT_FALSE(parse_restriction(json{{"scope", "all"}, {"colour", "red"}}, *db_).ok());
  EXPECT_FALSE(parse_restriction(json("all"), *db_).ok());
}

TEST_F(PolicyTest, MemberCodesAreValidated) {
  auto sys = system_caller();
  EXPECT_EQ(add_member(*db_, sys, "XYZ", "Nowhere", MemberKind::ncb).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(add_member(*db_, sys, "fra", "lower", MemberKind::ncb).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(add_member(*db_, sys, "ESP", "", MemberKind::ncb).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(add_member(*db_, sys, "GBR", "UK", MemberKind::partner).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(add_member(*db_, sys, "FRA", "again", MemberKind::ncb).error().code, ErrorCode::conflict);
  EXPECT_EQ(add_member(*db_, caller("FRA", MemberKind::ncb, Role::admin), "ESP", "Spain", MemberKind::ncb).error().code,
            ErrorCode::forbidden);
  EXPECT_TRUE(add_member(*db_, sys, "ESP", "Spain", MemberKind::ncb).ok());
  EXPECT_EQ(list_members(*db_)->size(), 6U);
}

TEST_F(PolicyTest, UsersAndLogin) {
  auto sys = system_caller();
  ASSERT_TRUE(add_user(*db_, sys, "FRA", Role::officer, "alice", "correct horse battery").ok());
  EXPECT_EQ(add_user(*db_, sys, "FRA", Role::officer, "alice", "correct horse battery").error().code,
            ErrorCode::conflict);
  EXPECT_EQ(add_user(*db_, sys, "FRA", Role::officer, "Bob!", "correct horse battery").error().code,
            ErrorCode::invalid_input);
  EXPECT_EQ(add_user(*db_, sys, "FRA", Role::officer, "bob", "short").error().code, ErrorCode::invalid_input);
  EXPECT_EQ(add_user(*db_, sys, "XXX", Role::officer, "bob", "correct horse battery").error().code,
            ErrorCode::invalid_input);
  EXPECT_EQ(add_user(*db_, sys, "FRA", Role::partner, "bob", "correct horse battery").error().code,
            ErrorCode::invalid_input);
  EXPECT_EQ(
      add_user(*db_, caller("DEU", MemberKind::ncb, Role::admin), "FRA", Role::officer, "bob", "correct horse battery")
          .error()
          .code,
      ErrorCode::forbidden);
  auto stored = db_->query("SELECT password_hash FROM users WHERE username = 'alice'", {});
  EXPECT_EQ(stored->front().text(0).rfind("$argon2id$", 0), 0U);

  LoginLimiter limiter;
  auto ok = login(*db_, limiter, "alice", "correct horse battery", "127.0.0.1", {});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->user.member, "FRA");
  auto tokens = db_->query("SELECT token_hash FROM sessions", {});
  ASSERT_EQ(tokens->size(), 1U);
  EXPECT_EQ(tokens->front().text(0), sha256_hex(ok->token));  // only the hash is stored
  EXPECT_EQ(ok->token.find(tokens->front().text(0)), std::string::npos);

  auto who = authenticate(*db_, ok->token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->username, "alice");
  EXPECT_EQ(who->role, Role::officer);
  EXPECT_EQ(authenticate(*db_, ok->token + "x").error().code, ErrorCode::unauthenticated);

  ASSERT_TRUE(logout(*db_, *who, ok->token).ok());
  EXPECT_EQ(authenticate(*db_, ok->token).error().code, ErrorCode::unauthenticated);
  EXPECT_EQ(logout(*db_, *who, ok->token).error().code, ErrorCode::unauthenticated);

  auto again = login(*db_, limiter, "alice", "correct horse battery", "127.0.0.1", {});
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(db_->execute("UPDATE sessions SET expires_unix = 1", {}).ok());
  EXPECT_EQ(authenticate(*db_, again->token).error().code, ErrorCode::unauthenticated);

  auto wrong = login(*db_, limiter, "alice", "wrong horse battery", "127.0.0.1", {});
  EXPECT_EQ(wrong.error().code, ErrorCode::unauthenticated);
  auto unknown = login(*db_, limiter, "nobody", "wrong horse battery", "127.0.0.1", {});
  EXPECT_EQ(unknown.error().message, wrong.error().message);  // no hint which one was wrong

  auto entries = store::audit_list(*db_, {std::nullopt, std::nullopt, std::string("login"), std::nullopt, 0, 100});
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 4U);
  EXPECT_EQ((*entries)[2].record.outcome, "failed");
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

// A clock the tests move by hand: no test waits for real time to pass.
struct FakeClock {
  LoginLimiter::Clock::time_point now{std::chrono::hours(1000)};
  std::function<LoginLimiter::Clock::time_point()> fn() {
    return [this] { return now; };
  }
  void advance(std::chrono::seconds s) { now += s; }
};

TEST(LoginLimiterTest, TheWaitIsPerUserAndAddressAndDoublesWithEachFailure) {
  FakeClock clock;
  LoginLimiter limiter({}, clock.fn());  // 5 free failures, then 30 s doubling up to 15 minutes
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 0) << "failure " << i;
    limiter.record_failure("alice", "10.0.0.1");
  }
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 30);
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.2"), 0) << "failures elsewhere do not lock the user out here";
  EXPECT_EQ(limiter.blocked_for("bob", "10.0.0.1"), 0);
  clock.advance(std::chrono::seconds(10));
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 20);
  clock.advance(std::chrono::seconds(20));
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 0);
  limiter.record_failure("alice", "10.0.0.1");
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 60);
  for (int i = 0; i < 10; ++i) {
    clock.advance(std::chrono::seconds(900));
    limiter.record_failure("alice", "10.0.0.1");
  }
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 900) << "the wait stops growing at 15 minutes";
  limiter.record_success("alice", "10.0.0.1");
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 0);
}

TEST(LoginLimiterTest, APairStartsAfreshAfterAnHourWithoutFailures) {
  FakeClock clock;
  LoginLimiter limiter({}, clock.fn());
  for (int i = 0; i < 7; ++i) limiter.record_failure("alice", "10.0.0.1");
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 120);
  clock.advance(std::chrono::hours(1));
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 0);
  limiter.record_failure("alice", "10.0.0.1");
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 0) << "one failure of a fresh start is free";
}

TEST(LoginLimiterTest, CeilingsPerUserAcrossAddressesAndPerAddressAcrossUsers) {
  FakeClock clock;
  LoginLimiter::Limits limits;
  limits.per_user = 6;
  limits.per_address = 8;
  LoginLimiter limiter(limits, clock.fn());
  for (int i = 0; i < 6; ++i) limiter.record_failure("alice", "10.0.1." + std::to_string(i));
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.2.1"), 900) << "guessing spread over addresses meets the ceiling";
  clock.advance(std::chrono::seconds(900));
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.2.1"), 0) << "failures leave the window";
  for (int i = 0; i < 8; ++i) limiter.record_failure("user" + std::to_string(i), "10.0.3.1");
  EXPECT_EQ(limiter.blocked_for("carol", "10.0.3.1"), 900) << "a spray of names from one address";
  EXPECT_EQ(limiter.blocked_for("carol", "10.0.3.2"), 0);
}

TEST(LoginLimiterTest, RefusalsAreCountedPerAddressAndWindow) {
  FakeClock clock;
  LoginLimiter limiter({}, clock.fn());
  EXPECT_TRUE(limiter.record_denial("alice", "10.0.0.1"));
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(limiter.record_denial(i % 2 ? "alice" : "bob", "10.0.0.1"));
  EXPECT_TRUE(limiter.record_denial("alice", "10.0.0.2")) << "another address opens its own window";
  EXPECT_TRUE(limiter.take_ended_denials().empty()) << "the windows are still open";
  clock.advance(std::chrono::seconds(900));
  auto ended = limiter.take_ended_denials();
  ASSERT_EQ(ended.size(), 1U) << "a window with its first refusal only has nothing more to report";
  EXPECT_EQ(ended[0].by, LoginLimiter::Denials::By::network) << "it counts refusals of several user names";
  EXPECT_EQ(ended[0].name, "10.0.0.1");
  EXPECT_EQ(ended[0].more, 50);
  EXPECT_TRUE(limiter.take_ended_denials().empty()) << "reported once";
  EXPECT_TRUE(limiter.record_denial("alice", "10.0.0.1")) << "a new window";
}

TEST(LoginLimiterTest, ClientsAreCountedByNetworkAnIPv6Slash64AsOne) {
  FakeClock clock;
  LoginLimiter::Limits limits;
  limits.per_address = 8;
  LoginLimiter limiter(limits, clock.fn());
  for (int i = 0; i < 8; ++i) {
    limiter.record_failure("user" + std::to_string(i), "2001:db8:1:2::" + std::to_string(i + 1));
  }
  EXPECT_EQ(limiter.blocked_for("carol", "2001:db8:1:2:ffff::9"), 900) << "a spray of names from one /64";
  EXPECT_EQ(limiter.blocked_for("carol", "2001:db8:1:3::1"), 0) << "another /64";
  for (int i = 0; i < 5; ++i) limiter.record_failure("alice", "10.0.0.1");
  EXPECT_EQ(limiter.blocked_for("alice", "::ffff:10.0.0.1"), 30) << "an IPv4-mapped address is the IPv4 address";
}

TEST(LoginLimiterTest, RefusalsAtAUserCeilingAreCountedPerUserNameFromAnyNetwork) {
  FakeClock clock;
  LoginLimiter::Limits limits;
  limits.per_user = 6;
  LoginLimiter limiter(limits, clock.fn());
  for (int i = 0; i < 6; ++i) limiter.record_failure("alice", "10.0.1." + std::to_string(i));
  int audited = 0;
  for (int i = 0; i < 500; ++i) {
    const std::string address = "10.1." + std::to_string(i / 200) + "." + std::to_string(i % 200);
    ASSERT_GT(limiter.blocked_for("alice", address), 0);
    audited += limiter.record_denial("alice", address) ? 1 : 0;
  }
  EXPECT_EQ(audited, 1) << "500 networks, one window";
  clock.advance(std::chrono::seconds(900));
  auto ended = limiter.take_ended_denials();
  ASSERT_EQ(ended.size(), 1U);
  EXPECT_EQ(ended[0].by, LoginLimiter::Denials::By::user);
  EXPECT_EQ(ended[0].name, "alice");
  EXPECT_EQ(ended[0].more, 499);
}

TEST(LoginLimiterTest, OpenDenialWindowsAreBoundedAndTheRestShareOneOverflowWindow) {
  FakeClock clock;
  LoginLimiter::Limits limits;
  limits.max_denial_windows = 3;
  LoginLimiter limiter(limits, clock.fn());
  int audited = 0;
  for (int i = 0; i < 10; ++i) {
    for (int j = 0; j < 2; ++j) audited += limiter.record_denial("bob", "10.0.0." + std::to_string(i)) ? 1 : 0;
  }
  EXPECT_EQ(audited, 4) << "three windows and the overflow window";
  clock.advance(std::chrono::seconds(900));
  auto ended = limiter.take_ended_denials();
  ASSERT_EQ(ended.size(), 4U);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ended[i].name, "10.0.0." + std::to_string(i));
    EXPECT_EQ(ended[i].more, 1);
  }
  EXPECT_EQ(ended[3].by, LoginLimiter::Denials::By::overflow);
  EXPECT_EQ(ended[3].more, 13);
  EXPECT_TRUE(limiter.record_denial("bob", "10.0.0.9")) << "ended windows make room";
}

TEST(LoginLimiterTest, MemoryIsBoundedForgettingTheOldestFailuresFirst) {
  FakeClock clock;
  LoginLimiter::Limits limits;
  limits.max_tracked = 10;
  LoginLimiter limiter(limits, clock.fn());
  for (int i = 0; i < 5; ++i) limiter.record_failure("alice", "10.0.0.1");
  clock.advance(std::chrono::seconds(1));
  for (int i = 0; i < 10; ++i) limiter.record_failure("user" + std::to_string(i), "10.0.9." + std::to_string(i));
  for (int i = 0; i < 5; ++i) limiter.record_failure("bob", "10.0.0.2");
  EXPECT_EQ(limiter.tracked(), 10U);
  EXPECT_EQ(limiter.blocked_for("alice", "10.0.0.1"), 0) << "the oldest failures were forgotten";
  EXPECT_EQ(limiter.blocked_for("bob", "10.0.0.2"), 30) << "the newest are kept";
  clock.advance(std::chrono::hours(1));
  EXPECT_TRUE(limiter.take_ended_denials().empty());
  EXPECT_EQ(limiter.tracked(), 0U) << "expired failures are forgotten without a further login";
}

TEST(LoginLimiterTest, WindowsPutBackAreTakenAgain) {
  FakeClock clock;
  LoginLimiter limiter({}, clock.fn());
  for (int i = 0; i < 3; ++i) limiter.record_denial("alice", "10.0.0.1");
  limiter.end_denial_windows();
  auto ended = limiter.take_ended_denials();
  ASSERT_EQ(ended.size(), 1U) << "ended before its time, as at shutdown";
  limiter.put_back(ended);
  ended = limiter.take_ended_denials();
  ASSERT_EQ(ended.size(), 1U);
  EXPECT_EQ(ended[0].more, 2);
}

// The details of the login entries denied, oldest first.
std::vector<std::string> denied_details(store::Database& db) {
  std::vector<std::string> details;
  auto entries = store::audit_list(db, {std::nullopt, std::nullopt, std::string("login"), std::nullopt, 0, 100000});
  for (const auto& e : entries.value()) {
    if (e.record.outcome == "denied") details.push_back(e.record.detail);
  }
  return details;
}

TEST_F(PolicyTest, RefusalsOfAUserAtItsCeilingFromManyNetworksMakeOneEntryAWindow) {
  FakeClock clock;
  LoginLimiter::Limits limits;
  limits.per_user = 6;
  LoginLimiter limiter(limits, clock.fn());
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(login(*db_, limiter, "alice", "nope nope nope", "10.0.1." + std::to_string(i), {}).error().code,
              ErrorCode::unauthenticated);
  }
  for (int i = 0; i < 200; ++i) {
    auto blocked = login(*db_, limiter, "alice", "nope nope nope", "10.2.0." + std::to_string(i), {});
    ASSERT_EQ(blocked.error().code, ErrorCode::rate_limited);
  }
  EXPECT_EQ(denied_details(*db_).size(), 1U);
  clock.advance(std::chrono::seconds(900));
  ASSERT_TRUE(audit_ended_denials(*db_, limiter).ok());
  auto details = denied_details(*db_);
  ASSERT_EQ(details.size(), 2U);
  EXPECT_NE(details[1].find("199 more attempts refused for this user name"), std::string::npos) << details[1];
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(PolicyTest, DenialsThatCannotBeWrittenAreKeptForTheNextRun) {
  FakeClock clock;
  LoginLimiter limiter({}, clock.fn());
  for (const char* address : {"10.0.0.1", "10.0.0.2"}) {
    for (int i = 0; i < 3; ++i) limiter.record_denial("alice", address);
  }
  clock.advance(std::chrono::seconds(900));
  ASSERT_TRUE(db_->execute("PRAGMA query_only = ON").ok());
  EXPECT_FALSE(audit_ended_denials(*db_, limiter).ok());
  ASSERT_TRUE(db_->execute("PRAGMA query_only = OFF").ok());
  EXPECT_TRUE(denied_details(*db_).empty());
  ASSERT_TRUE(audit_ended_denials(*db_, limiter).ok());
  auto details = denied_details(*db_);
  ASSERT_EQ(details.size(), 2U);
  EXPECT_NE(details[0].find("2 more attempts refused from 10.0.0.1"), std::string::npos) << details[0];
  EXPECT_NE(details[1].find("2 more attempts refused from 10.0.0.2"), std::string::npos) << details[1];
}

TEST_F(PolicyTest, TheDenialJobWritesEvenOpenWindowsWhenItStops) {
  LoginLimiter limiter;
  for (int i = 0; i < 4; ++i) limiter.record_denial("alice", "2001:db8::7");
  std::vector<std::string> log;
  {
    app::DenialAudit job(*db_, limiter, std::chrono::hours(1), [&](const std::string& m) { log.push_back(m); });
  }
  auto details = denied_details(*db_);
  ASSERT_EQ(details.size(), 1U);
  EXPECT_NE(details[0].find("3 more attempts refused from 2001:db8::/64"), std::string::npos) << details[0];
  EXPECT_TRUE(log.empty());
}

TEST_F(PolicyTest, ARateLimitedLoginSaysWhenToRetryAndIsAuditedOncePerWindow) {
  ASSERT_TRUE(add_user(*db_, system_caller(), "FRA", Role::officer, "alice", "correct horse battery").ok());
  FakeClock clock;
  LoginLimiter limiter({}, clock.fn());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(login(*db_, limiter, "alice", "nope nope nope", "10.0.0.1", {}).error().code, ErrorCode::unauthenticated);
  }
  EXPECT_TRUE(login(*db_, limiter, "alice", "correct horse battery", "10.0.0.2", {}).ok())
      << "the user logs in from another address";
  for (int i = 0; i < 40; ++i) {
    auto blocked = login(*db_, limiter, "alice", "correct horse battery", "10.0.0.1", {});
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.error().code, ErrorCode::rate_limited);
    EXPECT_EQ(blocked.error().retry_after_s, 30);
  }
  auto denied = [&] {
    std::vector<std::string> details;
    auto entries = store::audit_list(*db_, {std::nullopt, std::nullopt, std::string("login"), std::nullopt, 0, 1000});
    for (const auto& e : entries.value()) {
      if (e.record.outcome == "denied") details.push_back(e.record.detail);
    }
    return details;
  };
  EXPECT_EQ(denied().size(), 1U) << "40 refusals, one entry";
  clock.advance(std::chrono::seconds(900));
  EXPECT_TRUE(login(*db_, limiter, "alice", "correct horse battery", "10.0.0.1", {}).ok());
  auto details = denied();
  ASSERT_EQ(details.size(), 2U);
  EXPECT_NE(details[1].find("39 more attempts refused from 10.0.0.1"), std::string::npos) << details[1];
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

// A list's restricted reads make one entry; a long list is cut, an empty one leaves none.
TEST_F(PolicyTest, RestrictedReadsAreAuditedOnceAndCapped) {
  const auto fra = caller("FRA");
  auto listed = [&] {
    return store::audit_list(*db_, {std::nullopt, std::nullopt, std::string("thing.list"), std::nullopt, 0, 100})
        .value();
  };
  ASSERT_TRUE(audit_restricted_reads(*db_, fra, "thing.list", "things", {}).ok());
  EXPECT_TRUE(listed().empty());
  ASSERT_TRUE(audit_restricted_reads(*db_, fra, "thing.list", "things", {7, 3}).ok());
  ASSERT_EQ(listed().size(), 1u);
  EXPECT_EQ(listed()[0].record.detail, "restricted records read: 7,3");
  EXPECT_EQ(listed()[0].record.object, "things");
  EXPECT_EQ(listed()[0].record.username, "u-FRA");
  std::vector<std::int64_t> many(500);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = 100000 + static_cast<std::int64_t>(i);
  ASSERT_TRUE(audit_restricted_reads(*db_, fra, "thing.list", "things", many).ok());
  const auto detail = listed().back().record.detail;
  EXPECT_EQ(detail, "restricted records read: " + detail.substr(25, 1000) + ",…");
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

// Every action has a phrase of its own: a value missing from the table would
// read as the first entry's phrase and repeat it.
TEST(Gate, EveryActionHasItsOwnPhrase) {
  std::set<std::string_view> phrases;
  for (Action a : all_actions()) {
    EXPECT_FALSE(describe(a).empty()) << static_cast<int>(a);
    EXPECT_TRUE(phrases.insert(describe(a)).second) << "repeated phrase: " << describe(a);
  }
  EXPECT_EQ(phrases.size(), static_cast<std::size_t>(kLastAction) + 1);
}

// require() refuses exactly what role_may refuses, with the phrase the API quotes.
TEST(Gate, RequireAgreesWithRoleMay) {
  for (Role role : {Role::officer, Role::analyst, Role::reviewer, Role::coordinator, Role::admin, Role::partner}) {
    const Caller c = caller("FRA", MemberKind::ncb, role);
    for (Action a : all_actions()) {
      const Status s = require(c, a);
      EXPECT_EQ(s.ok(), role_may(role, a)) << to_string(role) << " " << describe(a);
      if (!s.ok()) {
        EXPECT_EQ(s.error().code, ErrorCode::forbidden);
        EXPECT_EQ(s.error().message,
                  "the role " + std::string(to_string(role)) + " may not " + std::string(describe(a)));
      }
    }
  }
  EXPECT_EQ(require(caller("FRA", MemberKind::ncb, Role::reviewer), Action::document_register).error().message,
            "the role reviewer may not register documents");
  EXPECT_EQ(require(caller("AIRX", MemberKind::partner, Role::partner), Action::person_screen).error().message,
            "the role partner may not screen persons");
  // Which mentions are one person is an analyst's decision, not an officer's.
  EXPECT_FALSE(role_may(Role::officer, Action::entity_decide));
  EXPECT_FALSE(role_may(Role::reviewer, Action::entity_decide));
  EXPECT_TRUE(role_may(Role::analyst, Action::entity_decide));
  EXPECT_TRUE(role_may(Role::coordinator, Action::entity_decide));
}

}  // namespace
}  // namespace ariadne::policy
