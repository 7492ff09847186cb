#include "text/readings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace ariadne::text {

extern const char* const kHanReadingsText;     // generated from han_readings.txt
extern const char* const kKoreanSurnamesText;  // generated from korean_surnames.txt

namespace {

bool vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

enum Language { kMandarin, kCantonese, kKorean, kJapanese };

// A character's readings, folded, by language in the table's order.
struct CharReadings {
  std::array<std::vector<std::string>, 4> by_language;
  std::vector<std::string> inner;  // Japanese, only after the first character (rendaku)
};

void add_unique(std::vector<std::string>& v, std::string s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// Hangul syllables: initial × vowel × final, each with the spellings of the
// Revised Romanisation and McCune-Reischauer (and their common ASCII forms).
const std::array<std::vector<std::string>, 19> kInitials = {{{"g", "k"},
                                                             {"kk"},
                                                             {"n"},
                                                             {"d", "t"},
                                                             {"tt"},
                                                             {"r", "l"},
                                                             {"m"},
                                                             {"b", "p"},
                                                             {"pp"},
                                                             {"s", "sh"},
                                                             {"ss"},
                                                             {""},
                                                             {"j", "ch"},
                                                             {"jj"},
                                                             {"ch"},
                                                             {"k"},
                                                             {"t"},
                                                             {"p"},
                                                             {"h"}}};
const std::array<std::vector<std::string>, 21> kVowels = {
    {{"a"},  {"ae", "e"}, {"ya"},        {"yae", "ye"},      {"eo", "u"}, {"e"},       {"yeo", "yu"}, {"ye"},
     {"o"},  {"wa"},      {"wae", "we"}, {"oe", "oi", "we"}, {"yo"},      {"u", "oo"}, {"wo"},        {"we"},
     {"wi"}, {"yu"},      {"eu"},        {"ui", "eui"},      {"i"}}};
const std::array<std::vector<std::string>, 28> kFinals = {
    {{""},  {"k", "g"}, {"k"}, {"k"}, {"n"}, {"n"}, {"n"}, {"t", "d"}, {"l", "r"}, {"k"},
     {"m"}, {"l"},      {"l"}, {"l"}, {"p"}, {"l"}, {"m"}, {"p", "b"}, {"p"},      {"t", "s"},
     {"t"}, {"ng"},     {"t"}, {"t"}, {"k"}, {"t"}, {"p"}, {"t"}}};

constexpr char32_t kFirstSyllable = 0xAC00, kLastSyllable = 0xD7A3;

std::vector<std::string> hangul_spellings(char32_t syllable) {
  std::vector<std::string> out;
  if (syllable < kFirstSyllable || syllable > kLastSyllable) return out;
  const auto s = static_cast<std::size_t>(syllable - kFirstSyllable);
  for (const auto& i : kInitials[s / 588]) {
    for (const auto& v : kVowels[(s % 588) / 28]) {
      for (const auto& f : kFinals[s % 28]) add_unique(out, i + v + f);
    }
  }
  return out;
}

// Cantonese in Jyutping to the spellings Hong Kong and Macau registers use
// (張 zoeng: Cheung; 陳 can: Chan; 葉 jip: Yip; 徐 ceoi: Tsui).
std::vector<std::string> cantonese_spellings(std::string_view jyutping) {
  static const std::unordered_map<std::string, std::vector<std::string>> initials = {
      {"b", {"p", "b"}},        {"d", {"t", "d"}},   {"g", {"k", "g"}},  {"gw", {"kw"}}, {"kw", {"kw"}},
      {"z", {"ch", "ts", "j"}}, {"c", {"ch", "ts"}}, {"s", {"s", "sh"}}, {"j", {"y"}},   {"ng", {"ng"}}};
  static const std::unordered_map<std::string, std::vector<std::string>> finals = {{"aa", {"a"}},
                                                                                   {"aai", {"ai"}},
                                                                                   {"aau", {"au"}},
                                                                                   {"aam", {"am"}},
                                                                                   {"aan", {"an"}},
                                                                                   {"aang", {"ang"}},
                                                                                   {"aap", {"ap"}},
                                                                                   {"aat", {"at"}},
                                                                                   {"aak", {"ak"}},
                                                                                   {"oe", {"eu", "oe"}},
                                                                                   {"oeng", {"eung"}},
                                                                                   {"oek", {"euk"}},
                                                                                   {"eoi", {"ui", "eui"}},
                                                                                   {"eon", {"un", "eun"}},
                                                                                   {"eot", {"ut", "eut"}},
                                                                                   {"yu", {"u", "ue", "ui"}},
                                                                                   {"yun", {"un", "uen", "uan"}},
                                                                                   {"yut", {"ut", "uet"}},
                                                                                   {"ei", {"ei", "ay", "i"}},
                                                                                   {"i", {"i", "ee", "y"}},
                                                                                   {"ou", {"o", "ou", "ow"}},
                                                                                   {"o", {"o", "oh", "aw"}},
                                                                                   {"au", {"au", "ow"}},
                                                                                   {"ing", {"ing", "eng"}},
                                                                                   {"ik", {"ik", "ek"}},
                                                                                   {"ung", {"ung", "ong"}},
                                                                                   {"uk", {"uk", "ok"}},
                                                                                   {"u", {"u", "oo"}},
                                                                                   {"an", {"an", "un"}},
                                                                                   {"at", {"at", "ut"}},
                                                                                   {"ang", {"ang", "ung"}},
                                                                                   {"am", {"am", "um"}},
                                                                                   {"ap", {"ap", "up"}},
                                                                                   {"ak", {"ak", "uk"}}};
  std::vector<std::string> out;
  const std::string j(jyutping);
  if (j == "m" || j == "ng") return {j};
  std::string initial;
  for (const char* i :
       {"gw", "kw", "ng", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "w", "z", "c", "s", "j"}) {
    if (j.starts_with(i) && j.size() > std::string_view(i).size()) {
      initial = i;
      break;
    }
  }
  const std::string final = j.substr(initial.size());
  auto ii = initials.find(initial);
  const std::vector<std::string> is = ii == initials.end() ? std::vector<std::string>{initial} : ii->second;
  auto fi = finals.find(final);
  const std::vector<std::string> fs = fi == finals.end() ? std::vector<std::string>{final} : fi->second;
  for (const auto& i : is) {
    for (const auto& f : fs) add_unique(out, i + f);
  }
  return out;
}

// A folded Japanese reading as it reads after the first character of a
// name (rendaku voices its first consonant: Kobayashi, Yoshizawa, Fujita).
std::vector<std::string> rendaku(const std::string& folded) {
  std::vector<std::string> out;
  if (folded.empty()) return out;
  const std::string rest = folded.substr(1);
  switch (folded[0]) {
    case 'h':
    case 'f': out.push_back("p" + rest); break;
    case 's':
      out.push_back("z" + rest);
      out.push_back("j" + rest);
      break;
    default: break;
  }
  return out;
}

char32_t first_code_point(std::string_view utf8, std::size_t& length) {
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, static_cast<int32_t>(utf8.size()), c);
  length = static_cast<std::size_t>(i);
  return c < 0 ? 0 : static_cast<char32_t>(c);
}

std::vector<std::string> split(const std::string& s, char by) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, by)) out.push_back(part);
  return out;
}

