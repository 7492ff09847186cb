#include "store/sqlite_database.hpp"

#include <sqlite3.h>

#include <mutex>
#include <unordered_map>

namespace ariadne::store {
namespace {

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDatabase() override {
    for (auto& [_, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    ARIADNE_TRY(for_each(sql, params, [&rows](const Row& r) {
      rows.push_back(r);
      return true;
    }));
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, const Params& params) override {
    std::lock_guard guard(mutex_);
    ARIADNE_ASSIGN(sqlite3_stmt * stmt, prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return failure(rc, sql);
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }

  Status for_each(std::string_view sql, const Params& params, const std::function<bool(const Row&)>& on_row) override {
    std::lock_guard guard(mutex_);
    ARIADNE_ASSIGN(sqlite3_stmt * stmt, prepare(sql, params));
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() { sqlite3_reset(s); }
    } reset{stmt};
    int columns = sqlite3_column_count(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int i = 0; i < columns; ++i) values.push_back(column(stmt, i));
      if (!on_row(Row(std::move(values)))) return {};
    }
    if (rc != SQLITE_DONE) return failure(rc, sql);
    return {};
  }

  Result<std::vector<std::int64_t>> insert_rows(std::string_view sql, std::size_t columns,
                                                const std::vector<TextParam>& params) override {
    std::lock_guard guard(mutex_);
    if (columns == 0 || params.size() % columns != 0) {
      return Error::internal("insert_rows: " + std::to_string(params.size()) + " values are not rows of " +
                             std::to_string(columns));
    }
    ARIADNE_ASSIGN(sqlite3_stmt * stmt, prepare(sql, {}, columns));
    std::vector<std::int64_t> ids;
    ids.reserve(params.size() / columns);
    for (std::size_t row = 0; row < params.size(); row += columns) {
      for (std::size_t i = 0; i < columns; ++i) {
        const auto& v = params[row + i];
        int idx = static_cast<int>(i) + 1;
        int rc = v ? sqlite3_bind_text(stmt, idx, v->data(), static_cast<int>(v->size()), SQLITE_STATIC)
                   : sqlite3_bind_null(stmt, idx);
        if (rc != SQLITE_OK) return failure(rc, sql);
      }
      int rc;
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      sqlite3_reset(stmt);
      if (rc != SQLITE_DONE) return failure(rc, sql);
      ids.push_back(sqlite3_changes(db_) > 0 ? static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_)) : 0);
    }
    return ids;
  }

  Status execute_script(std::string_view sql) override {
    std::lock_guard guard(mutex_);
    char* message = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string why = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return Error::internal("database script failed: " + why);
    }
    return {};
  }

 protected:
  void lock() override { mutex_.lock(); }
  void unlock() override { mutex_.unlock(); }
  // IMMEDIATE takes the write lock up front, so two writers never deadlock
  // upgrading read locks; other processes wait up to the busy timeout.
  Status begin() override { return simple("BEGIN IMMEDIATE"); }
  Status commit() override { return simple("COMMIT"); }
  Status rollback() override { return simple("ROLLBACK"); }

 private:
  Status simple(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return failure(rc, sql);
    return {};
  }

  Error failure(int rc, std::string_view sql) const {
    int base = rc & 0xff;
    std::string detail = sqlite3_errmsg(db_);
    if (base == SQLITE_CONSTRAINT) return Error::conflict("the change conflicts with a stored record: " + detail);
    if (base == SQLITE_BUSY || base == SQLITE_LOCKED) {
      return Error{ErrorCode::unavailable, "the database is busy; try again", {}};
    }
    return Error::internal("database error (" + detail + ") in: " + std::string(sql.substr(0, 120)));
  }

  // Binds without copying (SQLITE_STATIC): every caller steps and resets the
  // statement while `params` is alive, and the next use rebinds first.
  // `expected` parameters when given (insert_rows binds its own), else those of `params`.
  Result<sqlite3_stmt*> prepare(std::string_view sql, const Params& params, std::size_t expected = 0) {
    sqlite3_stmt* stmt = nullptr;
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      int rc =
          sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return failure(rc, sql);
      cache_.emplace(std::string(sql), stmt);
    }
    sqlite3_clear_bindings(stmt);
    const std::size_t given = expected > 0 ? expected : params.size();
    if (static_cast<int>(given) != sqlite3_bind_parameter_count(stmt)) {
      return Error::internal("statement expects " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                             " parameters, got " + std::to_string(given));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(stmt, idx);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              return sqlite3_bind_int64(stmt, idx, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, idx, v);
            } else {
              return sqlite3_bind_text(stmt, idx, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return failure(rc, sql);
    }
    return stmt;
  }

  static Value column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
      case SQLITE_NULL: return nullptr;
      default: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
      }
    }
  }

  sqlite3* db_;
  std::string path_;
  std::recursive_mutex mutex_;
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;  // guarded by mutex_
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Error{ErrorCode::unavailable, "cannot open database " + path + ": " + why, {}};
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  auto owned = std::make_unique<SqliteDatabase>(db, path);
  // journal_mode answers with a row; read it to be sure WAL took effect.
  auto mode = owned->query("PRAGMA journal_mode=WAL", {});
  if (!mode) return mode.take_error();
  if (mode->empty() || mode->front().text(0) != "wal") {
    return Error{ErrorCode::unavailable, "cannot switch " + path + " to WAL mode", {}};
  }
  ARIADNE_TRY(owned->execute_script("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"));
  return std::unique_ptr<Database>(std::move(owned));
}

}  // namespace ariadne::store
