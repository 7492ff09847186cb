#include "text/romanise.hpp"

#include <iterator>
#include <utility>

#include <unicode/uscript.h>

namespace ariadne::text {
namespace {

// --- Thai: Royal Thai General System of Transcription (RTGS) ---

struct ThaiConsonant {
  const char* initial;
  const char* final;  // a syllable-final consonant is one of k, t, p, n, m, ng, i (ย) or o (ว)
};

// U+0E01 ก … U+0E2E ฮ; ฤ and ฦ (U+0E24, U+0E26) are syllables of their own.
constexpr ThaiConsonant kThaiConsonants[] = {
    {"k", "k"},  {"kh", "k"}, {"kh", "k"}, {"kh", "k"}, {"kh", "k"}, {"kh", "k"}, {"ng", "ng"}, {"ch", "t"},
    {"ch", "t"}, {"ch", "t"}, {"s", "t"},  {"ch", "t"}, {"y", "n"},  {"d", "t"},  {"t", "t"},   {"th", "t"},
    {"th", "t"}, {"th", "t"}, {"n", "n"},  {"d", "t"},  {"t", "t"},  {"th", "t"}, {"th", "t"},  {"th", "t"},
    {"n", "n"},  {"b", "p"},  {"p", "p"},  {"ph", "p"}, {"f", "p"},  {"ph", "p"}, {"f", "p"},   {"ph", "p"},
    {"m", "m"},  {"y", "i"},  {"r", "n"},  {"rue", ""}, {"l", "n"},  {"lue", ""}, {"w", "o"},   {"s", "t"},
    {"s", "t"},  {"s", "t"},  {"h", ""},   {"l", "n"},  {"", "o"},   {"h", ""},
};
static_assert(std::size(kThaiConsonants) == 0x0E2E - 0x0E01 + 1);

constexpr char32_t kThaiRo = 0x0E23, kThaiLo = 0x0E25, kThaiWo = 0x0E27, kThaiYo = 0x0E22, kThaiO = 0x0E2D;
constexpr char32_t kThaiHo = 0x0E2B, kThaiRue = 0x0E24, kThaiLue = 0x0E26;
constexpr char32_t kSaraA = 0x0E30, kMaiHanAkat = 0x0E31, kSaraAa = 0x0E32, kSaraAm = 0x0E33, kSaraI = 0x0E34,
                   kSaraIi = 0x0E35, kSaraUe = 0x0E36, kSaraUee = 0x0E37, kSaraU = 0x0E38, kSaraUu = 0x0E39,
                   kMaiTaiKhu = 0x0E47, kThanthakhat = 0x0E4C, kNikhahit = 0x0E4D;
constexpr char32_t kSaraE = 0x0E40, kSaraAe = 0x0E41, kSaraO = 0x0E42, kSaraAiMaimuan = 0x0E43,
                   kSaraAiMaimalai = 0x0E44;

bool thai_consonant(char32_t c) {
  return c >= 0x0E01 && c <= 0x0E2E;
}
bool thai_lead_vowel(char32_t c) {
  return c >= kSaraE && c <= kSaraAiMaimalai;
}
bool thai_vowel_sign(char32_t c) {
  return (c >= kSaraA && c <= kSaraUu) || c == kMaiTaiKhu;
}
const ThaiConsonant& thai(char32_t c) {
  return kThaiConsonants[c - 0x0E01];
}
// Sonorants a silent ห leads (หญิง ying, หมอ mo).
bool thai_sonorant(char32_t c) {
  return c == 0x0E07 || c == 0x0E0D || c == 0x0E19 || c == 0x0E21 || c == kThaiYo || c == kThaiRo || c == kThaiLo ||
         c == kThaiWo;
}
// First letters of the clusters with ร, ล, ว (ประ pra, กลาง klang); ศร and
// สร are written sr in names (ศรี Sri).
bool thai_cluster_first(char32_t c, char32_t second) {
  switch (c) {
    case 0x0E01:
    case 0x0E02:
    case 0x0E04:
    case 0x0E15:
    case 0x0E17:
    case 0x0E1B:
    case 0x0E1C:
    case 0x0E1E: return true;
    case 0x0E28:
    case 0x0E2A: return second == kThaiRo;
    default: return false;
  }
}

// The word's letters with what is not pronounced taken out: tone marks, and
// letters the thanthakhat silences (with a vowel sign between: สวัสดิ์).
std::u32string thai_letters(std::u32string_view word) {
  std::u32string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char32_t c = word[i];
    if (c == kNikhahit && i + 1 < word.size() && word[i + 1] == kSaraAa) {  // NFKC splits ำ
      out += kSaraAm;
      ++i;
    } else if (c == kThanthakhat) {
      if (!out.empty() && (out.back() == kSaraI || out.back() == kSaraU)) out.pop_back();
      if (!out.empty() && thai_consonant(out.back())) out.pop_back();
    } else if (thai_consonant(c) || thai_lead_vowel(c) || thai_vowel_sign(c)) {
      out += c;
    }
  }
  return out;
}

std::string thai_vowel(char32_t lead, const std::u32string& signs, bool closed) {
  auto has = [&signs](char32_t c) { return signs.find(c) != std::u32string::npos; };
  switch (lead) {
    case kSaraE:
      if (has(kSaraAa)) return "ao";
      if (has(kSaraIi)) return "ia";
      if (has(kSaraUee)) return "uea";
      if (has(kSaraI) || has(kThaiO)) return "oe";
      return "e";
    case kSaraAe: return "ae";
    case kSaraO: return "o";
    case kSaraAiMaimuan:
    case kSaraAiMaimalai: return "ai";
    default: break;
  }
  if (signs.empty()) return closed ? "o" : "a";
  if (has(kMaiHanAkat) && has(kThaiWo)) return "ua";
  switch (signs.front()) {
    case kSaraA:
    case kMaiHanAkat:
    case kSaraAa: return "a";
    case kSaraAm: return "am";
    case kSaraI:
    case kSaraIi: return "i";
    case kSaraUe:
    case kSaraUee: return "ue";
    case kSaraU:
    case kSaraUu: return "u";
    case kThaiWo: return "ua";
    default: return "o";  // อ between consonants, ็
  }
}

// --- Burmese: the usual romanisation of Myanmar names (Aung, Kyaw, Khin) ---

// U+1000 က … U+1021 အ (the vowel carrier, silent).
constexpr const char* kBurmeseInitials[] = {
    "k",  "kh", "g", "g", "ng", "s",  "hs", "z", "z", "ny", "ny", "t", "ht", "d",  "d", "n", "t",
    "ht", "d",  "d", "n", "p",  "ph", "b",  "b", "m", "y",  "y",  "l", "w",  "th", "h", "l", "",
};
static_assert(std::size(kBurmeseInitials) == 0x1021 - 0x1000 + 1);

constexpr char32_t kMyaCarrier = 0x1021, kMyaVirama = 0x1039, kMyaAsat = 0x103A, kMyaDotBelow = 0x1037,
                   kMyaVisarga = 0x1038, kMyaMedialYa = 0x103B, kMyaMedialRa = 0x103C, kMyaMedialWa = 0x103D,
                   kMyaMedialHa = 0x103E;
constexpr char32_t kMyaAa = 0x102C, kMyaTallAa = 0x102B, kMyaI = 0x102D, kMyaIi = 0x102E, kMyaU = 0x102F,
                   kMyaUu = 0x1030, kMyaE = 0x1031, kMyaAi = 0x1032, kMyaAnusvara = 0x1036;

bool burmese_consonant(char32_t c) {
  return c >= 0x1000 && c <= kMyaCarrier;
}
bool burmese_vowel_sign(char32_t c) {
  return (c >= kMyaTallAa && c <= kMyaAi) || c == kMyaAnusvara;
}
bool burmese_tone(char32_t c) {
  return c == kMyaDotBelow || c == kMyaVisarga || c == kMyaAsat;
}

// Independent vowels U+1023 … U+102A.
const char* burmese_independent(char32_t c) {
  switch (c) {
    case 0x1023:
    case 0x1024: return "i";
    case 0x1025:
    case 0x1026: return "u";
    case 0x1027: return "e";
    case 0x1029:
    case 0x102A: return "aw";
    default: return "";
  }
}

// The rhyme from the vowel signs, the medial w and the final consonant.
std::string burmese_rhyme(const std::u32string& signs, bool medial_w, char32_t final_c, bool carrier) {
  auto has = [&signs](char32_t c) { return signs.find(c) != std::u32string::npos; };
  const bool i = has(kMyaI) || has(kMyaIi), u = has(kMyaU) || has(kMyaUu), e = has(kMyaE);
  const bool aa = has(kMyaAa) || has(kMyaTallAa);
  const bool anusvara = has(kMyaAnusvara);
  // Finals sound as k, t, n (stops and nasals of each row), ng or a vowel.
  enum { none, stop_k, nasal_ng, stop_t, nasal_n, final_e, final_i } f = none;
  switch (final_c) {
    case 0: f = anusvara ? nasal_n : none; break;
    case 0x1000: f = stop_k; break;    // က
    case 0x1004: f = nasal_ng; break;  // င
    case 0x1005:
    case 0x100B:
    case 0x1010:
    case 0x1015: f = stop_t; break;  // စ ဋ တ ပ
    case 0x1009:
    case 0x100F:
    case 0x1014:
    case 0x1019: f = nasal_n; break;  // ဉ ဏ န မ
    case 0x100A: f = final_i; break;  // ည
    case 0x101A: f = final_e; break;  // ယ
    default: f = stop_t; break;
  }
  if (i && u) {  // ို
    if (f == stop_k) return "aik";
    if (f == nasal_ng) return "aing";
    return "o";
  }
  if (e && aa) {  // ော
    if (f == stop_k) return "auk";
    if (f == nasal_ng) return "aung";
    return "aw";
  }
  const char* w = medial_w ? "w" : "";
  if (medial_w && (f == stop_t || f == nasal_n) && !i && !u) return f == stop_t ? "ut" : "un";
  if (i) {
    if (f == stop_t || f == stop_k) return std::string(w) + "eik";
    if (f == nasal_n || f == nasal_ng) return std::string(w) + "ein";
    return std::string(w) + (carrier ? "ei" : "i");
  }
  if (u) {
    if (f == stop_t || f == stop_k) return "ok";
    if (f == nasal_n || f == nasal_ng) return "on";
    return "u";
  }
  if (e) return std::string(w) + (carrier ? "aye" : "ay");
  if (has(kMyaAi)) return std::string(w) + "e";
  switch (f) {
    case stop_k: return std::string(w) + "et";
    case nasal_ng: return std::string(w) + "in";
    case stop_t: return std::string(w) + (final_c == 0x1005 ? "it" : "at");
    case nasal_n: return std::string(w) + (final_c == 0x1009 ? "in" : "an");
    case final_i: return std::string(w) + "i";
    case final_e: return std::string(w) + "e";
    case none: break;
  }
  return std::string(w) + "a";
}

std::string burmese_initial(char32_t c, bool medial_y, bool medial_h) {
  std::string s = kBurmeseInitials[c - 0x1000];
  if (medial_y) {
    if (s == "kh") {
      s = "ch";  // ချ Cho
    } else {
      s += "y";  // ကျ Kyaw, မြ Myat, ဖြ Phyu
    }
  }
  if (medial_h) s = (c == 0x101A || c == 0x101B) ? "sh" : "h" + s;  // နှ Hnin, လှ Hlaing, ရှ Shwe
  return s;
}

}  // namespace

