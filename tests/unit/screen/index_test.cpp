// The screening index over a real SQLite store: built from published notices,
// kept current from the change log, filtered by the gate.
#include "screen/index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <thread>
#include <tuple>
#include <utility>

#include "app/schema.hpp"
#include "notices/notices.hpp"
#include "policy/accounts.hpp"
#include "screen/screening.hpp"
#include "support/screen_record.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::screen {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;
using testing::person;

class ScreeningIndexTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "s.db", {"FRA", "DEU", "ITA"}); }
  static json red(const std::string& name, const json& restriction, bool extract = false) {
    return {{"type", "red"},
            {"subject", {{"names", {{{"full", name}}}}, {"birth_date", "1985-04-12"}, {"nationalities", {"SYR"}}}},
            {"offence", "trafficking in human beings"},
            {"legal_basis", "Code pénal art. 225-4-1"},
            {"warrant", "MA-2026-0042"},
            {"extract_to_all", extract},
            {"restriction", restriction}};
  }
  std::int64_t publish(const json& body) {
    auto parsed = notices::parse_notice(body, *db_, fra_, notices::Kind::notice);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    auto n = notices::create_notice(*db_, fra_, std::move(parsed).value()).value();
    EXPECT_TRUE(notices::submit_notice(*db_, fra_, n.id).ok());
    EXPECT_TRUE(notices::review_notice(*db_, reviewer_, n.id, true, {}).ok());
    return n.id;
  }
  static std::vector<std::int64_t> ids(const std::vector<Hit>& hits) {
    std::vector<std::int64_t> out;
    for (const auto& h : hits) out.push_back(h.record.id);
    return out;
  }
  // The first candidate screen() lists for FRA's officer, null when none.
  json first_candidate(const ScreeningIndex& index, const std::string& name, std::optional<std::string> date) {
    ScreenQuery q;
    q.name = name;
    q.birth_date = std::move(date);
    auto out = screen(index, fra_, q).value();
    return out["candidates"].empty() ? json() : out["candidates"][0];
  }
  std::vector<Hit> find(const ScreeningIndex& index, const std::string& name, const Caller& who) {
    return index.search(text::prepare_name(name), who, 10, 0.6);
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller fra_{UserId{1}, "fra.officer", "FRA", MemberKind::ncb, Role::officer};
  Caller deu_{UserId{2}, "deu.officer", "DEU", MemberKind::ncb, Role::officer};
  Caller ita_{UserId{3}, "ita.officer", "ITA", MemberKind::ncb, Role::officer};
  Caller reviewer_{UserId{4}, "gs.reviewer", "IPSG", MemberKind::secretariat, Role::reviewer};
  Caller partner_{UserId{5}, "partner", "UNODC", MemberKind::partner, Role::partner};
};

TEST_F(ScreeningIndexTest, BuildsFromPublishedNoticesOnly) {
  auto published = publish(red("Mohammed Al-Hassan", {{"scope", "all"}}));
  auto draft = notices::create_notice(
      *db_, fra_,
      notices::parse_notice(red("Mohammed Al-Hassan", {{"scope", "all"}}), *db_, fra_, notices::Kind::notice).value());
  ASSERT_TRUE(draft.ok());
  auto index = ScreeningIndex::build(*db_).value();
  EXPECT_EQ(index->size(), 1u);
  EXPECT_EQ(ids(find(*index, "Muhammad Alhassan", deu_)), std::vector<std::int64_t>{published});
  EXPECT_TRUE(find(*index, "Muhammad Alhassan", partner_).empty());
}

TEST_F(ScreeningIndexTest, FollowsTheChangeLog) {
  auto index = ScreeningIndex::build(*db_).value();
  EXPECT_TRUE(find(*index, "Ivan Petrov", deu_).empty());
  auto id = publish(red("Ivan Petrov", {{"scope", "all"}}));
  EXPECT_TRUE(find(*index, "Ivan Petrov", deu_).empty()) << "not followed yet";
  auto applied = index->follow(*db_);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_GT(*applied, 0);
  EXPECT_EQ(ids(find(*index, "Iwan Petroff", deu_)), std::vector<std::int64_t>{id});
  // A cancelled notice leaves the index.
  ASSERT_TRUE(notices::cancel_notice(*db_, fra_, id, "arrested").ok());
  ASSERT_TRUE(index->follow(*db_).ok());
  EXPECT_TRUE(find(*index, "Ivan Petrov", deu_).empty());
  EXPECT_EQ(index->size(), 0u);
}

