// The field-level reasons of a result, as a 400 answer lists them: empty
// when the result is a value. Tests of request readers compare them whole.
#pragma once

#include <ostream>
#include <vector>

#include "common/result.hpp"

namespace ariadne {

// gtest prints a mismatch as {field: reason}.
inline void PrintTo(const FieldError& e, std::ostream* os) {
  *os << "{" << e.field << ": " << e.reason << "}";
}

namespace testing {

template <class T>
std::vector<FieldError> field_errors(const Result<T>& r) {
  if (r) return {};
  return r.error().fields;
}

}  // namespace testing
}  // namespace ariadne
