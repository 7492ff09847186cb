#include "sltd/bulk.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <streambuf>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "common/ascii.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "common/utf8.hpp"
#include "policy/accounts.hpp"
#include "policy/restriction.hpp"
#include "store/audit.hpp"
#include "store/write.hpp"

namespace ariadne::sltd {

using nlohmann::json;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Bytes outside printable ASCII become '?', so a reason quoting garbage stays readable on a terminal.
std::string printable(std::string_view s, std::size_t max = 160) {
  std::string out;
  for (char c : s.substr(0, max)) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u >= 0x7f) ? '?' : c;
  }
  if (s.size() > max) out += "...";
  return out;
}

// nlohmann's messages name the line and column inside the record; keep the column and the reason.
std::string json_reason(std::string m) {
  if (auto p = m.find("[json.exception."); p != std::string::npos) {
    auto close = m.find("] ", p);
    if (close != std::string::npos) m.erase(p, close + 2 - p);
  }
  if (auto p = m.find("at line 1, column"); p != std::string::npos) m.replace(p, 17, "at column");
  return printable(m, 240);
}

// A CSV file names a restriction by two columns; reasons about it name them too.
std::string csv_field(const std::string& field) {
  if (field == "restriction" || field == "restriction.scope") return "restriction_scope";
  if (field.rfind("restriction.members", 0) == 0) return "restriction_members";
  return field;
}

class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view s) {
    char* p = const_cast<char*>(s.data());  // read-only: the get area is never written
    setg(p, p, p + s.size());
  }
};

}  // namespace

std::optional<BulkFormat> parse_bulk_format(std::string_view name) {
  auto n = ascii_lower(name);
  if (n == "jsonl" || n == "ndjson" || n == "json-lines" || n == "jsonlines") return BulkFormat::jsonl;
  if (n == "csv") return BulkFormat::csv;
  return std::nullopt;
}

std::optional<BulkFormat> bulk_format_from_media_type(std::string_view content_type) {
  auto type = ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type == "application/x-ndjson" || type == "application/jsonl" || type == "application/x-jsonlines" ||
      type == "application/jsonlines" || type == "application/json-lines") {
    return BulkFormat::jsonl;
  }
  if (type == "text/csv") return BulkFormat::csv;
  return std::nullopt;
}

const std::vector<std::string>& bulk_csv_columns() {
  static const std::vector<std::string> columns = {"number",
                                                   "issuing_state",
                                                   "type",
                                                   "status",
                                                   "reporting_country",
                                                   "issued_on",
                                                   "expires_on",
                                                   "stolen_on",
                                                   "reported_on",
                                                   "national_reference",
                                                   "series_end",
                                                   "remarks",
                                                   "review_on",
                                                   "owner",
                                                   "restriction_scope",
                                                   "restriction_members"};
  return columns;
}

// ---------------------------------------------------------------- reading

BulkReader::BulkReader(std::istream& in, BulkFormat format)
    : in_(in), format_(format), csv_(in, kMaxRecordBytes), lines_(in) {}

Status BulkReader::start() {
  if (started_) return {};
  started_ = true;
  if (format_ != BulkFormat::csv) return {};  // a byte-order mark is skipped as the lines are read
  CsvRecord header;
  do {
    if (!csv_.next(header)) {
      return Error::invalid("", "the body is empty: a CSV header row naming the columns is expected");
    }
  } while (header.blank());
  const std::size_t first = header.line;
  if (!header.error.empty()) {
    return Error::invalid("", "the CSV header on line " + std::to_string(first) + " cannot be read: " + header.error);
  }
  const auto& fields = header.fields;
  const auto& known = bulk_csv_columns();
  std::vector<FieldError> problems;
  for (const auto& raw : fields) {
    std::string name = ascii_lower(trim(raw));
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      problems.push_back({printable(raw, 64), "is not a known column (known: " + list + ")"});
    } else if (std::find(columns_.begin(), columns_.end(), name) != columns_.end()) {
      problems.push_back({name, "is named twice in the header"});
    }
    columns_.push_back(name);
  }
  for (const char* required : {"number", "issuing_state", "type", "status"}) {
    if (std::find(columns_.begin(), columns_.end(), required) == columns_.end()) {
      problems.push_back({required, "is a required column and missing from the header"});
    }
  }
  if (!problems.empty()) {
    Error e = Error::invalid_fields(std::move(problems));
    e.message = "the CSV header (line " + std::to_string(first) + ") is not valid";
    return e;
  }
  return {};
}

