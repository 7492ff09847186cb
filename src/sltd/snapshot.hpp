// Offline copies for border posts without a network: a signed, compact file
// of keyed hashes and status bytes — never document numbers — and deltas
// that bring an older copy up to date.
//
// The copy carries the SipHash key (a check needs it to hash the number it
// looks up), so anyone holding the file can test guessed numbers against it:
// treat it as restricted material.
//
// Layout (little-endian): magic "ARSLTDv1", u32 format version (1), u8 kind
// (0 full, 1 delta), 3 zero bytes, i64 created_at (unix seconds), i64 seq (the
// change-log sequence it is current to: its VERSION), i64 base_seq (a delta's
// starting VERSION, 0 for a full copy), u64 additions, u64 removals, u32
// (state, class) pairs, u32 stolen-blank ranges left out (wider than
// kMaxRangeExpansion numbers), 16-byte SipHash key, 32-byte Ed25519 public
// key; then the pairs (3 state letters + class digit each), the additions'
// hashes (sorted), their status bytes, the removals' hashes, and a 64-byte
// Ed25519 signature over everything before it. 9 bytes per document.
//
// Documents listed in published notices travel too, keyed by the number
// alone (notice_number_hash) with the status byte kNoticeDocumentByte: an
// offline post learns that a number belongs to a notice's subject (nothing
// about the notice), and checks online for the rest. A delta re-sends every
// current notice document (a few thousand at most) and removes those of
// notices cancelled or expired since, unless another notice still lists them.
//
// Thread-safety: pure functions; an OfflineIndex is immutable once built.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sltd/index.hpp"
#include "store/database.hpp"

namespace ariadne::sltd {

inline constexpr std::uint32_t kSnapshotFormat = 1;
inline constexpr std::size_t kMaxRangeExpansion = 10000;
inline constexpr std::uint8_t kNoticeDocumentByte = 8;

using PublicKey = std::array<unsigned char, 32>;

struct SigningKeys {
  PublicKey public_key{};
  std::array<unsigned char, 64> secret_key{};
};
// The Ed25519 pair, generated on first use and kept in sltd_signing.
Result<SigningKeys> load_signing_keys(store::Database& db);
std::string to_hex(const PublicKey& key);
Result<PublicKey> public_key_from_hex(std::string_view hex);

struct Snapshot {
  bool delta = false;
  std::int64_t created_at = 0;
  std::int64_t seq = 0;
  std::int64_t base_seq = 0;
  IndexKey key;
  PublicKey signer{};
  std::vector<std::string> pairs;       // "FRA0": state and class digit, sorted
  std::vector<std::uint64_t> hashes;    // sorted, unique
  std::vector<std::uint8_t> statuses;   // DocumentStatus per hash, or kNoticeDocumentByte
  std::vector<std::uint64_t> removals;  // deltas only, sorted
  std::uint32_t ranges_omitted = 0;
};

// A full copy of the store now, or (since) the delta from that VERSION.
Result<Snapshot> export_snapshot(store::Database& db, std::optional<std::int64_t> since = std::nullopt);
// The signed bytes.
std::string encode_snapshot(const Snapshot& s, const SigningKeys& keys);
// Verifies the signature (against `trusted` when given, else the key in the
// file) and reads the file; integrity error for a tampered or foreign file.
Result<Snapshot> decode_snapshot(std::string_view bytes, const std::optional<PublicKey>& trusted = std::nullopt);
// base + delta: the delta must start at base's VERSION and share its key.
Result<Snapshot> apply_delta(const Snapshot& base, const Snapshot& delta);

struct OfflineMatch {
  MatchKind kind = MatchKind::exact;
  DocumentStatus status = DocumentStatus::stolen;
  std::string state;
  TypeClass cls = TypeClass::passport;
  std::string number;
};

// Checks against a copy. The sorted hashes are found through a directory of
// where each run of equal leading bits starts (about four hashes a run), so a
// probe reads a directory entry and one or two cache lines of hashes instead
// of binary-searching millions (a cache miss per step).
class OfflineIndex {
 public:
  explicit OfflineIndex(Snapshot s);
  std::vector<OfflineMatch> find(const Lookup& q) const;
  const Snapshot& snapshot() const { return s_; }

 private:
  void probe(const std::string& state, TypeClass cls, const std::string& number, MatchKind kind,
             std::vector<OfflineMatch>& out) const;
  bool listed_in_notice(const std::string& number) const;
  // The position of h among the hashes, or npos.
  std::size_t position(std::uint64_t h) const;
  Snapshot s_;
  int shift_ = 63;                     // a hash's run is h >> shift_
  std::vector<std::uint32_t> starts_;  // run r's hashes: [starts_[r], starts_[r + 1])
};

}  // namespace ariadne::sltd
