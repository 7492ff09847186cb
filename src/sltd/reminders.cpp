#include "sltd/reminders.hpp"

#include <nlohmann/json.hpp>

#include "exchange/notifications.hpp"
#include "store/audit.hpp"

namespace ariadne::sltd {

namespace {
constexpr int kBatch = 1000;  // records per transaction, so a backlog does not hold the writer long
}  // namespace

Result<int> remind_reviews(store::Database& db, const Date& today) {
  const std::string now = today.iso();
  const std::string horizon = add_days(today, kReviewReminderDays).iso();
  int sent = 0;
  for (;;) {
    int batch = 0;
    ARIADNE_TRY(db.transaction([&]() -> Status {
      ARIADNE_ASSIGN(auto due, db.query("SELECT d.id, d.owner, d.issuing_state, d.type, d.number, d.review_on "
                                        "FROM documents d WHERE d.review_on <= ? AND NOT EXISTS (SELECT 1 FROM "
                                        "sltd_review_reminders r WHERE r.document_id = d.id AND r.review_on = "
                                        "d.review_on) ORDER BY d.id LIMIT ?",
                                        {horizon, std::int64_t{kBatch}}));
      for (const auto& r : due) {
        const std::int64_t id = r.integer(0);
        const std::string review_on = r.text(5);
        const std::string object = "document:" + std::to_string(id);
        ARIADNE_TRY(
            db.execute("INSERT INTO sltd_review_reminders (document_id, review_on) VALUES (?, ?)", {id, review_on}));
        const std::string what = r.text(2) + " " + r.text(3) + " " + r.text(4) + " (" + object + ")";
        const std::string when =
            review_on < now ? "passed its review date on " + review_on + " and no longer matches checks"
                            : "reaches its review date on " + review_on + ", after which it no longer matches checks";
        ARIADNE_TRY(exchange::notify(db, r.text(1), "document.review", object,
                                     "Your " + what + " " + when + ": renew it (POST /documents/" + std::to_string(id) +
                                         "/renew) or delete it."));
        const auto sys = policy::system_caller();
        auto audited = store::audit_append(db, {sys.username, sys.member, "document.remind", object, "ok",
                                                "review_on " + review_on + "; told " + r.text(1)});
        if (!audited) return audited.take_error();
      }
      batch = static_cast<int>(due.size());
      return {};
    }));
    sent += batch;
    if (batch < kBatch) return sent;
  }
}

Result<Document> renew_document(store::Database& db, const policy::Caller& caller, DocumentId id) {
  return update_document(db, caller, id, {{"review_on", add_years(today_utc(), kReviewYears).iso()}});
}

}  // namespace ariadne::sltd