std::optional<BulkRecord> BulkReader::next() {
  if (!started_) {
    if (auto s = start(); !s) {
      BulkRecord r;
      r.line = r.last_line = format_ == BulkFormat::csv ? csv_.line() : lines_.line();
      r.errors.push_back({"", s.error().message});
      return r;
    }
  }
  return format_ == BulkFormat::csv ? next_csv() : next_json();
}

std::optional<BulkRecord> BulkReader::next_json() {
  std::string text;
  while (true) {
    if (lines_.peek() < 0) return std::nullopt;
    BulkRecord r;
    r.line = r.last_line = lines_.line();
    text.clear();
    bool too_long = false;
    lines_.take_line([&](std::string_view piece) {
      if (!too_long && text.size() + piece.size() > kMaxRecordBytes) {
        too_long = true;
        text.clear();
      }
      if (!too_long) text.append(piece);
    });
    if (too_long) {
      r.errors.push_back({"", "the line is longer than " + std::to_string(kMaxRecordBytes) + " bytes"});
      return r;
    }
    auto body = trim(text);
    if (body.empty()) continue;
    auto parsed = parse_json_object(body);
    if (!parsed) {
      for (const auto& f : parsed.error().fields) r.errors.push_back({f.field, json_reason(f.reason)});
    } else {
      r.body = std::move(*parsed);
    }
    return r;
  }
}

std::optional<BulkRecord> BulkReader::next_csv() {
  CsvRecord row;
  while (true) {
    if (!csv_.next(row)) return std::nullopt;
    BulkRecord r;
    r.line = row.line;
    r.last_line = row.last_line;
    if (!row.error.empty()) {
      r.errors.push_back({"", std::move(row.error)});
      return r;
    }
    if (row.blank()) continue;
    const auto& fields = row.fields;
    if (fields.size() != columns_.size()) {
      r.errors.push_back({"", "has " + std::to_string(fields.size()) + " fields; the header names " +
                                  std::to_string(columns_.size()) + " columns"});
      return r;
    }
    r.body = json::object();
    std::string scope;
    std::string members;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const auto& name = columns_[i];
      if (fields[i].empty()) continue;
      if (!valid_utf8(fields[i])) {
        r.errors.push_back({name, "is not valid UTF-8"});
        continue;
      }
      if (name == "restriction_scope") {
        scope = fields[i];
      } else if (name == "restriction_members") {
        members = fields[i];
      } else {
        r.body[name] = fields[i];
      }
    }
    if (!scope.empty() || !members.empty()) {
      json restriction = json::object();
      if (!scope.empty()) restriction["scope"] = scope;
      if (!members.empty()) {
        json list = json::array();
        std::size_t start = 0;
        while (start <= members.size()) {
          auto end = members.find_first_of(";|", start);
          if (end == std::string::npos) end = members.size();
          auto code = trim(std::string_view(members).substr(start, end - start));
          if (!code.empty()) list.push_back(std::string(code));
          start = end + 1;
        }
        restriction["members"] = list;
      }
      r.body["restriction"] = restriction;
    }
    return r;
  }
}

// ---------------------------------------------------------------- writing

namespace {

// The documents already stored, as conflicts in batch order: one join of up
// to 64 keys a statement rather than a query per document.
Result<std::vector<BatchConflict>> stored_conflicts(store::Database& db, const std::vector<Document>& docs,
                                                    const std::vector<std::size_t>& order) {
  std::vector<BatchConflict> conflicts;
  store::Params params;
  for (std::size_t done = 0; done < docs.size();) {
    std::size_t n = store::multi_row_chunk(docs.size() - done);
    params.clear();
    for (std::size_t k = done; k < done + n; ++k) {
      const std::size_t i = order[k];
      params.emplace_back(static_cast<std::int64_t>(i));
      params.emplace_back(docs[i].issuing_state);
      params.emplace_back(std::string(to_string(docs[i].type)));
      params.emplace_back(docs[i].number);
    }
    ARIADNE_TRY(db.for_each("SELECT k.column1 FROM (VALUES " + store::values_rows(n, 4) +
                                ") AS k JOIN documents AS d ON d.issuing_state = k.column2 AND d.type = k.column3 "
                                "AND d.number = k.column4",
                            params, [&](const store::Row& r) {
                              auto i = static_cast<std::size_t>(r.integer(0));
                              conflicts.push_back({i, duplicate_reason(docs[i])});
                              return true;
                            }));
    done += n;
  }
  std::sort(conflicts.begin(), conflicts.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  return conflicts;
}

// The batch in the order of the unique key: consecutive rows then meet the
// same or neighbouring index pages, which stay in the processor's caches.
std::vector<std::size_t> key_order(const std::vector<Document>& docs) {
  std::vector<std::size_t> order(docs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(docs[a].issuing_state, docs[a].type, docs[a].number) <
           std::tie(docs[b].issuing_state, docs[b].type, docs[b].number);
  });
  return order;
}

}  // namespace

