// ASCII case of codes and keywords (country codes, media types, FtM values):
// only A–Z and a–z change, whatever the locale; other bytes (UTF-8) stay.
#pragma once

#include <string>
#include <string_view>

namespace ariadne {

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

inline std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace ariadne
