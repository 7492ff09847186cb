// Bytes as lower-case hexadecimal text and back, through libsodium, whose
// conversions run in constant time, so secret keys may pass through them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ariadne {

std::string hex_encode(const unsigned char* data, std::size_t n);

// Exactly n bytes from exactly 2n hexadecimal digits (either case); false,
// with out left unspecified, for anything else.
bool hex_decode(std::string_view hex, unsigned char* out, std::size_t n);

}  // namespace ariadne