Result<std::vector<BatchConflict>> create_documents(store::Database& db, const policy::Caller& caller,
                                                    const std::vector<Document>& docs, bool check_only,
                                                    std::string_view origin) {
  ARIADNE_TRY(policy::require(caller, policy::Action::document_register));
  std::vector<BatchConflict> conflicts;
  bool rolled_back = false;  // the batch met stored duplicates: nothing of it stays
  // Inside a caller's transaction (an import's group) a rollback here would
  // undo the whole group, so duplicates are looked up before anything is
  // written; on its own the unique key finds them as the rows go in. One
  // change-log statement per 64 records, one audit entry per batch.
  const bool look_first = check_only || db.in_transaction();
  auto write = [&]() -> Status {
    const auto order = key_order(docs);
    if (look_first) {
      ARIADNE_ASSIGN(conflicts, stored_conflicts(db, docs, order));
      if (check_only || !conflicts.empty()) return {};
    }
    const std::string now = iso_now_ms();
    std::vector<std::string> ids;
    std::vector<std::int64_t> numeric_ids;
    ids.reserve(docs.size());
    numeric_ids.reserve(docs.size());
    // One statement, values viewed in place: no copies per row.
    constexpr std::size_t kColumns = 19;
    std::vector<std::string> scope_members;
    scope_members.reserve(docs.size());
    std::vector<store::TextParam> params;
    params.reserve(docs.size() * kColumns);
    auto opt = [](const std::optional<std::string>& s) { return s ? store::TextParam(*s) : std::nullopt; };
    for (std::size_t i : order) {
      const auto& d = docs[i];
      scope_members.push_back(d.meta.restriction.stored_members());
      for (store::TextParam v :
           {store::TextParam(d.number), store::TextParam(d.issuing_state), store::TextParam(to_string(d.type)),
            store::TextParam(to_string(d.status)), opt(d.reporting_country), opt(d.issued_on), opt(d.expires_on),
            opt(d.stolen_on), opt(d.reported_on), opt(d.national_reference), opt(d.series_end), opt(d.remarks),
            store::TextParam(d.review_on), store::TextParam(d.meta.owner),
            store::TextParam(policy::to_string(d.meta.restriction.scope)), store::TextParam(scope_members.back()),
            store::TextParam(caller.username), store::TextParam(now), store::TextParam(now)}) {
        params.push_back(v);
      }
    }
    ARIADNE_ASSIGN(auto inserted,
                   db.insert_rows("INSERT INTO documents (number, issuing_state, type, status, reporting_country, "
                                  "issued_on, expires_on, stolen_on, reported_on, national_reference, series_end, "
                                  "remarks, review_on, owner, scope, scope_members, created_by, created_at, "
                                  "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT (issuing_state, type, number) DO NOTHING",
                                  kColumns, params));
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t i = order[k];
      if (inserted[k] == 0) {
        // Looked up first, yet present: only a writer outside the lock could do that.
        if (look_first) return Error::internal("document " + docs[i].number + " appeared during its registration");
        conflicts.push_back({i, duplicate_reason(docs[i])});
        continue;
      }
      numeric_ids.push_back(inserted[k]);
      ids.push_back(std::to_string(inserted[k]));
    }
    if (!conflicts.empty()) {
      std::sort(conflicts.begin(), conflicts.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
      rolled_back = true;
      return Error::conflict("the batch holds registered documents");
    }
    if (numeric_ids.empty()) return {};
    // One change per document, and one audit entry for the batch naming every document it created.
    std::sort(numeric_ids.begin(), numeric_ids.end());
    std::string detail = std::to_string(docs.size()) + " documents";
    if (!origin.empty()) detail += ", " + std::string(origin);
    return store::record_writes(db, "documents", ids, "insert",
                                {caller.username, caller.member, "document.bulk_create",
                                 store::object_ids("document", numeric_ids), "ok", detail});
  };
  auto written = db.transaction(write);
  if (!written && !rolled_back) return written.take_error();
  return conflicts;
}

