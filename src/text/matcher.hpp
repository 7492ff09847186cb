// The name matcher: scores how likely two names are spellings of one
// person's (or organisation's) name, and says why.
//
// A name is prepared once (prepare_name): transliterated to Latin tokens,
// glued prefixes such as Abdul/Abdel/Abd al- joined to the name they belong to,
// and each token given its canonical spelling (variant table, ending rewrites),
// its phonetic key and its class (name, particle, honorific, generic word).
// match_names then pairs query tokens with candidate tokens in any order,
// each pair by its best relation — exact, variant, transliteration, phonetic,
// typo or initial — joining two adjacent tokens when together they match one
// token of the other name ("Xiao Ming" / "Xiaoming"). The score weighs each
// token by its class and its rarity among the indexed names (TokenWeights), so
// a shared rare surname counts more than a shared "Mohammed", and combines how
// much of each name is covered.
//
// Everything here is pure (no database) and thread-safe for concurrent calls;
// TokenWeights is read-only while matching.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/normalise.hpp"
#include "text/variants.hpp"

namespace ariadne::text {

// Scores at or above this say "same name" in the quality benchmark and the
// screening results' `match` flag.
inline constexpr double kDefaultThreshold = 0.80;

enum class MatchKind { exact, variant, transliteration, phonetic, typo, initial, nickname };
const char* to_string(MatchKind k);

struct PreparedToken {
  std::string text;   // normalised spelling
  std::string norm;   // text with its ending rewritten (ivanoff → ivanov)
  std::string canon;  // variant group key, else norm
  std::string key;    // phonetic key of norm
  TokenClass cls = TokenClass::name;
  bool transliterated = false;
  bool abjad = false;         // from a script that leaves vowels unwritten (Arabic, Hebrew)
  bool loose_vowels = false;  // its vowels say little about Latin spellings (RawToken::loose_vowels)
  std::u32string original;    // as written, when transliterated
  int script = 0;             // ICU script code of the original, when transliterated
  std::string machine;        // ICU's transliteration of a Thai or Burmese original (RawToken::machine)
  std::string skeleton;       // consonant_skeleton(norm)
  bool vowel_poor = false;    // Latin, written with almost no vowels (vowel_poor)
  // NameTable::given_name_ids: the given names it is or shortens (null for
  // most tokens; the list belongs to name_table(), which outlives every token).
  const std::vector<std::uint32_t>* given = nullptr;
  // A single letter; a single digit ("1-P", a listed alias) is a name part.
  bool initial() const { return text.size() == 1 && (text[0] < '0' || text[0] > '9'); }
};

struct PreparedName {
  std::string original;
  std::vector<PreparedToken> tokens;
};

PreparedName prepare_name(std::string_view utf8);
// A name inverted around its one comma, as lists and registers write it
// ("HAKIM MURAD, ABDUL", "Олланд, Франсуа"), put back in order; a comma
// before a qualifier ("John Smith, Jr.", "…, 6th Baronet") or any other
// text is left as it is.
std::string uninvert_name(std::string_view utf8);
// What a Latin spelling of an Arabic name keeps whether or not it writes the
// vowels: its consonants, w and y after the first letter dropped (they write
// long vowels), doubled letters once, the l of a glued "Abd al-" dropped.
// "Youssef", "Yusuf" and a machine's "Ywsf" all give "ysf".
std::string consonant_skeleton(std::string_view norm);
// A Latin token of three letters or more with fewer than one vowel in five:
// how a machine transliterates Arabic or Persian script, which leaves short
// vowels unwritten and drops the ʿayn ("Bdalrhmn Ywsf" for عبدالرحمن يوسف).
bool vowel_poor(std::string_view text);
// Whether the token is a single Latin letter (an initial).
bool is_latin_letter(const PreparedToken& t);
// The runs of two or more adjacent single Latin letters ("A.B.C."), as
// [first, last) token positions: an abbreviation, or a person's initials.
std::vector<std::pair<std::size_t, std::size_t>> letter_runs(const std::vector<PreparedToken>& tokens);
std::vector<std::pair<std::size_t, std::size_t>> letter_runs(std::span<const PreparedToken* const> tokens);
// A token from its normalised text; `raw` gives its origin (script, original).
PreparedToken prepare_token(std::string text, const RawToken& raw);

// Token weights from how often each canonical token occurs among the indexed
// names: a token found in 2% of names weighs about half a unique one. With
// fewer than kMinNames names every name token weighs 1 (too little evidence).
class TokenWeights {
 public:
  static constexpr std::uint64_t kMinNames = 50;
  void add(const PreparedName& name);
  void remove(const PreparedName& name);
  double weight(const PreparedToken& t) const;
  std::uint64_t names() const { return names_; }

