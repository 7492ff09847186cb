#include "store/audit_anchor.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "common/hex.hpp"
#include "common/secret_file.hpp"
#include "common/time.hpp"

namespace ariadne::store {
namespace {

constexpr const char* kCheckpointColumns = "chain, seq, head, at, key_id, sig";

bool is_hex(std::string_view s, std::size_t digits) {
  return s.size() == digits &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

Error integrity(std::string message) {
  return Error{ErrorCode::integrity, std::move(message), {}};
}

Status sodium_ready() {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  return {};
}

AuditCheckpoint checkpoint_from_row(const Row& r) {
  return {r.text(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5)};
}

// Appends one line with a single write and syncs it to disk.
Status append_line(const std::string& path, const std::string& line) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error::internal("cannot open the anchor file " + path + ": " + std::strerror(errno));
  std::string text = line + '\n';
  auto written = ::write(fd, text.data(), text.size());
  int err = errno;
  bool synced = written == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  if (written >= 0 && !synced) err = errno;
  ::close(fd);
  if (!synced) return Error::internal("cannot append to the anchor file " + path + ": " + std::strerror(err));
  return {};
}

Result<bool> table_exists(Database& db, const std::string& name) {
  const char* sql = db.dialect() == Dialect::sqlite ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
                                                    : "SELECT 1 FROM information_schema.tables WHERE table_name = ?";
  ARIADNE_ASSIGN(auto rows, db.query(sql, {name}));
  return !rows.empty();
}

Result<std::optional<std::string>> read_chain_id(Database& db) {
  ARIADNE_ASSIGN(auto exists, table_exists(db, "audit_chain"));
  if (!exists) return std::optional<std::string>{};
  ARIADNE_ASSIGN(auto rows, db.query("SELECT chain FROM audit_chain WHERE id = 1"));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{rows.front().text(0)};
}

Result<std::vector<AuditCheckpoint>> stored_checkpoints(Database& db) {
  std::vector<AuditCheckpoint> out;
  ARIADNE_ASSIGN(auto exists, table_exists(db, "audit_checkpoints"));
  if (!exists) return out;
  ARIADNE_TRY(db.for_each(std::string("SELECT ") + kCheckpointColumns + " FROM audit_checkpoints ORDER BY id", {},
                          [&](const Row& r) {
                            out.push_back(checkpoint_from_row(r));
                            return true;
                          }));
  return out;
}

}  // namespace

AuditKey::AuditKey()
    : secret_(sodium_init() < 0 ? nullptr : static_cast<unsigned char*>(sodium_malloc(kSecretBytes))) {}

AuditKey::AuditKey(AuditKey&& other) noexcept : public_key(other.public_key), secret_(other.secret_) {
  other.secret_ = nullptr;
}

AuditKey& AuditKey::operator=(AuditKey&& other) noexcept {
  if (this != &other) {
    sodium_free(secret_);  // wipes it
    public_key = other.public_key;
    secret_ = other.secret_;
    other.secret_ = nullptr;
  }
  return *this;
}

AuditKey::~AuditKey() {
  sodium_free(secret_);
}

void AuditKey::seal() {
  if (secret_) sodium_mprotect_readonly(secret_);
}

Result<AuditKey> audit_keygen(const std::string& path) {
  ARIADNE_TRY(sodium_ready());
  AuditKey key;
  if (!key.ok()) return Error::internal("cannot allocate locked memory for the key");
  crypto_sign_keypair(key.public_key.data(), key.writable_secret());
  key.seal();
  std::string text = hex_encode(key.secret_key(), AuditKey::kSecretBytes) + '\n';
  auto written = create_secret_file(path, text, "key");
  sodium_memzero(text.data(), text.size());
  ARIADNE_TRY(written);
  return key;
}

Result<AuditKey> load_audit_key(const std::string& path) {
  ARIADNE_TRY(sodium_ready());
  ARIADNE_ASSIGN(auto hex, read_secret_file(path, "audit-key"));
  AuditKey key;
  bool ok = key.ok() && hex_decode(hex, key.writable_secret(), AuditKey::kSecretBytes);
  sodium_memzero(hex.data(), hex.size());
  if (!key.ok()) return Error::internal("cannot allocate locked memory for the audit key");
  if (!ok) return Error::invalid("audit-key", path + " does not hold an Ed25519 secret key (ariadne audit keygen)");
  crypto_sign_ed25519_sk_to_pk(key.public_key.data(), key.secret_key());
  key.seal();
  return key;
}

Result<AuditPublicKey> parse_audit_public_key(const std::string& hex_or_file) {
  std::string hex = hex_or_file;
  if (!is_hex(hex, 64)) {
    std::ifstream in(hex_or_file);
    if (!in) return Error::invalid("public-key", "neither 64 hexadecimal digits nor a readable file: " + hex_or_file);
    std::getline(in, hex);
    hex = trimmed(hex);
  }
  AuditPublicKey key{};
  if (!hex_decode(hex, key.data(), key.size())) {
    return Error::invalid("public-key", "must be 64 hexadecimal digits (an Ed25519 public key)");
  }
  return key;
}

std::string to_hex(const AuditPublicKey& key) {
  return hex_encode(key.data(), key.size());
}

std::string audit_key_id(const AuditPublicKey& key) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, key.data(), key.size());
  return hex_encode(digest, 8);
}

