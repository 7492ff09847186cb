// FollowTheMoney in: FtM entities read into case packages (ftm.hpp).
#include "analysis/ftm.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "analysis/contributions.hpp"
#include "common/ascii.hpp"
#include "common/country.hpp"
#include "common/json_fields.hpp"
#include "common/line_input.hpp"

namespace ariadne::analysis {

using nlohmann::json;

namespace {

// An FtM entity is small; a line of more is no entity.
constexpr std::size_t kMaxLineBytes = std::size_t{1024} * 1024;
// Values of one property of one entity: names, phones, owners. More is no
// entity of a case but a list, and would multiply into links.
constexpr std::size_t kMaxValues = 1000;
// Problems of one case's lines kept to be named; the rest are counted.
constexpr std::size_t kMaxCaseErrors = 1000;

// Top-level fields other FtM tools write beside id, schema and properties,
// all derived from those or about the exporting system, and so not kept.
constexpr std::string_view kDerivedFields[] = {"caption",   "datasets",    "referents", "first_seen",
                                               "last_seen", "last_change", "target",    "origin"};

struct FtmLine {
  std::size_t line = 0;
  std::string id;
  std::string schema;
  json properties;  // an object of lists of strings
};

// The values of one entity's properties, taken as they are mapped; what is
// left over becomes the entity's `extra`.
class Props {
 public:
  explicit Props(const json& properties) {
    for (const auto& [name, values] : properties.items()) {
      auto& out = values_[name];
      for (const auto& v : values) out.push_back(v.get<std::string>());
    }
  }

  const std::vector<std::string>* peek(const std::string& prop) const {
    auto it = values_.find(prop);
    return it == values_.end() ? nullptr : &it->second;
  }

  std::vector<std::string> all(const std::string& prop) {
    auto it = values_.find(prop);
    if (it == values_.end()) return {};
    auto out = std::move(it->second);
    values_.erase(it);
    return out;
  }

  // The first value for which `fits` holds, taken; the others stay for extra.
  template <typename Fits>
  std::optional<std::string> first_if(const std::string& prop, Fits&& fits) {
    auto it = values_.find(prop);
    if (it == values_.end()) return std::nullopt;
    auto v = std::find_if(it->second.begin(), it->second.end(), fits);
    if (v == it->second.end()) return std::nullopt;
    std::string out = std::move(*v);
    it->second.erase(v);
    if (it->second.empty()) values_.erase(it);
    return out;
  }

  std::optional<std::string> first(const std::string& prop) {
    return first_if(prop, [](const std::string&) { return true; });
  }

  // Puts a value back (a field that could not take it after all).
  void keep(const std::string& prop, std::string value) { values_[prop].push_back(std::move(value)); }

