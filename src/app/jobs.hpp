// The periodic jobs `ariadne serve` runs (and `ariadne remind` runs once,
// from cron): notices past their expiry become expired, owners of document
// records due for review and of notices six months from expiry are reminded.
// Each reminder is sent once per record and date, so running the job often,
// or from several servers, repeats nothing.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/periodic.hpp"
#include "common/result.hpp"
#include "common/time.hpp"
#include "policy/accounts.hpp"
#include "store/audit_anchor.hpp"
#include "store/database.hpp"

namespace ariadne::app {

struct ReminderCounts {
  int expired_notices = 0;
  int document_reviews = 0;  // document records whose owners were reminded
  int notice_expiries = 0;   // notices whose owners were reminded
  int overdue_hits = 0;      // hits pending longer than hit_overdue whose owners were reminded
};

// A hit left pending this long is overdue.
inline constexpr std::chrono::seconds kDefaultHitOverdue{24 * 3600};
// The time before which a pending hit is overdue (ISO, UTC, milliseconds, as hits store it).
std::string overdue_cutoff(std::chrono::seconds hit_overdue);

Result<ReminderCounts> run_reminders(store::Database& db, const Date& today,
                                     std::chrono::seconds hit_overdue = kDefaultHitOverdue);
nlohmann::json to_json(const ReminderCounts& c);

// Signed checkpoints of the audit chain while `ariadne serve` runs (with
// --audit-key): every interval when the chain moved, on demand, and once at
// shutdown; each stored and appended to the anchor file when one is given.
// Thread-safe: checkpoints are written in one transaction each.
class AuditCheckpoints {
 public:
  using Log = std::function<void(const std::string&)>;
  // Loads the key and checks the anchor file can be appended to, so a bad
  // key or path stops the server before it listens.
  static Result<std::unique_ptr<AuditCheckpoints>> start(store::Database& db, const std::string& key_path,
                                                         const std::string& anchor_out, std::chrono::seconds interval,
                                                         Log log);
  ~AuditCheckpoints();  // stops the job, then signs a last checkpoint when the chain moved
  AuditCheckpoints(const AuditCheckpoints&) = delete;
  AuditCheckpoints& operator=(const AuditCheckpoints&) = delete;

  // nullopt when only_when_new and the newest checkpoint already covers the head.
  Result<std::optional<store::AuditCheckpoint>> checkpoint(bool only_when_new);

 private:
  AuditCheckpoints(store::Database& db, store::AuditKey key, std::string anchor_out, Log log);
  void run_and_log();

  store::Database& db_;
  const store::AuditKey key_;
  const std::string anchor_out_;
  const Log log_;
  std::unique_ptr<Periodic> periodic_;
};

// Writes the login limiter's ended denial windows to the audit chain every
// interval, and when destroyed ends the open windows and writes them too: no
// count waits for a later login, and none is lost at a clean shutdown.
// Windows that could not be written stay in the limiter for the next run.
class DenialAudit {
 public:
  using Log = std::function<void(const std::string&)>;
  DenialAudit(store::Database& db, policy::LoginLimiter& limiter, std::chrono::milliseconds interval, Log log);
  ~DenialAudit();
  DenialAudit(const DenialAudit&) = delete;
  DenialAudit& operator=(const DenialAudit&) = delete;

 private:
  void run_and_log();

  store::Database& db_;
  policy::LoginLimiter& limiter_;
  const Log log_;
  std::unique_ptr<Periodic> periodic_;
};

}  // namespace ariadne::app
