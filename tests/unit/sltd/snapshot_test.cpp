#include "sltd/snapshot.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <random>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "common/hex.hpp"
#include "policy/accounts.hpp"
#include "store/change_log.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::MemberKind;
using policy::Role;

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::member_store(dir_, "s.db", {"FRA"});
    keys_ = load_signing_keys(*db_).value();
  }
  Document add(const std::string& number, const std::string& status = "stolen", const char* end = nullptr) {
    json body = {{"number", number}, {"issuing_state", "FRA"}, {"type", "passport"}, {"status", status}};
    if (end) body["series_end"] = end;
    auto d = parse_new_document(body, *db_, fra_).value();
    return create_document(*db_, fra_, std::move(d)).value();
  }
  Snapshot roundtrip(std::optional<std::int64_t> since = std::nullopt) {
    auto s = export_snapshot(*db_, since).value();
    return decode_snapshot(encode_snapshot(s, keys_), keys_.public_key).value();
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  SigningKeys keys_;
  policy::Caller fra_{UserId{1}, "alice", "FRA", MemberKind::ncb, Role::officer};
};

TEST_F(SnapshotTest, HoldsHashesNeverNumbersAndChecksOffline) {
  add("15AB12345");
  add("C00010", "stolen_blank", "C00019");
  auto bytes = encode_snapshot(export_snapshot(*db_).value(), keys_);
  EXPECT_EQ(bytes.find("15AB12345"), std::string::npos);
  EXPECT_LE(bytes.size(), 200U + 11 * 9 + 64);
  OfflineIndex offline(decode_snapshot(bytes, keys_.public_key).value());
  EXPECT_EQ(offline.size(), 11U);
  EXPECT_EQ(offline.find({"15AB12345", "FRA", TypeClass::passport, false}).size(), 1U);
  EXPECT_EQ(offline.find({"15AB12345", std::nullopt, std::nullopt, false}).size(), 1U);
  EXPECT_EQ(offline.find({"C00015", "FRA", TypeClass::passport, false}).front().status, DocumentStatus::stolen_blank);
  EXPECT_TRUE(offline.find({"C00020", "FRA", TypeClass::passport, false}).empty());
  EXPECT_EQ(offline.find({"I5AB12345", "FRA", TypeClass::passport, true}).front().kind, MatchKind::near);
}

// Many hashes: each found in the table, no other; the same through a
// format-2 file (whose hashes are cut to their fingerprint).
TEST_F(SnapshotTest, ALargeCopyFindsEveryRecordedNumberAndNoOther) {
  Snapshot s = export_snapshot(*db_).value();
  s.pairs = {"FRA0"};
  s.hashes.clear();
  s.statuses.clear();
  std::vector<std::pair<std::uint64_t, std::uint8_t>> entries;
  for (int i = 0; i < 20000; i += 2) {
    entries.emplace_back(key_hash(s.key, "FRA", TypeClass::passport, "N" + std::to_string(i)), i % 3);
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& [h, st] : entries) {
    s.hashes.push_back(h);
    s.statuses.push_back(st);
  }
  auto decoded = decode_snapshot(encode_snapshot(s, keys_), keys_.public_key).value();
  for (const auto* copy : {&s, &decoded}) {
    OfflineIndex offline(*copy);
    int found = 0, wrong = 0;
    for (int i = 0; i < 20000; ++i) {
      auto m = offline.find({"N" + std::to_string(i), "FRA", TypeClass::passport, false});
      if (i % 2 == 1) {
        wrong += static_cast<int>(m.size());
      } else if (m.size() == 1 && static_cast<int>(m.front().status) == i % 3) {
        ++found;
      }
    }
    EXPECT_EQ(found, 10000) << copy->hash_bits;
    EXPECT_EQ(wrong, 0) << copy->hash_bits;
  }
  EXPECT_TRUE(OfflineIndex(Snapshot{}).find({"N0", "FRA", TypeClass::passport, false}).empty());
}

TEST_F(SnapshotTest, RefusesTamperedFilesAndForeignKeys) {
  add("A1");
  auto bytes = encode_snapshot(export_snapshot(*db_).value(), keys_);
  for (std::size_t at : {std::size_t{20}, bytes.size() - 70, bytes.size() - 1}) {
    auto t = bytes;
    t[at] = static_cast<char>(t[at] ^ 1);
    auto r = decode_snapshot(t, keys_.public_key);
    ASSERT_FALSE(r.ok()) << at;
    EXPECT_EQ(r.error().code, ErrorCode::integrity);
  }
  EXPECT_FALSE(decode_snapshot(bytes.substr(0, 50)).ok());
  PublicKey other{};
  other[0] = 1;
  EXPECT_EQ(decode_snapshot(bytes, other).error().code, ErrorCode::integrity);
  EXPECT_TRUE(decode_snapshot(bytes).ok());
}