TEST_F(ScreeningIndexTest, FollowsInTheBackground) {
  auto index = ScreeningIndex::build(*db_).value();
  auto follower = follow_in_background(*db_, *index, std::chrono::milliseconds(10));
  auto id = publish(red("Olena Kovalenko", {{"scope", "all"}}));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (find(*index, "Olena Kovalenko", deu_).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(ids(find(*index, "Elena Kovalenko", deu_)), std::vector<std::int64_t>{id});
  follower.reset();  // stops and joins the thread
}

TEST_F(ScreeningIndexTest, TheGateDecidesWhatEachCallerFinds) {
  auto owner_only = publish(red("Goran Vukovic", {{"scope", "owner"}}));
  auto for_deu = publish(red("Goran Vukovic", {{"scope", "members"}, {"members", {"DEU"}}}));
  auto extract = publish(red("Goran Vukovic", {{"scope", "owner"}}, true));
  auto index = ScreeningIndex::build(*db_).value();
  auto sorted = [](std::vector<std::int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(ids(find(*index, "Goran Vukovic", fra_))),
            (std::vector<std::int64_t>{owner_only, for_deu, extract}));
  EXPECT_EQ(sorted(ids(find(*index, "Goran Vukovic", deu_))), (std::vector<std::int64_t>{for_deu, extract}));
  EXPECT_EQ(ids(find(*index, "Goran Vukovic", ita_)), std::vector<std::int64_t>{extract});
  auto ita = find(*index, "Goran Vukovic", ita_);
  ASSERT_EQ(ita.size(), 1u);
  EXPECT_TRUE(ita[0].extract_only);
}

TEST_F(ScreeningIndexTest, VictimsStayWithTheOwnerAndListedMembers) {
  json yellow = {{"type", "yellow"},
                 {"subject", {{"names", {{{"full", "Amira Haddad"}}}}, {"victim", true}}},
                 {"disappeared_on", "2026-03-01"},
                 {"disappeared_place", "Marseille"},
                 {"extract_to_all", true},
                 {"restriction", {{"scope", "members"}, {"members", {"DEU"}}}}};
  auto id = publish(yellow);
  auto index = ScreeningIndex::build(*db_).value();
  EXPECT_EQ(ids(find(*index, "Amira Haddad", fra_)), std::vector<std::int64_t>{id});
  EXPECT_EQ(ids(find(*index, "Amira Haddad", deu_)), std::vector<std::int64_t>{id});
  EXPECT_TRUE(find(*index, "Amira Haddad", ita_).empty());
  EXPECT_TRUE(find(*index, "Amira Haddad", reviewer_).empty());
}

TEST_F(ScreeningIndexTest, ScreeningAddsBirthDateAndNationalityReasons) {
  auto id = publish(red("محمد عبد الله الحسن", {{"scope", "all"}}));
  auto index = ScreeningIndex::build(*db_).value();
  ScreenQuery q;
  q.name = "Al-Hassan Mohamed Abdallah";
  q.birth_date = "1985-04";
  q.nationality = "SYR";
  auto out = screen(*index, deu_, q).value();
  ASSERT_EQ(out["candidates"].size(), 1u) << out.dump();
  const auto& c = out["candidates"][0];
  EXPECT_EQ(c["source"]["id"], id);
  std::string facts;
  for (const auto& r : c["reasons"]) facts += r["field"].get<std::string>() + ":" + r["how"].get<std::string>() + " ";
  EXPECT_NE(facts.find("birth_date:agrees"), std::string::npos) << facts;
  EXPECT_NE(facts.find("nationality:agrees"), std::string::npos) << facts;
  EXPECT_NE(facts.find("name:transliteration"), std::string::npos) << facts;
  q.birth_date = "1990";
  auto later = screen(*index, deu_, q).value();
  ASSERT_EQ(later["candidates"].size(), 1u);
  EXPECT_LT(later["candidates"][0]["score"].get<double>(), c["score"].get<double>());
  EXPECT_FALSE(screen(*index, partner_, q).ok());
}

TEST_F(ScreeningIndexTest, AParsedQueryIsScreenedWithTheNameItPreparedToCheckIt) {
  auto id = publish(red("محمد عبد الله الحسن", {{"scope", "all"}}));
  auto index = ScreeningIndex::build(*db_).value();
  auto q = parse_query(nlohmann::json{{"name", "Al-Hassan Mohamed Abdallah"}, {"nationality", "SYR"}});
  ASSERT_TRUE(q);
  ASSERT_TRUE(q->prepared) << "prepared once, while checked";
  EXPECT_EQ(q->prepared->tokens.size(), text::prepare_name(q->name).tokens.size());
  const auto parsed = screen(*index, deu_, *q).value();
  // The same query built by hand (no preparation kept) is prepared on demand and answers alike.
  ScreenQuery by_hand;
  by_hand.name = q->name;
  by_hand.nationality = "SYR";
  EXPECT_EQ(screen(*index, deu_, by_hand).value(), parsed);
  ASSERT_EQ(parsed["candidates"].size(), 1U);
  EXPECT_EQ(parsed["candidates"][0]["source"]["id"], id);
  // A batch answers each query as alone.
  const auto batch =
      screen_batch(*index, deu_, nlohmann::json{{"queries", {{{"name", q->name}, {"nationality", "SYR"}}}}}).value();
  EXPECT_EQ(batch["results"][0], parsed);
}

TEST_F(ScreeningIndexTest, RetrievalNeverNeedsAFullScanToFindAName) {
  // Many unrelated names, one target: the postings propose it first.
  ScreeningIndex index;
  for (int i = 0; i < 3000; ++i) {
    ScreenRecord r;
    r.id = i + 1;
    r.kind = "notice";
    r.type = "red";
    r.meta.owner = "FRA";
    r.subject.names.push_back({"Person Number" + std::to_string(i) + " Smith", "Latn", "primary", {}, {}});
    r.names.push_back(text::prepare_name(r.subject.names.back().full));
    index.upsert(std::move(r));
  }
  ScreenRecord target;
  target.id = 9999;
  target.kind = "notice";
  target.type = "red";
  target.meta.owner = "FRA";
  target.subject.names.push_back({"Tesfaldet Gebremedhin", "Latn", "primary", {}, {}});
  target.names.push_back(text::prepare_name("Tesfaldet Gebremedhin"));
  index.upsert(std::move(target));
  EXPECT_EQ(ids(find(index, "ተስፋልደት ገብረመድህን", fra_)), std::vector<std::int64_t>{9999});
  index.remove(9999);
  EXPECT_TRUE(find(index, "Tesfaldet Gebremedhin", fra_).empty());
  EXPECT_EQ(index.size(), 3000u);
}

ScreenRecord plain(std::int64_t id, const std::string& name) {
  return person(id, name);
}

TEST_F(ScreeningIndexTest, LongPostingListsAreProbedNotSkipped) {
  // 250 "Zorbax Quentor Quill" (lower ids), 60 "Zorbax Quentor Smith", 3,000
  // other Smiths. Once the rare keys are counted, the Smith lists are too long
  // to gather and are probed for the names still in the race: without the
  // probe every Zorbax would tie and the Quills, added first, would fill the
  // candidates.
  ScreeningIndex index;
  std::vector<ScreenRecord> batch;
  std::int64_t id = 0;
  for (int i = 0; i < 250; ++i) batch.push_back(plain(++id, "Zorbax Quentor Quill"));
  std::vector<std::int64_t> smiths;
  for (int i = 0; i < 60; ++i) {
    batch.push_back(plain(++id, "Zorbax Quentor Smith"));
    smiths.push_back(id);
  }
  for (int i = 0; i < 3000; ++i) batch.push_back(plain(++id, "Other" + std::to_string(i) + " Smith"));
  index.upsert_all(std::move(batch));
  auto top = ids(index.search(text::prepare_name("Zorbax Quentor Smith"), fra_, 10, 0.6));
  EXPECT_EQ(top, std::vector<std::int64_t>(smiths.begin(), smiths.begin() + 10));
  // The same as with so many candidates that nothing is pruned.
  auto wide = ids(index.search(text::prepare_name("Zorbax Quentor Smith"), fra_, 1000, 0.6));
  ASSERT_GE(wide.size(), 10u);
  EXPECT_EQ(top, std::vector<std::int64_t>(wide.begin(), wide.begin() + 10));
}

TEST_F(ScreeningIndexTest, HitsCarryTheWholeSubjectAsUpserted) {
  ScreeningIndex index;
  ScreenRecord r = plain(7, "Goran Vukovic");
  r.kind = "diffusion";
  r.type = "blue";
  r.extract_to_all = true;
  r.meta.restriction = {policy::Scope::members, {"DEU", "ITA"}};
  auto& s = r.subject;
  s.names.push_back({"Горан Вуковић", "Cyrl", "alias", std::string("Горан"), std::string("Вуковић")});
  s.birth_dates = {"1985-04-12", "1986"};
  s.sex = "M";
  s.nationalities = {"SRB", "BIH"};
  s.places_of_birth = {"Novi Sad"};
  s.documents = {{"AB-123 456", "SRB", "passport"}};
  s.marks = {"scar on the left hand"};
  s.languages = {"srp"};
  s.photos = {"photo-1"};
  const auto kept = r.subject;
  index.upsert(std::move(r));  // names left empty: the index prepares them
  auto hits = find(index, "Goran Vukovic", fra_);
  ASSERT_EQ(hits.size(), 1u);
  const auto& got = hits[0].record;
  EXPECT_EQ(got.id, 7);
  EXPECT_EQ(got.kind, "diffusion");
  EXPECT_EQ(got.type, "blue");
  EXPECT_TRUE(got.extract_to_all);
  EXPECT_EQ(got.meta.owner, "FRA");
  EXPECT_EQ(got.meta.restriction.members, (std::vector<std::string>{"DEU", "ITA"}));
  ASSERT_EQ(got.subject.names.size(), 2u);
  EXPECT_EQ(got.subject.names[1].full, "Горан Вуковић");
  EXPECT_EQ(got.subject.names[1].kind, "alias");
  EXPECT_EQ(got.subject.names[1].given, std::optional<std::string>("Горан"));
  EXPECT_EQ(got.subject.names[0].given, std::nullopt);
  EXPECT_EQ(got.subject.birth_dates, kept.birth_dates);
  EXPECT_EQ(got.subject.sex, kept.sex);
  EXPECT_EQ(got.subject.nationalities, kept.nationalities);
  EXPECT_EQ(got.subject.places_of_birth, kept.places_of_birth);
  ASSERT_EQ(got.subject.documents.size(), 1u);
  EXPECT_EQ(got.subject.documents[0].number, "AB-123 456");
  EXPECT_EQ(got.subject.documents[0].type, "passport");
  EXPECT_EQ(got.subject.marks, kept.marks);
  EXPECT_EQ(got.subject.languages, kept.languages);
  EXPECT_EQ(got.subject.photos, kept.photos);
  EXPECT_FALSE(got.subject.victim);
  ASSERT_EQ(got.names.size(), 2u);
  EXPECT_EQ(got.names[0].tokens.size(), 2u);
  // The Cyrillic name matched too; the document is found by its normalised number.
  EXPECT_EQ(ids(find(index, "Горан Вуковић", fra_)), std::vector<std::int64_t>{7});
  EXPECT_EQ(ids(index.by_document("ab123456", fra_)), std::vector<std::int64_t>{7});
  EXPECT_TRUE(index.by_document("AB123457", fra_).empty());
}

TEST_F(ScreeningIndexTest, BulkUpsertMatchesOneByOne) {
  // Spellings repeat across records (prepared once in bulk); one id comes twice.
  const std::vector<std::string> names = {"Mohammed Al-Hassan", "Ivan Petrov", "Mohammed Al-Hassan",
                                          "Olena Kovalenko",    "Ivan Petrov", "محمد الحسن"};
  ScreeningIndex one, bulk;
  std::vector<ScreenRecord> batch;
  for (std::size_t i = 0; i < names.size(); ++i) {
    one.upsert(plain(static_cast<std::int64_t>(i + 1), names[i]));
    batch.push_back(plain(static_cast<std::int64_t>(i + 1), names[i]));
  }
  one.upsert(plain(2, "Olena Kovalenko"));
  batch.push_back(plain(2, "Olena Kovalenko"));  // the later record of an id stays
  bulk.upsert_all(std::move(batch));
  EXPECT_EQ(bulk.size(), one.size());
  for (const char* q : {"Muhammad Alhassan", "Iwan Petroff", "Elena Kovalenko", "محمد"}) {
    auto a = find(one, q, fra_), b = find(bulk, q, fra_);
    ASSERT_EQ(ids(a), ids(b)) << q;
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_DOUBLE_EQ(a[i].match.score, b[i].match.score) << q;
  }
  EXPECT_EQ(ids(find(bulk, "Olena Kovalenko", fra_)), (std::vector<std::int64_t>{2, 4}));
  EXPECT_EQ(ids(find(bulk, "Ivan Petrov", fra_)), std::vector<std::int64_t>{5});
}

// Notice documents are compared by the rule document checks use
// (ident/document_number.hpp): separators go, other characters stay.
TEST_F(ScreeningIndexTest, DocumentsMatchByTheRuleOfDocumentChecks) {
  ScreeningIndex index;
  ScreenRecord a = plain(1, "Amira Haddad");
  a.subject.documents = {{"ab-123 456", "SYR", "passport"}, {"N#998877", "SYR", "identity_card"}};
  index.upsert(std::move(a));
  EXPECT_EQ(ids(index.by_document("AB/123.456", fra_)), std::vector<std::int64_t>{1});
  EXPECT_EQ(ids(index.by_document("n#998877", fra_)), std::vector<std::int64_t>{1});
  // A check for N998877 does not hit N#998877, and neither does screening.
  EXPECT_TRUE(index.by_document("N998877", fra_).empty());
}

TEST_F(ScreeningIndexTest, RemovedRecordsFreeTheirSlotsAndDocuments) {
  ScreeningIndex index;
  ScreenRecord a = plain(1, "Amira Haddad");
  a.subject.documents = {{"P1234567", "SYR", "passport"}};
  index.upsert(std::move(a));
  index.remove(1);
  EXPECT_TRUE(index.by_document("P1234567", fra_).empty());
  EXPECT_TRUE(find(index, "Amira Haddad", fra_).empty());
  // A new record takes the freed slot: it must answer with its own subject.
  ScreenRecord b = plain(2, "Karim Nasser");
  b.subject.documents = {{"Q7654321", "LBN", "passport"}};
  index.upsert(std::move(b));
  EXPECT_TRUE(index.by_document("P1234567", fra_).empty());
  auto hits = index.by_document("Q7654321", fra_);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].record.subject.names[0].full, "Karim Nasser");
  EXPECT_TRUE(find(index, "Amira Haddad", fra_).empty());
  EXPECT_EQ(ids(find(index, "Karim Nasser", fra_)), std::vector<std::int64_t>{2});
}

