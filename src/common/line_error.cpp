#include "common/line_error.hpp"

namespace ariadne {

std::string describe(const LineError& e) {
  return "line " + std::to_string(e.line) + ": " + (e.field.empty() ? "" : e.field + ": ") + e.reason;
}

void report_line_errors(std::size_t line, const Error& error, const std::function<void(const LineError&)>& report) {
  if (!report) return;
  if (error.fields.empty()) {
    report({line, "", error.message});
    return;
  }
  for (const auto& f : error.fields) report({line, f.field, f.reason});
}

}  // namespace ariadne
