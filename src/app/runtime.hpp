// Everything a running server holds besides HTTP: the database, opened and
// brought up to date; the document and screening indexes and the analysis
// file's resolved people and its link graph, built from the store and kept current from its
// change log by their followers; and the
// periodic jobs (expiries and reminders, audit checkpoints, login denial
// windows). `server::serve` puts HTTP in front of one.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "policy/accounts.hpp"
#include "store/database.hpp"

namespace ariadne::sltd {
class DocumentIndex;
class CheckTally;
}  // namespace ariadne::sltd
namespace ariadne::screen {
class ScreeningIndex;
}
namespace ariadne::analysis {
class People;
class LinkGraph;
}  // namespace ariadne::analysis

namespace ariadne::app {

class AuditCheckpoints;

struct RuntimeConfig {
  std::string db_url;
  std::chrono::seconds remind_interval{3600};   // how often expiries and reminders run (app/jobs.hpp)
  std::chrono::seconds hit_overdue{24 * 3600};  // a hit pending this long is overdue
  std::string audit_key;                        // checkpoint signing key file; none: no checkpoints
  std::chrono::seconds audit_checkpoint_interval{300};
  std::string audit_anchor_out;                    // anchor file the checkpoints are appended to
  std::chrono::milliseconds follow_interval{150};  // how often the indexes read the change log
};

class Runtime {
 public:
  // event ("index", "audit", …) and what happened; called from any thread.
  using Log = std::function<void(const std::string& event, const std::string& detail)>;

  // Opens, checks and migrates the database, builds the indexes, starts
  // their followers and the jobs. Fails, having started nothing that still
  // runs, on a database that cannot be opened, is read-only, was never
  // initialised or cannot be migrated, and on an audit key that cannot be used.
  // Threads started here inherit the caller's signal mask.
  static Result<std::unique_ptr<Runtime>> start(const RuntimeConfig& config, Log log);
  // Stops the jobs (a last audit checkpoint and denial window are written),
  // then the followers, then closes the database.
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  store::Database& db() { return *db_; }
  sltd::DocumentIndex& documents() { return *documents_; }
  screen::ScreeningIndex& screening() { return *screening_; }
  analysis::People& people() { return *people_; }
  analysis::LinkGraph& links() { return *links_; }
  policy::LoginLimiter& limiter() { return limiter_; }
  AuditCheckpoints* checkpoints() { return checkpoints_.get(); }  // null without an audit key
  // Checks counted by member and minute, written every few seconds and at the end.
  sltd::CheckTally& check_tally() { return *check_tally_; }

 private:
  struct Jobs;
  Runtime() = default;

  std::unique_ptr<store::Database> db_;
  policy::LoginLimiter limiter_;
  std::unique_ptr<sltd::DocumentIndex> documents_;
  std::unique_ptr<screen::ScreeningIndex> screening_;
  std::unique_ptr<analysis::People> people_;
  std::unique_ptr<analysis::LinkGraph> links_;  // built on the people
  std::unique_ptr<AuditCheckpoints> checkpoints_;
  std::unique_ptr<sltd::CheckTally> check_tally_;
  std::unique_ptr<Jobs> jobs_;  // followers and periodic jobs: stopped first
};

}  // namespace ariadne::app