TEST_F(ScreeningIndexTest, NamesakesShareOneSpellingUntilTheLastIsRemoved) {
  ScreeningIndex index;
  index.upsert_all({plain(1, "Amira Haddad"), plain(2, "Amira Haddad"), plain(3, "Karim Nasser")});
  index.upsert(plain(4, "AMIRA  haddad"));  // the same tokens once prepared
  EXPECT_EQ(index.spellings(), 2u);
  EXPECT_EQ(ids(find(index, "Amira Haddad", fra_)), (std::vector<std::int64_t>{1, 2, 4}));
  // Removing one namesake keeps the others findable.
  index.remove(2);
  EXPECT_EQ(index.spellings(), 2u);
  EXPECT_EQ(ids(find(index, "Amira Hadad", fra_)), (std::vector<std::int64_t>{1, 4}));
  // A renamed record leaves its old spelling; the last holder takes it out of the postings.
  index.upsert(plain(1, "Karim Nasser"));
  index.remove(4);
  EXPECT_EQ(index.spellings(), 1u);
  EXPECT_TRUE(index.search(text::prepare_name("Amira Haddad"), fra_, 10, 0.0, 1000).empty());
  EXPECT_EQ(ids(find(index, "Karim Nasser", fra_)), (std::vector<std::int64_t>{1, 3}));
  // The spelling comes back with a new holder.
  index.upsert(plain(5, "Amira Haddad"));
  EXPECT_EQ(index.spellings(), 2u);
  EXPECT_EQ(ids(find(index, "Amira Haddad", fra_)), std::vector<std::int64_t>{5});
}

