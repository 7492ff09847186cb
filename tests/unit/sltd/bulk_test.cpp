// Bulk registration: JSON Lines and CSV (RFC 4180) reading, per-batch
// all-or-nothing writes, line numbers, duplicates and hostile input.
#include "sltd/bulk.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "app/schema.hpp"
#include "policy/accounts.hpp"
#include "store/audit.hpp"
#include "store/fault_injection.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::Caller;
using policy::MemberKind;
using policy::Role;

std::string line(const std::string& number, const std::string& state = "FRA", const std::string& extra = "") {
  return R"({"number": ")" + number + R"(", "issuing_state": ")" + state +
         R"(", "type": "passport", "status": "stolen")" + extra + "}\n";
}

class BulkTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::member_store(dir_, "b.db", {"FRA", "DEU", "ITA"}); }
  Result<BulkReport> bulk(const std::string& body, BulkFormat format = BulkFormat::jsonl, std::size_t batch = 1000,
                          const Caller* caller = nullptr) {
    BulkOptions o;
    o.format = format;
    o.batch_size = batch;
    return import_documents(*db_, caller ? *caller : fra_, std::string_view(body), o);
  }
  std::int64_t count(const std::string& sql) { return db_->query(sql, {})->front().integer(0); }
  std::int64_t documents() { return count("SELECT COUNT(*) FROM documents"); }
  // The objects of the bulk audit entries, in order.
  std::vector<std::string> bulk_entries() {
    std::vector<std::string> out;
    for (const auto& r :
         db_->query("SELECT object FROM audit_log WHERE action = 'document.bulk_create' ORDER BY seq").value()) {
      out.push_back(r.text(0));
    }
    return out;
  }
  // The audit object naming the documents a query selects.
  std::string ids_of(const std::string& where) {
    std::vector<std::int64_t> ids;
    for (const auto& r : db_->query("SELECT id FROM documents WHERE " + where + " ORDER BY id").value()) {
      ids.push_back(r.integer(0));
    }
    return store::object_ids("document", ids);
  }
  std::string remarks_of(const std::string& number) {
    auto rows = db_->query("SELECT remarks FROM documents WHERE number = ?", {number}).value();
    return rows.empty() ? "<absent>" : rows.front().text(0);
  }
  static bool has_error(const BulkReport& r, std::size_t line, const std::string& field, const std::string& part) {
    for (const auto& e : r.errors) {
      if (e.line == line && e.field == field && e.reason.find(part) != std::string::npos) return true;
    }
    return false;
  }
  static std::string dump(const BulkReport& r) { return to_json(r).dump(1); }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Caller fra_{UserId{1}, "alice", "FRA", MemberKind::ncb, Role::officer};
  Caller gs_{UserId{3}, "gs", "IPSG", MemberKind::secretariat, Role::admin};
};

TEST(BulkFormats, FromNamesAndMediaTypes) {
  EXPECT_EQ(parse_bulk_format("jsonl"), BulkFormat::jsonl);
  EXPECT_EQ(parse_bulk_format("CSV"), BulkFormat::csv);
  EXPECT_FALSE(parse_bulk_format("xml"));
  EXPECT_EQ(bulk_format_from_media_type("application/x-ndjson"), BulkFormat::jsonl);
  EXPECT_EQ(bulk_format_from_media_type("application/jsonl; charset=utf-8"), BulkFormat::jsonl);
  EXPECT_EQ(bulk_format_from_media_type("Text/CSV;charset=UTF-8"), BulkFormat::csv);
  EXPECT_FALSE(bulk_format_from_media_type("application/json"));
  EXPECT_FALSE(bulk_format_from_media_type(""));
}

