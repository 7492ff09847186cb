#include "store/database.hpp"

#include "store/sqlite_database.hpp"

namespace ariadne::store {

std::int64_t Row::integer(std::size_t i) const {
  const auto& v = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

double Row::real(std::size_t i) const {
  const auto& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) return std::stod(*s);
  return 0;
}

std::string Row::text(std::size_t i) const {
  const auto& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<std::int64_t> Row::opt_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

bool Database::in_transaction() const {
  return holder_.load(std::memory_order_acquire) == std::this_thread::get_id();
}

Status Database::transaction(const std::function<Status()>& fn) {
  lock();
  struct Unlock {
    Database* db;
    ~Unlock() { db->unlock(); }
  } unlock_guard{this};
  if (depth_ > 0) {  // join the outer transaction
    ++depth_;
    Status s;
    try {
      s = fn();
    } catch (...) {
      --depth_;
      throw;
    }
    --depth_;
    return s;
  }
  ARIADNE_TRY(begin());
  depth_ = 1;
  holder_.store(std::this_thread::get_id(), std::memory_order_release);
  Status result;
  try {
    result = fn();
  } catch (const std::exception& e) {
    result = Error::internal(std::string("unexpected failure in a transaction: ") + e.what());
  } catch (...) {  // whatever was thrown, the transaction ends and the writer is free again
    result = Error::internal("unexpected failure in a transaction");
  }
  depth_ = 0;
  holder_.store(std::thread::id{}, std::memory_order_release);
  if (!result) {
    (void)rollback();
    return result;
  }
  auto committed = commit();
  if (!committed) {
    (void)rollback();
    return committed;
  }
  return {};
}

Result<std::unique_ptr<Database>> open_database(const std::string& url) {
  if (url.empty()) return Error::invalid("db", "no database given (--db FILE)");
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return Error{
        ErrorCode::unsupported, "the PostgreSQL backend is not built into this version; use a SQLite file", {}};
  }
  return open_sqlite(url);
}

}  // namespace ariadne::store
