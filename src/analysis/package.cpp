#include "analysis/package.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <iterator>
#include <map>
#include <span>

#include <nlohmann/json.hpp>

#include "common/ascii.hpp"
#include "common/country.hpp"
#include "common/enum_names.hpp"
#include "common/json_fields.hpp"
#include "ident/document_number.hpp"
#include "ident/identifiers.hpp"
#include "text/normalise.hpp"

namespace ariadne::analysis {

const Statement* find_statement(const Mention& m, std::string_view prop) {
  for (const auto& s : m.statements) {
    if (s.prop == prop) return &s;
  }
  return nullptr;
}

using nlohmann::json;

namespace {

constexpr EnumName<MentionKind> kKinds[] = {
    {MentionKind::person, "person"},     {MentionKind::organization, "organization"},
    {MentionKind::phone, "phone"},       {MentionKind::account, "account"},
    {MentionKind::vehicle, "vehicle"},   {MentionKind::boat, "boat"},
    {MentionKind::document, "document"}, {MentionKind::place, "place"},
    {MentionKind::other, "other"},       {MentionKind::event, "event"}};

// How a property's value is read and checked.
enum class Type {
  text,               // a string of at most `max` bytes
  choice,             // one of `choices`
  date,               // YYYY-MM-DD, not after today
  partial_date,       // YYYY, YYYY-MM or YYYY-MM-DD, not after today
  country,            // ISO 3166-1 alpha-3
  currency,           // three capital letters (ISO 4217)
  integer,            // 0 to `max`
  degrees,            // a number of degrees from -`max` to `max` (a latitude or longitude)
  boolean,            // true or false
  name,               // {full, script?, family?, given?}
  local_ref,          // another mention's local id: stored as a link
  member_or_country,  // a member's code or an alpha-3 country
  group,              // an object of `group` fields, stored as "<name>.<field>" statements
  extra,              // {"property": ["value", …]}: what a source said that has no field here, kept as given
};

struct Field {
  std::string_view name;
  Type type;
  bool required = false;
  std::span<const std::string_view> choices = {};
  std::int64_t max = 200;  // bytes of a text, the largest integer, or the items of a list
  bool list = false;
  const Field* group = nullptr;  // Type::group: its fields
  std::size_t group_size = 0;
};

constexpr std::string_view kCrimeTypes[] = {"migrant_smuggling", "trafficking_in_human_beings"};
constexpr std::string_view kSexes[] = {"M", "F", "X"};
constexpr std::string_view kRoles[] = {"organiser",     "recruiter",   "driver",    "boat_captain", "forger",
                                       "money_handler", "transporter", "exploiter", "migrant",      "victim"};
constexpr std::string_view kAccountTypes[] = {"bank", "hawala", "crypto"};
constexpr std::string_view kVehicleTypes[] = {"van", "lorry", "car", "minibus", "pickup"};
constexpr std::string_view kBoatTypes[] = {"rubber_dinghy", "wooden_boat", "speedboat", "fishing_vessel"};
constexpr std::string_view kDocumentTypes[] = {"passport", "identity_card", "visa", "residence_permit", "other"};
constexpr std::string_view kPlaceTypes[] = {"crossing_point",    "city",          "safe_house",
                                            "exploitation_site", "hawala_office", "address"};
constexpr std::string_view kEventKinds[] = {"recruitment",     "payment",         "call",
                                            "document_supply", "border_crossing", "death_in_transit",
                                            "rescue",          "arrest",          "exploitation"};
constexpr std::string_view kModes[] = {"land", "sea", "desert", "jungle", "air"};
constexpr std::string_view kMethods[] = {"cash", "hawala", "bank_transfer"};

// A victim of trafficking as the Counter-Trafficking Data Collaborative's
// data standard describes one (its gender is the person's sex).
constexpr std::string_view kAgeBands[] = {"0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+"};
constexpr std::string_view kExploitation[] = {"sexual",        "forced_labour", "forced_marriage", "forced_criminality",
                                              "organ_removal", "slavery",       "forced_military", "other"};
constexpr std::string_view kLabourSectors[] = {"agriculture",   "aquafarming", "begging",       "construction",
                                               "domestic_work", "hospitality", "manufacturing", "mining",
                                               "peddling",      "other"};
constexpr std::string_view kMeansOfControl[] = {"debt_bondage",
                                                "takes_earnings",
                                                "threats",
                                                "psychological_abuse",
                                                "physical_abuse",
                                                "sexual_abuse",
                                                "false_promises",
                                                "psychoactive_substances",
                                                "restricts_movement",
                                                "restricts_medical_care",
                                                "excessive_working_hours",
                                                "uses_children",
                                                "threat_of_law_enforcement",
                                                "withholds_necessities",
                                                "withholds_documents",
                                                "other"};
constexpr std::string_view kRecruiterRelations[] = {"intimate_partner", "friend", "family", "other"};
constexpr Field kVictimDetails[] = {{"age_band", Type::choice, false, kAgeBands},
                                    {"citizenship", Type::country},
                                    {"country_of_exploitation", Type::country},
                                    {"exploitation", Type::choice, false, kExploitation, 8, true},
                                    {"labour_sector", Type::choice, false, kLabourSectors, 10, true},
                                    {"means_of_control", Type::choice, false, kMeansOfControl, 16, true},
                                    {"recruiter_relation", Type::choice, false, kRecruiterRelations, 4, true}};

// Every entity, event and relationship may carry `extra`; each item is a list.
constexpr Field kExtra = {"extra", Type::extra};
constexpr Field kExtraItem = {"extra", Type::text, false, {}, 4000, true};
constexpr std::size_t kMaxExtraProps = 100;
constexpr std::size_t kMaxExtraValues = 100;

constexpr Field kPerson[] = {
    {"names", Type::name, true, {}, 20, true},
    {"birth_date", Type::partial_date},
    {"sex", Type::choice, false, kSexes},
    {"nationality", Type::country},
    {"role", Type::choice, false, kRoles},
    {"victim", Type::boolean},
    {"victim_details", Type::group, false, {}, 0, false, kVictimDetails, std::size(kVictimDetails)},
    kExtra};
constexpr Field kOrganization[] = {{"names", Type::name, true, {}, 20, true},
                                   {"country", Type::country},
                                   {"registration_number", Type::text, false, {}, 64},
                                   kExtra};
constexpr Field kPhone[] = {{"number", Type::text, true, {}, 40}, kExtra};
// An account's country is required unless its IBAN tells it (check_rules).
constexpr Field kAccount[] = {{"type", Type::choice, true, kAccountTypes},
                              {"iban", Type::text, false, {}, 64},
                              {"number", Type::text, false, {}, 64},
                              {"country", Type::country},
                              {"provider", Type::text},
                              kExtra};
constexpr Field kVehicle[] = {{"plate", Type::text, true, {}, 20},
                              {"country", Type::country, true},
                              {"type", Type::choice, false, kVehicleTypes},
                              {"make", Type::text, false, {}, 100},
                              kExtra};
constexpr Field kBoat[] = {{"type", Type::choice, false, kBoatTypes},
                           {"name", Type::text},
                           {"length_m", Type::integer, false, {}, 500},
                           kExtra};
constexpr Field kDocument[] = {{"number", Type::text, true, {}, 40},
                               {"issuing_state", Type::country, true},
                               {"type", Type::choice, true, kDocumentTypes},
                               {"forged", Type::boolean},
                               kExtra};
// A place's country is required unless it is an address (check_rules).
constexpr Field kPlace[] = {{"place_type", Type::choice, true, kPlaceTypes},
                            {"name", Type::text, true, {}, 400},
                            {"country", Type::country},
                            {"city", Type::text},
                            {"latitude", Type::degrees, false, {}, 90},
                            {"longitude", Type::degrees, false, {}, 180},
                            kExtra};
// An entity of a kind Ariadne does not read: its source's schema and what it said.
constexpr Field kOther[] = {{"schema", Type::text, true, {}, 64}, {"names", Type::name, false, {}, 20, true}, kExtra};
// Which of these an event may or must carry depends on its kind (check_rules).
constexpr Field kEvent[] = {{"kind", Type::choice, true, kEventKinds},
                            {"date", Type::date, true},
                            {"country", Type::country},
                            {"participants", Type::local_ref, true, {}, 5000, true},
                            {"place", Type::local_ref},
                            {"from", Type::country},
                            {"to", Type::country},
                            {"mode", Type::choice, false, kModes},
                            {"amount", Type::integer, false, {}, 1'000'000'000'000},
                            {"currency", Type::currency},
                            {"method", Type::choice, false, kMethods},
                            {"count", Type::integer, false, {}, 1'000'000},
                            {"by", Type::member_or_country},
                            kExtra};

std::span<const Field> fields_of(MentionKind k) {
  switch (k) {
    case MentionKind::person: return kPerson;
    case MentionKind::organization: return kOrganization;
    case MentionKind::other: return kOther;
    case MentionKind::phone: return kPhone;
    case MentionKind::account: return kAccount;
    case MentionKind::vehicle: return kVehicle;
    case MentionKind::boat: return kBoat;
    case MentionKind::document: return kDocument;
    case MentionKind::place: return kPlace;
    case MentionKind::event: return kEvent;
  }
  return {};
}

// The field a statement's prop names ("victim_details.age_band" within its group).
const Field* field_of(MentionKind k, std::string_view prop) {
  std::span<const Field> fields = fields_of(k);
  const auto dot = prop.find('.');
  if (dot != std::string_view::npos && prop.substr(0, dot) == "extra") return &kExtraItem;
  for (const auto& f : fields) {
    if (dot == std::string_view::npos && f.name == prop) return &f;
    if (dot != std::string_view::npos && f.type == Type::group && f.name == prop.substr(0, dot)) {
      for (const auto& g : std::span<const Field>(f.group, f.group_size)) {
        if (g.name == prop.substr(dot + 1)) return &g;
      }
    }
  }
  return nullptr;
}

// Relationship kinds: the kinds of entity each may start at and point to.
using K = MentionKind;
struct RelationshipRule {
  std::string_view kind;
  std::initializer_list<MentionKind> from;
  std::initializer_list<MentionKind> to;
};
const std::initializer_list<MentionKind> kAnyEntity = {K::person, K::organization, K::phone, K::account, K::vehicle,
                                                       K::boat,   K::document,     K::place, K::other};
const RelationshipRule kRelationships[] = {
    {"uses", {K::person, K::organization}, {K::phone}},
    {"holds_account", {K::person, K::organization}, {K::account}},
    {"drives", {K::person}, {K::vehicle}},
    {"pilots", {K::person}, {K::boat}},
    {"holds_document", {K::person}, {K::document}},
    {"recruited", {K::person}, {K::person}},
    {"transported", {K::person}, {K::person}},
    {"exploits", {K::person}, {K::person}},
    {"paid", {K::person, K::organization}, {K::person, K::organization}},
    {"called", {K::person}, {K::person}},
    {"supplied_document", {K::person}, {K::person}},
    {"owns",
     {K::person, K::organization},
     {K::organization, K::phone, K::account, K::vehicle, K::boat, K::place, K::other}},
    {"family", {K::person}, {K::person}},
    {"associate", {K::person}, {K::person}},
    {"member_of", {K::person, K::organization}, {K::organization}},
    {"employed_by", {K::person}, {K::organization}},
    {"located_at", {K::person, K::organization, K::other}, {K::place}},
    {"related", kAnyEntity, kAnyEntity}};

const RelationshipRule* relationship_rule(std::string_view kind) {
  for (const auto& r : kRelationships) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

}  // namespace

bool is_link_kind(std::string_view kind) {
  return relationship_rule(kind) != nullptr || kind == "participant" || kind == "place";
}

namespace {

// "a person or organization", "an organization".
std::string kinds_text(std::initializer_list<MentionKind> kinds) {
  std::string out = *kinds.begin() == MentionKind::organization || *kinds.begin() == MentionKind::account ||
                            *kinds.begin() == MentionKind::other || *kinds.begin() == MentionKind::event
                        ? "an "
                        : "a ";
  std::size_t i = 0;
  for (auto k : kinds) {
    out += i == 0 ? "" : i + 1 == kinds.size() ? " or " : ", ";
    out += to_string(k);
    ++i;
  }
  return out;
}

bool among(std::initializer_list<MentionKind> kinds, MentionKind k) {
  return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

std::string one_of(std::span<const std::string_view> choices) {
  std::string out = "must be one of ";
  for (std::size_t i = 0; i < choices.size(); ++i) out += (i ? ", " : "") + std::string(choices[i]);
  return out;
}

// Room for the ids other tools write (FollowTheMoney's are up to 128 bytes, with dots).
constexpr std::size_t kMaxLocalId = 128;

}  // namespace

bool valid_local_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxLocalId && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

namespace {

bool valid_case_ref(const std::string& ref) {
  return std::all_of(ref.begin(), ref.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '/' || c == '.';
  });
}

struct Reader {
  const policy::MemberLookup& members;
  const Date& today;
};

// A reference to another mention, resolved once every local id is known.
struct PendingLink {
  std::string field;  // for errors: "events[2].participants[1]"
  Link link;
};

// One name of a person: kept as its JSON object, the script filled in when absent.
std::optional<std::string> read_name(JsonFields& f, const json& value, const std::string& key) {
  if (!value.is_object()) {
    f.fail(key, "must be an object {full, script, family, given}");
    return std::nullopt;
  }
  JsonFields n(value, f.path(key));
  auto full = n.string("full", true, 200);
  auto script = n.string("script", false, 16);
  auto family = n.string("family", false, 200);
  auto given = n.string("given", false, 200);
  if (script && (script->size() != 4 || !std::isupper(static_cast<unsigned char>((*script)[0])))) {
    n.fail("script", "must be an ISO 15924 code such as Latn, Arab or Cyrl");
  }
  auto status = n.finish();
  f.merge(status);
  if (!status || !full) return std::nullopt;
  json out = {{"full", *full}, {"script", script ? *script : text::detect_script(*full)}};
  if (family && !family->empty()) out["family"] = *family;
  if (given && !given->empty()) out["given"] = *given;
  return out.dump();
}

// Reads one value of `spec` (a list's item, or the field itself); nullopt after reporting the problem to `f`.
std::optional<std::string> read_scalar(const Reader& r, JsonFields& f, const Field& spec, const json& value,
                                       const std::string& key) {
  auto fail = [&](std::string reason) -> std::optional<std::string> {
    f.fail(key, std::move(reason));
    return std::nullopt;
  };
  switch (spec.type) {
    case Type::integer:
      if (!value.is_number_integer()) return fail("must be an integer");
      if (value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > spec.max) {
        return fail("must be 0 to " + std::to_string(spec.max));
      }
      return std::to_string(value.get<std::int64_t>());
    case Type::degrees: {
      if (!value.is_number()) return fail("must be a number of degrees");
      const double d = value.get<double>();
      if (!(d >= -double(spec.max) && d <= double(spec.max))) {
        return fail("must be -" + std::to_string(spec.max) + " to " + std::to_string(spec.max));
      }
      return json(d).dump();
    }
    case Type::boolean:
      if (!value.is_boolean()) return fail("must be true or false");
      return value.get<bool>() ? "true" : "false";
    case Type::name: return read_name(f, value, key);
    default: break;
  }
  if (!value.is_string()) return fail("must be a string");
  const auto& s = value.get_ref<const std::string&>();
  if (s.empty()) return fail("must not be empty; leave the field out when unknown");
  switch (spec.type) {
    case Type::text:
      if (static_cast<std::int64_t>(s.size()) > spec.max) {
        return fail("is longer than " + std::to_string(spec.max) + " bytes");
      }
      return s;
    case Type::choice:
      if (std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
        return fail(one_of(spec.choices));
      }
      return s;
    case Type::date:
    case Type::partial_date: {
      auto d = spec.type == Type::date ? parse_date(s) : parse_partial_date(s);
      if (!d)
        return fail(spec.type == Type::date ? "must be a date YYYY-MM-DD" : "must be YYYY, YYYY-MM or YYYY-MM-DD");
      if (*d > r.today) return fail("is in the future");
      return s;
    }
    case Type::country:
      if (!is_iso_alpha3(s)) return fail("must be an ISO 3166-1 alpha-3 country code");
      return s;
    case Type::currency:
      if (s.size() != 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        return fail("must be an ISO 4217 currency code such as EUR");
      }
      return s;
    case Type::local_ref:
      if (!valid_local_id(s)) return fail("must be a local id of this package");
      return s;
    case Type::member_or_country: {
      if (s.size() <= 16 && is_iso_alpha3(s)) return s;
      auto known = r.members(s);
      if (s.size() <= 16 && known && *known) return s;
      return fail("must be a member's code or an ISO 3166-1 alpha-3 country code");
    }
    default: return fail("has an unsupported type");
  }
}

bool valid_extra_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::isalpha(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// An `extra` object, each of its values in `add(property, value)`; false after reporting to `f`.
bool read_extra(JsonFields& f, const json& value,
                const std::function<void(const std::string&, const std::string&)>& add) {
  if (!value.is_object()) {
    f.fail("extra", "must be an object of lists of strings: {\"property\": [\"value\"]}");
    return false;
  }
  if (value.size() > kMaxExtraProps) {
    f.fail("extra", "has more than " + std::to_string(kMaxExtraProps) + " properties");
    return false;
  }
  bool ok = true;
  for (const auto& [name, values] : value.items()) {
    const std::string key = "extra." + name;
    if (!valid_extra_name(name)) {
      f.fail("extra", "'" + name.substr(0, 64) + "' is no property name: 1 to 64 letters, digits or _, from a letter");
      ok = false;
      continue;
    }
    if (ascii_lower(name) == "privatekey") {
      // A seized wallet's spending key: whoever may see the case could empty it.
      f.fail(key, "a private key is not stored: keep it in the case file, not in the analysis file");
      ok = false;
      continue;
    }
    if (!values.is_array() || values.empty() || values.size() > kMaxExtraValues) {
      f.fail(key, "must be a list of 1 to " + std::to_string(kMaxExtraValues) + " strings");
      ok = false;
      continue;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto& v = values[i];
      if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
          v.get_ref<const std::string&>().size() > kExtraItem.max) {
        f.fail(key + "[" + std::to_string(i) + "]",
               "must be a string of 1 to " + std::to_string(kExtraItem.max) + " bytes");
        ok = false;
        continue;
      }
      add(name, v.get_ref<const std::string&>());
    }
  }
  return ok;
}

// The fields of one entity or event into `m` (their props prefixed with
// `group` inside a group); references go to `pending`.
void read_fields(const Reader& r, JsonFields& f, std::span<const Field> fields, Mention& m,
                 std::vector<PendingLink>& pending, const std::string& group = "") {
  for (const auto& spec : fields) {
    const json* value = f.any(spec.name, spec.required);
    if (value == nullptr) continue;
    std::string key(spec.name);
    if (spec.type == Type::extra) {
      read_extra(f, *value, [&](const std::string& name, const std::string& v) {
        m.statements.push_back({"extra." + name, v});
      });
      continue;
    }
    if (spec.type == Type::group) {
      if (!value->is_object()) {
        f.fail(key, "must be an object");
        continue;
      }
      JsonFields nested(*value, f.path(key));
      read_fields(r, nested, std::span<const Field>(spec.group, spec.group_size), m, pending, key + ".");
      f.merge(nested.finish());
      continue;
    }
    if (!spec.list) {
      auto v = read_scalar(r, f, spec, *value, key);
      if (!v) continue;
      if (spec.type == Type::local_ref) {
        pending.push_back({f.path(key), {m.local_id, *v, key}});
      } else {
        m.statements.push_back({group + key, std::move(*v)});
      }
      continue;
    }
    if (!value->is_array()) {
      f.fail(key, "must be an array");
      continue;
    }
    if (static_cast<std::int64_t>(value->size()) > spec.max) {
      f.fail(key, "has more than " + std::to_string(spec.max) + " items");
      continue;
    }
    if (spec.type == Type::name && value->empty()) {
      f.fail(key, "must hold at least one name");
      continue;
    }
    if (spec.type != Type::local_ref && spec.type != Type::name && value->empty()) {
      f.fail(key, "must hold at least one value; leave the field out when unknown");
      continue;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      std::string item = key + "[" + std::to_string(i) + "]";
      auto v = read_scalar(r, f, spec, (*value)[i], item);
      if (!v) continue;
      if (spec.type == Type::local_ref) {
        pending.push_back({f.path(item), {m.local_id, *v, "participant"}});
      } else {
        m.statements.push_back({group + key, std::move(*v)});
      }
    }
  }
}

bool has(const Mention& m, std::string_view prop) {
  return std::any_of(m.statements.begin(), m.statements.end(), [&](const Statement& s) { return s.prop == prop; });
}

std::string value_of(const Mention& m, std::string_view prop) {
  const auto* s = find_statement(m, prop);
  return s ? s->value : "";
}

// The canonical form of each identifier of `m` (ident/); one that does not
// check out is flagged, kept as given, and listed in `warnings`.
void normalise_identifiers(Mention& m, const std::string& where, std::string_view member,
                           std::vector<FieldError>& warnings) {
  const std::string country = value_of(m, "country");
  for (auto& s : m.statements) {
    std::optional<ident::Identifier> id;
    if (m.kind == MentionKind::phone && s.prop == "number") {
      // A national number is read as one of the contributing member's country.
      id = ident::normalise_phone(s.value, is_iso_alpha3(member) ? member : std::string_view());
    } else if (m.kind == MentionKind::account && s.prop == "iban") {
      id = ident::normalise_iban(s.value);
    } else if (m.kind == MentionKind::vehicle && s.prop == "plate") {
      id = ident::normalise_plate(s.value, country);
    } else if (m.kind == MentionKind::account && s.prop == "number" && value_of(m, "type") == "crypto") {
      id = ident::classify_wallet(s.value);
    } else if (((m.kind == MentionKind::document || m.kind == MentionKind::account) && s.prop == "number") ||
               (m.kind == MentionKind::organization && s.prop == "registration_number")) {
      const auto n = ident::normalise_document_number(s.value);
      id = ident::Identifier{n, !n.empty(), n.empty() ? "holds no letter or digit" : "", ""};
    }
    if (!id) continue;
    if (id->valid) {
      s.norm = id->canonical;
    } else {
      s.flag = id->reason;
      warnings.push_back({where + "." + s.prop, id->reason + "; kept as given"});
    }
  }
}

// What an account and an event carry beyond their fields' own checks.
void check_rules(JsonFields& f, const Mention& m, const json& obj) {
  if (m.kind == MentionKind::person && obj.contains("victim_details") && value_of(m, "victim") != "true") {
    f.fail("victim_details", "describes a victim: only for a person with \"victim\": true");
  }
  if (m.kind == MentionKind::account) {
    if (obj.contains("iban") == obj.contains("number")) f.fail("iban", "give exactly one of iban or number");
    if (value_of(m, "type") == "crypto") {
      // A wallet is its address, on no country's register.
      if (obj.contains("iban")) f.fail("iban", "a crypto wallet has an address: give it as number");
      if (obj.contains("country")) f.fail("country", "a crypto wallet has no country");
    } else if (obj.contains("number") && !obj.contains("country")) {
      f.fail("country", "is required for an account number");
    }
    return;
  }
  if (m.kind == MentionKind::place) {
    if (!obj.contains("country") && value_of(m, "place_type") != "address") {
      f.fail("country", "is required for a place other than an address");
    }
    return;
  }
  if (m.kind != MentionKind::event || !has(m, "kind")) return;
  const std::string kind = value_of(m, "kind");
  const bool leg = kind == "border_crossing" || kind == "death_in_transit";
  const bool payment = kind == "payment";
  struct Rule {
    std::string_view field;
    bool allowed;
    bool required;
  };
  const Rule rules[] = {{"from", leg, leg},
                        {"to", leg, leg},
                        {"mode", leg, leg},
                        {"amount", payment, payment},
                        {"currency", payment, payment},
                        {"method", payment, false},
                        {"country", true, !payment},
                        {"count", leg || kind == "rescue", false},
                        {"by", kind == "rescue" || kind == "arrest", false}};
  for (const auto& rule : rules) {
    const bool present = obj.contains(rule.field);
    if (present && !rule.allowed) f.fail(rule.field, "is not a field of a " + kind + " event");
    if (!present && rule.required) f.fail(rule.field, "is required for a " + kind + " event");
  }
}

// Reads the array `key` of the package, one object at a time.
template <typename ReadOne>
void read_array(JsonFields& f, std::string_view key, std::size_t max, ReadOne&& read_one) {
  const json* items = f.any(key, true);
  if (items == nullptr) return;
  if (!items->is_array()) {
    f.fail(key, "must be an array");
    return;
  }
  if (items->size() > max) {
    f.fail(key, "has more than " + std::to_string(max) + " items");
    return;
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    if (!(*items)[i].is_object()) {
      f.fail(where, "must be an object");
      continue;
    }
    read_one((*items)[i], f.path(where));
  }
}

}  // namespace

std::string_view to_string(MentionKind k) {
  return enum_to_name(kKinds, k);
}

bool is_choice(MentionKind kind, std::string_view prop, std::string_view value) {
  const Field* spec = field_of(kind, prop);
  return spec != nullptr && spec->type == Type::choice &&
         std::find(spec->choices.begin(), spec->choices.end(), value) != spec->choices.end();
}

std::span<const std::string_view> choices_of(MentionKind kind, std::string_view prop) {
  const Field* spec = field_of(kind, prop);
  if (spec == nullptr || spec->type != Type::choice) return {};
  return spec->choices;
}

std::optional<MentionKind> parse_mention_kind(std::string_view s) {
  return enum_from_name(kKinds, s);
}

Result<CasePackage> parse_package(const json& body, std::string_view member, const policy::MemberLookup& members,
                                  const Date& today) {
  if (!body.is_object()) return Error::invalid("", "a case package is a JSON object");
  const Reader r{members, today};
  JsonFields f(body);
  CasePackage p;
  if (auto ref = f.string("case", true, 64)) {
    if (valid_case_ref(*ref)) {
      p.case_ref = *ref;
    } else {
      f.fail("case", "must be letters, digits and - _ / . only");
    }
  }
  if (auto m = f.string("member", true, 16)) {
    if (*m == member) {
      p.member = *m;
    } else {
      f.fail("member", "must be the contributing member, " + std::string(member));
    }
  }
  if (auto v = f.any("crime_type", true)) {
    if (auto s = read_scalar(r, f, {"crime_type", Type::choice, true, kCrimeTypes}, *v, "crime_type")) {
      p.crime_type = *s;
    }
  }
  if (auto v = f.any("reported_on", true)) {
    if (auto s = read_scalar(r, f, {"reported_on", Type::date, true}, *v, "reported_on")) p.reported_on = *s;
  }
  if (const json* restriction = f.any("restriction", true)) {
    auto parsed = policy::parse_restriction(*restriction, members);
    if (parsed) {
      p.restriction = *parsed;
    } else {
      f.merge(parsed.error());
    }
  }

  std::vector<PendingLink> pending;
  std::map<std::string, std::size_t, std::less<>> index;  // local id -> mention
  auto add_mention = [&](JsonFields& e, Mention m, const json& obj) {
    check_rules(e, m, obj);
    if (m.local_id.empty()) return;
    if (!index.emplace(m.local_id, p.mentions.size()).second) {
      e.fail("id", "duplicates the local id " + m.local_id + " of another entity or event");
      return;
    }
    p.mentions.push_back(std::move(m));
  };
  auto read_id = [&](JsonFields& e) {
    auto id = e.string("id", true, kMaxLocalId);
    if (id && !valid_local_id(*id)) {
      e.fail("id", "must be 1 to 128 letters, digits, -, _ or .");
      return std::string();
    }
    return id ? *id : std::string();
  };

  read_array(f, "entities", kMaxEntities, [&](const json& obj, const std::string& where) {
    JsonFields e(obj, where);
    Mention m;
    m.local_id = read_id(e);
    auto kind_name = e.string("kind", true, 16);
    auto kind = kind_name ? parse_mention_kind(*kind_name) : std::nullopt;
    if (kind_name && (!kind || *kind == MentionKind::event)) {
      e.fail("kind", "must be one of person, organization, phone, account, vehicle, boat, document, place, other");
    }
    if (kind && *kind != MentionKind::event) {
      m.kind = *kind;
      read_fields(r, e, fields_of(m.kind), m, pending);
      normalise_identifiers(m, where, member, p.warnings);
      add_mention(e, std::move(m), obj);
    }
    f.merge(e.finish());
  });
  read_array(f, "events", kMaxEvents, [&](const json& obj, const std::string& where) {
    JsonFields e(obj, where);
    Mention m;
    m.kind = MentionKind::event;
    m.local_id = read_id(e);
    read_fields(r, e, kEvent, m, pending);
    add_mention(e, std::move(m), obj);
    f.merge(e.finish());
  });
  std::vector<PendingLink> relationships;
  read_array(f, "relationships", kMaxRelationships, [&](const json& obj, const std::string& where) {
    JsonFields e(obj, where);
    auto from = e.string("from", true, kMaxLocalId);
    auto to = e.string("to", true, kMaxLocalId);
    auto kind = e.string("kind", true, 32);
    if (kind && relationship_rule(*kind) == nullptr) {
      std::string kinds;
      for (const auto& r : kRelationships) kinds += (kinds.empty() ? "" : ", ") + std::string(r.kind);
      e.fail("kind", "must be one of " + kinds);
    }
    json details;
    if (const json* extra = e.any("extra", false)) {
      read_extra(e, *extra, [&](const std::string& name, const std::string& v) { details[name].push_back(v); });
    }
    auto status = e.finish();
    f.merge(status);
    if (status && from && to && kind) {
      relationships.push_back({where, {*from, *to, *kind, details.is_null() ? "" : details.dump()}});
    }
  });

  // Every reference names a mention of this package, of a kind that fits.
  auto mention = [&](const std::string& id) -> const Mention* {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &p.mentions[it->second];
  };
  for (auto& [where, link] : relationships) {
    const Mention* from = mention(link.from);
    const Mention* to = mention(link.to);
    if (from == nullptr) f.fail(where + ".from", "names no entity of this package");
    if (to == nullptr) f.fail(where + ".to", "names no entity of this package");
    if (from == nullptr || to == nullptr) continue;
    const RelationshipRule& rule = *relationship_rule(link.kind);
    if (link.from == link.to) {
      f.fail(where, "relates an entity to itself");
    } else if (!among(rule.from, from->kind)) {
      f.fail(where + ".from", "must be " + kinds_text(rule.from) + " (" + link.kind + " starts at one)");
    } else if (!among(rule.to, to->kind)) {
      f.fail(where + ".to", "must be " + kinds_text(rule.to) + " for " + link.kind);
    } else {
      p.links.push_back(std::move(link));
    }
  }
  for (auto& [where, link] : pending) {
    const Mention* to = mention(link.to);
    if (to == nullptr || to->kind == MentionKind::event) {
      f.fail(where, "names no entity of this package");
    } else if (link.kind == "place" && to->kind != MentionKind::place) {
      f.fail(where, "must be a place entity");
    } else {
      p.links.push_back(std::move(link));
    }
  }
  ARIADNE_TRY(f.finish());
  return p;
}

json to_json(const CasePackage& p) {
  json entities = json::array();
  json events = json::array();
  json relationships = json::array();
  std::map<std::string, json*, std::less<>> by_id;
  for (const auto& m : p.mentions) {
    json out = {{"id", m.local_id}};
    if (m.kind != MentionKind::event) out["kind"] = std::string(to_string(m.kind));
    for (const auto& s : m.statements) {
      const Field* spec = field_of(m.kind, s.prop);
      json value = s.value;
      if (spec != nullptr && spec->type == Type::integer) value = std::stoll(s.value);
      if (spec != nullptr && spec->type == Type::degrees) value = std::stod(s.value);
      if (spec != nullptr && spec->type == Type::boolean) value = s.value == "true";
      if (spec != nullptr && spec->type == Type::name) value = json::parse(s.value);
      // "victim_details.age_band" is the field age_band of the object victim_details.
      const auto dot = s.prop.find('.');
      json& slot = dot == std::string::npos ? out[s.prop] : out[s.prop.substr(0, dot)][s.prop.substr(dot + 1)];
      if (spec != nullptr && spec->list) {
        slot.push_back(std::move(value));
      } else {
        slot = std::move(value);
      }
    }
    if (m.kind == MentionKind::event) out["participants"] = json::array();
    (m.kind == MentionKind::event ? events : entities).push_back(std::move(out));
  }
  for (auto& e : entities) by_id[e["id"].get<std::string>()] = &e;
  for (auto& e : events) by_id[e["id"].get<std::string>()] = &e;
  for (const auto& l : p.links) {
    if (l.kind == "participant") {
      (*by_id.at(l.from))["participants"].push_back(l.to);
    } else if (l.kind == "place") {
      (*by_id.at(l.from))["place"] = l.to;
    } else {
      json r = {{"from", l.from}, {"to", l.to}, {"kind", l.kind}};
      if (!l.details.empty()) r["extra"] = json::parse(l.details);
      relationships.push_back(std::move(r));
    }
  }
  return {{"case", p.case_ref},
          {"member", p.member},
          {"crime_type", p.crime_type},
          {"reported_on", p.reported_on},
          {"restriction", policy::to_json(p.restriction)},
          {"entities", std::move(entities)},
          {"relationships", std::move(relationships)},
          {"events", std::move(events)}};
}

}  // namespace ariadne::analysis
