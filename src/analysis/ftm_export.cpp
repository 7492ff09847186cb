// FollowTheMoney out: a case package written back as FtM entities (ftm.hpp).
#include "analysis/ftm.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/ascii.hpp"
#include "common/country.hpp"

namespace ariadne::analysis {

using nlohmann::json;

namespace {

// The package's things and people as FtM sees them, built up as the links are read.
class Exporter {
 public:
  Exporter(const CasePackage& p, std::string_view prefix, const std::set<std::string>* also_victims)
      : p_(p), prefix_(prefix) {
    for (std::size_t i = 0; i < p.mentions.size(); ++i) {
      const Mention& m = p.mentions[i];
      at_[m.local_id] = i;
      used_.insert(m.local_id);
      if (m.kind == MentionKind::person) {
        const auto* v = find_statement(m, "victim");
        const auto* role = find_statement(m, "role");
        if ((v != nullptr && v->value == "true") || (role != nullptr && role->value == "victim") ||
            (also_victims != nullptr && also_victims->contains(m.local_id))) {
          withheld_.insert(m.local_id);
        }
      }
    }
  }

  FtmExport run() && {
    FtmExport out;
    out.withheld_victims = withheld_.size();
    withhold_what_only_victims_reach();
    // Properties that links give to entities (a person's phones, a document's holder).
    std::vector<json> props(p_.mentions.size(), json::object());
    std::vector<json> intervals;
    for (const auto& l : p_.links) {
      if (withheld_.contains(l.from) || withheld_.contains(l.to)) continue;
      if (l.kind == "participant" || l.kind == "place") continue;  // with the events
      const Mention& from = mention(l.from);
      const Mention& to = mention(l.to);
      auto add = [&](const Mention& m, const char* prop, std::string value) {
        props[at_.at(m.local_id)][prop].push_back(std::move(value));
      };
      if (l.kind == "uses") {
        add(from, "phone", phone_of(to));
      } else if (l.kind == "located_at") {
        add(from, "addressEntity", id(to.local_id));
      } else if (l.kind == "holds_document" || (l.kind == "holds_account" && crypto(to))) {
        add(to, "holder", id(from.local_id));  // a wallet is no asset an Ownership may name
      } else if (l.kind == "drives" || l.kind == "pilots") {
        add(to, "operator", id(from.local_id));
      } else {
        intervals.push_back(interval(l));
      }
    }
    for (const auto& m : p_.mentions) {
      if (withheld_.contains(m.local_id)) continue;
      json e = m.kind == MentionKind::event ? event(m) : entity(m, props[at_.at(m.local_id)]);
      if (e.is_null()) continue;
      out.entities.push_back(std::move(e));
    }
    for (auto& i : intervals) out.entities.push_back(std::move(i));
    return out;
  }

 private:
  const Mention& mention(const std::string& local) const { return p_.mentions[at_.at(local)]; }

