// SQLite backend: one writing connection in WAL mode with foreign keys, a busy
// timeout and synchronous=FULL, so a committed write survives a crash or power
// loss; reads outside a transaction run on pooled read-only connections, which
// see the last commit and never wait for the writer.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace ariadne::store {

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path);

}  // namespace ariadne::store
