#include "ident/identifiers.hpp"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/country.hpp"
#include "ident/ascii.hpp"

namespace ariadne::ident {
namespace {

using ascii::is_alnum;
using ascii::is_digit;
using ascii::is_space;
using ascii::is_upper;
using ascii::to_lower;
using ascii::to_upper;

std::string trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), to_lower);
  return out;
}

// s upper-cased without the characters in drop.
std::string compact_upper(std::string_view s, std::string_view drop) {
  std::string out;
  for (char c : s)
    if (drop.find(c) == std::string_view::npos) out += to_upper(c);
  return out;
}

Identifier invalid(std::string given, std::string reason, std::string kind = {}) {
  return {std::move(given), false, std::move(reason), std::move(kind)};
}

Identifier valid(std::string canonical, std::string kind = {}) {
  return {std::move(canonical), true, {}, std::move(kind)};
}

// ---- Phones -----------------------------------------------------------------

// What a written phone number holds besides digits. Letters (vanity numbers,
// "ext."), which libphonenumber would read its own way, make it invalid.
bool phone_characters_only(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return is_digit(c) || is_space(c) || std::string_view("+-.()/").find(c) != std::string_view::npos;
  });
}

std::string parse_problem(i18n::phonenumbers::PhoneNumberUtil::ErrorType error) {
  using i18n::phonenumbers::PhoneNumberUtil;
  switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return "unknown country calling code";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN: return "too short for a phone number";
    case PhoneNumberUtil::TOO_LONG_NSN: return "too long for a phone number";
    default: return "not a phone number";
  }
}

// ---- IBANs ------------------------------------------------------------------

// The BBAN layout of each IBAN country in SWIFT's notation ("4!a6!n8!n": 4
// letters, then 6 and 8 digits; c = letter or digit), sorted by country code.
// From python-stdnum's stdnum/iban.dat (generated from the SWIFT IBAN registry;
// arthurdejong/python-stdnum @d848b6eb, LGPL-2.1-or-later).
struct IbanCountry {
  std::string_view code;
  std::string_view bban;
};
constexpr std::array<IbanCountry, 89> kIbanCountries{{
    {"AD", "4!n4!n12!c"},
    {"AE", "3!n16!n"},
    {"AL", "8!n16!c"},
    {"AT", "5!n11!n"},
    {"AZ", "4!a20!c"},
    {"BA", "3!n3!n8!n2!n"},
    {"BE", "3!n7!n2!n"},
    {"BG", "4!a4!n2!n8!c"},
    {"BH", "4!a14!c"},
    {"BI", "5!n5!n11!n2!n"},
    {"BR", "8!n5!n10!n1!a1!c"},
    {"BY", "4!c4!n16!c"},
    {"CH", "5!n12!c"},
    {"CR", "4!n14!n"},
    {"CY", "3!n5!n16!c"},
    {"CZ", "4!n6!n10!n"},
    {"DE", "8!n10!n"},
    {"DJ", "5!n5!n11!n2!n"},
    {"DK", "4!n9!n1!n"},
    {"DO", "4!c20!n"},
    {"EE", "2!n14!n"},
    {"EG", "4!n4!n17!n"},
    {"ES", "4!n4!n1!n1!n10!n"},
    {"FI", "3!n11!n"},
    {"FK", "2!a12!n"},
    {"FO", "4!n9!n1!n"},
    {"FR", "5!n5!n11!c2!n"},
    {"GB", "4!a6!n8!n"},
    {"GE", "2!a16!n"},
    {"GI", "4!a15!c"},
    {"GL", "4!n9!n1!n"},
    {"GR", "3!n4!n16!c"},
    {"GT", "4!c20!c"},
    {"HN", "4!a20!n"},
    {"HR", "7!n10!n"},
    {"HU", "3!n4!n1!n15!n1!n"},
    {"IE", "4!a6!n8!n"},
    {"IL", "3!n3!n13!n"},
    {"IQ", "4!a3!n12!n"},
    {"IS", "4!n2!n6!n10!n"},
    {"IT", "1!a5!n5!n12!c"},
    {"JO", "4!a4!n18!c"},
    {"KW", "4!a22!c"},
    {"KZ", "3!n13!c"},
    {"LB", "4!n20!c"},
    {"LC", "4!a24!c"},
    {"LI", "5!n12!c"},
    {"LT", "5!n11!n"},
    {"LU", "3!n13!c"},
    {"LV", "4!a13!c"},
    {"LY", "3!n3!n15!n"},
    {"MC", "5!n5!n11!c2!n"},
    {"MD", "2!c18!c"},
    {"ME", "3!n13!n2!n"},
    {"MK", "3!n10!c2!n"},
    {"MN", "4!n12!n"},
    {"MR", "5!n5!n11!n2!n"},
    {"MT", "4!a5!n18!c"},
    {"MU", "4!a2!n2!n12!n3!n3!a"},
    {"NI", "4!a20!n"},
    {"NL", "4!a10!n"},
    {"NO", "4!n6!n1!n"},
    {"OM", "3!n16!c"},
    {"PK", "4!a16!c"},
    {"PL", "8!n16!n"},
    {"PS", "4!a21!c"},
    {"PT", "4!n4!n11!n2!n"},
    {"QA", "4!a21!c"},
    {"RO", "4!a16!c"},
    {"RS", "3!n13!n2!n"},
    {"RU", "9!n5!n15!c"},
    {"SA", "2!n18!c"},
    {"SC", "4!a2!n2!n16!n3!a"},
    {"SD", "2!n12!n"},
    {"SE", "3!n16!n1!n"},
    {"SI", "5!n8!n2!n"},
    {"SK", "4!n6!n10!n"},
    {"SM", "1!a5!n5!n12!c"},
    {"SO", "4!n3!n12!n"},
    {"ST", "8!n11!n2!n"},
    {"SV", "4!a20!n"},
    {"TL", "3!n14!n2!n"},
    {"TN", "2!n3!n13!n2!n"},
    {"TR", "5!n1!n16!c"},
    {"UA", "6!n19!c"},
    {"VA", "3!n15!n"},
    {"VG", "4!a16!n"},
    {"XK", "4!n10!n2!n"},
    {"YE", "4!a4!n18!c"},
}};

