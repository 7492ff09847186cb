#include "common/time.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include "common/country.hpp"

namespace ariadne {
namespace {

TEST(Dates, ParsesFullAndPartialDates) {
  EXPECT_EQ(parse_partial_date("1987")->iso(), "1987");
  EXPECT_EQ(parse_partial_date("1987-03")->iso(), "1987-03");
  EXPECT_EQ(parse_partial_date("1987-03-09")->iso(), "1987-03-09");
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("1987-03"));
  for (const char* bad :
       {"", "87", "1987-13", "1987-00", "1987-3-1", "1987-03-32", "1987/03/01", "19870301", "1987-03-01T00", "abcd"}) {
    EXPECT_FALSE(parse_partial_date(bad)) << bad;
  }
}

TEST(Dates, AddYearsKeepsValidDates) {
  EXPECT_EQ(add_years(Date{2024, 2, 29}, 10).iso(), "2034-02-28");
  EXPECT_EQ(add_years(Date{2020, 5, 1}, 10).iso(), "2030-05-01");
}

TEST(Dates, AddDaysAndMonthsCrossMonthsAndYears) {
  EXPECT_EQ(add_days(Date{2026, 12, 15}, 30).iso(), "2027-01-14");
  EXPECT_EQ(add_days(Date{2024, 2, 28}, 1).iso(), "2024-02-29");
  EXPECT_EQ(add_days(Date{2026, 3, 1}, -1).iso(), "2026-02-28");
  EXPECT_EQ(add_months(Date{2026, 8, 31}, 6).iso(), "2027-02-28");
  EXPECT_EQ(add_months(Date{2031, 3, 15}, -6).iso(), "2030-09-15");
  EXPECT_EQ(add_months(Date{2028, 1, 31}, 1).iso(), "2028-02-29");
}

TEST(Dates, AddYearsMovesAPartialDateByItsYear) {
  EXPECT_EQ(add_years(Date{1987, 3, 0}, 2).iso(), "1989-03");
  EXPECT_EQ(add_years(Date{1987, 0, 0}, -7).iso(), "1980");
  EXPECT_EQ(add_years(Date{2024, 2, 29}, 4).iso(), "2028-02-29");
}

TEST(Dates, EpochDaysCountFromNineteenSeventy) {
  EXPECT_EQ(epoch_day(Date{1970, 1, 1}), 0);
  EXPECT_EQ(epoch_day(Date{1969, 12, 31}), -1);
  EXPECT_EQ(epoch_day(Date{2000, 3, 1}), 11017);
  EXPECT_EQ(epoch_day(Date{2026, 12, 6}) - epoch_day(Date{2025, 12, 6}), 365);
  EXPECT_EQ(epoch_day(Date{2024, 12, 6}) - epoch_day(Date{2023, 12, 6}), 366);
  EXPECT_EQ(epoch_day(add_days(Date{2026, 12, 6}, 1000)) - epoch_day(Date{2026, 12, 6}), 1000);
}

TEST(Dates, CalendarValidityFollowsTheGregorianLeapYears) {
  EXPECT_TRUE(valid_calendar_date(2000, 2, 29));
  EXPECT_FALSE(valid_calendar_date(1900, 2, 29));
  EXPECT_TRUE(valid_calendar_date(2024, 2, 29));
  EXPECT_FALSE(valid_calendar_date(2026, 4, 31));
  EXPECT_TRUE(valid_calendar_date(9999, 12, 31));
  for (auto [y, m, d] : {std::tuple{0, 1, 1},
                         {10000, 1, 1},
                         {2026, 0, 1},
                         {2026, 13, 1},
                         {2026, 1, 0},
                         {2026, 1, -1},
                         {2026, -1, 1},
                         {-5, 1, 1}}) {
    EXPECT_FALSE(valid_calendar_date(y, m, d)) << y << "-" << m << "-" << d;
  }
}

TEST(Time, IsoTimeIsUtc) {
  EXPECT_EQ(iso_time(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso_time(1796006365), "2026-11-30T02:39:25Z");
  EXPECT_EQ(iso_time(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(iso_time(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(iso_time(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(iso_now_ms().size(), 24U);
}

TEST(Countries, KnowsIsoAlpha3) {
  for (const char* c : {"FRA", "DEU", "ITA", "LBY", "NER", "ERI", "MMR", "VEN", "USA", "GBR", "TUR"}) {
    EXPECT_TRUE(is_iso_alpha3(c)) << c;
  }
  for (const char* c : {"XYZ", "fra", "FR", "IPSG", "", "FRAN"}) EXPECT_FALSE(is_iso_alpha3(c)) << c;
}

TEST(Countries, MapAlpha3ToAlpha2AndBack) {
  EXPECT_EQ(alpha2_of("NGA"), "NG");
  EXPECT_EQ(alpha2_of("GBR"), "GB");
  EXPECT_EQ(alpha3_of("NG"), "NGA");
  EXPECT_EQ(alpha3_of("DE"), "DEU");
  for (const char* c : {"XYZ", "nga", "NG", ""}) EXPECT_EQ(alpha2_of(c), "") << c;
  for (const char* c : {"ZZ", "ng", "NGA", ""}) EXPECT_EQ(alpha3_of(c), "") << c;
}

TEST(Countries, HaveEnglishNames) {
  EXPECT_EQ(english_country_name("NG"), "Nigeria");
  EXPECT_EQ(english_country_name("DE"), "Germany");
  EXPECT_EQ(english_country_name("Q7"), "Q7");
}

TEST(Countries, HaveAReferencePointForMaps) {
  const auto niger = country_reference_point("NER");  // Niamey, 13°31′N 2°07′E
  ASSERT_TRUE(niger);
  EXPECT_NEAR(niger->latitude, 13 + 31.0 / 60, 1e-9);
  EXPECT_NEAR(niger->longitude, 2 + 7.0 / 60, 1e-9);
  const auto russia = country_reference_point("RUS");  // Moscow, not Kaliningrad (the first listed)
  ASSERT_TRUE(russia);
  EXPECT_NEAR(russia->longitude, 37.6, 0.1);
  const auto usa = country_reference_point("USA");  // New York: seconds too (+404251-0740023)
  ASSERT_TRUE(usa);
  EXPECT_NEAR(usa->latitude, 40 + 42.0 / 60 + 51.0 / 3600, 1e-9);
  EXPECT_NEAR(usa->longitude, -(74 + 0.0 / 60 + 23.0 / 3600), 1e-9);
  EXPECT_FALSE(country_reference_point("XYZ"));
  EXPECT_FALSE(country_reference_point("NG"));
}

}  // namespace
}  // namespace ariadne
