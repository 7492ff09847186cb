#include "sltd/tally.hpp"

#include "common/time.hpp"
#include "store/dialect.hpp"

namespace ariadne::sltd {

store::Migration sltd_check_counts_migration() {
  return {"sltd", 5, R"sql(
CREATE TABLE sltd_check_counts (
  member TEXT NOT NULL,
  minute INTEGER NOT NULL,
  checks INTEGER NOT NULL,
  PRIMARY KEY (member, minute)
);
)sql"};
}

void CheckTally::add(const std::string& member, std::int64_t n) {
  add(member, n, unix_now() / 60);
}

void CheckTally::add(const std::string& member, std::int64_t n, std::int64_t minute) {
  if (n <= 0) return;
  std::lock_guard lock(mutex_);
  pending_[{member, minute}] += n;
}

Status CheckTally::flush(store::Database& db) {
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(pending_);
  }
  if (taken.empty()) return {};
  auto written = db.transaction([&]() -> Status {
    for (const auto& [key, n] : taken) {
      ARIADNE_TRY(
          db.execute("INSERT INTO sltd_check_counts (member, minute, checks) VALUES (?, ?, ?) "
                     "ON CONFLICT (member, minute) DO UPDATE SET checks = sltd_check_counts.checks + "
                     "excluded.checks",
                     {key.first, key.second, n}));
    }
    return {};
  });
  if (!written) {  // counted again with what comes next, not lost
    std::lock_guard lock(mutex_);
    for (const auto& [key, n] : taken) pending_[key] += n;
  }
  return written;
}

namespace {

std::string day_of_minute(std::int64_t minute) {
  const auto day = static_cast<int>(minute >= 0 ? minute / 1440 : (minute - 1439) / 1440);
  return add_days(Date{1970, 1, 1}, day).iso();
}

}  // namespace

Result<std::vector<DailyChecks>> checks_by_day(store::Database& db, const std::vector<std::string>& members,
                                               const std::string& from, const std::string& to) {
  std::vector<DailyChecks> out;
  auto start = parse_iso_time(from);
  auto end = parse_iso_time(to);
  if (members.empty() || !start || !end) return out;
  store::Params params(members.begin(), members.end());
  params.emplace_back(*start / 60);
  params.emplace_back((*end + 59) / 60);
  std::map<std::pair<std::string, std::string>, std::int64_t> days;
  ARIADNE_TRY(db.for_each("SELECT member, minute, checks FROM sltd_check_counts WHERE member IN (" +
                              store::placeholders(members.size()) + ") AND minute >= ? AND minute < ?",
                          params, [&](const store::Row& r) {
                            days[{r.text(0), day_of_minute(r.integer(1))}] += r.integer(2);
                            return true;
                          }));
  for (const auto& [key, n] : days) out.push_back({key.first, key.second, n});
  return out;
}

Result<std::vector<DailyHits>> hits_by_day(store::Database& db, const std::vector<std::string>& members,
                                           const std::string& from, const std::string& to) {
  std::vector<DailyHits> out;
  if (members.empty()) return out;
  store::Params params(members.begin(), members.end());
  params.emplace_back(from);
  params.emplace_back(to);
  ARIADNE_TRY(db.for_each(
      "SELECT member, substr(checked_at, 1, 10), CASE WHEN notice_id IS NULL THEN 'documents' ELSE 'notices' END, "
      "status, COUNT(*) FROM hits WHERE member IN (" +
          store::placeholders(members.size()) +
          ") AND checked_at >= ? AND checked_at < ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
      params, [&](const store::Row& r) {
        out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.integer(4)});
        return true;
      }));
  return out;
}

}  // namespace ariadne::sltd
