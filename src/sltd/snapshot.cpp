#include "sltd/snapshot.hpp"

#include <sodium.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <set>

#include "common/time.hpp"
#include "store/change_log.hpp"

namespace ariadne::sltd {

namespace {

constexpr char kMagic[8] = {'A', 'R', 'S', 'L', 'T', 'D', 'v', '1'};
constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + 8 * 5 + 4 + 4 + 16 + 32;

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
  void add(const store::Row& r, const std::string& today) {
    std::string state = r.text(1);
    TypeClass cls = type_class(parse_document_type(r.text(2)).value_or(DocumentType::other));
    auto status = parse_document_status(r.text(4)).value_or(DocumentStatus::stolen);
    auto hs = hashes(state, cls, r.text(3), status, r.opt_text(5));
    if (!hs) {
      ++ranges_omitted;
      return;
    }
    if (r.text(6) < today) {  // past its review date: it no longer matches
      for (auto h : *hs) removals.insert(h);
      return;
    }
    for (auto h : *hs) adds.emplace_back(h, static_cast<std::uint8_t>(status));
    pairs.insert(state + std::to_string(static_cast<int>(cls)));
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

constexpr const char* kColumns = "id, issuing_state, type, number, status, series_end, review_on";

std::vector<std::uint64_t> notice_hashes(const IndexKey& key, const notices::Notice& n) {
  std::vector<std::uint64_t> out;
  if (!n.subject) return out;
  for (const auto& d : n.subject->documents) {
    std::string number = normalise_number(d.number);
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
  ARIADNE_TRY(db.for_each("SELECT id FROM notices WHERE status = 'published' AND expires_on < ?", {today},
                          [&](const store::Row& r) {
                            changed.insert(r.integer(0));
                            return true;
                          }));
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
    std::size_t a = 0, b = 0;
    if (sodium_hex2bin(k.public_key.data(), k.public_key.size(), pub.data(), pub.size(), nullptr, &a, nullptr) != 0 ||
        sodium_hex2bin(k.secret_key.data(), k.secret_key.size(), sec.data(), sec.size(), nullptr, &b, nullptr) != 0 ||
        a != k.public_key.size() || b != k.secret_key.size()) {
      return Error::internal("sltd_signing holds a malformed key pair");
    }
    return std::optional<SigningKeys>{k};
  };
  ARIADNE_ASSIGN(auto found, read());
  if (found) return *found;
  SigningKeys fresh;
  crypto_sign_keypair(fresh.public_key.data(), fresh.secret_key.data());
  std::string sec(fresh.secret_key.size() * 2 + 1, '\0');
  sodium_bin2hex(sec.data(), sec.size(), fresh.secret_key.data(), fresh.secret_key.size());
  sec.pop_back();
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
  std::string hex(key.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
  hex.pop_back();
  return hex;
}

Result<PublicKey> public_key_from_hex(std::string_view hex) {
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) hex.remove_suffix(1);
  PublicKey k{};
  std::size_t n = 0;
  if (sodium_hex2bin(k.data(), k.size(), hex.data(), hex.size(), nullptr, &n, nullptr) != 0 || n != k.size()) {
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
    ARIADNE_TRY(db.for_each(std::string("SELECT ") + kColumns + " FROM documents", {}, [&](const store::Row& r) {
      c.add(r, today);
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
      ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kColumns + " FROM documents WHERE id = ?", {id}));
      if (!rows.empty()) {
        c.add(rows.front(), today);
        continue;
      }
      ARIADNE_ASSIGN(auto gone, db.query("SELECT issuing_state, type, number, series_end FROM sltd_removed WHERE "
                                         "record_id = ?",
                                         {id}));
      if (gone.empty()) continue;
      const auto& g = gone.front();
      TypeClass cls = type_class(parse_document_type(g.text(1)).value_or(DocumentType::other));
      auto end = g.opt_text(3);
      auto hs = c.hashes(g.text(0), cls, g.text(2), end ? DocumentStatus::stolen_blank : DocumentStatus::stolen, end);
      if (hs) c.removals.insert(hs->begin(), hs->end());
    }
    // Records whose review date passed since the base copy stop matching too.
    ARIADNE_TRY(db.for_each(std::string("SELECT ") + kColumns + " FROM documents WHERE review_on < ?", {today},
                            [&](const store::Row& r) {
                              c.add(r, today);
                              return true;
                            }));
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

std::string encode_snapshot(const Snapshot& s, const SigningKeys& keys) {
  std::string out(kMagic, sizeof kMagic);
  out.reserve(kHeaderBytes + s.pairs.size() * 4 + s.hashes.size() * 9 + s.removals.size() * 8 + 64);
  put<std::uint32_t>(out, kSnapshotFormat);
  put<std::uint8_t>(out, s.delta ? 1 : 0);
  out.append(3, '\0');
  put<std::int64_t>(out, s.created_at);
  put<std::int64_t>(out, s.seq);
  put<std::int64_t>(out, s.base_seq);
  put<std::uint64_t>(out, s.hashes.size());
  put<std::uint64_t>(out, s.removals.size());
  put<std::uint32_t>(out, static_cast<std::uint32_t>(s.pairs.size()));
  put<std::uint32_t>(out, s.ranges_omitted);
  out.append(reinterpret_cast<const char*>(s.key.bytes.data()), s.key.bytes.size());
  out.append(reinterpret_cast<const char*>(keys.public_key.data()), keys.public_key.size());
  for (const auto& p : s.pairs) out.append((p + "    ").substr(0, 4));
  for (auto h : s.hashes) put<std::uint64_t>(out, h);
  out.append(reinterpret_cast<const char*>(s.statuses.data()), s.statuses.size());
  for (auto h : s.removals) put<std::uint64_t>(out, h);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(out.data()), out.size(),
                       keys.secret_key.data());
  out.append(reinterpret_cast<const char*>(sig), sizeof sig);
  return out;
}

Result<Snapshot> decode_snapshot(std::string_view bytes, const std::optional<PublicKey>& trusted) {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  if (bytes.size() < kHeaderBytes + crypto_sign_BYTES || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return tampered("not an Ariadne offline copy (bad magic or too short)");
  }
  Snapshot s;
  std::string_view body = bytes.substr(0, bytes.size() - crypto_sign_BYTES);
  Reader r(body);
  char magic[8];
  std::uint32_t format = 0, pairs = 0;
  std::uint8_t kind = 0, pad = 0;
  std::uint64_t adds = 0, removals = 0;
  (void)r.bytes(reinterpret_cast<unsigned char*>(magic), 8);
  bool ok = r.get(format) && r.get(kind) && r.get(pad) && r.get(pad) && r.get(pad) && r.get(s.created_at) &&
            r.get(s.seq) && r.get(s.base_seq) && r.get(adds) && r.get(removals) && r.get(pairs) &&
            r.get(s.ranges_omitted) && r.bytes(s.key.bytes.data(), 16) && r.bytes(s.signer.data(), 32);
  if (!ok) return tampered("truncated header");
  if (format != kSnapshotFormat) return tampered("format version " + std::to_string(format) + " is not supported");
  const unsigned char* sig = reinterpret_cast<const unsigned char*>(bytes.data() + body.size());
  if (trusted && *trusted != s.signer) return tampered("signed by a key other than the trusted public key");
  if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                                  s.signer.data()) != 0) {
    return tampered("the signature does not verify (the file was changed or damaged)");
  }
  if (kind > 1 || adds > r.left() / 9 || removals > r.left() / 8 ||
      r.left() != std::uint64_t{pairs} * 4 + adds * 9 + removals * 8) {
    return tampered("the sections do not add up to the file's length");
  }
  s.delta = kind == 1;
  for (std::uint32_t i = 0; i < pairs; ++i) {
    unsigned char p[4];
    (void)r.bytes(p, 4);
    s.pairs.emplace_back(reinterpret_cast<const char*>(p), 4);
  }
  s.hashes.resize(adds);
  for (auto& h : s.hashes) (void)r.get(h);
  s.statuses.resize(adds);
  (void)r.bytes(s.statuses.data(), adds);
  s.removals.resize(removals);
  for (auto& h : s.removals) (void)r.get(h);
  if (!std::is_sorted(s.hashes.begin(), s.hashes.end())) return tampered("hashes out of order");
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
  Snapshot out = base;
  out.seq = delta.seq;
  out.created_at = delta.created_at;
  out.hashes.clear();
  out.statuses.clear();
  std::size_t i = 0, j = 0;
  auto removed = [&](std::uint64_t h) { return std::binary_search(delta.removals.begin(), delta.removals.end(), h); };
  while (i < base.hashes.size() || j < delta.hashes.size()) {
    if (j == delta.hashes.size() || (i < base.hashes.size() && base.hashes[i] < delta.hashes[j])) {
      if (!removed(base.hashes[i])) {
        out.hashes.push_back(base.hashes[i]);
        out.statuses.push_back(base.statuses[i]);
      }
      ++i;
    } else {
      if (i < base.hashes.size() && base.hashes[i] == delta.hashes[j]) ++i;  // the delta's status wins
      out.hashes.push_back(delta.hashes[j]);
      out.statuses.push_back(delta.statuses[j]);
      ++j;
    }
  }
  std::set<std::string> pairs(base.pairs.begin(), base.pairs.end());
  pairs.insert(delta.pairs.begin(), delta.pairs.end());
  out.pairs.assign(pairs.begin(), pairs.end());
  out.ranges_omitted = delta.ranges_omitted;
  return out;
}

OfflineIndex::OfflineIndex(Snapshot s) : s_(std::move(s)) {
  const std::size_t n = s_.hashes.size();
  const int bits = std::clamp(static_cast<int>(std::bit_width(n / 4)), 1, 30);
  shift_ = 64 - bits;
  starts_.assign((std::size_t{1} << bits) + 1, 0);
  for (const auto h : s_.hashes) ++starts_[(h >> shift_) + 1];
  for (std::size_t r = 1; r < starts_.size(); ++r) starts_[r] += starts_[r - 1];
}

std::size_t OfflineIndex::position(std::uint64_t h) const {
  const std::size_t run = h >> shift_;
  const auto* first = s_.hashes.data() + starts_[run];
  const auto* last = s_.hashes.data() + starts_[run + 1];
  const auto* it = std::lower_bound(first, last, h);
  return it != last && *it == h ? static_cast<std::size_t>(it - s_.hashes.data()) : std::string::npos;
}

void OfflineIndex::probe(const std::string& state, TypeClass cls, const std::string& number, MatchKind kind,
                         std::vector<OfflineMatch>& out) const {
  const auto at = position(key_hash(s_.key, state, cls, number));
  if (at == std::string::npos) return;
  auto st = static_cast<DocumentStatus>(s_.statuses[at] & 7);
  out.push_back({kind, st, state, cls, number});
}

bool OfflineIndex::listed_in_notice(const std::string& number) const {
  const auto at = position(notice_number_hash(s_.key, number));
  return at != std::string::npos && s_.statuses[at] == kNoticeDocumentByte;
}

std::vector<OfflineMatch> OfflineIndex::find(const Lookup& q) const {
  std::vector<OfflineMatch> out;
  if (q.number.empty()) return out;
  std::vector<std::pair<std::string, TypeClass>> targets;
  if (q.state && q.cls) {
    // The common case, probed without building the list (needed only for near numbers).
    probe(*q.state, *q.cls, q.number, MatchKind::exact, out);
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
  }
  if (listed_in_notice(q.number)) {
    out.push_back({MatchKind::notice_document, DocumentStatus::stolen, "", TypeClass::other, q.number});
  }
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
