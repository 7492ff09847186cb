#include "common/country.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>

namespace ariadne {
namespace {

// alpha-3 -> alpha-2 for every country ICU lists.
const std::map<std::string, std::string, std::less<>>& alpha2_by_alpha3() {
  static const std::map<std::string, std::string, std::less<>> codes = [] {
    std::map<std::string, std::string, std::less<>> out;
    for (const char* const* cc = icu::Locale::getISOCountries(); *cc != nullptr; ++cc) {
      icu::Locale loc("", *cc);
      std::string a3 = loc.getISO3Country();
      if (a3.size() == 3) out.emplace(a3, *cc);
    }
    return out;
  }();
  return codes;
}

}  // namespace

bool is_iso_alpha3(std::string_view code) {
  const auto& codes = alpha2_by_alpha3();
  return codes.find(code) != codes.end();
}

std::string alpha2_of(std::string_view alpha3) {
  const auto& codes = alpha2_by_alpha3();
  auto it = codes.find(alpha3);
  return it == codes.end() ? std::string() : it->second;
}

std::string alpha3_of(std::string_view alpha2) {
  const auto& codes = alpha2_by_alpha3();
  auto it = std::find_if(codes.begin(), codes.end(), [&](const auto& kv) { return kv.second == alpha2; });
  return it == codes.end() ? std::string() : it->first;
}

std::string english_country_name(std::string_view alpha2) {
  icu::Locale loc("", std::string(alpha2).c_str());
  icu::UnicodeString display;
  loc.getDisplayCountry(icu::Locale::getEnglish(), display);
  std::string out;
  display.toUTF8String(out);
  return out.empty() ? std::string(alpha2) : out;
}

namespace {

// "+0627" / "+00324" (degrees and minutes) or with seconds ("+402642"), as zone.tab writes them.
std::optional<double> degrees(std::string_view s, std::size_t degree_digits) {
  if (s.size() != 1 + degree_digits + 2 && s.size() != 1 + degree_digits + 4) return std::nullopt;
  if (s[0] != '+' && s[0] != '-') return std::nullopt;
  double parts[3] = {0, 0, 0};
  std::size_t at = 1;
  for (std::size_t part = 0; at < s.size(); ++part) {
    const std::size_t n = part == 0 ? degree_digits : 2;
    for (std::size_t i = 0; i < n; ++i, ++at) {
      if (s[at] < '0' || s[at] > '9') return std::nullopt;
      parts[part] = parts[part] * 10 + (s[at] - '0');
    }
  }
  const double v = parts[0] + parts[1] / 60 + parts[2] / 3600;
  return s[0] == '-' ? -v : v;
}

}  // namespace

std::optional<GeoPoint> country_reference_point(std::string_view alpha3) {
  static const std::map<std::string, GeoPoint, std::less<>> points = [] {
    std::map<std::string, GeoPoint, std::less<>> out;
    std::set<std::string> taken_main;
    std::ifstream in("/usr/share/zoneinfo/zone.tab");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto tab1 = line.find('\t');
      const auto tab2 = line.find('\t', tab1 + 1);
      if (tab1 != 2 || tab2 == std::string::npos) continue;
      const std::string_view coords(line.data() + tab1 + 1, tab2 - tab1 - 1);
      const auto split = coords.find_first_of("+-", 1);
      if (split == std::string_view::npos) continue;
      const auto lat = degrees(coords.substr(0, split), 2);
      const auto lon = degrees(coords.substr(split), 3);
      const auto code = alpha3_of(line.substr(0, 2));
      if (!lat || !lon || code.empty()) continue;
      // A country's zones run west to east: the one of most of the country
      // (its mainland, Moscow's) is taken over the first.
      const std::string_view comment = tab2 + 1 < line.size() ? std::string_view(line).substr(tab2 + 1) : "";
      const auto tab3 = comment.find('\t');
      const auto about = tab3 == std::string_view::npos ? std::string_view() : comment.substr(tab3 + 1);
      const bool main = about.find("most") != std::string_view::npos ||
                        about.find("mainland") != std::string_view::npos ||
                        about.find("Moscow area") != std::string_view::npos;
      if (main && !taken_main.contains(code)) {
        out[code] = GeoPoint{*lat, *lon};
        taken_main.insert(code);
      } else {
        out.emplace(code, GeoPoint{*lat, *lon});
      }
    }
    return out;
  }();
  const auto it = points.find(alpha3);
  if (it == points.end()) return std::nullopt;
  return it->second;
}

}  // namespace ariadne
