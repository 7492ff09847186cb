// SQLite backend: one writing connection in WAL mode with foreign keys, a busy
// timeout and synchronous=FULL, so a committed write survives a crash or power
// loss; reads outside a transaction run on pooled read-only connections, which
// see the last commit and never wait for the writer.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace ariadne::store {

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path);

// The Error of a failed SQLite call: `rc` its (extended) result code, `detail`
// SQLite's message, `sql` the statement (named only in internal errors). A full
// disk, an I/O error and a read-only file are unavailable (503) with a message
// saying which, and never a file path: the store cannot write, but its callers
// did nothing wrong and reads may still work.
Error sqlite_error(int rc, const std::string& detail, std::string_view sql);

}  // namespace ariadne::store
