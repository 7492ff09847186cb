// Evaluation of the name matcher on labelled name pairs (the nomenklatura
// name benchmark with OpenSanctions logic-v2's decisions on the same pairs),
// shared by the screening_quality program and the screening unit test.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace ariadne::text::quality {

struct LabelledPair {
  std::string schema;  // Person, Company, Organization, …
  std::string name1, name2;
  bool is_match = false;
  std::string quality;  // STRONG | MEDIUM | WEAK
  bool peer_match = false;
  bool non_latin = false;  // either name holds a non-Latin letter
};

// Reads nomenklatura_logicv2_scores.csv (the scored pairs with the peer's decision).
Result<std::vector<LabelledPair>> read_scored_pairs(const std::string& path);

struct Counts {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  void add(bool truth, bool predicted);
  double precision() const;
  double recall() const;
  double f1() const;
};

struct Group {
  std::string name;  // all, people, latin, non_latin, strong, medium, weak
  Counts ours, peer;
};

// Scores every pair with the matcher (token weights from all names of the
// file, as an index would hold them) and counts decisions at `threshold`.
std::vector<Group> evaluate(const std::vector<LabelledPair>& pairs, double threshold);

// The reliability of scores: the pairs scored in [from, to) and how many of
// them are true matches, for bins of a tenth from 0.5 (and one below it).
struct Bin {
  double from = 0, to = 0;
  int pairs = 0, matches = 0;
  double share() const { return pairs ? static_cast<double>(matches) / pairs : 0.0; }
};
std::vector<Bin> reliability(const std::vector<LabelledPair>& pairs);

}  // namespace ariadne::text::quality