  json rest() const {
    json out = json::object();
    for (const auto& [name, values] : values_) out[name] = values;
    return out;
  }

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

// Where a package entity, event or relationship came from: its line, its
// schema, and which FtM property each of its fields was read from.
struct Origin {
  std::size_t line = 0;
  std::string schema;
  std::map<std::string, std::string, std::less<>> props;
};

struct Converted {
  json package;
  std::vector<Origin> entities, events, relationships;
  std::vector<LineError> errors;
  std::vector<LineError> warnings;
};

// An FtM country (lowercase alpha-2) as alpha-3; empty for the codes ISO lacks (zz, suhh, …).
std::string alpha3(const std::string& ftm) {
  return ftm.size() == 2 ? alpha3_of(ascii_upper(ftm)) : std::string();
}

std::optional<std::string> country(Props& p, const std::string& prop) {
  auto v = p.first_if(prop, [](const std::string& s) { return !alpha3(s).empty(); });
  return v ? std::optional<std::string>(alpha3(*v)) : std::nullopt;
}

// An FtM date (an ISO 8601 prefix, maybe with a time) as the date it names.
std::optional<std::string> date_part(const std::string& s, bool full) {
  const std::string d = s.size() > 10 && s[10] == 'T' ? s.substr(0, 10) : s;
  if (full ? d.size() != 10 : (d.size() != 4 && d.size() != 7 && d.size() != 10)) return std::nullopt;
  return d;
}

std::optional<std::string> date(Props& p, const std::string& prop, bool full) {
  auto v = p.first_if(prop, [&](const std::string& s) { return date_part(s, full).has_value(); });
  return v ? date_part(*v, full) : std::nullopt;
}

template <std::size_t N>
bool one_of(const std::string& s, const std::string_view (&choices)[N]) {
  return std::find(std::begin(choices), std::end(choices), s) != std::end(choices);
}

// Relationship kinds between people an UnknownLink's role may name.
constexpr std::string_view kPersonLinks[] = {"recruited", "transported", "exploits",
                                             "called",    "paid",        "supplied_document"};
constexpr std::string_view kOrganizationSchemata[] = {"Organization", "Company", "LegalEntity", "PublicBody"};

// The FtM interval schemata read as relationships: the properties of their two ends.
struct Edge {
  std::string_view schema, source, target, kind;
};
constexpr Edge kEdges[] = {{"Ownership", "owner", "asset", "owns"},
                           {"Family", "person", "relative", "family"},
                           {"Associate", "person", "associate", "associate"},
                           {"Membership", "member", "organization", "member_of"},
                           {"Employment", "employee", "employer", "employed_by"},
                           {"UnknownLink", "subject", "object", "related"}};

const Edge* edge_of(std::string_view schema) {
  for (const auto& e : kEdges) {
    if (e.schema == schema) return &e;
  }
  return nullptr;
}

// The package kind of an entity schema; empty for an interval.
std::string kind_of_schema(std::string_view schema) {
  if (schema == "Person") return "person";
  if (std::find(std::begin(kOrganizationSchemata), std::end(kOrganizationSchemata), schema) !=
      std::end(kOrganizationSchemata)) {
    return "organization";
  }
  if (schema == "BankAccount" || schema == "CryptoWallet") return "account";
  if (schema == "Vehicle") return "vehicle";
  if (schema == "Vessel") return "boat";
  if (schema == "Passport" || schema == "Identification") return "document";
  if (schema == "Address") return "place";
  if (edge_of(schema) != nullptr || schema == "Payment") return "";
  return "other";
}

class Converter {
 public:
  Converter(const std::vector<FtmLine>& lines, const json& header) : lines_(lines) {
    out_.package = header;
    out_.package["entities"] = json::array();
    out_.package["relationships"] = json::array();
    out_.package["events"] = json::array();
    for (const auto& l : lines) {
      ids_.insert(l.id);
      if (auto k = kind_of_schema(l.schema); !k.empty() && !is_event(l)) kind_[l.id] = k;
    }
  }

  Converted run() && {
    for (const auto& l : lines_) {
      Props p(l.properties);
      const std::string kind = kind_of_schema(l.schema);
      if (is_event(l)) {
        event(l, p);
        continue;
      }
      if (l.schema == "LegalEntity" && !p.peek("name") && p.peek("phone")) {
        // The subscriber of phones, known by them only: the phones alone.
        phones_only(l, p);
        continue;
      }
      if (kind.empty()) {
        l.schema == "Payment" ? payment(l, p) : interval(l, p, *edge_of(l.schema));
        continue;
      }
      json e = {{"id", l.id}, {"kind", kind}};
      Origin o{l.line, l.schema, {}};
      if (!p.all("privateKey").empty()) {
        // A seized wallet's spending key: whoever may see the case could empty it.
        out_.warnings.push_back(
            {l.line, "privateKey", "a private key is not stored: keep it in the case file, not in the analysis file"});
      }
      if (kind == "person") {
        person(l, p, e, o);
      } else if (kind == "organization") {
        organization(l, p, e, o);
      } else if (kind == "account") {
        account(l, p, e, o);
      } else if (kind == "vehicle" || kind == "boat") {
        vehicle(l, p, e, o, kind == "boat");
      } else if (kind == "document") {
        document(l, p, e, o);
      } else if (kind == "place") {
        address(l, p, e, o);
      } else {
        e["schema"] = l.schema;
        if (auto names = read_names(p, o); !names.empty()) e["names"] = std::move(names);
        out_.warnings.push_back({l.line, "schema",
                                 "'" + l.schema +
                                     "' is not a schema Ariadne reads: kept as given, as an entity "
                                     "of kind other"});
      }
      add_entity(std::move(e), p, std::move(o));
    }
    return std::move(out_);
  }

 private:
  void add_entity(json e, const Props& p, Origin o) {
    if (auto rest = p.rest(); !rest.empty()) e["extra"] = std::move(rest);
    out_.package["entities"].push_back(std::move(e));
    out_.entities.push_back(std::move(o));
  }

  void add_link(const std::string& from, const std::string& to, const std::string& kind, const json& details,
                Origin o) {
    // Intervals link every source to every target: a few long lines could
    // make millions of links. Past a package's limit the case is refused.
    if (out_.package["relationships"].size() >= kMaxRelationships) {
      if (!too_many_links_) {
        out_.errors.push_back({o.line, "",
                               "the case links more than " + std::to_string(kMaxRelationships) +
                                   " pairs of entities, more than a package may: split it"});
      }
      too_many_links_ = true;
      return;
    }
    json r = {{"from", from}, {"to", to}, {"kind", kind}};
    if (!details.is_null() && !details.empty()) r["extra"] = details;
    out_.package["relationships"].push_back(std::move(r));
    out_.relationships.push_back(std::move(o));
  }

