#include "policy/accounts.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "common/country.hpp"
#include "common/hex.hpp"
#include "common/network.hpp"
#include "common/time.hpp"
#include "store/audit.hpp"

namespace ariadne::policy {
namespace {

void ensure_sodium() {
  static const int ready = sodium_init();
  if (ready < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string random_token() {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string("art_") + b64;
}

Result<std::string> hash_password(const std::string& password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::internal("out of memory while hashing a password");
  }
  return std::string(out);
}

bool verify_password(const std::string& stored, const std::string& password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

// Verifying against this hash makes a login for an unknown user cost the
// same as one for a known user, so timing does not reveal user names.
const std::string& dummy_hash() {
  static const std::string h = hash_password("not a real password, only for timing").value();
  return h;
}

Member member_from(const store::Row& r) {
  return Member{r.text(0), r.text(1), parse_member_kind(r.text(2)).value_or(MemberKind::ncb), r.text(3)};
}

User user_from(const store::Row& r) {
  return User{UserId{r.integer(0)}, r.text(1), r.text(2), parse_role(r.text(3)).value_or(Role::officer), r.text(4),
              r.integer(5) != 0};
}

bool is_upper_alnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

}  // namespace

std::vector<store::Migration> policy_migrations() {
  return {{"policy", 1, R"sql(
CREATE TABLE members (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ncb','secretariat','partner')),
  created_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  member TEXT NOT NULL REFERENCES members(code),
  role TEXT NOT NULL CHECK (role IN ('officer','analyst','reviewer','coordinator','admin','partner')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  expires_unix BIGINT NOT NULL,
  revoked_unix BIGINT
);
CREATE INDEX sessions_user ON sessions(user_id);
)sql"}};
}

std::string sha256_hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hex_encode(out, sizeof out);
}

Status validate_member(const std::string& code, const std::string& name, MemberKind kind) {
  std::vector<FieldError> errors;
  switch (kind) {
    case MemberKind::secretariat:
      if (code != kSecretariat) errors.push_back({"code", "the General Secretariat's code is IPSG"});
      break;
    case MemberKind::ncb:
      if (!is_iso_alpha3(code))
        errors.push_back({"code", "must be an ISO 3166-1 alpha-3 country code, got '" + code + "'"});
      break;
    case MemberKind::partner:
      if (code.size() < 2 || code.size() > 10 || !is_upper_alnum(code)) {
        errors.push_back({"code", "a partner code is 2 to 10 capital letters or digits"});
      } else if (is_iso_alpha3(code) || code == kSecretariat) {
        errors.push_back({"code", "a partner code must not be a country code or IPSG"});
      }
      break;
  }
  if (kind != MemberKind::secretariat && code == kSecretariat) errors.push_back({"kind", "IPSG is the secretariat"});
  if (name.empty() || name.size() > 200) errors.push_back({"name", "must be 1 to 200 bytes"});
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return {};
}

Result<Member> add_member(store::Database& db, const Caller& by, const std::string& code, const std::string& name,
                          MemberKind kind) {
  if (!role_may(by.role, Action::member_manage) || !by.secretariat()) {
    return Error::forbidden("only administrators of the General Secretariat add members");
  }
  ARIADNE_TRY(validate_member(code, name, kind));
  Member out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto existing, db.query("SELECT 1 FROM members WHERE code = ?", {code}));
    if (!existing.empty()) return Error::conflict("member " + code + " already exists");
    ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO members (code, name, kind) VALUES (?, ?, ?) "
                                       "RETURNING code, name, kind, created_at",
                                       {code, name, std::string(to_string(kind))}));
    out = member_from(rows.front());
    ARIADNE_TRY(store::audit_append(
        db, {by.username, by.member, "member.create", "member:" + code, "ok", std::string(to_string(kind))}));
    return {};
  }));
  return out;
}

Result<std::vector<Member>> list_members(store::Database& db) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT code, name, kind, created_at FROM members ORDER BY code"));
  std::vector<Member> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(member_from(r));
  return out;
}

