#include "store/fault_injection.hpp"

#include <sqlite3.h>

#include <cctype>

#include "store/sqlite_database.hpp"

namespace ariadne::store {

Error fault_error(Fault fault) {
  const int rc = fault == Fault::disk_full ? SQLITE_FULL
                 : fault == Fault::fsync   ? SQLITE_IOERR_FSYNC
                                           : SQLITE_IOERR_WRITE;
  return sqlite_error(rc, sqlite3_errstr(rc), {});
}

bool statement_writes(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  }
  return word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "REPLACE";
}

void FaultInjectingDatabase::inject(Fault fault, int nth, FaultPoint point) {
  fault_ = fault;
  point_ = point;
  fired_ = false;
  countdown_ = nth;
}

std::optional<Error> FaultInjectingDatabase::strike(FaultPoint point) {
  ++(point == FaultPoint::commit ? commits_ : writes_);
  const FaultPoint armed = point_;
  if (armed != FaultPoint::write_or_commit && armed != point) return std::nullopt;
  if (countdown_ > 0 && --countdown_ == 0) {
    fired_ = true;
    return fault_error(fault_);
  }
  return std::nullopt;
}

Result<Rows> FaultInjectingDatabase::query(std::string_view sql, const Params& params) {
  if (statement_writes(sql)) {
    if (auto e = strike(FaultPoint::write)) return *e;
  }
  return inner_.query(sql, params);
}

Result<std::int64_t> FaultInjectingDatabase::execute(std::string_view sql, const Params& params) {
  if (auto e = strike(FaultPoint::write)) return *e;
  return inner_.execute(sql, params);
}

Result<std::vector<std::int64_t>> FaultInjectingDatabase::insert_rows(std::string_view sql, std::size_t columns,
                                                                      const std::vector<TextParam>& params) {
  if (auto e = strike(FaultPoint::write)) return *e;
  return inner_.insert_rows(sql, columns, params);
}

Status FaultInjectingDatabase::commit() {
  if (auto e = strike(FaultPoint::commit)) return *e;
  return inner_.commit();
}

}  // namespace ariadne::store
