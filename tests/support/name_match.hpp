// Two names scored as the matcher scores them without token weights, for
// the text tests.
#pragma once

#include <string>

#include "text/matcher.hpp"

namespace ariadne::testing {

inline double score(const std::string& a, const std::string& b) {
  static const text::TokenWeights none;
  return text::match_names(text::prepare_name(a), text::prepare_name(b), none).score;
}

// The relation used for the query token `q`, or "" when it matched nothing.
inline std::string how(const std::string& a, const std::string& b, const std::string& q) {
  static const text::TokenWeights none;
  for (const auto& r : text::match_names(text::prepare_name(a), text::prepare_name(b), none).reasons) {
    if (r.query == q) return text::to_string(r.how);
  }
  return "";
}

}  // namespace ariadne::testing
