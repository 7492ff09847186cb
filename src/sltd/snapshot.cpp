#include "sltd/snapshot.hpp"

#include "sltd/document_rows.hpp"

#include <sodium.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <set>

#include "common/hex.hpp"
#include "common/time.hpp"
#include "ident/document_number.hpp"
#include "store/change_log.hpp"

namespace ariadne::sltd {

namespace {

constexpr char kMagicV1[8] = {'A', 'R', 'S', 'L', 'T', 'D', 'v', '1'};
constexpr char kMagicV2[8] = {'A', 'R', 'S', 'L', 'T', 'D', 'v', '2'};
constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + 8 * 5 + 4 + 4 + 16 + 32;
constexpr int kStatusBits = 3;
constexpr std::uint8_t kNoticeCode = 7;  // a notice document's status code in format 2
constexpr int kMaxBucketBits = 40;

// The top `bits` bits set.
std::uint64_t top_bits(int bits) {
  if (bits <= 0) return 0;
  return bits >= 64 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (64 - bits);
}

std::uint8_t status_code(std::uint8_t status) {
  return status == kNoticeDocumentByte ? kNoticeCode : static_cast<std::uint8_t>(status & 7);
}
std::optional<std::uint8_t> status_of_code(std::uint64_t code) {
  if (code <= static_cast<std::uint64_t>(DocumentStatus::stolen_blank)) return static_cast<std::uint8_t>(code);
  if (code == kNoticeCode) return kNoticeDocumentByte;
  return std::nullopt;
}
bool valid_status(std::uint8_t status) {
  return status_of_code(status_code(status)) == status;
}

// Keeps the top `bits` of each sorted hash. Two that become equal keep one
// entry, with a document's status over a notice document's (as an export
// does for equal hashes).
void cut_hashes(std::vector<std::uint64_t>& hashes, std::vector<std::uint8_t>* statuses, int bits) {
  if (bits >= 64) return;
  const auto mask = top_bits(bits);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    const auto h = hashes[i] & mask;
    if (kept > 0 && hashes[kept - 1] == h) {
      if (statuses && (*statuses)[kept - 1] == kNoticeDocumentByte) (*statuses)[kept - 1] = (*statuses)[i];
      continue;
    }
    hashes[kept] = h;
    if (statuses) (*statuses)[kept] = (*statuses)[i];
    ++kept;
  }
  hashes.resize(kept);
  if (statuses) statuses->resize(kept);
}

// Calls fn(fingerprint, status) for the additions cut to `mask`, merging
// those that become equal as cut_hashes does, without a copy.
template <class Fn>
void for_each_cut(const Snapshot& s, std::uint64_t mask, Fn&& fn) {
  for (std::size_t i = 0; i < s.hashes.size();) {
    const std::uint64_t h = s.hashes[i] & mask;
    std::uint8_t status = s.statuses[i];
    for (++i; i < s.hashes.size() && (s.hashes[i] & mask) == h; ++i) {
      if (status == kNoticeDocumentByte) status = s.statuses[i];
    }
    fn(h, status);
  }
}

// Bits packed from the low bit of each byte.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  // The low n (<= 64) bits of v.
  void put(std::uint64_t v, int n) {
    if (n > 32) {
      put(v & 0xFFFFFFFFU, 32);
      put(v >> 32, n - 32);
      return;
    }
    acc_ |= (v & ((std::uint64_t{1} << n) - 1)) << fill_;
    fill_ += n;
    for (; fill_ >= 8; fill_ -= 8, acc_ >>= 8) out_ += static_cast<char>(acc_ & 0xFF);
  }
  void flush() {
    if (fill_ > 0) out_ += static_cast<char>(acc_ & 0xFF);
    acc_ = 0;
    fill_ = 0;
  }

 private:
  std::string& out_;
  std::uint64_t acc_ = 0;
  int fill_ = 0;
};

// Eight bytes from `at`, little-endian, zeros past the end.
std::uint64_t load_le(std::string_view b, std::uint64_t at) {
  unsigned char bytes[8] = {};
  if (at < b.size()) std::memcpy(bytes, b.data() + at, std::min<std::uint64_t>(8, b.size() - at));
  std::uint64_t v = 0;
  for (int k = 7; k >= 0; --k) v = (v << 8) | bytes[k];
  return v;
}

