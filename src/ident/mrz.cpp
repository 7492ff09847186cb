#include "ident/mrz.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <set>
#include <string>
#include <utility>

#include "ident/ascii.hpp"

namespace ariadne::ident {

namespace {

using ascii::is_digit;
using ascii::is_lower;
using ascii::is_upper;
using ascii::to_upper;

bool is_mrz_char(char c) {
  return is_upper(c) || is_digit(c) || c == '<';
}
// A character's value in a check digit (Doc 9303 part 3): digits as such,
// A–Z as 10–35, the filler as 0; nullopt for any other character.
constexpr int kCheckWeights[] = {7, 3, 1};
std::optional<int> check_value(char c) {
  if (is_digit(c)) return c - '0';
  if (is_upper(c)) return c - 'A' + 10;
  if (c == '<') return 0;
  return std::nullopt;
}

// The usual OCR confusions, each way.
std::optional<char> digit_for_letter(char c) {
  switch (c) {
    case 'O':
    case 'Q':
    case 'D': return '0';
    case 'I':
    case 'L': return '1';
    case 'Z': return '2';
    case 'S': return '5';
    case 'G': return '6';
    case 'B': return '8';
    default: return std::nullopt;
  }
}

std::optional<char> letter_for_digit(char c) {
  switch (c) {
    case '0': return 'O';
    case '1': return 'I';
    case '2': return 'Z';
    case '5': return 'S';
    case '6': return 'G';
    case '8': return 'B';
    default: return std::nullopt;
  }
}

// ISO 3166-1 alpha-3 codes, then the other codes of ICAO 9303 part 3.
constexpr std::string_view kStateCodes[] = {
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF", "ATG", "AUS", "AUT",
    "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL",
    "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG",
    "COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM",
    "DZA", "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM", "GAB", "GBR",
    "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY",
    "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA",
    "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY",
    "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL",
    "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM",
    "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER",
    "PHL", "PLW", "PNG", "POL", "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU",
    "SDN", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TON",
    "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB",
    "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB", "ZWE",
    // ICAO 9303 part 3: Germany's one-letter code, British nationality classes,
    // Kosovo, the EU, UN bodies, other organisations, stateless and refugees,
    // historical codes still seen on old documents, and the specimen state.
    "D", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "XKX", "XXK", "EUE", "UNO", "UNA", "UNK", "XBA", "XIM", "XCC", "XCE",
    "XCO", "XDC", "XEC", "XES", "XOM", "XPO", "XXA", "XXB", "XXC", "XXX", "ANT", "NTZ", "UTO"};

enum class Kind {
  code,     // document code: a letter, then a letter or '<'
  country,  // letters, '<' fillers at the end
  name,     // letters and '<'
  text,     // any MRZ character (document numbers, optional data)
  number,   // digits only
  date,     // digits, or '<' for unknown parts
  check,    // a digit ('<' where a field allows it)
  sex,      // M, F, X or '<'
};

struct Pos {
  int line;
  int col;
};

struct Span {
  int line;
  int start;
  int len;
};

std::string substr(const std::vector<std::string>& lines, Span s) {
  return lines[static_cast<std::size_t>(s.line)].substr(static_cast<std::size_t>(s.start),
                                                        static_cast<std::size_t>(s.len));
}

char at(const std::vector<std::string>& lines, Pos p) {
  return lines[static_cast<std::size_t>(p.line)][static_cast<std::size_t>(p.col)];
}

char& cell(std::vector<std::string>& lines, Pos p) {
  return lines[static_cast<std::size_t>(p.line)][static_cast<std::size_t>(p.col)];
}

std::string position(int line, int col) {
  return "line " + std::to_string(line + 1) + " position " + std::to_string(col + 1);
}

std::string quoted(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(c));
    return buf;
  }
  return std::string("'") + c + "'";
}

std::string strip_fillers(std::string_view s) {
  std::size_t b = s.find_first_not_of('<');
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of('<');
  return std::string(s.substr(b, e - b + 1));
}

std::string strip_trailing_fillers(std::string_view s) {
  std::size_t e = s.find_last_not_of('<');
  return e == std::string_view::npos ? "" : std::string(s.substr(0, e + 1));
}