TEST_F(ScreeningIndexTest, RemovedNamesFreeTheirIdsForLaterRecords) {
  // A record replaced over and over, with one name or three, and namesakes
  // coming and going: name ids are reused, and searches still find each
  // record under its current names only, namesakes by record id.
  ScreeningIndex index;
  index.upsert_all({plain(1, "Amira Haddad"), plain(2, "Karim Nasser")});
  const auto before = index.name_ids();
  for (int round = 0; round < 200; ++round) {
    ScreenRecord r = plain(3, round % 2 ? "Amira Haddad" : "Karim Nasser");
    if (round % 3 == 0) {
      r.subject.names.push_back({"Leila Haddad", "Latn", "alias", {}, {}});
      r.subject.names.push_back({"Amira Nasser", "Latn", "alias", {}, {}});
    }
    index.upsert(std::move(r));
    index.upsert(plain(100 + round % 5, "Amira Haddad"));
    index.remove(100 + (round + 2) % 5);
  }
  EXPECT_LE(index.name_ids(), before + 12);
  // After the last round record 3 is "Amira Haddad" alone; namesakes 102 to 104 remain.
  EXPECT_EQ(ids(find(index, "Amira Haddad", fra_)), (std::vector<std::int64_t>{1, 3, 102, 103, 104}));
  EXPECT_EQ(ids(find(index, "Karim Nasser", fra_)), std::vector<std::int64_t>{2});
  for (const auto id : ids(find(index, "Leila Haddad", fra_))) EXPECT_NE(id, 3);
}