TEST_F(SnapshotTest, ADeltaBringsAnOldCopyToTheFreshExport) {
  auto kept = add("KEEP1");
  auto gone = add("GONE1");
  auto changed = add("CHG1");
  auto blank = add("R100", "stolen_blank", "R105");
  auto old = roundtrip();
  const auto version = old.seq;
  ASSERT_TRUE(delete_document(*db_, fra_, gone.id).ok());
  ASSERT_TRUE(delete_document(*db_, fra_, blank.id).ok());
  ASSERT_TRUE(update_document(*db_, fra_, changed.id, json{{"status", "revoked"}}).ok());
  add("NEW1");
  auto delta = roundtrip(version);
  EXPECT_TRUE(delta.delta);
  EXPECT_EQ(delta.base_seq, version);
  EXPECT_EQ(old.hash_bits, kFingerprintBits) << "a format-2 copy and delta";
  EXPECT_EQ(delta.hash_bits, kFingerprintBits);
  auto applied = apply_delta(old, delta).value();
  auto fresh = roundtrip();
  EXPECT_EQ(applied.hashes, fresh.hashes);
  EXPECT_EQ(applied.statuses, fresh.statuses);
  EXPECT_EQ(applied.seq, fresh.seq);
  OfflineIndex offline(applied);
  EXPECT_TRUE(offline.find({"GONE1", "FRA", TypeClass::passport, false}).empty());
  EXPECT_TRUE(offline.find({"R103", "FRA", TypeClass::passport, false}).empty());
  EXPECT_EQ(offline.find({"CHG1", "FRA", TypeClass::passport, false}).front().status, DocumentStatus::revoked);
  EXPECT_EQ(offline.find({"NEW1", "FRA", TypeClass::passport, false}).size(), 1U);
  EXPECT_EQ(offline.find({"KEEP1", "FRA", TypeClass::passport, false}).size(), 1U);
  (void)kept;
  EXPECT_FALSE(apply_delta(applied, delta).ok());  // starts at another VERSION
  EXPECT_FALSE(export_snapshot(*db_, fresh.seq + 5).ok());
}

// Format 2 keeps each hash's top kFingerprintBits bits, every status and
// the header fields.
TEST_F(SnapshotTest, AFormat2CopyRoundTrips) {
  add("A1");
  add("A2", "lost");
  add("A3", "revoked");
  add("A4", "invalidated");
  add("B100", "stolen_blank", "B199");
  auto s = export_snapshot(*db_).value();
  auto bytes = encode_snapshot(s, keys_);
  EXPECT_EQ(bytes.substr(0, 8), "ARSLTDv2");
  auto back = decode_snapshot(bytes, keys_.public_key).value();
  EXPECT_EQ(back.hash_bits, kFingerprintBits);
  ASSERT_EQ(back.hashes.size(), 104U);
  const std::uint64_t mask = ~std::uint64_t{0} << (64 - kFingerprintBits);
  for (std::size_t i = 0; i < s.hashes.size(); ++i) EXPECT_EQ(back.hashes[i], s.hashes[i] & mask) << i;
  EXPECT_EQ(back.statuses, s.statuses);
  EXPECT_EQ(back.pairs, s.pairs);
  EXPECT_EQ(back.seq, s.seq);
  EXPECT_EQ(back.created_at, s.created_at);
  EXPECT_EQ(back.key.bytes, s.key.bytes);
  EXPECT_FALSE(back.delta);
  OfflineIndex offline(back);
  EXPECT_EQ(offline.find({"A4", "FRA", TypeClass::passport, false}).front().status, DocumentStatus::invalidated);
  EXPECT_EQ(offline.find({"B150", "FRA", TypeClass::passport, false}).front().status, DocumentStatus::stolen_blank);
  EXPECT_TRUE(offline.find({"B200", "FRA", TypeClass::passport, false}).empty());
  // An empty copy too.
  auto empty = export_snapshot(*db_).value();
  empty.hashes.clear();
  empty.statuses.clear();
  EXPECT_TRUE(decode_snapshot(encode_snapshot(empty, keys_)).value().hashes.empty());
}

