// Reading a traveller's JSON object into a CheckRequest (private to sltd).
//
// Two readers — a nlohmann value (single checks, the CLI) and a simdjson
// element (passenger lists, the hot path) — fill the same RawTraveller with
// views into the parsed document, and one validator (to_request) turns it
// into a request. Reasons, their order and their wording are those of
// JsonFields: reading problems in field order, then validation, then unknown
// fields in key order; a repeated key counts once, its last value wins.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>
#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "common/time.hpp"
#include "sltd/checks.hpp"

namespace ariadne::sltd::detail {

// The fields a check reads, in the order their reading problems are reported.
enum class TravellerField { number, issuing_state, type, mrz, near, location, ref, id, checked_at };
inline constexpr std::size_t kTravellerFields = 9;

// The person fields screening reads (when they are strings).
enum class PersonField { name, surname, given_names, birth_date, nationality, sex };
inline constexpr std::size_t kPersonFields = 6;

// A JSON value as the readers see it.
enum class JsonKind { null, string, boolean, other };

struct RawTraveller {
  bool object = true;                                                    // false: the traveller is not a JSON object
  std::array<std::optional<std::string_view>, kTravellerFields> text{};  // string fields that read well
  std::optional<bool> near;
  std::array<std::string, kTravellerFields> problem{};  // a field's reading problem, "" when none
  std::optional<std::string_view> echo_ref;             // "ref" when a string of any length: echoed with errors
  std::array<std::optional<std::string_view>, kPersonFields> person{};  // person fields that are strings
  std::vector<std::string> unknown;                                     // keys no check reads

  // Notes one key's value (text for strings, flag for booleans).
  void set(std::string_view key, JsonKind kind, std::string_view text, bool flag);
  std::optional<std::string_view> get(TravellerField f) const { return text[static_cast<std::size_t>(f)]; }
  std::optional<std::string_view> get(PersonField f) const { return person[static_cast<std::size_t>(f)]; }
};

RawTraveller read_traveller(const nlohmann::json& value);
RawTraveller read_traveller(simdjson::dom::element value);

// Validates like parse_check_request; `defaults` supplies location and near,
// `today` the MRZ's reference date (today's when null: a batch reads the clock once).
Result<CheckRequest> to_request(const RawTraveller& raw, const CheckRequest* defaults, const Date* today = nullptr);

}  // namespace ariadne::sltd::detail
