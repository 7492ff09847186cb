// A problem of one line of an imported file, as every import reports it
// (`line 12: relationships[2].to: names no entity of this package`).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "common/result.hpp"

namespace ariadne {

struct LineError {
  std::size_t line = 0;
  std::string field;  // empty when the whole line is at fault
  std::string reason;
};

// "line N: field: reason" (or "line N: reason").
std::string describe(const LineError& e);

// Each field problem of `error` as a LineError of `line`, or its message when it names no field.
void report_line_errors(std::size_t line, const Error& error, const std::function<void(const LineError&)>& report);

}  // namespace ariadne