// `width` (<= 64) bits from bit `at` of bits packed from the low bit.
std::uint64_t bits_at(std::string_view b, std::uint64_t at, int width) {
  assert(width >= 1 && width <= 64);
  const auto shift = static_cast<int>(at % 8);
  std::uint64_t v = load_le(b, at / 8) >> shift;
  if (shift + width > 64) v |= load_le(b, at / 8 + 8) << (64 - shift);
  return width == 64 ? v : v & ((std::uint64_t{1} << width) - 1);
}

// The smallest b with 2^b >= n (a bucket holds one hash or less on average:
// fewer buckets cost more bits below them than the buckets save), below the
// fingerprint's f bits.
int bucket_bits(std::uint64_t n, int f) {
  return std::min(static_cast<int>(std::bit_width(n > 0 ? n - 1 : 0)), f - 1);
}
std::uint64_t bytes_for(std::uint64_t bits) {
  return (bits + 7) / 8;
}

template <class T>
void put(std::string& out, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out += static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xFF);
}

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  template <class T>
  bool get(T& v) {
    if (b_.size() - pos_ < sizeof(T)) return false;
    std::uint64_t x = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      x |= static_cast<std::uint64_t>(static_cast<unsigned char>(b_[pos_ + i])) << (8 * i);
    v = static_cast<T>(x);
    pos_ += sizeof(T);
    return true;
  }
  bool bytes(unsigned char* out, std::size_t n) {
    if (b_.size() - pos_ < n) return false;
    if (n == 0) return true;  // out may be an empty vector's null data(), which memcpy must not see
    std::memcpy(out, b_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  std::size_t left() const { return b_.size() - pos_; }

 private:
  std::string_view b_;
  std::size_t pos_ = 0;
};

Error tampered(const std::string& why) {
  return Error{ErrorCode::integrity, "the offline copy is not intact: " + why, {}};
}

// The numbers of a stolen-blank range when the part that varies is digits and
// there are at most `limit` of them.
std::optional<std::vector<std::string>> expand_range(const std::string& first, const std::string& last,
                                                     std::size_t limit) {
  if (first.size() != last.size() || last < first) return std::nullopt;
  std::size_t p = 0;
  while (p < first.size() && first[p] == last[p]) ++p;
  if (p == first.size()) return std::vector<std::string>{first};
  std::size_t width = first.size() - p;
  if (width > 18) return std::nullopt;
  auto digits = [&](const std::string& s) {
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(p), s.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(first) || !digits(last)) return std::nullopt;
  std::uint64_t a = std::stoull(first.substr(p));
  std::uint64_t b = std::stoull(last.substr(p));
  if (b - a + 1 > limit) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(b - a + 1);
  std::string prefix = first.substr(0, p);
  for (std::uint64_t n = a; n <= b; ++n) {
    std::string tail = std::to_string(n);
    std::string number = prefix;
    number.append(width - tail.size(), '0');
    number += tail;
    out.push_back(std::move(number));
  }
  return out;
}

struct Collector {
  const IndexKey& key;
  // (hash, status) in reading order; finish() sorts them and keeps, for a
  // hash two records share, the status of the record read last. A vector
  // and one sort: a tree of 10 million nodes costs ten times the time.
  std::vector<std::pair<std::uint64_t, std::uint8_t>> adds;
  std::set<std::uint64_t> removals;
  std::set<std::string> pairs;
  std::uint32_t ranges_omitted = 0;

  // The hashes of one record (a range's numbers expanded); nullopt when too wide.
  std::optional<std::vector<std::uint64_t>> hashes(const std::string& state, TypeClass cls, const std::string& number,
                                                   DocumentStatus status, const std::optional<std::string>& end) {
    std::vector<std::uint64_t> out;
    if (status == DocumentStatus::stolen_blank && end && !end->empty()) {
      auto numbers = expand_range(number, *end, kMaxRangeExpansion);
      if (!numbers) return std::nullopt;
      for (const auto& n : *numbers) out.push_back(key_hash(key, state, cls, n));
    } else {
      out.push_back(key_hash(key, state, cls, number));
    }
    return out;
  }
  void add(const rows::DocumentKey& k, const std::string& today) {
    TypeClass cls = type_class(k.type);
    auto hs = hashes(k.issuing_state, cls, k.number, k.status, k.series_end);
    if (!hs) {
      ++ranges_omitted;
      return;
    }
    if (k.review_on < today) {  // past its review date: it no longer matches
      for (auto h : *hs) removals.insert(h);
      return;
    }
    for (auto h : *hs) adds.emplace_back(h, static_cast<std::uint8_t>(k.status));
    pairs.insert(k.issuing_state + std::to_string(static_cast<int>(cls)));
  }
  void finish() {
    std::stable_sort(adds.begin(), adds.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < adds.size(); ++i) {
      if (i + 1 < adds.size() && adds[i + 1].first == adds[i].first) continue;
      adds[kept++] = adds[i];
    }
    adds.resize(kept);
  }
  // After finish(): adds the hashes no record holds yet (a document record's
  // status wins a collision), keeping the order.
  void add_unless_present(const std::set<std::uint64_t>& hashes, std::uint8_t status) {
    auto middle = static_cast<std::ptrdiff_t>(adds.size());
    for (auto h : hashes) {
      auto it = std::lower_bound(adds.begin(), adds.begin() + middle, h,
                                 [](const auto& a, std::uint64_t v) { return a.first < v; });
      if (it == adds.begin() + middle || it->first != h) adds.emplace_back(h, status);
    }
    std::inplace_merge(adds.begin(), adds.begin() + middle, adds.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
  }
};

std::vector<std::uint64_t> notice_hashes(const IndexKey& key, const notices::Notice& n) {
  std::vector<std::uint64_t> out;
  if (!n.subject) return out;
  for (const auto& d : n.subject->documents) {
    std::string number = ident::normalise_document_number(d.number);
    if (!number.empty()) out.push_back(notice_number_hash(key, number));
  }
  return out;
}

// Every current notice document is added; a delta also removes those of the
// notices changed since its base (or past their expiry) that no current
// notice lists any more.
Status add_notice_documents(store::Database& db, const IndexKey& key, std::optional<std::int64_t> since,
                            const std::string& today, Collector& c) {
  std::set<std::uint64_t> current;
  ARIADNE_TRY(notices::for_each_searchable(db, [&](const notices::Notice& n) {
    for (auto h : notice_hashes(key, n)) current.insert(h);
    return true;
  }));
  c.add_unless_present(current, kNoticeDocumentByte);
  if (!since) return {};
  std::set<std::int64_t> changed;
  for (std::int64_t after = *since;;) {
    ARIADNE_ASSIGN(auto changes, store::changes_since(db, after, 10000));
    if (changes.empty()) break;
    for (const auto& ch : changes) {
      if (ch.table == "notices") changed.insert(std::stoll(ch.record_id));
    }
    after = changes.back().seq;
  }
  ARIADNE_ASSIGN(auto past_expiry, notices::published_past_expiry(db, today));
  changed.insert(past_expiry.begin(), past_expiry.end());
  for (auto id : changed) {
    ARIADNE_ASSIGN(auto n, notices::find_notice(db, id));
    if (!n) continue;
    for (auto h : notice_hashes(key, *n)) {
      if (!current.count(h)) c.removals.insert(h);
    }
  }
  return {};
}

}  // namespace

Result<SigningKeys> load_signing_keys(store::Database& db) {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  auto read = [&]() -> Result<std::optional<SigningKeys>> {
    ARIADNE_ASSIGN(auto rows, db.query("SELECT public_key, secret_key FROM sltd_signing WHERE id = 1"));
    if (rows.empty()) return std::optional<SigningKeys>{};
    SigningKeys k;
    std::string pub = rows.front().text(0), sec = rows.front().text(1);
    if (!hex_decode(pub, k.public_key.data(), k.public_key.size()) ||
        !hex_decode(sec, k.secret_key.data(), k.secret_key.size())) {
      return Error::internal("sltd_signing holds a malformed key pair");
    }
    return std::optional<SigningKeys>{k};
  };
  ARIADNE_ASSIGN(auto found, read());
  if (found) return *found;
  SigningKeys fresh;
  crypto_sign_keypair(fresh.public_key.data(), fresh.secret_key.data());
  std::string sec = hex_encode(fresh.secret_key.data(), fresh.secret_key.size());
  ARIADNE_TRY(
      db.execute("INSERT INTO sltd_signing (id, public_key, secret_key) VALUES (1, ?, ?) ON CONFLICT (id) DO "
                 "NOTHING",
                 {to_hex(fresh.public_key), sec}));
  sodium_memzero(sec.data(), sec.size());
  ARIADNE_ASSIGN(found, read());
  if (!found) return Error::internal("the signing keys could not be stored");
  return *found;
}

std::string to_hex(const PublicKey& key) {
  return hex_encode(key.data(), key.size());
}

Result<PublicKey> public_key_from_hex(std::string_view hex) {
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) hex.remove_suffix(1);
  PublicKey k{};
  if (!hex_decode(hex, k.data(), k.size())) {
    return Error::invalid("pubkey", "must be 64 hexadecimal digits (an Ed25519 public key)");
  }
  return k;
}

