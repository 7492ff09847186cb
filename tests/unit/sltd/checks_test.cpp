#include "sltd/checks.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "exchange/notifications.hpp"
#include "policy/accounts.hpp"
#include "server/schema.hpp"
#include "sltd/hits.hpp"
#include "store/audit.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::MemberKind;
using policy::Role;

class ChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::member_store(dir_, "c.db", {"FRA", "DEU", "ITA"}, {"AIRX"});
    add({{"number", "15AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}, {"status", "stolen"}});
    add({{"number", "SECRET1"},
         {"issuing_state", "FRA"},
         {"type", "passport"},
         {"status", "lost"},
         {"restriction", {{"scope", "owner"}}}});
    index_ = DocumentIndex::build(*db_).value();
  }
  void add(const json& body) {
    auto d = parse_new_document(body, *db_, fra_).value();
    ASSERT_TRUE(create_document(*db_, fra_, std::move(d)).ok());
  }
  json check(const policy::Caller& c, const json& body) {
    auto r = check_document(*db_, *index_, c, body);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r.value() : json();
  }
  std::int64_t count(const char* table) {
    return db_->query(std::string("SELECT COUNT(*) FROM ") + table)->front().integer(0);
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<DocumentIndex> index_;
  policy::Caller fra_{UserId{1}, "alice", "FRA", MemberKind::ncb, Role::officer};
  policy::Caller deu_{UserId{2}, "bernd", "DEU", MemberKind::ncb, Role::officer};
  policy::Caller carrier_{UserId{3}, "air", "AIRX", MemberKind::partner, Role::partner};
};

TEST_F(ChecksTest, AnExactHitNamesTheRecordAndIsStoredAndNotified) {
  auto out = check(deu_, {{"number", "15ab-12345"}, {"issuing_state", "FRA"}, {"type", "P"}, {"location", "FRA-CDG"}});
  EXPECT_TRUE(out["hit"].get<bool>());
  ASSERT_EQ(out["matches"].size(), 1U);
  const auto& m = out["matches"][0];
  EXPECT_EQ(m["match"], "exact");
  EXPECT_EQ(m["status"], "stolen");
  EXPECT_EQ(m["owner"], "FRA");
  EXPECT_FALSE(m["restricted"].get<bool>());
  EXPECT_DOUBLE_EQ(m["confidence"].get<double>(), 1.0);
  EXPECT_EQ(count("hits"), 1);
  auto notes = exchange::list_notifications(*db_, "FRA").value();
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0].kind, "hit");
  EXPECT_NE(notes[0].text.find("FRA-CDG"), std::string::npos);
  auto audit = store::audit_list(*db_, {std::nullopt, std::nullopt, std::string("hit.create"), std::nullopt, 0, 10});
  EXPECT_EQ(audit->size(), 1U);
}

TEST_F(ChecksTest, AMissStoresNothing) {
  auto out = check(deu_, {{"number", "NOPE1"}, {"issuing_state", "FRA"}});
  EXPECT_FALSE(out["hit"].get<bool>());
  EXPECT_TRUE(out["matches"].empty());
  EXPECT_EQ(count("hits"), 0);
}

TEST_F(ChecksTest, ARestrictedHitHidesTheRecordAndTellsTheOwner) {
  auto out = check(deu_, {{"number", "SECRET1"}});  // no state, no type: every state
  EXPECT_TRUE(out["hit"].get<bool>());
  ASSERT_EQ(out["matches"].size(), 1U);
  const auto& m = out["matches"][0];
  EXPECT_TRUE(m["restricted"].get<bool>());
  EXPECT_FALSE(m.contains("document_id"));
  EXPECT_FALSE(m.contains("status"));
  EXPECT_FALSE(m.contains("owner"));
  EXPECT_EQ(exchange::list_notifications(*db_, "FRA").value().size(), 1U);
  auto hits = list_hits(*db_, deu_, {}).value();
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_TRUE(to_json(hits[0], deu_)["document_id"].is_null());
  EXPECT_FALSE(to_json(hits[0], fra_)["document_id"].is_null());
}

TEST_F(ChecksTest, ByMrzFindsThePassportAndReportsMrzErrors) {
  const std::string good = "P<FRADUPONT<<JEAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\n15AB123452FRA8001014M3501014<<<<<<<<<<<<<<08";
  auto out = check(deu_, {{"mrz", good}});
  EXPECT_TRUE(out["hit"].get<bool>()) << out.dump();
  EXPECT_TRUE(out["mrz"]["valid"].get<bool>());
  std::string bad = good;
  bad[bad.size() - 1] = '9';  // composite check digit wrong
  out = check(deu_, {{"mrz", bad}});
  EXPECT_TRUE(out["hit"].get<bool>());
  EXPECT_FALSE(out["mrz"]["valid"].get<bool>());
  EXPECT_FALSE(out["mrz"]["errors"].empty());
}

