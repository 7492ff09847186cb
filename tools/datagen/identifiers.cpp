#include "datagen/identifiers.hpp"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <map>

#include "ident/mrz.hpp"
#include "text/transliterate.hpp"

namespace ariadne::datagen {

namespace {

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kGerman = "0123456789CFGHJKLMNPRTVWXYZ";  // no vowels, B, D, Q, S

std::string_view alphabet(char c) {
  switch (c) {
    case '#': return kDigits;
    case '@': return kLetters;
    case '*': return kAlnum;
    case '%': return kGerman;
    default: return {};
  }
}

// A digit's or letter's value in an IBAN (A = 10 … Z = 35).
int iban_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 0;
}

// The ICAO 9303 check digit as a character; the data are MRZ characters
// ([A-Z0-9<]) by construction.
char check_digit(std::string_view data) {
  return static_cast<char>('0' + ident::mrz_check_digit(data).value_or(0));
}

std::string two(int v) {
  std::string s = std::to_string(v % 100);
  return s.size() == 1 ? "0" + s : s;
}

std::string yymmdd(const Date& d) {
  return two(d.year % 100) + two(d.month) + two(d.day);
}

std::string pad(std::string s, std::size_t n) {
  if (s.size() > n) s.resize(n);
  s.append(n - s.size(), '<');
  return s;
}

}  // namespace

std::int64_t days_from_date(const Date& d) {
  int y = d.year - (d.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = d.month > 2 ? d.month - 3 : d.month + 9;
  const int doy = (153 * mp + 2) / 5 + d.day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

Date date_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int day = doy - (153 * mp + 2) / 5 + 1;
  const int month = mp < 10 ? mp + 3 : mp - 9;
  const int year = static_cast<int>(yoe + era * 400) + (month <= 2 ? 1 : 0);
  return Date{year, month, day};
}

NumberFormat::NumberFormat(std::string_view layout) : layout_(layout) {
  for (char c : layout_) {
    auto a = alphabet(c);
    if (!a.empty()) capacity_ *= a.size();
  }
}

std::string NumberFormat::encode(std::uint64_t v) const {
  std::string out = layout_;
  for (std::size_t i = out.size(); i-- > 0;) {
    auto a = alphabet(layout_[i]);
    if (a.empty()) continue;
    out[i] = a[v % a.size()];
    v /= a.size();
  }
  return out;
}

Permutation::Permutation(std::uint64_t n, std::uint64_t key) : n_(n), key_(key) {
  int bits = 2;
  while (bits < 63 && (std::uint64_t{1} << bits) < n) ++bits;
  half_bits_ = (bits + 1) / 2;
  half_mask_ = (std::uint64_t{1} << half_bits_) - 1;
}

std::uint64_t Permutation::operator()(std::uint64_t i) const {
  std::uint64_t x = i;
  do {
    std::uint64_t left = x >> half_bits_;
    std::uint64_t right = x & half_mask_;
    for (std::uint64_t round = 0; round < 4; ++round) {
      std::uint64_t next = left ^ (mix64(key_ + round, right) & half_mask_);
      left = right;
      right = next;
    }
    x = (left << half_bits_) | right;
  } while (x >= n_);
  return x;
}

std::string mrz_name_chars(std::string_view ascii) {
  std::string out;
  out.reserve(ascii.size());
  for (char c : ascii) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z')) {
      out += c;
    } else if (c == ' ' || c == '-' || c == '\'' || c == '.') {
      if (!out.empty() && out.back() != '<') out += '<';
    }
  }
  while (!out.empty() && out.back() == '<') out.pop_back();
  return out;
}

std::string td3_mrz(const Td3& t) {
  std::string names = mrz_name_chars(t.surname) + "<<" + mrz_name_chars(t.given_names);
  std::string line1 = pad(std::string(1, t.code) + "<" + t.issuing_state + names, 44);
  std::string number = pad(t.number, 9);
  std::string birth = yymmdd(t.birth);
  std::string expiry = yymmdd(t.expiry);
  std::string personal(14, '<');
  std::string part_number = number + check_digit(number);
  std::string part_birth = birth + check_digit(birth);
  std::string part_expiry = expiry + check_digit(expiry);
  std::string part_personal = personal + "<";
  std::string composite = part_number + part_birth + part_expiry + part_personal;
  std::string line2 = part_number + t.nationality + part_birth + std::string(1, t.sex) + part_expiry + part_personal +
                      check_digit(composite);
  return line1 + "\n" + line2;
}

std::string td1_mrz(const Td3& t) {
  std::string number = pad(t.number, 9);
  std::string line1 = pad("ID" + t.issuing_state + number + check_digit(number), 30);
  std::string birth = yymmdd(t.birth);
  std::string expiry = yymmdd(t.expiry);
  std::string line2 = birth + check_digit(birth) + std::string(1, t.sex) + expiry + check_digit(expiry) +
                      t.nationality + std::string(11, '<');
  std::string composite = line1.substr(5, 25) + line2.substr(0, 7) + line2.substr(8, 7) + line2.substr(18, 11);
  line2 += check_digit(composite);
  std::string line3 = pad(mrz_name_chars(t.surname) + "<<" + mrz_name_chars(t.given_names), 30);
  return line1 + "\n" + line2 + "\n" + line3;
}

