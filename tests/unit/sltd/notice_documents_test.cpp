// Documents associated with notices: the documents listed in the subject of
// a published notice are found by the index and reported by checks.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "check_json.hpp"
#include "exchange/notifications.hpp"
#include "notices/notices.hpp"
#include "policy/accounts.hpp"
#include "sltd/checks.hpp"
#include "sltd/hits.hpp"
#include "sltd/index.hpp"
#include "sltd/snapshot.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

class NoticeDocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "n.db", {"FRA", "DEU", "ITA"}, {"AIRX"}); }
  static json red(const json& documents, const json& restriction = {{"scope", "all"}}) {
    return {{"type", "red"},
            {"subject",
             {{"names", json::array({json{{"full", "Mohammed Abdullah Al-Hassan"}}})},
              {"birth_date", "1985-04-12"},
              {"nationalities", {"SYR"}},
              {"documents", documents}}},
            {"offence", "trafficking in human beings"},
            {"legal_basis", "Code pénal art. 225-4-1"},
            {"warrant", "MA-2026-0042"},
            {"restriction", restriction}};
  }
  static json yellow(const json& documents, const json& restriction = {{"scope", "all"}}) {
    return {{"type", "yellow"},
            {"subject",
             {{"names", json::array({json{{"full", "Amina Yusuf"}}})}, {"victim", true}, {"documents", documents}}},
            {"disappeared_on", "2026-03-01"},
            {"disappeared_place", "Calais"},
            {"restriction", restriction}};
  }
  notices::Notice draft(const json& body) {
    auto n = notices::parse_notice(body, *db_, fra_, notices::Kind::notice);
    EXPECT_TRUE(n.ok()) << n.error().message;
    return notices::create_notice(*db_, fra_, std::move(n).value()).value();
  }
  notices::Notice publish(const json& body) {
    auto n = draft(body);
    auto submitted = notices::submit_notice(*db_, fra_, n.id);
    EXPECT_TRUE(submitted.ok()) << submitted.error().message;
    auto p = notices::review_notice(*db_, reviewer_, n.id, true, {});
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.value();
  }
  json check(const Caller& c, const json& body) {
    auto r = check_json(*db_, *index_, c, body);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r.value() : json();
  }
  std::vector<Candidate> find(const std::string& number, std::optional<std::string> state = std::nullopt,
                              std::optional<TypeClass> cls = std::nullopt) {
    return index_->find({number, std::move(state), cls, false}, today_epoch_day());
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<DocumentIndex> index_;
  Caller fra_{UserId{1}, "fra.officer", "FRA", MemberKind::ncb, Role::officer};
  Caller deu_{UserId{2}, "deu.officer", "DEU", MemberKind::ncb, Role::officer};
  Caller ita_{UserId{3}, "ita.officer", "ITA", MemberKind::ncb, Role::officer};
  Caller reviewer_{UserId{4}, "gs.reviewer", "IPSG", MemberKind::secretariat, Role::reviewer};
  Caller carrier_{UserId{5}, "air", "AIRX", MemberKind::partner, Role::partner};
};

TEST_F(NoticeDocumentsTest, BuildIndexesOnlyPublishedNotices) {
  auto published = publish(red({{{"number", "N-111 222"}, {"issuing_state", "SYR"}, {"type", "passport"}}}));
  draft(red({{{"number", "N333444"}, {"issuing_state", "SYR"}, {"type", "passport"}}}));
  index_ = DocumentIndex::build(*db_).value();
  EXPECT_EQ(index_->notice_documents(), 1U);
  auto found = find("N111222", "SYR", TypeClass::passport);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, MatchKind::notice_document);
  EXPECT_EQ(found[0].notice, published.id);
  EXPECT_TRUE(find("N333444").empty());
  EXPECT_TRUE(find("N111222", "DEU").empty()) << "another issuing state is another document";
  EXPECT_TRUE(find("N111222", "SYR", TypeClass::visa).empty());
  EXPECT_EQ(find("N111222").size(), 1U) << "a check without state or type still finds it";
}

TEST_F(NoticeDocumentsTest, ADocumentWithoutStateOrTypeMatchesAnyStateAndType) {
  publish(red(json::array({json{{"number", "X9876543"}}})));
  index_ = DocumentIndex::build(*db_).value();
  auto found = find("X9876543", "ITA", TypeClass::identity_card);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_TRUE(found[0].any_class);
  EXPECT_EQ(found[0].state, "");
}