// RFC 4180 on the reader alone: quoted commas, doubled quotes, line breaks
// inside quotes, CRLF, and the lines records start on.
TEST(BulkReaderCsv, QuotedFieldsFollowRfc4180) {
  std::istringstream in(
      "number,issuing_state,type,status,remarks\r\n"
      "A1,FRA,passport,stolen,\"commas, inside\"\r\n"
      "A2,FRA,passport,stolen,\"say \"\"hello\"\"\"\r\n"
      "A3,FRA,passport,stolen,\"two\nlines\"\r\n"
      "\r\n"
      "A4,FRA,P,lost,\n"
      " A5 , FRA ,passport,stolen,plain\n");
  BulkReader reader(in, BulkFormat::csv);
  ASSERT_TRUE(reader.start().ok());
  std::vector<BulkRecord> records;
  while (auto r = reader.next()) records.push_back(std::move(*r));
  ASSERT_EQ(records.size(), 5U);
  for (const auto& r : records) EXPECT_TRUE(r.errors.empty()) << r.line << ": " << r.errors.front().reason;
  EXPECT_EQ(records[0].line, 2U);
  EXPECT_EQ(records[0].body["remarks"], "commas, inside");
  EXPECT_EQ(records[1].body["remarks"], "say \"hello\"");
  EXPECT_EQ(records[2].line, 4U);
  EXPECT_EQ(records[2].last_line, 5U);
  EXPECT_EQ(records[2].body["remarks"], "two\nlines");
  EXPECT_EQ(records[3].line, 7U);                     // after the blank line 6
  EXPECT_FALSE(records[3].body.contains("remarks"));  // empty cell: absent field
  EXPECT_EQ(records[4].body["number"], "A5");         // unquoted cells are trimmed
  EXPECT_EQ(records[4].body["issuing_state"], "FRA");
}

TEST(BulkReaderCsv, RestrictionColumnsBecomeOneObject) {
  std::istringstream in(
      "number,issuing_state,type,status,restriction_scope,restriction_members\n"
      "A1,FRA,passport,stolen,members,DEU;ITA\n"
      "A2,FRA,passport,stolen,members,DEU | ITA\n"
      "A3,FRA,passport,stolen,owner,\n"
      "A4,FRA,passport,stolen,,\n");
  BulkReader reader(in, BulkFormat::csv);
  ASSERT_TRUE(reader.start().ok());
  auto r1 = reader.next();
  auto r2 = reader.next();
  auto r3 = reader.next();
  auto r4 = reader.next();
  EXPECT_EQ(r1->body["restriction"], json({{"scope", "members"}, {"members", {"DEU", "ITA"}}}));
  EXPECT_EQ(r2->body["restriction"], json({{"scope", "members"}, {"members", {"DEU", "ITA"}}}));
  EXPECT_EQ(r3->body["restriction"], json({{"scope", "owner"}}));
  EXPECT_FALSE(r4->body.contains("restriction"));
  EXPECT_FALSE(reader.next());
}

TEST(BulkReaderCsv, HeaderProblemsAreNamed) {
  auto header_error = [](const std::string& body) {
    std::istringstream in(body);
    BulkReader reader(in, BulkFormat::csv);
    auto s = reader.start();
    return s.ok() ? Error{} : s.error();
  };
  auto unknown = header_error("number,issuing_state,type,status,colour\nA,FRA,P,stolen,red\n");
  EXPECT_EQ(unknown.code, ErrorCode::invalid_input);
  ASSERT_EQ(unknown.fields.size(), 1U);
  EXPECT_EQ(unknown.fields[0].field, "colour");
  auto missing = header_error("number,issuing_state,type\n");
  ASSERT_EQ(missing.fields.size(), 1U);
  EXPECT_EQ(missing.fields[0].field, "status");
  auto twice = header_error("number,number,issuing_state,type,status\n");
  ASSERT_EQ(twice.fields.size(), 1U);
  EXPECT_NE(twice.fields[0].reason.find("twice"), std::string::npos);
  EXPECT_EQ(header_error("").code, ErrorCode::invalid_input);
  EXPECT_EQ(header_error("\"number,issuing_state\n").code, ErrorCode::invalid_input);
  // A byte-order mark and upper-case names are fine.
  std::istringstream in("\xEF\xBB\xBFNumber,Issuing_State,TYPE,status\nA1,FRA,P,lost\n");
  BulkReader reader(in, BulkFormat::csv);
  ASSERT_TRUE(reader.start().ok());
  EXPECT_EQ(reader.next()->body["number"], "A1");
}