 private:
  std::unordered_map<std::string, std::uint32_t> df_;
  std::uint64_t names_ = 0;
};

struct TokenMatch {
  std::string query;      // the query token(s), space-joined when two were joined
  std::string candidate;  // the candidate token(s)
  MatchKind how = MatchKind::exact;
  double similarity = 0;
  int edits = 0;  // of a typo
};

struct NameMatch {
  double score = 0;  // in [0,1]
  std::vector<TokenMatch> reasons;
  // The name parts (names, patronymics and initials; not particles or
  // titles) each side holds once adjacent parts are joined, and how many
  // were paired with each other: a match resting on one part of a longer
  // name says little ("Hassan" and "Hassan Ali Khan"; a name of two parts
  // paired on one is no match by its score already).
  int query_parts = 0, candidate_parts = 0, paired_parts = 0;
  // One name of a single part against a longer one, paired on that part alone.
  bool rests_on_one_part() const {
    return paired_parts == 1 && std::min(query_parts, candidate_parts) == 1 &&
           std::max(query_parts, candidate_parts) >= 2;
  }
};

NameMatch match_names(const PreparedName& query, const PreparedName& candidate, const TokenWeights& weights);
// The same for a candidate held as token pointers (an index's interned tokens).
NameMatch match_names(const PreparedName& query, std::span<const PreparedToken* const> candidate,
                      const TokenWeights& weights);
// match_names' score alone, without the reasons (scoring many candidates).
double name_score(std::span<const PreparedToken* const> query, std::span<const PreparedToken* const> candidate,
                  const TokenWeights& weights);

// Many candidates against one query, as name_score and match_names do, with
// what depends on the query alone worked out once (its tokens' weights, its
// adjacent tokens joined) and scratch reused. The query's tokens and the
// candidates' must outlive it and not change meanwhile (an index's interned
// tokens under its lock): weights are remembered by token address. One
// thread at a time.
class NameScorer {
 public:
  NameScorer(std::span<const PreparedToken* const> query, const TokenWeights& weights);
  ~NameScorer();
  NameScorer(const NameScorer&) = delete;
  NameScorer& operator=(const NameScorer&) = delete;
  double score(std::span<const PreparedToken* const> candidate);
  NameMatch match(std::span<const PreparedToken* const> candidate);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Any two names whose tokens outlive it (a table's interned tokens), scored
// as name_score does, with each token's weight remembered by address and the
// scratch reused: pairing many names with many others. The weights must not
// change meanwhile. One thread at a time.
class PairScorer {
 public:
  explicit PairScorer(const TokenWeights& weights);
  ~PairScorer();
  PairScorer(PairScorer&&) noexcept;
  PairScorer(const PairScorer&) = delete;
  PairScorer& operator=(const PairScorer&) = delete;
  double score(std::span<const PreparedToken* const> a, std::span<const PreparedToken* const> b);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The best relation between two tokens, if any (similarity 0 when none);
// `query` and `candidate` are left empty.
TokenMatch compare_tokens(const PreparedToken& q, const PreparedToken& c);

}  // namespace ariadne::text