namespace {

// A record read and validated, ready for the writer.
struct Checked {
  std::size_t line = 0;
  std::size_t last_line = 0;
  std::optional<Document> doc;     // when valid
  std::vector<FieldError> errors;  // why not
};

// Reads and validates records on a thread of its own, a chunk at a time, so
// parsing and validation overlap the writes. Validation reads no store (the
// writer may hold its lock for a whole group): members come from a copy taken
// when the import starts.
class Pipeline {
 public:
  Pipeline(BulkReader& reader, std::unordered_set<std::string> members, const policy::Caller& caller)
      : reader_(reader), members_(std::move(members)), caller_(caller), thread_([this] { run(); }) {}
  ~Pipeline() {
    {
      std::lock_guard guard(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // The next record, or nullopt at the end of the body (or when reading failed: see failure()).
  std::optional<Checked> next() {
    if (pos_ == current_.size()) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !ready_.empty() || done_; });
      if (ready_.empty()) {
        bytes_ = total_bytes_;
        return std::nullopt;
      }
      current_ = std::move(ready_.front().records);
      bytes_ = ready_.front().bytes;
      ready_.pop_front();
      pos_ = 0;
      lock.unlock();
      changed_.notify_all();
    }
    return std::move(current_[pos_++]);
  }
  // Bytes read up to the end of the chunk last handed out (all of them at the end).
  std::size_t bytes_read() const { return bytes_; }
  // After next() returned nullopt: why reading stopped early, if it did.
  const std::optional<Error>& failure() const { return failure_; }

 private:
  static constexpr std::size_t kChunkRecords = 256;
  static constexpr std::size_t kChunksAhead = 8;  // bounds the memory a fast reader takes

  struct Chunk {
    std::vector<Checked> records;
    std::size_t bytes = 0;
  };

  Checked check(BulkRecord record) const {
    Checked c{record.line, record.last_line, std::nullopt, std::move(record.errors)};
    if (!c.errors.empty()) return c;
    auto doc = parse_new_document(record.body, lookup_, caller_);
    if (doc) {
      c.doc = std::move(*doc);
    } else if (doc.error().fields.empty()) {
      c.errors.push_back({"", doc.error().message});
    } else {
      c.errors = std::move(doc.error().fields);
    }
    return c;
  }

  void run() {
    std::optional<Error> failure;
    std::size_t bytes = 0;
    try {
      Chunk chunk;
      while (true) {
        auto record = reader_.next();
        if (record) chunk.records.push_back(check(std::move(*record)));
        if (chunk.records.size() == kChunkRecords || (!record && !chunk.records.empty())) {
          chunk.bytes = reader_.bytes_read();
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [&] { return ready_.size() < kChunksAhead || stopping_; });
          if (stopping_) return;
          ready_.push_back(std::move(chunk));
          chunk = {};
          lock.unlock();
          changed_.notify_all();
        }
        if (!record) break;
      }
      if (!reader_.stream_ok()) failure = Error::internal("reading the input failed");
      bytes = reader_.bytes_read();
    } catch (const std::exception& e) {
      failure = Error::internal(std::string("reading the input failed: ") + e.what());
    }
    {
      std::lock_guard guard(mutex_);
      failure_ = std::move(failure);
      total_bytes_ = bytes;
      done_ = true;
    }
    changed_.notify_all();
  }

  BulkReader& reader_;
  const std::unordered_set<std::string> members_;
  const policy::MemberLookup lookup_ = [this](const std::string& code) -> Result<bool> {
    return members_.count(code) > 0;
  };
  const policy::Caller& caller_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Chunk> ready_;       // guarded by mutex_
  bool done_ = false;             // guarded by mutex_
  bool stopping_ = false;         // guarded by mutex_
  std::optional<Error> failure_;  // guarded by mutex_ until done_
  std::size_t total_bytes_ = 0;   // guarded by mutex_ until done_
  std::vector<Checked> current_;  // the consumer's
  std::size_t pos_ = 0;           // the consumer's
  std::size_t bytes_ = 0;         // the consumer's
  std::thread thread_;            // last: starts once the rest is built
};

