// The name knowledge table (name_variants.txt, compiled into the library):
// variant spellings, particles, honorifics, generic organisation words,
// ending rewrites and glued prefixes. See the file's header for its format.
//
// Thread-safety: the table is immutable after construction; name_table()
// builds the compiled-in one once and may be called from any thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace ariadne::text {

enum class TokenClass { name, patronymic, particle, honorific, common_word };

class NameTable {
 public:
  // Reads the table text into this (empty) table; an unknown section or a
  // malformed line is an error. (A fill-in rather than a Result<NameTable>:
  // GCC 12 warns falsely about moving this type out of a Result.)
  Status load(std::string_view text);

  // The spelling every variant of the token maps to: the group's key when the
  // token is in a variant group, else the token with its ending rewritten
  // (ivanoff → ivanov, zelenskyy → zelenski), else the token itself.
  std::string canonical(std::string_view token) const;
  // The token with its ending rewritten, if one of the ending rules applies.
  std::string rewrite_ending(std::string_view token) const;
  bool in_variant_group(std::string_view token) const;
  TokenClass classify(std::string_view token) const;
  // "abdulkarim" → "abd" + "karim" when the token starts with a spelling of a
  // glued prefix; empty first when it does not.
  std::pair<std::string, std::string> split_prefix(std::string_view token) const;
  // The prefix's key when the whole token is one of its spellings ("abdul" → "abd"),
  // or one with a letter mistyped after the first two ("abeul" → "abd").
  std::string prefix_of(std::string_view token) const;

  std::size_t variant_count() const { return variants_.size(); }

 private:
  std::unordered_map<std::string, std::string> variants_;  // spelling → group key
  std::unordered_set<std::string> particles_, honorifics_, common_;
  std::vector<std::pair<std::string, std::string>> suffixes_;  // longest first
  std::vector<std::pair<std::string, std::string>> prefixes_;  // spelling → key, longest first
  std::vector<std::string> patronymic_endings_;
};

// The table compiled in from src/text/name_variants.txt.
const NameTable& name_table();

}  // namespace ariadne::text