Result<std::optional<Member>> find_member(store::Database& db, const std::string& code) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT code, name, kind, created_at FROM members WHERE code = ?", {code}));
  if (rows.empty()) return std::optional<Member>{};
  return std::optional<Member>{member_from(rows.front())};
}

Status validate_username(const std::string& username) {
  bool ok = username.size() >= 3 && username.size() <= 64 && std::all_of(username.begin(), username.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            });
  if (!ok) return Error::invalid("username", "must be 3 to 64 of a-z, 0-9, '.', '_' or '-'");
  return {};
}

Status validate_password(const std::string& password) {
  if (password.size() < 12) return Error::invalid("password", "must be at least 12 characters");
  if (password.size() > 1024) return Error::invalid("password", "must be at most 1024 bytes");
  return {};
}

Result<User> add_user(store::Database& db, const Caller& by, const std::string& member, Role role,
                      const std::string& username, const std::string& password) {
  if (!role_may(by.role, Action::user_manage)) return Error::forbidden("only administrators add users");
  if (!by.secretariat() && by.member != member) {
    return Error::forbidden("administrators add users to their own member only");
  }
  ARIADNE_TRY(validate_username(username));
  ARIADNE_TRY(validate_password(password));
  ARIADNE_ASSIGN(auto m, find_member(db, member));
  if (!m) return Error::invalid("member", "is not a known member: " + member);
  if ((role == Role::partner) != (m->kind == MemberKind::partner)) {
    return Error::invalid("role", "users of partner organisations have the partner role, and only they do");
  }
  ARIADNE_ASSIGN(auto hash, hash_password(password));
  User out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto existing, db.query("SELECT 1 FROM users WHERE username = ?", {username}));
    if (!existing.empty()) return Error::conflict("user " + username + " already exists");
    ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO users (username, member, role, password_hash) VALUES (?, ?, ?, ?) "
                                       "RETURNING id, username, member, role, created_at, disabled",
                                       {username, member, std::string(to_string(role)), hash}));
    out = user_from(rows.front());
    ARIADNE_TRY(store::audit_append(db, {by.username, by.member, "user.create", "user:" + username, "ok",
                                         member + " " + std::string(to_string(role))}));
    return {};
  }));
  return out;
}

Result<std::vector<User>> list_users(store::Database& db, const std::string& member) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT id, username, member, role, created_at, disabled FROM users "
                                     "WHERE member = ? ORDER BY username",
                                     {member}));
  std::vector<User> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(user_from(r));
  return out;
}

Result<std::optional<User>> find_user(store::Database& db, UserId id) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT id, username, member, role, created_at, disabled FROM users WHERE id = ?",
                                     {id.value}));
  if (rows.empty()) return std::optional<User>{};
  return std::optional<User>{user_from(rows.front())};
}

std::string random_password() {
  ensure_sodium();
  static constexpr char kAlphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return out;
}

std::int64_t LoginLimiter::ceiling_wait(Failures& failures, const std::string& key, int limit,
                                        Clock::time_point now) const {
  auto found = failures.find(key);
  if (found == failures.end()) return 0;
  auto& times = found->second;
  const auto cutoff = now - limits_.window;
  times.erase(std::remove_if(times.begin(), times.end(), [&](auto t) { return t <= cutoff; }), times.end());
  if (static_cast<int>(times.size()) < limit) return 0;
  // Allowed again when the oldest failure that keeps the count at the limit leaves the window.
  auto until = times[times.size() - static_cast<std::size_t>(limit)] + limits_.window;
  return std::chrono::duration_cast<std::chrono::seconds>(until - now + std::chrono::milliseconds(999)).count();
}

bool LoginLimiter::at_ceiling(const std::string& username, Clock::time_point now) const {
  auto found = by_user_.find(username);
  if (found == by_user_.end()) return false;
  const auto cutoff = now - limits_.window;
  return std::count_if(found->second.begin(), found->second.end(), [&](auto t) { return t > cutoff; }) >=
         limits_.per_user;
}

