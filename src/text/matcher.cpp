#include "text/matcher.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <deque>
#include <memory>

#include "text/normalise.hpp"
#include "text/phonetic.hpp"
#include "text/readings.hpp"
#include "text/romanise.hpp"

namespace ariadne::text {
namespace {

// Similarity of each relation; typos are scored from their edit distance.
constexpr double kVariant = 0.95;
constexpr double kTransliteration = 0.92;
constexpr double kPhonetic = 0.88;
constexpr double kInitial = 0.9;
constexpr double kNickname = 0.9;  // Tony for Anthony: a strong sign, not the name itself
constexpr double kKeyTypo = 0.8;   // transliterated skeletons one edit apart
constexpr double kNisbaDropped = 0.75;
constexpr double kUnwritten = 0.75;  // consonants alike, letters not written so (abjad_reads)  // Nazari written Nazar:
                                     // a nisba ending lost, or another name
constexpr double kTypoCost = 1.2;    // a typo's similarity is 1 - kTypoCost × edits / length

// How much a part missing on both sides (a conflict) and a part missing on
// one side only (an extra middle name, a title) take off the score.
constexpr double kConflictCost = 1.3;
constexpr double kExtraCost = 0.2;

// Class weights: connecting words and titles say little about identity.
double class_weight(const PreparedToken& t) {
  if (t.text.size() == 1) return 0.4;  // an initial, or a single digit (a vessel's, a series')
  switch (t.cls) {
    case TokenClass::patronymic: return 0.5;
    case TokenClass::particle: return 0.15;
    case TokenClass::honorific: return 0.25;
    case TokenClass::common_word: return 0.3;
    case TokenClass::name: break;
  }
  return 1.0;
}

// Edits a typing error may hold for a token of this length.
int allowed_edits(std::size_t len) {
  if (len <= 2) return 0;
  if (len <= 5) return 1;
  if (len <= 8) return 2;
  return 3;
}

// A Thai or Burmese name against a Latin spelling, compared in the form the
// usual romanisations of its script share (Jaidee and Chaidi, Htun and Tun).
TokenMatch romanisation_match(const PreparedToken& q, const PreparedToken& c) {
  TokenMatch m;
  const bool q_native = romanised_here(q.script);
  if (!q_native && !romanised_here(c.script)) return m;
  const auto& native = q_native ? q : c;
  const auto& latin = q_native ? c : q;
  // The usual spellings, then the letter-by-letter one machines write.
  const std::string a = romanisation_fold(native.text, native.script);
  const std::string b = romanisation_fold(latin.text, native.script);
  for (const auto& [x, y] : {std::pair<std::string_view, std::string_view>{a, b}, {native.machine, latin.text}}) {
    if (x.empty()) continue;
    const std::size_t len = std::max(x.size(), y.size());
    const int d = x == y ? 0 : edit_distance(x, y);
    if (d > allowed_edits(len)) continue;
    m.how = MatchKind::transliteration;
    m.similarity = std::max(m.similarity, kVariant - kTypoCost * d / static_cast<double>(len));
  }
  return m;
}

// The token of the two whose Han or Hangul original has readings
// (readings.hpp) the other's spelling may follow; null when neither.
const PreparedToken* readable(const PreparedToken& q, const PreparedToken& c) {
  auto can_read = [](const PreparedToken& t, const PreparedToken& other) {
    return t.transliterated && has_readings(t.script) && !t.original.empty() &&
           (!other.transliterated || other.script != t.script);
  };
  if (can_read(q, c)) return &q;
  if (can_read(c, q)) return &c;
  return nullptr;
}

// Glued prefixes: "abdul karim", "abd al-karim" and "abdelkarim" all become
// "abdkarim"; a spelling in a variant group (abdullah) is left whole.
std::vector<PreparedToken> join_prefixes(std::vector<RawToken> raw) {
  const auto& table = name_table();
  std::vector<PreparedToken> out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string text = raw[i].text;
    RawToken origin = raw[i];
    if (!table.in_variant_group(text)) {
      auto [key, rest] = table.split_prefix(text);
      if (!key.empty()) {
        text = key + rest;
      } else if (auto whole = table.prefix_of(text); !whole.empty()) {
        // The token is a prefix spelling on its own: glue the next name to it,
        // skipping an article (al, el, ul) between them.
        std::size_t j = i + 1;
        if (j < raw.size() && j + 1 < raw.size() && table.classify(raw[j].text) == TokenClass::particle) ++j;
        if (j < raw.size() && table.classify(raw[j].text) == TokenClass::name) {
          text = whole + raw[j].text;
          origin.original += raw[j].original;
          i = j;
        }
      }
    }
    out.push_back(prepare_token(std::move(text), origin));
  }
  return out;
}

// One name as match_names pairs it: its tokens, borrowed from the prepared
// name or (once joined) owned here, each with the span of original tokens it
// stands for (the reasons' labels). Reset and reused across matches.
struct Side {
  std::span<const PreparedToken* const> from;  // the name's tokens
  std::vector<const PreparedToken*> tokens;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // [first, last) of `from`
  // Whether tokens[i] outlives the match (the name's own, or a Memo's join):
  // only those may be remembered by address.
  std::vector<char> kept;
  std::deque<PreparedToken> joined;  // stable addresses
  void reset(std::span<const PreparedToken* const> name) {
    from = name;
    tokens.assign(name.begin(), name.end());
    spans.clear();
    for (std::size_t k = 0; k < name.size(); ++k) spans.emplace_back(k, k + 1);
    kept.assign(name.size(), 1);
    joined.clear();
  }
  std::size_t size() const { return tokens.size(); }
  const PreparedToken& operator[](std::size_t i) const { return *tokens[i]; }
  std::string label(std::size_t i) const {
    std::string out;
    for (auto k = spans[i].first; k < spans[i].second; ++k) out += (out.empty() ? "" : " ") + from[k]->text;
    return out;
  }
  // Replaces tokens [i, i + n) by `t`, which stands for all their originals.
  void join(std::size_t i, std::size_t n, PreparedToken t) {
    joined.push_back(std::move(t));
    replace(i, n, &joined.back(), false);
  }
  void replace(std::size_t i, std::size_t n, const PreparedToken* t, bool keep) {
    tokens[i] = t;
    kept[i] = keep;
    spans[i].second = spans[i + n - 1].second;
    const auto first = static_cast<std::ptrdiff_t>(i + 1), last = static_cast<std::ptrdiff_t>(i + n);
    tokens.erase(tokens.begin() + first, tokens.begin() + last);
    spans.erase(spans.begin() + first, spans.begin() + last);
    kept.erase(kept.begin() + first, kept.begin() + last);
  }
};

// The token two adjacent ones make written together.
PreparedToken join_two(const PreparedToken& a, const PreparedToken& b) {
  RawToken origin{"",
                  a.transliterated || b.transliterated,
                  a.abjad || b.abjad,
                  a.original + b.original,
                  a.script != 0 ? a.script : b.script,
                  a.loose_vowels || b.loose_vowels,
                  a.machine + b.machine};
  return prepare_token(a.text + b.text, origin);
}

// What many matches against one query share (NameScorer): token weights by
// address and joined pairs of adjacent tokens, each worked out once. The
// addresses are those of tokens that outlive it (Side::kept).
class Memo {
 public:
  // Without `joins`, joined tokens are not remembered: queries that change
  // with every match would make them pile up.
  explicit Memo(const TokenWeights& weights, bool joins = true)
      : weights_(weights), table_(64, {nullptr, 0.0}), joins_wanted_(joins) {}
  bool remembers_joins() const { return joins_wanted_; }
  double weight(const PreparedToken* t) {
    for (std::size_t i = slot_of(t);; i = (i + 1) & (table_.size() - 1)) {
      auto& [key, w] = table_[i];
      if (key == t) return w;
      if (key == nullptr) {
        key = t;
        w = weights_.weight(*t);
        const double found = w;
        if (++used_ * 2 > table_.size()) grow();
        return found;
      }
    }
  }
  // The token `a` and `b` make joined (join_two), prepared once.
  const PreparedToken* joined(const PreparedToken* a, const PreparedToken* b) {
    for (const auto& j : joins_) {
      if (j.a == a && j.b == b) return j.joined.get();
    }
    joins_.push_back({a, b, std::make_unique<PreparedToken>(join_two(*a, *b))});
    return joins_.back().joined.get();
  }

