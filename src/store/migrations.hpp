// Versioned schema migrations. Each module owns its tables and contributes an
// ordered list of migrations under its own name; migrate() applies the ones a
// database has not seen yet, each in its own transaction.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace ariadne::store {

struct Migration {
  std::string module;  // owner of the tables, e.g. "policy"
  int version;         // 1, 2, … within the module
  std::string sql;     // portable SQL with dialect tokens (dialect.hpp)
};

// The store's own tables: change log and audit chain.
std::vector<Migration> store_migrations();

// Applies every migration not yet recorded; returns how many ran.
Result<int> migrate(Database& db, const std::vector<Migration>& migrations);
// Whether some migration of `module` was applied (false too on a database
// never migrated, whose record of migrations cannot be read).
bool module_migrated(Database& db, const std::string& module);

}  // namespace ariadne::store