Result<std::unordered_set<std::string>> member_codes(store::Database& db) {
  std::unordered_set<std::string> codes;
  ARIADNE_ASSIGN(auto members, policy::list_members(db));
  for (auto& m : members) codes.insert(std::move(m.code));
  return codes;
}

// Gathers records into batches and writes each batch all or nothing.
class Importer {
 public:
  Importer(store::Database& db, const policy::Caller& caller, const BulkOptions& options, const Pipeline& records)
      : db_(db), caller_(caller), options_(options), records_in_(records), grouped_(options.group_records > 0) {}

  // Adds a record; true when the batch before it was written first.
  Result<bool> add(Checked record) {
    const bool flushing = batch_.records == options_.batch_size;
    if (flushing) ARIADNE_TRY(flush());
    if (batch_.records == 0) batch_.first_line = record.line;
    if (open_from_ == 0) open_from_ = record.line;
    batch_.last_line = record.last_line;
    ++batch_.records;
    ++records_;
    if (!record.doc) {
      for (auto& e : record.errors) error(record.line, std::move(e.field), std::move(e.reason));
      ++bad_;
      return flushing;
    }
    auto& doc = record.doc;
    std::string key = doc->issuing_state + '/' + std::string(to_string(doc->type)) + '/' + doc->number;
    if (auto it = batch_keys_.find(key); it != batch_keys_.end()) {
      error(record.line, "number",
            "duplicates line " + std::to_string(it->second) + " (same number, issuing state and type)");
      ++bad_;
      return flushing;
    }
    if (auto it = rolled_back_keys_.find(key); it != rolled_back_keys_.end()) {
      error(record.line, "number",
            "duplicates line " + std::to_string(it->second) +
                " (same number, issuing state and type), whose batch was rolled back");
      ++bad_;
      return flushing;
    }
    batch_keys_.emplace(std::move(key), record.line);
    docs_.push_back(std::move(*doc));
    doc_lines_.push_back(record.line);
    return flushing;
  }

  Status flush() {
    if (batch_.records == 0) return {};
    const std::string origin = "lines " + std::to_string(batch_.first_line) + "-" + std::to_string(batch_.last_line);
    ARIADNE_ASSIGN(auto conflicts, create_documents(db_, caller_, docs_, bad_ > 0, origin));
    for (const auto& c : conflicts) {
      error(doc_lines_[c.index], "number", c.reason);
      ++bad_;
    }
    batch_.committed = bad_ == 0;
    if (batch_.committed) {
      report_.accepted += batch_.records;
    } else {
      report_.rejected += batch_.records;
      rolled_back_keys_.merge(batch_keys_);
    }
    report_.batches.push_back(batch_);
    batch_ = {};
    bad_ = 0;
    docs_.clear();
    doc_lines_.clear();
    batch_keys_.clear();
    if (!grouped_) stored();
    if (options_.on_progress) {
      options_.on_progress({records_in_.bytes_read(), records_, report_.accepted, report_.rejected, committed_});
    }
    return {};
  }
  // The open group transaction committed: what it accepted is stored.
  void group_committed() {
    stored();
    if (options_.on_progress) {
      options_.on_progress({records_in_.bytes_read(), records_, report_.accepted, report_.rejected, committed_});
    }
  }

  // A store failure, naming the lines it undid (the open batch, or the open
  // group's batches) and what stays stored before them.
  Error stopped(Error e) const {
    const std::size_t to = batch_.records > 0         ? batch_.last_line
                           : !report_.batches.empty() ? report_.batches.back().last_line
                                                      : open_from_;
    e.message = "the import stopped at lines " + std::to_string(open_from_) + "-" + std::to_string(to) +
                ", which are not stored: " + e.message +
                (committed_ > 0 ? "; the " + std::to_string(committed_) + " records accepted before line " +
                                      std::to_string(open_from_) + " are stored"
                                : "; nothing of the import is stored");
    return e;
  }

  std::size_t records() const { return records_; }
  BulkReport take() { return std::move(report_); }

