// Members, users and their sessions. Passwords are stored as Argon2id hashes
// (libsodium); a session token is 256 random bits, handed to the user once
// and stored only as its SHA-256 hash, with an expiry. Failed logins are
// throttled (LoginLimiter).
//
// Every write and every login attempt is appended to the audit chain.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::policy {

std::vector<store::Migration> policy_migrations();

struct Member {
  std::string code;
  std::string name;
  MemberKind kind = MemberKind::ncb;
  std::string created_at;
};

struct User {
  UserId id;
  std::string username;
  std::string member;
  Role role = Role::officer;
  std::string created_at;
  bool disabled = false;
};

nlohmann::json to_json(const Member& m);  // {code, name, kind, created_at}
nlohmann::json to_json(const User& u);    // {id, username, member, role, created_at, disabled}

// A member code is an ISO 3166-1 alpha-3 code for an ncb, IPSG for the
// General Secretariat, and 2-10 capitals or digits (not a country) for a partner.
Status validate_member(const std::string& code, const std::string& name, MemberKind kind);
Result<Member> add_member(store::Database& db, const Caller& by, const std::string& code, const std::string& name,
                          MemberKind kind);
// A member to add, as POST /members sends it: {code, name, kind?} (kind ncb
// unless given). The body is an object; every bad field is reported.
struct NewMember {
  std::string code;
  std::string name;
  MemberKind kind = MemberKind::ncb;
};
Result<NewMember> parse_new_member(const nlohmann::json& body);
Result<std::vector<Member>> list_members(store::Database& db);
Result<std::optional<Member>> find_member(store::Database& db, const std::string& code);

Status validate_username(const std::string& username);
Status validate_password(const std::string& password);
Result<User> add_user(store::Database& db, const Caller& by, const std::string& member, Role role,
                      const std::string& username, const std::string& password);
// A user to add, as POST /users sends it: {username, member, role, password}.
struct NewUser {
  std::string username;
  std::string member;
  Role role = Role::officer;
  std::string password;
};
Result<NewUser> parse_new_user(const nlohmann::json& body);
Result<std::vector<User>> list_users(store::Database& db, const std::string& member);
Result<std::optional<User>> find_user(store::Database& db, UserId id);

std::string random_password();  // 20 characters, about 119 bits, for generated credentials

