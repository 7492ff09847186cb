// Romanisation of Thai and Burmese names as their bearers spell them.
//
// ICU writes Thai letter by letter (ISO 11940: สมชาย "smchay") and Burmese in
// a scholarly system (ခင် "hkain"), while passports and lists carry the
// spellings of the Royal Thai General System (Somchai) and of the usual
// Myanmar name romanisation (Khin). Both scripts leave vowels unwritten or
// write them around the consonant, so the spelling comes from syllables:
// each is parsed into its initial, vowel and final, and each part romanised.
//
// The usual spellings still vary around these systems (Thai: Jaidee and
// Chaidi, Pornthip and Phonthip; Burmese: Moe and Mo, Htun and Tun, Mar and
// Ma); romanisation_fold reduces a Latin spelling to a form those variants
// share, for comparing a name in the script with a Latin one.
#pragma once

#include <string>
#include <string_view>

namespace ariadne::text {

// The word in Latin letters (lower-case ASCII); letters of other scripts are left out.
std::string romanise_thai(std::u32string_view word);
std::string romanise_burmese(std::u32string_view word);

// Whether names of the script (an ICU UScriptCode) are romanised here.
bool romanised_here(int script);

// A lower-case Latin spelling reduced to what the usual romanisations of the
// script agree on (Thai: aspiration, ee/i, oo/u, orn/on; Burmese: ht/t, oe/o,
// ar/a, ay/e), for comparing a Latin name with one in that script.
std::string romanisation_fold(std::string_view latin, int script);

}  // namespace ariadne::text
