#include "text/normalise.hpp"

#include "text/romanise.hpp"
#include "text/transliterate.hpp"

#include <algorithm>
#include <map>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

namespace ariadne::text {
namespace {

// Any script to Latin (then ASCII), and Latin to ASCII only: most names are
// Latin already, and the shorter transform is several times faster.
constexpr const char* kToLatinId = "Han-Latin/Names; Greek-Latin/UNGEGN; Ethiopic-Latin/SERA; Any-Latin; Latin-ASCII";
constexpr const char* kLatinToAsciiId = "Latin-ASCII";

bool is_ascii(const icu::UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); ++i) {
    if (s.charAt(i) > 0x7F) return false;
  }
  return true;
}

bool is_joiner(UChar32 c) {
  // Apostrophes and the marks transliteration leaves for ayn and hamza join a word.
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02BB || c == 0x02BF || c == 0x02BE ||
         c == '`' || c == 0x00B4;
}

// Splits camel-case joins in the original before case folding erases them.
icu::UnicodeString split_camel(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  UChar32 prev = 0;
  for (int32_t i = 0; i < in.length(); i = in.moveIndex32(i, 1)) {
    UChar32 c = in.char32At(i);
    if (prev != 0 && u_isULowercase(prev) && u_isUUppercase(c)) out.append(static_cast<UChar32>(' '));
    out.append(c);
    prev = c;
  }
  return out;
}

// The first script of the word's letters other than Latin, Common and Inherited.
int main_script(const icu::UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(s.char32At(i), &status);
    if (U_SUCCESS(status) && sc != USCRIPT_LATIN && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) return sc;
  }
  return USCRIPT_LATIN;
}

// Sinhala, which ICU does not transliterate, letter for letter in the
// Devanagari it parallels (ක ka: क, ් virama: ्), which ICU does.
const std::map<char32_t, std::u32string>& sinhala_letters() {
  static const std::map<char32_t, std::u32string> m = {{0x0D82, U"\u0902"},
                                                       {0x0D83, U"\u0903"},
                                                       // independent vowels: a ā æ ǣ i ī u ū ṛ ṝ ḷ ḹ e ē ai o ō au
                                                       {0x0D85, U"\u0905"},
                                                       {0x0D86, U"\u0906"},
                                                       {0x0D87, U"\u090D"},
                                                       {0x0D88, U"\u090D"},
                                                       {0x0D89, U"\u0907"},
                                                       {0x0D8A, U"\u0908"},
                                                       {0x0D8B, U"\u0909"},
                                                       {0x0D8C, U"\u090A"},
                                                       {0x0D8D, U"\u090B"},
                                                       {0x0D8E, U"\u0960"},
                                                       {0x0D8F, U"\u090C"},
                                                       {0x0D90, U"\u0961"},
                                                       {0x0D91, U"\u090F"},
                                                       {0x0D92, U"\u090F"},
                                                       {0x0D93, U"\u0910"},
                                                       {0x0D94, U"\u0913"},
                                                       {0x0D95, U"\u0913"},
                                                       {0x0D96, U"\u0914"},
                                                       // consonants, the prenasalised ones as nasal + virama + stop
                                                       {0x0D9A, U"\u0915"},
                                                       {0x0D9B, U"\u0916"},
                                                       {0x0D9C, U"\u0917"},
                                                       {0x0D9D, U"\u0918"},
                                                       {0x0D9E, U"\u0919"},
                                                       {0x0D9F, U"\u0919\u094D\u0917"},
                                                       {0x0DA0, U"\u091A"},
                                                       {0x0DA1, U"\u091B"},
                                                       {0x0DA2, U"\u091C"},
                                                       {0x0DA3, U"\u091D"},
                                                       {0x0DA4, U"\u091E"},
                                                       {0x0DA5, U"\u091C\u094D\u091E"},
                                                       {0x0DA6, U"\u091E\u094D\u091C"},
                                                       {0x0DA7, U"\u091F"},
                                                       {0x0DA8, U"\u0920"},
                                                       {0x0DA9, U"\u0921"},
                                                       {0x0DAA, U"\u0922"},
                                                       {0x0DAB, U"\u0923"},
                                                       {0x0DAC, U"\u0923\u094D\u0921"},
                                                       {0x0DAD, U"\u0924"},
                                                       {0x0DAE, U"\u0925"},
                                                       {0x0DAF, U"\u0926"},
                                                       {0x0DB0, U"\u0927"},
                                                       {0x0DB1, U"\u0928"},
                                                       {0x0DB3, U"\u0928\u094D\u0926"},
                                                       {0x0DB4, U"\u092A"},
                                                       {0x0DB5, U"\u092B"},
                                                       {0x0DB6, U"\u092C"},
                                                       {0x0DB7, U"\u092D"},
                                                       {0x0DB8, U"\u092E"},
                                                       {0x0DB9, U"\u092E\u094D\u092C"},
                                                       {0x0DBA, U"\u092F"},
                                                       {0x0DBB, U"\u0930"},
                                                       {0x0DBD, U"\u0932"},
                                                       {0x0DC0, U"\u0935"},
                                                       {0x0DC1, U"\u0936"},
                                                       {0x0DC2, U"\u0937"},
                                                       {0x0DC3, U"\u0938"},
                                                       {0x0DC4, U"\u0939"},
                                                       {0x0DC5, U"\u0933"},
                                                       {0x0DC6, U"\u095E"},
                                                       // virama and vowel signs: ā æ ǣ i ī u ū ṛ e ē ai o ō au ṝ
                                                       {0x0DCA, U"\u094D"},
                                                       {0x0DCF, U"\u093E"},
                                                       {0x0DD0, U"\u0945"},
                                                       {0x0DD1, U"\u0945"},
                                                       {0x0DD2, U"\u093F"},
                                                       {0x0DD3, U"\u0940"},
                                                       {0x0DD4, U"\u0941"},
                                                       {0x0DD6, U"\u0942"},
                                                       {0x0DD8, U"\u0943"},
                                                       {0x0DD9, U"\u0947"},
                                                       {0x0DDA, U"\u0947"},
                                                       {0x0DDB, U"\u0948"},
                                                       {0x0DDC, U"\u094B"},
                                                       {0x0DDD, U"\u094B"},
                                                       {0x0DDE, U"\u094C"},
                                                       {0x0DF2, U"\u0944"}};
  return m;
}