std::int64_t LoginLimiter::blocked_for(const std::string& username, const std::string& address) {
  const std::string network = client_network(address);
  std::lock_guard guard(mutex_);
  const auto now = clock_();
  std::int64_t wait = 0;
  if (auto it = pairs_.find({username, network}); it != pairs_.end()) {
    const Pair& p = it->second;
    if (now - p.last >= limits_.forget_after) {
      pairs_.erase(it);
    } else if (p.failures >= limits_.free_failures) {
      const int doublings = std::min(p.failures - limits_.free_failures, 30);
      const auto backoff = std::min(limits_.first_wait * (std::int64_t{1} << doublings), limits_.max_wait);
      const auto until = p.last + backoff;
      if (until > now) {
        wait = std::chrono::duration_cast<std::chrono::seconds>(until - now + std::chrono::milliseconds(999)).count();
      }
    }
  }
  wait = std::max(wait, ceiling_wait(by_user_, username, limits_.per_user, now));
  wait = std::max(wait, ceiling_wait(by_network_, network, limits_.per_address, now));
  return wait;
}

void LoginLimiter::record_failure(const std::string& username, const std::string& address) {
  const std::string network = client_network(address);
  std::lock_guard guard(mutex_);
  const auto now = clock_();
  const auto keep = std::max(limits_.forget_after, limits_.window);
  while (!failures_.empty() && now - failures_.front().at >= keep) forget_oldest();
  Pair& p = pairs_[{username, network}];
  if (p.failures > 0 && now - p.last >= limits_.forget_after) p.failures = 0;
  ++p.failures;
  p.last = now;
  by_user_[username].push_back(now);
  by_network_[network].push_back(now);
  failures_.push_back({now, username, network});
  while (failures_.size() > limits_.max_tracked) forget_oldest();
}

// Forgets the oldest failure: a pair, user name or network with no failure
// since then goes; one with later failures keeps those.
void LoginLimiter::forget_oldest() {
  const Failure& f = failures_.front();
  if (auto it = pairs_.find({f.username, f.network}); it != pairs_.end() && it->second.last <= f.at) pairs_.erase(it);
  for (auto [failures, key] : {std::pair{&by_user_, &f.username}, std::pair{&by_network_, &f.network}}) {
    auto it = failures->find(*key);
    if (it == failures->end()) continue;
    auto& times = it->second;
    times.erase(times.begin(), std::upper_bound(times.begin(), times.end(), f.at));
    if (times.empty()) failures->erase(it);
  }
  failures_.pop_front();
}

std::size_t LoginLimiter::tracked() const {
  std::lock_guard guard(mutex_);
  return failures_.size();
}

void LoginLimiter::record_success(const std::string& username, const std::string& address) {
  const std::string network = client_network(address);
  std::lock_guard guard(mutex_);
  pairs_.erase({username, network});
}

bool LoginLimiter::record_denial(const std::string& username, const std::string& address) {
  const std::string network = client_network(address);
  std::lock_guard guard(mutex_);
  const auto now = clock_();
  end_denial_windows(now, false);
  // A user name at its ceiling is refused from every network: counted per
  // user name, or each new network would open a window of its own.
  const auto by = at_ceiling(username, now) ? Denials::By::user : Denials::By::network;
  std::string key = by == Denials::By::user ? "u " + username : "n " + network;
  auto it = denials_.find(key);
  if (it == denials_.end() && denials_.size() >= limits_.max_denial_windows) it = denials_.find(key = "");
  if (it != denials_.end()) {
    ++it->second.refused;
    return false;
  }
  denials_.emplace(key, DenialWindow{now, key.empty() ? Denials::By::overflow : by, 1});
  denial_order_.emplace_back(now, std::move(key));
  return true;
}