TEST_F(ScreeningIndexTest, ATiedSpellingYieldsItsNamesakesByRecordId) {
  // 300 namesakes, added in descending id order, and near spellings: the
  // exact spelling's holders come first, lowest ids first, as many as asked
  // for, even beyond the spellings scored.
  ScreeningIndex index;
  std::vector<ScreenRecord> batch;
  for (int i = 300; i >= 1; --i) batch.push_back(plain(i, "Zorbax Quentor"));
  for (int i = 0; i < 50; ++i) batch.push_back(plain(1000 + i, "Zorbax Quentor" + std::string(1, 'a' + i % 26)));
  index.upsert_all(std::move(batch));
  auto top = ids(index.search(text::prepare_name("Zorbax Quentor"), fra_, 10, 0.6));
  std::vector<std::int64_t> first(10);
  for (int i = 0; i < 10; ++i) first[i] = i + 1;
  EXPECT_EQ(top, first);
  auto many = index.search(text::prepare_name("Zorbax Quentor"), fra_, 250, 0.6, 5);
  ASSERT_EQ(many.size(), 250u);
  for (int i = 0; i < 250; ++i) EXPECT_EQ(many[i].record.id, i + 1);
  // A typo scores every namesake alike: still the lowest ids.
  EXPECT_EQ(ids(index.search(text::prepare_name("Zorbax Quetnor"), fra_, 10, 0.6)), first);
}

TEST_F(ScreeningIndexTest, AmongNamesThatPrepareAlikeTheOneWrittenAsTheQueryRanksFirst) {
  // "Abdurrahman" and "Abdelrahman" prepare as "Abdul Rahman" does (one
  // spelling, equal scores): the records whose name is written as the query,
  // up to case and punctuation, come before lower record ids.
  ScreeningIndex index;
  index.upsert(person(1, "Abdurrahman"));
  index.upsert(person(2, "Abdelrahman"));
  index.upsert(person(3, "ABDUL RAHMAN"));
  index.upsert(person(4, "Abd al-Rahman"));
  index.upsert(person(5, "Abdul-Rahman,"));
  EXPECT_EQ(ids(index.search(text::prepare_name("Abdul Rahman"), fra_, 2, 0.6)), (std::vector<std::int64_t>{3, 5}));
  EXPECT_EQ(ids(index.search(text::prepare_name("Abdelrahman"), fra_, 2, 0.6)), (std::vector<std::int64_t>{2, 1}));
  // Removing a record forgets how its name was written: its id goes to another.
  index.remove(3);
  index.upsert(person(6, "Abdurrahman"));
  EXPECT_EQ(ids(index.search(text::prepare_name("Abdul Rahman"), fra_, 2, 0.6)), (std::vector<std::int64_t>{5, 1}));
  // A record holding both writings ranks by the one written as the query,
  // and reports that name.
  ScreeningIndex two;
  ScreenRecord both = person(1, "Abdurrahman");
  both.subject.names.push_back({"Abdul Rahman", "Latn", "alias", {}, {}});
  two.upsert(both);
  two.upsert(person(2, "Abdul Rahman"));
  auto hits = two.search(text::prepare_name("Abdul Rahman"), fra_, 2, 0.6);
  ASSERT_EQ(ids(hits), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(hits[0].name_index, 1u);
}

TEST_F(ScreeningIndexTest, ANameWithADigitIsFoundByIt) {
  // A listed alias such as "1-P": the digit is a name part, not an initial.
  ScreeningIndex index;
  for (int i = 0; i < 20; ++i) index.upsert(person(i + 1, std::string(1, static_cast<char>('a' + i)) + "-P"));
  index.upsert(person(100, "\u201c1-P\u201d"));
  index.upsert(person(101, "2-P"));
  EXPECT_EQ(ids(index.search(text::prepare_name("\u201c1-P\u201d"), fra_, 3, 0.6)), std::vector<std::int64_t>{100});
  EXPECT_EQ(ids(index.search(text::prepare_name("1 P"), fra_, 3, 0.6)), std::vector<std::int64_t>{100});
}

TEST_F(ScreeningIndexTest, ReplacedSubjectsAreCompactedAway) {
  // Each replacement leaves the old encoded subject behind until more than
  // half the bytes are dead; the records must read the same after compaction.
  ScreeningIndex index;
  for (int i = 1; i <= 20; ++i) index.upsert(plain(i, "Person Number" + std::to_string(i) + " Haddad"));
  for (int round = 0; round < 400; ++round) {
    ScreenRecord r = plain(1, "Amira Haddad");
    r.subject.marks = {std::string(4096, 'x'), std::to_string(round)};
    index.upsert(std::move(r));
  }
  auto hits = find(index, "Amira Haddad", fra_);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].record.subject.marks.back(), "399");
  for (int i = 2; i <= 20; ++i) {
    auto other = find(index, "Person Number" + std::to_string(i) + " Haddad", fra_);
    ASSERT_FALSE(other.empty()) << i;
    EXPECT_EQ(other[0].record.subject.names[0].full, "Person Number" + std::to_string(i) + " Haddad");
  }
  EXPECT_EQ(index.size(), 20u);
}