std::string romanise_thai(std::u32string_view word) {
  const std::u32string w = thai_letters(word);
  const std::size_t n = w.size();
  // A consonant with a vowel sign after it begins a syllable.
  auto takes_vowel = [&](std::size_t j) { return j + 1 < n && thai_vowel_sign(w[j + 1]); };
  std::string out;
  std::size_t i = 0;
  while (i < n) {
    char32_t lead = 0;
    if (thai_lead_vowel(w[i])) lead = w[i++];
    if (i >= n || !thai_consonant(w[i])) {
      if (i < n) ++i;  // a vowel sign with no consonant
      continue;
    }
    char32_t init = w[i++];
    if (init == kThaiRue || init == kThaiLue) {
      out += thai(init).initial;
      continue;
    }
    if (init == kThaiHo && i < n && thai_sonorant(w[i]) && (takes_vowel(i) || lead)) init = w[i++];
    std::string initial = thai(init).initial;
    if (i < n && (w[i] == kThaiRo || w[i] == kThaiLo || w[i] == kThaiWo) && thai_cluster_first(init, w[i]) &&
        (takes_vowel(i) || (lead && w[i] != kThaiWo && i + 1 < n && thai_consonant(w[i + 1])))) {
      initial += thai(w[i++]).initial;
    }
    std::u32string signs;
    while (i < n && thai_vowel_sign(w[i])) signs += w[i++];
    // อ, ย and ว that spell part of the vowel: ทอง thong, เสีย sia, เรือ ruea, ตัว tua, สวน suan.
    if (i < n && !takes_vowel(i)) {
      const bool o_vowel =
          w[i] == kThaiO && (signs.empty() || signs == std::u32string(1, kSaraUee)) && (lead == 0 || lead == kSaraE);
      const bool ia = w[i] == kThaiYo && lead == kSaraE && signs == std::u32string(1, kSaraIi);
      const bool ua = w[i] == kThaiWo && ((signs == std::u32string(1, kMaiHanAkat)) ||
                                          (signs.empty() && lead == 0 && i + 1 < n && thai_consonant(w[i + 1])));
      if (o_vowel || ia || ua) signs += w[i++];
    }
    // รร after a consonant is the vowel a (กรรม kam).
    bool ro_han = false;
    if (signs.empty() && lead == 0 && i + 1 < n && w[i] == kThaiRo && w[i + 1] == kThaiRo) {
      ro_han = true;
      i += 2;
    }
    // The next consonant closes this syllable unless it takes a vowel, or
    // makes a syllable with the word's last letter (ธนา|กร), or is ร after a
    // short vowel before a consonant (สุ|ร|ชัย).
    std::string final;
    if (i < n && thai_consonant(w[i]) && !takes_vowel(i)) {
      const bool pair_at_end = i + 2 == n && thai_consonant(w[i + 1]);
      const bool linking_ro = w[i] == kThaiRo && i + 1 < n && thai_consonant(w[i + 1]) && lead == 0 &&
                              (signs == std::u32string(1, kSaraU) || signs == std::u32string(1, kSaraI));
      if (!pair_at_end && !linking_ro) final = thai(w[i++]).final;
    }
    std::string vowel = ro_han ? "a" : thai_vowel(lead, signs, !final.empty());
    if (ro_han && final.empty()) final = "n";
    if (final == "i" && !vowel.empty() && vowel.back() == 'i') final.clear();
    out += initial + vowel + final;
  }
  return out;
}

