// SQLite backend: one connection in WAL mode with foreign keys, a busy timeout
// and synchronous=FULL, so a committed write survives a crash or power loss.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace ariadne::store {

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path);

}  // namespace ariadne::store