icu::UnicodeString sinhala_as_devanagari(const icu::UnicodeString& word) {
  const auto& letters = sinhala_letters();
  icu::UnicodeString out;
  for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1)) {
    const UChar32 c = word.char32At(i);
    auto it = letters.find(static_cast<char32_t>(c));
    if (it == letters.end()) {
      if (c != 0x200D) out.append(c);  // the joiner of Sinhala's conjuncts says nothing of the sound
      continue;
    }
    for (const char32_t d : it->second) out.append(static_cast<UChar32>(d));
  }
  return out;
}

bool is_abjad(int sc) {
  return sc == USCRIPT_ARABIC || sc == USCRIPT_HEBREW || sc == USCRIPT_SYRIAC || sc == USCRIPT_THAANA;
}

bool has_loose_vowels(int sc) {
  return is_abjad(sc) || sc == USCRIPT_BENGALI || sc == USCRIPT_SINHALA || sc == USCRIPT_THAI || sc == USCRIPT_MYANMAR;
}

std::u32string code_points(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    UChar32 c = s.char32At(i);
    // Vowel signs are marks, and part of the spelling (मोदी, मोडी).
    if (u_isalnum(c) || (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK)) {
      out += static_cast<char32_t>(c);
    }
  }
  return out;
}

bool has_non_latin_letter(const icu::UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    UChar32 c = s.char32At(i);
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && sc != USCRIPT_LATIN && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) return true;
  }
  return false;
}

