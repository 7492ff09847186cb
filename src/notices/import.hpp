// Importing notices from JSON Lines (`ariadne import notices FILE --member
// CODE`): one POST /notices body per line, validated exactly as the route
// validates it, written as drafts (or drafted and submitted) in batches. A
// batch commits in one transaction when every line of it is valid (and, when
// submitting, passes its colour's compliance checks); otherwise nothing of it
// is written and each bad line is reported with its number.
//
// Thread-safety: may run beside other writers; each batch holds the store's
// write transaction for its duration only.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "common/line_error.hpp"
#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::notices {

inline constexpr std::size_t kMaxNoticeLineBytes = std::size_t{256} * 1024;

using ImportLineError = LineError;

struct ImportProgress {
  std::size_t records = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
};

struct ImportOptions {
  std::size_t batch_size = 1000;  // 1 to 10,000
  bool submit = false;            // submit each draft after creating it
  std::function<void(const ImportLineError&)> on_error;
  std::function<void(const ImportProgress&)> on_progress;  // after each batch
};

struct ImportReport {
  std::size_t accepted = 0;
  std::size_t rejected = 0;  // bad lines and the good ones rolled back with their batch
  std::size_t batches = 0;
  std::size_t batches_rolled_back = 0;
  std::vector<std::int64_t> ids;  // the notices created, in file order
};

// An Error when nothing could run (no records, a role that may not write) or
// the store failed (batches committed before that stay committed).
Result<ImportReport> import_notices(store::Database& db, const policy::Caller& caller, std::istream& in,
                                    const ImportOptions& options);

}  // namespace ariadne::notices
