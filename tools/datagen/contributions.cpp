// What each member saw of the networks, as case packages (the body of
// POST /contributions; docs/data-model.md "Case packages"): a member sees the
// events on its territory (both sides of a border crossing), and of each
// event only some of the people and things, under the names and formats it
// recorded. truth/contributions.jsonl says what every contributed entity and
// event really is.
#include <set>
#include <span>

#include "datagen/world_internal.hpp"

namespace ariadne::datagen::internal {

namespace {

// FNV-1a of a text: choices that must not draw from the world's random stream.
std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

// What a member recorded of a victim of trafficking, in the fields of the
// Counter-Trafficking Data Collaborative's standard, four times in five:
// drawn from the network and the person by hash, never from the random
// stream, so the rest of the world is the same with them or without.
std::string victim_details(const Network& n, const NetPerson& np, std::string_view member) {
  const auto h = stable_hash(np.person.id + "/" + std::string(member));
  if (h % 5 == 0) return "";
  std::string out;
  JsonObject d(out);
  const std::string exploitation = n.exploitation == "labour" ? "forced_labour" : n.exploitation;
  d.raw("exploitation", "[\"" + exploitation + "\"]");
  const int age = n.start.year - np.person.birth.year;
  static constexpr std::pair<int, std::string_view> kBands[] = {{8, "0-8"},    {17, "9-17"},  {20, "18-20"},
                                                                {23, "21-23"}, {26, "24-26"}, {29, "27-29"},
                                                                {38, "30-38"}, {47, "39-47"}};
  std::string_view band = "48+";
  for (const auto& [upto, name] : kBands) {
    if (age <= upto) {
      band = name;
      break;
    }
  }
  d.str("age_band", band);
  d.str("citizenship", np.person.country->code);
  if (!n.routes.empty() && !n.routes.front().empty()) d.str("country_of_exploitation", n.routes.front().back()->code);
  // Two means of control of those each kind of exploitation is known for.
  static constexpr std::string_view kSexual[] = {"threats",        "psychological_abuse", "debt_bondage",
                                                 "takes_earnings", "restricts_movement",  "sexual_abuse",
                                                 "false_promises"};
  static constexpr std::string_view kLabour[] = {
      "debt_bondage", "withholds_documents", "excessive_working_hours", "takes_earnings", "threats", "false_promises"};
  const auto& means = n.exploitation == "sexual" ? std::span<const std::string_view>(kSexual)
                                                 : std::span<const std::string_view>(kLabour);
  const auto first = (h >> 8) % means.size();
  auto second = (h >> 16) % means.size();
  if (second == first) second = (second + 1) % means.size();
  d.raw("means_of_control", "[\"" + std::string(means[std::min(first, second)]) + "\",\"" +
                                std::string(means[std::max(first, second)]) + "\"]");
  if (exploitation == "forced_labour") {
    static constexpr std::string_view kSectors[] = {"agriculture", "construction", "domestic_work", "hospitality",
                                                    "manufacturing"};
    d.raw("labour_sector", "[\"" + std::string(kSectors[(h >> 24) % std::size(kSectors)]) + "\"]");
  }
  d.end();
  return out;
}

// An entity of one package: a person or an asset of the network.
struct Local {
  std::size_t person = kNone;
  std::size_t asset = kNone;
};

struct Package {
  const Country* member = nullptr;
  std::vector<Local> entities;
  std::vector<std::size_t> events;
  std::map<std::size_t, std::size_t> person_local, asset_local;

  std::size_t person(std::size_t i) {
    auto [it, added] = person_local.emplace(i, entities.size());
    if (added) entities.push_back({i, kNone});
    return it->second;
  }
  std::size_t asset(std::size_t i) {
    auto [it, added] = asset_local.emplace(i, entities.size());
    if (added) entities.push_back({kNone, i});
    return it->second;
  }
};

std::string local_id(std::size_t i) {
  return "e" + std::to_string(i + 1);
}

std::string spaced(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i && i % 4 == 0) out += ' ';
    out += s[i];
  }
  return out;
}

}  // namespace