// Border posts hold format-1 copies: still read, whole hashes, and brought
// up to date by a format-2 delta (compared on the fingerprint's bits).
TEST_F(SnapshotTest, AFormat1CopyIsStillReadAndTakesAFormat2Delta) {
  add("OLD1");
  auto gone = add("GONE1");
  auto s = export_snapshot(*db_).value();
  auto v1 = encode_snapshot_v1(s, keys_).value();
  EXPECT_EQ(v1.substr(0, 8), "ARSLTDv1");
  EXPECT_EQ(v1.size(), 112U + 4 + 2 * 9 + 64);
  auto old = decode_snapshot(v1, keys_.public_key).value();
  EXPECT_EQ(old.hash_bits, 64);
  EXPECT_EQ(old.hashes, s.hashes);
  EXPECT_EQ(OfflineIndex(old).find({"OLD1", "FRA", TypeClass::passport, false}).size(), 1U);

  ASSERT_TRUE(delete_document(*db_, fra_, gone.id).ok());
  add("NEW1", "lost");
  auto delta = roundtrip(old.seq);
  auto applied = apply_delta(old, delta).value();
  auto fresh = roundtrip();
  EXPECT_EQ(applied.hash_bits, kFingerprintBits);
  EXPECT_EQ(applied.hashes, fresh.hashes);
  EXPECT_EQ(applied.statuses, fresh.statuses);
  OfflineIndex offline(applied);
  EXPECT_TRUE(offline.find({"GONE1", "FRA", TypeClass::passport, false}).empty());
  EXPECT_EQ(offline.find({"NEW1", "FRA", TypeClass::passport, false}).front().status, DocumentStatus::lost);
  EXPECT_EQ(offline.find({"OLD1", "FRA", TypeClass::passport, false}).size(), 1U);
  // Cut hashes cannot be written for format-1 readers.
  EXPECT_FALSE(encode_snapshot_v1(applied, keys_).ok());
}

// Found by fuzz_snapshot: reading a format-1 copy of no documents copied
// zero status bytes to the null data() of an empty vector, undefined
// behaviour (this test fails under UBSan, make test-sanitize, without the fix).
TEST_F(SnapshotTest, AnEmptyFormat1CopyReads) {
  auto s = export_snapshot(*db_).value();
  ASSERT_TRUE(s.hashes.empty());
  auto read = decode_snapshot(encode_snapshot_v1(s, keys_).value(), keys_.public_key);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_TRUE(read->hashes.empty());
  EXPECT_TRUE(OfflineIndex(*read).find({"A1", "FRA", TypeClass::passport, true}).empty());
}

// Every section of a format-2 file is under the signature; a file signed
// by its own key but whose sections disagree is refused, not misread.
TEST_F(SnapshotTest, RefusesTamperedAndMalformedFormat2Files) {
  for (int i = 0; i < 300; ++i) add("T" + std::to_string(i));
  auto bytes = encode_snapshot(export_snapshot(*db_).value(), keys_);
  // 112 header bytes and a pair; 300 hashes: 2^9 buckets (102 bytes), then entries.
  const std::size_t header = 112 + 4, entries = header + (300 + 512 + 7) / 8;
  for (std::size_t at : {std::size_t{13}, std::size_t{14}, header + 5, entries + 500, bytes.size() - 65}) {
    auto t = bytes;
    t[at] = static_cast<char>(t[at] ^ 0x10);
    auto r = decode_snapshot(t, keys_.public_key);
    ASSERT_FALSE(r.ok()) << at;
    EXPECT_EQ(r.error().code, ErrorCode::integrity) << at;
  }
  auto resigned = [&](std::string body) {
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                         keys_.secret_key.data());
    return body.append(reinterpret_cast<const char*>(sig), sizeof sig);
  };
  const std::string body = bytes.substr(0, bytes.size() - crypto_sign_BYTES);
  ASSERT_TRUE(decode_snapshot(resigned(body)).ok());
  auto malformed = [&](std::size_t at, auto change) {
    auto b = body;
    b[at] = static_cast<char>(change(static_cast<unsigned char>(b[at])));
    auto r = decode_snapshot(resigned(b));
    return !r.ok() && r.error().code == ErrorCode::integrity;
  };
  auto set = [](unsigned v) { return [v](unsigned) { return v; }; };
  EXPECT_TRUE(malformed(13, set(70))) << "fingerprint wider than 64 bits";
  EXPECT_TRUE(malformed(14, set(61))) << "bucket bits not below the fingerprint's";
  EXPECT_TRUE(malformed(14, set(10))) << "bucket section of another length";
  EXPECT_TRUE(malformed(header, [](unsigned v) { return v == 0xFF ? 0U : 0xFFU; })) << "bucket counts changed";
  EXPECT_TRUE(malformed(entries, [](unsigned v) { return (v & ~7U) | 5U; })) << "an unknown status code";
}

