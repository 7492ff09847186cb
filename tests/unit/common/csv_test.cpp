#include "common/csv.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace ariadne {
namespace {

using Fields = std::vector<std::string>;

// Every record of text, as read with a cap of max bytes a record.
std::vector<CsvRecord> read_all(const std::string& text, std::size_t max = 1024) {
  std::istringstream in(text);
  CsvReader reader(in, max);
  std::vector<CsvRecord> out;
  for (CsvRecord r; reader.next(r);) out.push_back(r);
  return out;
}

TEST(Csv, ReadsPlainRecordsWithTheirLines) {
  auto rs = read_all("a,b,c\n1,2,3\n");
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(rs[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(rs[0].line, 1U);
  EXPECT_EQ(rs[1].line, 2U);
  EXPECT_EQ(rs[1].last_line, 2U);
  EXPECT_TRUE(rs[0].error.empty());
}

TEST(Csv, TheLastRecordNeedsNoLineBreak) {
  auto rs = read_all("a,b\n1,2");
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[1].fields, (Fields{"1", "2"}));
}

TEST(Csv, CrlfAndLfEndRecordsAlike) {
  auto rs = read_all("a,b\r\n1,2\r\n3,4\n");
  ASSERT_EQ(rs.size(), 3U);
  EXPECT_EQ(rs[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(rs[1].fields, (Fields{"1", "2"}));
  EXPECT_EQ(rs[2].fields, (Fields{"3", "4"}));
  EXPECT_EQ(rs[2].line, 3U);
}

TEST(Csv, QuotedFieldsHoldCommasDoubledQuotesAndLineBreaks) {
  auto rs = read_all("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"crlf\r\nkept\"\nnext,row\n");
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[0].fields, (Fields{"a,b", "say \"hi\"", "two\nlines", "crlf\r\nkept"}));
  EXPECT_EQ(rs[0].line, 1U);
  EXPECT_EQ(rs[0].last_line, 3U);
  EXPECT_EQ(rs[1].line, 4U) << "lines count the breaks inside quoted fields";
  EXPECT_EQ(rs[1].fields, (Fields{"next", "row"}));
}

TEST(Csv, UnquotedFieldsAreTrimmedAndQuotedOnesKeptAsWritten) {
  auto rs = read_all(" a ,\t b\t,\" c \",,\"\"\n");
  ASSERT_EQ(rs.size(), 1U);
  EXPECT_EQ(rs[0].fields, (Fields{"a", "b", " c ", "", ""}));
}

TEST(Csv, BlankLinesAreBlankRecords) {
  auto rs = read_all("a\n\n  \nb\n");
  ASSERT_EQ(rs.size(), 4U);
  EXPECT_FALSE(rs[0].blank());
  EXPECT_TRUE(rs[1].blank());
  EXPECT_TRUE(rs[2].blank());
  EXPECT_EQ(rs[3].line, 4U);
}

TEST(Csv, AByteOrderMarkAtTheStartIsSkipped) {
  auto rs = read_all("\xEF\xBB\xBFnumber,type\n");
  ASSERT_EQ(rs.size(), 1U);
  EXPECT_EQ(rs[0].fields, (Fields{"number", "type"}));
}

TEST(Csv, EmptyInputHasNoRecords) {
  EXPECT_TRUE(read_all("").empty());
}

TEST(Csv, AnUnterminatedQuoteNamesTheLineItOpenedOn) {
  auto rs = read_all("a,b\n1,\"open\nstill open\n");
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[1].line, 2U);
  EXPECT_EQ(rs[1].error, "the quoted field opened on line 2 is never closed");
}

TEST(Csv, AStrayQuoteInAnUnquotedFieldIsAnErrorAndReadingGoesOn) {
  auto rs = read_all("ab\"c,d\nnext,row\n");
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[0].error, "a quote inside an unquoted field (quote the whole field and double the quote)");
  EXPECT_EQ(rs[0].line, 1U);
  EXPECT_TRUE(rs[1].error.empty());
  EXPECT_EQ(rs[1].fields, (Fields{"next", "row"}));
  EXPECT_EQ(rs[1].line, 2U);
}

TEST(Csv, ACharacterAfterAClosingQuoteIsAnError) {
  auto rs = read_all("x\n\"ab\"c,d\nok\n");
  ASSERT_EQ(rs.size(), 3U);
  EXPECT_EQ(rs[1].error,
            "a character after the closing quote of the field opened on line 2 (a quote inside a quoted field must be "
            "doubled)");
  EXPECT_EQ(rs[2].fields, (Fields{"ok"}));
  EXPECT_EQ(rs[2].line, 3U);
}

TEST(Csv, ARecordOverTheCapIsRefusedAndTheNextOneRead) {
  auto rs = read_all(std::string(40, 'x') + ",y\nshort\n", 16);
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[0].error, "the record is longer than 16 bytes");
  EXPECT_EQ(rs[1].fields, (Fields{"short"}));
  EXPECT_EQ(rs[1].line, 2U);

  auto quoted = read_all("\"" + std::string(40, 'x') + "\n", 16);
  ASSERT_FALSE(quoted.empty());
  EXPECT_EQ(quoted[0].error, "the record is longer than 16 bytes; the quote opened on line 1 is perhaps never closed");
}

TEST(Csv, RecordsSpanningTheReadChunksAreReadWhole) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",\"v\"\"" + std::to_string(i) + "\nx\"\n";
  std::istringstream in(text);
  CsvReader reader(in, 1024);
  CsvRecord r;
  int n = 0;
  while (reader.next(r)) {
    ASSERT_TRUE(r.error.empty()) << r.error;
    ASSERT_EQ(r.fields, (Fields{std::to_string(n), "v\"" + std::to_string(n) + "\nx"}));
    ASSERT_EQ(r.line, static_cast<std::size_t>(2 * n + 1));
    ++n;
  }
  EXPECT_EQ(n, 20000);
  EXPECT_EQ(reader.bytes_read(), text.size());
}

}  // namespace
}  // namespace ariadne