TEST_F(ScreeningIndexTest, AnInitialBesideASurnameFindsItsPersonAmongManyNamesakes) {
  ScreeningIndex index;
  for (int i = 0; i < 400; ++i) index.upsert(person(i + 1, "Person" + std::to_string(i) + " Smith"));
  index.upsert(person(9999, "John Smith"));
  auto hits = index.search(text::prepare_name("J Smith"), fra_, 10, 0.6);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].record.id, 9999);
  // An abbreviation is posted whole too.
  for (int i = 0; i < 300; ++i) index.upsert(person(20000 + i, "Trading" + std::to_string(i) + " Company"));
  index.upsert(person(30000, "ABC Company"));
  hits = index.search(text::prepare_name("A.B.C. Company"), fra_, 10, 0.6);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].record.id, 30000);
}

// Names "<prefix><i><suffix>" for i in [0, n).
std::vector<std::string> numbered(const std::string& prefix, const std::string& suffix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i) + suffix);
  return out;
}

// The record a search for `query` ranks first among `decoys` (ids from 1)
// and `target` (id 9999), added last; 0 when it finds none.
std::int64_t first_found(const std::vector<std::string>& decoys, const std::string& target, const std::string& query,
                         const Caller& who) {
  ScreeningIndex index;
  std::int64_t id = 0;
  for (const auto& n : decoys) index.upsert(person(++id, n));
  index.upsert(person(9999, target));
  auto hits = index.search(text::prepare_name(query), who, 10, 0.6);
  return hits.empty() ? 0 : hits[0].record.id;
}

TEST_F(ScreeningIndexTest, ASwappedLetterKeepsTheNameFindable) {
  // 150 names share more trigrams with the typo "Jonhson" than Johnson does;
  // the set of consonants (j + hns) still proposes Johnson.
  EXPECT_EQ(first_found(numbered("Name", " Jonhsox", 150), "Emily Johnson", "E Jonhson", fra_), 9999);
}

TEST_F(ScreeningIndexTest, OneTypingErrorFindsANameItsOtherKeysMiss) {
  // "Thoas" shares one trigram with Thomas and no phonetic key or consonant
  // set; 150 names share more trigrams with it. A spelling one letter shorter
  // than Thomas is one of Thomas's deletion keys.
  EXPECT_EQ(first_found(numbered("Name", " Thoasix", 150), "Peter Thomas", "P. Thoas", fra_), 9999);
  // A letter replaced (Dabid: another phonetic key), a letter added
  // (Okonkwro: another key and consonant set), and a letter added to a name
  // of a variant group, found under its group's key (Youssref: Yusuf).
  EXPECT_EQ(first_found(numbered("Name", " Dabidix", 150), "Lina David", "L Dabid", fra_), 9999);
  EXPECT_EQ(first_found(numbered("Name", " Okonkwroix", 150), "Lina Okonkwo", "L Okonkwro", fra_), 9999);
  EXPECT_EQ(first_found(numbered("Name", " Youssrefix", 150), "Lina Youssef", "L Youssref", fra_), 9999);
}

TEST_F(ScreeningIndexTest, AVowellessMachineSpellingFindsItsNameByItsConsonants) {
  // "Bdalrhmn Ywsf" shares no trigram with "Youssef Abdelrahman" and only
  // the phonetic key of Ywsf; 150 other names share four trigrams with it.
  // The consonant skeletons (ysf, bdrhmn) bring the person in.
  EXPECT_EQ(first_found(numbered("Name", " Alrhmnov", 150), "Youssef Abdelrahman", "Bdalrhmn Ywsf", fra_), 9999);
}

TEST_F(ScreeningIndexTest, TheArticleGluedToANameFindsItWrittenApart) {
  // "Adel Altamimi" shares only trigrams with "Adil Al-Tamimi"; 150 "Adel Al-…"
  // share more. The glued token is also looked up as "tamimi".
  EXPECT_EQ(first_found(numbered("Adel Al-Name", "", 150), "Adil Al-Tamimi", "Adel Altamimi", fra_), 9999);
}

// Arabic-script names "G F التميمي" from 13 × 13 common names.
std::vector<std::string> arabic_tamimis() {
  const char* names[] = {"عادل", "أحمد", "محمد", "خالد", "سعيد", "ناصر", "كريم",
                         "يوسف", "حسن",  "عمر",  "علي",  "سامي", "فيصل"};
  std::vector<std::string> out;
  for (const char* g : names) {
    for (const char* f : names) {
      if (std::string(g) != f) out.push_back(std::string(g) + " " + f + " التميمي");
    }
  }
  return out;
}