 private:
  // The transaction committed what was accepted; the open batch (a group
  // ends with the record after its last batch read) starts the next one.
  void stored() {
    committed_ = report_.accepted;
    open_from_ = batch_.records > 0 ? batch_.first_line : 0;
  }

  void error(std::size_t line, std::string field, std::string reason) {
    BulkLineError e{line, options_.format == BulkFormat::csv ? csv_field(field) : std::move(field), std::move(reason)};
    if (options_.on_error) options_.on_error(e);
    if (report_.errors.size() < options_.max_errors) {
      report_.errors.push_back(std::move(e));
    } else {
      ++report_.errors_omitted;
    }
  }

  store::Database& db_;
  const policy::Caller& caller_;
  const BulkOptions& options_;
  const Pipeline& records_in_;
  BulkReport report_;
  BulkBatch batch_;
  std::size_t bad_ = 0;  // bad records in the batch
  std::size_t records_ = 0;
  const bool grouped_;
  std::size_t committed_ = 0;
  std::size_t open_from_ = 0;
  std::vector<Document> docs_;
  std::vector<std::size_t> doc_lines_;
  std::unordered_map<std::string, std::size_t> batch_keys_;  // key → line, in the open batch
  // Keys of valid records whose batch was rolled back: a later copy is still a duplicate within the body.
  std::unordered_map<std::string, std::size_t> rolled_back_keys_;
};

}  // namespace

Result<BulkReport> import_documents(store::Database& db, const policy::Caller& caller, std::istream& in,
                                    const BulkOptions& options) {
  ARIADNE_TRY(policy::require(caller, policy::Action::document_register));
  if (options.batch_size < 1 || options.batch_size > kMaxBatchSize) {
    return Error::invalid("batch_size", "must be from 1 to " + std::to_string(kMaxBatchSize));
  }
  BulkReader reader(in, options.format);
  ARIADNE_TRY(reader.start());
  ARIADNE_ASSIGN(auto members, member_codes(db));
  Pipeline records(reader, std::move(members), caller);
  Importer importer(db, caller, options, records);
  if (options.group_records == 0) {
    while (auto record = records.next()) {
      if (auto added = importer.add(std::move(*record)); !added) return importer.stopped(added.take_error());
    }
    if (!records.failure()) {
      if (auto flushed = importer.flush(); !flushed) return importer.stopped(flushed.take_error());
    }
  } else {
    auto tuning = db.tune_for_bulk_writes();  // a group's pages stay in memory until its commit
    bool more = true;
    while (more) {  // one group transaction per pass
      auto group = db.transaction([&]() -> Status {
        const auto started = std::chrono::steady_clock::now();
        const std::size_t from = importer.records();
        for (;;) {
          auto record = records.next();
          if (!record) {
            more = false;
            return records.failure() ? Status{} : importer.flush();
          }
          ARIADNE_ASSIGN(bool flushed, importer.add(std::move(*record)));
          const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - started;
          if (flushed && (importer.records() - from >= options.group_records || spent.count() >= kGroupSeconds)) {
            return {};
          }
        }
      });
      if (!group) return importer.stopped(group.take_error());
      importer.group_committed();
    }
  }
  if (records.failure()) return *records.failure();
  if (importer.records() == 0) {
    return Error::invalid("", options.format == BulkFormat::csv
                                  ? "the body holds no records after its header"
                                  : "the body is empty: one JSON object per line is expected");
  }
  return importer.take();
}

Result<BulkReport> import_documents(store::Database& db, const policy::Caller& caller, std::string_view body,
                                    const BulkOptions& options) {
  ViewBuf buf(body);
  std::istream in(&buf);
  return import_documents(db, caller, in, options);
}

json to_json(const BulkReport& report) {
  json batches = json::array();
  for (const auto& b : report.batches) {
    batches.push_back(
        {{"first_line", b.first_line}, {"last_line", b.last_line}, {"records", b.records}, {"committed", b.committed}});
  }
  json errors = json::array();
  for (const auto& e : report.errors) errors.push_back({{"line", e.line}, {"field", e.field}, {"reason", e.reason}});
  return {{"accepted", report.accepted},
          {"rejected", report.rejected},
          {"batches", batches},
          {"errors", errors},
          {"errors_omitted", report.errors_omitted}};
}

}  // namespace ariadne::sltd