std::string mrv_mrz(const Td3& t, bool type_a) {
  const std::size_t width = type_a ? 44 : 36;
  std::string names = mrz_name_chars(t.surname) + "<<" + mrz_name_chars(t.given_names);
  std::string line1 = pad("V<" + t.issuing_state + names, width);
  std::string number = pad(t.number, 9);
  std::string birth = yymmdd(t.birth);
  std::string expiry = yymmdd(t.expiry);
  std::string line2 = number + check_digit(number) + t.nationality + birth + check_digit(birth) +
                      std::string(1, t.sex) + expiry + check_digit(expiry);
  return line1 + "\n" + pad(line2, width);
}

std::string fill_layout(std::string_view layout, Rng& rng) {
  std::string out;
  out.reserve(layout.size());
  for (char c : layout) {
    switch (c) {
      case '#': out += kDigits[rng.below(10)]; break;
      case '@': out += kLetters[rng.below(26)]; break;
      case '*': out += rng.chance(0.8) ? kDigits[rng.below(10)] : kLetters[rng.below(26)]; break;
      case '%': out += kGerman[rng.below(kGerman.size())]; break;
      default: out += c;
    }
  }
  return out;
}

std::string make_iban(std::string_view alpha2, std::string_view layout, Rng& rng) {
  std::string bban = fill_layout(layout, rng);
  std::string rearranged = bban + std::string(alpha2) + "00";
  int mod = 0;
  for (char c : rearranged) {
    int v = iban_value(c);
    mod = (v >= 10 ? mod * 100 + v : mod * 10 + v) % 97;
  }
  std::string check = two(98 - mod);
  return std::string(alpha2) + check + bban;
}

bool iban_valid(std::string_view iban) {
  if (iban.size() < 5) return false;
  std::string rearranged = std::string(iban.substr(4)) + std::string(iban.substr(0, 4));
  int mod = 0;
  for (char c : rearranged) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
    int v = iban_value(c);
    mod = (v >= 10 ? mod * 100 + v : mod * 10 + v) % 97;
  }
  return mod == 1;
}

struct PhoneMaker::Impl {
  struct Example {
    int country_code = 0;
    std::string national;  // digits, without leading zeros
    bool leading_zero = false;
    int leading_zeros = 0;
  };
  std::map<std::string, Example, std::less<>> examples;
};

PhoneMaker::PhoneMaker() : impl_(std::make_unique<Impl>()) {}
PhoneMaker::~PhoneMaker() = default;

std::string PhoneMaker::mobile(std::string_view alpha2, Rng& rng) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto* util = PhoneNumberUtil::GetInstance();
  auto it = impl_->examples.find(alpha2);
  if (it == impl_->examples.end()) {
    PhoneNumber ex;
    Impl::Example e;
    if (util->GetExampleNumberForType(std::string(alpha2), PhoneNumberUtil::MOBILE, &ex)) {
      e.country_code = ex.country_code();
      e.national = std::to_string(ex.national_number());
      e.leading_zero = ex.italian_leading_zero();
      e.leading_zeros = ex.number_of_leading_zeros();
    }
    it = impl_->examples.emplace(std::string(alpha2), e).first;
  }
  const auto& e = it->second;
  if (e.country_code == 0) return "";
  PhoneNumber n;
  n.set_country_code(e.country_code);
  if (e.leading_zero) {  // Côte d'Ivoire, Italy: the zero is part of the number
    n.set_italian_leading_zero(true);
    n.set_number_of_leading_zeros(e.leading_zeros);
  }
  // The example's leading digits with random ones after; where few such
  // numbers are valid (Malta's mobiles: 2 of 8 digits kept), more of the
  // example is kept, so that a number is found rather than the example itself
  // given to many phones.
  const std::size_t keep = e.national.size() > 8 ? e.national.size() - 6 : 2;
  for (int attempt = 0; attempt < 40; ++attempt) {
    const std::size_t kept = attempt < 20 ? keep : std::max(keep, e.national.size() - 4);
    std::string digits = e.national.substr(0, kept);
    while (digits.size() < e.national.size()) digits += kDigits[rng.below(10)];
    n.set_national_number(std::stoull(digits));
    if (util->IsValidNumber(n)) break;
    n.set_national_number(std::stoull(e.national));
  }
  std::string out;
  util->Format(n, PhoneNumberUtil::E164, &out);
  return out;
}

bool phone_valid(std::string_view e164) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto* util = PhoneNumberUtil::GetInstance();
  PhoneNumber n;
  if (util->Parse(std::string(e164), "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR) return false;
  return util->IsValidNumber(n);
}

std::string phone_national(std::string_view e164) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto* util = PhoneNumberUtil::GetInstance();
  PhoneNumber n;
  if (util->Parse(std::string(e164), "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR) return std::string(e164);
  std::string out;
  util->Format(n, PhoneNumberUtil::NATIONAL, &out);
  return out;
}

namespace {
constexpr const char* kMachineLatin = "Any-Latin; Latin-ASCII; [:^ASCII:] Remove";
constexpr const char* kAsciiLatin = "Latin-ASCII; [:^ASCII:] Remove";
}  // namespace

std::string machine_latin(std::string_view native) {
  std::string s = text::per_thread<&kMachineLatin>().apply(native);
  std::string out;
  bool start = true;
  for (char c : s) {
    if (c == '\'' || c == '`') continue;
    if (c >= 'a' && c <= 'z' && start)
      c = static_cast<char>(c - 'a' + 'A');
    else if (c >= 'A' && c <= 'Z' && !start)
      c = static_cast<char>(c - 'A' + 'a');
    start = (c == ' ' || c == '-');
    out += c;
  }
  return out;
}

std::string ascii_latin(std::string_view latin) {
  return text::per_thread<&kAsciiLatin>().apply(latin);
}

}  // namespace ariadne::datagen