std::string checkpoint_message(const AuditCheckpoint& c) {
  return "ariadne-audit-checkpoint-v1\n" + c.chain + '\n' + std::to_string(c.seq) + '\n' + c.head + '\n' + c.at + '\n' +
         c.key;
}

bool checkpoint_signed_by(const AuditCheckpoint& c, const AuditPublicKey& key) {
  unsigned char sig[crypto_sign_BYTES];
  if (c.key != audit_key_id(key) || !hex_decode(c.sig, sig, sizeof sig)) return false;
  auto message = checkpoint_message(c);
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     key.data()) == 0;
}

nlohmann::json to_json(const AuditCheckpoint& c) {
  return {{"chain", c.chain}, {"seq", c.seq}, {"head", c.head}, {"at", c.at}, {"key", c.key}, {"sig", c.sig}};
}

Result<AuditCheckpoint> checkpoint_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return Error::invalid("checkpoint", "must be a JSON object");
  auto text = [&](const char* field, std::size_t hex_digits) -> Result<std::string> {
    auto it = j.find(field);
    if (it == j.end() || !it->is_string()) return Error::invalid(field, "missing (a string)");
    auto s = it->get<std::string>();
    if (hex_digits > 0 && !is_hex(s, hex_digits)) {
      return Error::invalid(field, "must be " + std::to_string(hex_digits) + " lowercase hexadecimal digits");
    }
    if (s.empty() || s.size() > 64 || s.find('\n') != std::string::npos) return Error::invalid(field, "malformed");
    return s;
  };
  AuditCheckpoint c;
  ARIADNE_ASSIGN(c.chain, text("chain", 32));
  auto seq = j.find("seq");
  if (seq == j.end() || !seq->is_number_integer() || seq->get<std::int64_t>() < 0) {
    return Error::invalid("seq", "missing (an entry number, 0 or more)");
  }
  c.seq = seq->get<std::int64_t>();
  ARIADNE_ASSIGN(c.head, text("head", 64));
  ARIADNE_ASSIGN(c.at, text("at", 0));
  ARIADNE_ASSIGN(c.key, text("key", 16));
  auto sig = j.find("sig");
  if (sig == j.end() || !sig->is_string() || !is_hex(sig->get<std::string>(), 2 * crypto_sign_BYTES)) {
    return Error::invalid("sig", "must be 128 lowercase hexadecimal digits");
  }
  c.sig = sig->get<std::string>();
  return c;
}

Result<std::string> audit_chain_id(Database& db) {
  std::string chain;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto found, read_chain_id(db));
    if (found) {
      chain = *found;
      return {};
    }
    unsigned char id[16];
    randombytes_buf(id, sizeof id);
    chain = hex_encode(id, sizeof id);
    ARIADNE_TRY(db.execute("INSERT INTO audit_chain (id, chain) VALUES (1, ?)", {chain}));
    return {};
  }));
  return chain;
}

namespace {

// This key's newest genuine checkpoint of `chain`, if any.
Result<std::optional<AuditCheckpoint>> last_signed(Database& db, const AuditKey& key,
                                                   const std::optional<std::string>& chain) {
  std::optional<AuditCheckpoint> last;
  ARIADNE_ASSIGN(auto exists, table_exists(db, "audit_checkpoints"));
  if (!exists || !chain) return last;
  ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kCheckpointColumns +
                                         " FROM audit_checkpoints WHERE key_id = ? ORDER BY id DESC LIMIT 1",
                                     {audit_key_id(key.public_key)}));
  if (!rows.empty()) last = checkpoint_from_row(rows.front());
  // Never fall back to the genesis past a row that does not verify: someone
  // who planted it would have the rewritten chain signed from the start.
  if (last && (last->chain != *chain || !checkpoint_signed_by(*last, key.public_key))) {
    return integrity("this key's newest stored checkpoint (of entry " + std::to_string(last->seq) +
                     ") does not verify, so the chain is not signed: run ariadne audit verify");
  }
  return last;
}

