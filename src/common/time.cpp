#include "common/time.hpp"

#include <chrono>
#include <cstdio>

namespace ariadne {

using namespace std::chrono;

namespace {

year_month_day ymd(const Date& d) {
  return year(d.year) / month(static_cast<unsigned>(d.month)) / day(static_cast<unsigned>(d.day));
}

Date from_ymd(year_month_day d) {
  return Date{static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
              static_cast<int>(static_cast<unsigned>(d.day()))};
}

// A day past the end of its month (29 February of a common year) becomes the month's last day.
year_month_day or_last_day(year_month_day d) {
  return d.ok() ? d : year_month_day(d.year() / d.month() / last);
}

// 2026-11-29T02:39:25 (no zone) of a UTC instant.
std::string iso_seconds(sys_seconds t) {
  const auto midnight = floor<days>(t);
  const year_month_day d(midnight);
  const hh_mm_ss time(t - midnight);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buf;
}

}  // namespace

std::int64_t unix_now() {
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string iso_time(std::int64_t unix_s) {
  return iso_seconds(sys_seconds(seconds(unix_s))) + "Z";
}

std::optional<std::int64_t> parse_iso_time(std::string_view text) {
  auto date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  std::int64_t out = std::int64_t{epoch_day(*date)} * 86400;
  if (text.size() == 10) return out;
  auto digits = [&](std::size_t at, std::size_t n, int max) -> std::optional<int> {
    if (at + n > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v <= max ? std::optional<int>(v) : std::nullopt;
  };
  if (text.size() < 17 || text[10] != 'T' || text[13] != ':' || text.back() != 'Z') return std::nullopt;
  auto hour = digits(11, 2, 23);
  auto minute = digits(14, 2, 59);
  if (!hour || !minute) return std::nullopt;
  out += *hour * 3600 + *minute * 60;
  std::size_t at = 16;
  if (text[at] == ':') {
    auto second = digits(at + 1, 2, 59);
    if (!second) return std::nullopt;
    out += *second;
    at += 3;
    if (text[at] == '.') {
      std::size_t end = at + 1;
      while (end < text.size() - 1 && text[end] >= '0' && text[end] <= '9') ++end;
      if (end == at + 1 || end - at - 1 > 9) return std::nullopt;
      at = end;
    }
  }
  if (at != text.size() - 1) return std::nullopt;
  return out;
}

std::string iso_time_ms(std::int64_t unix_s) {
  return iso_seconds(sys_seconds(seconds(unix_s))) + ".000Z";
}

std::string iso_now_ms() {
  const auto now = floor<milliseconds>(system_clock::now());
  const auto whole = floor<seconds>(now);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>((now - whole).count()));
  return iso_seconds(whole) + ms;
}

std::string Date::iso() const {
  char buf[16];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

bool valid_calendar_date(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || day < 1) return false;
  return ymd(Date{year, month, day}).ok();
}

namespace {
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}
}  // namespace

std::optional<Date> parse_partial_date(std::string_view s) {
  Date d;
  if (!digits(s, 0, 4, d.year) || d.year < 1) return std::nullopt;
  if (s.size() == 4) return d;
  if (s.size() < 7 || s[4] != '-' || !digits(s, 5, 2, d.month) || d.month < 1 || d.month > 12) return std::nullopt;
  if (s.size() == 7) return d;
  if (s.size() != 10 || s[7] != '-' || !digits(s, 8, 2, d.day)) return std::nullopt;
  if (!valid_calendar_date(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

std::optional<Date> parse_date(std::string_view s) {
  auto d = parse_partial_date(s);
  if (!d || !d->complete()) return std::nullopt;
  return d;
}

Date today_utc() {
  return from_ymd(floor<days>(system_clock::now()));
}

std::int32_t epoch_day(const Date& d) {
  return static_cast<std::int32_t>(sys_days(ymd(d)).time_since_epoch().count());
}

Date add_years(Date d, int n) {
  if (!d.complete()) {
    d.year += n;
    return d;
  }
  return from_ymd(or_last_day(ymd(d) + years(n)));
}

Date add_days(Date d, int n) {
  return from_ymd(sys_days(ymd(d)) + days(n));
}

Date add_months(Date d, int n) {
  return from_ymd(or_last_day(ymd(d) + months(n)));
}

}  // namespace ariadne