class Tables {
 public:
  Tables() {
    // Korean family names' customary spellings, added to their syllables.
    std::unordered_map<char32_t, std::vector<std::string>> surnames;
    {
      std::istringstream in{std::string(kKoreanSurnamesText)};
      int number = 0;
      for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        auto words = split(line, ' ');
        std::size_t len = 0;
        const char32_t syllable = first_code_point(words[0], len);
        if (words.size() < 2 || syllable < kFirstSyllable || syllable > kLastSyllable || len != words[0].size()) {
          throw std::logic_error("korean_surnames:" + std::to_string(number) + ": a Hangul syllable, then spellings");
        }
        for (std::size_t k = 1; k < words.size(); ++k) surnames[syllable].push_back(words[k]);
      }
    }
    auto hangul = [&surnames](char32_t syllable, std::vector<std::string>& into) {
      for (const auto& s : hangul_spellings(syllable)) add_unique(into, cjk_fold(s));
      if (auto it = surnames.find(syllable); it != surnames.end()) {
        for (const auto& s : it->second) add_unique(into, cjk_fold(s));
      }
    };
    for (char32_t s = kFirstSyllable; s <= kLastSyllable; ++s) hangul(s, chars_[s].by_language[kKorean]);
    std::istringstream in{std::string(kHanReadingsText)};
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      if (line.empty() || line[0] == '#') continue;
      auto fields = split(line, '\t');
      std::size_t len = 0;
      const char32_t c = first_code_point(fields[0], len);
      if (c == 0 || len != fields[0].size() || fields.size() < 2) {
        throw std::logic_error("han_readings:" + std::to_string(number) + ": a character, then its readings");
      }
      auto& r = chars_[c];
      for (std::size_t k = 1; k < fields.size(); ++k) {
        const auto& f = fields[k];
        if (f.size() < 3 || f[1] != '=') {
          throw std::logic_error("han_readings:" + std::to_string(number) + ": a field is lang=reading,…");
        }
        for (const auto& value : split(f.substr(2), ',')) {
          std::vector<std::string> spelled;
          int language = 0;
          switch (f[0]) {
            case 'm':
              language = kMandarin;
              spelled.push_back(cjk_fold(value));
              break;
            case 'c':
              language = kCantonese;
              for (const auto& s : cantonese_spellings(value)) add_unique(spelled, cjk_fold(s));
              break;
            case 'k': {
              language = kKorean;
              std::size_t n = 0;
              const char32_t syllable = first_code_point(value, n);
              auto read = chars_.find(syllable);  // every syllable's spellings are made above
              if (n != value.size() || read == chars_.end()) {
                throw std::logic_error("han_readings:" + std::to_string(number) + ": a Korean reading is one syllable");
              }
              spelled = read->second.by_language[kKorean];
              break;
            }
            case 'j':
              language = kJapanese;
              spelled.push_back(cjk_fold(value));
              for (auto& v : rendaku(spelled.back())) add_unique(r.inner, std::move(v));
              break;
            default: throw std::logic_error("han_readings:" + std::to_string(number) + ": unknown language");
          }
          for (auto& s : spelled) add_unique(r.by_language[static_cast<std::size_t>(language)], std::move(s));
        }
      }
    }
  }
  const CharReadings* find(char32_t c) const {
    auto it = chars_.find(c);
    return it == chars_.end() ? nullptr : &it->second;
  }
  std::size_t size() const { return chars_.size(); }

 private:
  std::unordered_map<char32_t, CharReadings> chars_;
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

