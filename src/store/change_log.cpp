#include "store/change_log.hpp"

#include <stdexcept>

namespace ariadne::store {

Status append_change(Database& db, std::string_view table, std::string_view record_id, std::string_view op) {
  if (!db.in_transaction()) return Error::internal("append_change outside a transaction");
  ARIADNE_TRY(db.execute("INSERT INTO change_log (table_name, record_id, op) VALUES (?, ?, ?)",
                         {std::string(table), std::string(record_id), std::string(op)}));
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
