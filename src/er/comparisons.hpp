// The comparisons of the model: for each part of two records, which level of
// agreement they reach (Fellegi–Sunter comparison levels). Level 0 of every
// comparison is "null" (a side does not know the value: no evidence either
// way); the other levels go from the strongest agreement to disagreement.
//
//   name, given_name, surname  exact · close (≥0.92) · similar (≥0.80) ·
//                              typo (Jaro-Winkler ≥0.90) · weak (≥0.60) ·
//                              token (a whole token in common) · different
//       scores from the screening name matcher (across scripts, variants,
//       phonetics, initials); a record whose given name and surname appear
//       swapped in the other is compared crosswise. `token` is an alias that
//       keeps the family name, or an initial and the family name.
//   birth_date                 exact · typo (day and month transposed, or one
//       digit) · month (same year and month) · partial (agree as far as the
//       less precise date goes) · year · different
//   identifier                 shared · typo (same kind, one edit) · different
//   context                    several (two or more shared) · shared · different
//   sex, nationality, category agree · disagree (agreeing on a rare category
//       weighs more: its frequency adjusts the weight, as an exact name's does)
//   code                       exact · typo (one edit) · different
//   text                       exact · close (JW ≥0.92) · similar (JW ≥0.80) · different
//
// Thread-safety: a Comparer is used by one thread (it caches name scores);
// several may read one RecordTable.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "er/records.hpp"

namespace ariadne::er {

enum class ComparisonKind {
  name,
  given_name,
  surname,
  birth_date,
  sex,
  nationality,
  identifier,
  context,
  text,
  code,
  category
};

struct Comparison {
  std::string name;  // "surname", "birth_date", or an attribute's name
  ComparisonKind kind = ComparisonKind::name;
  std::size_t attribute = 0;        // text, code, category: which attribute
  std::vector<std::string> levels;  // level names; [0] is "null"
  int exact_level = -1;             // the level whose weight a value's frequency adjusts (-1: none)
};

// The comparisons a schema calls for, in a fixed order.
std::vector<Comparison> comparisons_for(const Schema& schema);

// At most this many comparisons, of at most 16 levels: a pair's levels pack into 64 bits.
inline constexpr std::size_t kMaxComparisons = 16;
using Pattern = std::uint64_t;
inline int level_of(Pattern p, std::size_t c) {
  return static_cast<int>((p >> (4 * c)) & 0xf);
}
inline Pattern with_level(Pattern p, std::size_t c, int level) {
  return (p & ~(Pattern{0xf} << (4 * c))) | (Pattern{static_cast<unsigned>(level)} << (4 * c));
}

// A pair's levels, and for each comparison at its exact level the value agreed on
// (what term-frequency adjustment looks up).
struct Compared {
  Pattern pattern = 0;
  std::array<ValueId, kMaxComparisons> agreed{};
};

class Comparer {
 public:
  Comparer(const RecordTable& table, const std::vector<Comparison>& comparisons);
  Compared compare(std::uint32_t a, std::uint32_t b);
  // The name matcher's score of two names (cached).
  double name_score(ValueId a, ValueId b);

 private:
  // Two distinct names' score and, once asked, their level: each pair of
  // names is worked out once however many pairs of records carry it.
  struct NamePair {
    float score = 0;
    std::int8_t level = -1;  // -1: not yet
  };
  NamePair& name_pair(ValueId a, ValueId b);
  int name_level(ValueId a, ValueId b, ValueId& agreed);
  int names_level(const std::vector<ValueId>& a, const std::vector<ValueId>& b, ValueId& agreed);

  const RecordTable& table_;
  const std::vector<Comparison>& comparisons_;
  text::PairScorer scorer_;
  std::unordered_map<std::uint64_t, NamePair> names_;
};

}  // namespace ariadne::er
