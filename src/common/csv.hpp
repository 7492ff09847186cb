// One RFC 4180 CSV reader for every import (bulk documents, the OFAC list).
//
// Streaming: the input is read in chunks and one record is held at a time.
// A record is a row of fields; quoted fields may hold commas, doubled quotes
// and line breaks (so a record may span lines); lines end in LF or CRLF.
// Whitespace around an unquoted field is dropped; a quoted field is kept as
// written. A UTF-8 byte-order mark at the start is skipped.
//
// A structural problem (a quote never closed, a quote inside an unquoted
// field, a character after a closing quote, a record over the size cap)
// comes back as the record's error, naming lines; the reader then skips the
// rest of the physical line and goes on, so a caller may report the record
// and continue, or stop.
//
// Thread-safety: a CsvReader is used by one thread at a time.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "common/line_input.hpp"

namespace ariadne {

// A field as RFC 4180 writes one: quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view s);
// The same for text others wrote, in a file a spreadsheet may open: a field
// that would start a formula (= or @, a tab or a carriage return, or + or -
// before more than a number such as a phone's) gets a leading ' so that it is
// shown, not run.
std::string csv_text(std::string_view s);

struct CsvRecord {
  std::size_t line = 0;       // 1-based line the record starts on
  std::size_t last_line = 0;  // line it ends on (a quoted field may span lines)
  std::vector<std::string> fields;
  std::string error;  // empty when the record was read whole

  // An empty line (one empty field).
  bool blank() const { return error.empty() && fields.size() == 1 && fields[0].empty(); }
};

class CsvReader {
 public:
  // A record of more than max_record_bytes bytes is refused (its error says so).
  CsvReader(std::istream& in, std::size_t max_record_bytes);

  // Reads the next record into r; false at the end of the input.
  bool next(CsvRecord& r);
  // Bytes consumed so far (for progress).
  std::size_t bytes_read() const { return input_.consumed(); }
  // The line the next record starts on.
  std::size_t line() const { return input_.line(); }

 private:
  bool fail(CsvRecord& r, std::string reason, bool skip);
  std::size_t last_line(const CsvRecord& r) const;

  LineInput input_;
  std::size_t max_record_bytes_;
};

}  // namespace ariadne
