#include "common/hex.hpp"

#include <sodium.h>

namespace ariadne {

std::string hex_encode(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

bool hex_decode(std::string_view hex, unsigned char* out, std::size_t n) {
  std::size_t got = 0;
  const char* end = nullptr;
  return hex.size() == n * 2 && sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &got, &end) == 0 && got == n &&
         end == hex.data() + hex.size();
}

}  // namespace ariadne