static_assert(std::is_sorted(kIbanCountries.begin(), kIbanCountries.end(),
                             [](const IbanCountry& a, const IbanCountry& b) { return a.code < b.code; }));

const IbanCountry* iban_country(std::string_view code) {
  auto it = std::lower_bound(kIbanCountries.begin(), kIbanCountries.end(), code,
                             [](const IbanCountry& c, std::string_view k) { return c.code < k; });
  return it != kIbanCountries.end() && it->code == code ? &*it : nullptr;
}

// Calls f(count, type) for each segment of a BBAN layout.
template <class F>
void for_each_segment(std::string_view layout, F f) {
  std::size_t i = 0;
  while (i < layout.size()) {
    std::size_t count = 0;
    while (i < layout.size() && is_digit(layout[i])) count = count * 10 + static_cast<std::size_t>(layout[i++] - '0');
    if (i < layout.size() && layout[i] == '!') ++i;
    if (i < layout.size()) f(count, layout[i++]);
  }
}

std::size_t bban_length(std::string_view layout) {
  std::size_t n = 0;
  for_each_segment(layout, [&](std::size_t count, char) { n += count; });
  return n;
}

bool fits_layout(std::string_view bban, std::string_view layout) {
  bool fits = true;
  std::size_t at = 0;
  for_each_segment(layout, [&](std::size_t count, char type) {
    for (std::size_t k = 0; k < count && at < bban.size(); ++k, ++at) {
      const char c = bban[at];
      if ((type == 'n' && !is_digit(c)) || (type == 'a' && !is_upper(c))) fits = false;
    }
  });
  return fits;
}

// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to
// the end and letters read as 10..35: 1 for correct check digits.
int iban_mod97(std::string_view iban) {
  int r = 0;
  auto add = [&](char c) { r = is_digit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (c - 'A' + 10)) % 97; };
  for (char c : iban.substr(4)) add(c);
  for (char c : iban.substr(0, 4)) add(c);
  return r;
}

// ---- Wallets ----------------------------------------------------------------

constexpr std::string_view kBase58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

bool is_base58(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return kBase58.find(c) != std::string_view::npos; });
}