  std::string kind(const std::string& id) const {
    auto it = kind_.find(id);
    return it == kind_.end() ? "" : it->second;
  }

  // A local id for something FtM holds as a property (a phone).
  std::string new_id(const std::string& base) {
    std::string id = base;
    for (auto& n = suffix_[base]; ids_.contains(id);) id = base + "." + std::to_string(++n + 1);
    ids_.insert(id);
    return id;
  }

  // The first value of FtM `prop` as the package's `field`; false when there is none.
  static bool take(Props& p, json& e, Origin& o, const char* field, const std::string& prop) {
    auto v = p.first(prop);
    if (!v) return false;
    e[field] = std::move(*v);
    o.props[field] = prop;
    return true;
  }

  // The phone entity of a number (one per number in a case).
  std::string phone(const FtmLine& l, const std::string& number) {
    auto [it, fresh] = phones_.try_emplace(number);
    if (fresh) {
      it->second = new_id(l.id + ".phone");
      out_.package["entities"].push_back({{"id", it->second}, {"kind", "phone"}, {"number", number}});
      out_.entities.push_back({l.line, l.schema, {{"number", "phone"}}});
    }
    return it->second;
  }

  json read_names(Props& p, Origin& o) {
    json names = json::array();
    for (const char* prop : {"name", "alias", "previousName", "weakAlias"}) {
      for (auto& v : p.all(prop)) names.push_back({{"full", std::move(v)}});
    }
    o.props["names"] = "name";
    return names;
  }

  // Each phone a phone entity the holder uses (one per number in a case), and
  // each addressEntity an address it is located at.
  void contacts(const FtmLine& l, Props& p, const std::string& from) {
    for (auto& number : p.all("phone")) {
      add_link(from, phone(l, number), "uses", nullptr, {l.line, l.schema, {{"to", "phone"}}});
    }
    for (auto& place : p.all("addressEntity")) {
      add_link(from, place, "located_at", nullptr, {l.line, l.schema, {{"to", "addressEntity"}}});
    }
  }

  void phones_only(const FtmLine& l, Props& p) {
    for (auto& number : p.all("phone")) phone(l, number);
    if (auto rest = p.rest(); !rest.empty()) {
      out_.warnings.push_back({l.line, l.schema,
                               "a legal entity known by its phone only: its other properties (" + rest.begin().key() +
                                   ", …) are not kept"});
    }
  }

  void person(const FtmLine& l, Props& p, json& e, Origin& o) {
    json names = read_names(p, o);
    const auto* first = p.peek("firstName");
    const auto* last = p.peek("lastName");
    const bool one_each = first && last && first->size() == 1 && last->size() == 1;
    if (names.empty() && (first || last)) {
      // A person known by the parts of the name only.
      std::string full;
      for (const char* part : {"firstName", "middleName", "fatherName", "lastName"}) {
        if (const auto* v = p.peek(part); v && v->size() == 1) full += (full.empty() ? "" : " ") + v->front();
      }
      names.push_back({{"full", full}});
    }
    if (!names.empty() && one_each) {
      names[0]["given"] = *p.first("firstName");
      names[0]["family"] = *p.first("lastName");
      if (names[0]["full"].get<std::string>().find(names[0]["given"].get<std::string>()) == std::string::npos) {
        p.keep("firstName", names[0]["given"].get<std::string>());
        names[0].erase("given");
      }
    }
    if (!names.empty()) e["names"] = std::move(names);
    if (auto d = date(p, "birthDate", false)) {
      e["birth_date"] = *d;
      o.props["birth_date"] = "birthDate";
    }
    auto sex = p.first_if("gender", [](const std::string& s) { return s == "male" || s == "female" || s == "other"; });
    if (sex) e["sex"] = *sex == "male" ? "M" : *sex == "female" ? "F" : "X";
    if (auto c = country(p, "nationality")) {
      e["nationality"] = *c;
      o.props["nationality"] = "nationality";
    } else if (auto c2 = country(p, "citizenship")) {
      e["nationality"] = *c2;
      o.props["nationality"] = "citizenship";
    }
    read_notes(p, e, o, {"role"}, {});
    contacts(l, p, l.id);
  }

  void organization(const FtmLine& l, Props& p, json& e, Origin& o) {
    json names = read_names(p, o);
    if (!names.empty()) e["names"] = std::move(names);
    if (auto c = country(p, "country")) {
      e["country"] = *c;
    } else if (auto c2 = country(p, "jurisdiction")) {
      e["country"] = *c2;
      o.props["country"] = "jurisdiction";
    }
    take(p, e, o, "registration_number", "registrationNumber");
    contacts(l, p, l.id);
  }