Result<Snapshot> export_snapshot(store::Database& db, std::optional<std::int64_t> since) {
  ARIADNE_ASSIGN(auto key, load_index_key(db));
  ARIADNE_ASSIGN(auto seq, store::last_change_seq(db));
  if (since && (*since < 0 || *since > seq)) {
    return Error::invalid("since",
                          "must be a VERSION from 0 to the current change-log sequence " + std::to_string(seq));
  }
  const std::string today = today_utc().iso();
  Collector c{key, {}, {}, {}, 0};
  Snapshot s;
  s.created_at = unix_now();
  s.seq = seq;
  s.key = key;
  if (!since) {
    ARIADNE_TRY(rows::for_each_key(db, [&](const rows::DocumentKey& k) {
      c.add(k, today);
      return true;
    }));
    c.removals.clear();  // a full copy removes nothing
    c.finish();
  } else {
    s.delta = true;
    s.base_seq = *since;
    std::set<std::int64_t> ids;
    for (std::int64_t after = *since;;) {
      ARIADNE_ASSIGN(auto changes, store::changes_since(db, after, 10000));
      if (changes.empty()) break;
      for (const auto& ch : changes) {
        if (ch.seq > seq) break;
        if (ch.table == "documents") ids.insert(std::stoll(ch.record_id));
      }
      after = changes.back().seq;
      if (after >= seq) break;
    }
    for (auto id : ids) {
      ARIADNE_ASSIGN(auto k, rows::find_key(db, DocumentId{id}));
      if (k) {
        c.add(*k, today);
        continue;
      }
      ARIADNE_ASSIGN(auto gone, rows::find_removed(db, DocumentId{id}));
      if (!gone) continue;
      TypeClass cls = type_class(gone->type);
      const auto& end = gone->series_end;
      auto hs = c.hashes(gone->issuing_state, cls, gone->number,
                         end ? DocumentStatus::stolen_blank : DocumentStatus::stolen, end);
      if (hs) c.removals.insert(hs->begin(), hs->end());
    }
    // Records whose review date passed since the base copy stop matching too.
    ARIADNE_TRY(rows::for_each_key(
        db,
        [&](const rows::DocumentKey& k) {
          c.add(k, today);
          return true;
        },
        today));
    c.finish();
    for (const auto& [h, _] : c.adds) c.removals.erase(h);
  }
  ARIADNE_TRY(add_notice_documents(db, key, since, today, c));
  s.pairs.assign(c.pairs.begin(), c.pairs.end());
  s.hashes.reserve(c.adds.size());
  s.statuses.reserve(c.adds.size());
  for (const auto& [h, st] : c.adds) {
    s.hashes.push_back(h);
    s.statuses.push_back(st);
  }
  s.removals.assign(c.removals.begin(), c.removals.end());
  s.ranges_omitted = c.ranges_omitted;
  return s;
}

