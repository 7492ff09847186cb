// Append-only change log: every insert, update and delete of an indexed
// record appends (sequence, table, record id, operation) in the same
// transaction as the change, so in-memory indexes (and other server
// instances) can follow the store by reading what came after their last seq.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace ariadne::store {

struct Change {
  std::int64_t seq = 0;
  std::string at;
  std::string table;
  std::string record_id;
  std::string op;  // insert | update | delete
};

Status append_change(Database& db, std::string_view table, std::string_view record_id, std::string_view op);
// The same for many records at once (bulk registration): multi-row inserts.
Status append_changes(Database& db, std::string_view table, const std::vector<std::string>& record_ids,
                      std::string_view op);

// "(?, ?, ?), (?, ?, ?)": the VALUES list of a multi-row insert. Statements
// are cached by text, so callers use a few fixed row counts (see
// multi_row_chunk) rather than one text per batch size.
std::string values_rows(std::size_t rows, std::size_t columns);
// The largest power of two ≤ min(remaining, 64): the rows of the next insert.
std::size_t multi_row_chunk(std::size_t remaining);
Result<std::vector<Change>> changes_since(Database& db, std::int64_t after_seq, int limit = 10000);
Result<std::int64_t> last_change_seq(Database& db);
// The distinct numeric record ids the changes name in `table`; internal when
// one is not a number (the log is written only by the store's own modules).
Result<std::set<std::int64_t>> changed_ids(const std::vector<Change>& changes, std::string_view table);

}  // namespace ariadne::store