TEST_F(BulkTest, JsonLinesRegisterWithChangeLogAndAudit) {
  auto r =
      bulk(line("15AB001") + "\n" + line("15ab-002", "FRA", R"(, "remarks": "bag stolen in Lyon")") + line("15AB003"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->accepted, 3U) << dump(*r);
  EXPECT_EQ(r->rejected, 0U);
  ASSERT_EQ(r->batches.size(), 1U);
  EXPECT_EQ(r->batches[0].first_line, 1U);
  EXPECT_EQ(r->batches[0].last_line, 4U);  // line 2 is blank
  EXPECT_TRUE(r->batches[0].committed);
  EXPECT_EQ(documents(), 3);
  EXPECT_EQ(remarks_of("15AB002"), "bag stolen in Lyon");
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE table_name = 'documents' AND op = 'insert'"), 3);
  // One entry for the batch, naming the three documents and the lines.
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.create'"), 0);
  EXPECT_EQ(bulk_entries(), std::vector<std::string>{ids_of("1 = 1")});
  auto entry =
      db_->query("SELECT username, member, detail FROM audit_log WHERE action = 'document.bulk_create'").value();
  EXPECT_EQ(entry.front().text(0), "alice");
  EXPECT_EQ(entry.front().text(1), "FRA");
  EXPECT_EQ(entry.front().text(2), "3 documents, lines 1-4");
  EXPECT_EQ(count("SELECT COUNT(*) FROM documents WHERE created_by = 'alice' AND owner = 'FRA'"), 3);
  auto verdict = store::audit_verify(*db_);
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(verdict->intact);
}

TEST_F(BulkTest, CsvRegistersQuotedAndMultiLineValues) {
  std::string body =
      "number,issuing_state,type,status,reported_on,remarks,restriction_scope,restriction_members\n"
      "C1,FRA,passport,stolen,2024-01-02,\"stolen, with the wallet\",,\n"
      "C2,FRA,identity_card,lost,,\"the \"\"blue\"\" one\nsecond line\",members,DEU;ITA\n"
      "C3,FRA,visa,revoked,,,owner,\n";
  auto r = bulk(body, BulkFormat::csv);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->accepted, 3U) << dump(*r);
  EXPECT_EQ(r->batches[0].first_line, 2U);
  EXPECT_EQ(r->batches[0].last_line, 5U);
  EXPECT_EQ(remarks_of("C1"), "stolen, with the wallet");
  EXPECT_EQ(remarks_of("C2"), "the \"blue\" one\nsecond line");
  auto c2 = db_->query("SELECT scope, scope_members FROM documents WHERE number = 'C2'").value();
  EXPECT_EQ(c2.front().text(0), "members");
  EXPECT_EQ(c2.front().text(1), ",DEU,ITA,");
}

TEST_F(BulkTest, ABadLineRollsBackItsBatchOnly) {
  std::string body = line("R1") + line("R2") + line("R3", "XXX") + line("R4") + line("R5");
  auto r = bulk(body, BulkFormat::jsonl, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->accepted, 3U) << dump(*r);
  EXPECT_EQ(r->rejected, 2U);
  ASSERT_EQ(r->batches.size(), 3U);
  EXPECT_TRUE(r->batches[0].committed);
  EXPECT_FALSE(r->batches[1].committed);
  EXPECT_EQ(r->batches[1].first_line, 3U);
  EXPECT_EQ(r->batches[1].last_line, 4U);
  EXPECT_TRUE(r->batches[2].committed);
  ASSERT_EQ(r->errors.size(), 1U) << dump(*r);
  EXPECT_TRUE(has_error(*r, 3, "issuing_state", "ISO 3166-1")) << dump(*r);
  EXPECT_EQ(documents(), 3);
  EXPECT_EQ(remarks_of("R4"), "<absent>");  // good, but rolled back with line 3
  // An entry per committed batch, naming its documents; none for the rolled-back one.
  EXPECT_EQ(bulk_entries(), (std::vector<std::string>{ids_of("number IN ('R1', 'R2')"), ids_of("number = 'R5'")}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.create'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log"), 3);
  auto json_report = to_json(*r);
  EXPECT_EQ(json_report["batches"][1],
            json({{"first_line", 3}, {"last_line", 4}, {"records", 2}, {"committed", false}}));
  EXPECT_EQ(json_report["errors"][0]["line"], 3);
}

TEST_F(BulkTest, EveryFieldErrorOfALineIsReported) {
  auto r = bulk(R"({"number": "", "issuing_state": "FRA", "type": "boat", "status": "stolen", "colour": 1})"
                "\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->accepted, 0U);
  EXPECT_EQ(r->rejected, 1U);
  EXPECT_TRUE(has_error(*r, 1, "number", "empty")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 1, "type", "passport")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 1, "colour", "")) << dump(*r);
}

TEST_F(BulkTest, CsvLineNumbersCountTheHeaderAndQuotedLineBreaks) {
  std::string body =
      "number,issuing_state,type,status,remarks\n"  // 1
      "L1,FRA,passport,stolen,\"a\nb\nc\"\n"        // 2-4
      "\n"                                          // 5
      "L2,FRA,passport,sold,\n"                     // 6: bad status
      "L3,FRA,passport,stolen,\"x\",\n";            // 7: one field too many
  auto r = bulk(body, BulkFormat::csv);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_error(*r, 6, "status", "stolen")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 7, "", "has 6 fields")) << dump(*r);
  EXPECT_EQ(r->errors.size(), 2U) << dump(*r);
  EXPECT_EQ(documents(), 0);
}

