#include "sltd/traveller_reader.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/country.hpp"
#include "ident/document_number.hpp"
#include "ident/mrz.hpp"

namespace ariadne::sltd::detail {

namespace {

using Field = TravellerField;

constexpr std::array<std::string_view, kTravellerFields> kNames = {
    "number", "issuing_state", "type", "mrz", "near", "location", "ref", "id", "checked_at"};
constexpr std::array<std::size_t, kTravellerFields> kMaxLen = {64,  3,   32, ident::kMaxMrzInputBytes, 0, 200,
                                                               100, 100, 40};

// The longest person field screened (POST /screen's limit for a name).
constexpr std::size_t kMaxPersonField = 500;
constexpr std::array<std::string_view, kPersonFields> kPersonNames = {"name",       "surname",     "given_names",
                                                                      "birth_date", "nationality", "sex"};
// A passenger-list record's journey fields: known, not used by a check.
constexpr std::array<std::string_view, 4> kJourneyFields = {"flight", "departure", "arrival", "date"};

std::size_t at(Field f) {
  return static_cast<std::size_t>(f);
}

std::optional<Field> field_of(std::string_view key) {
  for (std::size_t i = 0; i < kTravellerFields; ++i) {
    if (kNames[i] == key) return static_cast<Field>(i);
  }
  return std::nullopt;
}

bool alnum(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool readable_number(const std::string& n) {
  return !n.empty() && n.size() <= 20 && alnum(n);
}

// A state as an MRZ writes it: "D" is Germany; other non-ISO codes (UN, XXA, …)
// cannot be registered, so the check then runs over every state.
std::optional<std::string> mrz_state(const std::optional<std::string>& code) {
  if (!code) return std::nullopt;
  if (*code == "D") return std::string("DEU");
  if (is_iso_alpha3(*code)) return *code;
  return std::nullopt;
}

// Whether a name holds something to screen (a letter or digit, or any non-ASCII character).
bool has_name(std::string_view name) {
  return std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
  });
}

std::string given_then_surname(std::string_view given, std::string_view surname) {
  std::string name(given);
  if (!name.empty() && !surname.empty()) name += ' ';
  name += surname;
  return name;
}

// The person typed with the traveller: "name", else given names and surname.
std::optional<TravellerIdentity> typed_identity(const RawTraveller& raw) {
  using P = PersonField;
  std::string name(raw.get(P::name).value_or(""));
  if (!has_name(name))
    name = given_then_surname(raw.get(P::given_names).value_or(""), raw.get(P::surname).value_or(""));
  if (!has_name(name)) return std::nullopt;
  TravellerIdentity id{std::move(name), std::nullopt, std::nullopt, std::nullopt};
  if (auto d = raw.get(P::birth_date); d && parse_partial_date(*d)) id.birth_date = std::string(*d);
  if (auto n = raw.get(P::nationality); n && is_iso_alpha3(*n)) id.nationality = std::string(*n);
  if (auto x = raw.get(P::sex); x && (*x == "M" || *x == "F" || *x == "X")) id.sex = std::string(*x);
  return id;
}

// The holder an MRZ names, with what else it says of them.
std::optional<TravellerIdentity> mrz_identity(const ident::MrzResult& m) {
  std::string name = given_then_surname(m.given_names.value_or(""), m.surname.value_or(""));
  if (!has_name(name)) return std::nullopt;
  TravellerIdentity id{std::move(name), std::nullopt, mrz_state(m.nationality), m.sex};
  if (m.birth_date) id.birth_date = m.birth_date->iso();
  return id;
}

// The MRZ's part of a request: its summary, number, state, class and holder.
void read_mrz(std::string_view text, const RawTraveller& raw, const Date* today, CheckRequest& req,
              std::optional<TravellerIdentity>& holder, std::vector<FieldError>& errors) {
  ident::MrzOptions options;
  if (today) options.today = *today;
  auto parsed = ident::parse_mrz(text, options);
  if (!parsed) {
    errors.push_back({"mrz", parsed.error().message});
    return;
  }
  auto& m = *parsed;
  holder = mrz_identity(m);
  req.mrz = MrzSummary{m.valid, m.format, std::move(m.errors), std::move(m.warnings)};
  req.mrz_number_check_failed = m.checks.document_number == std::optional<bool>(false);
  std::string n = ident::normalise_document_number(m.document_number.value_or(""));
  if (auto number = raw.get(Field::number)) {
    // Both given: the MRZ's number unless its check digit fails, when the
    // typed one is more likely right; a disagreement is reported.
    std::string typed = ident::normalise_document_number(std::string(*number));
    if (typed != n) {
      req.mrz->warnings.push_back({"document_number", "the typed number " + typed + " differs from the MRZ's " + n});
      if (req.mrz_number_check_failed && readable_number(typed)) n = typed;
    }
  }
  if (!readable_number(n)) {
    errors.push_back({"mrz", "no document number can be read from this MRZ"});
  } else {
    req.lookup.number = std::move(n);
  }
  if (!raw.get(Field::issuing_state)) req.lookup.state = mrz_state(m.issuing_state);
  if (!raw.get(Field::type) && m.document_code) req.lookup.cls = parse_type_class(*m.document_code);
}

}  // namespace

