#include "sltd/index.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "policy/accounts.hpp"
#include "store/change_log.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::MemberKind;
using policy::Role;

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "i.db", {"FRA", "DEU"}); }
  Document create(json body, const policy::Caller* c = nullptr) {
    const auto& caller = c ? *c : fra_;
    auto doc = parse_new_document(body, *db_, caller);
    EXPECT_TRUE(doc.ok()) << doc.error().message;
    auto created = create_document(*db_, caller, std::move(doc).value());
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.value();
  }
  static json doc(const std::string& number, const std::string& type = "passport", const std::string& state = "FRA") {
    return {{"number", number}, {"issuing_state", state}, {"type", type}, {"status", "stolen"}};
  }
  static Lookup lookup(std::string number, std::optional<std::string> state = "FRA",
                       std::optional<TypeClass> cls = TypeClass::passport, bool near = false) {
    return {std::move(number), std::move(state), cls, near};
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  policy::Caller fra_{UserId{1}, "alice", "FRA", MemberKind::ncb, Role::officer};
  policy::Caller deu_{UserId{2}, "bernd", "DEU", MemberKind::ncb, Role::officer};
};

TEST(TypeClasses, FollowTheIcaoCodesFirstLetter) {
  EXPECT_EQ(parse_type_class("P<"), TypeClass::passport);
  EXPECT_EQ(parse_type_class("PD"), TypeClass::passport);
  EXPECT_EQ(parse_type_class("I<"), TypeClass::identity_card);
  EXPECT_EQ(parse_type_class("AC"), TypeClass::identity_card);
  EXPECT_EQ(parse_type_class("V"), TypeClass::visa);
  EXPECT_EQ(parse_type_class("residence_permit"), TypeClass::other);
  EXPECT_FALSE(parse_type_class("passports"));
  EXPECT_EQ(type_class(DocumentType::residence_permit), TypeClass::other);
}

TEST(HashTable, InsertEraseAndRebuildAgreeWithASet) {
  std::mt19937_64 rng(7);
  HashTable t;
  std::set<std::pair<std::uint64_t, std::uint32_t>> truth;
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t h = (rng() % 5000) + 1;  // many equal hashes: a multi-map
    auto id = static_cast<std::uint32_t>(rng() % 100 + 1);
    if (rng() % 3 == 0) {
      EXPECT_EQ(t.erase(h, id), truth.erase({h, id}) == 1);
    } else {
      t.upsert(h, id, 5);
      truth.insert({h, id});
    }
  }
  EXPECT_EQ(t.size(), truth.size());
  std::map<std::uint64_t, std::size_t> expected;
  for (const auto& p : truth) ++expected[p.first];
  for (std::uint64_t h = 1; h <= 5000; ++h) {
    std::set<std::uint32_t> ids;
    t.for_each_match(h, [&](const HashTable::Slot& s) { ids.insert(s.id); });
    for (auto id : ids) EXPECT_TRUE(truth.count({h, id}));
    EXPECT_EQ(ids.size(), expected[h]) << h;
  }
  auto rebuilt = HashTable::build(t.entries(), 0.75);
  EXPECT_EQ(rebuilt.size(), truth.size());
  EXPECT_LE(rebuilt.memory_bytes(), truth.size() * 16 * 4 / 3 + 16 * 2048);
}

TEST_F(IndexTest, BuildsFromTheStoreAndFindsByStateClassAndNumber) {
  auto p = create(doc("15AB12345"));
  create(doc("X1", "identity_card"));
  auto index = DocumentIndex::build(*db_).value();
  const auto today = today_epoch_day();
  auto found = index->find(lookup("15AB12345"), today);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].id, p.id);
  EXPECT_EQ(found[0].kind, MatchKind::exact);
  EXPECT_TRUE(index->find(lookup("15AB12345", "DEU"), today).empty());
  EXPECT_TRUE(index->find(lookup("15AB12345", "FRA", TypeClass::visa), today).empty());
  EXPECT_EQ(index->find(lookup("15AB12345", std::nullopt, std::nullopt), today).size(), 1U);  // every state
  EXPECT_EQ(index->find(lookup("X1", "FRA", parse_type_class("ID")), today).size(), 1U);
  EXPECT_EQ(index->size(), 2U);
}