std::string cjk_fold(std::string_view latin) {
  std::string s;
  s.reserve(latin.size());
  for (char c : latin) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c >= 'a' && c <= 'z') s += c;
  }
  std::string out;
  out.reserve(s.size());
  auto put = [&out](char c) {
    if (out.empty() || out.back() != c) out += c;  // doubled letters once
  };
  for (std::size_t i = 0; i < s.size();) {
    const std::string_view rest = std::string_view(s).substr(i);
    const bool before_consonant = i + 2 >= s.size() || !vowel(s[i + 2]);
    if (rest.starts_with("tch")) {
      put('j');
      i += 3;
    } else if (rest.starts_with("ch") || rest.starts_with("zh")) {
      put('j');
      i += 2;
    } else if (rest.starts_with("sh")) {
      put('s');
      i += 2;
    } else if (rest.starts_with("ts") || rest.starts_with("tz")) {
      put('z');
      i += 2;
    } else if (rest.starts_with("hs") && (i == 0 || !vowel(s[i - 1]))) {  // Wade-Giles: Hsu
      put('s');
      i += 2;
    } else if (rest.starts_with("ph") || rest.starts_with("th") || rest.starts_with("kh")) {
      put(rest[0]);
      i += 2;
    } else if (rest.starts_with("eo") || rest.starts_with("ou") || rest.starts_with("oo")) {
      put('o');
      i += 2;
    } else if (rest.starts_with("eu") || rest.starts_with("uu")) {
      put('u');
      i += 2;
    } else if (rest.starts_with("ee")) {
      put('i');
      i += 2;
    } else if (rest.starts_with("ien")) {
      out += "ian";
      i += 3;
    } else if (rest.starts_with("ung")) {
      out += "onk";
      i += 3;
    } else if ((rest.starts_with("oh") || rest.starts_with("ih")) && before_consonant) {  // Oh, Ohno; Shih
      put(rest[0]);
      i += 2;
    } else {
      char c = s[i];
      if (c == 'm' && i + 1 < s.size() && (s[i + 1] == 'b' || s[i + 1] == 'p' || s[i + 1] == 'm')) c = 'n';
      switch (c) {
        case 'x': c = 's'; break;
        case 'q': c = 'j'; break;
        case 'c': c = 'z'; break;
        case 'g': c = 'k'; break;
        case 'd': c = 't'; break;
        case 'b': c = 'p'; break;
        case 'r': c = 'l'; break;
        default: break;
      }
      put(c);
      ++i;
    }
  }
  return out;
}

