// Names from any source (queries, notices, lists, MRZs): normalisation and
// transliteration (ICU), Thai and Burmese romanisation, phonetic keys and the
// string measures, with the properties their headers promise checked: the
// ASCII shortcut of tokenize_name gives tokenize_name_unicode's tokens,
// edit_distance_within agrees with edit_distance, Jaro-Winkler lies in [0,1].
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <unicode/unistr.h>

#include "fuzz_support.hpp"
#include "text/matcher.hpp"
#include "text/normalise.hpp"
#include "text/phonetic.hpp"
#include "text/romanise.hpp"

namespace text = ariadne::text;

namespace {

void check(bool property) {
  if (!property) std::abort();
}

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::u32string code_points(std::string_view utf8) {
  auto s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
  std::u32string out(static_cast<std::size_t>(s.countChar32()), U'\0');
  UErrorCode status = U_ZERO_ERROR;
  s.toUTF32(reinterpret_cast<UChar32*>(out.data()), static_cast<std::int32_t>(out.size()), status);
  return out;
}

void measures(std::string_view a, std::string_view b) {
  const int d = text::edit_distance(a, b);
  check(d == text::edit_distance(b, a));
  for (int bound : {0, 1, 2, 3}) check(text::edit_distance_within(a, b, bound) == std::min(d, bound + 1));
  const double jw = text::jaro_winkler(a, b);
  check(jw >= 0.0 && jw <= 1.0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // names are short; longer text only slows the search
  const auto text = ariadne::fuzz::text_of(data, size);
  const auto tokens = text::tokenize_name(text);
  if (ascii(text)) {
    const auto unicode = text::tokenize_name_unicode(text);
    check(tokens.size() == unicode.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) check(tokens[i].text == unicode[i].text);
  }
  (void)text::normalise_name(text);
  (void)text::has_non_latin_letter(text);
  (void)text::detect_script(text);
  (void)text::prepare_name(text);
  for (const auto& t : tokens) {
    (void)text::phonetic_key(t.text);
    (void)text::consonant_skeleton(t.text);
    if (t.transliterated) (void)text::romanisation_fold(t.text, t.script);
  }
  const auto points = code_points(text);
  (void)text::romanise_thai(points);
  (void)text::romanise_burmese(points);
  // Two names: the text split at its first tab (or in half).
  auto tab = text.find('\t');
  if (tab == std::string_view::npos) tab = text.size() / 2;
  measures(text.substr(0, tab), text.substr(std::min(text.size(), tab + 1)));
  if (tokens.size() >= 2) measures(tokens[0].text, tokens[1].text);
  return 0;
}