std::string romanise_burmese(std::u32string_view w) {
  const std::size_t n = w.size();
  auto skip_tones = [&](std::size_t j) {
    while (j < n && (w[j] == kMyaDotBelow || w[j] == kMyaVisarga)) ++j;
    return j;
  };
  std::string out;
  std::size_t i = 0;
  while (i < n) {
    if (const char* v = burmese_independent(w[i]); *v != '\0') {
      out += v;
      ++i;
      continue;
    }
    if (!burmese_consonant(w[i])) {
      ++i;
      continue;
    }
    const char32_t c = w[i++];
    bool medial_y = false, medial_w = false, medial_h = false;
    for (; i < n && w[i] >= kMyaMedialYa && w[i] <= kMyaMedialHa; ++i) {
      medial_y |= w[i] == kMyaMedialYa || w[i] == kMyaMedialRa;
      medial_w |= w[i] == kMyaMedialWa;
      medial_h |= w[i] == kMyaMedialHa;
    }
    std::u32string signs;
    bool creaky = false;
    for (; i < n && (burmese_vowel_sign(w[i]) || burmese_tone(w[i])); ++i) {
      if (burmese_vowel_sign(w[i])) signs += w[i];
      creaky |= w[i] == kMyaDotBelow;
    }
    // A consonant killed by the asat, or stacked over the next (စန္ဒာ), closes the syllable.
    char32_t final_c = 0;
    if (i < n && burmese_consonant(w[i])) {
      const std::size_t after = skip_tones(i + 1);
      if (after < n && (w[after] == kMyaAsat || w[i + 1] == kMyaVirama)) {
        final_c = w[i];
        creaky |= after > i + 1 && w[i + 1] == kMyaDotBelow;
        i = w[i + 1] == kMyaVirama ? i + 2 : after + 1;
        for (; i < n && burmese_tone(w[i]); ++i) creaky |= w[i] == kMyaDotBelow;
      }
    }
    std::string rhyme = burmese_rhyme(signs, medial_w, final_c, c == kMyaCarrier);
    // A creaky -in or -an is written with a t (မြင့် Myint, သန့် Thant).
    if (creaky && (rhyme == "in" || rhyme == "an")) rhyme += 't';
    out += burmese_initial(c, medial_y, medial_h) + rhyme;
  }
  return out;
}