TEST_F(BulkTest, CsvRestrictionErrorsNameTheColumns) {
  std::string body =
      "number,issuing_state,type,status,restriction_scope,restriction_members\n"
      "M1,FRA,passport,stolen,members,XXX\n"
      "M2,FRA,passport,stolen,some,\n";
  auto r = bulk(body, BulkFormat::csv);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_error(*r, 2, "restriction_members", "XXX")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 3, "restriction_scope", "")) << dump(*r);
}

TEST_F(BulkTest, DuplicatesWithinTheBodyAndAgainstTheStore) {
  ASSERT_TRUE(bulk(line("D0")).ok());
  std::string body = line("D1") + line("d-1") + line("D0") + line("D2") + line("D3") + line("D2");
  auto r = bulk(body, BulkFormat::jsonl, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_error(*r, 2, "number", "duplicates line 1")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 3, "number", "already registered")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 6, "number", "duplicates line 4")) << dump(*r);
  EXPECT_EQ(r->accepted, 0U);
  EXPECT_EQ(r->rejected, 6U);
  EXPECT_EQ(documents(), 1);

  // The same number for another type or issuing state is another document.
  auto other = bulk(line("D0", "DEU"), BulkFormat::jsonl, 10, &gs_);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->accepted, 1U) << dump(*other);
}

TEST_F(BulkTest, ABatchTakesConsecutiveIdsInKeyOrderAndBatchesFollowTheBody) {
  for (std::size_t group : {std::size_t{0}, std::size_t{4}}) {
    const std::string p = group ? "G" : "U";
    BulkOptions o;
    o.batch_size = 3;
    o.group_records = group;
    std::string body = line(p + "Z9") + line(p + "A1", "ITA") + line(p + "M5") + line(p + "B2");
    auto r = import_documents(*db_, gs_, std::string_view(body), o);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->accepted, 4U) << dump(*r);
    auto id = [&](const std::string& number) {
      return count("SELECT id FROM documents WHERE number = '" + p + number + "'");
    };
    // Issuing state, then type, then number: FRA M5, FRA Z9, ITA A1.
    EXPECT_EQ(id("Z9"), id("M5") + 1);
    EXPECT_EQ(id("A1"), id("Z9") + 1);
    EXPECT_EQ(id("B2"), id("A1") + 1);  // the next batch
    auto entries = bulk_entries();
    ASSERT_GE(entries.size(), 2U);
    EXPECT_EQ(entries[entries.size() - 2], ids_of("number IN ('" + p + "Z9', '" + p + "A1', '" + p + "M5')"));
    EXPECT_EQ(entries.back(), ids_of("number = '" + p + "B2'"));
  }
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(BulkTest, StoredDuplicatesOutOfKeyOrderAreNamedOnTheirLines) {
  ASSERT_TRUE(bulk(line("Q1") + line("Q0")).ok());
  for (std::size_t group : {std::size_t{0}, std::size_t{100}}) {
    BulkOptions o;
    o.group_records = group;
    auto r = import_documents(*db_, fra_, std::string_view(line("Q9") + line("Q1") + line("Q5") + line("Q0")), o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->errors.size(), 2U) << dump(*r);
    EXPECT_TRUE(has_error(*r, 2, "number", "Q1 of FRA is already registered")) << dump(*r);
    EXPECT_TRUE(has_error(*r, 4, "number", "Q0 of FRA is already registered")) << dump(*r);
    EXPECT_EQ(r->rejected, 4U);
  }
  EXPECT_EQ(documents(), 2);
}

