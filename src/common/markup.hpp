// Text written into XML or HTML (exports, printable reports).
//
// Pure functions; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

namespace ariadne {

// `s` as character data or an attribute value: & < > " ' escaped, and the
// control characters XML 1.0 cannot hold (a member's text may carry them)
// left out. UTF-8 passes through as it is.
std::string markup_text(std::string_view s);

}  // namespace ariadne