// Windows open in time order, so the ended ones are at the front.
void LoginLimiter::end_denial_windows(Clock::time_point now, bool all) {
  while (!denial_order_.empty() && (all || now - denial_order_.front().first >= limits_.window)) {
    const auto& [opened, key] = denial_order_.front();
    if (auto it = denials_.find(key); it != denials_.end() && it->second.opened == opened) {
      if (it->second.refused > 1) push_ended({it->second.by, key.empty() ? "" : key.substr(2), it->second.refused - 1});
      denials_.erase(it);
    }
    denial_order_.pop_front();
  }
}

void LoginLimiter::end_denial_windows() {
  std::lock_guard guard(mutex_);
  end_denial_windows(clock_(), true);
}

// Ended windows are bounded too (the audit log may be failing): beyond the
// limit they are folded into one overflow count.
void LoginLimiter::push_ended(Denials d) {
  if (ended_.size() < limits_.max_denial_windows) {
    ended_.push_back(std::move(d));
    return;
  }
  if (ended_.back().by != Denials::By::overflow) ended_.push_back({Denials::By::overflow, "", 0});
  ended_.back().more += d.more;
}

std::vector<LoginLimiter::Denials> LoginLimiter::take_ended_denials() {
  std::lock_guard guard(mutex_);
  const auto now = clock_();
  const auto keep = std::max(limits_.forget_after, limits_.window);
  while (!failures_.empty() && now - failures_.front().at >= keep) forget_oldest();
  end_denial_windows(now, false);
  return std::exchange(ended_, {});
}

void LoginLimiter::put_back(std::vector<Denials> denials) {
  std::lock_guard guard(mutex_);
  for (auto& d : denials) push_ended(std::move(d));
}

namespace {

store::AuditRecord denial_record(const LoginLimiter::Denials& d, const std::string& window) {
  const std::string counted = "rate limited: " + std::to_string(d.more) + " more attempts ";
  const std::string after = " within " + window + " of the first";
  switch (d.by) {
    case LoginLimiter::Denials::By::user: {
      const std::string user = d.name.substr(0, 64);
      return {
          user,     "-",
          "login",  "user:" + user,
          "denied", counted + "refused for this user name from any network (its failures reached the ceiling)" + after};
    }
    case LoginLimiter::Denials::By::network:
      return {"-", "-", "login", "network:" + d.name, "denied", counted + "refused from " + d.name + after};
    case LoginLimiter::Denials::By::overflow: break;
  }
  return {"-", "-", "login", "-", "denied", counted + "refused beyond the windows counted one by one" + after};
}

}  // namespace

Status audit_ended_denials(store::Database& db, LoginLimiter& limiter) {
  auto ended = limiter.take_ended_denials();
  if (ended.empty()) return {};  // the common case, on every login
  const std::string window = std::to_string(limiter.limits().window.count() / 60) + " minutes";
  for (auto it = ended.begin(); it != ended.end(); ++it) {
    if (auto written = store::audit_append(db, denial_record(*it, window)); !written) {
      limiter.put_back({std::make_move_iterator(it), std::make_move_iterator(ended.end())});
      return written.error();
    }
  }
  return {};
}

