#include "store/write.hpp"

namespace ariadne::store {

Status record_write(Database& db, const Write& change, const AuditRecord& audit) {
  ARIADNE_TRY(append_change(db, change.table, change.record_id, change.op));
  ARIADNE_TRY(audit_append(db, audit));
  return {};
}

Status record_writes(Database& db, std::string_view table, const std::vector<std::string>& record_ids,
                     std::string_view op, const AuditRecord& audit) {
  if (record_ids.empty()) return {};
  ARIADNE_TRY(append_changes(db, table, record_ids, op));
  ARIADNE_TRY(audit_append(db, audit));
  return {};
}

}  // namespace ariadne::store
