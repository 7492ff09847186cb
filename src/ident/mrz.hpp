// Machine-readable zones (ICAO Doc 9303): TD1, TD2, TD3, MRV-A, MRV-B, and the
// pre-2021 French national identity card (2 x 36, "IDFRA…", outside 9303).
//
// parse_mrz() reads an MRZ as printed and reports what it says and what is
// wrong with it. It never changes a value: a likely OCR confusion ('O' in a
// date, '5' in a name, lowercase letters) is an error carrying a suggestion,
// and suggested_lines shows the MRZ with every suggestion applied, for the
// caller to offer back to the user; nothing in the result uses it.
//
// Everything here is a pure function of its arguments (plus today's date when
// MrzOptions::today is unset) and is safe to call from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"

namespace ariadne::ident {

enum class MrzFormat { td1, td2, td3, mrva, mrvb, fra_id };

// "TD1", "TD2", "TD3", "MRVA", "MRVB", "FRA_ID".
const char* mrz_format_name(MrzFormat format);

// One error or warning. field is a result key ("birth_date", "composite", …)
// or "mrz" for the layout as a whole.
struct MrzIssue {
  std::string field;
  std::string reason;
  std::optional<std::string> suggestion;  // a likely reading of the field; never applied
  bool operator==(const MrzIssue&) const = default;
};

// Check-digit outcomes. nullopt: the format has no such check, or the data it
// covers holds characters outside [A-Z0-9<] so it cannot be computed.
struct MrzChecks {
  std::optional<bool> document_number;
  std::optional<bool> birth_date;
  std::optional<bool> expiry_date;
  std::optional<bool> optional_data;  // TD3 personal number only
  std::optional<bool> composite;      // TD1, TD2, TD3, FRA_ID
};

// Text fields keep the MRZ's characters, with fillers ('<') removed at both
// ends; in names a run of fillers becomes one space, in optional data each
// inner filler becomes a space. A field the format lacks is nullopt; a field
// that is present but blank is "".
struct MrzResult {
  bool valid = false;               // layout, characters, codes and every check digit are sound
  std::optional<MrzFormat> format;  // nullopt when the lines fit no format
  std::optional<std::string> document_code;
  std::optional<std::string> issuing_state;
  std::optional<std::string> surname;          // primary identifier
  std::optional<std::string> given_names;      // secondary identifier
  std::optional<std::string> document_number;  // long TD1/TD2 numbers include their extension
  std::optional<std::string> nationality;
  std::optional<Date>
      birth_date;  // nullopt when unreadable or not a calendar date; partial when fillers hide the day/month
  std::optional<std::string> sex;   // "M", "F" or "X" (unspecified, '<')
  std::optional<Date> expiry_date;  // nullopt when unreadable, not a calendar date, or absent (FRA_ID)
  std::optional<std::string>
      optional_data;  // TD1 line 1 (after a long number's extension); TD2/TD3/MRV; FRA_ID administrative code
  std::optional<std::string> optional_data_2;  // TD1 line 2
  std::optional<Date> issue_date;              // FRA_ID only: year and month
  MrzChecks checks;
  std::vector<MrzIssue> errors;    // any error makes valid false
  std::vector<MrzIssue> warnings;  // expired, specimen state UTO, truncated name, …: valid stays true
  std::vector<std::string> raw;    // the lines as read (surrounding whitespace removed)
  std::optional<std::vector<std::string>> suggested_lines;  // raw with every suggestion applied, when there is one
};

struct MrzOptions {
  // Reference date for century inference and the expiry warning; today (UTC) when unset.
  std::optional<Date> today;
};

inline constexpr std::size_t kMaxMrzInputBytes = 1000;

// Parses one MRZ: lines separated by '\n' or "\r\n"; blank lines and whitespace
// around lines are ignored; one line holding a whole MRZ (90, 72 or 88
// characters) is split, with a warning. Literal "\n" escapes are the caller's
// to decode.
//
// Fails (Result error) only when there is nothing to parse: invalid_input for
// empty or blank text, too_large above kMaxMrzInputBytes. Every other problem,
// including lines that fit no format, comes back as a result with valid false.
//
// Century of two-digit years: a birth date is the latest such date not after
// the reference date (so it lies in the past hundred years); an expiry year is
// the one within 49 years before to 50 years after the reference year.
Result<MrzResult> parse_mrz(std::string_view text, const MrzOptions& options = {});

// ICAO 9303 check digit (weights 7-3-1; '<' = 0, 0-9, A = 10 … Z = 35).
// nullopt for empty data or any character outside [A-Z0-9<] (lowercase included).
std::optional<int> mrz_check_digit(std::string_view data);

// Whether code (fillers already removed) is a state or organisation code of
// ICAO 9303 part 3: ISO 3166-1 alpha-3, "D", the British, UN, X.. and XX.
// codes, and UTO, the specimen state.
bool is_mrz_state_code(std::string_view code);

}  // namespace ariadne::ident
