// A Database wrapper for tests: passes everything through to a real backend
// but makes the Nth write fail, so tests can prove a failure half-way through
// a transaction leaves nothing half-stored.
#pragma once

#include <atomic>

#include "store/database.hpp"

namespace ariadne::store {

class FaultInjectingDatabase final : public Database {
 public:
  explicit FaultInjectingDatabase(Database& inner) : inner_(inner) {}

  // The write_number-th execute() or insert_rows() from now fails (1 = the next one); 0 disarms.
  void fail_write(int write_number) { countdown_ = write_number; }
  // How many execute() and insert_rows() calls and commits went through so far.
  int writes() const { return writes_; }
  int commits() const { return commits_; }

  Dialect dialect() const override { return inner_.dialect(); }
  std::string describe() const override { return "fault-injecting " + inner_.describe(); }
  Result<Rows> query(std::string_view sql, const Params& params) override { return inner_.query(sql, params); }
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
  Status commit() override {
    ++commits_;
    return inner_.commit();
  }
  Status rollback() override { return inner_.rollback(); }

 private:
  Database& inner_;
  std::atomic<int> countdown_{0};
  std::atomic<int> writes_{0};
  std::atomic<int> commits_{0};
};

}  // namespace ariadne::store