// The anchor's last line must still be stored: otherwise the stored
// checkpoints were removed, and a walk from what remains would sign a chain
// the anchor contradicts.
Status anchor_still_stored(Database& db, const std::string& anchor_out) {
  std::error_code ec;
  if (anchor_out.empty() || !std::filesystem::exists(anchor_out, ec) ||
      std::filesystem::file_size(anchor_out, ec) == 0) {
    return {};
  }
  ARIADNE_ASSIGN(auto lines, read_anchor(anchor_out));
  if (lines.empty()) return {};
  ARIADNE_ASSIGN(auto stored, stored_checkpoints(db));
  for (const auto& c : stored) {
    if (c.sig == lines.back().checkpoint.sig) return {};
  }
  return integrity("the anchor's last checkpoint (line " + std::to_string(lines.back().line) + ", entry " +
                   std::to_string(lines.back().checkpoint.seq) +
                   ") is not stored in the database, so the chain is not signed: run ariadne audit verify --anchor");
}

// Walks the chain from `from`; returns where it ends (seq and hash), or an
// integrity error when it does not verify.
Result<AuditWalk> verified_end(Database& db, AuditWalk from) {
  std::string hash = from.after_hash.empty() ? kAuditGenesis : from.after_hash;
  from.visit = [&hash](const AuditEntry& e) { hash = e.hash; };
  ARIADNE_ASSIGN(auto verdict, audit_verify(db, from));
  if (!verdict.intact) return integrity("the audit chain does not verify, so it is not signed: " + verdict.reason);
  return AuditWalk{verdict.entries, hash, {}, true};
}

}  // namespace

Result<std::optional<AuditCheckpoint>> audit_checkpoint(Database& db, const AuditKey& key,
                                                        const CheckpointOptions& options) {
  ARIADNE_TRY(sodium_ready());
  // The entries after this key's last checkpoint are walked before the write
  // transaction (without the head, which may move meanwhile), so writers wait
  // only while the entries appended meanwhile are walked.
  ARIADNE_ASSIGN(auto chain_now, read_chain_id(db));
  ARIADNE_TRY(anchor_still_stored(db, options.anchor_out));
  ARIADNE_ASSIGN(auto before, last_signed(db, key, chain_now));
  AuditWalk outside{before ? before->seq : 0, before ? before->head : "", {}, false};
  ARIADNE_ASSIGN(auto walked, verified_end(db, outside));
  std::optional<AuditCheckpoint> made;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto chain, audit_chain_id(db));
    ARIADNE_ASSIGN(auto last, last_signed(db, key, chain));
    ARIADNE_ASSIGN(auto end, verified_end(db, walked));
    if (options.only_when_new && last && last->seq == end.after_seq) return {};
    AuditCheckpoint c{chain, end.after_seq, end.after_hash, iso_now_ms(), audit_key_id(key.public_key), ""};
    unsigned char sig[crypto_sign_BYTES];
    auto message = checkpoint_message(c);
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         key.secret_key());
    c.sig = hex_encode(sig, sizeof sig);
    ARIADNE_TRY(
        db.execute("INSERT INTO audit_checkpoints (chain, seq, head, at, key_id, sig) VALUES (?, ?, ?, ?, ?, ?)",
                   {c.chain, c.seq, c.head, c.at, c.key, c.sig}));
    made = c;
    return {};
  }));
  // Anchored only once stored: an anchor line whose commit then failed would
  // name a checkpoint the database never held, a tamper alarm nothing clears.
  // A failed append leaves a stored checkpoint unanchored, which verifies.
  if (made && !options.anchor_out.empty()) {
    if (auto appended = append_line(options.anchor_out, to_json(*made).dump()); !appended) {
      return Error{
          appended.error().code,
          "checkpoint of entry " + std::to_string(made->seq) + " stored but not anchored: " + appended.error().message,
          appended.error().fields};
    }
  }
  return made;
}

Result<std::optional<AuditCheckpoint>> latest_checkpoint(Database& db) {
  ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kCheckpointColumns +
                                     " FROM audit_checkpoints ORDER BY id DESC LIMIT 1"));
  if (rows.empty()) return std::optional<AuditCheckpoint>{};
  return std::optional<AuditCheckpoint>{checkpoint_from_row(rows.front())};
}

Result<std::vector<AnchorLine>> read_anchor(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec)) return Error::invalid("anchor", "cannot read " + path);
  std::vector<AnchorLine> out;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto where = "anchor " + path + " line " + std::to_string(number) + ": ";
    if (line.empty()) return integrity(where + "empty (a checkpoint is missing)");
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return integrity(where + "not JSON (the line is corrupted)");
    auto c = checkpoint_from_json(j);
    if (!c) return integrity(where + "not a checkpoint: " + c.error().message);
    out.push_back({number, *c});
  }
  if (out.empty()) return integrity("anchor " + path + " holds no checkpoints");
  return out;
}

namespace {

struct Named {
  std::string name;  // "anchor line 3" or "stored checkpoint 2"
  const AuditCheckpoint* checkpoint;
};

std::string short_hash(const std::string& h) {
  return h.substr(0, 12) + "…";
}

}  // namespace

