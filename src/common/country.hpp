// ISO 3166-1 alpha-3 country codes, as ICU knows them.
#pragma once

#include <string_view>

namespace ariadne {

bool is_iso_alpha3(std::string_view code);

}  // namespace ariadne