TEST_F(NoticeDocumentsTest, TheFollowerAddsPublishedAndDropsCancelledNotices) {
  index_ = DocumentIndex::build(*db_).value();
  auto n = publish(red({{{"number", "N111222"}, {"issuing_state", "SYR"}}}));
  EXPECT_TRUE(find("N111222").empty()) << "not before the change log is followed";
  ASSERT_TRUE(index_->follow(*db_).ok());
  EXPECT_EQ(find("N111222").size(), 1U);
  ASSERT_TRUE(notices::cancel_notice(*db_, fra_, n.id, "arrested").ok());
  ASSERT_TRUE(index_->follow(*db_).ok());
  EXPECT_TRUE(find("N111222").empty());
  EXPECT_EQ(index_->notice_documents(), 0U);
}

TEST_F(NoticeDocumentsTest, ANoticePastItsExpiryDoesNotMatch) {
  auto n = publish(red({{{"number", "N111222"}, {"issuing_state", "SYR"}}}));
  index_ = DocumentIndex::build(*db_).value();
  ASSERT_EQ(find("N111222").size(), 1U);
  // The expiry date passes without any change being logged.
  ASSERT_TRUE(db_->execute("UPDATE notices SET expires_on = '2020-01-01' WHERE id = ?", {n.id}).ok());
  auto stale = index_->find({"N111222", std::nullopt, std::nullopt, false}, today_epoch_day());
  ASSERT_EQ(stale.size(), 1U) << "the index still holds the entry with its old expiry";
  EXPECT_FALSE(check(deu_, {{"number", "N111222"}})["hit"]) << "the store, checked before reporting, has moved on";
}

TEST_F(NoticeDocumentsTest, ACheckReportsTheNoticeStoresAHitAndNotifiesTheOwner) {
  auto n = publish(red({{{"number", "N111222"}, {"issuing_state", "SYR"}, {"type", "passport"}}}));
  index_ = DocumentIndex::build(*db_).value();
  auto out = check(deu_, {{"number", "n111222"}, {"issuing_state", "SYR"}, {"type", "P"}, {"location", "DEU-FRA"}});
  ASSERT_TRUE(out["hit"]);
  ASSERT_EQ(out["matches"].size(), 1U);
  const auto& m = out["matches"][0];
  EXPECT_EQ(m["match"], "notice_document");
  EXPECT_EQ(m["notice_id"], n.id);
  EXPECT_EQ(m["notice_type"], "red");
  EXPECT_EQ(m["owner"], "FRA");
  EXPECT_EQ(m["restricted"], false);
  EXPECT_EQ(m["names"][0]["full"], "Mohammed Abdullah Al-Hassan");
  auto hits = list_hits(*db_, fra_, {}).value();
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0].id, m["hit_id"]);
  EXPECT_EQ(hits[0].notice, n.id);
  EXPECT_FALSE(hits[0].document.has_value());
  EXPECT_EQ(hits[0].match, "notice_document");
  auto told = db_->query("SELECT text FROM notifications WHERE member = 'FRA' AND kind = 'hit'").value();
  ASSERT_EQ(told.size(), 1U);
  EXPECT_NE(told[0].text(0).find("notice:" + std::to_string(n.id)), std::string::npos) << told[0].text(0);
  // The owner decides the hit as for a document record.
  EXPECT_TRUE(decide_hit(*db_, fra_, hits[0].id, HitStatus::confirmed, std::nullopt).ok());
}

TEST_F(NoticeDocumentsTest, ARestrictedNoticeGivesARestrictedHit) {
  publish(red({{{"number", "N111222"}, {"issuing_state", "SYR"}}}, {{"scope", "members"}, {"members", {"ITA"}}}));
  index_ = DocumentIndex::build(*db_).value();
  auto out = check(deu_, {{"number", "N111222"}});
  ASSERT_TRUE(out["hit"]);
  const auto& m = out["matches"][0];
  EXPECT_EQ(m["restricted"], true);
  EXPECT_FALSE(m.contains("notice_id"));
  EXPECT_FALSE(m.contains("names"));
  auto hits = list_hits(*db_, fra_, {}).value();
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_TRUE(hits[0].restricted);
  // A listed member sees it in full.
  EXPECT_EQ(check(ita_, {{"number", "N111222"}})["matches"][0]["notice_type"], "red");
}

TEST_F(NoticeDocumentsTest, AVictimsDocumentTellsTheNoticeButNotTheNames) {
  auto n = publish(yellow({{{"number", "Y5550001"}, {"issuing_state", "NGA"}, {"type", "passport"}}}));
  index_ = DocumentIndex::build(*db_).value();
  auto out = check(deu_, {{"number", "Y5550001"}, {"issuing_state", "NGA"}});
  ASSERT_TRUE(out["hit"]);
  const auto& m = out["matches"][0];
  EXPECT_EQ(m["notice_id"], n.id);
  EXPECT_EQ(m["notice_type"], "yellow");
  EXPECT_EQ(m["victim"], true);
  EXPECT_FALSE(m.contains("names")) << "a victim's names stay with the owner and the members it listed";
  EXPECT_EQ(check(fra_, {{"number", "Y5550001"}})["matches"][0]["names"][0]["full"], "Amina Yusuf");
}

