#include "store/change_log.hpp"

#include <stdexcept>

namespace ariadne::store {

Status append_change(Database& db, std::string_view table, std::string_view record_id, std::string_view op) {
  if (!db.in_transaction()) return Error::internal("append_change outside a transaction");
  ARIADNE_TRY(db.execute("INSERT INTO change_log (table_name, record_id, op) VALUES (?, ?, ?)",
                         {std::string(table), std::string(record_id), std::string(op)}));
  return {};
}

std::string values_rows(std::size_t rows, std::size_t columns) {
  std::string one = "(";
  for (std::size_t c = 0; c < columns; ++c) one += c ? ", ?" : "?";
  one += ')';
  std::string out;
  out.reserve(rows * (one.size() + 2));
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) out += ", ";
    out += one;
  }
  return out;
}

std::size_t multi_row_chunk(std::size_t remaining) {
  std::size_t n = 64;
  while (n > remaining) n /= 2;
  return n;
}

Status append_changes(Database& db, std::string_view table, const std::vector<std::string>& record_ids,
                      std::string_view op) {
  if (!db.in_transaction()) return Error::internal("append_changes outside a transaction");
  std::vector<TextParam> params;
  for (std::size_t done = 0; done < record_ids.size();) {
    std::size_t n = multi_row_chunk(record_ids.size() - done);
    params.clear();
    for (std::size_t i = 0; i < n; ++i) {
      params.emplace_back(table);
      params.emplace_back(record_ids[done + i]);
      params.emplace_back(op);
    }
    // One multi-row statement: all its values are one row of insert_rows.
    ARIADNE_TRY(db.insert_rows("INSERT INTO change_log (table_name, record_id, op) VALUES " + values_rows(n, 3), n * 3,
                               params));
    done += n;
  }
  return {};
}

Result<std::vector<Change>> changes_since(Database& db, std::int64_t after_seq, int limit) {
  std::vector<Change> out;
  ARIADNE_TRY(
      db.for_each("SELECT seq, at, table_name, record_id, op FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?",
                  {after_seq, static_cast<std::int64_t>(limit)}, [&](const Row& r) {
                    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4)});
                    return true;
                  }));
  return out;
}

Result<std::int64_t> last_change_seq(Database& db) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT COALESCE(MAX(seq), 0) FROM change_log"));
  return rows.front().integer(0);
}

Result<std::set<std::int64_t>> changed_ids(const std::vector<Change>& changes, std::string_view table) {
  std::set<std::int64_t> ids;
  for (const auto& c : changes) {
    if (c.table != table) continue;
    try {
      ids.insert(std::stoll(c.record_id));
    } catch (const std::exception&) {
      return Error::internal("change " + std::to_string(c.seq) + " names a malformed record id");
    }
  }
  return ids;
}

}  // namespace ariadne::store
