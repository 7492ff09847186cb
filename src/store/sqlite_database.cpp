#include "store/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "store/follower.hpp"

namespace ariadne::store {
namespace {

// One SQLite connection and its prepared statements. Not thread-safe: the
// database serialises the writer with its mutex and leases each reader to
// one thread at a time.
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    for (auto& [_, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }

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
      int rc = bind(stmt, static_cast<int>(i) + 1, params[i]);
      if (rc != SQLITE_OK) return failure(rc, sql);
    }
    return stmt;
  }

  Status for_each(std::string_view sql, const Params& params, const std::function<bool(const Row&)>& on_row) {
    ARIADNE_ASSIGN(sqlite3_stmt * stmt, prepare(sql, params));
    return step_rows(stmt, sql, on_row);
  }

  Status step_rows(sqlite3_stmt* stmt, std::string_view sql, const std::function<bool(const Row&)>& on_row) {
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

  Error failure(int rc, std::string_view sql) const { return sqlite_error(rc, sqlite3_errmsg(db_), sql); }

 private:
  static int bind(sqlite3_stmt* stmt, int idx, const Value& value) {
    return std::visit(
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
        value);
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
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
};

}  // namespace

Error sqlite_error(int rc, const std::string& detail, std::string_view sql) {
  auto unavailable = [](std::string why) { return Error{ErrorCode::unavailable, std::move(why), {}}; };
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return Error::conflict("the change conflicts with a stored record: " + detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return unavailable("the database is busy; try again");
    case SQLITE_FULL: return unavailable("the database cannot be written: disk full (" + detail + ")");
    case SQLITE_READONLY: return unavailable("the database cannot be written: it is read-only (" + detail + ")");
    case SQLITE_IOERR:
      if (rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_DIR_FSYNC) {
        return unavailable("the database could not make the change durable: I/O error on sync (" + detail + ")");
      }
      return unavailable("the database cannot be read or written: I/O error (" + detail + ")");
    default: return Error::internal("database error (" + detail + ") in: " + std::string(sql.substr(0, 120)));
  }
}

namespace {

Result<sqlite3*> open_connection(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Error{ErrorCode::unavailable, "cannot open database " + path + ": " + why, {}};
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  return db;
}

// A SELECT (or WITH … SELECT): the statements a reader may run. PRAGMAs and
// anything that writes stay on the writer, whose settings they read or change.
bool reads_only(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  auto starts = [&](std::string_view word) {
    if (sql.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
      if (std::toupper(static_cast<unsigned char>(sql[i + k])) != word[k]) return false;
    }
    return true;
  };
  return starts("SELECT") || starts("WITH");
}

// Settings scoped to a write of many rows, set back after it. A group's
// pages stay in memory until its commit (page cache raised to 256 MiB). The
// WAL is checkpointed once it holds 256 MiB rather than 4 MiB, and once at
// the end: random document numbers dirty most pages of the number index in
// every group, and a checkpoint after each group would copy them into the
// database (and sync it) once per group. Commits still sync the WAL, so a
// committed group is as durable as before.
class SqliteBulkWriteScope final : public BulkWriteScope {
 public:
  static constexpr std::int64_t kCachePages = -262144;     // KiB, as PRAGMA cache_size counts a negative size
  static constexpr std::int64_t kCheckpointPages = 65536;  // 256 MiB of 4 KiB pages

  explicit SqliteBulkWriteScope(Database& db) : db_(db) {
    cache_ = change("cache_size", kCachePages);
    autocheckpoint_ = change("wal_autocheckpoint", kCheckpointPages);
  }
  ~SqliteBulkWriteScope() override {
    if (cache_) (void)db_.execute_script("PRAGMA cache_size=" + std::to_string(*cache_));
    if (!autocheckpoint_) return;
    (void)db_.execute_script("PRAGMA wal_autocheckpoint=" + std::to_string(*autocheckpoint_));
    (void)db_.execute_script("PRAGMA wal_checkpoint(PASSIVE)");  // what the groups left in the WAL
  }
  SqliteBulkWriteScope(const SqliteBulkWriteScope&) = delete;
  SqliteBulkWriteScope& operator=(const SqliteBulkWriteScope&) = delete;

 private:
  // The previous value, or nullopt when it could not be read or changed.
  std::optional<std::int64_t> change(const std::string& pragma, std::int64_t value) {
    auto now = db_.query("PRAGMA " + pragma);
    if (!now || now->empty()) return std::nullopt;
    if (!db_.execute_script("PRAGMA " + pragma + "=" + std::to_string(value))) return std::nullopt;
    return now->front().integer(0);
  }

  Database& db_;
  std::optional<std::int64_t> cache_;
  std::optional<std::int64_t> autocheckpoint_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : writer_(db), path_(std::move(path)) {}