TEST_F(ChecksTest, APassengerListRecordWithNumberAndMrzIsChecked) {
  const std::string mrz = "P<FRADUPONT<<JEAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\n15AB123452FRA8001014M3501014<<<<<<<<<<<<<<08";
  json traveller = {{"id", "T0000001"},
                    {"number", "15AB12345"},
                    {"issuing_state", "FRA"},
                    {"type", "passport"},
                    {"mrz", mrz},
                    {"surname", "Dupont"},
                    {"given_names", "Jean"},
                    {"birth_date", "1980-01-01"},
                    {"nationality", "FRA"},
                    {"sex", "M"},
                    {"flight", "AF1234"},
                    {"departure", "CDG"},
                    {"arrival", "FCO"},
                    {"date", "2026-06-19"}};
  auto out = check(deu_, traveller);
  EXPECT_TRUE(out["hit"].get<bool>()) << out.dump();
  EXPECT_TRUE(out["mrz"]["warnings"].empty()) << out.dump();
  // A typed number that disagrees with a sound MRZ is reported; the MRZ's number is checked.
  traveller["number"] = "99ZZ99999";
  out = check(deu_, traveller);
  EXPECT_TRUE(out["hit"].get<bool>()) << out.dump();
  ASSERT_EQ(out["mrz"]["warnings"].size(), 1U) << out.dump();
  EXPECT_EQ(out["mrz"]["warnings"][0]["field"], "document_number");
}

TEST_F(ChecksTest, NearCandidatesAreLowerConfidenceAndNotHits) {
  auto out = check(deu_, {{"number", "I5AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}, {"near", true}});
  EXPECT_FALSE(out["hit"].get<bool>());
  ASSERT_EQ(out["matches"].size(), 1U);
  EXPECT_EQ(out["matches"][0]["match"], "near");
  EXPECT_LT(out["matches"][0]["confidence"].get<double>(), 1.0);
  EXPECT_EQ(count("hits"), 0);
}

TEST_F(ChecksTest, ACarrierGetsGoOrNoGoOnly) {
  auto out = check(carrier_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}});
  EXPECT_EQ(out, json({{"go", false}}));
  EXPECT_EQ(check(carrier_, {{"number", "CLEAN"}, {"issuing_state", "FRA"}}), json({{"go", true}}));
  EXPECT_EQ(exchange::list_notifications(*db_, "FRA").value().size(), 1U);
  EXPECT_FALSE(list_hits(*db_, carrier_, {}).ok());
}

TEST_F(ChecksTest, BadInputNamesTheField) {
  auto r = check_document(*db_, *index_, deu_, {{"number", "!!"}, {"issuing_state", "XXX"}, {"colour", 1}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.error().fields.size(), 3U);
  EXPECT_FALSE(check_document(*db_, *index_, deu_, json::object()).ok());
  EXPECT_FALSE(check_document(*db_, *index_, deu_, {{"number", "A"}, {"mrz", "P<"}}).ok());
}

TEST_F(ChecksTest, ABatchAnswersEveryTravellerInOrderWithItsOwnErrors) {
  json body = {{"travellers",
                {{{"number", "15AB12345"}, {"issuing_state", "FRA"}, {"ref", "a"}},
                 {{"number", ""}, {"ref", "b"}},
                 {{"number", "CLEAN"}, {"ref", "c"}}}},
               {"location", "gate 4"}};
  auto out = check_batch(*db_, *index_, deu_, body).value();
  ASSERT_EQ(out["results"].size(), 3U);
  EXPECT_TRUE(out["results"][0]["hit"].get<bool>());
  EXPECT_EQ(out["results"][1]["ref"], "b");
  EXPECT_EQ(out["results"][1]["error"]["status"], 400);
  EXPECT_FALSE(out["results"][2]["hit"].get<bool>());
  EXPECT_EQ(out["results"][2]["index"], 2);
  EXPECT_EQ(list_hits(*db_, fra_, {}).value().front().location, "gate 4");
  EXPECT_FALSE(check_batch(*db_, *index_, deu_, {{"travellers", "x"}}).ok());
  json big = {{"travellers", json::array()}};
  for (std::size_t i = 0; i <= kMaxBatchTravellers; ++i) big["travellers"].push_back(json::object());
  auto r = check_batch(*db_, *index_, deu_, big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::too_large);
}

TEST_F(ChecksTest, OnlyTheOwnerConfirmsAHitOnce) {
  (void)check(deu_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}});
  auto id = list_hits(*db_, fra_, {}).value().front().id;
  EXPECT_EQ(decide_hit(*db_, deu_, id, HitStatus::confirmed, std::nullopt).error().code, ErrorCode::forbidden);
  policy::Caller ita{UserId{4}, "ita", "ITA", MemberKind::ncb, Role::officer};
  EXPECT_EQ(decide_hit(*db_, ita, id, HitStatus::confirmed, std::nullopt).error().code, ErrorCode::not_found);
  auto decided = decide_hit(*db_, fra_, id, HitStatus::confirmed, std::string("seized"));
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->status, HitStatus::confirmed);
  EXPECT_EQ(decide_hit(*db_, fra_, id, HitStatus::rejected, std::nullopt).error().code, ErrorCode::conflict);
  EXPECT_EQ(list_hits(*db_, deu_, {HitStatus::confirmed, 0, 100}).value().size(), 1U);
  EXPECT_TRUE(list_hits(*db_, deu_, {HitStatus::pending, 0, 100}).value().empty());
  auto told = exchange::list_notifications(*db_, "DEU").value();
  ASSERT_EQ(told.size(), 1U);
  EXPECT_EQ(told[0].kind, "hit.confirmed");
  EXPECT_TRUE(exchange::mark_read(*db_, "DEU", told[0].id).ok());
  EXPECT_FALSE(exchange::mark_read(*db_, "FRA", told[0].id).ok());
}

}  // namespace
}  // namespace ariadne::sltd
