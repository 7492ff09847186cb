// The name knowledge table (name_variants.txt, compiled into the library):
// variant spellings, particles, honorifics, generic organisation words,
// ending rewrites and glued prefixes. See the file's header for its format.
// Beside it, the given names' nicknames and hypocorisms (nicknames_en.csv:
// "canonical,nickname" lines; Tony for Anthony, Bill for William), a
// many-to-many relation the variant groups cannot hold: Ron is Aaron's and
// Ronald's, and Aaron is not Ronald.
//
// Thread-safety: the table is immutable after construction; name_table()
// builds the compiled-in one once and may be called from any thread.
#pragma once

#include <cstdint>
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

  // Reads "canonical,nickname" lines (a header line first) into this table,
  // after load(): a malformed line is an error naming it ("nicknames:12").
  Status load_nicknames(std::string_view csv);
  // The given names the token is or may be a nickname of, each as
  // (id << 1) | is_nickname, ascending: a canonical name carries its own id
  // (also through its variant group: Mikhail is Michael), a nickname those
  // of the names it shortens. Empty for most tokens.
  // Null when none; otherwise the table's own list, valid as long as the table.
  const std::vector<std::uint32_t>* given_name_ids(std::string_view token) const;
  // Whether two tokens' given_name_ids say one is a nickname of the other,
  // or both are nicknames of one name (Bill, Billy).
  static bool nickname_related(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);
  std::size_t nickname_count() const { return nicknames_; }

 private:
  std::unordered_map<std::string, std::string> variants_;  // spelling → group key
  std::unordered_set<std::string> particles_, honorifics_, common_;
  std::vector<std::pair<std::string, std::string>> suffixes_;  // longest first
  std::vector<std::pair<std::string, std::string>> prefixes_;  // spelling → key, longest first
  std::vector<std::string> patronymic_endings_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> given_;  // token → encoded ids
  std::size_t nicknames_ = 0;
};

// The table compiled in from src/text/name_variants.txt.
const NameTable& name_table();

}  // namespace ariadne::text