TEST_F(IndexTest, FollowsTheChangeLogAtomically) {
  auto index = DocumentIndex::build(*db_).value();
  const auto today = today_epoch_day();
  auto p = create(doc("A1"));
  EXPECT_TRUE(index->find(lookup("A1"), today).empty());  // not yet followed
  EXPECT_EQ(index->follow(*db_).value(), 1);
  ASSERT_EQ(index->find(lookup("A1"), today).size(), 1U);
  ASSERT_TRUE(update_document(*db_, fra_, p.id, json{{"status", "lost"}}).ok());
  ASSERT_TRUE(index->follow(*db_).ok());
  auto found = index->find(lookup("A1"), today);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].status, DocumentStatus::lost);
  ASSERT_TRUE(delete_document(*db_, fra_, p.id).ok());
  ASSERT_TRUE(index->follow(*db_).ok());
  EXPECT_TRUE(index->find(lookup("A1"), today).empty());
  EXPECT_EQ(index->size(), 0U);
  EXPECT_EQ(index->seq(), store::last_change_seq(*db_).value());
}

TEST_F(IndexTest, FollowerThreadMakesARegistrationVisibleWithinASecond) {
  auto index = DocumentIndex::build(*db_).value();
  IndexFollower follower(*db_, *index, std::chrono::milliseconds(50));
  create(doc("LIVE1"));
  auto start = std::chrono::steady_clock::now();
  while (index->find(lookup("LIVE1"), today_epoch_day()).empty()) {
    ASSERT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TEST_F(IndexTest, StolenBlankRangesMatchInside) {
  create({{"number", "B0100"},
          {"series_end", "B0199"},
          {"issuing_state", "FRA"},
          {"type", "P"},
          {"status", "stolen_blank"}});
  auto index = DocumentIndex::build(*db_).value();
  const auto today = today_epoch_day();
  auto found = index->find(lookup("B0150"), today);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, MatchKind::range);
  EXPECT_TRUE(index->find(lookup("B0200"), today).empty());
  EXPECT_TRUE(index->find(lookup("B01500"), today).empty());
  EXPECT_EQ(index->find(lookup("B0199", std::nullopt, std::nullopt), today).size(), 1U);
}

// The first range reaches past the second: the build must still compute the
// reach of every later range (a later number is not cut off by the first).
TEST_F(IndexTest, ANestedFirstRangeDoesNotHideLaterOnes) {
  for (auto [first, last] : {std::pair{"A0100", "A0500"}, {"A0200", "A0300"}, {"A0600", "A0700"}}) {
    create(
        {{"number", first}, {"series_end", last}, {"issuing_state", "FRA"}, {"type", "P"}, {"status", "stolen_blank"}});
  }
  auto index = DocumentIndex::build(*db_).value();
  const auto today = today_epoch_day();
  EXPECT_EQ(index->find(lookup("A0650"), today).size(), 1U);
  EXPECT_EQ(index->find(lookup("A0250"), today).size(), 2U);
  EXPECT_EQ(index->find(lookup("A0450"), today).size(), 1U);
  EXPECT_TRUE(index->find(lookup("A0550"), today).empty());
}

// Many overlapping and nested ranges: every lookup finds exactly the ranges
// that hold its number, as a test of each range would, also after removals.
TEST_F(IndexTest, OverlappingRangesAreAllFoundAndOnlyThey) {
  struct Span {
    int first, last;
    std::int64_t id;
  };
  std::vector<Span> spans;
  std::uint32_t x = 7;
  auto next = [&] { return x = x * 1103515245U + 12345U, static_cast<int>((x >> 8) % 900); };
  auto number = [](int v) {
    std::string s = std::to_string(v);
    return "R" + std::string(4 - s.size(), '0') + s;
  };
  std::set<int> used;
  for (int i = 0; i < 60; ++i) {
    int first = next();
    while (!used.insert(first).second) ++first;            // one record per first number
    int last = first + (i % 10 == 0 ? 400 : next() % 40);  // a few wide ranges over many narrow ones
    last = std::min(last, 9999);
    auto d = create({{"number", number(first)},
                     {"series_end", number(last)},
                     {"issuing_state", "FRA"},
                     {"type", "P"},
                     {"status", "stolen_blank"}});
    spans.push_back({first, last, d.id.value});
  }
  auto index = DocumentIndex::build(*db_).value();
  const auto today = today_epoch_day();
  auto check = [&] {
    for (int v = 0; v < 1400; v += 3) {
      std::set<std::int64_t> want, got;
      for (const auto& s : spans) {
        if (s.first <= v && v <= s.last) want.insert(s.id);
      }
      for (const auto& c : index->find(lookup(number(v)), today)) got.insert(c.id.value);
      ASSERT_EQ(got, want) << number(v);
      std::set<std::int64_t> any;
      for (const auto& c : index->find(lookup(number(v), std::nullopt, std::nullopt), today)) any.insert(c.id.value);
      ASSERT_EQ(any, want) << number(v);
    }
  };
  check();
  for (std::size_t i = 0; i < spans.size(); i += 3) {
    ASSERT_TRUE(delete_document(*db_, fra_, DocumentId{spans[i].id}).ok());
  }
  ASSERT_TRUE(index->follow(*db_).ok());
  std::vector<Span> kept;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (i % 3 != 0) kept.push_back(spans[i]);
  }
  spans = kept;
  check();
  for (int i = 0; i < 15; ++i) {  // ranges that arrive through the change log
    int first = next();
    while (!used.insert(first).second) ++first;
    int last = std::min(first + (i % 5 == 0 ? 300 : next() % 30), 9999);
    auto d = create({{"number", number(first)},
                     {"series_end", number(last)},
                     {"issuing_state", "FRA"},
                     {"type", "P"},
                     {"status", "stolen_blank"}});
    spans.push_back({first, last, d.id.value});
  }
  ASSERT_TRUE(index->follow(*db_).ok());
  check();
}

