// The process's log: lines written to stderr through one spdlog logger whose
// sink prints the text as given ("%v"), so a JSON line stays byte for byte
// what the caller built. Each line goes out in one write and is flushed at
// once, so lines from many threads never interleave and none is lost when
// the process dies right after.
//
// Thread-safe: the sink serialises writers.
#pragma once

#include <string_view>

namespace ariadne::log {

// Writes `text` and a newline to stderr.
void line(std::string_view text);

}  // namespace ariadne::log
