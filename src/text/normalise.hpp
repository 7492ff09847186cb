// Name normalisation for matching names: any script in, lower-case Latin tokens out.
//
// NFKC with case folding, then ICU transliteration to Latin (with the systems
// that give the spellings people use: Han-Latin/Names, Greek-Latin/UNGEGN,
// Ethiopic-Latin/SERA, then Any-Latin for the rest; Thai and Burmese by
// their usual romanisations, romanise.hpp; Sinhala, which ICU lacks, through
// the Devanagari letters it parallels), then Latin-ASCII, which strips
// diacritics (Vietnamese, Turkish, Polish, …). Letters of scripts ICU cannot
// transliterate (Khmer, Lao, Tibetan) are kept as they are, so two names in
// that script still compare with each other.
//
// Thread-safety: every function may be called from any number of threads;
// the compound transliterator is built once and copied once per thread
// (transliterate.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ariadne::text {

struct RawToken {
  std::string text;             // lower-case, ASCII when transliteration could make it so
  bool transliterated = false;  // the original was not in Latin script
  bool abjad = false;           // the original script leaves vowels unwritten (Arabic, Hebrew, Syriac, Thaana)
  std::u32string original;      // the word as written, when transliterated
  int script = 0;               // its ICU UScriptCode, when transliterated
  // Latin spellings do not follow the vowels ICU writes: abjads leave them
  // unwritten, and ICU spells out Bengali's inherent vowels and Thai's and
  // Burmese's vowel signs in ways the usual spellings do not (হক haka/Haque).
  bool loose_vowels = false;
  // Thai and Burmese words are spelled by their usual romanisations
  // (romanise.hpp); this is ICU's letter-by-letter transliteration, the
  // spelling machine-made records carry (สมชาย smchay).
  std::string machine;
};

// Splits a name into tokens: on spaces, punctuation and hyphens, and between
// a lower-case and an upper-case letter ("RamiMakhlouf"); apostrophes and
// ayn/hamza marks inside a word are dropped ("Ba'asyir" → "baasyir"); an
// ampersand becomes the word "and" ("AT&T" → at and t).
std::vector<RawToken> tokenize_name(std::string_view utf8);
// The same through ICU whatever the text; tokenize_name takes a shortcut for
// ASCII text that must give the same tokens (tests compare the two).
std::vector<RawToken> tokenize_name_unicode(std::string_view utf8);

// Whether the text holds a letter of a script other than Latin.
bool has_non_latin_letter(std::string_view utf8);

// The whole name transliterated and folded, tokens joined by single spaces.
std::string normalise_name(std::string_view utf8);

// The text case-folded (NFKC_Casefold), nothing else: a name's case then
// says nothing, not even the camel-case joins normalise_name splits
// ("GmbH" stays one word).
std::string fold_case(std::string_view utf8);

// ISO 15924 code of the script most letters of a name are in (Latn when only
// Latin or none): "Arab", "Cyrl", "Ethi", "Hani", …
std::string detect_script(std::string_view utf8);

}  // namespace ariadne::text