namespace {

// The header; `b1`, `b2` are format 2's fingerprint and bucket bits.
std::string header(const Snapshot& s, const SigningKeys& keys, const char (&magic)[8], std::uint32_t format,
                   std::uint64_t additions, std::uint8_t b1, std::uint8_t b2) {
  std::string out(magic, sizeof magic);
  put<std::uint32_t>(out, format);
  put<std::uint8_t>(out, s.delta ? 1 : 0);
  put<std::uint8_t>(out, b1);
  put<std::uint8_t>(out, b2);
  put<std::uint8_t>(out, 0);
  put<std::int64_t>(out, s.created_at);
  put<std::int64_t>(out, s.seq);
  put<std::int64_t>(out, s.base_seq);
  put<std::uint64_t>(out, additions);
  put<std::uint64_t>(out, s.removals.size());
  put<std::uint32_t>(out, static_cast<std::uint32_t>(s.pairs.size()));
  put<std::uint32_t>(out, s.ranges_omitted);
  out.append(reinterpret_cast<const char*>(s.key.bytes.data()), s.key.bytes.size());
  out.append(reinterpret_cast<const char*>(keys.public_key.data()), keys.public_key.size());
  for (const auto& p : s.pairs) out.append((p + "    ").substr(0, 4));
  return out;
}

void sign(std::string& out, const SigningKeys& keys) {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(out.data()), out.size(),
                       keys.secret_key.data());
  out.append(reinterpret_cast<const char*>(sig), sizeof sig);
}

