// String measures for names: a phonetic consonant skeleton suited to
// transliterated names, and edit distances for typing errors.
#pragma once

#include <string>
#include <string_view>

namespace ariadne::text {

// A key that spellings of one spoken name share across transliteration
// systems: vowels (and y, and w after the first letter) are dropped because
// abjads such as Arabic do not write them; digraphs fold (kh→h, sh/sch/ch/tch
// → s, ph→f, th→t, dh→d, gh→g), voiced and unvoiced pairs merge (d/t, g/k,
// v/f, z/s), c, q and x become k and ks, doubled letters collapse, and a name
// that starts with a vowel keeps an 'a' marker. Mohammed, Muhammad, Mehmet and
// the Arabic skeleton mhmd all give "mhmt"; Hussein, Husayn and ḥsyn give "hsn".
std::string phonetic_key(std::string_view token);

// Optimal-string-alignment distance (Levenshtein plus adjacent transposition).
int edit_distance(std::string_view a, std::string_view b);
int edit_distance(std::u32string_view a, std::u32string_view b);
// edit_distance(a, b) when it is at most `bound`, else bound + 1 (cheaper:
// strings whose lengths or letters differ by more are not compared).
int edit_distance_within(std::string_view a, std::string_view b, int bound);

// Jaro-Winkler similarity in [0,1] (prefix scale 0.1, at most 4 characters).
double jaro_winkler(std::string_view a, std::string_view b);

}  // namespace ariadne::text