Result<LoginResult> login(store::Database& db, LoginLimiter& limiter, const std::string& username,
                          const std::string& password, const std::string& address, const SessionOptions& options) {
  auto audit = [&](const std::string& member, const std::string& outcome, const std::string& detail) {
    return store::audit_append(db, {username.empty() ? "-" : username.substr(0, 64), member, "login",
                                    "user:" + username.substr(0, 64), outcome, detail + " from " + address});
  };
  ARIADNE_TRY(audit_ended_denials(db, limiter));
  const std::string window = std::to_string(limiter.limits().window.count() / 60) + " minutes";
  if (auto wait = limiter.blocked_for(username, address); wait > 0) {
    // One entry per window (LoginLimiter): refusals cost no hashing, so each
    // audited on its own would let anyone flood the audit log.
    if (limiter.record_denial(username, address)) {
      ARIADNE_TRY(audit("-", "denied", "rate limited; refusals in the next " + window + " are counted in one entry"));
    }
    Error e{ErrorCode::rate_limited, "too many failed logins; try again in " + std::to_string(wait) + " seconds", {}};
    e.retry_after_s = wait;
    return e;
  }
  ARIADNE_ASSIGN(auto rows, db.query("SELECT u.id, u.username, u.member, u.role, u.created_at, u.disabled, "
                                     "u.password_hash, m.code, m.name, m.kind, m.created_at "
                                     "FROM users u JOIN members m ON m.code = u.member WHERE u.username = ?",
                                     {username}));
  bool known = !rows.empty();
  bool good = verify_password(known ? rows.front().text(6) : dummy_hash(), password);
  if (!known || !good || rows.front().integer(5) != 0) {
    limiter.record_failure(username, address);
    ARIADNE_TRY(audit(known ? rows.front().text(2) : "-", "failed",
                      !known  ? "unknown user"
                      : !good ? "wrong password"
                              : "user disabled"));
    return Error{ErrorCode::unauthenticated, "wrong user name or password", {}};
  }
  limiter.record_success(username, address);
  const auto& r = rows.front();
  LoginResult out;
  out.user = user_from(r);
  out.member = Member{r.text(7), r.text(8), parse_member_kind(r.text(9)).value_or(MemberKind::ncb), r.text(10)};
  out.token = random_token();
  std::int64_t expires = unix_now() + options.lifetime.count();
  out.expires_at = iso_time(expires);
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_TRY(db.execute("INSERT INTO sessions (token_hash, user_id, expires_unix) VALUES (?, ?, ?)",
                           {sha256_hex(out.token), out.user.id.value, expires}));
    ARIADNE_TRY(audit(out.user.member, "ok", "session until " + out.expires_at));
    return {};
  }));
  return out;
}

Result<Caller> authenticate(store::Database& db, const std::string& token) {
  Error denied{ErrorCode::unauthenticated, "the token is unknown, expired or revoked", {}};
  if (token.empty() || token.size() > 200) return denied;
  ARIADNE_ASSIGN(auto rows, db.query("SELECT u.id, u.username, u.member, m.kind, u.role, s.expires_unix, "
                                     "s.revoked_unix, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id "
                                     "JOIN members m ON m.code = u.member WHERE s.token_hash = ?",
                                     {sha256_hex(token)}));
  if (rows.empty()) return denied;
  const auto& r = rows.front();
  if (!r.is_null(6) || r.integer(5) <= unix_now() || r.integer(7) != 0) return denied;
  return Caller{UserId{r.integer(0)}, r.text(1), r.text(2), parse_member_kind(r.text(3)).value_or(MemberKind::ncb),
                parse_role(r.text(4)).value_or(Role::officer)};
}

Result<Caller> caller_for_user(store::Database& db, const std::string& username) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT u.id, u.username, u.member, m.kind, u.role, u.disabled FROM users u "
                                     "JOIN members m ON m.code = u.member WHERE u.username = ?",
                                     {username}));
  if (rows.empty()) return Error::not_found("user " + username);
  const auto& r = rows.front();
  if (r.integer(5) != 0) return Error::forbidden("the user " + username + " is disabled");
  return Caller{UserId{r.integer(0)}, r.text(1), r.text(2), parse_member_kind(r.text(3)).value_or(MemberKind::ncb),
                parse_role(r.text(4)).value_or(Role::officer)};
}

Status logout(store::Database& db, const Caller& caller, const std::string& token) {
  return db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto n, db.execute("UPDATE sessions SET revoked_unix = ? WHERE token_hash = ? AND user_id = ? "
                                      "AND revoked_unix IS NULL",
                                      {unix_now(), sha256_hex(token), caller.user.value}));
    if (n == 0) return Error{ErrorCode::unauthenticated, "the session is not active", {}};
    ARIADNE_TRY(
        store::audit_append(db, {caller.username, caller.member, "logout", "user:" + caller.username, "ok", ""}));
    return {};
  });
}

}  // namespace ariadne::policy