bool romanised_here(int script) {
  return script == USCRIPT_THAI || script == USCRIPT_MYANMAR;
}

namespace {

bool latin_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Replaces every `from` with `to`, left to right.
std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string collapse_doubles(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (out.empty() || out.back() != c) out += c;
  }
  return out;
}

std::string thai_fold(std::string s) {
  // Aspiration is written or not (Pornthip, Porntip); จ is ch or j.
  for (auto [from, to] : {std::pair{"ph", "p"},
                          {"th", "t"},
                          {"kh", "k"},
                          {"ch", "c"},
                          {"j", "c"},
                          {"v", "w"},
                          {"ee", "i"},
                          {"oo", "u"},
                          {"orn", "on"}}) {
    s = replace_all(std::move(s), from, to);
  }
  // Finals: l and r are n, ch is t, w after a vowel is o (Chaimongkol, Kaew).
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool closes = i + 1 == s.size() || !latin_vowel(s[i + 1]);
    const bool after_vowel = i > 0 && latin_vowel(s[i - 1]);
    char c = s[i];
    if (closes && after_vowel && c == 'l') c = 'n';
    if (closes && after_vowel && c == 'c') c = 't';
    if (closes && after_vowel && c == 'w' && i + 1 < s.size()) c = 'o';
    out += c;
  }
  return collapse_doubles(out);
}

std::string burmese_fold(std::string s) {
  // ht/t, hs/s, oe/o, ay/e, voiced stops within names (Thida, Sandar).
  for (auto [from, to] : {std::pair{"ht", "t"},
                          {"hs", "s"},
                          {"ph", "p"},
                          {"oe", "o"},
                          {"ay", "e"},
                          {"ei", "i"},
                          {"ee", "i"},
                          {"oo", "u"},
                          {"d", "t"}}) {
    s = replace_all(std::move(s), from, to);
  }
  // A final long a is often written ar (Mar, Sandar).
  if (s.size() > 2 && s.ends_with("ar")) s.pop_back();
  return collapse_doubles(s);
}

}  // namespace

std::string romanisation_fold(std::string_view latin, int script) {
  if (script == USCRIPT_THAI) return thai_fold(std::string(latin));
  if (script == USCRIPT_MYANMAR) return burmese_fold(std::string(latin));
  return std::string(latin);
}

}  // namespace ariadne::text