TEST_F(BulkTest, ADuplicateOfARecordTheCallerMayNotSeeNamesNothingOfIt) {
  const std::string held = line("H1", "FRA", R"(, "owner": "IPSG", "restriction": {"scope": "owner"})");
  ASSERT_EQ(bulk(held, BulkFormat::jsonl, 10, &gs_)->accepted, 1U);
  for (std::size_t group : {std::size_t{0}, std::size_t{100}}) {
    BulkOptions o;
    o.group_records = group;  // looked up first inside a group, found by the unique key outside one
    auto r = import_documents(*db_, fra_, std::string_view(line("H1")), o);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->errors.size(), 1U) << dump(*r);
    EXPECT_EQ(r->errors[0].reason, "a passport H1 of FRA is already registered") << dump(*r);
    EXPECT_EQ(r->errors[0].reason.find("document"), std::string::npos) << "no id of the stored record";
  }
}

TEST_F(BulkTest, ADuplicateOfACommittedOrRolledBackLineIsAConflict) {
  // Batch 1 (lines 1-2) commits, batch 2 (lines 3-4) fails on line 4, batch 3 repeats both.
  std::string body = line("E1") + line("E2") + line("E3") + line("E4", "ZZZ") + line("E1") + line("E3");
  auto r = bulk(body, BulkFormat::jsonl, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_error(*r, 5, "number", "already registered")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 6, "number", "duplicates line 3")) << dump(*r);
  EXPECT_EQ(r->accepted, 2U);
  EXPECT_EQ(r->rejected, 4U);
  EXPECT_EQ(documents(), 2);
}

TEST_F(BulkTest, SecretariatRegistersOnBehalfOfIssuingStates) {
  auto r = bulk(line("G1", "DEU") + line("G2", "ITA") + line("G3", "FRA", R"(, "owner": "IPSG")"), BulkFormat::jsonl,
                10, &gs_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->accepted, 3U) << dump(*r);
  EXPECT_EQ(count("SELECT COUNT(*) FROM documents WHERE owner = 'IPSG'"), 1);
  // A member registers only its own documents.
  auto mine = bulk(line("G4", "DEU"));
  ASSERT_TRUE(mine.ok());
  EXPECT_TRUE(has_error(*mine, 1, "issuing_state", "only the issuing state")) << dump(*mine);
}

TEST_F(BulkTest, HostileJsonLinesGetPerLineErrors) {
  std::string huge =
      R"({"number": "H1", "issuing_state": "FRA", "type": "passport", "status": "stolen", "remarks": ")" +
      std::string(3 * 1024 * 1024, 'x') + "\"}\n";
  std::string garbage = std::string("\x00\xff\xfe\x01garbage\x80", 12) + "\n";
  std::string deep = std::string(100, '[') + std::string(100, ']') + "\n";
  std::string overflow = R"({"number": "H3", "issuing_state": "FRA", "type": "passport", "remarks": 1e400})"
                         "\n";
  std::string body = huge + garbage + deep + "[1, 2]\n" + "{\"number\": \n" + line("H2") + overflow + "not json at all";
  auto r = bulk(body, BulkFormat::jsonl, 1);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_error(*r, 1, "", "longer than 65536 bytes")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 2, "", "malformed JSON")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 3, "", "")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 4, "", "object")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 5, "", "malformed JSON")) << dump(*r);
  // A number no double holds is the client's value, named by its field, not a failure of the reader.
  EXPECT_TRUE(has_error(*r, 7, "remarks", "the number 1e400 is out of range")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 8, "", "malformed JSON")) << dump(*r);
  for (const auto& e : r->errors) {
    for (char c : e.reason) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "unprintable byte in: " << e.reason;
  }
  EXPECT_EQ(r->accepted, 1U) << dump(*r);
  EXPECT_EQ(r->rejected, 7U);
  EXPECT_EQ(remarks_of("H2"), "");
}