TEST_F(ScreeningIndexTest, TwoNamesKeysTogetherFindAPersonAcrossScripts) {
  // عائشة التميمي against "Aisha Al-Tamimi": no trigram of Aisha, Tamimi
  // agrees only by its phonetic key, which 156 other Tamimis written in
  // Arabic share with more of the query's keys. The pair of phonetic keys
  // (Aisha's and Tamimi's) is posted for both and brings the person in.
  EXPECT_EQ(first_found(arabic_tamimis(), "Aisha Al-Tamimi", "عائشة التميمي", fra_), 9999);
}

TEST_F(ScreeningIndexTest, ASearchSaysWhenSpellingsAsCloseAsTheBestWereLeftOut) {
  // "Tamimi" alone: 157 spellings share its keys equally, 100 are scored.
  // screen() widens such a search when the query has a birth date.
  ScreeningIndex index;
  std::int64_t id = 0;
  for (const auto& n : arabic_tamimis()) index.upsert(person(++id, n));
  index.upsert(person(9999, "Fatima Yusuf Al-Tamimi"));
  bool crowded = false;
  index.search(text::prepare_name("التميمي"), fra_, 30, 0.5, 100, &crowded);
  EXPECT_TRUE(crowded);
  auto wide = index.search(text::prepare_name("التميمي"), fra_, 300, 0.5, 1000, &crowded);
  EXPECT_FALSE(crowded);  // every spelling with a vote was scored
  EXPECT_EQ(wide.size(), 157u);
  // A query whose own spelling stands out is not crowded.
  index.search(text::prepare_name("Fatima Yusuf Al-Tamimi"), fra_, 30, 0.5, 100, &crowded);
  EXPECT_FALSE(crowded);
}

// The birth date's reason and score for one query date against one subject date.
std::pair<std::string, json> dated(const ScreeningIndex& index, const Caller& who, const std::string& date) {
  ScreenQuery q;
  q.name = "Maria Fernanda Castillo";
  q.birth_date = date;
  auto out = screen(index, who, q).value();
  if (out["candidates"].empty()) return {"", json()};
  const auto& c = out["candidates"][0];
  for (const auto& r : c["reasons"]) {
    if (r["field"] == "birth_date") return {r["how"].get<std::string>(), c};
  }
  return {"", c};
}

TEST_F(ScreeningIndexTest, BirthDatesTellRecordingErrorsFromAnotherPerson) {
  ScreeningIndex index;
  index.upsert(person(1, "Maria Fernanda Castillo", "1985-04-12"));
  auto [how, c] = dated(index, fra_, "1985-12-04");  // day and month swapped
  EXPECT_EQ(how, "transposed");
  EXPECT_TRUE(c["match"].get<bool>());
  std::tie(how, c) = dated(index, fra_, "1986-04-12");  // the year one off
  EXPECT_EQ(how, "year_one_off");
  EXPECT_TRUE(c["match"].get<bool>());
  // The right year with another day, or another year, is most often another
  // person: still listed, no longer a match on the name alone.
  std::tie(how, c) = dated(index, fra_, "1985-07-30");
  EXPECT_EQ(how, "same_year");
  EXPECT_FALSE(c["match"].get<bool>());
  std::tie(how, c) = dated(index, fra_, "1986-09-01");
  EXPECT_EQ(how, "differs");
  EXPECT_FALSE(c["match"].get<bool>());
  std::tie(how, c) = dated(index, fra_, "1979");
  EXPECT_EQ(how, "differs");
  EXPECT_FALSE(c["match"].get<bool>());
}

// The record screen() ranks first for `query` born on `born` among `count`
// subjects named `name`, the i-th (id i + 1) born on `day` ("-MM-DD") of
// year `first_year` + i; 0 when it lists none.
std::int64_t first_namesake(int count, const std::string& name, int first_year, const std::string& day,
                            const std::string& query, const std::string& born, const Caller& who) {
  ScreeningIndex index;
  for (int i = 0; i < count; ++i) index.upsert(person(i + 1, name, std::to_string(first_year + i) + day));
  ScreenQuery q;
  q.name = query;
  q.birth_date = born;
  auto out = screen(index, who, q).value();
  return out["candidates"].empty() ? 0 : out["candidates"][0]["source"]["id"].get<std::int64_t>();
}

TEST_F(ScreeningIndexTest, TheBirthDatePicksItsPersonAmongMoreNamesakesThanTheFirstList) {
  // Forty subjects of one name: the first list of name candidates holds 30,
  // cut by record id; the one born on the query's date has the highest id.
  EXPECT_EQ(first_namesake(40, "Maria Garcia", 1940, "-01-15", "Maria Garcia", "1979-01-15", fra_), 40);
}

TEST_F(ScreeningIndexTest, TheBirthDatePicksItsPersonAmongHundredsOfNamesakes) {
  // 150 John Browns: the longer list of 100 is full too, cut by record id;
  // the one born on the query's date has the highest id.
  EXPECT_EQ(first_namesake(150, "John Brown", 1900, "-03-23", "J Brown", "2049-03-23", fra_), 150);
}

