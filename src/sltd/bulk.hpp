// Bulk registration of travel documents from JSON Lines or CSV.
//
// A body is read record by record (BulkReader), each record validated with
// the same rules as a single registration (parse_new_document), and the
// valid ones written in batches: a batch commits in one transaction when
// every record in it is valid and new, and is rolled back whole otherwise.
// Errors name the line of the body as given (a CSV header is line 1).
// Memory stays bounded by the batch size, so a file of millions of lines
// streams through.
//
// import_documents reads and validates on a thread of its own while the
// calling thread writes, so parsing overlaps the inserts; errors and batches
// come out in the order of the body all the same. Validation then checks
// member codes against the members stored when the import started.
//
// Thread-safety: a BulkReader is used by one thread at a time; import_documents may
// run concurrently with other writers (each batch holds the store's write
// transaction for its duration only; with group_records, each group does).
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/csv.hpp"
#include "common/line_error.hpp"
#include "common/line_input.hpp"
#include "common/result.hpp"
#include "policy/roles.hpp"
#include "sltd/documents.hpp"
#include "store/database.hpp"

namespace ariadne::sltd {

enum class BulkFormat { jsonl, csv };

// "jsonl" (also "ndjson") or "csv".
std::optional<BulkFormat> parse_bulk_format(std::string_view name);
// application/x-ndjson, application/jsonl (also application/x-jsonlines) or
// text/csv, with or without parameters such as "; charset=utf-8".
std::optional<BulkFormat> bulk_format_from_media_type(std::string_view content_type);

inline constexpr std::size_t kDefaultBatchSize = 1000;
inline constexpr std::size_t kGroupRecords = 100000;
inline constexpr double kGroupSeconds = 0.5;
inline constexpr std::size_t kMaxBatchSize = 10000;
// A record longer than this is rejected (and skipped) without being parsed.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{64} * 1024;

// The CSV columns, in the order a template would list them. A restriction is
// given as restriction_scope and restriction_members (codes separated by ';' or '|').
const std::vector<std::string>& bulk_csv_columns();

// One record of a body: either a registration body as JSON (the same object
// POST /documents takes) or the reasons it could not be read.
struct BulkRecord {
  std::size_t line = 0;       // first line of the record in the body
  std::size_t last_line = 0;  // last line (a quoted CSV field may span lines)
  nlohmann::json body;        // an object when errors is empty
  std::vector<FieldError> errors;
};

// Splits a body into records. JSON Lines: one object per line. CSV (RFC
// 4180, read by common/csv.hpp): a header row naming the columns, then one record per row; quoted
// fields may hold commas, doubled quotes and line breaks. Blank lines are
// skipped. A UTF-8 byte-order mark at the start is ignored.
class BulkReader {
 public:
  BulkReader(std::istream& in, BulkFormat format);

  // Reads the CSV header (nothing for JSON Lines). invalid_input naming the
  // unknown, repeated or missing columns.
  Status start();
  // The next record, or nullopt at the end of the body. A record too long,
  // unparseable or with the wrong number of fields comes back with errors.
  std::optional<BulkRecord> next();
  // Bytes consumed so far (for progress).
  std::size_t bytes_read() const { return format_ == BulkFormat::csv ? csv_.bytes_read() : lines_.consumed(); }
  // false when the stream failed for a reason other than its end.
  bool stream_ok() const { return !in_.bad(); }

 private:
  std::optional<BulkRecord> next_json();
  std::optional<BulkRecord> next_csv();

  std::istream& in_;
  BulkFormat format_;
  CsvReader csv_;    // reads the body when it is CSV
  LineInput lines_;  // ... and when it is JSON Lines
  bool started_ = false;
  std::vector<std::string> columns_;  // CSV header
};

using BulkLineError = LineError;

struct BulkBatch {
  std::size_t first_line = 0;
  std::size_t last_line = 0;
  std::size_t records = 0;
  bool committed = false;
};

// accepted + rejected is the number of records: rejected counts the bad
// records and the good ones rolled back with their batch.
struct BulkReport {
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::vector<BulkBatch> batches;
  std::vector<BulkLineError> errors;  // at most BulkOptions::max_errors
  std::size_t errors_omitted = 0;     // errors beyond max_errors
};

nlohmann::json to_json(const BulkReport& report);

struct BulkProgress {
  std::size_t bytes_read = 0;
  std::size_t records = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t committed = 0;  // of the accepted, those whose group transaction has committed
};

struct BulkOptions {
  BulkFormat format = BulkFormat::jsonl;
  std::size_t batch_size = kDefaultBatchSize;  // 1 to kMaxBatchSize
  // 0: each batch commits on its own. Otherwise batches are written in group
  // transactions of about this many records (see import_documents); for
  // inputs read from a file, where reading never stalls with the write lock held.
  std::size_t group_records = 0;
  std::size_t max_errors = 1000;  // kept in the report; on_error sees them all
  std::function<void(const BulkLineError&)> on_error;
  std::function<void(const BulkProgress&)> on_progress;  // after each batch
};

// Registers the documents of a body for the caller, batch by batch. Bad
// lines are reported in the BulkReport; an Error means the import could not
// run (no records, a bad CSV header, a role that may not write) or stopped
// because the store failed (then the batches of the open group are undone;
// those of groups committed before stay; the message names the lines undone).
//
// With options.group_records, batches are written in a group transaction
// committed every group_records records or kGroupSeconds, whichever comes
// first, with SQLite's page cache raised for the import: the store then
// writes each touched index page once per group instead of once per batch
// (random document numbers touch a different page per record), and syncs
// once. Records are read while the group holds the write lock, so this is
// for inputs that never stall (files); other writers wait about kGroupSeconds.
Result<BulkReport> import_documents(store::Database& db, const policy::Caller& caller, std::istream& in,
                                    const BulkOptions& options);
Result<BulkReport> import_documents(store::Database& db, const policy::Caller& caller, std::string_view body,
                                    const BulkOptions& options);

// A document of a batch that clashes with a stored record.
struct BatchConflict {
  std::size_t index = 0;  // in the batch
  std::string reason;
};

// Registers documents in one transaction (or the caller's), each with its
// change-log entry as create_document writes it, and one document.bulk_create
// audit entry for them all: its object names every created id
// (store::object_ids), its detail the count and `origin` (the lines of a
// body). The documents take consecutive ids in the order of their unique key
// (issuing state, type, number). All or none. When any document is already stored, nothing is
// written and the clashes come back; with check_only the clashes are looked
// up and nothing is written either.
Result<std::vector<BatchConflict>> create_documents(store::Database& db, const policy::Caller& caller,
                                                    const std::vector<Document>& docs, bool check_only = false,
                                                    std::string_view origin = {});

}  // namespace ariadne::sltd
