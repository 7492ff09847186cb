// The one write path of an indexed record: the change-log row (so indexes
// and other instances follow the store) and the audit entry (so the change is
// accounted for), appended together inside the caller's transaction, the
// change first. Modules call this instead of pairing the two by hand.
// Thread-safety: as the Database it is given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/audit.hpp"
#include "store/change_log.hpp"

namespace ariadne::store {

// A write to one record of `table`: op is insert | update | delete.
struct Write {
  std::string_view table;
  std::string_view record_id;
  std::string_view op;
};

// Appends the change and then the audit entry; internal outside a transaction.
Status record_write(Database& db, const Write& change, const AuditRecord& audit);

// The same for many records written at once (bulk registration): one change
// per record, then one audit entry for them all. Nothing when ids is empty.
Status record_writes(Database& db, std::string_view table, const std::vector<std::string>& record_ids,
                     std::string_view op, const AuditRecord& audit);

}  // namespace ariadne::store