void World::write_contributions() {
  Rng rng(opt_.seed, kContributions);
  JsonlFile all_packages, truth;
  note(open(all_packages, "contributions.jsonl"));
  note(open(truth, "truth/contributions.jsonl"));
  auto per_member = open_per_member("contributions");
  std::map<std::string_view, std::uint64_t> case_no;
  std::map<std::string, std::set<std::string_view>> seen_by;  // true entity id → members that contributed it
  std::string line, t;
  for (const auto& n : networks_) {
    // The members that saw something: where events happened, and both sides of a crossing.
    std::vector<const Country*> observers;
    for (const auto& e : n.events) {
      for (const auto& code : {e.from, e.country}) {
        const Country* c = code.empty() ? nullptr : find_country(code);
        if (c && std::find(observers.begin(), observers.end(), c) == observers.end()) observers.push_back(c);
      }
    }
    std::vector<Package> packages;
    for (const auto* member : observers) {
      Package pk;
      pk.member = member;
      for (std::size_t k = 0; k < n.events.size(); ++k) {
        const auto& e = n.events[k];
        if (e.country != member->code && e.from != member->code) continue;
        if (!pk.events.empty() && !rng.chance(0.85)) continue;  // not every event reaches the file
        pk.events.push_back(k);
        if (e.place != kNone) pk.asset(e.place);
        for (auto p : e.people) {
          if (rng.chance(0.75)) pk.person(p);
        }
        for (auto a : e.assets) {
          if (rng.chance(0.7)) pk.asset(a);
        }
      }
      // Phones and accounts found on the people it identified (seized phones, bank records).
      std::vector<std::size_t> seen;
      for (const auto& [p, local] : pk.person_local) seen.push_back(p);
      for (auto p : seen) {
        for (std::size_t a = 0; a < n.assets.size(); ++a) {
          if (n.assets[a].holder == p && n.assets[a].kind != "place" && rng.chance(0.3)) pk.asset(a);
        }
      }
      packages.push_back(std::move(pk));
    }
    // Members meet over the same people and phones: when chance kept none in common, the crossing's
    // crew (or first person) is what both sides of the first crossing recorded.
    auto shares_person_or_phone = [&] {
      std::map<std::string, std::set<const Country*>> by;
      for (const auto& pk : packages) {
        for (const auto& l : pk.entities) {
          if (l.person != kNone) by[n.people[l.person].person.id].insert(pk.member);
          if (l.asset != kNone && n.assets[l.asset].kind == "phone") by[n.assets[l.asset].id].insert(pk.member);
        }
      }
      return std::any_of(by.begin(), by.end(), [](const auto& kv) { return kv.second.size() >= 2; });
    };
    if (!shares_person_or_phone()) {
      for (const auto& e : n.events) {
        if (e.kind != "border_crossing" || e.people.empty()) continue;
        for (auto& pk : packages) {
          if (pk.member->code == e.from || pk.member->code == e.country) pk.person(e.people.front());
        }
        break;
      }
    }
    if (shares_person_or_phone()) ++networks_with_overlap_;

    for (auto& pk : packages) {
      const auto gi = gen_index_.at(pk.member->code);
      std::string case_id = std::string(pk.member->code) + "-" + std::to_string(n.end.year) + "-" +
                            pad_number(++case_no[pk.member->code], 6);
      std::int64_t last = 0;
      for (auto k : pk.events) last = std::max(last, days_from_date(n.events[k].date));
      Date reported = std::min(kReferenceDate, date_from_days(last + static_cast<std::int64_t>(rng.below(30))));
      std::string entities = "[";
      for (std::size_t i = 0; i < pk.entities.size(); ++i) {
        if (i) entities += ',';
        const auto& l = pk.entities[i];
        std::vector<std::string> variations;
        std::string truth_id, kind;
        JsonObject o(entities);
        o.str("id", local_id(i));
        if (l.person != kNone) {
          const auto& np = n.people[l.person];
          const Person& p = np.person;
          kind = "person";
          truth_id = p.id;
          Mention m = make_mention(p, rng, p.country == pk.member, false, 0);
          variations = m.kinds;
          std::string name;
          {
            JsonObject nm(name);
            nm.str("full", full_name(m.name, *p.cd->culture)).str("script", m.name.script);
            if (!m.name.surname().empty()) nm.str("family", m.name.surname());
            if (!m.name.given_names().empty()) nm.str("given", m.name.given_names());
            nm.end();
          }
          o.str("kind", kind).raw("names", "[" + name + "]");
          if (!m.birth.empty()) o.str("birth_date", m.birth);
          if (rng.chance(0.9)) o.str("sex", std::string(1, p.sex));
          if (rng.chance(0.8)) o.str("nationality", p.country->code);
          if (rng.chance(0.8)) o.str("role", np.role);
          if (np.role == "victim") {
            o.boolean("victim", true);
            if (const auto details = victim_details(n, np, pk.member->code); !details.empty()) {
              o.raw("victim_details", details);
            }
          }
        } else {
          const auto& a = n.assets[l.asset];
          kind = a.kind;
          truth_id = a.id;
          o.str("kind", kind);
          if (kind == "phone") {
            if (a.country == pk.member->code && rng.chance(0.4)) {
              o.str("number", phone_national(a.value));
              variations.emplace_back("national_format");
            } else {
              o.str("number", a.value);
            }
          } else if (kind == "account") {
            o.str("type", a.type);
            if (a.iban && rng.chance(0.3)) {
              o.str("iban", spaced(a.value));
              variations.emplace_back("spaced");
            } else {
              o.str(a.iban ? "iban" : "number", a.value);
            }
            o.str("country", a.country);
            if (!a.extra.empty()) o.str("provider", a.extra);
          } else if (kind == "vehicle") {
            std::string plate = a.value;
            if (rng.chance(0.3)) {
              plate.erase(std::remove_if(plate.begin(), plate.end(), [](char c) { return c == ' ' || c == '-'; }),
                          plate.end());
              if (plate != a.value) variations.emplace_back("separators_dropped");
            }
            o.str("plate", plate).str("country", a.country).str("type", a.type).str("make", a.extra);
          } else if (kind == "boat") {
            o.str("type", a.type);
            if (!a.value.empty()) o.str("name", a.value);
            o.num("length_m", std::stoll(a.extra));
          } else if (kind == "document") {
            o.str("number", a.value).str("issuing_state", a.country).str("type", a.type);
            if (a.forged && rng.chance(0.7)) o.boolean("forged", true);
          } else {
            o.str("place_type", a.type).str("name", a.value).str("country", a.country);
            if (!a.extra.empty() && a.extra != a.value) o.str("city", a.extra);
          }
        }
        o.end();
        if (variations.empty()) variations.emplace_back("exact");
        seen_by[truth_id].insert(pk.member->code);
        t.clear();
        JsonObject(t)
            .str("case", case_id)
            .str("member", pk.member->code)
            .str("id", local_id(i))
            .str("kind", kind)
            .str("truth", truth_id)
            .str("network", n.id)
            .raw("variations", kinds_json(variations))
            .end();
        truth.write(t);
      }
      // Relationships between what the member identified: who uses, holds, drives or pilots what,
      // and who recruited, transported, exploited, paid or called whom.
      std::set<std::tuple<std::size_t, std::size_t, std::string>> rels;
      for (const auto& [a, local] : pk.asset_local) {
        const auto& asset = n.assets[a];
        if (asset.holder == kNone || !pk.person_local.count(asset.holder)) continue;
        std::string kind = asset.kind == "phone"     ? "uses"
                           : asset.kind == "account" ? "holds_account"
                           : asset.kind == "vehicle" ? "drives"
                           : asset.kind == "boat"    ? "pilots"
                                                     : "holds_document";
        rels.emplace(pk.person_local.at(asset.holder), local, kind);
      }
      std::string events = "[";
      for (std::size_t k = 0; k < pk.events.size(); ++k) {
        const auto& e = n.events[pk.events[k]];
        std::vector<std::size_t> who;
        for (auto p : e.people) {
          if (pk.person_local.count(p)) who.push_back(p);
        }
        static const std::map<std::string, std::string, std::less<>> kLinks = {
            {"recruitment", "recruited"}, {"exploitation", "exploits"},       {"payment", "paid"},
            {"call", "called"},           {"border_crossing", "transported"}, {"document_supply", "supplied_document"}};
        auto link = kLinks.find(e.kind);
        // The event's first person acts on the others; a crossing without crew (migrants flying on their
        // own) has nobody who transported anyone.
        auto crew_led = [&] {
          const auto& role = n.people[e.people.front()].role;
          return e.kind != "border_crossing" || (role != "migrant" && role != "victim");
        };
        if (link != kLinks.end() && who.size() >= 2 && who.front() == e.people.front() && crew_led()) {
          for (std::size_t w = 1; w < who.size(); ++w) {
            rels.emplace(pk.person_local.at(who.front()), pk.person_local.at(who[w]), link->second);
          }
        }
        if (k) events += ',';
        JsonObject o(events);
        o.str("id", "v" + std::to_string(k + 1))
            .str("kind", e.kind)
            .str("date", e.date.iso())
            .str("country", e.country);
        if (!e.from.empty()) o.str("from", e.from).str("to", e.to).str("mode", e.mode);
        if (e.place != kNone) o.str("place", local_id(pk.asset_local.at(e.place)));
        std::string parts = "[";
        bool first = true;
        auto add_part = [&](std::size_t local) {
          if (!first) parts += ',';
          append_json_string(parts, local_id(local));
          first = false;
        };
        for (auto p : who) add_part(pk.person_local.at(p));
        for (auto a : e.assets) {
          if (pk.asset_local.count(a)) add_part(pk.asset_local.at(a));
        }
        o.raw("participants", parts + "]");
        if (e.amount) o.num("amount", e.amount).str("currency", e.currency).str("method", e.method);
        if (e.count) o.num("count", e.count);
        if (!e.by.empty()) o.str("by", e.by);
        o.end();
        t.clear();
        JsonObject(t)
            .str("case", case_id)
            .str("member", pk.member->code)
            .str("id", "v" + std::to_string(k + 1))
            .str("kind", "event")
            .str("truth", e.id)
            .str("network", n.id)
            .raw("variations", "[\"exact\"]")
            .end();
        truth.write(t);
      }
      std::string relationships = "[";
      bool first = true;
      for (const auto& [from, to, kind] : rels) {
        if (!first) relationships += ',';
        first = false;
        JsonObject(relationships).str("from", local_id(from)).str("to", local_id(to)).str("kind", kind).end();
      }
      line.clear();
      JsonObject o(line);
      o.str("case", case_id).str("member", pk.member->code);
      o.str("crime_type", n.trafficking ? "trafficking_in_human_beings" : "migrant_smuggling");
      o.str("reported_on", reported.iso()).raw("restriction", restriction_json(rng, gens_[gi]));
      o.raw("entities", entities + "]").raw("relationships", relationships + "]").raw("events", events + "]");
      o.end();
      all_packages.write(line);
      per_member[gi]->write(line);
      ++contributions_;
    }
  }
  for (const auto& [id, members] : seen_by) shared_entities_ += members.size() >= 2 ? 1 : 0;
  note(all_packages.close());
  note(truth.close());
  files_.push_back({"contributions.jsonl", all_packages.lines()});
  close_per_member("contributions", per_member);
  files_.push_back({"truth/contributions.jsonl", truth.lines()});
}

}  // namespace ariadne::datagen::internal
