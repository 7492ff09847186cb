// Anchors for the audit chain. The chain alone (audit.hpp) has no secret:
// whoever holds the database file can truncate it, recompute every hash or
// drop it. A checkpoint is an Ed25519 signature over the chain's identity, an
// entry count and the hash of that entry, made with a key kept in a file
// outside the database. Checkpoints are stored in the database (servers hand
// them out as witnesses) and appended to an anchor file (JSON Lines) kept
// elsewhere; audit_verify_anchored checks the database against both, so a
// rewrite of any anchored entry is exposed. Entries after the last checkpoint
// are protected by the chain only.
//
// Thread-safety: the functions share no state; a checkpoint is written in one
// transaction of the Database (which is thread-safe).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/audit.hpp"
#include "store/database.hpp"

namespace ariadne::store {

using AuditPublicKey = std::array<unsigned char, 32>;

// An Ed25519 key pair. The secret lives in libsodium's guarded allocation:
// locked in memory (never swapped to disk, left out of core dumps), read-only
// once set, between guard pages, and wiped when the key is destroyed. A key is
// moved, never copied, so one copy of the secret exists.
class AuditKey {
 public:
  static constexpr std::size_t kSecretBytes = 64;
  AuditPublicKey public_key{};

  AuditKey();  // an empty, writable secret: fill it through writable_secret(), then seal()
  AuditKey(AuditKey&& other) noexcept;
  AuditKey& operator=(AuditKey&& other) noexcept;
  AuditKey(const AuditKey&) = delete;
  AuditKey& operator=(const AuditKey&) = delete;
  ~AuditKey();

  const unsigned char* secret_key() const { return secret_; }
  unsigned char* writable_secret() { return secret_; }
  void seal();  // read-only from now on
  bool ok() const { return secret_ != nullptr; }

 private:
  unsigned char* secret_ = nullptr;
};

// Creates `path` (mode 0600; an existing file is never overwritten) holding a
// new secret key as hex, and returns the key.
Result<AuditKey> audit_keygen(const std::string& path);
// Loads a key file; refuses one that is not a regular file owned by the
// current user, or that group or others may read or write.
Result<AuditKey> load_audit_key(const std::string& path);
// 64 hex digits, or the file holding them (as keygen's public key output).
Result<AuditPublicKey> parse_audit_public_key(const std::string& hex_or_file);
std::string to_hex(const AuditPublicKey& key);
// First 16 hex digits of the key's SHA-256: names the key in checkpoints.
std::string audit_key_id(const AuditPublicKey& key);

struct AuditCheckpoint {
  std::string chain;     // the database's chain identity (audit_chain_id)
  std::int64_t seq = 0;  // entries 1..seq are covered
  std::string head;      // hash of entry seq (kAuditGenesis for 0)
  std::string at;        // when it was signed
  std::string key;       // audit_key_id of the signer
  std::string sig;       // hex Ed25519 signature over checkpoint_message
};

// The bytes signed: a fixed prefix, then the fields in a fixed order.
std::string checkpoint_message(const AuditCheckpoint& c);
bool checkpoint_signed_by(const AuditCheckpoint& c, const AuditPublicKey& key);
// {"chain","seq","head","at","key","sig"}: one anchor line, or a witness.
nlohmann::json to_json(const AuditCheckpoint& c);
Result<AuditCheckpoint> checkpoint_from_json(const nlohmann::json& j);

// The random identity of this database's chain, made on first use.
Result<std::string> audit_chain_id(Database& db);

struct CheckpointOptions {
  std::string anchor_out;      // when set, the checkpoint is also appended to this file
  bool only_when_new = false;  // skip when the newest checkpoint by this key already covers the head
};
// Verifies the entries after the newest checkpoint this key signed, then signs
// the head and stores the checkpoint in one transaction (a failure stores
// nothing), then appends it to the anchor file. A failed append leaves the
// checkpoint stored but unanchored, which verifies, and is reported as an
// error naming the checkpoint. nullopt when skipped.
// An integrity error when the chain does not verify: a broken chain is never signed.
Result<std::optional<AuditCheckpoint>> audit_checkpoint(Database& db, const AuditKey& key,
                                                        const CheckpointOptions& options = {});
// The newest stored checkpoint, if any.
Result<std::optional<AuditCheckpoint>> latest_checkpoint(Database& db);

struct AnchorLine {
  std::size_t line = 0;  // 1-based line number in the anchor file
  AuditCheckpoint checkpoint;
};
// Reads an anchor file (JSON Lines of checkpoints). A file that cannot be read
// is invalid input; a line that is not a checkpoint is an integrity error
// naming its number.
Result<std::vector<AnchorLine>> read_anchor(const std::string& path);

// audit_verify, and with a public key every stored checkpoint's signature and
// head; with anchor lines (which need the key) also each of theirs, and that
// each is among the stored ones. The verdict names the first inconsistency.
Result<AuditVerdict> audit_verify_anchored(Database& db, const std::optional<AuditPublicKey>& key,
                                           const std::optional<std::vector<AnchorLine>>& anchor);

}  // namespace ariadne::store