  void account(const FtmLine& l, Props& p, json& e, Origin& o) {
    if (l.schema == "CryptoWallet") {
      // A wallet is its address; its holder holds it as an account.
      e["type"] = "crypto";
      take(p, e, o, "number", "publicKey");
      read_notes(p, e, o, {"provider"}, {});
      for (auto& holder : p.all("holder")) {
        const bool holds = kind(holder) == "person" || kind(holder) == "organization" || kind(holder).empty();
        add_link(holder, l.id, holds ? "holds_account" : "related",
                 holds ? json() : json{{"role", json::array({"holder"})}}, {l.line, l.schema, {{"from", "holder"}}});
      }
      return;
    }
    auto type = p.first_if(
        "accountType", [](const std::string& s) { return is_choice(MentionKind::account, "type", ascii_lower(s)); });
    e["type"] = type ? ascii_lower(*type) : "bank";
    if (!take(p, e, o, "iban", "iban")) take(p, e, o, "number", "accountNumber");
    if (auto c = country(p, "country")) e["country"] = *c;
    take(p, e, o, "provider", "bankName");
    o.props["type"] = "accountType";
  }

  // A vehicle, or a vessel (`boat`); its operator drives or pilots it, its owner owns it.
  void vehicle(const FtmLine& l, Props& p, json& e, Origin& o, bool boat) {
    if (boat) {
      take(p, e, o, "name", "name");
    } else {
      take(p, e, o, "plate", "registrationNumber");
      o.props["plate"] = "registrationNumber";
      if (auto c = country(p, "country")) e["country"] = *c;
      take(p, e, o, "make", "model");
    }
    auto type = p.first_if("type", [&](const std::string& s) {
      return is_choice(boat ? MentionKind::boat : MentionKind::vehicle, "type", ascii_lower(s));
    });
    if (type) e["type"] = ascii_lower(*type);
    if (boat) read_notes(p, e, o, {}, {"length_m"});
    for (auto& op : p.all("operator")) {
      add_link(op, l.id, kind(op) == "person" ? (boat ? "pilots" : "drives") : "related",
               kind(op) == "person" ? json() : json{{"role", json::array({"operator"})}},
               {l.line, l.schema, {{"from", "operator"}}});
    }
    for (auto& owner : p.all("owner")) {
      add_link(owner, l.id, "owns", nullptr, {l.line, l.schema, {{"from", "owner"}}});
    }
  }

  void document(const FtmLine& l, Props& p, json& e, Origin& o) {
    if (!take(p, e, o, "number", "number")) take(p, e, o, "number", "passportNumber");
    if (auto c = country(p, "country")) e["issuing_state"] = *c;
    o.props["issuing_state"] = "country";
    if (l.schema == "Passport") {
      e["type"] = "passport";
    } else {
      auto t = p.first_if(
          "type", [](const std::string& s) { return is_choice(MentionKind::document, "type", ascii_lower(s)); });
      e["type"] = t ? ascii_lower(*t) : "other";
    }
    if (auto forged = p.first_if("notes", [](const std::string& n) { return n == "forged: true"; })) {
      e["forged"] = true;
      o.props["forged"] = "notes";
    }
    for (auto& holder : p.all("holder")) {
      const bool person = kind(holder) == "person" || kind(holder).empty();
      add_link(holder, l.id, person ? "holds_document" : "related",
               person ? json() : json{{"role", json::array({"holder"})}}, {l.line, l.schema, {{"from", "holder"}}});
    }
  }

  void address(const FtmLine& l, Props& p, json& e, Origin& o) {
    e["place_type"] = "address";
    if (!take(p, e, o, "name", "full") && !take(p, e, o, "name", "name")) {
      // An address given by its parts: named by them (the parts stay as given).
      std::string full;
      for (const char* part : {"street", "street2", "postalCode", "city", "region"}) {
        if (const auto* v = p.peek(part); v && !v->empty()) full += (full.empty() ? "" : ", ") + v->front();
      }
      if (full.empty()) {
        out_.errors.push_back({l.line, "Address.full", "an address needs full, name, or street and city"});
      } else {
        e["name"] = full;
      }
    }
    if (auto city = p.first("city")) e["city"] = *city;
    if (auto c = country(p, "country")) e["country"] = *c;
    // Coordinates in range are the place's (a route map's); any other value stays as given.
    for (const auto& [axis, limit] : {std::pair<std::string, double>{"latitude", 90}, {"longitude", 180}}) {
      const double bound = limit;  // Debian's clang 14 cannot capture a structured binding
      const auto v = p.first_if(axis, [&](const std::string& s) {
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        return !s.empty() && end == s.c_str() + s.size() && d >= -bound && d <= bound;
      });
      if (v) e[axis] = std::strtod(v->c_str(), nullptr);
    }
  }