Result<AuditVerdict> audit_verify_anchored(Database& db, const std::optional<AuditPublicKey>& key,
                                           const std::optional<std::vector<AnchorLine>>& anchor) {
  if (anchor && !key) return Error::invalid("public-key", "an anchor is checked with the public key that signed it");
  ARIADNE_TRY(sodium_ready());
  AuditVerdict v;
  auto broken = [&](std::string reason, std::optional<std::int64_t> seq) {
    v.intact = false;
    v.first_bad_seq = seq;
    v.reason = std::move(reason);
    return v;
  };
  for (const char* table : {"audit_log", "audit_head"}) {
    ARIADNE_ASSIGN(auto exists, table_exists(db, table));
    if (!exists) return broken(std::string("the ") + table + " table is missing (the audit log was dropped)", 1);
  }
  ARIADNE_ASSIGN(auto chain, read_chain_id(db));
  ARIADNE_ASSIGN(auto stored, stored_checkpoints(db));

  // The checkpoints to hold the chain against, anchor lines first: signature and chain identity.
  std::vector<Named> checks;
  if (anchor) {
    for (const auto& a : *anchor) checks.push_back({"anchor line " + std::to_string(a.line), &a.checkpoint});
  }
  const std::string key_id = key ? audit_key_id(*key) : "";
  for (std::size_t i = 0; key && i < stored.size(); ++i) {
    // Checkpoints of an earlier key are checked with that key, not this one.
    if (stored[i].key == key_id) checks.push_back({"stored checkpoint " + std::to_string(i + 1), &stored[i]});
  }
  for (const auto& [name, c] : checks) {
    if (!checkpoint_signed_by(*c, *key)) {
      return broken(
          name + ": the signature does not verify with public key " + key_id + " (it names key " + c->key + ")",
          std::nullopt);
    }
    if (!chain || *chain != c->chain) {
      return broken(name + ": it signs chain " + c->chain + ", but this database's chain is " +
                        (chain ? *chain : std::string("gone (its identity was removed)")),
                    std::nullopt);
    }
  }

  // The chain itself, keeping the hash of every entry a checkpoint covers.
  std::set<std::int64_t> wanted;
  for (const auto& n : checks) wanted.insert(n.checkpoint->seq);
  std::map<std::int64_t, std::string> hashes{{0, kAuditGenesis}};
  AuditWalk walk;
  walk.visit = [&](const AuditEntry& e) {
    if (wanted.count(e.seq)) hashes[e.seq] = e.hash;
  };
  ARIADNE_ASSIGN(v, audit_verify(db, walk));
  if (!v.intact) return v;

  // Each checkpoint's head against the chain; a rewrite lies between the
  // highest matching checkpoint below it and it.
  std::set<std::int64_t> matching;
  for (const auto& n : checks) {
    auto h = hashes.find(n.checkpoint->seq);
    if (h != hashes.end() && h->second == n.checkpoint->head) matching.insert(n.checkpoint->seq);
  }
  for (const auto& [name, c] : checks) {
    if (c->seq > v.entries) {
      return broken(name + ": it covers " + std::to_string(c->seq) + " entries, but the chain ends at entry " +
                        std::to_string(v.entries) + " (entries were removed)",
                    v.entries + 1);
    }
    // Each checkpoint on its own: another one at the same entry matching
    // (a key made to sign a rewritten chain too) excuses nothing.
    auto h = hashes.find(c->seq);
    if (h == hashes.end() || h->second != c->head) {
      auto next = matching.lower_bound(c->seq);
      std::int64_t below = next == matching.begin() ? 0 : *std::prev(next);
      return broken(name + ": it signs head " + short_hash(c->head) + " at entry " + std::to_string(c->seq) +
                        ", but the chain's hash there is " + short_hash(hashes[c->seq]) + " (an entry from " +
                        std::to_string(below + 1) + " to " + std::to_string(c->seq) + " was rewritten)",
                    below + 1);
    }
  }
  // An anchored checkpoint the database no longer stores was removed from it.
  std::set<std::string> stored_sigs;
  for (const auto& s : stored) stored_sigs.insert(s.sig);
  for (const auto& a : anchor ? *anchor : std::vector<AnchorLine>{}) {
    if (!stored_sigs.count(a.checkpoint.sig)) {
      return broken("anchor line " + std::to_string(a.line) + ": its checkpoint of entry " +
                        std::to_string(a.checkpoint.seq) + " (signed " + a.checkpoint.at +
                        ") is not among the database's stored checkpoints (they were removed)",
                    std::nullopt);
    }
    v.anchored = std::max(v.anchored, a.checkpoint.seq);
  }
  v.checkpoints = static_cast<std::int64_t>(checks.size());
  return v;
}

}  // namespace ariadne::store
