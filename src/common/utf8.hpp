// Whether text is well-formed UTF-8, what every stored text must be.
#pragma once

#include <string_view>

namespace ariadne {

// Overlong forms, surrogates, code points past U+10FFFF and truncated
// sequences are refused. Thread-safe.
bool valid_utf8(std::string_view text);

}  // namespace ariadne
