// Blocking: which pairs of records are compared at all. Comparing every pair
// of a million records is 5·10^11 comparisons; records that share a blocking
// key (a surname's phonetic key and birth year, a birth date, an identifier,
// …) are compared, and a pair is kept if any rule brings it. A rule is a list
// of keys, all of which the two records must share; a multi-valued key (each
// token of a name) gives a record several blocks.
//
// Keys: name_token, name_token_pair (two tokens of one name, in any order),
// name_initials (the first letters of a name's tokens, sorted), given_key,
// surname_key (phonetic keys of their tokens), given_initial, surname_initial,
// birth_year, birth_date (complete dates only), birth_month_day, sex,
// nationality, identifier, context (each identifier the record's case holds
// beside it; a rule on it pairs records of different groups only: one
// case's people share all its context), and attr:NAME (an attribute's value).
//
// A block of more than `max_block` records (a very common name in one year)
// is not compared; its size is reported, never silently lost. A rule may set
// its own cap: a name alone may block for rare names only.
//
// Thread-safety: pure functions of a built RecordTable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "er/records.hpp"

namespace ariadne::er {

struct BlockingRule {
  std::vector<std::string> keys;
  std::size_t max_block = 0;  // 0: BlockingOptions::max_block
};

// Checks the rules' key names against the schema (an attribute key names an
// attribute; a name key needs names). Errors name the rule: "blocking[2]".
Status check_rules(const std::vector<BlockingRule>& rules, const Schema& schema);
// Rules that suit the schema when a configuration names none.
std::vector<BlockingRule> default_rules(const Schema& schema);
// Rules whose pairs train the model (model.hpp train_m) when a configuration
// names none: pairs that share one strong piece of evidence (a birth date,
// the tokens of a name, an identifier), so that the others show what a
// match looks like.
std::vector<BlockingRule> default_training_rules(const Schema& schema);
std::string describe(const BlockingRule& rule);  // "surname_key+birth_year"
// The comparisons (comparisons_for's names) a rule's keys stand for: among the
// pairs it brings, these agree by construction, or far more often than by
// chance (a shared name makes a shared sex and nationality likely), and
// say little of a match.
std::vector<std::string> compared_by(const BlockingRule& rule, const Schema& schema);

struct CandidatePair {
  std::uint32_t a = 0;  // a < b
  std::uint32_t b = 0;
  std::uint32_t rules = 0;  // bit r: rule r brought the pair (rules past the 32nd set no bit)
  bool operator==(const CandidatePair&) const = default;
};

struct BlockingStats {
  std::vector<std::uint64_t> pairs_by_rule;  // before removing pairs another rule also brought
  std::uint64_t oversized_blocks = 0;        // blocks over max_block, not compared
  std::uint64_t largest_oversized_block = 0;
};

struct BlockingOptions {
  std::size_t max_block = 2000;
  bool link_only = false;  // only pairs of records of different sources
  // When a rule's blocks hold more pairs than this, an even sample of about
  // this many (the same every run) is kept, for training; 0: all.
  std::size_t sample_pairs = 0;
};

// The candidate pairs of the records [first, table.size()) with each other
// and with the records before `first` (all of them when first is 0), sorted
// and unique, each with the rules that brought it.
std::vector<CandidatePair> candidate_pairs(const RecordTable& table, const std::vector<BlockingRule>& rules,
                                           const BlockingOptions& options, BlockingStats& stats,
                                           std::uint32_t first = 0);

// One record's key under one rule (an index entry).
struct BlockEntry {
  std::uint64_t key = 0;
  std::uint32_t record = 0;
  bool operator<(const BlockEntry& o) const { return key != o.key ? key < o.key : record < o.record; }
};

// The blocks of every record indexed so far, kept so that records added
// later are paired without going over the others again: add() computes the
// new records' keys only and pairs each with the records indexed under the
// same key (a block over its cap, counting the new records, is skipped and
// reported). Its first add() gives the pairs candidate_pairs() gives,
// without sampling. Holds about 12 bytes per key of each record and rule.
//
// Thread-safety: one thread at a time.
class BlockIndex {
 public:
  BlockIndex(std::vector<BlockingRule> rules, BlockingOptions options);
  // The candidate pairs of the records [indexed, table.size()) with each other and with those indexed before.
  std::vector<CandidatePair> add(const RecordTable& table, BlockingStats& stats);
  std::uint32_t indexed() const { return indexed_; }

 private:
  std::vector<BlockingRule> rules_;
  BlockingOptions options_;
  std::vector<std::vector<BlockEntry>> entries_;  // per rule, sorted
  std::uint32_t indexed_ = 0;
};

}  // namespace ariadne::er
