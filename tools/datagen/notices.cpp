// Notices and diffusions of the world, each a body POST /notices or
// POST /diffusions accepts as it is (src/notices: the fields each colour
// requires): red for wanted people and network organisers, yellow for
// missing minors and victims, blue for network members seen but not
// identified, purple for a network's modus operandi, black for bodies found
// on sea, desert and jungle legs; diffusions between members on a route.
#include "datagen/world_internal.hpp"

namespace ariadne::datagen::internal {

namespace {

struct Law {
  std::string_view code, smuggling, trafficking;
};
constexpr Law kLaws[] = {
    {"ITA", "Testo unico sull'immigrazione (d.lgs. 286/1998), art. 12", "Codice penale, art. 601"},
    {"FRA", "Code de l'entrée et du séjour des étrangers, art. L823-1", "Code pénal, art. 225-4-1"},
    {"DEU", "Aufenthaltsgesetz, §§ 96 and 97", "Strafgesetzbuch, § 232"},
    {"AUT", "Fremdenpolizeigesetz 2005, § 114", "Strafgesetzbuch, § 104a"},
    {"GRC", "Law 4251/2014, art. 29", "Penal Code, art. 323A"},
    {"GBR", "Immigration Act 1971, s. 25", "Modern Slavery Act 2015, s. 2"},
    {"USA", "8 U.S.C. § 1324", "18 U.S.C. § 1591"},
    {"ESP", "Código Penal, art. 318 bis", "Código Penal, art. 177 bis"},
    {"TUR", "Turkish Penal Code, art. 79", "Turkish Penal Code, art. 80"},
    {"MLT", "Immigration Act (Cap. 217), art. 32", "Criminal Code (Cap. 9), art. 248A"},
};

std::string role_words(std::string_view role) {
  std::string s(role);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// "Ethiopia → Sudan → Libya → Italy", and " and " the next route of a network on two corridors.
std::string route_text(const std::vector<std::vector<const Country*>>& routes) {
  std::string s;
  for (const auto& route : routes) {
    if (!s.empty()) s += " and ";
    for (std::size_t i = 0; i < route.size(); ++i) s += (i ? " → " : "") + std::string(route[i]->name);
  }
  return s;
}

std::string age_band(const Date& birth, const Date& on) {
  int age =
      on.year - birth.year - ((on.month < birth.month || (on.month == birth.month && on.day < birth.day)) ? 1 : 0);
  int low = std::max(0, age - 3 - age % 2);
  return std::to_string(low) + "–" + std::to_string(low + 8);
}

constexpr std::string_view kMarks[] = {"scar on the left forearm",
                                       "scar above the right eyebrow",
                                       "tattoo of a cross on the right hand",
                                       "missing upper front tooth",
                                       "burn marks on both legs",
                                       "tattoo of a name on the left shoulder",
                                       "healed fracture of the left wrist",
                                       "pierced ears"};

}  // namespace

std::string legal_basis(const Country& c, bool trafficking) {
  for (const auto& law : kLaws) {
    if (law.code == c.code) return std::string(trafficking ? law.trafficking : law.smuggling);
  }
  return "Criminal law of " + std::string(c.name) +
         (trafficking ? " on trafficking in persons (Palermo Protocol, art. 5)"
                      : " on the smuggling of migrants (Protocol against the Smuggling of Migrants, art. 6)");
}

std::string warrant_reference(const Country& c, Rng& rng) {
  return std::string(c.code) + "/AW/" + std::to_string(2021 + rng.below(6)) + "/" + pad_number(rng.below(100'000), 5);
}

std::string World::notice_subject(const Person& p, const Mention* m, bool victim) const {
  const Culture& c = *p.cd->culture;
  auto name = [&](const NameForm& f, std::string_view kind) {
    std::string s;
    JsonObject o(s);
    o.str("full", full_name(f, c)).str("script", f.script);
    if (!f.surname().empty()) o.str("family", f.surname());
    if (!f.given_names().empty()) o.str("given", f.given_names());
    o.str("kind", kind).end();
    return s;
  };
  std::string names = "[";
  std::string birth;
  if (m != nullptr) {
    names += name(m->name, "primary");
    birth = m->birth;
  } else {
    names += name(canonical(p), "primary");
    if (!p.cd->latin_script) names += "," + name(native(p), "primary");
    birth = p.birth.iso();
  }
  std::string s;
  JsonObject o(s);
  o.raw("names", names + "]");
  if (!birth.empty()) o.str("birth_date", birth);
  o.str("sex", std::string(1, p.sex));
  std::string nat = "[";
  append_json_string(nat, p.country->code);
  o.raw("nationalities", nat + "]");
  if (victim) o.boolean("victim", true);
  o.end();
  return s;
}

void World::write_notice(JsonlFile& out, JsonlFile& truth, const std::string& id, std::string_view owner,
                         const std::string& body, const std::string& truth_line) {
  std::string line;
  JsonObject(line).str("id", id).str("owner", owner).raw("body", body).end();
  out.write(line);
  truth.write(truth_line);
}

void World::write_network_notices(JsonlFile& notices, JsonlFile& truth) {
  Rng rng(opt_.seed, kNetworkNotices);
  const Date ref = kReferenceDate;
  auto restriction = [&] { return rng.chance(0.85) ? R"({"scope":"all"})" : R"({"scope":"owner"})"; };
  auto truth_line = [](const std::string& id, std::string_view colour, const std::string& person,
                       const std::string& network, const std::string& event) {
    std::string s;
    JsonObject o(s);
    o.str("notice", id).str("colour", colour);
    if (!person.empty()) o.str("person", person);
    o.str("network", network);
    if (!event.empty()) o.str("event", event);
    o.end();
    return s;
  };
  for (auto& n : networks_) {
    const auto& route = n.routes.front();
    const Country* prosecutor = route.back();
    auto last_seen = [&](std::size_t person) -> const NetEvent* {
      const NetEvent* last = nullptr;
      for (const auto& e : n.events) {
        if (std::find(e.people.begin(), e.people.end(), person) != e.people.end()) last = &e;
      }
      return last;
    };
    for (std::size_t i = 0; i < n.people.size(); ++i) {
      auto& np = n.people[i];
      if (np.role == "organiser" && rng.chance(0.8)) {
        np.notice = next_notice_id();
        std::string body;
        JsonObject o(body);
        o.str("type", "red").raw("subject", notice_subject(np.person, nullptr, false));
        o.str("offence", n.trafficking ? "trafficking in human beings" : "organising the smuggling of migrants");
        o.str("legal_basis", legal_basis(*prosecutor, n.trafficking))
            .str("warrant", warrant_reference(*prosecutor, rng));
        o.raw("restriction", restriction()).end();
        write_notice(notices, truth, np.notice, prosecutor->code, body,
                     truth_line(np.notice, "red", np.person.id, n.id, ""));
        wanted_.emplace_back(np.person, np.notice);
      } else if (np.fate == "missing") {
        np.notice = next_notice_id();
        const NetEvent* e = last_seen(i);
        const Country* where = e ? find_country(e->country) : np.person.country;
        std::string body;
        JsonObject o(body);
        o.str("type", "yellow").raw("subject", notice_subject(np.person, nullptr, true));
        o.str("disappeared_on", e ? e->date.iso() : n.end.iso());
        o.str("disappeared_place", city_of(*where, rng) + ", " + std::string(where->name));
        o.str("remarks",
              std::string(np.minor ? "Missing minor" : "Missing person") + ", believed trafficked for " +
                  (n.exploitation == "forced_criminality" ? "forced criminality" : n.exploitation + " exploitation"));
        o.raw("restriction", restriction()).end();
        write_notice(notices, truth, np.notice, np.person.country->code, body,
                     truth_line(np.notice, "yellow", np.person.id, n.id, ""));
      }
    }
    // Blue: a crew member seen but not identified, known only by a name as heard.
    if (rng.chance(0.4)) {
      std::vector<std::size_t> crew;
      for (std::size_t i = 0; i < n.people.size(); ++i) {
        const auto& r = n.people[i].role;
        if (r == "recruiter" || r == "driver" || r == "transporter" || r == "boat_captain") crew.push_back(i);
      }
      if (!crew.empty()) {
        auto i = crew[rng.below(crew.size())];
        const NetEvent* e = last_seen(i);
        const Country* issuer = e ? find_country(e->country) : route.front();
        Mention m = make_mention(n.people[i].person, rng, false, false, 1);
        std::string id = next_notice_id();
        std::string body;
        JsonObject o(body);
        o.str("type", "blue").raw("subject", notice_subject(n.people[i].person, &m, false));
        o.str("request", "Identity and whereabouts of a " + role_words(n.people[i].role) +
                             " known under this name, seen on the route " + route_text(n.routes) +
                             (e ? " on " + e->date.iso() : std::string()));
        o.raw("restriction", restriction()).end();
        write_notice(notices, truth, id, issuer->code, body,
                     truth_line(id, "blue", n.people[i].person.id, n.id, e ? e->id : ""));
      }
    }
    // Purple: the network's method, route and concealment, no subject.
    if (rng.chance(0.5)) {
      std::string id = next_notice_id();
      std::string crossings;
      std::string money = "cash";
      for (const auto& e : n.events) {
        if (e.kind == "border_crossing" && e.place != kNone &&
            crossings.find(n.assets[e.place].value) == std::string::npos) {
          crossings += (crossings.empty() ? "" : "; ") + n.assets[e.place].value;
        }
        if (e.kind == "payment" && e.method != "cash") money = e.method == "hawala" ? "hawala" : "bank transfers";
      }
      std::string text = std::string(n.trafficking ? "Trafficking network exploiting victims (" + n.exploitation + ")"
                                                   : "Smuggling network") +
                         " active from " + n.start.iso() + " to " + n.end.iso() + " on the route " +
                         route_text(n.routes) + ". Crossings: " + crossings + ". Method: " + n.concealment +
                         ". Payments by " + money + ".";
      std::string body;
      JsonObject o(body);
      o.str("type", "purple").str("title", std::string(n.corridors.front()->id) + " modus operandi");
      o.str("modus_operandi", text).raw("restriction", restriction()).end();
      write_notice(notices, truth, id, prosecutor->code, body, truth_line(id, "purple", "", n.id, ""));
    }
    // Black: bodies found after deaths in transit, without a name.
    for (const auto& e : n.events) {
      if (e.kind != "death_in_transit") continue;
      for (auto i : e.people) {
        if (!rng.chance(0.7)) continue;
        const auto& p = n.people[i].person;
        const Country* where = find_country(e.country);
        Date found = std::min(ref, date_from_days(days_from_date(e.date) + static_cast<std::int64_t>(rng.below(10))));
        std::string id = next_notice_id();
        std::string mark(rng.pick(all(kMarks)));
        std::string subject;
        JsonObject(subject).str("sex", std::string(1, p.sex)).raw("marks", "[\"" + mark + "\"]").end();
        std::string body;
        JsonObject o(body);
        o.str("type", "black").raw("subject", subject).str("found_on", found.iso());
        o.str("found_place", n.assets[e.place].value + ", " + std::string(where->name));
        o.str("description", std::string(p.sex == 'M' ? "Male" : "Female") + ", about " + age_band(p.birth, e.date) +
                                 " years old, " + mark + "; died on the " + e.mode + " crossing from " +
                                 std::string(find_country(e.from)->name) + " to " +
                                 std::string(find_country(e.to)->name));
        o.raw("restriction", restriction()).end();
        write_notice(notices, truth, id, where->code, body, truth_line(id, "black", p.id, n.id, e.id));
      }
    }
  }
}

void World::write_diffusions() {
  Rng rng(opt_.seed, kDiffusions);
  JsonlFile out, truth;
  note(open(out, "diffusions.jsonl"));
  note(open(truth, "truth/diffusions.jsonl"));
  std::uint64_t no = 0;
  for (const auto& n : networks_) {
    // Who to tell: the other members on the sender's route.
    auto to_json = [&](const Country* sender) {
      const auto* route = &n.routes.front();
      for (const auto& r : n.routes) {
        if (std::find(r.begin(), r.end(), sender) != r.end()) route = &r;
      }
      std::string s = "[";
      bool first = true;
      for (const auto* c : *route) {
        if (c == sender || s.find(c->code) != std::string::npos) continue;
        if (!first) s += ',';
        append_json_string(s, c->code);
        first = false;
      }
      return first ? std::string() : s + "]";
    };
    for (const auto& e : n.events) {
      if (e.kind != "arrest" && !(e.kind == "border_crossing" && rng.chance(0.15))) continue;
      if (e.people.empty() || !rng.chance(0.5)) continue;
      const Country* sender = find_country(e.country);
      std::string to = to_json(sender);
      if (to.empty()) continue;
      std::size_t i = e.people.front();
      const auto& np = n.people[i];
      bool red = e.kind == "arrest" && np.role != "migrant" && np.role != "victim";
      std::string id = "D" + pad_number(++no, 7);
      std::string body;
      JsonObject o(body);
      o.str("type", red ? "red" : "blue").raw("to", to);
      if (red) {
        o.raw("subject", notice_subject(np.person, nullptr, false));
        o.str("offence", n.trafficking ? "trafficking in human beings" : "smuggling of migrants");
        o.str("legal_basis", legal_basis(*sender, n.trafficking)).str("warrant", warrant_reference(*sender, rng));
        o.str("text", "Arrested on " + e.date.iso() + " as a " + role_words(np.role) + " of a network on the route " +
                          route_text(n.routes) + "; accomplices may be in your country.");
      } else {
        Mention m = make_mention(np.person, rng, false, false, 0);
        o.raw("subject", notice_subject(np.person, &m, false));
        o.str("request", "Any record of this person");
        o.str("text", "Seen on " + e.date.iso() + " crossing from " + std::string(find_country(e.from)->name) + " to " +
                          std::string(find_country(e.to)->name) + " with a group of " + std::to_string(e.count) +
                          " people.");
      }
      o.end();
      std::string t;
      JsonObject(t).str("diffusion", id).str("person", np.person.id).str("network", n.id).str("event", e.id).end();
      write_notice(out, truth, id, sender->code, body, t);
    }
  }
  note(out.close());
  note(truth.close());
  files_.push_back({"diffusions.jsonl", out.lines()});
  files_.push_back({"truth/diffusions.jsonl", truth.lines()});
}

}  // namespace ariadne::datagen::internal
