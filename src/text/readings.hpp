// The Latin readings of names written in Han characters or Hangul.
//
// ICU reads every Han character in Mandarin, but 金正恩 is Kim Jong Un in
// Korean and 山田太郎 is Yamada Taro in Japanese. Each character's readings
// come from the Unicode Han Database (han_readings.txt: Mandarin, Cantonese,
// Korean, Japanese on and kun), each Hangul syllable's from the
// romanisation rules (Revised Romanisation, McCune-Reischauer) and the
// customary spellings of family names (korean_surnames.txt). A Latin name
// reads a word when its letters split into one reading per character, in
// order: "Kim Jong Un" reads 金正恩 (kim · jong · un) and 김정은.
//
// Readings and Latin spellings are compared folded (cjk_fold): the
// romanisation systems differ in voicing (Kim, Gim), aspiration marks,
// digraphs (ch, j; ts, z; eo, o) and long vowels (Tarō, Tarou, Taro), and the
// fold takes them all to one spelling.
//
// Thread-safety: the tables are built once, on first use, and read-only after.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ariadne::text {

// A lower-case Latin spelling reduced to what the romanisations of Chinese,
// Korean and Japanese names share ("Gim Jeong-eun" and "Kim Jong Un" both
// give "kimjonkun").
std::string cjk_fold(std::string_view latin);

// Whether words of the script (an ICU UScriptCode) have readings here (Han, Hangul).
bool has_readings(int script);
// Whether the script writes a name's parts without spaces between them (Han,
// Hangul names, Kana, Thai, Lao, Khmer, Myanmar): one word may be a whole name.
bool written_without_spaces(int script);

// Whether the folded Latin spelling reads the word: one reading of each
// character in turn. Words of more than kMaxReadChars characters never do.
inline constexpr std::size_t kMaxReadChars = 8;
bool reads_as(std::u32string_view word, std::string_view folded_latin);

// Folded readings of the word's runs of one to four characters (each run's
// readings combined, at most `cap` in all, whole runs first), for an index
// to meet the Latin spellings of the word's parts.
std::vector<std::string> reading_keys(std::u32string_view word, std::size_t cap);

// Whether a Latin spelling (lower-case ASCII letters) writes an Arabic-script
// or Hebrew word: each letter by one of its usual Latin renderings in turn
// (ب b; ث th, s, t; ج j, g, dj; خ kh, h; ق q, k, g; ו v, w or a vowel; י y, j
// or a vowel; א, ع and the hamzas as vowels), the vowels these scripts leave
// unwritten anywhere between, a doubled letter (shadda) written twice, the
// article glued to a noun (الجبوري) left out. Bdyry does not write Petro (ب
// is no p); Ywsf writes Youssef and Yusuf. Words of more than 24 letters, or
// spellings of 64 and more, never do.
bool abjad_reads(std::u32string_view word, std::string_view latin);

// How many characters and syllables have readings (for tests).
std::size_t reading_table_size();

}  // namespace ariadne::text
