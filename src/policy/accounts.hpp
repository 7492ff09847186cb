// Members, users and their sessions. Passwords are stored as Argon2id hashes
// (libsodium); a session token is 256 random bits, handed to the user once
// and stored only as its SHA-256 hash, with an expiry. Failed logins are
// rate-limited per user name and per client address.
//
// Every write and every login attempt is appended to the audit chain.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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

// A member code is an ISO 3166-1 alpha-3 code for an ncb, IPSG for the
// General Secretariat, and 2-10 capitals or digits (not a country) for a partner.
Status validate_member(const std::string& code, const std::string& name, MemberKind kind);
Result<Member> add_member(store::Database& db, const Caller& by, const std::string& code, const std::string& name,
                          MemberKind kind);
Result<std::vector<Member>> list_members(store::Database& db);
Result<std::optional<Member>> find_member(store::Database& db, const std::string& code);

Status validate_username(const std::string& username);
Status validate_password(const std::string& password);
Result<User> add_user(store::Database& db, const Caller& by, const std::string& member, Role role,
                      const std::string& username, const std::string& password);
Result<std::vector<User>> list_users(store::Database& db, const std::string& member);

std::string random_password();  // 20 characters, about 119 bits, for generated credentials

// Counts failed attempts per key in a sliding window. Thread-safe.
class LoginLimiter {
 public:
  struct Limits {
    int per_user = 5;
    int per_address = 20;
    std::chrono::seconds window{15 * 60};
  };
  LoginLimiter() = default;
  explicit LoginLimiter(Limits limits) : limits_(limits) {}

  // Seconds to wait before another attempt, or 0 when one is allowed.
  std::int64_t blocked_for(const std::string& username, const std::string& address);
  void record_failure(const std::string& username, const std::string& address);
  void record_success(const std::string& username);

 private:
  using Clock = std::chrono::steady_clock;
  std::int64_t blocked(const std::string& key, int limit, Clock::time_point now);
  void prune(std::vector<Clock::time_point>& times, Clock::time_point now) const;

  Limits limits_;
  std::mutex mutex_;
  std::map<std::string, std::vector<Clock::time_point>> failures_;  // guarded by mutex_
};

struct LoginResult {
  std::string token;  // shown once; only its hash is stored
  std::string expires_at;
  User user;
  Member member;
};

struct SessionOptions {
  std::chrono::seconds lifetime{8 * 3600};
};

Result<LoginResult> login(store::Database& db, LoginLimiter& limiter, const std::string& username,
                          const std::string& password, const std::string& address, const SessionOptions& options);
// The caller a bearer token stands for; unauthenticated when the token is
// unknown, expired or revoked, or its user disabled.
Result<Caller> authenticate(store::Database& db, const std::string& token);
// The caller a local command acts as (`--as USER`): not_found for an unknown
// user, forbidden for a disabled one.
Result<Caller> caller_for_user(store::Database& db, const std::string& username);
Status logout(store::Database& db, const Caller& caller, const std::string& token);

std::string sha256_hex(std::string_view data);

}  // namespace ariadne::policy
