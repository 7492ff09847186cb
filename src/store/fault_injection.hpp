// A Database wrapper for tests: passes everything through to a real backend
// but makes the Nth write or commit fail the way a real store fails, so tests
// can prove a failure at any point of an operation leaves nothing
// half-stored, says why, and acknowledges nothing.
//
// Writes are execute(), insert_rows() and a query() whose statement changes
// data (first keyword INSERT, UPDATE, DELETE or REPLACE: the
// INSERT ... RETURNING form). execute_script() (pragmas, migrations) is not
// counted. Thread-safety: counters are atomic; arm it before the operation.
#pragma once

#include <atomic>
#include <optional>
#include <string_view>

#include "store/database.hpp"

namespace ariadne::store {

enum class Fault {
  disk_full,  // SQLite's SQLITE_FULL: no space left for the database or its WAL
  io_error,   // SQLITE_IOERR_WRITE: the device failed a write
  fsync,      // SQLITE_IOERR_FSYNC: written, but the sync that makes it durable failed
};

// Which calls count towards the Nth.
enum class FaultPoint {
  write,            // write statements only
  commit,           // commits only
  write_or_commit,  // both, in the order they come
};

// The Error the SQLite backend gives for a fault (the same mapping as a real failure).
Error fault_error(Fault fault);

// Whether a statement changes data (its first keyword), as the wrapper counts writes.
bool statement_writes(std::string_view sql);

class FaultInjectingDatabase final : public Database {
 public:
  explicit FaultInjectingDatabase(Database& inner) : inner_(inner) {}

  // The nth call of `point` from now fails with `fault` (1 = the next one); 0 disarms.
  void inject(Fault fault, int nth, FaultPoint point = FaultPoint::write_or_commit);
  // The write_number-th write from now fails with an I/O error; 0 disarms.
  void fail_write(int write_number, Fault fault = Fault::io_error) { inject(fault, write_number, FaultPoint::write); }
  // Whether the armed fault struck.
  bool fired() const { return fired_; }
  // How many writes and commits went through (or were failed) so far.
  int writes() const { return writes_; }
  int commits() const { return commits_; }

  Dialect dialect() const override { return inner_.dialect(); }
  std::unique_ptr<BulkWriteScope> tune_for_bulk_writes() override { return inner_.tune_for_bulk_writes(); }
  std::string describe() const override { return "fault-injecting " + inner_.describe(); }
  bool read_only() const override { return inner_.read_only(); }
  Result<Rows> query(std::string_view sql, const Params& params) override;
  Result<std::int64_t> execute(std::string_view sql, const Params& params) override;
  Status for_each(std::string_view sql, const Params& params, const std::function<bool(const Row&)>& on_row) override {
    return inner_.for_each(sql, params, on_row);
  }
  Status execute_script(std::string_view sql) override { return inner_.execute_script(sql); }
  // Counts (and may fail) as one write.
  Result<std::vector<std::int64_t>> insert_rows(std::string_view sql, std::size_t columns,
                                                const std::vector<TextParam>& params) override;

 protected:
  void lock() override { inner_.lock(); }
  void unlock() override { inner_.unlock(); }
  Status begin() override { return inner_.begin(); }
  // A failed commit does not reach the backend; the transaction then rolls back.
  Status commit() override;
  Status rollback() override { return inner_.rollback(); }

 private:
  // Counts one call of `point`; the Error when the armed fault strikes it.
  std::optional<Error> strike(FaultPoint point);

  Database& inner_;
  std::atomic<int> countdown_{0};
  std::atomic<Fault> fault_{Fault::io_error};
  std::atomic<FaultPoint> point_{FaultPoint::write};
  std::atomic<bool> fired_{false};
  std::atomic<int> writes_{0};
  std::atomic<int> commits_{0};
};

}  // namespace ariadne::store
