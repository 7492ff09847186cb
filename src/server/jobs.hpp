// The periodic jobs `ariadne serve` runs (and `ariadne remind` runs once,
// from cron): notices past their expiry become expired, owners of document
// records due for review and of notices six months from expiry are reminded.
// Each reminder is sent once per record and date, so running the job often,
// or from several servers, repeats nothing.
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "common/time.hpp"
#include "store/database.hpp"

namespace ariadne::server {

struct ReminderCounts {
  int expired_notices = 0;
  int document_reviews = 0;  // document records whose owners were reminded
  int notice_expiries = 0;   // notices whose owners were reminded
};

Result<ReminderCounts> run_reminders(store::Database& db, const Date& today);
nlohmann::json to_json(const ReminderCounts& c);

}  // namespace ariadne::server