// Name words: a run of fillers becomes one space, none at the ends.
std::string decode_words(std::string_view s) {
  std::string out;
  bool gap = false;
  for (char c : s) {
    if (c == '<') {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += ' ';
    gap = false;
    out += c;
  }
  return out;
}

// Optional data keeps its positions: each inner filler becomes a space.
std::string decode_optional(std::string_view s) {
  std::string out = strip_fillers(s);
  std::replace(out.begin(), out.end(), '<', ' ');
  return out;
}

// Everything one parse needs: the lines as read, an uppercase copy to compute
// check digits from (the lines themselves when already uppercase), the lines
// with suggestions applied (copied on the first suggestion), and the result.
struct Ctx {
  const std::vector<std::string>& lines;
  const std::vector<std::string>& calc;
  std::vector<std::string> suggested;
  bool any_suggestion = false;
  Date today;
  MrzResult& out;

  char& suggest(Pos p) {
    if (!any_suggestion) suggested = lines;
    any_suggestion = true;
    return cell(suggested, p);
  }

  void error(std::string field, std::string reason, std::optional<std::string> suggestion = std::nullopt) {
    out.errors.push_back({std::move(field), std::move(reason), std::move(suggestion)});
  }
  void warning(std::string field, std::string reason) {
    out.warnings.push_back({std::move(field), std::move(reason), std::nullopt});
  }
};

struct Taken {
  std::string_view text;  // the characters as read (a view into the lines)
  bool clean = true;      // no character is out of place for the field's kind
};

// Reads a span and reports, in one error for the field, every character that
// does not belong there, with its likely reading when it is an OCR confusion.
Taken take(Ctx& ctx, std::string_view field, Span s, Kind kind) {
  const auto& line = ctx.lines[static_cast<std::size_t>(s.line)];
  Taken t{std::string_view(line).substr(static_cast<std::size_t>(s.start), static_cast<std::size_t>(s.len)), true};
  std::vector<std::string> problems;
  std::string suggestion;  // made on the first problem: most fields have none
  bool all_fixable = true;
  for (int i = 0; i < s.len; ++i) {
    char c = t.text[static_cast<std::size_t>(i)];
    std::optional<char> fix;
    std::string what;
    if (is_lower(c)) {
      bool digits = kind == Kind::number || kind == Kind::date || kind == Kind::check;
      fix = digits ? digit_for_letter(to_upper(c)) : to_upper(c);
      what = "is a lowercase letter (MRZ letters are uppercase)";
    } else if (!is_mrz_char(c)) {
      what = "is not an MRZ character (A-Z, 0-9, <)";
    } else {
      switch (kind) {
        case Kind::code:
          if (i == 0 && !is_upper(c)) {
            fix = letter_for_digit(c);
            what = "where a letter is expected";
          } else if (is_digit(c)) {
            fix = letter_for_digit(c);
            what = "where a letter or '<' is expected";
          }
          break;
        case Kind::country:
        case Kind::name:
          if (is_digit(c)) {
            fix = letter_for_digit(c);
            what = "where a letter or '<' is expected";
          }
          break;
        case Kind::text: break;
        case Kind::number:
          if (!is_digit(c)) {
            fix = digit_for_letter(c);
            what = "where a digit is expected";
          }
          break;
        case Kind::date:
        case Kind::check:
          if (is_upper(c)) {
            fix = digit_for_letter(c);
            what = "where a digit is expected";
          }
          break;
        case Kind::sex:
          if (c != 'M' && c != 'F' && c != 'X' && c != '<') what = "where M, F, X or '<' is expected";
          break;
      }
    }
    if (what.empty()) continue;
    std::string p = position(s.line, s.start + i) + ": " + quoted(c) + " " + what;
    if (fix) {
      p += std::string(", likely '") + *fix + "'";
      if (suggestion.empty()) suggestion = std::string(t.text);
      suggestion[static_cast<std::size_t>(i)] = *fix;
      ctx.suggest({s.line, s.start + i}) = *fix;
    } else {
      all_fixable = false;
    }
    problems.push_back(std::move(p));
  }
  if (!problems.empty()) {
    t.clean = false;
    std::string reason;
    for (const auto& p : problems) reason += (reason.empty() ? "" : "; ") + p;
    // Offered in the form the result gives the field.
    if (suggestion.empty()) suggestion = std::string(t.text);
    if (kind == Kind::name) suggestion = decode_words(suggestion);
    if (kind == Kind::country) suggestion = strip_trailing_fillers(suggestion);
    ctx.error(std::string(field), std::move(reason),
              all_fixable ? std::optional<std::string>(suggestion) : std::nullopt);
  }
  return t;
}

// A check over a digit and the data it covers, computable on any set of lines.
struct CheckSpec {
  std::string_view field;
  Pos digit;
  std::vector<Span> data;
};

// A blank field (only fillers) may carry '<' as its check digit.
std::optional<bool> verify(const std::string& data, char digit) {
  auto computed = mrz_check_digit(data);
  if (!computed || !is_mrz_char(digit)) return std::nullopt;
  if (digit == '<') return data.find_first_not_of('<') == std::string::npos;
  return digit - '0' == *computed;
}

// verify() over the spans' characters as one string, without building it.
std::optional<bool> eval(const std::vector<std::string>& lines, const CheckSpec& spec) {
  int sum = 0;
  std::size_t n = 0;
  bool blank = true;
  for (const Span& s : spec.data) {
    const auto& line = lines[static_cast<std::size_t>(s.line)];
    for (int i = s.start; i < s.start + s.len; ++i, ++n) {
      char c = line[static_cast<std::size_t>(i)];
      auto value = check_value(c);
      if (!value) return std::nullopt;
      blank = blank && c == '<';
      sum += *value * kCheckWeights[n % 3];
    }
  }
  char digit = at(lines, spec.digit);
  if (n == 0 || !is_mrz_char(digit)) return std::nullopt;
  if (digit == '<') return blank;
  return digit - '0' == sum % 10;
}

std::string check_reason(const std::vector<std::string>& lines, const CheckSpec& spec) {
  std::string data;
  for (const Span& s : spec.data) data += substr(lines, s);
  char d = at(lines, spec.digit);
  std::string computed = std::to_string(mrz_check_digit(data).value_or(0));
  if (d == '<') {
    return "check digit missing ('<' at " + position(spec.digit.line, spec.digit.col) + "), computed " + computed;
  }
  return "check digit " + quoted(d) + " at " + position(spec.digit.line, spec.digit.col) +
         " does not match the computed " + computed;
}

// Records a check outcome; a failure is an error unless the digit itself was
// already reported as a misread character.
void run_check(Ctx& ctx, std::optional<bool>& slot, const CheckSpec& spec) {
  slot = eval(ctx.calc, spec);
  if (slot.value_or(true)) return;
  char d = at(ctx.lines, spec.digit);
  if (!is_digit(d) && d != '<') return;  // reported by take() as a misread digit
  std::string reason = check_reason(ctx.calc, spec);
  if (ctx.any_suggestion && eval(ctx.suggested, spec).value_or(false)) {
    reason += "; it matches once the suggested readings are applied";
  }
  ctx.error(std::string(spec.field), std::move(reason));
}

// ---- fields ---------------------------------------------------------------

void read_document_code(Ctx& ctx, Span s, std::string_view expected_first, std::string_view format) {
  Taken t = take(ctx, "document_code", s, Kind::code);
  ctx.out.document_code = strip_trailing_fillers(t.text);
  if (t.clean && expected_first.find(t.text[0]) == std::string_view::npos) {
    ctx.warning("document_code", "document code '" + *ctx.out.document_code + "' is unusual for " +
                                     std::string(format) + " (expected one starting with " +
                                     std::string(expected_first) + ")");
  }
}

std::string read_country(Ctx& ctx, std::string_view field, Span s) {
  Taken t = take(ctx, field, s, Kind::country);
  std::string code = strip_trailing_fillers(t.text);
  if (!t.clean) return code;
  if (code.empty()) {
    ctx.error(std::string(field), "missing: only fillers at " + position(s.line, s.start));
  } else if (code.find('<') != std::string::npos) {
    ctx.error(std::string(field),
              "'" + std::string(t.text) + "' is not a state code (fillers may only follow the code)");
  } else if (code == "UTO") {
    ctx.warning(std::string(field), "UTO is Utopia, the fictitious state of ICAO specimens");
  } else if (!is_mrz_state_code(code)) {
    ctx.error(std::string(field), "'" + code + "' is not an ICAO 9303 state code");
  }
  return code;
}

// Primary identifier, "<<", secondary identifier; warns when the field is full
// (the name was probably truncated by the issuer).
void read_icao_name(Ctx& ctx, Span s) {
  std::string text = substr(ctx.lines, s);
  std::size_t sep = text.find("<<");
  // Attribute misread characters to the part they are in.
  if (sep == std::string::npos) {
    take(ctx, "surname", s, Kind::name);
  } else {
    int cut = static_cast<int>(sep);
    if (cut > 0) take(ctx, "surname", {s.line, s.start, cut}, Kind::name);
    take(ctx, "given_names", {s.line, s.start + cut, s.len - cut}, Kind::name);
  }
  if (sep == std::string::npos) {
    ctx.out.surname = decode_words(text);
    ctx.out.given_names = "";
  } else {
    ctx.out.surname = decode_words(std::string_view(text).substr(0, sep));
    ctx.out.given_names = decode_words(std::string_view(text).substr(sep + 2));
  }
  if (ctx.out.surname->empty() && ctx.out.given_names->empty()) {
    ctx.error("surname", "the name field holds only fillers");
  } else if (text.back() != '<') {
    ctx.warning(sep == std::string::npos ? "surname" : "given_names",
                "the name fills the whole field: it may have been truncated");
  }
}

enum class DateRole { birth, expiry, issue };

std::optional<Date> read_date(Ctx& ctx, std::string_view field, Span s, DateRole role) {
  Taken t = take(ctx, field, s, role == DateRole::issue ? Kind::number : Kind::date);
  if (!t.clean) return std::nullopt;
  const std::string_view v = t.text;
  auto two = [&](std::size_t i) { return (v[i] - '0') * 10 + (v[i + 1] - '0'); };
  auto digits = [&](std::size_t from, std::size_t to) {
    return std::all_of(v.begin() + static_cast<long>(from), v.begin() + static_cast<long>(to), is_digit);
  };
  auto fillers = [&](std::size_t from) {
    return std::all_of(v.begin() + static_cast<long>(from), v.end(), [](char c) { return c == '<'; });
  };
  if (fillers(0)) {
    if (role == DateRole::birth) ctx.warning(std::string(field), "not recorded (only fillers)");
    if (role == DateRole::expiry) ctx.warning(std::string(field), "the document carries no expiry date");
    if (role == DateRole::issue) ctx.error(std::string(field), "missing: only fillers");
    return std::nullopt;
  }
  Date d;
  int yy = 0;
  if (v.size() == 6 && digits(0, 6)) {
    yy = two(0);
    d.month = two(2);
    d.day = two(4);
  } else if (v.size() == 4 && digits(0, 4)) {
    yy = two(0);
    d.month = two(2);
  } else if (role == DateRole::birth && digits(0, 4) && fillers(4)) {
    yy = two(0);
    d.month = two(2);
  } else if (role == DateRole::birth && digits(0, 2) && fillers(2)) {
    yy = two(0);
  } else {
    ctx.error(std::string(field),
              "'" + std::string(v) + "' is not a date (YYMMDD, fillers only for unknown parts of a birth date)");
    return std::nullopt;
  }
  if (role == DateRole::expiry) {
    int low = ctx.today.year - 49;
    d.year = low + (((yy - low) % 100) + 100) % 100;
  } else {  // birth and issue: the latest such date not after today
    d.year = ctx.today.year - ctx.today.year % 100 + yy;
    if (d > ctx.today) d.year -= 100;
  }
  bool ok = d.month == 0 || (d.month >= 1 && d.month <= 12);
  if (ok && d.day != 0) ok = valid_calendar_date(d.year, d.month, d.day);
  if (!ok) {
    ctx.error(std::string(field), "'" + std::string(v) + "' is not a calendar date");
    return std::nullopt;
  }
  if (role == DateRole::birth && !d.complete()) {
    ctx.warning(std::string(field), "partly unknown: fillers stand for the missing parts");
  }
  return d;
}

void read_sex(Ctx& ctx, Pos p) {
  Taken t = take(ctx, "sex", {p.line, p.col, 1}, Kind::sex);
  if (!t.clean) return;
  ctx.out.sex = t.text == "<" ? std::string("X") : std::string(t.text);
}

void date_warnings(Ctx& ctx) {
  const auto& expiry = ctx.out.expiry_date;
  if (expiry && expiry->complete()) {
    if (*expiry < ctx.today) {
      ctx.warning("expiry_date", "the document expired on " + expiry->iso());
    } else if (*expiry > add_years(ctx.today, 10)) {
      ctx.warning("expiry_date", "the expiry date " + expiry->iso() + " is more than 10 years ahead");
    }
  }
  const auto& birth = ctx.out.birth_date;
  if (birth && expiry && birth->year > expiry->year) {
    ctx.warning("birth_date", "the birth date " + birth->iso() + " is after the expiry date " + expiry->iso());
  }
}

// ---- document numbers -------------------------------------------------------

// Where a document number and its check digit sit. In TD1 and TD2 a '<' in
// the check digit position announces a long number: it continues in the
// optional data up to the first filler, and that run's last character is the
// check digit.
struct NumberLayout {
  Span number;                         // the 9 principal characters
  Pos digit;                           // their check digit position
  std::optional<Span> extension_area;  // the optional data that may hold the rest (TD1, TD2)
};

struct NumberRead {
  std::string principal;       // the 9 characters of the number field, as read
  std::string extension;       // a long number's continuation (without its check digit)
  std::string number;          // principal without trailing fillers, then the extension
  std::vector<Pos> positions;  // where each character of number sits
  std::optional<Pos> digit;    // the check digit's position; none when a long number has none
  bool long_form = false;
  int extension_used = 0;  // characters of the optional data taken (extension and check digit)
};

NumberRead locate_number(const std::vector<std::string>& lines, const NumberLayout& layout) {
  NumberRead r;
  r.principal = substr(lines, layout.number);
  r.number = strip_trailing_fillers(r.principal);
  for (int i = 0; i < static_cast<int>(r.number.size()); ++i) {
    r.positions.push_back({layout.number.line, layout.number.start + i});
  }
  r.digit = layout.digit;
  if (!layout.extension_area || at(lines, layout.digit) != '<') return r;
  r.long_form = true;
  r.digit.reset();
  const Span& area = *layout.extension_area;
  std::string text = substr(lines, area);
  int run = static_cast<int>(std::min(text.find('<'), text.size()));
  if (run == 0) return r;
  r.extension_used = run;
  r.extension = text.substr(0, static_cast<std::size_t>(run - 1));
  for (int i = 0; i + 1 < run; ++i) r.positions.push_back({area.line, area.start + i});
  r.number += r.extension;
  r.digit = Pos{area.line, area.start + run - 1};
  return r;
}

// Long numbers: issuers differ on whether the filler before the extension
// counts, so a digit computed either way is accepted.
std::optional<bool> check_number(const std::vector<std::string>& lines, const NumberLayout& layout) {
  NumberRead r = locate_number(lines, layout);
  if (!r.digit) return false;
  char d = at(lines, *r.digit);
  if (!r.long_form) return verify(r.principal, d);
  auto without = verify(r.principal + r.extension, d);
  auto with = verify(r.principal + "<" + r.extension, d);
  if (!without || !with) return std::nullopt;
  return *without || *with;
}

void read_document_number(Ctx& ctx, const NumberLayout& layout, const std::optional<CheckSpec>& composite) {
  take(ctx, "document_number", layout.number, Kind::text);
  take(ctx, "document_number", {layout.digit.line, layout.digit.col, 1}, Kind::check);
  NumberRead r = locate_number(ctx.lines, layout);
  ctx.out.document_number = r.number;
  if (r.number.empty()) ctx.error("document_number", "missing: only fillers");
  if (r.long_form && !r.digit) {
    ctx.out.checks.document_number = false;
    ctx.error("document_number", "'<' at " + position(layout.digit.line, layout.digit.col) +
                                     " announces a long document number, but the optional data holds neither "
                                     "its end nor its check digit");
    return;
  }
  if (r.long_form && r.extension_used == 1) {
    ctx.warning("document_number",
                "the check digit sits in the optional data although the number has only 9 characters");
  }
  auto ok = check_number(ctx.calc, layout);
  ctx.out.checks.document_number = ok;
  if (ok.value_or(true)) return;
  char d = at(ctx.lines, *r.digit);
  if (!is_digit(d) && d != '<') {
    if (r.long_form) {
      ctx.error("document_number", "the long number's check digit " + quoted(d) + " at " +
                                       position(r.digit->line, r.digit->col) + " is not a digit");
    }
    return;  // a misread digit in the principal position was reported by take()
  }
  std::string computed = std::to_string(mrz_check_digit(r.principal + r.extension).value_or(0));
  if (r.long_form) {
    computed += " (or " + std::to_string(mrz_check_digit(r.principal + "<" + r.extension).value_or(0)) +
                " counting the filler)";
  }
  std::string reason = "check digit " + quoted(d) + " at " + position(r.digit->line, r.digit->col) +
                       " does not match the number '" + r.number + "': computed " + computed;
  if (ctx.any_suggestion && check_number(ctx.suggested, layout).value_or(false)) {
    reason += "; it matches once the suggested readings are applied";
    ctx.error("document_number", std::move(reason));
    return;
  }
  // One OCR confusion in the number that satisfies this check (and the
  // composite, where there is one) is worth offering.
  std::vector<std::pair<std::size_t, char>> fixes;  // index in the number, reading
  for (std::size_t k = 0; k < r.positions.size(); ++k) {
    char c = at(ctx.calc, r.positions[k]);
    auto alt = is_digit(c) ? letter_for_digit(c) : digit_for_letter(c);
    if (!alt) continue;
    std::vector<std::string> trial = ctx.calc;
    cell(trial, r.positions[k]) = *alt;
    if (!check_number(trial, layout).value_or(false)) continue;
    if (composite && !eval(trial, *composite).value_or(false)) continue;
    fixes.emplace_back(k, *alt);
  }
  if (fixes.size() == 1) {
    auto [k, alt] = fixes.front();
    const Pos& p = r.positions[k];
    std::string fixed = r.number;
    fixed[k] = alt;
    reason += std::string("; reading ") + quoted(at(ctx.lines, p)) + " at " + position(p.line, p.col) + " as '" + alt +
              "' would satisfy it";
    ctx.suggest(p) = alt;
    ctx.error("document_number", std::move(reason), fixed);
    return;
  }
  ctx.error("document_number", std::move(reason));
}

// ---- formats ------------------------------------------------------------------

void read_dates_and_sex(Ctx& ctx, int line, int birth, int sex, int expiry) {
  ctx.out.birth_date = read_date(ctx, "birth_date", {line, birth, 6}, DateRole::birth);
  take(ctx, "birth_date", {line, birth + 6, 1}, Kind::check);
  run_check(ctx, ctx.out.checks.birth_date, {"birth_date", {line, birth + 6}, {{line, birth, 6}}});
  read_sex(ctx, {line, sex});
  ctx.out.expiry_date = read_date(ctx, "expiry_date", {line, expiry, 6}, DateRole::expiry);
  take(ctx, "expiry_date", {line, expiry + 6, 1}, Kind::check);
  run_check(ctx, ctx.out.checks.expiry_date, {"expiry_date", {line, expiry + 6}, {{line, expiry, 6}}});
}

void parse_td1(Ctx& ctx) {
  read_document_code(ctx, {0, 0, 2}, "IAC", "TD1");
  ctx.out.issuing_state = read_country(ctx, "issuing_state", {0, 2, 3});
  CheckSpec composite{"composite", {1, 29}, {{0, 5, 25}, {1, 0, 7}, {1, 8, 7}, {1, 18, 11}}};
  NumberLayout number{{0, 5, 9}, {0, 14}, Span{0, 15, 15}};
  read_document_number(ctx, number, composite);
  take(ctx, "optional_data", {0, 15, 15}, Kind::text);
  int used = locate_number(ctx.lines, number).extension_used;
  ctx.out.optional_data = decode_optional(substr(ctx.lines, {0, 15 + used, 15 - used}));
  read_dates_and_sex(ctx, 1, 0, 7, 8);
  ctx.out.nationality = read_country(ctx, "nationality", {1, 15, 3});
  take(ctx, "optional_data_2", {1, 18, 11}, Kind::text);
  ctx.out.optional_data_2 = decode_optional(substr(ctx.lines, {1, 18, 11}));
  take(ctx, "composite", {1, 29, 1}, Kind::check);
  run_check(ctx, ctx.out.checks.composite, composite);
  read_icao_name(ctx, {2, 0, 30});
}

// TD2, TD3, MRV-A and MRV-B share line 2 up to the expiry check digit.
void parse_two_line(Ctx& ctx, MrzFormat format, int width) {
  bool visa = format == MrzFormat::mrva || format == MrzFormat::mrvb;
  read_document_code(ctx, {0, 0, 2}, visa ? "V" : (format == MrzFormat::td3 ? "P" : "IAC"), mrz_format_name(format));
  ctx.out.issuing_state = read_country(ctx, "issuing_state", {0, 2, 3});
  read_icao_name(ctx, {0, 5, width - 5});

  std::optional<CheckSpec> composite;
  if (format == MrzFormat::td2) composite = CheckSpec{"composite", {1, 35}, {{1, 0, 10}, {1, 13, 7}, {1, 21, 14}}};
  if (format == MrzFormat::td3) composite = CheckSpec{"composite", {1, 43}, {{1, 0, 10}, {1, 13, 7}, {1, 21, 22}}};

  int optional_len = width - 28 - (composite ? 1 : 0) - (format == MrzFormat::td3 ? 1 : 0);
  Span optional{1, 28, optional_len};
  NumberLayout number{{1, 0, 9}, {1, 9}, std::nullopt};
  if (format == MrzFormat::td2) number.extension_area = optional;
  read_document_number(ctx, number, composite);
  ctx.out.nationality = read_country(ctx, "nationality", {1, 10, 3});
  read_dates_and_sex(ctx, 1, 13, 20, 21);

  take(ctx, "optional_data", optional, Kind::text);
  int used = locate_number(ctx.lines, number).extension_used;
  ctx.out.optional_data = decode_optional(substr(ctx.lines, {1, 28 + used, optional_len - used}));
  if (format == MrzFormat::td3) {
    // The personal number (its check digit may be '<' when it is blank).
    take(ctx, "optional_data", {1, 42, 1}, Kind::check);
    run_check(ctx, ctx.out.checks.optional_data, {"optional_data", {1, 42}, {optional}});
  }
  if (composite) {
    take(ctx, "composite", {composite->digit.line, composite->digit.col, 1}, Kind::check);
    run_check(ctx, ctx.out.checks.composite, *composite);
  }
}

// French national identity card, 1988-2021 (not ICAO 9303):
//   line 1: "ID" "FRA" surname(25) administrative code(6)
//   line 2: issue YYMM(4) department/office(3) sequence(5) check, given names(14),
//           birth YYMMDD check, sex, composite check over line 1 and line 2[0,35).
// The card number is the first 12 characters of line 2.
void parse_fra_id(Ctx& ctx) {
  read_document_code(ctx, {0, 0, 2}, "I", "FRA_ID");
  ctx.out.issuing_state = read_country(ctx, "issuing_state", {0, 2, 3});
  take(ctx, "surname", {0, 5, 25}, Kind::name);
  ctx.out.surname = decode_words(substr(ctx.lines, {0, 5, 25}));
  take(ctx, "optional_data", {0, 30, 6}, Kind::text);
  ctx.out.optional_data = decode_optional(substr(ctx.lines, {0, 30, 6}));

  ctx.out.issue_date = read_date(ctx, "issue_date", {1, 0, 4}, DateRole::issue);
  take(ctx, "document_number", {1, 4, 3}, Kind::text);
  take(ctx, "document_number", {1, 7, 5}, Kind::number);
  take(ctx, "document_number", {1, 12, 1}, Kind::check);
  ctx.out.document_number = strip_trailing_fillers(substr(ctx.lines, {1, 0, 12}));
  run_check(ctx, ctx.out.checks.document_number, {"document_number", {1, 12}, {{1, 0, 12}}});

  take(ctx, "given_names", {1, 13, 14}, Kind::name);
  ctx.out.given_names = decode_words(substr(ctx.lines, {1, 13, 14}));
  if (ctx.out.surname->empty()) ctx.error("surname", "missing: only fillers");

  ctx.out.birth_date = read_date(ctx, "birth_date", {1, 27, 6}, DateRole::birth);
  take(ctx, "birth_date", {1, 33, 1}, Kind::check);
  run_check(ctx, ctx.out.checks.birth_date, {"birth_date", {1, 33}, {{1, 27, 6}}});
  read_sex(ctx, {1, 34});
  take(ctx, "composite", {1, 35, 1}, Kind::check);
  run_check(ctx, ctx.out.checks.composite, {"composite", {1, 35}, {{0, 0, 36}, {1, 0, 35}}});
}

// ---- input --------------------------------------------------------------------

std::string trim(std::string_view s) {
  const char* ws = " \t\r\v\f";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line = trim(text.substr(start, nl - start));
    if (!line.empty()) lines.push_back(std::move(line));
    start = nl + 1;
  }
  return lines;
}