TEST_F(BulkTest, AnUnbalancedCsvQuoteFailsItsLineAndBatch) {
  std::string body = "number,issuing_state,type,status,remarks\n";
  for (int i = 2; i <= 9; ++i) body += "Q" + std::to_string(i) + ",FRA,passport,stolen,fine\n";
  body += "Q10,FRA,passport,stolen,\"broken\n";  // 10: the quote never closes here
  body += "Q11,FRA,passport,stolen,\"ok\"\n";    // 11: swallowed by line 10's field
  for (int i = 12; i <= 20; ++i) body += "Q" + std::to_string(i) + ",FRA,passport,stolen,fine\n";
  body += "Q21,FRA,passport,stolen,bare \"quote\n";  // 21: a quote inside an unquoted field
  body += "Q22,FRA,passport,stolen,\"never closed\n";
  auto r = bulk(body, BulkFormat::csv, 5);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_error(*r, 10, "", "after the closing quote of the field opened on line 10")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 21, "", "quote inside an unquoted field")) << dump(*r);
  EXPECT_TRUE(has_error(*r, 22, "", "never closed")) << dump(*r);
  EXPECT_EQ(r->errors.size(), 3U) << dump(*r);
  // Batches of five records: 2-6 ok, 7-12 (Q7..Q10 with Q11 swallowed, Q12) rolled back, ...
  for (const auto& b : r->batches) {
    bool holds_bad = (b.first_line <= 10 && 10 <= b.last_line) || (b.first_line <= 22 && 22 <= b.last_line) ||
                     (b.first_line <= 21 && 21 <= b.last_line);
    EXPECT_EQ(b.committed, !holds_bad) << b.first_line << "-" << b.last_line;
  }
  EXPECT_EQ(remarks_of("Q10"), "<absent>");
  EXPECT_EQ(remarks_of("Q11"), "<absent>");
  EXPECT_EQ(remarks_of("Q2"), "fine");
  EXPECT_EQ(static_cast<std::size_t>(documents()), r->accepted);
}

TEST_F(BulkTest, AnOverlongQuotedCsvFieldIsCutAtTheLimit) {
  std::string body = "number,issuing_state,type,status,remarks\n";
  body += "O1,FRA,passport,stolen,\"" + std::string(100000, 'y') + "\n";  // line 2, never closed
  body += "O2,FRA,passport,stolen,after\n";
  auto r = bulk(body, BulkFormat::csv, 1);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_error(*r, 2, "", "longer than 65536 bytes")) << dump(*r);
  EXPECT_EQ(remarks_of("O2"), "after") << dump(*r);
}

TEST_F(BulkTest, CsvCellsMustBeUtf8) {
  auto r = bulk("number,issuing_state,type,status,remarks\nU1,FRA,passport,stolen,caf\xe9\nU2,FRA,P,lost,caf\xc3\xa9\n",
                BulkFormat::csv);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_error(*r, 2, "remarks", "UTF-8")) << dump(*r);
  EXPECT_EQ(r->errors.size(), 1U) << dump(*r);
}

TEST_F(BulkTest, EmptyBodiesAndBadOptionsAreRefused) {
  EXPECT_EQ(bulk("").error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bulk("\n\n  \n").error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bulk("number,issuing_state,type,status\n", BulkFormat::csv).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bulk("number,issuing_state,type,status,wings\nA,FRA,P,lost,2\n", BulkFormat::csv).error().code,
            ErrorCode::invalid_input);
  EXPECT_EQ(bulk(line("X1"), BulkFormat::jsonl, 0).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bulk(line("X1"), BulkFormat::jsonl, kMaxBatchSize + 1).error().code, ErrorCode::invalid_input);
  Caller reviewer{UserId{9}, "rita", "FRA", MemberKind::ncb, Role::reviewer};
  EXPECT_EQ(bulk(line("X1"), BulkFormat::jsonl, 10, &reviewer).error().code, ErrorCode::forbidden);
  EXPECT_EQ(documents(), 0);
}