// A file found by fuzzing: a fingerprint of 63 bits over 2 buckets, whose
// sections add up, made entries of 65 bits, more than are read at once. No
// writer cuts more than 61 bits, so the header is refused as impossible.
TEST_F(SnapshotTest, RefusesFingerprintsWiderThanAnyWriterCuts) {
  const std::string hex =
      "4152534c5444763202000000003f01fff6b95569000100002a000000000000000000000000000000030000000000000000000000000000"
      "000200000000feffffff0102030405060708090a0b3d0c0d0e0f000000000000000061200139806a0000000000000000006683390120"
      "6100000044455530bdadbecfdaefeeee11111151dddddddc11ddddddfdeeeeeeeeeeeeee02";
  std::string body(hex.size() / 2, '\0');
  ASSERT_TRUE(hex_decode(hex, reinterpret_cast<unsigned char*>(body.data()), body.size()));
  ASSERT_EQ(body[13], 63) << "the fingerprint's bits";
  std::memcpy(body.data() + 80, keys_.public_key.data(), keys_.public_key.size());  // signed by a key it carries
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                       keys_.secret_key.data());
  body.append(reinterpret_cast<const char*>(sig), sizeof sig);
  const auto r = decode_snapshot(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::integrity);
  EXPECT_NE(r.error().message.find("impossible fingerprint"), std::string::npos) << r.error().message;
}

// The size per hash: n + 2^b bucket bits and F - b + 3 entry bits.
TEST_F(SnapshotTest, AFormat2CopyTakesUnderSixBytesPerHash) {
  Snapshot s = export_snapshot(*db_).value();
  std::mt19937_64 rng(7);
  const std::size_t n = std::size_t{1} << 20;
  s.hashes.resize(n);
  for (auto& h : s.hashes) h = rng();
  std::sort(s.hashes.begin(), s.hashes.end());
  s.hashes.erase(std::unique(s.hashes.begin(), s.hashes.end()), s.hashes.end());
  s.statuses.assign(s.hashes.size(), 0);
  for (std::size_t i = 0; i < s.statuses.size(); ++i) s.statuses[i] = i % 97 == 0 ? kNoticeDocumentByte : i % 5;
  auto bytes = encode_snapshot(s, keys_);
  const double per_hash = static_cast<double>(bytes.size() - 112 - 64) / static_cast<double>(s.hashes.size());
  EXPECT_LE(per_hash, (61 - 20 + 3 + 1 + 1) / 8.0 + 0.01);  // 5.75 bytes
  auto back = decode_snapshot(bytes, keys_.public_key).value();
  ASSERT_EQ(back.hashes.size(), s.hashes.size());
  EXPECT_EQ(back.statuses, s.statuses);
  EXPECT_EQ(back.hashes.back(), s.hashes.back() & (~std::uint64_t{0} << 3));
}

// Two hashes equal on their first 61 bits become one entry, and a
// document's status wins over a notice document's.
TEST_F(SnapshotTest, HashesEqualOnTheirFingerprintKeepOneEntry) {
  Snapshot s = export_snapshot(*db_).value();
  s.hashes = {0x1230, 0x1231, 0x1232, 0x5000};
  s.statuses = {kNoticeDocumentByte, 1, 2, 3};
  auto back = decode_snapshot(encode_snapshot(s, keys_)).value();
  EXPECT_EQ(back.hashes, (std::vector<std::uint64_t>{0x1230, 0x5000}));
  EXPECT_EQ(back.statuses, (std::vector<std::uint8_t>{1, 3}));
}

TEST_F(SnapshotTest, TheSigningKeysAreMadeOnceAndKept) {
  EXPECT_EQ(load_signing_keys(*db_).value().public_key, keys_.public_key);
  EXPECT_EQ(public_key_from_hex(to_hex(keys_.public_key) + "\n").value(), keys_.public_key);
  EXPECT_FALSE(public_key_from_hex("zz").ok());
}

}  // namespace
}  // namespace ariadne::sltd