// The buckets (unary counts) then the entries of format 2.
void put_additions(std::string& out, const Snapshot& s, int f, int b) {
  const auto mask = top_bits(f);
  const int rest = f - b;
  const std::uint64_t buckets = std::uint64_t{1} << b;
  {
    BitWriter w(out);
    std::uint64_t bucket = 0, run = 0;
    auto close_until = [&](std::uint64_t upto) {
      for (; bucket < upto; ++bucket, run = 0) {
        for (; run > 63; run -= 63) w.put(~std::uint64_t{0} >> 1, 63);
        w.put((std::uint64_t{1} << run) - 1, static_cast<int>(run) + 1);  // run ones, a zero
      }
    };
    for_each_cut(s, mask, [&](std::uint64_t h, std::uint8_t) {
      close_until(b == 0 ? 0 : h >> (64 - b));
      ++run;
    });
    close_until(buckets);
    w.flush();
  }
  BitWriter w(out);
  for_each_cut(s, mask, [&](std::uint64_t h, std::uint8_t status) {
    const std::uint64_t below = rest == 0 ? 0 : (h << b) >> (64 - rest);
    w.put((below << kStatusBits) | status_code(status), rest + kStatusBits);
  });
  w.flush();
}

}  // namespace

std::string encode_snapshot(const Snapshot& s, const SigningKeys& keys) {
  const int f = std::clamp(s.hash_bits, 1, kFingerprintBits);
  std::uint64_t n = 0;
  for_each_cut(s, top_bits(f), [&](std::uint64_t, std::uint8_t) { ++n; });
  const int b = bucket_bits(n, f);
  std::string out =
      header(s, keys, kMagicV2, kSnapshotFormat, n, static_cast<std::uint8_t>(f), static_cast<std::uint8_t>(b));
  out.reserve(out.size() + bytes_for(n + (std::uint64_t{1} << b)) + bytes_for(n * (f - b + kStatusBits)) +
              s.removals.size() * 8 + crypto_sign_BYTES);
  put_additions(out, s, f, b);
  std::vector<std::uint64_t> removals = s.removals;
  cut_hashes(removals, nullptr, f);
  for (auto h : removals) put<std::uint64_t>(out, h);
  sign(out, keys);
  return out;
}

Result<std::string> encode_snapshot_v1(const Snapshot& s, const SigningKeys& keys) {
  if (s.hash_bits != 64) {
    return Error::invalid(
        "format", "format 1 holds whole hashes; this copy keeps " + std::to_string(s.hash_bits) + " bits of each");
  }
  std::string out = header(s, keys, kMagicV1, 1, s.hashes.size(), 0, 0);
  out.reserve(out.size() + s.hashes.size() * 9 + s.removals.size() * 8 + crypto_sign_BYTES);
  for (auto h : s.hashes) put<std::uint64_t>(out, h);
  out.append(reinterpret_cast<const char*>(s.statuses.data()), s.statuses.size());
  for (auto h : s.removals) put<std::uint64_t>(out, h);
  sign(out, keys);
  return out;
}