TEST_F(ScreeningIndexTest, WithoutABirthDateACommonNameIsListedButNoMatch) {
  // Sixty Garcias of three given names, and one rare name.
  ScreeningIndex index;
  const char* given[] = {"Maria", "Jose", "Ana"};
  for (int i = 0; i < 60; ++i) {
    index.upsert(person(i + 1, std::string(given[i % 3]) + " Garcia", std::to_string(1940 + i) + "-01-15"));
  }
  index.upsert(person(100, "Zbigniew Brzezinski", "1928-03-28"));
  auto top = [&](const std::string& name, std::optional<std::string> date) {
    return first_candidate(index, name, std::move(date));
  };
  auto c = top("Maria Garcia", std::nullopt);
  ASSERT_FALSE(c.is_null());
  EXPECT_FALSE(c["match"].get<bool>()) << c.dump();
  // The listed name given exactly is still for a person to review.
  EXPECT_EQ(c["outcome"], "possible") << c.dump();
  EXPECT_GE(c["score"].get<double>(), kPossibleThreshold);
  c = top("Maria Garcia", "1940-01-15");
  EXPECT_EQ(c["source"]["id"], 1);
  EXPECT_TRUE(c["match"].get<bool>()) << c.dump();
  c = top("Zbigniew Brzezinski", std::nullopt);
  EXPECT_EQ(c["source"]["id"], 100);
  EXPECT_TRUE(c["match"].get<bool>()) << c.dump();
  EXPECT_EQ(c["outcome"], "match");
  // A name that merely resembles the listed one: reported, no match, nothing to review.
  c = top("Maria Garcon", std::nullopt);
  EXPECT_TRUE(c.is_null() || c["outcome"] == "no_match") << c.dump();
}

TEST_F(ScreeningIndexTest, AWeakNameAloneIsNeverAMatch) {
  // As the UN list holds CDi.003: a primary name, a good alias, a low-quality one.
  ScreeningIndex index;
  auto listed = person(1, "Gaston Iyamuremye", "1948");
  listed.subject.names.push_back({"Byiringiro Victor Rumuli", "Latn", "alias", {}, {}});
  listed.subject.names.push_back({"Rumuli", "Latn", "alias", {}, {}, true});
  index.upsert(listed);
  // A low-quality alias that shares nothing with the person's other names (CDi.004).
  auto third = person(3, "Innocent Kaina", "1974");
  third.subject.names.push_back({"India Queen", "Latn", "alias", {}, {}, true});
  index.upsert(third);
  // A listed person with an alias of one word.
  auto other = person(2, "Bilal Tariq Mahmood", "1975");
  other.subject.names.push_back({"Bilal", "Latn", "alias", {}, {}});
  index.upsert(other);
  auto top = [&](const std::string& name, std::optional<std::string> date) {
    return first_candidate(index, name, std::move(date));
  };
  auto has_reason = [](const json& c, const std::string& how) {
    for (const auto& r : c["reasons"]) {
      if (r["how"] == how) return true;
    }
    return false;
  };
  // The weak alias alone, even with the birth date: for review, never a match.
  for (const auto& date : {std::optional<std::string>(), std::optional<std::string>("1948")}) {
    auto c = top("Rumuli", date);
    ASSERT_FALSE(c.is_null());
    EXPECT_EQ(c["source"]["id"], 1);
    EXPECT_FALSE(c["match"].get<bool>()) << c.dump();
    EXPECT_LE(c["score"].get<double>(), kWeakNameCap);
  }
  // Here the person's good alias "Byiringiro Victor Rumuli" carries the
  // candidate, resting on one of its parts.
  EXPECT_TRUE(has_reason(top("Rumuli", "1948"), "one_part"));
  auto c = top("India Queen", "1974");
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(c["source"]["id"], 3);
  EXPECT_FALSE(c["match"].get<bool>()) << c.dump();
  EXPECT_EQ(c["outcome"], "possible");
  EXPECT_TRUE(has_reason(c, "weak_alias")) << c.dump();
  // A one-word alias likewise, and a longer name holding it is no match either.
  c = top("Bilal", "1975");
  ASSERT_FALSE(c.is_null());
  EXPECT_FALSE(c["match"].get<bool>()) << c.dump();
  EXPECT_TRUE(has_reason(c, "one_part")) << c.dump();
  auto lone = person(4, "Ahmad Rahimi", "1960");
  lone.subject.names.push_back({"Zulkarnaen", "Latn", "alias", {}, {}});
  index.upsert(lone);
  c = top("Zulkarnaen", "1960");
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(c["source"]["id"], 4);
  EXPECT_FALSE(c["match"].get<bool>()) << c.dump();
  EXPECT_TRUE(has_reason(c, "one_word_alias")) << c.dump();
  c = top("Bilal Hussain Qureshi", std::nullopt);
  EXPECT_TRUE(c.is_null() || !c["match"].get<bool>()) << c.dump();
  // A strong name of the same person still matches, and carries the record
  // when it scores as well as the weak one.
  c = top("Gaston Iyamuremye", "1948");
  EXPECT_EQ(c["source"]["id"], 1);
  EXPECT_TRUE(c["match"].get<bool>()) << c.dump();
  c = top("Victor Rumuli", "1948");
  EXPECT_EQ(c["source"]["id"], 1);
  EXPECT_FALSE(has_reason(c, "weak_alias")) << c.dump();
  c = top("Bilal Tariq Mahmood", "1975");
  EXPECT_TRUE(c["match"].get<bool>()) << c.dump();
  EXPECT_EQ(c["outcome"], "match");
}

}  // namespace
}  // namespace ariadne::screen
