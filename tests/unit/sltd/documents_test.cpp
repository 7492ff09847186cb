#include "sltd/documents.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "common/time.hpp"
#include "policy/accounts.hpp"
#include "store/audit.hpp"
#include "store/change_log.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

class DocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "d.db", {"FRA", "DEU", "ITA"}); }
  Result<Document> create(const Caller& c, json body) {
    ARIADNE_ASSIGN(auto doc, parse_new_document(body, *db_, c));
    return create_document(*db_, c, std::move(doc));
  }
  static json passport(const std::string& number, const std::string& state = "FRA") {
    return {{"number", number}, {"issuing_state", state}, {"type", "passport"}, {"status", "stolen"}};
  }
  std::int64_t count() { return db_->query("SELECT COUNT(*) FROM documents", {})->front().integer(0); }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller fra_{UserId{1}, "alice", "FRA", MemberKind::ncb, Role::officer};
  Caller deu_{UserId{2}, "bernd", "DEU", MemberKind::ncb, Role::officer};
  Caller gs_{UserId{3}, "gs", "IPSG", MemberKind::secretariat, Role::admin};
};

TEST(DocumentTypes, AcceptNamesAndIcaoCodes) {
  EXPECT_EQ(parse_document_type("P"), DocumentType::passport);
  EXPECT_EQ(parse_document_type("PD"), DocumentType::passport);
  EXPECT_EQ(parse_document_type("ID"), DocumentType::identity_card);
  EXPECT_EQ(parse_document_type("V"), DocumentType::visa);
  EXPECT_EQ(parse_document_type("residence_permit"), DocumentType::residence_permit);
  EXPECT_FALSE(parse_document_type("passports"));
  EXPECT_FALSE(parse_document_type("X"));
}

TEST_F(DocumentsTest, RegistersWithDefaultsAndLogsTheChange) {
  auto before = *store::last_change_seq(*db_);
  auto doc = create(fra_, passport("15ab 12345"));
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->number, "15AB12345");
  EXPECT_EQ(doc->meta.owner, "FRA");
  EXPECT_EQ(doc->meta.restriction.scope, policy::Scope::all);
  EXPECT_EQ(doc->review_on, add_years(today_utc(), 10).iso());
  auto changes = store::changes_since(*db_, before);
  ASSERT_EQ(changes->size(), 1U);
  EXPECT_EQ(changes->front().table, "documents");
  EXPECT_EQ(changes->front().record_id, std::to_string(doc->id.value));
  auto audit =
      store::audit_list(*db_, {std::nullopt, std::nullopt, std::string("document.create"), std::nullopt, 0, 10});
  EXPECT_EQ(audit->size(), 1U);
}

TEST_F(DocumentsTest, ValidationNamesEveryBadField) {
  json body = {{"number", "!!"},        {"issuing_state", "XXX"},    {"type", "scroll"},
               {"status", "misplaced"}, {"issued_on", "2020-02-30"}, {"holder", "John Smith"}};
  auto parsed = parse_new_document(body, *db_, fra_);
  ASSERT_FALSE(parsed.ok());
  std::set<std::string> fields;
  for (const auto& f : parsed.error().fields) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"number", "issuing_state", "type", "status", "issued_on", "holder"}));
  EXPECT_EQ(count(), 0);
}

TEST_F(DocumentsTest, OnlyTheIssuingStateOrTheSecretariatRegisters) {
  auto other = parse_new_document(passport("A1", "DEU"), *db_, fra_);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().fields.at(0).field, "issuing_state");
  auto on_behalf = create(gs_, passport("A1", "DEU"));
  ASSERT_TRUE(on_behalf.ok()) << on_behalf.error().message;
  EXPECT_EQ(on_behalf->meta.owner, "DEU");
  json for_itself = passport("A2", "DEU");
  for_itself["owner"] = "IPSG";
  EXPECT_EQ(create(gs_, for_itself)->meta.owner, "IPSG");
}