namespace {

struct Header {
  std::uint32_t format = 0, pairs = 0;
  std::uint8_t kind = 0, fingerprint_bits = 0, bucket_bits = 0;
  std::uint64_t adds = 0, removals = 0;
};

Status read_pairs(Reader& r, std::uint32_t pairs, Snapshot& s) {
  for (std::uint32_t i = 0; i < pairs; ++i) {
    unsigned char p[4];
    if (!r.bytes(p, 4)) return tampered("truncated pairs");
    s.pairs.emplace_back(reinterpret_cast<const char*>(p), 4);
  }
  return {};
}

Status read_removals(Reader& r, std::uint64_t removals, Snapshot& s) {
  s.removals.resize(removals);
  for (auto& h : s.removals) (void)r.get(h);
  return {};
}

Status read_v1(Reader& r, const Header& h, Snapshot& s) {
  if (h.adds > r.left() / 9 || h.removals > r.left() / 8 ||
      r.left() != std::uint64_t{h.pairs} * 4 + h.adds * 9 + h.removals * 8) {
    return tampered("the sections do not add up to the file's length");
  }
  ARIADNE_TRY(read_pairs(r, h.pairs, s));
  s.hashes.resize(h.adds);
  for (auto& x : s.hashes) (void)r.get(x);
  s.statuses.resize(h.adds);
  (void)r.bytes(s.statuses.data(), h.adds);
  if (!std::all_of(s.statuses.begin(), s.statuses.end(), valid_status)) return tampered("unknown status byte");
  ARIADNE_TRY(read_removals(r, h.removals, s));
  if (!std::is_sorted(s.hashes.begin(), s.hashes.end())) return tampered("hashes out of order");
  return {};
}

// Rebuilds the cut hashes from the buckets and entries of format 2. The
// i-th 1 bit of the buckets, at bit p, is an addition of bucket p - i (the
// zeros before it), so the ones are visited a word at a time.
Status read_additions(std::string_view buckets, std::string_view entries, const Header& h, Snapshot& s) {
  const int f = h.fingerprint_bits, b = h.bucket_bits, width = f - b + kStatusBits;
  const std::uint64_t bucket_count = std::uint64_t{1} << b, total = h.adds + bucket_count;
  s.hashes.resize(h.adds);
  s.statuses.resize(h.adds);
  std::uint64_t i = 0;
  for (std::uint64_t word_at = 0; word_at < total; word_at += 64) {
    std::uint64_t word = load_le(buckets, word_at / 8);
    if (total - word_at < 64) word &= (std::uint64_t{1} << (total - word_at)) - 1;
    for (; word != 0; word &= word - 1, ++i) {
      const std::uint64_t bucket = word_at + static_cast<std::uint64_t>(std::countr_zero(word)) - i;
      if (i == h.adds || bucket >= bucket_count) return tampered("the buckets do not match the additions");
      const auto v = bits_at(entries, i * static_cast<std::uint64_t>(width), width);
      const auto status = status_of_code(v & 7);
      if (!status) return tampered("unknown status code");
      const std::uint64_t high = b == 0 ? 0 : bucket << (64 - b);
      s.hashes[i] = high | ((v >> kStatusBits) << (64 - f));
      s.statuses[i] = *status;
      if (i > 0 && s.hashes[i] <= s.hashes[i - 1]) return tampered("hashes out of order");
    }
  }
  if (i != h.adds) return tampered("the buckets do not match the additions");
  s.hash_bits = f;
  return {};
}

Status read_v2(Reader& r, std::string_view body, const Header& h, Snapshot& s) {
  const int f = h.fingerprint_bits, b = h.bucket_bits;
  const std::uint64_t left = r.left();
  // No writer cuts fingerprints wider than kFingerprintBits, which keeps an
  // entry (f - b fingerprint bits and the status) within the 64 bits read at once.
  if (f < 1 || f > kFingerprintBits || b >= f || b > kMaxBucketBits || h.adds > left * 8 || h.removals > left / 8) {
    return tampered("impossible fingerprint or bucket sizes");
  }
  const std::uint64_t bucket_bytes = bytes_for(h.adds + (std::uint64_t{1} << b));
  const std::uint64_t entry_bytes = bytes_for(h.adds * static_cast<std::uint64_t>(f - b + kStatusBits));
  if (left != std::uint64_t{h.pairs} * 4 + bucket_bytes + entry_bytes + h.removals * 8) {
    return tampered("the sections do not add up to the file's length");
  }
  ARIADNE_TRY(read_pairs(r, h.pairs, s));
  const std::size_t at = body.size() - r.left();
  ARIADNE_TRY(read_additions(body.substr(at, bucket_bytes), body.substr(at + bucket_bytes, entry_bytes), h, s));
  Reader rest(body.substr(at + bucket_bytes + entry_bytes));
  return read_removals(rest, h.removals, s);
}

}  // namespace

