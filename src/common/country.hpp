// ISO 3166-1 country codes, as ICU knows them.
//
// Pure functions over tables built once; safe to call from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ariadne {

bool is_iso_alpha3(std::string_view code);

// The ISO 3166-1 alpha-2 code of an alpha-3 code ("NGA" -> "NG"); empty when
// the code is not one ICU knows.
std::string alpha2_of(std::string_view alpha3);

// The alpha-3 code of an alpha-2 code ("NG" -> "NGA"); empty when unknown.
std::string alpha3_of(std::string_view alpha2);

// The English short name of an alpha-2 code ("NG" -> "Nigeria"); the code
// itself when ICU has no name for it.
std::string english_country_name(std::string_view alpha2);

struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
};
// A reference point of a country (alpha-3): the principal city of its first
// time zone in the system's tz database (/usr/share/zoneinfo/zone.tab, Debian's
// tzdata), for a map that has nothing closer; none when the database lacks it.
std::optional<GeoPoint> country_reference_point(std::string_view alpha3);

}  // namespace ariadne