bool has_readings(int script) {
  return script == USCRIPT_HAN || script == USCRIPT_HANGUL;
}

bool written_without_spaces(int script) {
  return script == USCRIPT_HAN || script == USCRIPT_HANGUL || script == USCRIPT_HIRAGANA ||
         script == USCRIPT_KATAKANA || script == USCRIPT_THAI || script == USCRIPT_LAO || script == USCRIPT_KHMER ||
         script == USCRIPT_MYANMAR;
}

namespace {

// reads_as in one language: every character read in it (a name is Chinese,
// Korean or Japanese throughout; mixing their readings would let two
// characters read as almost anything). Hangul syllables have only Korean.
bool reads_in(const Tables& t, std::u32string_view word, std::string_view latin, std::size_t language) {
  // Bit p of `at`: the characters so far read as latin[0, p).
  std::uint64_t at = 1;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto* r = t.find(word[i]);
    if (!r) return false;
    std::uint64_t next = 0;
    auto step = [&](std::size_t p, const std::string& reading) {
      if (latin.compare(p, reading.size(), reading) == 0) {
        if (p + reading.size() <= latin.size()) next |= std::uint64_t{1} << (p + reading.size());
      } else if (p > 0 && reading.size() > 1 && reading[0] == latin[p - 1] &&
                 latin.compare(p, reading.size() - 1, std::string_view(reading).substr(1)) == 0) {
        // The folded Latin spelling writes a letter shared across the boundary once (Kimin: kim · min).
        next |= std::uint64_t{1} << (p + reading.size() - 1);
      }
    };
    for (std::size_t p = 0; p < latin.size(); ++p) {
      if (!(at >> p & 1)) continue;
      for (const auto& reading : r->by_language[language]) step(p, reading);
      if (i > 0 && language == kJapanese) {
        for (const auto& reading : r->inner) step(p, reading);
      }
    }
    at = next;
    if (at == 0) return false;
  }
  return (at >> latin.size()) & 1;
}

}  // namespace

bool reads_as(std::u32string_view word, std::string_view latin) {
  if (word.empty() || word.size() > kMaxReadChars || latin.empty() || latin.size() >= 64) return false;
  const auto& t = tables();
  for (std::size_t language = 0; language < 4; ++language) {
    if (reads_in(t, word, latin, language)) return true;
  }
  return false;
}