  void interval(const FtmLine& l, Props& p, const Edge& edge) {
    auto sources = p.all(std::string(edge.source));
    auto targets = p.all(std::string(edge.target));
    for (const auto* missing : {sources.empty() ? &edge.source : nullptr, targets.empty() ? &edge.target : nullptr}) {
      if (missing != nullptr) {
        out_.errors.push_back({l.line, l.schema + "." + std::string(*missing), "is required: the entity it links"});
      }
    }
    std::string kind(edge.kind);
    const bool people =
        std::all_of(sources.begin(), sources.end(), [&](const auto& s) { return this->kind(s) == "person"; }) &&
        std::all_of(targets.begin(), targets.end(), [&](const auto& t) { return this->kind(t) == "person"; });
    if (edge.schema == "UnknownLink" && people) {
      if (auto role = p.first_if("role", [](const std::string& s) { return one_of(s, kPersonLinks); })) kind = *role;
    }
    const json details = p.rest();
    for (const auto& s : sources) {
      for (const auto& t : targets) {
        const std::string k = edge.schema == "Ownership" && this->kind(t) == "account" ? "holds_account" : kind;
        add_link(s, t, k, details,
                 {l.line, l.schema, {{"from", std::string(edge.source)}, {"to", std::string(edge.target)}}});
      }
    }
  }

  // A payment event when the payment has what one needs (a full date, an
  // amount, a currency); else a `paid` relationship carrying what it has.
  // An FtM Event named as one of Ariadne's event kinds, with a full date, is
  // that event (as Ariadne writes its events out); any other is kept as other.
  static bool is_event(const FtmLine& l) {
    if (l.schema != "Event") return false;
    const auto names = l.properties.find("name");
    const auto dates = l.properties.find("date");
    if (names == l.properties.end() || dates == l.properties.end() || names->size() != 1) return false;
    const std::string name = (*names)[0].get<std::string>();
    return is_choice(MentionKind::event, "kind", name) && name != "payment" &&
           std::any_of(dates->begin(), dates->end(),
                       [](const json& d) { return date_part(d.get<std::string>(), true).has_value(); });
  }

  void event(const FtmLine& l, Props& p) {
    json ev = {{"id", l.id}, {"kind", *p.first("name")}, {"date", *date(p, "date", true)}};
    Origin o{l.line, l.schema, {{"kind", "name"}, {"participants", "involved"}, {"place", "addressEntity"}}};
    if (auto c = country(p, "country")) ev["country"] = *c;
    json participants = json::array();
    for (const char* prop : {"involved", "organizer"}) {
      for (auto& id : p.all(prop)) participants.push_back(std::move(id));
    }
    // The phones in it, as Ariadne writes them (a phone is no FtM entity).
    while (auto note = p.first_if("notes", [](const std::string& n) { return n.starts_with("phone: "); })) {
      participants.push_back(phone(l, note->substr(7)));
    }
    ev["participants"] = std::move(participants);
    if (auto place = p.first_if("addressEntity", [&](const std::string& id) { return kind(id) == "place"; })) {
      ev["place"] = *place;
    }
    read_notes(p, ev, o, {"from", "to", "mode", "method", "by"}, {"count"});
    if (auto rest = p.rest(); !rest.empty()) ev["extra"] = std::move(rest);
    out_.package["events"].push_back(std::move(ev));
    out_.events.push_back(std::move(o));
  }

  // The notes "field: value" Ariadne writes for the fields FtM lacks, back
  // into those fields (`numbers` as integers); other notes stay as given.
  static void read_notes(Props& p, json& e, Origin& o, std::initializer_list<std::string_view> texts,
                         std::initializer_list<std::string_view> numbers) {
    auto field_of = [&](const std::string& note) -> std::string {
      const auto colon = note.find(": ");
      if (colon == std::string::npos) return "";
      const std::string field = note.substr(0, colon);
      const bool known = std::find(texts.begin(), texts.end(), field) != texts.end() ||
                         std::find(numbers.begin(), numbers.end(), field) != numbers.end();
      return known && !e.contains(field) ? field : "";
    };
    while (auto note = p.first_if("notes", [&](const std::string& n) { return !field_of(n).empty(); })) {
      const std::string field = field_of(*note);
      const std::string value = note->substr(field.size() + 2);
      o.props[field] = "notes";
      if (std::find(numbers.begin(), numbers.end(), field) == numbers.end()) {
        e[field] = value;
        continue;
      }
      char* end = nullptr;
      const long long n = std::strtoll(value.c_str(), &end, 10);
      if (value.empty() || end != value.c_str() + value.size()) {
        e[field] = value;  // refused by the package's check, by its line
      } else {
        e[field] = n;
      }
    }
  }

