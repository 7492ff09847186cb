// The one storage interface every module uses. Backends (SQLite now, PostgreSQL
// later) differ only behind it and in dialect.hpp; domain code writes portable
// SQL with '?' placeholders and never sees a backend type.
//
// Thread-safety: a Database may be shared by threads. Each call is atomic; a
// transaction() holds the writer for its whole duration, so writes of other
// threads wait until it commits or rolls back. Reads outside a transaction see
// the last committed state and do not wait for the writer.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace ariadne::store {

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Params = std::vector<Value>;
// A text parameter of insert_rows, viewed rather than copied; nullopt binds NULL.
using TextParam = std::optional<std::string_view>;

// Optional values bind as NULL when empty.
inline Value nullable(const std::optional<std::string>& s) {
  return s ? Value{*s} : Value{nullptr};
}
inline Value nullable(const std::optional<std::int64_t>& n) {
  return n ? Value{*n} : Value{nullptr};
}

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  std::int64_t integer(std::size_t i) const;  // NULL reads as 0
  double real(std::size_t i) const;
  std::string text(std::size_t i) const;  // NULL reads as ""
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<std::int64_t> opt_integer(std::size_t i) const;
  const Value& value(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

enum class Dialect { sqlite, postgresql };

// Settings a long write of many rows holds for its duration; destroying the
// scope sets them back (see Database::tune_for_bulk_writes).
class BulkWriteScope {
 public:
  virtual ~BulkWriteScope() = default;
};

class Database {
 public:
  virtual ~Database() = default;
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual Dialect dialect() const = 0;
  virtual std::string describe() const = 0;  // for logs: backend and location, never credentials
  // Whether the store was opened read-only (e.g. a file the process may not
  // write): reads work, every write fails as unavailable.
  virtual bool read_only() const { return false; }
  // Tunes the store for a write of many rows in large transactions (a
  // larger page cache, fewer checkpoints) until the scope is destroyed,
  // without weakening durability: each commit stays as durable as before.
  // Backends without such settings return a scope that changes nothing.
  virtual std::unique_ptr<BulkWriteScope> tune_for_bulk_writes() { return std::make_unique<BulkWriteScope>(); }

  // One statement; rows of a SELECT (or INSERT ... RETURNING).
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  // One statement; number of rows changed.
  virtual Result<std::int64_t> execute(std::string_view sql, const Params& params = {}) = 0;
  // Streams the rows of a SELECT; the callback returns false to stop early.
  virtual Status for_each(std::string_view sql, const Params& params,
                          const std::function<bool(const Row&)>& on_row) = 0;
  // Several statements without parameters (migrations).
  virtual Status execute_script(std::string_view sql) = 0;
  // Runs one INSERT once per row of `params` (`columns` text values a row,
  // row after row) without copying a value: bulk writes, where building a
  // Params per row costs more than the insert. The id of each new row, 0 for
  // a row the statement did not insert (ON CONFLICT ... DO NOTHING).
  virtual Result<std::vector<std::int64_t>> insert_rows(std::string_view sql, std::size_t columns,
                                                        const std::vector<TextParam>& params) = 0;

  // Runs fn in one write transaction: committed when fn succeeds, rolled back
  // otherwise (also when fn throws). Nested calls join the outer transaction.
  Status transaction(const std::function<Status()>& fn);
  // Whether the calling thread runs inside transaction() (another thread's
  // transaction does not count).
  bool in_transaction() const;

 protected:
  virtual void lock() = 0;
  virtual void unlock() = 0;
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;

 private:
  friend class FaultInjectingDatabase;
  int depth_ = 0;  // guarded by lock(); only the holder reads or writes it
  // The thread inside the outermost transaction, read without the lock.
  std::atomic<std::thread::id> holder_{};
};

// Opens (creating when absent) the database a URL names: a file path for
// SQLite; postgresql://… URLs are refused as unsupported until that backend exists.
Result<std::unique_ptr<Database>> open_database(const std::string& url);

}  // namespace ariadne::store
