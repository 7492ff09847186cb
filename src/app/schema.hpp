// The whole schema: every module's migrations in dependency order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::app {

std::vector<store::Migration> all_migrations();
// invalid_input when `ariadne init` has not been run on this database.
Status require_initialised(store::Database& db);
// Refuses a database `ariadne init` has not initialised, then brings its
// schema up to date.
Status prepare_schema(store::Database& db);
// Opens an initialised database and brings its schema up to date.
Result<std::unique_ptr<store::Database>> open_ready(const std::string& url);

}  // namespace ariadne::app