  Dialect dialect() const override { return Dialect::sqlite; }
  std::string describe() const override { return "sqlite:" + path_; }
  // SQLite opens a file it may not write read-only, without an error.
  bool read_only() const override { return sqlite3_db_readonly(writer_.handle(), "main") == 1; }
  std::unique_ptr<BulkWriteScope> tune_for_bulk_writes() override {
    return std::make_unique<SqliteBulkWriteScope>(*this);
  }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    ARIADNE_TRY(for_each(sql, params, [&rows](const Row& r) {
      rows.push_back(r);
      return true;
    }));
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, const Params& params) override {
    Held held(*this);
    ARIADNE_TRY(transaction_alive());
    ARIADNE_ASSIGN(sqlite3_stmt * stmt, writer_.prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return writer_.failure(rc, sql);
    return static_cast<std::int64_t>(sqlite3_changes(writer_.handle()));
  }

  // Reads outside a transaction go to a reader of their own: in WAL mode it
  // sees the last committed state and never waits for the writer, so a
  // commit stalled on fsync does not stall every request that authenticates.
  Status for_each(std::string_view sql, const Params& params, const std::function<bool(const Row&)>& on_row) override {
    // A thread holding the writer (in a transaction, or reading again from a
    // writer's callback) reads there, its own uncommitted writes included.
    if (reads_only(sql) && writer_owner_.load(std::memory_order_acquire) != std::this_thread::get_id()) {
      if (auto reader = lease()) {
        Lease leased{this, std::move(reader)};
        ARIADNE_ASSIGN(sqlite3_stmt * stmt, leased.connection->prepare(sql, params));
        if (sqlite3_stmt_readonly(stmt)) return leased.connection->step_rows(stmt, sql, on_row);
      }
    }
    Held held(*this);
    ARIADNE_TRY(transaction_alive());
    return writer_.for_each(sql, params, on_row);
  }

  Result<std::vector<std::int64_t>> insert_rows(std::string_view sql, std::size_t columns,
                                                const std::vector<TextParam>& params) override {
    Held held(*this);
    ARIADNE_TRY(transaction_alive());
    if (columns == 0 || params.size() % columns != 0) {
      return Error::internal("insert_rows: " + std::to_string(params.size()) + " values are not rows of " +
                             std::to_string(columns));
    }
    ARIADNE_ASSIGN(sqlite3_stmt * stmt, writer_.prepare(sql, {}, columns));
    std::vector<std::int64_t> ids;
    ids.reserve(params.size() / columns);
    sqlite3* db = writer_.handle();
    for (std::size_t row = 0; row < params.size(); row += columns) {
      for (std::size_t i = 0; i < columns; ++i) {
        const auto& v = params[row + i];
        int idx = static_cast<int>(i) + 1;
        int rc = v ? sqlite3_bind_text(stmt, idx, v->data(), static_cast<int>(v->size()), SQLITE_STATIC)
                   : sqlite3_bind_null(stmt, idx);
        if (rc != SQLITE_OK) return writer_.failure(rc, sql);
      }
      int rc;
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      sqlite3_reset(stmt);
      if (rc != SQLITE_DONE) return writer_.failure(rc, sql);
      ids.push_back(sqlite3_changes(db) > 0 ? static_cast<std::int64_t>(sqlite3_last_insert_rowid(db)) : 0);
    }
    return ids;
  }

  Status execute_script(std::string_view sql) override {
    Held held(*this);
    ARIADNE_TRY(transaction_alive());
    char* message = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(writer_.handle(), text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string why = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return sqlite_error(sqlite3_extended_errcode(writer_.handle()), why, "script: " + text);
    }
    return {};
  }

 protected:
  void lock() override {
    mutex_.lock();
    if (writer_depth_++ == 0) writer_owner_.store(std::this_thread::get_id(), std::memory_order_release);
  }
  void unlock() override {
    if (--writer_depth_ == 0) writer_owner_.store(std::thread::id{}, std::memory_order_release);
    mutex_.unlock();
  }
  // IMMEDIATE takes the write lock up front, so two writers never deadlock
  // upgrading read locks; other processes wait up to the busy timeout.
  Status begin() override { return simple("BEGIN IMMEDIATE"); }
  Status commit() override {
    if (sqlite3_get_autocommit(writer_.handle())) return rolled_back();
    return simple("COMMIT");
  }
  Status rollback() override { return simple("ROLLBACK"); }

 private:
  struct Held {
    explicit Held(SqliteDatabase& db) : db_(db) { db_.lock(); }
    ~Held() { db_.unlock(); }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;
    SqliteDatabase& db_;
  };

  // A reader on loan to one thread; returned to the pool when it goes.
  struct Lease {
    SqliteDatabase* owner;
    std::unique_ptr<Connection> connection;
    ~Lease() { owner->give_back(std::move(connection)); }
  };

  // An idle reader, or a new one: leasing never waits, so a reader's callback
  // may read again (or write) without deadlocking. Null when none can be
  // opened: the read then goes to the writer.
  std::unique_ptr<Connection> lease() {
    {
      std::lock_guard guard(pool_mutex_);
      if (!idle_.empty()) {
        auto reader = std::move(idle_.back());
        idle_.pop_back();
        return reader;
      }
    }
    auto opened = open_connection(path_, SQLITE_OPEN_READONLY);
    if (!opened) return nullptr;
    return std::make_unique<Connection>(*opened);
  }

  void give_back(std::unique_ptr<Connection> reader) {
    if (!reader) return;
    std::lock_guard guard(pool_mutex_);
    if (idle_.size() < kMaxIdleReaders) idle_.push_back(std::move(reader));
  }

  // SQLite rolls a whole transaction back on some failures (a full disk, an
  // I/O error): a statement after that would run, and commit, on its own, so
  // a caller that took the failure for a rejected entry and went on would
  // store half a transaction.
  Status transaction_alive() const {
    if (in_transaction() && sqlite3_get_autocommit(writer_.handle())) return rolled_back();
    return {};
  }
  static Error rolled_back() {
    return Error{ErrorCode::unavailable,
                 "the database rolled the transaction back after a failure (disk full or an I/O error); nothing of "
                 "it is stored",
                 {}};
  }

  Status simple(const char* sql) {
    int rc = sqlite3_exec(writer_.handle(), sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return writer_.failure(rc, sql);
    return {};
  }

  static constexpr std::size_t kMaxIdleReaders = 32;

  Connection writer_;  // guarded by mutex_; first: closes (and checkpoints) after every reader
  std::string path_;
  std::recursive_mutex mutex_;
  int writer_depth_ = 0;                         // guarded by mutex_
  std::atomic<std::thread::id> writer_owner_{};  // the thread holding mutex_, read without it
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by pool_mutex_
  // Last: stops before any connection closes.
  std::unique_ptr<Connection> checkpoint_connection_;
  std::unique_ptr<Follower> checkpointer_;

 public:
  // Checkpoints the WAL on a connection and a thread of their own, every
  // `interval`, rather than in whichever commit crosses SQLite's threshold:
  // copying the WAL into the database and syncing it can take hundreds of
  // milliseconds, which a request writing its audit entry would otherwise
  // wait for. A passive checkpoint neither waits for nor blocks the writer
  // and the readers; the last connection to close checkpoints what is left.
  // A checkpoint that fails (a full disk, an I/O error) is logged once, until
  // one succeeds again: meanwhile the WAL grows.
  Status checkpoint_in_background(std::chrono::milliseconds interval) {
    if (checkpointer_) return {};  // started once, at open
    ARIADNE_ASSIGN(sqlite3 * db, open_connection(path_, SQLITE_OPEN_READWRITE));
    checkpoint_connection_ = std::make_unique<Connection>(db);
    // A connection learns that the database is in WAL mode when it first reads it.
    ARIADNE_TRY(
        checkpoint_connection_->for_each("SELECT COUNT(*) FROM sqlite_master", {}, [](const Row&) { return true; }));
    ARIADNE_TRY(execute_script("PRAGMA wal_autocheckpoint=0"));
    checkpointer_ = std::make_unique<Follower>(
        "checkpointing " + path_,
        [db]() -> Status {
          // SQLITE_BUSY: another connection's checkpoint is running; the next one will do.
          const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
          if (rc == SQLITE_OK || rc == SQLITE_BUSY) return {};
          return Error{
              ErrorCode::unavailable, std::string("the write-ahead log is not copied: ") + sqlite3_errstr(rc), {}};
        },
        interval);
    return {};
  }
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path) {
  ARIADNE_ASSIGN(sqlite3 * db, open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  auto owned = std::make_unique<SqliteDatabase>(db, path);
  // journal_mode answers with a row; read it to be sure WAL took effect.
  auto mode = owned->query("PRAGMA journal_mode=WAL", {});
  if (!mode) return mode.take_error();
  if (mode->empty() || mode->front().text(0) != "wal") {
    return Error{ErrorCode::unavailable, "cannot switch " + path + " to WAL mode", {}};
  }
  ARIADNE_TRY(owned->execute_script("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"));
  if (!owned->read_only()) ARIADNE_TRY(owned->checkpoint_in_background(std::chrono::milliseconds(500)));
  return std::unique_ptr<Database>(std::move(owned));
}

}  // namespace ariadne::store