TEST_F(BulkTest, ErrorsBeyondTheCapAreCountedAndAllReachTheCallback) {
  std::string body;
  for (int i = 0; i < 50; ++i) body += "nope\n";
  BulkOptions o;
  o.max_errors = 10;
  std::size_t seen = 0;
  o.on_error = [&](const BulkLineError&) { ++seen; };
  std::vector<BulkProgress> progress;
  o.batch_size = 20;
  o.on_progress = [&](const BulkProgress& p) { progress.push_back(p); };
  auto r = import_documents(*db_, fra_, std::string_view(body), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->errors.size(), 10U);
  EXPECT_EQ(r->errors_omitted, 40U);
  EXPECT_EQ(seen, 50U);
  ASSERT_EQ(progress.size(), 3U);
  EXPECT_EQ(progress.back().records, 50U);
  EXPECT_EQ(progress.back().rejected, 50U);
  EXPECT_EQ(progress.back().bytes_read, body.size());
}

TEST_F(BulkTest, ManyBatchesStreamThrough) {
  std::ostringstream body;
  for (int i = 0; i < 5000; ++i) body << line("N" + std::to_string(i));
  auto r = bulk(body.str(), BulkFormat::jsonl, 700);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->accepted, 5000U);
  EXPECT_EQ(r->batches.size(), 8U);
  EXPECT_EQ(r->batches.back().last_line, 5000U);
  EXPECT_EQ(documents(), 5000);
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(BulkTest, CreateDocumentsIsAllOrNothing) {
  auto doc = [&](const std::string& number) {
    return parse_new_document(json::parse(line(number)), *db_, fra_).value();
  };
  auto first = create_documents(*db_, fra_, {doc("K1"), doc("K2")});
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->empty());
  auto clash = create_documents(*db_, fra_, {doc("K3"), doc("K2")});
  ASSERT_TRUE(clash.ok());
  ASSERT_EQ(clash->size(), 1U);
  EXPECT_EQ(clash->front().index, 1U);
  EXPECT_EQ(documents(), 2);  // K3 was not written
  auto check = create_documents(*db_, fra_, {doc("K4")}, true);
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(documents(), 2);
  // Inside a caller's transaction duplicates are found before anything is
  // written, so what the caller wrote before stays.
  ASSERT_TRUE(db_->transaction([&]() -> Status {
                   EXPECT_TRUE(create_documents(*db_, fra_, {doc("K6")}).ok());
                   auto nested = create_documents(*db_, fra_, {doc("K5"), doc("K1")});
                   EXPECT_TRUE(nested.ok());
                   EXPECT_EQ(nested->size(), 1U);
                   return {};
                 })
                  .ok());
  EXPECT_EQ(documents(), 3);  // K6 stayed, K5 was not written
  EXPECT_EQ(remarks_of("K5"), "<absent>");
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE table_name = 'documents'"), 3);
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(BulkTest, StoredDuplicatesAreFoundAcrossLookupChunks) {
  auto doc = [&](const std::string& number) {
    return parse_new_document(json::parse(line(number)), *db_, fra_).value();
  };
  ASSERT_TRUE(create_documents(*db_, fra_, {doc("L0"), doc("L69")}).ok());
  std::vector<Document> docs;
  for (int i = 0; i < 70; ++i) docs.push_back(doc("L" + std::to_string(i)));  // keys are looked up 64 at a time
  auto clashes = create_documents(*db_, fra_, docs, true);
  ASSERT_TRUE(clashes.ok());
  ASSERT_EQ(clashes->size(), 2U);
  EXPECT_EQ((*clashes)[0].index, 0U);
  EXPECT_EQ((*clashes)[1].index, 69U);
  EXPECT_NE((*clashes)[1].reason.find("L69 of FRA is already registered"), std::string::npos) << (*clashes)[1].reason;
  EXPECT_EQ(documents(), 2);
}

std::string numbered(const std::string& prefix, int n) {
  std::string body;
  for (int i = 0; i < n; ++i) body += line(prefix + std::to_string(i));
  return body;
}

TEST_F(BulkTest, BatchesCommitInGroups) {
  store::FaultInjectingDatabase counting(*db_);
  BulkOptions o;
  o.batch_size = 2;
  o.group_records = 4;
  auto report = import_documents(counting, fra_, std::string_view(numbered("G", 10)), o);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->accepted, 10U);
  EXPECT_EQ(report->batches.size(), 5U);
  EXPECT_EQ(counting.commits(), 3);  // batches {1, 2}, {3, 4}, {5}
  EXPECT_EQ(documents(), 10);
  // Without groups (the default, for bodies that may stall) each batch commits on its own.
  store::FaultInjectingDatabase single(*db_);
  o.group_records = 0;
  ASSERT_TRUE(import_documents(single, fra_, std::string_view(numbered("S", 10)), o).ok());
  EXPECT_EQ(single.commits(), 5);
}

