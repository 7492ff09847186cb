#include "app/jobs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "notices/notices.hpp"
#include "sltd/hits.hpp"
#include "sltd/reminders.hpp"

namespace ariadne::app {

std::string overdue_cutoff(std::chrono::seconds hit_overdue) {
  return iso_time_ms(unix_now() - hit_overdue.count());
}

Result<ReminderCounts> run_reminders(store::Database& db, const Date& today, std::chrono::seconds hit_overdue) {
  ReminderCounts c;
  ARIADNE_ASSIGN(c.expired_notices, notices::expire_due(db));
  ARIADNE_ASSIGN(c.document_reviews, sltd::remind_reviews(db, today));
  ARIADNE_ASSIGN(c.notice_expiries, notices::remind_expiries(db, today));
  ARIADNE_ASSIGN(c.overdue_hits, sltd::remind_overdue_hits(db, overdue_cutoff(hit_overdue)));
  return c;
}

nlohmann::json to_json(const ReminderCounts& c) {
  return {{"expired_notices", c.expired_notices},
          {"document_reviews", c.document_reviews},
          {"notice_expiries", c.notice_expiries},
          {"overdue_hits", c.overdue_hits}};
}

Result<std::unique_ptr<AuditCheckpoints>> AuditCheckpoints::start(store::Database& db, const std::string& key_path,
                                                                  const std::string& anchor_out,
                                                                  std::chrono::seconds interval, Log log) {
  ARIADNE_ASSIGN(auto key, store::load_audit_key(key_path));
  if (!anchor_out.empty()) {
    int fd = ::open(anchor_out.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return Error::invalid("audit-anchor-out", "cannot append to " + anchor_out + ": " + std::strerror(errno));
    ::close(fd);
  }
  std::unique_ptr<AuditCheckpoints> job(new AuditCheckpoints(db, std::move(key), anchor_out, std::move(log)));
  job->periodic_ = std::make_unique<Periodic>(interval, [j = job.get()] { j->run_and_log(); });
  return job;
}

AuditCheckpoints::AuditCheckpoints(store::Database& db, store::AuditKey key, std::string anchor_out, Log log)
    : db_(db), key_(std::move(key)), anchor_out_(std::move(anchor_out)), log_(std::move(log)) {}

AuditCheckpoints::~AuditCheckpoints() {
  periodic_.reset();
  run_and_log();  // entries written since the last run are anchored too
}

Result<std::optional<store::AuditCheckpoint>> AuditCheckpoints::checkpoint(bool only_when_new) {
  return store::audit_checkpoint(db_, key_, {anchor_out_, only_when_new});
}

void AuditCheckpoints::run_and_log() {
  auto made = checkpoint(true);
  if (!made) {
    log_("checkpoint failed: " + made.error().message);
  } else if (*made) {
    log_("checkpoint of entry " + std::to_string((*made)->seq) + " signed by key " + (*made)->key);
  }
}

DenialAudit::DenialAudit(store::Database& db, policy::LoginLimiter& limiter, std::chrono::milliseconds interval,
                         Log log)
    : db_(db), limiter_(limiter), log_(std::move(log)) {
  periodic_ = std::make_unique<Periodic>(interval, [this] { run_and_log(); });
}

DenialAudit::~DenialAudit() {
  periodic_.reset();
  limiter_.end_denial_windows();
  run_and_log();
}

void DenialAudit::run_and_log() {
  if (auto written = policy::audit_ended_denials(db_, limiter_); !written) {
    log_("login denials not written (kept for the next run): " + written.error().message);
  }
}

}  // namespace ariadne::app