Result<Snapshot> decode_snapshot(std::string_view bytes, const std::optional<PublicKey>& trusted) {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  if (bytes.size() < kHeaderBytes + crypto_sign_BYTES) return tampered("not an Ariadne offline copy (too short)");
  const bool v1 = std::memcmp(bytes.data(), kMagicV1, sizeof kMagicV1) == 0;
  if (!v1 && std::memcmp(bytes.data(), kMagicV2, sizeof kMagicV2) != 0) {
    return tampered("not an Ariadne offline copy (bad magic)");
  }
  Snapshot s;
  std::string_view body = bytes.substr(0, bytes.size() - crypto_sign_BYTES);
  Reader r(body);
  char magic[8];
  Header h;
  std::uint8_t pad = 0;
  (void)r.bytes(reinterpret_cast<unsigned char*>(magic), 8);
  bool ok = r.get(h.format) && r.get(h.kind) && r.get(h.fingerprint_bits) && r.get(h.bucket_bits) && r.get(pad) &&
            r.get(s.created_at) && r.get(s.seq) && r.get(s.base_seq) && r.get(h.adds) && r.get(h.removals) &&
            r.get(h.pairs) && r.get(s.ranges_omitted) && r.bytes(s.key.bytes.data(), 16) &&
            r.bytes(s.signer.data(), 32);
  if (!ok) return tampered("truncated header");
  if (h.format != (v1 ? 1U : kSnapshotFormat)) {
    return tampered("format version " + std::to_string(h.format) + " is not supported");
  }
  const unsigned char* sig = reinterpret_cast<const unsigned char*>(bytes.data() + body.size());
  if (trusted && *trusted != s.signer) return tampered("signed by a key other than the trusted public key");
  if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                                  s.signer.data()) != 0) {
    return tampered("the signature does not verify (the file was changed or damaged)");
  }
  if (h.kind > 1) return tampered("unknown kind");
  s.delta = h.kind == 1;
  ARIADNE_TRY(v1 ? read_v1(r, h, s) : read_v2(r, body, h, s));
  return s;
}

Result<Snapshot> apply_delta(const Snapshot& base, const Snapshot& delta) {
  if (!delta.delta) return Error::invalid("delta", "is a full copy, not a delta");
  if (base.delta) return Error::invalid("offline", "is a delta, not a full copy");
  if (delta.base_seq != base.seq) {
    return Error::invalid("delta", "starts at VERSION " + std::to_string(delta.base_seq) + " but the copy is at " +
                                       std::to_string(base.seq));
  }
  if (base.key.bytes != delta.key.bytes) return tampered("the delta was made with another index key");
  const int bits = std::min(base.hash_bits, delta.hash_bits);
  Snapshot out = base;
  out.seq = delta.seq;
  out.created_at = delta.created_at;
  out.hash_bits = bits;
  std::vector<std::uint64_t> old = std::move(out.hashes), added = delta.hashes, removals = delta.removals;
  std::vector<std::uint8_t> old_statuses = std::move(out.statuses), added_statuses = delta.statuses;
  cut_hashes(old, &old_statuses, bits);
  cut_hashes(added, &added_statuses, bits);
  cut_hashes(removals, nullptr, bits);
  out.hashes.clear();
  out.statuses.clear();
  out.hashes.reserve(old.size() + added.size());
  out.statuses.reserve(old.size() + added.size());
  std::size_t i = 0, j = 0;
  auto removed = [&](std::uint64_t h) { return std::binary_search(removals.begin(), removals.end(), h); };
  while (i < old.size() || j < added.size()) {
    if (j == added.size() || (i < old.size() && old[i] < added[j])) {
      if (!removed(old[i])) {
        out.hashes.push_back(old[i]);
        out.statuses.push_back(old_statuses[i]);
      }
      ++i;
    } else {
      if (i < old.size() && old[i] == added[j]) ++i;  // the delta's status wins
      out.hashes.push_back(added[j]);
      out.statuses.push_back(added_statuses[j]);
      ++j;
    }
  }
  std::set<std::string> pairs(base.pairs.begin(), base.pairs.end());
  pairs.insert(delta.pairs.begin(), delta.pairs.end());
  out.pairs.assign(pairs.begin(), pairs.end());
  out.ranges_omitted = delta.ranges_omitted;
  return out;
}

namespace {

constexpr int kSlotBits = 61;  // the fingerprint kept in a slot; its low 3 bits hold the status
constexpr double kLoad = 0.8;  // hashes per slot
constexpr std::uint64_t kStatusMask = 7;

std::uint64_t slot_status(std::uint8_t status) {
  return std::min<std::uint64_t>(status & 7, 4) + 1;
}

}  // namespace