TEST_F(IndexTest, RecordsPastTheirReviewDateDoNotMatch) {
  auto p = create(doc("OLD1"));
  auto index = DocumentIndex::build(*db_).value();
  auto review = epoch_day(p.review_on).value();
  EXPECT_EQ(index->find(lookup("OLD1"), review).size(), 1U);
  EXPECT_TRUE(index->find(lookup("OLD1"), review + 1).empty());
  EXPECT_EQ(index->find_id(key_hash(index->key(), "FRA", TypeClass::passport, "OLD1"), review + 1), 0U);
  EXPECT_EQ(index->find_id(key_hash(index->key(), "FRA", TypeClass::passport, "OLD1"), review), p.id.value);
}

TEST_F(IndexTest, NearMatchesAreOneOcrConfusionAway) {
  create(doc("AB0123"));
  auto index = DocumentIndex::build(*db_).value();
  auto found = index->find(lookup("ABO123", "FRA", TypeClass::passport, true), today_epoch_day());
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, MatchKind::near);
  EXPECT_EQ(found[0].number, "AB0123");
  EXPECT_EQ(found[0].position, 2);
  EXPECT_TRUE(index->find(lookup("ABO123"), today_epoch_day()).empty());  // near not asked
}

TEST_F(IndexTest, TheKeyLivesInTheDatabaseAndIsSharedByEveryInstance) {
  auto a = load_index_key(*db_).value();
  auto b = load_index_key(*db_).value();
  EXPECT_EQ(a.bytes, b.bytes);
  auto other = store::open_database(dir_.file("other.db")).value();
  ASSERT_TRUE(store::migrate(*other, app::all_migrations()).ok());
  EXPECT_NE(load_index_key(*other).value().bytes, a.bytes);
  EXPECT_NE(key_hash(a, "FRA", TypeClass::passport, "X"), key_hash(a, "DEU", TypeClass::passport, "X"));
  EXPECT_NE(key_hash(a, "FRA", TypeClass::passport, "X"), key_hash(a, "FRA", TypeClass::visa, "X"));
}

TEST_F(IndexTest, ConcurrentReadersNeverSeeHalfABatch) {
  auto index = DocumentIndex::build(*db_).value();
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::thread reader([&] {
    while (!stop) {
      auto a = index->find(lookup("PAIRA"), today_epoch_day()).size();
      auto b = index->find(lookup("PAIRB"), today_epoch_day()).size();
      (void)a;
      (void)b;
      if (index->size() % 2 != 0) ++bad;  // both of a pair are applied in one batch
    }
  });
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(db_->transaction([&]() -> Status {
                     for (const char* suffix : {"A", "B"}) {
                       auto d = parse_new_document(doc("P" + std::to_string(i) + suffix), *db_, fra_);
                       ARIADNE_TRY(create_document(*db_, fra_, std::move(d).value()));
                     }
                     return {};
                   })
                    .ok());
    ASSERT_TRUE(index->follow(*db_).ok());
  }
  stop = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(index->size(), 40U);
}

}  // namespace
}  // namespace ariadne::sltd