void RawTraveller::set(std::string_view key, JsonKind kind, std::string_view value, bool flag) {
  auto f = field_of(key);
  if (!f) {
    // Person fields are read leniently: a value screening cannot use is left
    // out rather than failing the document check.
    auto p = std::find(kPersonNames.begin(), kPersonNames.end(), key);
    if (p != kPersonNames.end()) {
      auto& slot = person[static_cast<std::size_t>(p - kPersonNames.begin())];
      slot.reset();
      // Longer than POST /screen takes a name: left out, like any unusable value.
      if (kind == JsonKind::string && value.size() <= kMaxPersonField) slot = value;
    } else if (std::find(kJourneyFields.begin(), kJourneyFields.end(), key) == kJourneyFields.end()) {
      unknown.emplace_back(key);
    }
    return;
  }
  const auto i = at(*f);
  text[i].reset();
  problem[i].clear();
  if (*f == Field::ref) echo_ref = kind == JsonKind::string ? std::optional(value) : std::nullopt;
  if (*f == Field::near) {
    near.reset();
    if (kind == JsonKind::boolean) near = flag;
    if (kind != JsonKind::boolean && kind != JsonKind::null) problem[i] = "must be true or false";
    return;
  }
  if (kind == JsonKind::null) return;
  if (kind != JsonKind::string) {
    problem[i] = "must be a string";
  } else if (value.size() > kMaxLen[i]) {
    problem[i] = "is longer than " + std::to_string(kMaxLen[i]) + " bytes";
  } else {
    text[i] = value;
  }
}

RawTraveller read_traveller(const nlohmann::json& value) {
  RawTraveller raw;
  if (!value.is_object()) {
    raw.object = false;
    return raw;
  }
  for (const auto& [key, v] : value.items()) {
    if (v.is_string()) {
      raw.set(key, JsonKind::string, v.get_ref<const std::string&>(), false);
    } else if (v.is_boolean()) {
      raw.set(key, JsonKind::boolean, {}, v.get<bool>());
    } else {
      raw.set(key, v.is_null() ? JsonKind::null : JsonKind::other, {}, false);
    }
  }
  return raw;
}

RawTraveller read_traveller(simdjson::dom::element value) {
  RawTraveller raw;
  simdjson::dom::object object;
  if (value.get(object) != simdjson::SUCCESS) {
    raw.object = false;
    return raw;
  }
  for (auto [key, v] : object) {
    switch (v.type()) {
      case simdjson::dom::element_type::STRING:
        raw.set(key, JsonKind::string, v.get_string().value_unsafe(), false);
        break;
      case simdjson::dom::element_type::BOOL: raw.set(key, JsonKind::boolean, {}, v.get_bool().value_unsafe()); break;
      case simdjson::dom::element_type::NULL_VALUE: raw.set(key, JsonKind::null, {}, false); break;
      default: raw.set(key, JsonKind::other, {}, false); break;
    }
  }
  // Keys in order and once, as a nlohmann object holds them.
  std::sort(raw.unknown.begin(), raw.unknown.end());
  raw.unknown.erase(std::unique(raw.unknown.begin(), raw.unknown.end()), raw.unknown.end());
  return raw;
}

Result<CheckRequest> to_request(const RawTraveller& raw, const CheckRequest* defaults, const Date* today) {
  if (!raw.object) return Error::invalid("", "a traveller must be a JSON object");
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < kTravellerFields; ++i) {
    if (!raw.problem[i].empty()) errors.push_back({std::string(kNames[i]), raw.problem[i]});
  }
  CheckRequest req;
  if (defaults) {
    req.location = defaults->location;
    req.lookup.near = defaults->lookup.near;
  }
  if (raw.near) req.lookup.near = *raw.near;
  if (auto location = raw.get(Field::location)) req.location = std::string(*location);
  if (auto ref = raw.get(Field::ref)) {
    req.ref = std::string(*ref);
  } else if (auto id = raw.get(Field::id)) {
    req.ref = std::string(*id);
  }

  if (auto at = raw.get(Field::checked_at)) {
    auto t = parse_iso_time(*at);
    const std::int64_t now = unix_now();
    // A border post's clock may run a little ahead.
    if (!t || *t > now + 300 || *t < now - kMaxOfflineAge) {
      errors.push_back({"checked_at", "must be a UTC time (2026-06-24T10:15:00Z) within the last 30 days, not ahead"});
    } else {
      req.checked_at = *t;
    }
  }

  const auto number = raw.get(Field::number);
  const auto state = raw.get(Field::issuing_state);
  const auto type = raw.get(Field::type);
  const auto mrz = raw.get(Field::mrz);
  std::optional<TravellerIdentity> holder;
  if (state && !is_iso_alpha3(*state))
    errors.push_back({"issuing_state", "must be an ISO 3166-1 alpha-3 country code"});
  if (state && is_iso_alpha3(*state)) req.lookup.state = std::string(*state);
  if (type) {
    req.lookup.cls = parse_type_class(*type);
    if (!req.lookup.cls) {
      errors.push_back(
          {"type", "must be passport, identity_card, visa, residence_permit, other, or an ICAO document code"});
    }
  }
  if (!number && !mrz) {
    errors.push_back({"number", "is required (or give mrz)"});
  } else if (number && !mrz) {
    req.lookup.number = ident::normalise_document_number(std::string(*number));
    if (!readable_number(req.lookup.number)) {
      errors.push_back({"number", "must hold 1 to 20 letters or digits (spaces, hyphens and fillers are ignored)"});
    }
  } else {
    read_mrz(*mrz, raw, today, req, holder, errors);
  }
  for (const auto& key : raw.unknown) errors.push_back({key, "is not a known field"});
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  if (auto typed = typed_identity(raw)) req.identities.push_back(std::move(*typed));
  if (holder) req.identities.push_back(std::move(*holder));
  return req;
}

}  // namespace ariadne::sltd::detail