// Throttles failed logins. Thread-safe.
//
// Clients are counted by network (common/network.hpp): an IPv4 address, or
// an IPv6 /64, which one host commonly holds whole. The wait is per (user
// name, client network) and grows exponentially, so failures from one
// network never lock the user out at another: nobody can lock an officer out
// by guessing from elsewhere. Two ceilings bound what the pairs alone would
// allow: failures of one user name from all networks (high, against guessing
// spread over many networks — reaching it does lock the user out everywhere,
// which takes an attacker that many failures in the window), and failures
// from one network over all user names (against spraying names, which locks
// only that network).
//
// Refusals cost no hashing, so they are counted in windows rather than
// audited one by one: per user name when its ceiling refused them, else per
// network; the first refusal of a window is audited, the rest as one count
// when the window has ended. At most max_denial_windows are open at once;
// refusals beyond them share one overflow window, so the audit entries per
// window are bounded however many networks are used.
//
// Memory is bounded: failures are remembered for forget_after (the ceilings
// count them over window), and beyond max_tracked failures the oldest are
// forgotten first. The state is in memory, per server process: several
// processes on one database each throttle on their own, and a restart
// forgets the failures.
class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    int free_failures = 5;                       // per user and network, before any wait
    std::chrono::seconds first_wait{30};         // after them, doubled with each further failure …
    std::chrono::seconds max_wait{15 * 60};      // … up to this
    std::chrono::seconds forget_after{60 * 60};  // a pair without a failure for this long starts afresh
    int per_user = 100;                          // failures of one user name, all networks, per window
    int per_address = 20;                        // failures from one network, all user names, per window
    std::chrono::seconds window{15 * 60};        // the ceilings' sliding window and the denial window
    std::size_t max_tracked = 100000;            // failures remembered; the oldest go first
    std::size_t max_denial_windows = 1000;       // open denial windows; beyond, one overflow window
  };
  // Refusals of one window after its first (which was audited on its own).
  struct Denials {
    enum class By { network, user, overflow } by = By::network;
    std::string name;  // the client network or the user name; empty for the overflow window
    int more = 0;
  };

  LoginLimiter() : LoginLimiter(Limits{}) {}
  explicit LoginLimiter(Limits limits, std::function<Clock::time_point()> clock = Clock::now)
      : limits_(limits), clock_(std::move(clock)) {}

  const Limits& limits() const { return limits_; }
  // Seconds to wait before another attempt, or 0 when one is allowed.
  std::int64_t blocked_for(const std::string& username, const std::string& address);
  void record_failure(const std::string& username, const std::string& address);
  void record_success(const std::string& username, const std::string& address);
  // A refused attempt; true when it is the first of its window (audit it).
  bool record_denial(const std::string& username, const std::string& address);
  // The windows that have ended with more refusals than their first, once
  // each; also forgets expired failures. Cheap when nothing has ended.
  std::vector<Denials> take_ended_denials();
  // Ends every open window, as at shutdown, for the next take.
  void end_denial_windows();
  // Hands back taken windows that could not be written, for the next take.
  void put_back(std::vector<Denials> denials);
  std::size_t tracked() const;  // failure records held, for tests of the bound

 private:
  struct Pair {
    int failures = 0;
    Clock::time_point last;
  };
  struct DenialWindow {
    Clock::time_point opened;
    Denials::By by = Denials::By::network;
    int refused = 0;
  };
  // A failure, in the order they happened: forgetting the oldest first.
  struct Failure {
    Clock::time_point at;
    std::string username;
    std::string network;
  };
  using Failures = std::map<std::string, std::vector<Clock::time_point>>;  // by user name or by network
  std::int64_t ceiling_wait(Failures& failures, const std::string& key, int limit, Clock::time_point now) const;
  bool at_ceiling(const std::string& username, Clock::time_point now) const;
  void forget_oldest();
  void end_denial_windows(Clock::time_point now, bool all);
  void push_ended(Denials d);

  Limits limits_;
  std::function<Clock::time_point()> clock_;
  mutable std::mutex mutex_;
  // Guarded by mutex_:
  std::map<std::pair<std::string, std::string>, Pair> pairs_;  // by (user name, network)
  Failures by_user_;
  Failures by_network_;
  std::deque<Failure> failures_;                 // every remembered failure, oldest first
  std::map<std::string, DenialWindow> denials_;  // open windows, by "u " + user name, "n " + network or ""
  std::deque<std::pair<Clock::time_point, std::string>> denial_order_;  // (opened, key), oldest first
  std::vector<Denials> ended_;  // ended windows not yet taken, at most max_denial_windows + 1
};

// Writes the ended denial windows to the audit chain (take_ended_denials);
// those not written when an append fails are put back for the next call.
Status audit_ended_denials(store::Database& db, LoginLimiter& limiter);

struct LoginResult {
  std::string token;  // shown once; only its hash is stored
  std::string expires_at;
  User user;
  Member member;
};

struct SessionOptions {
  std::chrono::seconds lifetime{8 * 3600};
};

// {token, expires_at, user, member}: the answer to a login.
nlohmann::json to_json(const LoginResult& r);

Result<LoginResult> login(store::Database& db, LoginLimiter& limiter, const std::string& username,
                          const std::string& password, const std::string& address, const SessionOptions& options);
// Credentials as POST /auth/login sends them: {username, password}.
struct LoginRequest {
  std::string username;
  std::string password;
};
Result<LoginRequest> parse_login(const nlohmann::json& body);
// The caller a bearer token stands for; unauthenticated when the token is
// unknown, expired or revoked, or its user disabled.
Result<Caller> authenticate(store::Database& db, const std::string& token);
// The caller a local command acts as (`--as USER`): not_found for an unknown
// user, forbidden for a disabled one.
Result<Caller> caller_for_user(store::Database& db, const std::string& username);
Status logout(store::Database& db, const Caller& caller, const std::string& token);

std::string sha256_hex(std::string_view data);

}  // namespace ariadne::policy