TEST_F(BulkTest, AStoreFailureUndoesTheOpenGroupOnly) {
  BulkOptions o;
  o.batch_size = 2;
  o.group_records = 4;
  store::FaultInjectingDatabase counting(*db_);
  ASSERT_TRUE(import_documents(counting, fra_, std::string_view(numbered("G", 10)), o).ok());
  ASSERT_EQ(counting.writes() % 5, 0);
  const int per_batch = counting.writes() / 5;

  store::FaultInjectingDatabase faulty(*db_);
  // The first write of the fourth batch: the third, written in the same group, goes too.
  faulty.fail_write(3 * per_batch + 1);
  BulkProgress last;
  o.on_progress = [&](const BulkProgress& p) { last = p; };
  auto failed = import_documents(faulty, fra_, std::string_view(numbered("H", 10)), o);
  EXPECT_EQ(last.accepted, 6U);   // batches written, the third among them
  EXPECT_EQ(last.committed, 4U);  // what the first group stored
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::unavailable);
  EXPECT_EQ(count("SELECT COUNT(*) FROM documents WHERE number LIKE 'H%'"), 4);  // the first group
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE table_name = 'documents'"), 14);
  // An entry per committed batch: five of the first import, two of the first group here.
  EXPECT_EQ(bulk_entries(),
            (std::vector<std::string>{ids_of("number IN ('G0', 'G1')"), ids_of("number IN ('G2', 'G3')"),
                                      ids_of("number IN ('G4', 'G5')"), ids_of("number IN ('G6', 'G7')"),
                                      ids_of("number IN ('G8', 'G9')"), ids_of("number IN ('H0', 'H1')"),
                                      ids_of("number IN ('H2', 'H3')")}));
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(BulkTest, GroupedImportsCheckpointTheWalOnceAtTheEnd) {
  auto autocheckpoint = [&] { return count("PRAGMA wal_autocheckpoint"); };
  const auto before = autocheckpoint();
  BulkOptions o;
  o.batch_size = 2;
  o.group_records = 4;
  std::vector<std::int64_t> during;
  o.on_progress = [&](const BulkProgress&) { during.push_back(autocheckpoint()); };
  auto report = import_documents(*db_, fra_, std::string_view(numbered("W", 10)), o);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->accepted, 10U);
  // Groups leave their pages in the WAL for one checkpoint after the import.
  ASSERT_FALSE(during.empty());
  for (auto pages : during) EXPECT_GT(pages, before);
  EXPECT_EQ(autocheckpoint(), before);
  // The database file alone, without its WAL, holds every committed group.
  const auto copy = dir_.file("checkpointed.db");
  std::filesystem::copy_file(dir_.file("b.db"), copy);
  auto alone = store::open_database(copy).value();
  EXPECT_EQ(alone->query("SELECT COUNT(*) FROM documents WHERE number LIKE 'W%'")->front().integer(0), 10);
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

TEST_F(BulkTest, AFailedGroupedImportStillRestoresTheSettingsAndCheckpoints) {
  const auto before = count("PRAGMA wal_autocheckpoint");
  BulkOptions o;
  o.batch_size = 2;
  o.group_records = 4;
  store::FaultInjectingDatabase faulty(*db_);
  faulty.fail_write(12);  // well into the second group
  auto failed = import_documents(faulty, fra_, std::string_view(numbered("F", 10)), o);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(count("PRAGMA wal_autocheckpoint"), before);
  const auto stored = count("SELECT COUNT(*) FROM documents WHERE number LIKE 'F%'");
  EXPECT_EQ(stored, 4);  // the first group only
  const auto copy = dir_.file("after-failure.db");
  std::filesystem::copy_file(dir_.file("b.db"), copy);
  auto alone = store::open_database(copy).value();
  EXPECT_EQ(alone->query("SELECT COUNT(*) FROM documents WHERE number LIKE 'F%'")->front().integer(0), stored);
  EXPECT_TRUE(store::audit_verify(*db_)->intact);
}

}  // namespace
}  // namespace ariadne::sltd
