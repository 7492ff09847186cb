#include "store/migrations.hpp"

#include "store/dialect.hpp"

namespace ariadne::store {

std::vector<Migration> store_migrations() {
  return {
      {"store", 1, R"sql(
CREATE TABLE change_log (
  seq {{id}},
  at TEXT NOT NULL DEFAULT ({{now}}),
  table_name TEXT NOT NULL,
  record_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert','update','delete'))
);
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  member TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
)sql"},
      // Signed checkpoints of the audit chain (audit_anchor.hpp) and the
      // chain's random identity they name, made with the first checkpoint.
      {"store", 2, R"sql(
CREATE TABLE audit_chain (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  chain TEXT NOT NULL
);
CREATE TABLE audit_checkpoints (
  id {{id}},
  chain TEXT NOT NULL,
  seq BIGINT NOT NULL,
  head TEXT NOT NULL,
  at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  sig TEXT NOT NULL
);
)sql"},
  };
}

bool module_migrated(Database& db, const std::string& module) {
  auto seen = db.query("SELECT 1 FROM schema_migrations WHERE module = ?", {module});
  return seen && !seen->empty();
}

Result<int> migrate(Database& db, const std::vector<Migration>& migrations) {
  ARIADNE_TRY(
      db.execute_script("CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, "
                        "applied_at TEXT NOT NULL, PRIMARY KEY (module, version))"));
  int applied = 0;
  for (const auto& m : migrations) {
    ARIADNE_ASSIGN(auto seen, db.query("SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?",
                                       {m.module, static_cast<std::int64_t>(m.version)}));
    if (!seen.empty()) continue;
    ARIADNE_TRY(db.transaction([&]() -> Status {
      ARIADNE_TRY(db.execute_script(expand_dialect(db.dialect(), m.sql)));
      ARIADNE_TRY(db.execute(expand_dialect(db.dialect(),
                                            "INSERT INTO schema_migrations (module, version, applied_at) "
                                            "VALUES (?, ?, {{now}})"),
                             {m.module, static_cast<std::int64_t>(m.version)}));
      return {};
    }));
    ++applied;
  }
  return applied;
}

}  // namespace ariadne::store
