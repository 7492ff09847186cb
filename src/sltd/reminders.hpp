// Review reminders for document records. A record stops matching after its
// review date (ten years after registration unless the owner sets another);
// its owner member is asked, once per review date, to renew or delete it when
// the date has passed or is less than 30 days away.
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include "common/ids.hpp"
#include "common/result.hpp"
#include "common/time.hpp"
#include "policy/roles.hpp"
#include "sltd/documents.hpp"
#include "store/database.hpp"

namespace ariadne::sltd {

inline constexpr int kReviewReminderDays = 30;
inline constexpr int kReviewYears = 10;

// Notifies the owners of records whose review date is on or before today + 30
// days and who were not yet told about that date; returns how many records.
Result<int> remind_reviews(store::Database& db, const Date& today);

// The owner renews a record: its review date becomes ten years from today.
Result<Document> renew_document(store::Database& db, const policy::Caller& caller, DocumentId id);

}  // namespace ariadne::sltd