// The bytes a base58 string (of base58 characters only) stands for; each
// leading '1' is a leading zero byte.
std::vector<std::uint8_t> base58_decode(std::string_view s) {
  std::vector<std::uint8_t> out;  // big-endian, without the leading zeros
  for (char c : s) {
    unsigned carry = static_cast<unsigned>(kBase58.find(c));
    for (auto it = out.rbegin(); it != out.rend(); ++it) {
      carry += 58u * *it;
      *it = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    for (; carry > 0; carry >>= 8) out.insert(out.begin(), static_cast<std::uint8_t>(carry & 0xff));
  }
  const auto zeros =
      static_cast<std::size_t>(std::find_if(s.begin(), s.end(), [](char c) { return c != '1'; }) - s.begin());
  out.insert(out.begin(), zeros, 0);
  return out;
}

// Base58Check: 21 bytes (a version byte and a 20-byte hash) then the first
// four bytes of the double SHA-256 of those 21.
std::optional<std::string> base58check_problem(std::string_view s, std::uint8_t version) {
  const auto bytes = base58_decode(s);
  if (bytes.size() != 25) return "decodes to " + std::to_string(bytes.size()) + " bytes, not 25";
  if (bytes[0] != version) return "unexpected version byte";
  static const int ready = sodium_init();  // crypto_hash_sha256 needs no more than this
  (void)ready;
  unsigned char once[crypto_hash_sha256_BYTES];
  unsigned char twice[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(once, bytes.data(), 21);
  crypto_hash_sha256(twice, once, sizeof once);
  if (!std::equal(bytes.begin() + 21, bytes.end(), twice)) return "Base58Check checksum does not match";
  return std::nullopt;
}

// Bech32 (BIP-173) and bech32m (BIP-350), as their reference code computes it.
constexpr std::string_view kBech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::uint32_t kBech32Const = 1;
constexpr std::uint32_t kBech32mConst = 0x2bc830a3;

std::uint32_t bech32_polymod(const std::vector<std::uint8_t>& values) {
  constexpr std::array<std::uint32_t, 5> gen{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::uint32_t chk = 1;
  for (std::uint8_t v : values) {
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i)
      if ((top >> i) & 1) chk ^= gen[static_cast<std::size_t>(i)];
  }
  return chk;
}

// The witness program of 5-bit groups regrouped into bytes; nullopt when the
// padding is not the zero bits of at most one group.
std::optional<std::vector<std::uint8_t>> five_to_eight(const std::vector<std::uint8_t>& groups) {
  std::vector<std::uint8_t> out;
  unsigned acc = 0;
  int bits = 0;
  for (std::uint8_t g : groups) {
    acc = (acc << 5) | g;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  if (bits >= 5 || ((acc << (8 - bits)) & 0xff) != 0) return std::nullopt;
  return out;
}

// Why a lower-case "bc1..." address is not a Bitcoin segwit address, if it is not.
std::optional<std::string> segwit_problem(std::string_view s) {
  if (s.size() > 90) return "too long for a bech32 address";
  const std::string_view part = s.substr(3);  // after "bc" and the separator '1'
  if (part.size() < 7) return "too short for a bech32 address";
  std::vector<std::uint8_t> values{3, 3, 0, 2, 3};  // "bc" expanded: high bits, 0, low bits
  for (char c : part) {
    const auto v = kBech32.find(c);
    if (v == std::string_view::npos) return "character outside the bech32 alphabet";
    values.push_back(static_cast<std::uint8_t>(v));
  }
  const std::uint32_t check = bech32_polymod(values);
  if (check != kBech32Const && check != kBech32mConst) return "bech32 checksum does not match";
  const std::uint8_t version = values[5];
  if (version > 16) return "unknown witness version";
  if ((version == 0) != (check == kBech32Const)) return "witness version and checksum variant disagree";
  const auto program = five_to_eight({values.begin() + 6, values.end() - 6});
  if (!program || program->size() < 2 || program->size() > 40) return "witness program of a wrong length";
  if (version == 0 && program->size() != 20 && program->size() != 32) return "witness program of a wrong length";
  return std::nullopt;
}

Identifier checked(std::string given, std::string canonical, std::optional<std::string> problem, std::string kind) {
  if (problem) return invalid(std::move(given), std::move(*problem), std::move(kind));
  return valid(std::move(canonical), std::move(kind));
}

}  // namespace

Identifier normalise_phone(std::string_view raw, std::string_view country_alpha3) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  std::string given = trimmed(raw);
  if (given.empty()) return invalid(given, "empty");
  if (!phone_characters_only(given)) return invalid(given, "holds characters other than digits and separators");
  std::string text = given;
  std::string region = "ZZ";  // none: the number carries its calling code
  if (text.starts_with("00")) {
    text.replace(0, 2, "+");
  } else if (!text.starts_with('+')) {
    region = alpha2_of(country_alpha3);
    if (region.empty()) return invalid(given, "a national number needs a known country to be read with");
  }
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (auto error = util->Parse(text, region, &number); error != PhoneNumberUtil::NO_PARSING_ERROR)
    return invalid(given, parse_problem(error));
  if (!util->IsValidNumber(number)) {
    if (region != "ZZ") return invalid(given, "not a valid number for " + english_country_name(region));
    return invalid(given, "not a valid number for calling code +" + std::to_string(number.country_code()));
  }
  std::string e164;
  util->Format(number, PhoneNumberUtil::E164, &e164);
  return valid(e164);
}

Identifier normalise_iban(std::string_view raw) {
  std::string given = trimmed(raw);
  const std::string iban = compact_upper(given, " \t-.");
  if (iban.empty()) return invalid(given, "empty");
  if (!std::all_of(iban.begin(), iban.end(), is_alnum))
    return invalid(given, "holds characters other than letters and digits");
  if (iban.size() < 4 || !is_upper(iban[0]) || !is_upper(iban[1]) || !is_digit(iban[2]) || !is_digit(iban[3]))
    return invalid(given, "does not start with a country code and two check digits");
  const IbanCountry* country = iban_country(std::string_view(iban).substr(0, 2));
  if (country == nullptr) return invalid(given, "no IBANs for country code " + iban.substr(0, 2));
  const std::size_t length = 4 + bban_length(country->bban);
  if (iban.size() != length)
    return invalid(given, "an IBAN for " + std::string(country->code) + " has " + std::to_string(length) +
                              " characters, not " + std::to_string(iban.size()));
  if (!fits_layout(std::string_view(iban).substr(4), country->bban))
    return invalid(given, "letters and digits not where the layout for " + std::string(country->code) + " has them");
  if (iban_mod97(iban) != 1) return invalid(given, "IBAN check digits do not match");
  return valid(iban);
}

Identifier normalise_email(std::string_view raw) {
  std::string given = trimmed(raw);
  if (given.empty()) return invalid(given, "empty");
  if (std::any_of(given.begin(), given.end(), [](char c) { return is_space(c) || c == '\0'; }))
    return invalid(given, "holds whitespace");
  const auto at = given.find('@');
  if (at == std::string::npos || given.find('@', at + 1) != std::string::npos)
    return invalid(given, "does not have exactly one @");
  const std::string_view local = std::string_view(given).substr(0, at);
  const std::string_view domain = std::string_view(given).substr(at + 1);
  if (local.empty()) return invalid(given, "nothing before the @");
  if (domain.empty()) return invalid(given, "no domain after the @");
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
    return invalid(given, "the domain has no dot between its labels");
  // Only ASCII letters are lowered: an internationalised domain stays as written.
  return valid(std::string(local) + "@" + lowered(domain));
}

Identifier normalise_plate(std::string_view raw, std::string_view /*country_alpha3*/) {
  std::string given = trimmed(raw);
  const std::string plate = compact_upper(given, " \t-.");
  if (!std::all_of(plate.begin(), plate.end(), is_alnum))
    return invalid(given, "holds characters other than Latin letters, digits and separators");
  if (plate.size() < 2 || plate.size() > 12) return invalid(given, "a plate has 2 to 12 letters and digits");
  return valid(plate);
}

Identifier classify_wallet(std::string_view raw) {
  std::string given = trimmed(raw);
  const std::string lower = lowered(given);
  if (lower.starts_with("0x")) {
    const std::string_view hex = std::string_view(lower).substr(2);
    const bool shape = hex.size() == 40 && std::all_of(hex.begin(), hex.end(),
                                                       [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
    return checked(given, lower, shape ? std::nullopt : std::optional<std::string>("not 0x and 40 hexadecimal digits"),
                   "ethereum");
  }
  if (lower.starts_with("bc1")) {
    if (given != lower && given != compact_upper(given, ""))
      return invalid(given, "bech32 address in mixed case", "bitcoin");
    return checked(given, lower, segwit_problem(lower), "bitcoin");
  }
  if (is_base58(given) && (given.starts_with('1') || given.starts_with('3')) && given.size() >= 25 &&
      given.size() <= 35)
    return checked(given, given, base58check_problem(given, given.starts_with('1') ? 0x00 : 0x05), "bitcoin");
  if (is_base58(given) && given.starts_with('T') && given.size() == 34)
    return checked(given, given, base58check_problem(given, 0x41), "tron");
  return invalid(given, "not a Bitcoin, Ethereum or Tron address");
}

}  // namespace ariadne::ident
