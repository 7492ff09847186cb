// Identifiers of the synthetic world: calendar arithmetic, document numbers
// unique per issuing state (a keyed permutation of a counter, so nothing is
// remembered), ICAO 9303 machine-readable zones (check digits by
// ident/mrz.hpp), IBANs with valid check digits, phone numbers libphonenumber
// accepts, and names transliterated by ICU (text/transliterate.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/time.hpp"
#include "datagen/rng.hpp"

namespace ariadne::datagen {

// Days since 1970-01-01 and back.
std::int64_t days_from_date(const Date& d);
Date date_from_days(std::int64_t days);

// Numbers in a layout (see Country in tables.hpp): value v < capacity() is
// encoded into the layout's free positions; encode is monotonic, so a larger
// value sorts after a smaller one.
class NumberFormat {
 public:
  explicit NumberFormat(std::string_view layout);
  std::uint64_t capacity() const { return capacity_; }
  std::string encode(std::uint64_t v) const;

 private:
  std::string layout_;
  std::uint64_t capacity_ = 1;
};

// A keyed bijection on [0, n): a Feistel network with cycle walking.
class Permutation {
 public:
  Permutation(std::uint64_t n, std::uint64_t key);
  std::uint64_t operator()(std::uint64_t i) const;

 private:
  std::uint64_t n_;
  std::uint64_t key_;
  int half_bits_;
  std::uint64_t half_mask_;
};

// Upper-case A-Z, digits and '<' for an MRZ name field; other characters
// (spaces, hyphens, apostrophes) become '<'. Input must be ASCII.
std::string mrz_name_chars(std::string_view ascii);

struct Td3 {
  char code = 'P';
  std::string issuing_state;
  std::string surname;      // ASCII
  std::string given_names;  // ASCII
  std::string number;       // up to 9 characters
  std::string nationality;
  Date birth;
  char sex = 'M';
  Date expiry;
};
// Two 44-character lines separated by '\n', every check digit correct.
std::string td3_mrz(const Td3& t);
// TD1 (identity cards): three 30-character lines, the number (up to 9
// characters) on line 1, a composite check at the end of line 2; code "ID".
std::string td1_mrz(const Td3& t);
// Machine-readable visas: MRV-A (two 44-character lines) or MRV-B (two of
// 36); code "V<", checks on number, birth and expiry, no composite.
std::string mrv_mrz(const Td3& t, bool type_a);

// A string in a layout ('#' digit, '@' letter, '*' either; others literal).
std::string fill_layout(std::string_view layout, Rng& rng);

// An IBAN for country code alpha2 with the BBAN layout ('#', '@', '*').
std::string make_iban(std::string_view alpha2, std::string_view bban_layout, Rng& rng);
bool iban_valid(std::string_view iban);

// Valid mobile numbers in E.164 for a region; libphonenumber decides validity.
class PhoneMaker {
 public:
  PhoneMaker();
  ~PhoneMaker();
  std::string mobile(std::string_view alpha2, Rng& rng);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
bool phone_valid(std::string_view e164);
// The number as dialled inside its country ("0803 123 4567"); e164 when unparsable.
std::string phone_national(std::string_view e164);

// Machine transliteration of a name in any script, as a naive system makes
// it: ICU's Any-Latin, folded to ASCII, in title case ("محمد" → "Mhmd").
std::string machine_latin(std::string_view native);
// Latin with diacritics folded to ASCII (Müller → Muller, Đặng → Dang).
std::string ascii_latin(std::string_view latin);

}  // namespace ariadne::datagen