std::vector<std::string> reading_keys(std::u32string_view word, std::size_t cap) {
  std::vector<std::string> out;
  if (word.empty() || word.size() > kMaxReadChars) return out;
  const auto& t = tables();
  std::vector<const CharReadings*> chars;
  for (const char32_t c : word) chars.push_back(t.find(c));
  // Each run read in one language at a time, the first few readings of each
  // character (a Japanese one may have dozens; the fold has already merged
  // most spellings of one reading). Runs: the whole word, then each
  // character, each pair, each three: how Latin names write the parts.
  constexpr std::size_t kPerChar = 2;
  constexpr std::size_t kPerRunAndLanguage = 4;
  auto add_run = [&](std::size_t from, std::size_t len) {
    for (std::size_t language = 0; language < 4; ++language) {
      std::vector<std::string> run{""};
      for (std::size_t i = from; i < from + len && !run.empty(); ++i) {
        std::vector<std::string> grown;
        if (chars[i]) {
          std::vector<const std::string*> options;
          const auto& own = chars[i]->by_language[language];
          for (std::size_t k = 0; k < own.size() && k < kPerChar; ++k) options.push_back(&own[k]);
          if (language == kJapanese && i > 0) {
            for (std::size_t k = 0; k < chars[i]->inner.size() && k < kPerChar; ++k) {
              options.push_back(&chars[i]->inner[k]);
            }
          }
          for (const auto& prefix : run) {
            for (const auto* o : options) {
              if (grown.size() < kPerRunAndLanguage) grown.push_back(prefix + *o);
            }
          }
        }
        run = std::move(grown);
      }
      for (auto& r : run) {
        if (out.size() >= cap) return;
        // Folded again: letters doubled across characters are written once.
        auto key = cjk_fold(r);
        if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
      }
    }
  };
  add_run(0, word.size());
  for (std::size_t len = 1; len <= 3 && len < word.size(); ++len) {
    for (std::size_t from = 0; from + len <= word.size(); ++from) add_run(from, len);
  }
  return out;
}