  // What leads only to the victims stays behind with them: a victim's
  // relatives (people whose every link is `family` with a victim), and every
  // thing and event that, once the victims and relatives are taken out, is
  // connected to no person or organization left (a phone she uses, an
  // account it is linked to, the event she alone took part in and its
  // place), followed along every link and event, however long the chain.
  void withhold_what_only_victims_reach() {
    const std::size_t n = p_.mentions.size();
    std::vector<std::vector<std::pair<std::size_t, const Link*>>> adjacent(n);
    for (const auto& l : p_.links) {
      const auto a = at_.at(l.from), b = at_.at(l.to);
      adjacent[a].emplace_back(b, &l);
      adjacent[b].emplace_back(a, &l);
    }
    std::vector<char> out(n, 0);
    for (std::size_t i = 0; i < n; ++i) out[i] = withheld_.contains(p_.mentions[i].local_id);
    for (std::size_t i = 0; i < n; ++i) {
      if (out[i] || p_.mentions[i].kind != MentionKind::person || adjacent[i].empty()) continue;
      const bool relative = std::all_of(adjacent[i].begin(), adjacent[i].end(), [&](const auto& e) {
        return e.second->kind == "family" && out[e.first] && withheld_.contains(p_.mentions[e.first].local_id);
      });
      if (relative) out[i] = 2;
    }
    // The rest in components (victims and relatives taken out): one with no
    // person or organization, that touched what is withheld, goes too.
    std::vector<char> seen(n, 0);
    for (std::size_t start = 0; start < n; ++start) {
      if (out[start] || seen[start]) continue;
      std::vector<std::size_t> component{start}, stack{start};
      seen[start] = 1;
      bool anchored = false, touched = false;
      while (!stack.empty()) {
        const auto v = stack.back();
        stack.pop_back();
        const auto kind = p_.mentions[v].kind;
        anchored = anchored || kind == MentionKind::person || kind == MentionKind::organization;
        for (const auto& [w, link] : adjacent[v]) {
          if (out[w]) {
            touched = true;
          } else if (!seen[w]) {
            seen[w] = 1;
            component.push_back(w);
            stack.push_back(w);
          }
        }
      }
      if (touched && !anchored) {
        for (const auto v : component) withheld_.insert(p_.mentions[v].local_id);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (out[i] == 2) withheld_.insert(p_.mentions[i].local_id);
    }
  }
  std::string id(const std::string& local) const { return std::string(prefix_) + local; }

  // A new id for an FtM interval, one no entity of the package has.
  std::string fresh_id(const std::string& base) {
    std::string out = base;
    for (int n = 2; used_.contains(out); ++n) out = base + "." + std::to_string(n);
    used_.insert(out);
    return id(out);
  }

  static bool crypto(const Mention& m) {
    const auto* t = find_statement(m, "type");
    return m.kind == MentionKind::account && t != nullptr && t->value == "crypto";
  }

  static std::string phone_of(const Mention& m) {
    const auto* s = find_statement(m, "number");
    if (s == nullptr) return "";
    return s->norm.empty() ? s->value : s->norm;
  }

  json wrap(const std::string& schema, const std::string& local, json props) const {
    return {{"id", id(local)}, {"schema", schema}, {"properties", std::move(props)}, {"datasets", {p_.case_ref}}};
  }

  static void extra_into(const Statement& s, json& props) {
    props[s.prop.substr(std::string("extra.").size())].push_back(s.value);
  }

  json entity(const Mention& m, json props) {
    std::string schema;
    auto put = [&](const char* prop, const std::string& value) { props[prop].push_back(value); };
    auto ftm_country = [](const std::string& alpha3) { return ascii_lower(alpha2_of(alpha3)); };
    switch (m.kind) {
      case MentionKind::person: schema = "Person"; break;
      case MentionKind::organization: schema = "Organization"; break;
      case MentionKind::account: schema = crypto(m) ? "CryptoWallet" : "BankAccount"; break;
      case MentionKind::vehicle: schema = "Vehicle"; break;
      case MentionKind::boat: schema = "Vessel"; break;
      case MentionKind::place: schema = "Address"; break;
      case MentionKind::document: {
        const auto* t = find_statement(m, "type");
        schema = t != nullptr && t->value == "passport" ? "Passport" : "Identification";
        break;
      }
      case MentionKind::other: schema = find_statement(m, "schema")->value; break;
      case MentionKind::phone:
        // FtM holds a phone as a property of who uses it; one nobody in the
        // case is known to use is the phone of a legal entity known by it only.
        return reached_by_use(m) ? json() : wrap("LegalEntity", m.local_id, {{"phone", {phone_of(m)}}});
      case MentionKind::event: return json();
    }
    bool first_name = true;
    for (const auto& s : m.statements) {
      const std::string& v = s.value;
      if (s.prop.starts_with("extra.")) {
        extra_into(s, props);
      } else if (s.prop == "names") {
        const json name = json::parse(v);
        put("name", name.value("full", ""));
        if (first_name && m.kind == MentionKind::person) {
          if (name.contains("given")) put("firstName", name["given"].get<std::string>());
          if (name.contains("family")) put("lastName", name["family"].get<std::string>());
        }
        first_name = false;
      } else if (s.prop == "birth_date") {
        put("birthDate", v);
      } else if (s.prop == "sex") {
        put("gender", v == "M" ? "male" : v == "F" ? "female" : "other");
      } else if (s.prop == "nationality") {
        put("nationality", ftm_country(v));
      } else if (s.prop == "country" || s.prop == "issuing_state") {
        put("country", ftm_country(v));
      } else if (s.prop == "registration_number" || (m.kind == MentionKind::vehicle && s.prop == "plate")) {
        put("registrationNumber", v);
      } else if (m.kind == MentionKind::account && s.prop == "iban") {
        put("iban", v);
      } else if (m.kind == MentionKind::account && s.prop == "number") {
        put(crypto(m) ? "publicKey" : "accountNumber", v);
      } else if (m.kind == MentionKind::account && s.prop == "type") {
        if (v != "crypto") put("accountType", v);
      } else if (s.prop == "provider" && !crypto(m)) {
        put("bankName", v);
      } else if (s.prop == "make") {
        put("model", v);
      } else if (m.kind == MentionKind::document && s.prop == "number") {
        put("number", v);
      } else if (m.kind == MentionKind::document && s.prop == "type") {
        if (v != "passport") put("type", v);
      } else if ((m.kind == MentionKind::vehicle || m.kind == MentionKind::boat) && s.prop == "type") {
        put("type", v);
      } else if (m.kind == MentionKind::place && s.prop == "name") {
        put("full", v);
      } else if (m.kind == MentionKind::place && s.prop == "city") {
        put("city", v);
      } else if (m.kind == MentionKind::place && (s.prop == "latitude" || s.prop == "longitude")) {
        put(s.prop.c_str(), v);
      } else if (m.kind == MentionKind::place && s.prop == "place_type") {
        if (v != "address") put("summary", v);
      } else if (m.kind == MentionKind::boat && s.prop == "name") {
        put("name", v);
      } else if (m.kind == MentionKind::other && s.prop == "schema") {
        continue;
      } else {
        // What FtM has no property for (a role, a document found forged, a boat's length).
        put("notes", s.prop + ": " + v);
      }
    }
    return wrap(schema, m.local_id, std::move(props));
  }

  bool reached_by_use(const Mention& phone) const {
    return std::any_of(p_.links.begin(), p_.links.end(), [&](const Link& l) {
      return l.kind == "uses" && l.to == phone.local_id && !withheld_.contains(l.from);
    });
  }

  json event(const Mention& m) {
    json props = json::object();
    const bool payment = find_statement(m, "kind") && find_statement(m, "kind")->value == "payment";
    std::vector<const Mention*> parties, accounts;
    std::string place;
    bool payer_withheld = false;  // a payment's first party (its payer) stayed behind
    bool first_party = true;
    for (const auto& l : p_.links) {
      if (l.from != m.local_id) continue;
      if (l.kind == "participant" && mention(l.to).kind != MentionKind::account &&
          mention(l.to).kind != MentionKind::phone) {
        if (first_party && withheld_.contains(l.to)) payer_withheld = true;
        first_party = false;
      }
      if (withheld_.contains(l.to)) continue;
      if (l.kind == "place") place = l.to;
      if (l.kind != "participant") continue;
      const Mention& t = mention(l.to);
      if (t.kind == MentionKind::phone) {
        // A phone is no FtM entity: the number, as a note the import reads back.
        props["notes"].push_back("phone: " + phone_of(t));
        continue;
      }
      (t.kind == MentionKind::account ? accounts : parties).push_back(&t);
    }
    for (const auto& s : m.statements) {
      if (s.prop.starts_with("extra.")) {
        extra_into(s, props);
      } else if (s.prop == "kind") {
        if (!payment) props["name"].push_back(s.value);
      } else if (s.prop == "date" || s.prop == "amount" || s.prop == "currency") {
        props[s.prop].push_back(s.value);
      } else if (s.prop == "country" && !payment) {
        props["country"].push_back(ascii_lower(alpha2_of(s.value)));
      } else {
        props["notes"].push_back(s.prop + ": " + s.value);
      }
    }
    if (payment) {
      // Who paid whom a payment event does not say: the first party paid the
      // others. A withheld payer is left out, not replaced by a beneficiary.
      for (std::size_t i = 0; i < parties.size(); ++i) {
        props[i == 0 && !payer_withheld ? "payer" : "beneficiary"].push_back(id(parties[i]->local_id));
      }
      for (std::size_t i = 0; i < accounts.size(); ++i) {
        props[i == 0 ? "payerAccount" : "beneficiaryAccount"].push_back(id(accounts[i]->local_id));
      }
      return wrap("Payment", m.local_id, std::move(props));
    }
    for (const auto* t : parties) props["involved"].push_back(id(t->local_id));
    for (const auto* t : accounts) props["involved"].push_back(id(t->local_id));
    if (!place.empty()) props["addressEntity"].push_back(id(place));
    return wrap("Event", m.local_id, std::move(props));
  }

  json interval(const Link& l) {
    struct Shape {
      std::string_view kind, schema, source, target;
    };
    static constexpr Shape kShapes[] = {{"holds_account", "Ownership", "owner", "asset"},
                                        {"owns", "Ownership", "owner", "asset"},
                                        {"family", "Family", "person", "relative"},
                                        {"associate", "Associate", "person", "associate"},
                                        {"member_of", "Membership", "member", "organization"},
                                        {"employed_by", "Employment", "employee", "employer"},
                                        {"paid", "Payment", "payer", "beneficiary"}};
    const Shape* shape = nullptr;
    for (const auto& s : kShapes) {
      if (s.kind == l.kind) shape = &s;
    }
    json props = l.details.empty() ? json::object() : json::parse(l.details);
    std::string schema = "UnknownLink";
    if (shape != nullptr) {
      schema = shape->schema;
      props[std::string(shape->source)] = {id(l.from)};
      props[std::string(shape->target)] = {id(l.to)};
    } else {
      props["subject"] = {id(l.from)};
      props["object"] = {id(l.to)};
      if (l.kind != "related") props["role"].push_back(l.kind);
    }
    json out = wrap(schema, "", std::move(props));
    out["id"] = fresh_id("link-" + std::to_string(++links_));
    return out;
  }

  const CasePackage& p_;
  std::string_view prefix_;
  std::map<std::string, std::size_t, std::less<>> at_;
  std::set<std::string, std::less<>> withheld_;
  std::set<std::string, std::less<>> used_;
  std::size_t links_ = 0;
};

}  // namespace

FtmExport to_ftm(const CasePackage& package, std::string_view id_prefix, const std::set<std::string>* also_victims) {
  return Exporter(package, id_prefix, also_victims).run();
}

}  // namespace ariadne::analysis
