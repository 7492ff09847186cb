#include "sltd/snapshot.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "policy/accounts.hpp"
#include "server/schema.hpp"
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
  EXPECT_EQ(offline.snapshot().hashes.size(), 11U);
  EXPECT_EQ(offline.find({"15AB12345", "FRA", TypeClass::passport, false}).size(), 1U);
  EXPECT_EQ(offline.find({"15AB12345", std::nullopt, std::nullopt, false}).size(), 1U);
  EXPECT_EQ(offline.find({"C00015", "FRA", TypeClass::passport, false}).front().status, DocumentStatus::stolen_blank);
  EXPECT_TRUE(offline.find({"C00020", "FRA", TypeClass::passport, false}).empty());
  EXPECT_EQ(offline.find({"I5AB12345", "FRA", TypeClass::passport, true}).front().kind, MatchKind::near);
}

// Many hashes: each found through its run of the directory, no other.
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
  OfflineIndex offline(std::move(s));
  int found = 0, wrong = 0;
  for (int i = 0; i < 20000; ++i) {
    auto m = offline.find({"N" + std::to_string(i), "FRA", TypeClass::passport, false});
    if (i % 2 == 1) {
      wrong += static_cast<int>(m.size());
    } else if (m.size() == 1 && static_cast<int>(m.front().status) == i % 3) {
      ++found;
    }
  }
  EXPECT_EQ(found, 10000);
  EXPECT_EQ(wrong, 0);
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

TEST_F(SnapshotTest, TheSigningKeysAreMadeOnceAndKept) {
  EXPECT_EQ(load_signing_keys(*db_).value().public_key, keys_.public_key);
  EXPECT_EQ(public_key_from_hex(to_hex(keys_.public_key) + "\n").value(), keys_.public_key);
  EXPECT_FALSE(public_key_from_hex("zz").ok());
}

}  // namespace
}  // namespace ariadne::sltd