TEST_F(DocumentsTest, DuplicatesConflict) {
  ASSERT_TRUE(create(fra_, passport("A1")).ok());
  auto dup = create(fra_, passport("a-1"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_EQ(count(), 1);
}

TEST_F(DocumentsTest, StolenBlankRanges) {
  json blank = passport("B0001000");
  blank["status"] = "stolen_blank";
  blank["series_end"] = "B0001999";
  EXPECT_TRUE(create(fra_, blank).ok());
  json wrong = passport("C0001000");
  wrong["series_end"] = "C0001999";  // not a blank
  EXPECT_FALSE(parse_new_document(wrong, *db_, fra_).ok());
  wrong["status"] = "stolen_blank";
  wrong["series_end"] = "C00009";
  EXPECT_FALSE(parse_new_document(wrong, *db_, fra_).ok());
}

TEST_F(DocumentsTest, OwnerUpdatesMutableFieldsOnly) {
  auto doc = create(fra_, passport("A1")).value();
  auto updated = update_document(*db_, fra_, doc.id, json{{"status", "lost"}, {"remarks", "found in Calais"}});
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->status, DocumentStatus::lost);
  EXPECT_EQ(updated->remarks, "found in Calais");
  auto cleared = update_document(*db_, fra_, doc.id, json{{"remarks", nullptr}});
  EXPECT_FALSE(cleared->remarks);
  auto immutable = update_document(*db_, fra_, doc.id, json{{"number", "Z9"}});
  ASSERT_FALSE(immutable.ok());
  EXPECT_EQ(immutable.error().fields.at(0).field, "number");
  EXPECT_EQ(update_document(*db_, fra_, doc.id, json{{"status", "gone"}}).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(update_document(*db_, deu_, doc.id, json{{"status", "lost"}}).error().code, ErrorCode::forbidden);
  EXPECT_EQ(update_document(*db_, fra_, DocumentId{999}, json{{"status", "lost"}}).error().code, ErrorCode::not_found);
  EXPECT_EQ(get_document(*db_, fra_, doc.id)->status, DocumentStatus::lost);
}

TEST_F(DocumentsTest, RestrictedReadsAreAudited) {
  json body = passport("R1");
  body["restriction"] = {{"scope", "members"}, {"members", {"DEU"}}};
  auto doc = create(fra_, body).value();
  Caller ita{UserId{4}, "ita", "ITA", MemberKind::ncb, Role::officer};
  EXPECT_EQ(get_document(*db_, ita, doc.id).error().code, ErrorCode::not_found);
  ASSERT_TRUE(get_document(*db_, deu_, doc.id).ok());
  auto reads =
      store::audit_list(*db_, {std::string("bernd"), std::nullopt, std::string("document.read"), std::nullopt, 0, 10});
  ASSERT_EQ(reads->size(), 1U);
  EXPECT_EQ(reads->front().record.object, "document:" + std::to_string(doc.id.value));
  auto listed = list_documents(*db_, deu_, {});
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_TRUE(list_documents(*db_, ita, {})->empty());
  EXPECT_EQ(
      store::audit_list(*db_, {std::string("bernd"), std::nullopt, std::string("document.list"), std::nullopt, 0, 10})
          ->size(),
      1U);
}

TEST_F(DocumentsTest, DeleteByOwnerOnly) {
  auto doc = create(fra_, passport("D1")).value();
  EXPECT_EQ(delete_document(*db_, deu_, doc.id).error().code, ErrorCode::forbidden);
  EXPECT_EQ(delete_document(*db_, gs_, doc.id).error().code, ErrorCode::forbidden);
  ASSERT_TRUE(delete_document(*db_, fra_, doc.id).ok());
  EXPECT_EQ(get_document(*db_, fra_, doc.id).error().code, ErrorCode::not_found);
  EXPECT_EQ(delete_document(*db_, fra_, doc.id).error().code, ErrorCode::not_found);
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(DocumentsTest, SearchAndPaging) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(create(fra_, passport("N" + std::to_string(i))).ok());
  DocumentQuery q;
  q.number = "n3";
  auto found = list_documents(*db_, deu_, q);
  ASSERT_EQ(found->size(), 1U);
  EXPECT_EQ(found->front().number, "N3");
  q = DocumentQuery{};
  q.limit = 2;
  auto page1 = list_documents(*db_, deu_, q).value();
  q.after_id = page1.back().id.value;
  auto page2 = list_documents(*db_, deu_, q).value();
  ASSERT_EQ(page2.size(), 2U);
  EXPECT_GT(page2.front().id.value, page1.back().id.value);
}

}  // namespace
}  // namespace ariadne::sltd