namespace {

// Latin renderings of the letters of Arabic (with Persian and Urdu) and
// Hebrew; "" for a letter that may be written as a vowel or not at all.
const std::unordered_map<char32_t, std::vector<std::string>>& abjad_letters() {
  static const std::unordered_map<char32_t, std::vector<std::string>> m = {
      // Arabic: alif, hamza forms and ayn carry vowels.
      {U'ا', {""}},
      {U'أ', {""}},
      {U'إ', {""}},
      {U'آ', {""}},
      {U'ء', {""}},
      {U'ئ', {"", "y"}},
      {U'ؤ', {"", "w"}},
      {U'ٱ', {""}},
      {U'ع', {""}},
      {U'ب', {"b"}},
      {U'ت', {"t"}},
      {U'ث', {"th", "t", "s"}},
      {U'ج', {"j", "g", "dj", "dzh", "zh"}},
      {U'ح', {"h", "kh"}},
      {U'خ', {"kh", "h", "ch", "x"}},
      {U'د', {"d", "dh"}},
      {U'ذ', {"dh", "z", "d", "th"}},
      {U'ر', {"r"}},
      {U'ز', {"z", "s"}},
      {U'س', {"s"}},
      {U'ش', {"sh", "ch", "sch", "s", "x"}},
      {U'ص', {"s"}},
      {U'ض', {"d", "dh", "z"}},
      {U'ط', {"t"}},
      {U'ظ', {"z", "dh", "d"}},
      {U'غ', {"gh", "g"}},
      {U'ف', {"f", "ph", "v"}},
      {U'ق', {"q", "k", "g", "gh", "c"}},
      {U'ك', {"k", "c", "ch"}},
      {U'ک', {"k", "c"}},
      {U'ل', {"l"}},
      {U'م', {"m"}},
      {U'ن', {"n", "m"}},
      {U'ه', {"h", ""}},
      {U'ة', {"", "h", "t"}},
      {U'و', {"w", "v", ""}},
      {U'ي', {"y", "j", ""}},
      {U'ی', {"y", "j", ""}},
      {U'ى', {""}},
      {U'پ', {"p"}},
      {U'چ', {"ch", "tch", "c"}},
      {U'ژ', {"zh", "j", "z"}},
      {U'گ', {"g"}},
      {U'ٹ', {"t"}},
      {U'ڈ', {"d"}},
      {U'ڑ', {"r"}},
      {U'ں', {"n"}},
      {U'ھ', {"h", ""}},
      {U'ے', {""}},
      // Hebrew: alef and ayin carry vowels, vav and yod may be vowels; a geresh
      // (dropped with the punctuation) made ג j, ז zh, צ ch.
      {U'א', {""}},
      {U'ע', {""}},
      {U'ב', {"b", "v"}},
      {U'ג', {"g", "j", "dj"}},
      {U'ד', {"d"}},
      {U'ה', {"h", ""}},
      {U'ו', {"v", "w", ""}},
      {U'ז', {"z", "s", "zh", "j"}},
      {U'ח', {"h", "kh", "ch"}},
      {U'ט', {"t"}},
      {U'י', {"y", "j", ""}},
      {U'כ', {"k", "kh", "ch", "c"}},
      {U'ך', {"k", "kh", "ch", "c"}},
      {U'ל', {"l"}},
      {U'מ', {"m"}},
      {U'ם', {"m"}},
      {U'נ', {"n"}},
      {U'ן', {"n"}},
      {U'ס', {"s"}},
      {U'פ', {"p", "f", "ph"}},
      {U'ף', {"f", "p", "ph"}},
      {U'צ', {"ts", "tz", "z", "c", "ch"}},
      {U'ץ', {"ts", "tz", "z"}},
      {U'ק', {"k", "q", "c", "ck"}},
      {U'ר', {"r"}},
      {U'ש', {"sh", "s", "ch", "sch"}},
      {U'ת', {"t", "th", "s"}}};
  return m;
}

bool latin_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool abjad_reads_letters(std::u32string_view word, std::string_view latin) {
  constexpr std::size_t kMostLetters = 24;
  if (word.empty() || word.size() > kMostLetters || latin.empty() || latin.size() >= 64) return false;
  const auto& letters = abjad_letters();
  // Bit p: the letters so far write latin[0, p). Between letters the
  // spelling may add vowels, and write the letter before again (a shadda).
  auto spread = [&](std::uint64_t at) {
    for (std::size_t p = 0; p < latin.size(); ++p) {
      if (!(at >> p & 1)) continue;
      if (latin_vowel(latin[p]) || (p > 0 && latin[p] == latin[p - 1])) at |= std::uint64_t{1} << (p + 1);
    }
    return at;
  };
  std::uint64_t at = spread(1);
  char32_t before = 0;
  for (const char32_t letter : word) {
    // Vowel points, shadda, tatweel and Hebrew niqqud write nothing of their own.
    if ((letter >= 0x064B && letter <= 0x065F) || letter == 0x0670 || letter == 0x0640 ||
        (letter >= 0x05B0 && letter <= 0x05C7)) {
      continue;
    }
    auto it = letters.find(letter);
    if (it == letters.end()) return false;  // a letter of no known rendering: say nothing
    // The l of an article inside a compound name (عبدالرحمن) may be left
    // out, as "Abdrahman" and "Abdurrahman" do.
    const bool article_l = letter == U'ل' && before == U'ا';
    before = letter;
    std::uint64_t next = article_l ? at : 0;
    for (std::size_t p = 0; p <= latin.size(); ++p) {
      if (!(at >> p & 1)) continue;
      for (const auto& r : it->second) {
        if (p + r.size() <= latin.size() && latin.compare(p, r.size(), r) == 0)
          next |= std::uint64_t{1} << (p + r.size());
      }
    }
    at = spread(next);
    if (at == 0) return false;
  }
  return (at >> latin.size()) & 1;
}

}  // namespace

bool abjad_reads(std::u32string_view word, std::string_view latin) {
  if (abjad_reads_letters(word, latin)) return true;
  return word.size() > 3 && word[0] == U'ا' && word[1] == U'ل' && abjad_reads_letters(word.substr(2), latin);
}

std::size_t reading_table_size() {
  return tables().size();
}

}  // namespace ariadne::text
