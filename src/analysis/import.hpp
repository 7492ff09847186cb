// Importing case packages from JSON Lines (`ariadne import contribution FILE
// --member CODE`): one package per line, each validated as POST
// /contributions validates it and stored all or nothing. A bad package is
// reported with its line number and every problem in it, and nothing of it
// is stored; the others are. Packages are written in batches, one
// transaction each, for speed; a line may be as long as a package may be
// (kMaxPackageBytes), so memory stays bounded whatever the file's size.
//
// Thread-safety: may run beside other writers; each batch holds the store's
// write transaction for its duration only.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "analysis/package.hpp"
#include "common/line_error.hpp"
#include "common/result.hpp"
#include "common/time.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

struct ContributionImportProgress {
  std::size_t bytes_read = 0;
  std::size_t packages = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t mentions = 0;  // entities and events of the accepted packages
  std::size_t warnings = 0;  // identifiers of the accepted packages kept as given
};

struct ContributionImportOptions {
  std::size_t batch_size = 200;  // packages a transaction, 1 to 10,000
  Date today = today_utc();      // dates after it are refused
  std::function<void(const LineError&)> on_error;
  std::function<void(const LineError&)> on_warning;  // an identifier kept as given, of an accepted package
  std::function<void(const ContributionImportProgress&)> on_progress;  // after each batch
};

// Writes validated packages for every import: in batches of `batch_size`,
// one transaction each, for speed; when a package of a batch is refused
// (not the store), each package of it again in a transaction of its own, so
// only that one is lost. Counts each package stored or refused in
// `progress` (not `packages`, which the reader counts) and says which
// through the package's own callbacks.
class PackageWriter {
 public:
  struct Outcome {
    std::function<void(const CasePackage&)> stored;  // e.g. to report its warnings
    std::function<void(const Error&)> refused;
  };
  PackageWriter(store::Database& db, const policy::Caller& caller, std::size_t batch_size,
                ContributionImportProgress& progress, std::function<void()> after_batch = {});
  // An Error only when the store failed (batches committed before stay committed).
  Status add(CasePackage package, Outcome outcome);
  Status flush();

 private:
  struct Pending {
    CasePackage package;
    Outcome outcome;
  };
  store::Database& db_;
  const policy::Caller& caller_;
  std::size_t batch_size_;
  ContributionImportProgress& progress_;
  std::function<void()> after_batch_;
  std::vector<Pending> batch_;
};

// An Error when nothing could run (an empty file, a role that may not
// contribute) or the store failed (batches committed before stay committed).
Result<ContributionImportProgress> import_contributions(store::Database& db, const policy::Caller& caller,
                                                        std::istream& in, const ContributionImportOptions& options);

}  // namespace ariadne::analysis