TEST_F(NoticeDocumentsTest, AVictimsNoticeHitKeepsTheOwnersNoteFromCheckersOutsideTheVictimRule) {
  publish(yellow({{{"number", "Y5550002"}, {"issuing_state", "NGA"}, {"type", "passport"}}}));
  index_ = DocumentIndex::build(*db_).value();
  Caller gs_admin{UserId{6}, "gs.admin", "IPSG", MemberKind::secretariat, Role::admin};
  EXPECT_FALSE(check(gs_admin, {{"number", "Y5550002"}})["matches"][0].contains("names"))
      << "the General Secretariat is not one the owner allowed";
  auto m = check(deu_, {{"number", "Y5550002"}})["matches"][0];
  auto hit = list_hits(*db_, deu_, {}).value().back();
  ASSERT_EQ(hit.id, m["hit_id"]);
  ASSERT_TRUE(decide_hit(*db_, fra_, hit.id, HitStatus::confirmed, std::string("found at her aunt's in Lyon")).ok());
  hit = list_hits(*db_, deu_, {}).value().back();
  EXPECT_EQ(hit_view(*db_, hit, deu_).value(), HitView::record);
  auto seen = to_json(hit, HitView::record);
  EXPECT_EQ(seen["notice_id"], m["notice_id"]);
  EXPECT_TRUE(seen["note"].is_null());
  EXPECT_TRUE(seen["decided_by"].is_null());
  auto told = exchange::list_notifications(*db_, "DEU").value();
  ASSERT_FALSE(told.empty());
  EXPECT_EQ(told.back().kind, "hit.confirmed");
  EXPECT_EQ(told.back().text.find("Lyon"), std::string::npos) << told.back().text;
  EXPECT_EQ(hit_view(*db_, hit, fra_).value(), HitView::full);
}

TEST_F(NoticeDocumentsTest, ACarrierGetsOnlyGoOrNoGo) {
  publish(red({{{"number", "N111222"}, {"issuing_state", "SYR"}}}));
  index_ = DocumentIndex::build(*db_).value();
  auto out = check(carrier_, {{"number", "N111222"}, {"issuing_state", "SYR"}});
  EXPECT_EQ(out, json({{"go", false}}));
  EXPECT_EQ(check(carrier_, {{"number", "N999999"}}), json({{"go", true}}));
}

TEST_F(NoticeDocumentsTest, OfflineCopiesCarryNoticeDocumentsAsKeyedHashesAndDeltasRemoveThem) {
  auto kept =
      publish(red(json::array({json{{"number", "N111222"}, {"issuing_state", "SYR"}}, json{{"number", "SHARED1"}}})));
  auto dropped =
      publish(red(json::array({json{{"number", "N333444"}, {"issuing_state", "SYR"}}, json{{"number", "SHARED1"}}})));
  auto full = export_snapshot(*db_).value();
  OfflineIndex offline(full);
  auto found = offline.find({"N333444", "SYR", TypeClass::passport, false});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, MatchKind::notice_document);
  EXPECT_TRUE(offline.find({"N999999", std::nullopt, std::nullopt, false}).empty());
  auto keys = load_index_key(*db_).value();
  EXPECT_EQ(std::count(full.statuses.begin(), full.statuses.end(), kNoticeDocumentByte), 3);
  EXPECT_TRUE(std::binary_search(full.hashes.begin(), full.hashes.end(), notice_number_hash(keys, "N333444")));

  ASSERT_TRUE(notices::cancel_notice(*db_, fra_, dropped.id, "found").ok());
  auto delta = export_snapshot(*db_, full.seq).value();
  auto applied = apply_delta(full, delta).value();
  OfflineIndex updated(applied);
  EXPECT_TRUE(updated.find({"N333444", "SYR", TypeClass::passport, false}).empty()) << "the cancelled notice's";
  EXPECT_EQ(updated.find({"SHARED1", std::nullopt, std::nullopt, false}).size(), 1U) << "still listed by another";
  EXPECT_EQ(updated.find({"N111222", std::nullopt, std::nullopt, false}).size(), 1U);
  EXPECT_EQ(applied.hashes, export_snapshot(*db_).value().hashes) << "base + delta = a fresh copy";
  (void)kept;
}

}  // namespace
}  // namespace ariadne::sltd