  void payment(const FtmLine& l, Props& p) {
    auto payers = p.all("payer");
    auto beneficiaries = p.all("beneficiary");
    auto amount_of = [](const std::string& s) -> std::optional<double> {
      char* end = nullptr;
      const double v = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v < 0 || v > 1e12) return std::nullopt;
      return v;
    };
    const auto* dates = p.peek("date") ? p.peek("date") : p.peek("startDate");
    const bool dated = dates && std::any_of(dates->begin(), dates->end(),
                                            [](const std::string& s) { return date_part(s, true).has_value(); });
    const auto* amounts = p.peek("amount");
    const auto* currencies = p.peek("currency");
    const bool whole = dated && amounts && amount_of(amounts->front()) && currencies &&
                       currencies->front().size() == 3 &&
                       std::all_of(currencies->front().begin(), currencies->front().end(),
                                   [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    if (!whole) {
      if (payers.empty()) out_.errors.push_back({l.line, "Payment.payer", "is required: who paid"});
      if (beneficiaries.empty()) out_.errors.push_back({l.line, "Payment.beneficiary", "is required: who was paid"});
      const json details = p.rest();
      for (const auto& s : payers) {
        for (const auto& t : beneficiaries) {
          add_link(s, t, "paid", details, {l.line, l.schema, {{"from", "payer"}, {"to", "beneficiary"}}});
        }
      }
      return;
    }
    json ev = {{"id", l.id}, {"kind", "payment"}};
    Origin o{l.line, l.schema, {{"participants", "payer"}}};
    auto d = date(p, "date", true);
    if (!d) {
      d = date(p, "startDate", true);
      o.props["date"] = "startDate";
    }
    ev["date"] = *d;
    const std::string amount = *p.first("amount");
    const double value = *amount_of(amount);
    ev["amount"] = static_cast<std::int64_t>(std::llround(value));
    if (value != std::floor(value)) p.keep("amount", amount);  // the exact amount stays as given
    ev["currency"] = ascii_upper(*p.first("currency"));
    json participants = json::array();
    std::set<std::string> seen;
    for (auto* list : {&payers, &beneficiaries}) {
      for (const auto& id : *list) {
        if (seen.insert(id).second) participants.push_back(id);
      }
    }
    for (const char* prop : {"payerAccount", "beneficiaryAccount"}) {
      for (auto& id : p.all(prop)) {
        if (seen.insert(id).second) participants.push_back(id);
      }
    }
    if (participants.empty()) out_.errors.push_back({l.line, "Payment.payer", "is required: who paid"});
    ev["participants"] = std::move(participants);
    read_notes(p, ev, o, {"method", "country"}, {});
    if (auto rest = p.rest(); !rest.empty()) ev["extra"] = std::move(rest);
    out_.package["events"].push_back(std::move(ev));
    out_.events.push_back(std::move(o));
  }

  const std::vector<FtmLine>& lines_;
  Converted out_;
  std::set<std::string> ids_;
  std::map<std::string, int> suffix_;  // per base of new_id: the last suffix given
  bool too_many_links_ = false;
  std::map<std::string, std::string> kind_;    // FtM id → package kind
  std::map<std::string, std::string> phones_;  // number → its phone entity's id
};

// A package problem as the line and FtM property it came from
// ("entities[3].names[0].full" → the line of entities[3], "Person.name").
LineError locate(const Converted& c, const FieldError& f, std::size_t case_line) {
  const std::string& field = f.field;
  for (auto [list, name] : {std::pair{&c.entities, "entities["}, std::pair{&c.events, "events["},
                            std::pair{&c.relationships, "relationships["}}) {
    const std::string_view prefix(name);
    if (field.compare(0, prefix.size(), prefix) != 0) continue;
    const auto close = field.find(']');
    std::size_t index = 0;
    try {
      index = std::stoul(field.substr(prefix.size(), close - prefix.size()));
    } catch (...) {
      break;
    }
    if (index >= list->size()) break;
    const Origin& o = (*list)[index];
    std::string rest = close + 2 <= field.size() ? field.substr(close + 2) : "";
    auto token = [](const std::string& s) { return s.substr(0, s.find_first_of(".[")); };
    std::string prop = token(rest);
    if (prop == "extra") {
      prop = token(rest.substr(std::min(rest.size(), std::string("extra.").size())));
    } else if (auto it = o.props.find(prop); it != o.props.end()) {
      prop = it->second;
    }
    return {o.line, prop.empty() ? o.schema : o.schema + "." + prop, f.reason};
  }
  return {case_line, field, f.reason};
}

// One line read: its entity, or why it is none.
Result<FtmLine> read_line(const json& obj, std::size_t line, std::vector<LineError>& warnings) {
  FtmLine out;
  out.line = line;
  std::vector<FieldError> errors;
  const auto id = obj.find("id");
  if (id == obj.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
    errors.push_back({"id", "is required: the entity's id, a string"});
  } else {
    out.id = id->get<std::string>();
    if (!valid_local_id(out.id)) errors.push_back({"id", "must be 1 to 128 letters, digits, -, _ or ."});
  }
  const auto schema = obj.find("schema");
  if (schema == obj.end() || !schema->is_string() || schema->get_ref<const std::string&>().empty() ||
      schema->get_ref<const std::string&>().size() > 64) {
    errors.push_back({"schema", "is required: the entity's FtM schema, such as Person"});
  } else {
    out.schema = schema->get<std::string>();
  }
  const auto props = obj.find("properties");
  if (props == obj.end() || !props->is_object()) {
    errors.push_back({"properties", "is required: an object of lists of strings"});
  } else {
    for (const auto& [name, values] : props->items()) {
      const bool ok = values.is_array() && std::all_of(values.begin(), values.end(), [](const json& v) {
                        return v.is_string() && !v.get_ref<const std::string&>().empty();
                      });
      if (!ok) errors.push_back({"properties." + name, "must be a list of non-empty strings"});
      if (ok && values.size() > kMaxValues) {
        errors.push_back({"properties." + name, "has more than " + std::to_string(kMaxValues) + " values"});
      }
    }
    out.properties = *props;
    // An empty list says nothing.
    for (auto it = out.properties.begin(); it != out.properties.end();) {
      it = it->is_array() && it->empty() ? out.properties.erase(it) : std::next(it);
    }
  }
  for (const auto& [key, value] : obj.items()) {
    if (key == "id" || key == "schema" || key == "properties") continue;
    if (std::find(std::begin(kDerivedFields), std::end(kDerivedFields), key) == std::end(kDerivedFields)) {
      warnings.push_back({line, key, "is not an FtM entity field: not kept"});
    }
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return out;
}

}  // namespace

Result<ContributionImportProgress> import_ftm_contributions(store::Database& db, const policy::Caller& caller,
                                                            std::istream& in, const FtmOptions& ftm,
                                                            const ContributionImportOptions& o) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_contribute));
  if (ftm.crime_type.empty()) return Error::invalid("crime_type", "give the crime type of the cases");
  if (ftm.restriction.is_null()) return Error::invalid("restriction", "say who may see the cases");
  const auto members = policy::members_of(db);
  ContributionImportProgress progress;