OfflineIndex::OfflineIndex(Snapshot s) : s_(std::move(s)) {
  mask_ = top_bits(std::min(s_.hash_bits, kSlotBits));
  size_ = s_.hashes.size();
  std::size_t documents = 0;
  for (std::size_t i = 0; i < size_; ++i) {
    if (s_.statuses[i] == kNoticeDocumentByte) {
      notices_.push_back(s_.hashes[i] & mask_);
    } else {
      ++documents;
    }
  }
  notices_.erase(std::unique(notices_.begin(), notices_.end()), notices_.end());
  capacity_ = documents == 0 ? 0 : static_cast<std::size_t>(static_cast<double>(documents) / kLoad) + 1;
  slots_.assign(capacity_ + 64, 0);
  std::size_t next = 0;
  for (std::size_t i = 0; i < size_; ++i) {
    if (s_.statuses[i] == kNoticeDocumentByte) continue;
    const std::uint64_t fp = s_.hashes[i] & mask_;
    if (next > 0 && (slots_[next - 1] & ~kStatusMask) == fp && slots_[next - 1] != 0) continue;  // cut to equal
    const std::size_t at = std::max(home(fp), next);
    if (at + 2 > slots_.size()) slots_.resize(at + 64, 0);
    slots_[at] = fp | slot_status(s_.statuses[i]);
    next = at + 1;
  }
  // The table holds them now.
  std::vector<std::uint64_t>().swap(s_.hashes);
  std::vector<std::uint8_t>().swap(s_.statuses);
}

std::uint64_t OfflineIndex::slot(std::uint64_t h) const {
  if (capacity_ == 0) return 0;
  const std::uint64_t fp = h & mask_;
  const std::uint64_t* s = slots_.data() + home(fp);
  while (*s != 0 && (*s & ~kStatusMask) < fp) ++s;
  return *s != 0 && (*s & ~kStatusMask) == fp ? *s : 0;
}

void OfflineIndex::probe(std::uint64_t h, const std::string& state, TypeClass cls, const std::string& number,
                         MatchKind kind, std::vector<OfflineMatch>& out) const {
  const auto found = slot(h);
  if (found == 0) return;
  out.push_back({kind, static_cast<DocumentStatus>((found & kStatusMask) - 1), state, cls, number});
}

void OfflineIndex::probe(const std::string& state, TypeClass cls, const std::string& number, MatchKind kind,
                         std::vector<OfflineMatch>& out) const {
  probe(key_hash(s_.key, state, cls, number), state, cls, number, kind, out);
}

bool OfflineIndex::listed_in_notice(std::uint64_t h) const {
  return std::binary_search(notices_.begin(), notices_.end(), h & mask_);
}

std::vector<OfflineMatch> OfflineIndex::find(const Lookup& q) const {
  std::vector<OfflineMatch> out;
  if (q.number.empty()) return out;
  // A copy without notice documents needs no hash of the number alone.
  auto in_notice = [&] { return !notices_.empty() && listed_in_notice(notice_number_hash(s_.key, q.number)); };
  std::vector<std::pair<std::string, TypeClass>> targets;
  bool notice = false;
  if (q.state && q.cls) {
    // The common case, probed without building the list (needed only for
    // near numbers); the notice hash is computed while the slot's line loads.
    const auto h = key_hash(s_.key, *q.state, *q.cls, q.number);
    if (capacity_ != 0) __builtin_prefetch(slots_.data() + home(h & mask_));
    notice = in_notice();
    probe(h, *q.state, *q.cls, q.number, MatchKind::exact, out);
    if (q.near) targets.emplace_back(*q.state, *q.cls);
  } else {
    for (const auto& p : s_.pairs) {
      if (p.size() != 4 || p[3] < '0' || p[3] > '3') continue;
      std::string state = p.substr(0, 3);
      auto cls = static_cast<TypeClass>(p[3] - '0');
      if (q.state && state != *q.state) continue;
      if (q.cls && cls != *q.cls) continue;
      targets.emplace_back(state, cls);
    }
    for (const auto& [state, cls] : targets) probe(state, cls, q.number, MatchKind::exact, out);
    notice = in_notice();
  }
  if (notice) out.push_back({MatchKind::notice_document, DocumentStatus::stolen, "", TypeClass::other, q.number});
  if (q.near) {
    std::string variant = q.number;
    for (std::size_t i = 0; i < variant.size(); ++i) {
      auto partner = ocr_partner(variant[i]);
      if (!partner) continue;
      char original = variant[i];
      variant[i] = *partner;
      for (const auto& [state, cls] : targets) probe(state, cls, variant, MatchKind::near, out);
      variant[i] = original;
    }
  }
  return out;
}

}  // namespace ariadne::sltd
