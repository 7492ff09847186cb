// Wall-clock time as Ariadne stores it (UTC, ISO 8601) and calendar dates,
// including the partial dates real records carry (1987, 1987-03).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ariadne {

std::int64_t unix_now();                       // seconds since the epoch
std::string iso_time(std::int64_t unix_s);     // 2026-11-29T02:39:25Z
std::string iso_now_ms();                      // 2026-11-29T02:39:25.123Z
std::string iso_time_ms(std::int64_t unix_s);  // 2026-11-29T02:39:25.000Z: comparable with stored times
// Seconds since the epoch of a UTC date (2026-11-29, its midnight) or time
// (2026-11-29T02:39Z, 2026-11-29T02:39:25Z, 2026-11-29T02:39:25.123Z).
std::optional<std::int64_t> parse_iso_time(std::string_view text);

struct Date {
  int year = 0;
  int month = 0;  // 0 when unknown (partial date)
  int day = 0;    // 0 when unknown
  std::string iso() const;
  bool complete() const { return month != 0 && day != 0; }
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted comparison.
  auto operator<=>(const Date&) const = default;
};

bool valid_calendar_date(int year, int month, int day);
// Full date YYYY-MM-DD only.
std::optional<Date> parse_date(std::string_view text);
// YYYY, YYYY-MM or YYYY-MM-DD.
std::optional<Date> parse_partial_date(std::string_view text);
Date today_utc();
// Days from 1970-01-01 to a complete date (negative before it).
std::int32_t epoch_day(const Date& d);
// 29 February plus a year is 28 February; a partial date just changes its year.
Date add_years(Date d, int years);
// Complete dates only; months keep the day when it exists (31 August + 6 months is 28 or 29 February).
Date add_days(Date d, int days);
Date add_months(Date d, int months);

}  // namespace ariadne
