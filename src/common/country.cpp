#include "common/country.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
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

}  // namespace ariadne
