// The whole schema: every module's migrations in dependency order.
#pragma once

#include <vector>

#include "store/migrations.hpp"

namespace ariadne::server {

std::vector<store::Migration> all_migrations();
// invalid_input when `ariadne init` has not been run on this database.
Status require_initialised(store::Database& db);

}  // namespace ariadne::server