 private:
  std::size_t slot_of(const PreparedToken* t) const {
    const auto h = (reinterpret_cast<std::uintptr_t>(t) >> 3) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::size_t>(h >> 32) & (table_.size() - 1);
  }
  void grow() {
    auto old = std::move(table_);
    table_.assign(old.size() * 2, {nullptr, 0.0});
    for (const auto& [key, w] : old) {
      if (!key) continue;
      auto i = slot_of(key);
      while (table_[i].first) i = (i + 1) & (table_.size() - 1);
      table_[i] = {key, w};
    }
  }
  struct Join {
    const PreparedToken* a;
    const PreparedToken* b;
    std::unique_ptr<PreparedToken> joined;
  };
  const TokenWeights& weights_;
  std::vector<std::pair<const PreparedToken*, double>> table_;  // open addressing, a power of two long
  std::size_t used_ = 0;
  bool joins_wanted_ = true;
  std::vector<Join> joins_;
};

double best_against(const PreparedToken& t, const Side& other) {
  double best = 0;
  for (const auto* o : other.tokens) best = std::max(best, compare_tokens(t, *o).similarity);
  return best;
}

// Joins adjacent tokens of `side` when together they match a token of
// `other` better than either does alone (word splitting, Han syllables).
// With a memo, joins of tokens that outlive the match are prepared once.
void join_adjacent(Side& side, const Side& other, Memo* memo) {
  for (std::size_t i = 0; i + 1 < side.size();) {
    const auto& a = side[i];
    const auto& b = side[i + 1];
    // Only worth preparing when a token of the other name could be the two joined.
    const std::size_t joined_len = a.text.size() + b.text.size();
    const bool plausible = std::any_of(other.tokens.begin(), other.tokens.end(), [&](const PreparedToken* o) {
      return o->text.size() + 3 >= joined_len && o->text.size() <= joined_len + 3;
    });
    if (!plausible) {
      ++i;
      continue;
    }
    const bool memo_joins = memo && side.kept[i] && side.kept[i + 1];
    // No join beats a token that matches exactly (no similarity exceeds 1):
    // checked before a fresh join is prepared, the costly part.
    double alone = -1;
    if (!memo_joins) {
      alone = std::max(best_against(a, other), best_against(b, other));
      if (alone >= 1.0) {
        ++i;
        continue;
      }
    }
    PreparedToken fresh;
    const PreparedToken* joined = memo_joins ? memo->joined(&a, &b) : &(fresh = join_two(a, b));
    const double together = best_against(*joined, other);
    if (together >= 0.85 &&
        together > (alone >= 0 ? alone : std::max(best_against(a, other), best_against(b, other)))) {
      if (memo_joins) {
        side.replace(i, 2, joined, true);
      } else {
        side.join(i, 2, std::move(fresh));
      }
    } else {
      ++i;
    }
  }
}

// A Han or Hangul word of `other` against a Latin name written in parts
// ("Kim Jong Un", "Taro Yamada"): up to four adjacent Latin parts that
// together read the word, in order or with the last part first (a given
// name put first), become one token.
void join_readings(Side& side, const Side& other) {
  constexpr std::size_t kMostParts = 4;
  for (const auto* o : other.tokens) {
    if (!o->transliterated || !has_readings(o->script) || o->original.size() < 2) continue;
    bool joined = false;
    for (std::size_t i = 0; i + 1 < side.size() && !joined; ++i) {
      for (std::size_t n = std::min(kMostParts, side.size() - i); n >= 2 && !joined; --n) {
        bool latin = true;
        for (std::size_t k = i; k < i + n; ++k) latin = latin && !side[k].transliterated;
        if (!latin) continue;
        std::string in_order, rotated = side[i + n - 1].text;
        for (std::size_t k = i; k < i + n; ++k) in_order += side[k].text;
        for (std::size_t k = i; k + 1 < i + n; ++k) rotated += side[k].text;
        const bool forward = reads_as(o->original, cjk_fold(in_order));
        if (!forward && !reads_as(o->original, cjk_fold(rotated))) continue;
        side.join(i, n, prepare_token(forward ? in_order : rotated, RawToken{}));
        joined = true;
      }
    }
  }
}

// "A.B.C." and "ABC": a run of initials is one abbreviation when the other
// name holds it as a word, or holds a run of its own (two abbreviations,
// compared whole and in order: A.B.C. is not C.B.A.); otherwise each letter
// is the initial of a name.
void join_letter_runs(Side& side, const Side& other, bool other_has_run) {
  auto runs = letter_runs(side.tokens);
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    std::string joined;
    for (std::size_t k = it->first; k < it->second; ++k) joined += side[k].text;
    const bool written_whole = std::any_of(other.tokens.begin(), other.tokens.end(),
                                           [&](const PreparedToken* o) { return o->text == joined; });
    if (!written_whole && !other_has_run) continue;
    side.join(it->first, it->second - it->first, prepare_token(joined, RawToken{}));
  }
}

}  // namespace