bool ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The Unicode path's result for ASCII text, without ICU: NFKC case folding is
// lower-casing there, no word needs transliteration, and the only joiners
// are ' and `.
std::vector<RawToken> tokenize_ascii(std::string_view text) {
  std::vector<RawToken> out;
  std::string piece;
  auto emit = [&] {
    if (!piece.empty()) out.push_back({piece, false, false, {}, 0});
    piece.clear();
  };
  char prev = 0;
  for (char c : text) {
    const bool camel = prev >= 'a' && prev <= 'z' && c >= 'A' && c <= 'Z';
    prev = c;
    if (camel) emit();
    if (ascii_alnum(c)) {
      piece += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (c != '\'' && c != '`') {
      emit();
      if (c == '&') out.push_back({"and", false, false, {}, 0});
    }
  }
  emit();
  return out;
}

// ICU's transliteration of the word, letters and digits only.
std::string machine_spelling(const icu::UnicodeString& word) {
  Transliterator& tr = per_thread<&kToLatinId>();
  if (!tr.valid()) return {};
  icu::UnicodeString latin = word;
  tr.apply(latin);
  latin.foldCase();
  std::string out;
  for (int32_t i = 0; i < latin.length(); ++i) {
    const UChar c = latin.charAt(i);
    if (c < 0x80 && ascii_alnum(static_cast<char>(c))) out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

std::vector<RawToken> tokenize_name(std::string_view utf8) {
  // Most names reach screening as plain ASCII (every MRZ name does): ICU's
  // conversions and property look-ups are most of a short name's cost.
  const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return ascii ? tokenize_ascii(utf8) : tokenize_name_unicode(utf8);
}

std::string fold_case(std::string_view utf8) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_SUCCESS(status)) s = fold->normalize(s, status);
  std::string out;
  return U_SUCCESS(status) ? s.toUTF8String(out) : std::string(utf8);
}

std::vector<RawToken> tokenize_name_unicode(std::string_view utf8) {
  icu::UnicodeString s = split_camel(icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_SUCCESS(status)) s = fold->normalize(s, status);

  // Transliterate word by word, so each token knows whether it was Latin.
  std::vector<RawToken> out;
  icu::UnicodeString word;
  auto flush = [&] {
    if (word.isEmpty()) return;
    RawToken t;
    t.transliterated = has_non_latin_letter(word);
    if (t.transliterated) {
      t.script = main_script(word);
      t.abjad = is_abjad(t.script);
      t.loose_vowels = has_loose_vowels(t.script);
      t.original = code_points(word);
    }
    icu::UnicodeString latin = word;
    // A word-final ta marbuta or alif maqsura is the vowel Latin spellings end
    // on (عائشة Aisha, فاطمة Fatima, ليلى Layla, سلمى Salma), not the t or y ICU
    // writes for it.
    if (t.script == USCRIPT_ARABIC && latin.length() > 1 &&
        (latin.endsWith(icu::UnicodeString(u"\u0629")) || latin.endsWith(icu::UnicodeString(u"\u0649")))) {
      latin.replace(latin.length() - 1, 1, static_cast<UChar>(0x0627));
    }
    // Thai and Burmese names are spelled syllable by syllable (romanise.hpp);
    // Latin words go through Latin-ASCII, which strips their diacritics.
    if (romanised_here(t.script)) {
      const std::string spelled = t.script == USCRIPT_THAI ? romanise_thai(t.original) : romanise_burmese(t.original);
      latin = icu::UnicodeString::fromUTF8(spelled);
      t.machine = machine_spelling(word);
    } else if (t.transliterated) {
      if (t.script == USCRIPT_SINHALA) latin = sinhala_as_devanagari(latin);
      per_thread<&kToLatinId>().apply(latin);
    } else if (!is_ascii(latin)) {
      per_thread<&kLatinToAsciiId>().apply(latin);
    }
    latin.foldCase();
    // Transliteration separates syllables (Han, Hangul, Thai) that are one
    // word in the original: keep them together.
    std::string piece;
    auto emit = [&] {
      if (!piece.empty()) {
        out.push_back({piece, t.transliterated, t.abjad, t.original, t.script, t.loose_vowels, t.machine});
      }
      piece.clear();
    };
    // The Arabic article is written joined to its noun (الحسن): make it a word.
    if (t.abjad && word.length() > 4 && word.startsWith(icu::UnicodeString(u"\u0627\u0644")) &&
        latin.startsWith(icu::UnicodeString(u"al"))) {
      out.push_back({"al", true, true, {}, t.script, true});
      latin.remove(0, 2);
    }
    for (int32_t i = 0; i < latin.length(); i = latin.moveIndex32(i, 1)) {
      UChar32 c = latin.char32At(i);
      // A word-initial ayn or hamza stands where Latin spellings write a vowel (ʿAbd → Abd).
      if (t.abjad && piece.empty() && (c == 0x02BF || c == 0x02BE)) {
        piece += 'a';
        continue;
      }
      if (is_joiner(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK) continue;
      if (u_isalnum(c)) {
        icu::UnicodeString one(c);
        one.toUTF8String(piece);
      } else if (!t.transliterated) {
        emit();
      }
    }
    emit();
    word.remove();
  };
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    UChar32 c = s.char32At(i);
    if (u_isalnum(c) || is_joiner(c) || (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK)) {
      word.append(c);
    } else {
      flush();
      if (c == '&') out.push_back({"and", false, false, {}, 0});
    }
  }
  flush();
  return out;
}

bool has_non_latin_letter(std::string_view utf8) {
  return has_non_latin_letter(icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size())));
}

std::string normalise_name(std::string_view utf8) {
  std::string out;
  for (const auto& t : tokenize_name(utf8)) {
    if (!out.empty()) out += ' ';
    out += t.text;
  }
  return out;
}

std::string detect_script(std::string_view utf8) {
  std::map<UScriptCode, int> counts;
  int32_t i = 0;
  auto length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, length, c);
    if (c < 0) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
    ++counts[script];
  }
  UScriptCode best = USCRIPT_LATIN;
  int best_count = 0;
  for (const auto& [script, n] : counts) {
    if (n > best_count) best = script, best_count = n;
  }
  const char* code = uscript_getShortName(best);
  return code ? code : "Latn";
}

}  // namespace ariadne::text