  struct Pending {
    std::string case_ref;
    std::size_t line = 0;  // the case's first line
    std::size_t bytes = 0;
    std::vector<FtmLine> lines;
    std::vector<LineError> errors;    // of its lines, read: the first kMaxCaseErrors
    std::size_t more_errors = 0;      // beyond those, counted
    std::vector<LineError> warnings;  // of its lines, read
  };
  Pending pending;
  bool open = false;
  PackageWriter writer(db, caller, o.batch_size, progress, [&] {
    if (o.on_progress) o.on_progress(progress);
  });
  std::map<std::string, std::size_t> seen;  // case → its first line
  std::string skipped;                      // the rest of this case is refused already
  LineInput input(in);

  auto refuse = [&](std::size_t line, std::string field, std::string reason) {
    ++progress.packages;
    ++progress.rejected;
    if (o.on_error) o.on_error({line, std::move(field), std::move(reason)});
  };
  auto flush = [&]() -> Status {
    if (!open) return {};
    open = false;
    Pending p = std::move(pending);
    pending = Pending{};
    progress.bytes_read = input.consumed();
    if (!p.errors.empty()) {
      ++progress.packages;
      ++progress.rejected;
      for (const auto& e : p.errors) {
        if (o.on_error) o.on_error(e);
      }
      if (p.more_errors > 0 && o.on_error) {
        o.on_error({p.line, "", "case '" + p.case_ref + "': " + std::to_string(p.more_errors) + " more problems"});
      }
      if (o.on_progress) o.on_progress(progress);
      return {};
    }
    json header = {{"case", p.case_ref},
                   {"member", caller.member},
                   {"crime_type", ftm.crime_type},
                   {"reported_on", ftm.reported_on.empty() ? o.today.iso() : ftm.reported_on},
                   {"restriction", ftm.restriction}};
    auto c = std::make_shared<Converted>(Converter(p.lines, header).run());
    ++progress.packages;
    // Parsed even when the conversion found problems, to name every problem at once.
    Result<CasePackage> parsed = parse_package(c->package, caller.member, members, o.today);
    c->package = nullptr;  // only where its parts came from is kept
    auto refused = [&o, c, line = p.line](const Error& e) {
      if (!o.on_error) return;
      if (e.fields.empty()) o.on_error({line, "", e.message});
      for (const auto& f : e.fields) o.on_error(locate(*c, f, line));
    };
    if (!parsed || !c->errors.empty()) {
      ++progress.rejected;
      for (const auto& err : c->errors) {
        if (o.on_error) o.on_error(err);
      }
      if (!parsed) refused(parsed.error());
      if (o.on_progress) o.on_progress(progress);
      return {};
    }
    // The warnings of the reading and the conversion count once the case is stored.
    auto stored = [&o, &progress, c, line = p.line, read = std::move(p.warnings)](const CasePackage& package) {
      progress.warnings += c->warnings.size() + read.size();
      if (!o.on_warning) return;
      for (const auto& w : read) o.on_warning(w);
      for (const auto& w : c->warnings) o.on_warning(w);
      for (const auto& w : package.warnings) o.on_warning(locate(*c, w, line));
    };
    return writer.add(std::move(parsed).value(), {std::move(stored), std::move(refused)});
  };

