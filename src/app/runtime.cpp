#include "app/runtime.hpp"

#include "analysis/leads.hpp"
#include "analysis/link_graph.hpp"
#include "analysis/people.hpp"
#include "app/jobs.hpp"
#include "app/schema.hpp"
#include "common/periodic.hpp"
#include "common/time.hpp"
#include "screen/index.hpp"
#include "sltd/index.hpp"
#include "sltd/tally.hpp"
#include "store/follower.hpp"

namespace ariadne::app {

struct Runtime::Jobs {
  std::unique_ptr<sltd::IndexFollower> documents;
  std::unique_ptr<store::Follower> screening;
  std::unique_ptr<store::Follower> people;
  std::unique_ptr<Periodic> reminders;
  std::unique_ptr<DenialAudit> denials;
  std::unique_ptr<Periodic> check_counts;
};

namespace {

Result<std::unique_ptr<store::Database>> open_checked(const std::string& url) {
  ARIADNE_ASSIGN(auto db, store::open_database(url));
  if (db->read_only()) {  // every login and write would fail: say so before serving
    return Error{ErrorCode::unavailable,
                 url +
                     " is read-only for this process; the server writes sessions and audit entries, so it needs "
                     "write access to the file and its directory",
                 {}};
  }
  ARIADNE_TRY(prepare_schema(*db));
  return db;
}

}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::start(const RuntimeConfig& config, Log log) {
  std::unique_ptr<Runtime> rt(new Runtime());
  ARIADNE_ASSIGN(rt->db_, open_checked(config.db_url));
  store::Database& db = *rt->db_;

  // The document index: built from the store, then kept current from the change log.
  auto documents = sltd::DocumentIndex::build(db);
  if (!documents) return Error::internal("cannot build the document index: " + documents.error().message);
  rt->documents_ = std::move(documents).value();
  log("index", std::to_string(rt->documents_->size()) + " documents, " +
                   std::to_string(rt->documents_->notice_documents()) + " notice documents, " +
                   std::to_string(rt->documents_->memory_bytes()) + " bytes");

  // Signed checkpoints of the audit chain, kept outside the database too.
  if (config.audit_key.empty()) {
    log("audit", "no --audit-key: the audit chain is not checkpointed");
  } else {
    ARIADNE_ASSIGN(
        rt->checkpoints_,
        AuditCheckpoints::start(db, config.audit_key, config.audit_anchor_out, config.audit_checkpoint_interval,
                                [log](const std::string& detail) { log("audit", detail); }));
  }

  // The screening index: published notices' and diffusions' subject names.
  auto screening = screen::ScreeningIndex::build(db);
  if (!screening) return Error::internal("cannot build the screening index: " + screening.error().message);
  rt->screening_ = std::move(screening).value();
  log("screening", std::to_string(rt->screening_->size()) + " notices and diffusions");

  // The analysis file's people, resolved from scratch (ids as stored are
  // kept) while the server already answers: what needs them waits.
  rt->people_ = std::make_unique<analysis::People>();
  rt->people_->start(db, [log](const Result<analysis::PeopleSync>& done) {
    log("people", done ? analysis::to_json(*done).dump() : "cannot resolve the people yet: " + done.error().message);
  });
  rt->links_ = std::make_unique<analysis::LinkGraph>(*rt->people_);

  auto jobs = std::make_unique<Jobs>();
  jobs->documents = std::make_unique<sltd::IndexFollower>(db, *rt->documents_, config.follow_interval);
  jobs->screening = screen::follow_in_background(db, *rt->screening_, config.follow_interval);
  // Contributions stored by an import or another server are resolved as they arrive.
  jobs->people = std::make_unique<store::Follower>(
      "people",
      [&db, people = rt->people_.get(), log]() -> Status {
        ARIADNE_ASSIGN(auto done, people->sync(db));
        if (done.resolved > 0) log("people", analysis::to_json(done).dump());
        // Then the owners of cases that came to share something are told.
        ARIADNE_ASSIGN(const auto leads, analysis::raise_leads(db));
        if (leads.notifications > 0) log("leads", analysis::to_json(leads).dump());
        return {};
      },
      config.follow_interval);
  // Expiries and reminders: each is sent once per record and date, so a
  // restart or a second server repeats nothing.
  jobs->reminders = std::make_unique<Periodic>(config.remind_interval, [&db, log, overdue = config.hit_overdue] {
    auto done = run_reminders(db, today_utc(), overdue);
    if (!done) {
      log("reminders", "failed: " + done.error().message);
    } else if (done->expired_notices + done->document_reviews + done->notice_expiries + done->overdue_hits > 0) {
      log("reminders", to_json(*done).dump());
    }
  });
  jobs->denials = std::make_unique<DenialAudit>(db, rt->limiter_, std::chrono::minutes(1),
                                                [log](const std::string& detail) { log("audit", detail); });
  rt->check_tally_ = std::make_unique<sltd::CheckTally>();
  jobs->check_counts = std::make_unique<Periodic>(std::chrono::seconds(5), [&db, tally = rt->check_tally_.get(), log] {
    if (auto written = tally->flush(db); !written)
      log("checks", "counts kept for the next write: " + written.error().message);
  });
  rt->jobs_ = std::move(jobs);
  return rt;
}

Runtime::~Runtime() {
  // First: the followers and requests waiting for the people's first
  // resolution are then released at once rather than when it ends.
  if (people_) people_->stop();
  if (jobs_) {
    jobs_->denials.reset();  // the open denial windows are written
    jobs_->reminders.reset();
    jobs_->check_counts.reset();
  }
  if (check_tally_ && db_) {
    (void)check_tally_->flush(*db_);  // the last seconds' checks (lost only when the store fails now)
  }
  checkpoints_.reset();  // a last checkpoint covers everything written
  jobs_.reset();         // the followers
  screening_.reset();
  documents_.reset();
  links_.reset();
  people_.reset();
  db_.reset();  // closes the database cleanly (WAL checkpoint on last close)
}

}  // namespace ariadne::app
