// Offline copies for border posts without a network: a signed, compact file
// of keyed hashes (their top bits) and statuses — never document numbers —
// and deltas that bring an older copy up to date.
//
// The copy carries the SipHash key (a check needs it to hash the number it
// looks up), so anyone holding the file can test guessed numbers against it:
// treat it as restricted material.
//
// Layout, format 2 (little-endian): magic "ARSLTDv2", u32 format version
// (2), u8 kind (0 full, 1 delta), u8 fingerprint bits F (61), u8 bucket bits
// b, 1 zero byte, i64 created_at (unix seconds), i64 seq (the change-log
// sequence it is current to: its VERSION), i64 base_seq (a delta's starting
// VERSION, 0 for a full copy), u64 additions n, u64 removals, u32 (state,
// class) pairs, u32 stolen-blank ranges left out (wider than
// kMaxRangeExpansion numbers), 16-byte SipHash key, 32-byte Ed25519 public
// key; then the pairs (3 state letters + class digit each); the additions,
// each hash cut to its top F bits (the fingerprint) and sorted, as
//   - the buckets: for each of the 2^b values of the top b bits, in order, a
//     1 bit per addition in it then a 0 bit (n + 2^b bits, padded to bytes);
//   - the entries: per addition, in order, an F - b + 3-bit value, the
//     fingerprint's bits below the bucket's shifted left 3 over a status
//     code (0-4 the DocumentStatus, 7 a notice document), the values packed
//     from the low bit (padded to bytes);
// then the removals' fingerprints (u64, sorted), and a 64-byte Ed25519
// signature over everything before it. b is the smallest with 2^b >= n (at
// most F - 1), so an addition costs F - b + 3 + 1 + 2^b/n (< 2) bits: 5.3
// bytes for 15 million hashes, 4.9 for 100 million. A lookup compares F
// bits, so a number not in the copy is falsely found with probability
// n / 2^F per (state, class) probed: under 10^-11 for 15 million hashes
// (under 10^-8 per check even when every pair of the copy is probed).
//
// Format 1 ("ARSLTDv1", still read): the same header with 3 zero bytes after
// the kind, then the pairs, the additions' whole 64-bit hashes (sorted),
// their status bytes (9 bytes per addition), the removals' hashes and the
// signature.
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

#include "common/huge_pages.hpp"
#include "common/result.hpp"
#include "sltd/index.hpp"
#include "store/database.hpp"

namespace ariadne::sltd {

inline constexpr std::uint32_t kSnapshotFormat = 2;
inline constexpr int kFingerprintBits = 61;
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
  // The top bits of each hash (addition or removal) the copy holds, the
  // others zero: 64 for an export or a format-1 file, F for a format-2 file.
  int hash_bits = 64;
};

// A full copy of the store now, or (since) the delta from that VERSION.
Result<Snapshot> export_snapshot(store::Database& db, std::optional<std::int64_t> since = std::nullopt);
// The signed bytes, format 2.
std::string encode_snapshot(const Snapshot& s, const SigningKeys& keys);
// The signed bytes in format 1, for readers that know no other; the hashes
// must be whole (hash_bits 64).
Result<std::string> encode_snapshot_v1(const Snapshot& s, const SigningKeys& keys);
// Verifies the signature (against `trusted` when given, else the key in the
// file) and reads the file (format 1 or 2); integrity error for a tampered or
// foreign file.
Result<Snapshot> decode_snapshot(std::string_view bytes, const std::optional<PublicKey>& trusted = std::nullopt);
// base + delta: the delta must start at base's VERSION and share its key.
// Hashes are compared on the fewer bits of the two (a format-1 copy updated
// by a format-2 delta keeps 61 bits).
Result<Snapshot> apply_delta(const Snapshot& base, const Snapshot& delta);

struct OfflineMatch {
  MatchKind kind = MatchKind::exact;
  DocumentStatus status = DocumentStatus::stolen;
  std::string state;
  TypeClass cls = TypeClass::passport;
  std::string number;
};

// Checks against a copy. The hashes sit in a flat table of 8-byte slots
// (fingerprint and status code; 0 empty) about 1.25 slots per hash, kept
// sorted with linear probing from each hash's home slot (fast range, monotone
// in the hash): a probe reads one cache line, rarely two, and a miss stops at
// the first larger hash. In memory the fingerprint is cut to 61 bits so the
// status fits beside it. Notice documents (a few thousand) sit apart in a
// small sorted array, so the per-check notice probe stays in cache.
class OfflineIndex {
 public:
  explicit OfflineIndex(Snapshot s);
  std::vector<OfflineMatch> find(const Lookup& q) const;
  // The copy's header fields (the hashes live in the table).
  const Snapshot& snapshot() const { return s_; }
  // Documents and notice documents held.
  std::size_t size() const { return size_; }

 private:
  void probe(std::uint64_t h, const std::string& state, TypeClass cls, const std::string& number, MatchKind kind,
             std::vector<OfflineMatch>& out) const;
  void probe(const std::string& state, TypeClass cls, const std::string& number, MatchKind kind,
             std::vector<OfflineMatch>& out) const;
  // The slot holding h's fingerprint, or 0.
  std::uint64_t slot(std::uint64_t h) const;
  std::size_t home(std::uint64_t h) const {
    __extension__ using U128 = unsigned __int128;
    return static_cast<std::size_t>((static_cast<U128>(h) * capacity_) >> 64);
  }
  bool listed_in_notice(std::uint64_t h) const;
  Snapshot s_;
  std::uint64_t mask_ = 0;  // the fingerprint bits compared
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> slots_;  // ends with an empty slot
  std::vector<std::uint64_t> notices_;                                  // sorted fingerprints
};

}  // namespace ariadne::sltd