bool is_latin_letter(const PreparedToken& t) {
  return t.text.size() == 1 && !t.transliterated && std::isalpha(static_cast<unsigned char>(t.text[0]));
}

const char* to_string(MatchKind k) {
  switch (k) {
    case MatchKind::exact: return "exact";
    case MatchKind::variant: return "variant";
    case MatchKind::transliteration: return "transliteration";
    case MatchKind::phonetic: return "phonetic";
    case MatchKind::typo: return "typo";
    case MatchKind::initial: return "initial";
    case MatchKind::nickname: return "nickname";
  }
  return "exact";
}

std::string consonant_skeleton(std::string_view norm) {
  std::string out;
  for (std::size_t i = 0; i < norm.size(); ++i) {
    const char c = norm[i];
    if (c < 'a' || c > 'z' || std::string_view("aeiou").find(c) != std::string_view::npos) continue;
    if ((c == 'w' || c == 'y') && i > 0) continue;
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  if (out.size() > 4 && out.starts_with("bdl")) out.erase(2, 1);
  return out;
}

bool vowel_poor(std::string_view text) {
  if (text.size() < 3) return false;
  std::size_t vowels = 0;
  for (const char c : text) {
    if (c < 'a' || c > 'z') return false;  // Latin letters only
    if (std::string_view("aeiou").find(c) != std::string_view::npos) ++vowels;
  }
  return vowels * 5 < text.size();
}

PreparedToken prepare_token(std::string text, const RawToken& raw) {
  PreparedToken t;
  const auto& table = name_table();
  t.norm = table.rewrite_ending(text);
  t.canon = table.canonical(text);
  t.key = phonetic_key(t.norm);
  t.cls = table.classify(text);
  t.transliterated = raw.transliterated;
  t.abjad = raw.abjad;
  t.loose_vowels = raw.loose_vowels;
  t.original = raw.original;
  t.script = raw.script;
  t.machine = raw.machine;
  t.skeleton = consonant_skeleton(t.norm);
  t.vowel_poor = !raw.transliterated && vowel_poor(text);
  if (!raw.transliterated) t.given = table.given_name_ids(text);
  t.text = std::move(text);
  return t;
}

namespace {

// "Jr", "III": they follow a name and still say little about it.
bool is_generational(std::string_view t) {
  return t == "jr" || t == "sr" || t == "ii" || t == "iii" || t == "iv";
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string uninvert_name(std::string_view utf8) {
  const auto comma = utf8.find(',');
  if (comma == std::string_view::npos || utf8.find(',', comma + 1) != std::string_view::npos) {
    return std::string(utf8);
  }
  const auto before = trimmed(utf8.substr(0, comma)), after = trimmed(utf8.substr(comma + 1));
  if (before.empty() || after.empty()) return std::string(utf8);
  // What follows a comma in "John Smith, Jr." or "Hugh Smith, 6th Baronet"
  // qualifies the name: the given names of an inverted one are up to four
  // words without digits, one a name at least ("RAUF, Hafiz Abdur").
  const auto words = tokenize_name(after);
  if (words.empty() || words.size() > 4) return std::string(utf8);
  const auto& table = name_table();
  bool named = false;
  for (const auto& w : words) {
    if (std::any_of(w.text.begin(), w.text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::string(utf8);
    }
    named = named || (!is_generational(w.text) && table.classify(w.text) == TokenClass::name);
  }
  return named ? std::string(after) + " " + std::string(before) : std::string(utf8);
}

PreparedName prepare_name(std::string_view utf8) {
  PreparedName n;
  n.original = std::string(utf8);
  // Single letters stay initials ("J. A. Hoffmann"); match_names joins a run
  // of them into one abbreviation when the other name writes it whole.
  // A name inverted around a comma ("HAKIM MURAD, ABDUL") is read in order.
  n.tokens = join_prefixes(tokenize_name(uninvert_name(utf8)));
  // Titles come first; the same words after an article or at the end are a
  // family name ("F. Al-Sayed", "A. Molla", "Ahmed Sheikh"), which the name
  // match may rest on. Generational suffixes stay what they are.
  for (std::size_t i = 1; i < n.tokens.size(); ++i) {
    auto& t = n.tokens[i];
    if (t.cls != TokenClass::honorific) continue;
    const bool after_article = n.tokens[i - 1].text == "al" || n.tokens[i - 1].text == "el";
    const bool last = i + 1 == n.tokens.size() && n.tokens[i - 1].cls != TokenClass::honorific;
    if (after_article || (last && !is_generational(t.text))) t.cls = TokenClass::name;
  }
  return n;
}

std::vector<std::pair<std::size_t, std::size_t>> letter_runs(const std::vector<PreparedToken>& tokens) {
  std::vector<const PreparedToken*> all;
  for (const auto& t : tokens) all.push_back(&t);
  return letter_runs(all);
}

std::vector<std::pair<std::size_t, std::size_t>> letter_runs(std::span<const PreparedToken* const> tokens) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t j = i;
    while (j < tokens.size() && is_latin_letter(*tokens[j])) ++j;
    if (j - i >= 2) runs.emplace_back(i, j);
    i = std::max(j, i + 1);
  }
  return runs;
}

void TokenWeights::add(const PreparedName& name) {
  std::vector<std::string> seen;
  for (const auto& t : name.tokens) {
    if (std::find(seen.begin(), seen.end(), t.canon) != seen.end()) continue;
    seen.push_back(t.canon);
    ++df_[t.canon];
  }
  ++names_;
}

void TokenWeights::remove(const PreparedName& name) {
  std::vector<std::string> seen;
  for (const auto& t : name.tokens) {
    if (std::find(seen.begin(), seen.end(), t.canon) != seen.end()) continue;
    seen.push_back(t.canon);
    if (auto it = df_.find(t.canon); it != df_.end() && --it->second == 0) df_.erase(it);
  }
  if (names_ > 0) --names_;
}

double TokenWeights::weight(const PreparedToken& t) const {
  double w = class_weight(t);
  if (names_ < kMinNames || t.initial() || w < 1.0) return w;
  auto it = df_.find(t.canon);
  const double df = it == df_.end() ? 0.0 : it->second;
  // A token only this name has weighs fully; one in 2% of names about 0.5.
  return w / (1.0 + 0.25 * std::log1p(1000.0 * std::max(0.0, df - 1.0) / static_cast<double>(names_)));
}

TokenMatch compare_tokens(const PreparedToken& q, const PreparedToken& c) {
  TokenMatch m;  // match_names names the tokens; leaving them out here saves copies
  const bool tr = q.transliterated != c.transliterated;
  auto set = [&m](MatchKind how, double sim) {
    m.how = how;
    m.similarity = sim;
    return m;
  };
  if (q.transliterated && c.transliterated && q.script == c.script) {
    // Two names in one non-Latin script compare as written: transliteration
    // would merge homophones (高石 and 高市 are both "gaoshi").
    if (q.original == c.original) return set(MatchKind::exact, 1.0);
    const std::size_t n = std::max(q.original.size(), c.original.size());
    const int e = edit_distance(q.original, c.original);
    if (e <= allowed_edits(n)) {
      set(MatchKind::typo, std::max(0.0, 1.0 - kTypoCost * e / static_cast<double>(n)));
      m.edits = e;
      return m;
    }
    return m;
  }
  if (q.text == c.text) return set(tr ? MatchKind::transliteration : MatchKind::exact, 1.0);
  if (q.initial() || c.initial()) {
    const auto& full = q.initial() ? c : q;
    const auto& init = q.initial() ? q : c;
    if (!full.initial() && full.text.front() == init.text.front()) return set(MatchKind::initial, kInitial);
    return m;
  }
  if (q.canon == c.canon) return set(tr ? MatchKind::transliteration : MatchKind::variant, tr ? 1.0 : kVariant);
  // A Thai or Burmese spelling compared in its script's shared form may do better than the general relations.
  TokenMatch best = tr ? romanisation_match(q, c) : TokenMatch{};
  if (best.similarity >= kVariant) return best;
  auto better = [&best](MatchKind how, double sim) {
    if (sim > best.similarity) {
      best.how = how;
      best.similarity = sim;
    }
    return best;
  };
  if (q.given && c.given && NameTable::nickname_related(*q.given, *c.given)) {
    better(MatchKind::nickname, kNickname);
  }
  // A Han or Hangul word against a Latin spelling, or a word of another
  // script through its Latin one: read in Korean, Japanese or Cantonese too.
  if (const PreparedToken* word = readable(q, c)) {
    const auto& other = word == &q ? c : q;
    if (reads_as(word->original, cjk_fold(other.text))) better(MatchKind::transliteration, kTransliteration);
  }
  const std::size_t len = std::max(q.norm.size(), c.norm.size());
  const bool loose = q.loose_vowels || c.loose_vowels;
  const bool same_key = q.key.size() >= 2 && q.key == c.key;
  // The distance matters up to the edits a typo may hold, or to half the
  // length for an equal phonetic key; past that it is only "too far".
  const int bound = same_key && !loose ? std::max(allowed_edits(len), static_cast<int>(len) / 2) : allowed_edits(len);
  const int d = edit_distance_within(q.norm, c.norm, bound);
  // Skeletons only say "same name" when the spellings are not far apart, or
  // when one side comes from a script whose vowels Latin spellings do not follow.
  // A Han or Hangul word against a Latin spelling says most by its readings
  // (above): the phonetic key, blind to vowels, would let two-syllable names
  // meet by chance (楚成 chucheng, Shi Zhang), so its spellings must be
  // closer (a third of the letters at most differing, not half).
  const int spread = readable(q, c) != nullptr ? 3 : 2;
  // An Arabic-script or Hebrew word ending in its y letter ends on the vowel
  // Latin spellings write (Persian and Arabic nisba names: محمدی Mohammadi,
  // حسنی Hasani): a Latin spelling that does not end on a vowel is most
  // often another name (Muhammad, Hasan), whatever the consonants say, and
  // at best the same one with its ending dropped.
  auto ends_on_y = [](const PreparedToken& t) { return t.abjad && t.text.size() >= 3 && t.text.back() == 'y'; };
  auto ends_on_vowel = [](const PreparedToken& t) {
    return !t.text.empty() && std::string_view("aeiouy").find(t.text.back()) != std::string_view::npos;
  };
  // (A machine's vowel-less spelling, "Alshmyr", writes no vowel anywhere.)
  auto ends_on_consonant = [&](const PreparedToken& t) {
    return !t.transliterated && !t.vowel_poor && !ends_on_vowel(t);
  };
  const bool nisba = (ends_on_y(q) && ends_on_consonant(c)) || (ends_on_y(c) && ends_on_consonant(q));
  // An Arabic-script or Hebrew word meets a Latin spelling by its consonants
  // at full strength only when the spelling writes its letters
  // (abjad_reads): the phonetic key alone merges b with p and drops w and y
  // (Badiri and Petro, Wasim and Zima).
  const PreparedToken* abjad = q.abjad && !q.original.empty() && !c.transliterated   ? &q
                               : c.abjad && !c.original.empty() && !q.transliterated ? &c
                                                                                     : nullptr;
  // (Read only where it decides something: the keys agree.)
  const bool unwritten = same_key && abjad && !abjad_reads(abjad->original, (abjad == &q ? c : q).text);
  if (same_key && nisba) better(MatchKind::transliteration, kNisbaDropped);
  if (same_key && unwritten) better(MatchKind::transliteration, kUnwritten);
  if (same_key && !nisba && !unwritten && (loose || spread * d <= static_cast<int>(len))) {
    return better(tr ? MatchKind::transliteration : MatchKind::phonetic, tr ? kTransliteration : kPhonetic);
  }
  if (d <= allowed_edits(len)) {
    better(MatchKind::typo, std::max(0.0, 1.0 - kTypoCost * d / static_cast<double>(len)));
    if (best.how == MatchKind::typo) best.edits = d;
    return best;
  }
  if (loose && !nisba && std::min(q.key.size(), c.key.size()) >= 3 && edit_distance(q.key, c.key) <= 1) {
    return better(MatchKind::transliteration, kKeyTypo);
  }
  // A spelling without its vowels against one with them (or from the script
  // that leaves them out): the consonants must agree, or nearly for long names.
  if (q.vowel_poor != c.vowel_poor) {
    const std::size_t n = std::min(q.skeleton.size(), c.skeleton.size());
    if (n >= 3 && q.skeleton == c.skeleton) return better(MatchKind::transliteration, kPhonetic);
    if (n >= 5 && edit_distance(q.skeleton, c.skeleton) <= 1) return better(MatchKind::transliteration, kKeyTypo);
  }
  return best;
}

namespace {

struct Pair {
  std::size_t i, j;
  TokenMatch m;
};

// A pair whose tokens agree less than fully, with what it adds to the sums.
struct Weak {
  double similarity;
  double q_matched, c_matched, c_weight;
  bool names;  // both tokens are names (the match may rest on such a pair)
};

// The scratch of a match, kept by a NameScorer across its candidates.
struct Matching {
  Side q, c;
  std::vector<double> qw_of, cw_of;
  std::vector<Pair> pairs;
  std::vector<char> q_used, c_used;
  std::vector<Weak> weak;
};

// The score of two names, and with `explain` the token pairs behind it.
// With a memo, what only depends on the query or on kept tokens is reused.
NameMatch match_tokens(Matching& m, Memo* memo, std::span<const PreparedToken* const> query,
                       std::span<const PreparedToken* const> candidate, const TokenWeights& weights, bool explain) {
  NameMatch result;
  Side& q = m.q;
  Side& c = m.c;
  q.reset(query);
  c.reset(candidate);
  const bool q_runs = !letter_runs(q.tokens).empty(), c_runs = !letter_runs(c.tokens).empty();
  join_letter_runs(q, c, c_runs);
  join_letter_runs(c, q, q_runs);
  join_readings(q, c);
  join_readings(c, q);
  // The query's joins recur with every candidate; a candidate's do not.
  join_adjacent(q, c, memo && memo->remembers_joins() ? memo : nullptr);
  join_adjacent(c, q, nullptr);
  if (q.tokens.empty() || c.tokens.empty()) return result;
  // Each weight once: a weight is a table lookup, and the sort asks often.
  auto weights_of = [&weights, memo](const Side& s, std::vector<double>& w) {
    w.clear();
    for (std::size_t i = 0; i < s.size(); ++i) {
      w.push_back(memo && s.kept[i] ? memo->weight(s.tokens[i]) : weights.weight(s[i]));
    }
  };
  weights_of(q, m.qw_of);
  weights_of(c, m.cw_of);
  const auto& qw_of = m.qw_of;
  const auto& cw_of = m.cw_of;

  auto& pairs = m.pairs;
  pairs.clear();
  for (std::size_t i = 0; i < q.size(); ++i) {
    for (std::size_t j = 0; j < c.size(); ++j) {
      auto tm = compare_tokens(q[i], c[j]);
      if (tm.similarity > 0) pairs.push_back({i, j, std::move(tm)});
    }
  }
  // Greedy assignment, best relation first; on ties the heavier tokens first.
  // Initials go last: "M" must not take the Martin that "Mratin" spells.
  // Pairs are few: a stable insertion sort, without stable_sort's buffer.
  auto before = [&](const Pair& a, const Pair& b) {
    const bool a_initial = a.m.how == MatchKind::initial, b_initial = b.m.how == MatchKind::initial;
    if (a_initial != b_initial) return b_initial;
    if (a.m.similarity != b.m.similarity) return a.m.similarity > b.m.similarity;
    return qw_of[a.i] + cw_of[a.j] > qw_of[b.i] + cw_of[b.j];
  };
  for (std::size_t k = 1; k < pairs.size(); ++k) {
    for (std::size_t at = k; at > 0 && before(pairs[at], pairs[at - 1]); --at) std::swap(pairs[at], pairs[at - 1]);
  }
  auto& q_used = m.q_used;
  auto& c_used = m.c_used;
  q_used.assign(q.size(), 0);
  c_used.assign(c.size(), 0);
  double q_total = 0, c_total = 0, q_matched = 0, c_matched = 0;
  for (const double w : qw_of) q_total += w;
  for (const double w : cw_of) c_total += w;
  bool any_pair = false;
  int name_pairs = 0;
  int paired_parts = 0;  // names, patronymics and initials paired (NameMatch)
  auto& weak = m.weak;
  weak.clear();
  for (auto& p : pairs) {
    if (q_used[p.i] || c_used[p.j]) continue;
    q_used[p.i] = c_used[p.j] = 1;
    any_pair = true;
    const auto& qt = q[p.i];
    const auto& ct = c[p.j];
    // An initial stands for the full name: it weighs as much as what it matched.
    const double qw = qt.initial() ? cw_of[p.j] : qw_of[p.i];
    const double cw = ct.initial() ? qw_of[p.i] : cw_of[p.j];
    if (qt.initial()) q_total += qw - qw_of[p.i];
    if (ct.initial()) c_total += cw - cw_of[p.j];
    q_matched += qw * p.m.similarity;
    c_matched += cw * p.m.similarity;
    const bool names = class_weight(qt) >= 0.5 && class_weight(ct) >= 0.5 && !qt.initial() && !ct.initial();
    name_pairs += names;
    paired_parts += class_weight(qt) >= 0.4 && class_weight(ct) >= 0.4;
    // One error in a part of four letters or more (in three, Rob and Bob are two names).
    if (p.m.how == MatchKind::typo && p.m.edits == 1 && std::min(qt.norm.size(), ct.norm.size()) >= 4) {
      weak.push_back({p.m.similarity, qw * p.m.similarity, cw * p.m.similarity, cw, names});
    }
    if (explain) {
      p.m.query = q.label(p.i);
      p.m.candidate = c.label(p.j);
      result.reasons.push_back(std::move(p.m));
    }
  }
  // Names made only of initials and generic words ("A.B.C. Company") may match on those.
  auto all_minor = [](const Side& s) {
    return std::none_of(s.tokens.begin(), s.tokens.end(),
                        [](const PreparedToken* t) { return class_weight(*t) >= 0.5 && !t->initial(); });
  };
  const bool minor_only = all_minor(q) && all_minor(c) && any_pair;
  if ((name_pairs == 0 && !minor_only) || q_total <= 0 || c_total <= 0) {
    result.score = 0;
    return result;
  }
  // Names that each hold a part the other lacks conflict (a different given
  // name, a different father); one name holding more parts than the other
  // (a middle name, a title) is a milder difference.
  auto score_of = [](double qc, double cc) {
    const double conflict = 1.0 - std::max(qc, cc);
    const double extra = std::max(qc, cc) - std::min(qc, cc);
    return std::clamp(1.0 - kConflictCost * conflict - kExtraCost * extra, 0.0, 1.0);
  };
  result.score = score_of(q_matched / q_total, c_matched / c_total);
  // A candidate part one typing error from a query part should not count
  // against it more than the part missing would: "Kim Hyok Chol" for a query
  // "Kim Hypk Chol" scores at least what "Kim Chol" does. Such pairs are left
  // out, weakest first, as if the candidate lacked their part, each where
  // that scores better.
  if (!weak.empty()) {
    std::sort(weak.begin(), weak.end(), [](const Weak& a, const Weak& b) { return a.similarity < b.similarity; });
    for (const auto& w : weak) {
      if (w.names && name_pairs == 1) continue;  // the last name pair stays
      const double qm = q_matched - w.q_matched, cm = c_matched - w.c_matched, ct = c_total - w.c_weight;
      if (ct <= 0) continue;
      const double without = score_of(qm / q_total, cm / ct);
      if (without <= result.score) continue;
      result.score = without;
      q_matched = qm;
      c_matched = cm;
      c_total = ct;
      name_pairs -= w.names;
    }
  }
  auto parts = [](const Side& s) {
    return static_cast<int>(std::count_if(s.tokens.begin(), s.tokens.end(),
                                          [](const PreparedToken* t) { return class_weight(*t) >= 0.4; }));
  };
  result.query_parts = parts(q);
  result.candidate_parts = parts(c);
  result.paired_parts = paired_parts;
  return result;
}

std::vector<const PreparedToken*> pointers(const PreparedName& n) {
  std::vector<const PreparedToken*> out;
  out.reserve(n.tokens.size());
  for (const auto& t : n.tokens) out.push_back(&t);
  return out;
}

}  // namespace

NameMatch match_names(const PreparedName& query, const PreparedName& candidate, const TokenWeights& weights) {
  Matching m;
  return match_tokens(m, nullptr, pointers(query), pointers(candidate), weights, true);
}

NameMatch match_names(const PreparedName& query, std::span<const PreparedToken* const> candidate,
                      const TokenWeights& weights) {
  Matching m;
  return match_tokens(m, nullptr, pointers(query), candidate, weights, true);
}

double name_score(std::span<const PreparedToken* const> query, std::span<const PreparedToken* const> candidate,
                  const TokenWeights& weights) {
  Matching m;
  return match_tokens(m, nullptr, query, candidate, weights, false).score;
}

struct NameScorer::State {
  State(std::span<const PreparedToken* const> q, const TokenWeights& w) : query(q), weights(w), memo(w) {}
  std::span<const PreparedToken* const> query;
  const TokenWeights& weights;
  Memo memo;
  Matching matching;
};

NameScorer::NameScorer(std::span<const PreparedToken* const> query, const TokenWeights& weights)
    : state_(std::make_unique<State>(query, weights)) {}

NameScorer::~NameScorer() = default;

double NameScorer::score(std::span<const PreparedToken* const> candidate) {
  auto& s = *state_;
  return match_tokens(s.matching, &s.memo, s.query, candidate, s.weights, false).score;
}

NameMatch NameScorer::match(std::span<const PreparedToken* const> candidate) {
  auto& s = *state_;
  return match_tokens(s.matching, &s.memo, s.query, candidate, s.weights, true);
}

struct PairScorer::State {
  explicit State(const TokenWeights& w) : weights(w), memo(w, false) {}
  const TokenWeights& weights;
  Memo memo;
  Matching matching;
};

PairScorer::PairScorer(const TokenWeights& weights) : state_(std::make_unique<State>(weights)) {}

PairScorer::~PairScorer() = default;
PairScorer::PairScorer(PairScorer&&) noexcept = default;

double PairScorer::score(std::span<const PreparedToken* const> a, std::span<const PreparedToken* const> b) {
  auto& s = *state_;
  return match_tokens(s.matching, &s.memo, a, b, s.weights, false).score;
}

}  // namespace ariadne::text