std::optional<MrzFormat> detect(const std::vector<std::string>& lines) {
  if (lines.size() == 3 && lines[0].size() == 30 && lines[1].size() == 30 && lines[2].size() == 30) {
    return MrzFormat::td1;
  }
  if (lines.size() != 2 || lines[0].size() != lines[1].size()) return std::nullopt;
  char first = to_upper(lines[0][0]);
  if (lines[0].size() == 44) return first == 'V' ? MrzFormat::mrva : MrzFormat::td3;
  if (lines[0].size() != 36) return std::nullopt;
  if (first == 'V') return MrzFormat::mrvb;
  // "IDFRA", tolerating digits misread for letters.
  std::string head = lines[0].substr(0, 5);
  for (char& c : head) c = is_digit(c) ? letter_for_digit(c).value_or(c) : to_upper(c);
  return head == "IDFRA" ? MrzFormat::fra_id : MrzFormat::td2;
}

bool all_checks_pass(const MrzResult& r) {
  const MrzChecks& c = r.checks;
  for (const auto& check : {c.document_number, c.birth_date, c.expiry_date, c.optional_data, c.composite}) {
    if (check.has_value() && !*check) return false;
  }
  return true;
}

MrzResult parse_as(MrzFormat format, const std::vector<std::string>& lines, const Date& today) {
  MrzResult out;
  out.format = format;
  out.raw = lines;
  std::vector<std::string> upper;
  const bool lower = std::any_of(lines.begin(), lines.end(),
                                 [](const std::string& l) { return std::any_of(l.begin(), l.end(), is_lower); });
  if (lower) {
    upper = lines;
    for (auto& line : upper) std::transform(line.begin(), line.end(), line.begin(), to_upper);
  }
  Ctx ctx{lines, lower ? upper : lines, {}, false, today, out};
  switch (format) {
    case MrzFormat::td1: parse_td1(ctx); break;
    case MrzFormat::td2: parse_two_line(ctx, format, 36); break;
    case MrzFormat::td3:
    case MrzFormat::mrva: parse_two_line(ctx, format, 44); break;
    case MrzFormat::mrvb: parse_two_line(ctx, format, 36); break;
    case MrzFormat::fra_id: parse_fra_id(ctx); break;
  }
  date_warnings(ctx);
  if (ctx.any_suggestion) out.suggested_lines = ctx.suggested;
  // Every failed check is also an error; both are tested to be safe.
  out.valid = out.errors.empty() && all_checks_pass(out);
  return out;
}