  std::string text;
  while (true) {
    const std::size_t line = input.line();
    const auto [complete, too_long] = input.read_line(text, kMaxLineBytes);
    const bool blank = !too_long && text.find_first_not_of(" \t") == std::string::npos;
    if (blank) {
      if (!complete) break;
      continue;
    }
    // A line that cannot be read takes the case being read with it.
    auto unreadable = [&](std::string field, std::string reason) {
      if (open) {
        reason += "; case '" + pending.case_ref + "' (from line " + std::to_string(pending.line) + ") is not stored";
        skipped = pending.case_ref;
        open = false;
        pending = Pending{};
      }
      refuse(line, std::move(field), std::move(reason));
    };
    Result<json> obj = Error::invalid("", "line over 1 MiB: no FtM entity is that large");
    if (!too_long) obj = parse_json_object(text);
    if (!obj) {
      unreadable("", obj.error().message);
    } else {
      std::string case_ref = ftm.case_ref;
      if (case_ref.empty()) {
        const auto ds = obj->find("datasets");
        if (ds != obj->end() && ds->is_array() && ds->size() == 1 && (*ds)[0].is_string()) {
          case_ref = (*ds)[0].get<std::string>();
        }
      }
      if (case_ref.empty()) {
        unreadable("datasets", "names no case: give --case, or one dataset per entity");
      } else if (case_ref != skipped) {
        skipped.clear();
        if (!open || case_ref != pending.case_ref) {
          ARIADNE_TRY(flush());
          if (auto it = seen.find(case_ref); it != seen.end()) {
            refuse(line, "datasets",
                   "case '" + case_ref + "' began at line " + std::to_string(it->second) +
                       " and was read: the entities of a case must follow one another");
            skipped = case_ref;
          } else {
            seen.emplace(case_ref, line);
            open = true;
            pending.case_ref = case_ref;
            pending.line = line;
          }
        }
        if (open) {
          auto entity = read_line(*obj, line, pending.warnings);
          if (entity) {
            pending.bytes += text.size();
            pending.lines.push_back(std::move(entity).value());
          } else {
            report_line_errors(line, entity.error(), [&](const LineError& e) {
              // A case of nothing but bad lines holds only its first problems: memory stays bounded.
              if (pending.errors.size() < kMaxCaseErrors) {
                pending.errors.push_back(e);
              } else {
                ++pending.more_errors;
              }
            });
          }
          // A case larger than a package may be is refused as soon as it is:
          // memory stays bounded whatever the file.
          if (pending.lines.size() > kMaxEntities || pending.bytes > kMaxPackageBytes) {
            refuse(pending.line, "datasets",
                   "case '" + pending.case_ref + "' is larger than a package may be (" + std::to_string(kMaxEntities) +
                       " entities, " + std::to_string(kMaxPackageBytes / (1024 * 1024)) + " MiB; reached at line " +
                       std::to_string(line) + "): split it in several cases");
            skipped = pending.case_ref;
            open = false;
            pending = Pending{};
          }
        }
      }
    }
    if (!complete) break;
  }
  if (in.bad()) return Error::invalid("file", "the input could not be read");
  ARIADNE_TRY(flush());
  ARIADNE_TRY(writer.flush());
  progress.bytes_read = input.consumed();
  if (progress.packages == 0) return Error::invalid("file", "holds no entities");
  return progress;
}

}  // namespace ariadne::analysis
