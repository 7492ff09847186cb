#include "server/jobs.hpp"

#include "notices/notices.hpp"
#include "sltd/reminders.hpp"

namespace ariadne::server {

Result<ReminderCounts> run_reminders(store::Database& db, const Date& today) {
  ReminderCounts c;
  ARIADNE_ASSIGN(c.expired_notices, notices::expire_due(db));
  ARIADNE_ASSIGN(c.document_reviews, sltd::remind_reviews(db, today));
  ARIADNE_ASSIGN(c.notice_expiries, notices::remind_expiries(db, today));
  return c;
}

nlohmann::json to_json(const ReminderCounts& c) {
  return {{"expired_notices", c.expired_notices},
          {"document_reviews", c.document_reviews},
          {"notice_expiries", c.notice_expiries}};
}

}  // namespace ariadne::server