std::string describe_lines(const std::vector<std::string>& lines) {
  std::string s = std::to_string(lines.size()) + (lines.size() == 1 ? " line of " : " lines of ");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) s += i + 1 == lines.size() ? " and " : ", ";
    s += std::to_string(lines[i].size());
  }
  return s + " characters";
}

}  // namespace

const char* mrz_format_name(MrzFormat format) {
  switch (format) {
    case MrzFormat::td1: return "TD1";
    case MrzFormat::td2: return "TD2";
    case MrzFormat::td3: return "TD3";
    case MrzFormat::mrva: return "MRVA";
    case MrzFormat::mrvb: return "MRVB";
    case MrzFormat::fra_id: return "FRA_ID";
  }
  return "?";
}

std::optional<int> mrz_check_digit(std::string_view data) {
  if (data.empty()) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    auto value = check_value(data[i]);
    if (!value) return std::nullopt;
    sum += *value * kCheckWeights[i % 3];
  }
  return sum % 10;
}

bool is_mrz_state_code(std::string_view code) {
  static const std::set<std::string_view> codes(std::begin(kStateCodes), std::end(kStateCodes));
  return codes.count(code) == 1;
}

Result<MrzResult> parse_mrz(std::string_view text, const MrzOptions& options) {
  if (text.size() > kMaxMrzInputBytes) {
    return Error{ErrorCode::too_large,
                 "MRZ input is " + std::to_string(text.size()) + " bytes; at most " +
                     std::to_string(kMaxMrzInputBytes) + " are accepted",
                 {{"mrz", "over " + std::to_string(kMaxMrzInputBytes) + " bytes"}}};
  }
  std::vector<std::string> lines = split_lines(text);
  if (lines.empty()) return Error::invalid("mrz", "empty: no MRZ text");
  Date today = options.today.value_or(today_utc());

  std::vector<std::string> split_warning;
  if (lines.size() == 1) {
    // Some readers deliver the whole zone as one line.
    std::size_t n = lines[0].size();
    std::size_t width = n == 90 ? 30 : n == 72 ? 36 : n == 88 ? 44 : 0;
    if (width != 0) {
      std::vector<std::string> parts;
      for (std::size_t i = 0; i < n; i += width) parts.push_back(lines[0].substr(i, width));
      lines = std::move(parts);
      split_warning.push_back("one line of " + std::to_string(n) + " characters read as " +
                              std::to_string(lines.size()) + " lines of " + std::to_string(width));
    }
  }

  std::optional<MrzFormat> format = detect(lines);
  if (!format) {
    MrzResult out;
    out.raw = lines;
    std::string reason =
        "expected 3 lines of 30 characters (TD1), 2 of 36 (TD2, MRV-B, French ID) or 2 of 44 "
        "(TD3, MRV-A); got " +
        describe_lines(lines);
    for (const auto& line : lines) {
      if (line.find("\\n") != std::string::npos) {
        reason += " (a literal \\n escape must be decoded into a line break first)";
        break;
      }
    }
    out.errors.push_back({"mrz", reason, std::nullopt});
    return out;
  }
  MrzResult out = parse_as(*format, lines, today);
  if (*format == MrzFormat::fra_id && !all_checks_pass(out)) {
    // A real TD2 may also start with "IDFRA": keep whichever reading verifies.
    MrzResult td2 = parse_as(MrzFormat::td2, lines, today);
    if (td2.valid) out = std::move(td2);
  }
  for (auto& w : split_warning) out.warnings.insert(out.warnings.begin(), {"mrz", std::move(w), std::nullopt});
  return out;
}

}  // namespace ariadne::ident
