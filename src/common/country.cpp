#include "common/country.hpp"

#include <unicode/locid.h>

#include <set>
#include <string>

namespace ariadne {

bool is_iso_alpha3(std::string_view code) {
  static const std::set<std::string, std::less<>> codes = [] {
    std::set<std::string, std::less<>> out;
    for (const char* const* cc = icu::Locale::getISOCountries(); *cc != nullptr; ++cc) {
      icu::Locale loc("", *cc);
      std::string a3 = loc.getISO3Country();
      if (a3.size() == 3) out.insert(a3);
    }
    return out;
  }();
  return codes.find(code) != codes.end();
}

}  // namespace ariadne
