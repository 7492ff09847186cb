#include <filesystem>

#include "datagen/world_internal.hpp"

namespace ariadne::datagen::internal {

Person World::make_person(Rng& rng, const Country* country, const std::string& id, bool minor, char sex) {
  Person p;
  p.id = id;
  p.country = country;
  p.cd = culture_of_.at(country->culture);
  const Culture& c = *p.cd->culture;
  p.sex = sex != 0 ? sex : (rng.chance(0.6) ? 'M' : 'F');
  const auto ref = days_from_date(kReferenceDate);
  std::int64_t age_days =
      minor ? static_cast<std::int64_t>(std::uint64_t{2} * 365 + rng.below(std::uint64_t{15} * 365))
            : static_cast<std::int64_t>(std::uint64_t{18} * 365 + 30 + rng.below(std::uint64_t{47} * 365));
  p.birth = date_from_days(ref - age_days);
  const auto& givens = p.sex == 'M' ? p.cd->male : p.cd->female;
  auto pick_tok = [&](const std::vector<Tok>& v) { return &v[rng.below(v.size())]; };
  if (!c.middle_male.empty()) p.given.push_back(pick_tok(p.sex == 'M' ? p.cd->middle_male : p.cd->middle_female));
  p.given.push_back(pick_tok(givens));
  if (p.cd->family.empty() && !c.patronymic) {
    // Myanmar: a name of two or three elements, no family name.
    int n = rng.chance(0.5) ? 3 : 2;
    while (static_cast<int>(p.given.size()) < n) p.given.push_back(pick_tok(givens));
  } else if (c.patronymic) {
    p.family.push_back(pick_tok(p.cd->male));
  } else {
    if (c.father_middle && rng.chance(0.7)) p.given.push_back(pick_tok(p.cd->male));
    if (c.middle_male.empty() && !c.father_middle && rng.chance(0.2)) p.given.push_back(pick_tok(givens));
    for (int k = 0; k < c.family_names; ++k) {
      std::size_t fi = rng.below(p.cd->family.size());
      p.family.push_back(p.sex == 'F' && !p.cd->family_female.empty() ? &p.cd->family_female[fi] : &p.cd->family[fi]);
    }
  }
  for (std::size_t k = 1; k < p.given.size(); ++k) {
    if (p.given[k] == p.given[k - 1])
      p.given[k] = &givens[(static_cast<std::size_t>(p.given[k] - &givens[0]) + 1) % givens.size()];
  }
  p.alias = pick_tok(givens);
  if (rng.chance(0.7)) p.phone = phones_.mobile(country->alpha2, rng);
  if (!country->iban_bban.empty() && rng.chance(0.4)) p.iban = make_iban(country->alpha2, country->iban_bban, rng);
  return p;
}

NameForm World::canonical(const Person& p) const {
  NameForm n;
  for (const auto* t : p.given) n.given.push_back(t->latin);
  for (const auto* t : p.family) n.family.push_back(t->latin);
  n.script = "Latn";
  return n;
}

NameForm World::native(const Person& p) const {
  NameForm n;
  for (const auto* t : p.given) n.given.push_back(t->native);
  for (const auto* t : p.family) n.family.push_back(t->native);
  n.script = std::string(p.cd->culture->script);
  return n;
}

namespace {

void typo(std::string& s, Rng& rng) {
  std::vector<std::size_t> letters;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letters.push_back(i);
  }
  if (letters.size() < 3) return;
  std::size_t i = letters[1 + rng.below(letters.size() - 1)];  // keep the first letter
  bool upper = s[i] >= 'A' && s[i] <= 'Z';
  char random_letter = static_cast<char>((upper ? 'A' : 'a') + rng.below(26));
  switch (rng.below(4)) {
    case 0: s[i] = random_letter == s[i] ? static_cast<char>(s[i] == 'a' ? 'e' : 'a') : random_letter; break;
    case 1: s.erase(i, 1); break;
    case 2: s.insert(i, 1, s[i]); break;
    default:
      if (i + 1 < s.size() && s[i + 1] != s[i] && static_cast<unsigned char>(s[i + 1]) < 0x80 && s[i + 1] != ' ') {
        std::swap(s[i], s[i + 1]);
      } else {
        s.erase(i, 1);
      }
  }
}

std::string first_letter(const std::string& s) {
  if (s.empty()) return s;
  std::size_t n = 1;
  auto c = static_cast<unsigned char>(s[0]);
  if (c >= 0xF0)
    n = 4;
  else if (c >= 0xE0)
    n = 3;
  else if (c >= 0xC0)
    n = 2;
  return s.substr(0, n);
}

}  // namespace

Mention World::make_mention(const Person& p, Rng& rng, bool allow_native, bool need_full_birth,
                            int min_name_variations) {
  Mention m;
  bool in_native = allow_native && !p.cd->latin_script && rng.chance(0.2);
  m.name = in_native ? native(p) : canonical(p);
  if (in_native) m.kinds.emplace_back("native_script");
  int n = min_name_variations;
  double r = rng.unit();
  n = std::max(n, r < 0.25 ? 0 : r < 0.70 ? 1 : r < 0.95 ? 2 : 3);

  std::vector<std::string_view> ops;
  auto has_variants = [&] {
    for (const auto* t : p.given)
      if (!t->variants.empty()) return true;
    for (const auto* t : p.family)
      if (!t->variants.empty()) return true;
    return false;
  };
  bool latin_form = !in_native;
  if (latin_form && has_variants()) ops.emplace_back("transliteration");
  if (latin_form && !p.cd->latin_script) ops.emplace_back("machine_transliteration");
  if (latin_form && p.cd->latin_script && !is_ascii(join(m.name.given) + join(m.name.family))) {
    ops.emplace_back("diacritics_dropped");
  }
  if (latin_form) ops.emplace_back("typo");
  if (!p.family.empty()) ops.emplace_back("swapped_order");
  if (p.given.size() >= 2 && p.cd->culture->middle_male.empty()) ops.emplace_back("dropped_middle_name");
  if (p.family.size() >= 2) ops.emplace_back("dropped_second_surname");
  if (latin_form && !p.family.empty()) ops.emplace_back("initials");
  ops.emplace_back("alias");
  std::vector<std::string_view> chosen;
  for (int k = 0; k < n && !ops.empty(); ++k) {
    std::size_t i = rng.below(ops.size());
    chosen.push_back(ops[i]);
    ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(i));
  }
  // Apply in a fixed order, so spelling changes come before structure changes.
  constexpr std::string_view kOrder[] = {"alias",
                                         "machine_transliteration",
                                         "transliteration",
                                         "diacritics_dropped",
                                         "dropped_middle_name",
                                         "dropped_second_surname",
                                         "initials",
                                         "typo",
                                         "swapped_order"};
  for (auto op : kOrder) {
    if (std::find(chosen.begin(), chosen.end(), op) == chosen.end()) continue;
    if (op == "alias") {
      std::size_t last = p.cd->culture->middle_male.empty() ? 0 : m.name.given.size() - 1;
      const Tok* a = p.alias;
      m.name.given[last] = in_native ? a->native : a->latin;
    } else if (op == "machine_transliteration") {
      for (std::size_t k = 0; k < p.given.size(); ++k) m.name.given[k] = p.given[k]->machine;
      for (std::size_t k = 0; k < p.family.size(); ++k) m.name.family[k] = p.family[k]->machine;
    } else if (op == "transliteration") {
      std::vector<std::pair<std::string*, const Tok*>> cands;
      for (std::size_t k = 0; k < p.given.size(); ++k) {
        if (!p.given[k]->variants.empty() && m.name.given[k] == p.given[k]->latin)
          cands.emplace_back(&m.name.given[k], p.given[k]);
      }
      for (std::size_t k = 0; k < p.family.size(); ++k) {
        if (!p.family[k]->variants.empty() && m.name.family[k] == p.family[k]->latin)
          cands.emplace_back(&m.name.family[k], p.family[k]);
      }
      if (cands.empty()) continue;
      auto& [slot, tok] = cands[rng.below(cands.size())];
      *slot = tok->variants[rng.below(tok->variants.size())];
    } else if (op == "diacritics_dropped") {
      for (auto& s : m.name.given) s = is_ascii(s) ? s : ascii_latin(s);
      for (auto& s : m.name.family) s = is_ascii(s) ? s : ascii_latin(s);
    } else if (op == "dropped_middle_name") {
      m.name.given.resize(1);
    } else if (op == "dropped_second_surname") {
      m.name.family.resize(1);
    } else if (op == "initials") {
      bool dot = rng.chance(0.5);
      for (auto& s : m.name.given) s = first_letter(s) + (dot ? "." : "");
    } else if (op == "typo") {
      auto& parts = (m.name.family.empty() || rng.chance(0.5)) ? m.name.given : m.name.family;
      typo(parts[rng.below(parts.size())], rng);
    } else if (op == "swapped_order") {
      m.name.swapped = true;
    }
    m.kinds.emplace_back(op);
  }
  // Birth date: as recorded, partial, wrong or missing.
  double b = rng.unit();
  m.birth = p.birth.iso();
  if (b < 0.08) {
    Date w = p.birth;
    if (w.day <= 12 && w.day != w.month)
      std::swap(w.day, w.month);
    else
      w.year += rng.chance(0.5) ? 1 : -1;
    if (!valid_calendar_date(w.year, w.month, w.day)) w.day = 28;
    m.birth = w.iso();
    m.kinds.emplace_back("wrong_birth_date");
  } else if (!need_full_birth && b < 0.16) {
    m.birth = rng.chance(0.6) ? std::to_string(p.birth.year) : p.birth.iso().substr(0, 7);
    m.kinds.emplace_back("partial_birth_date");
  } else if (!need_full_birth && b < 0.22) {
    m.birth.clear();
    m.kinds.emplace_back("missing_birth_date");
  }
  if (m.kinds.empty()) m.kinds.emplace_back("exact");
  return m;
}

std::string name_json(std::string_view surname, std::string_view given, std::string_view script) {
  std::string s;
  JsonObject(s).str("surname", surname).str("given_names", given).str("script", script).end();
  return s;
}

std::string kinds_json(const std::vector<std::string>& kinds) {
  std::string s = "[";
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (i) s += ',';
    append_json_string(s, kinds[i]);
  }
  return s + "]";
}

void World::write_person_line(JsonlFile& out, const Person& p, const std::string& notice, std::string_view network,
                              std::string_view role) {
  NameForm l = canonical(p);
  NameForm n = native(p);
  std::string line;
  JsonObject o(line);
  o.str("id", p.id)
      .str("sex", std::string(1, p.sex))
      .str("birth_date", p.birth.iso())
      .str("nationality", p.country->code);
  o.str("culture", p.cd->culture->id).str("script", p.cd->culture->script);
  o.raw("native", name_json(n.surname(), n.given_names(), n.script));
  o.raw("latin", name_json(l.surname(), l.given_names(), "Latn"));
  NameForm alias = l;
  alias.given[p.cd->culture->middle_male.empty() ? 0 : alias.given.size() - 1] = p.alias->latin;
  o.raw("aliases", "[" + name_json(alias.surname(), alias.given_names(), "Latn") + "]");
  if (!p.phone.empty()) o.str("phone", p.phone);
  if (!p.iban.empty()) o.str("iban", p.iban);
  if (!notice.empty()) o.str("notice", notice);
  if (!network.empty()) o.str("network", network).str("role", role);
  o.end();
  out.write(line);
}

void World::write_people() {
  Rng rng(opt_.seed, kPeople);
  JsonlFile people, mentions, persons, notices, notice_truth;
  note(open(people, "truth/people.jsonl"));
  note(open(mentions, "mentions.jsonl"));
  note(open(persons, "truth/persons.jsonl"));
  note(open(notices, "notices.jsonl"));
  note(open(notice_truth, "truth/notices.jsonl"));
  std::uint64_t mention_no = 0;
  std::string line;
  const std::size_t wanted_cap = 200'000;
  // Network people (networks.cpp) take the last ids, so the others are the same whatever the networks.
  const std::uint64_t ordinary = counts_.people - network_people_;
  for (std::uint64_t i = 0; i < ordinary; ++i) {
    const Country* c = pick_country(rng);
    const auto& g = gens_[gen_index_.at(c->code)];
    bool minor = rng.chance(kMinorShare);
    Person p = make_person(rng, c, "P" + pad_number(i + 1, 7), minor);
    std::string notice;
    std::string_view colour;
    if (!minor && rng.chance(kRedShare)) colour = "red";
    if (minor && rng.chance(kMissingShare)) colour = "yellow";
    if (!colour.empty()) notice = next_notice_id();
    write_person_line(people, p, notice, "", "");

    int count = 1 + static_cast<int>(rng.below(4));
    for (int k = 0; k < count; ++k) {
      Mention m = make_mention(p, rng, true, false, 0);
      std::string mid = "M" + pad_number(++mention_no, 8);
      const Country* by = rng.chance(0.4) || g.neighbours.empty() ? c : g.neighbours[rng.below(g.neighbours.size())];
      line.clear();
      {
        JsonObject o(line);
        o.str("id", mid).str("reported_by", by->code).str("surname", m.name.surname());
        o.str("given_names", m.name.given_names()).str("script", m.name.script);
        if (m.birth.empty())
          o.null("birth_date");
        else
          o.str("birth_date", m.birth);
        o.str("nationality", c->code).str("sex", std::string(1, p.sex));
        if (!p.phone.empty() && rng.chance(0.3)) o.str("phone", p.phone);
        if (!p.iban.empty() && rng.chance(0.2)) o.str("iban", p.iban);
        o.end();
      }
      mentions.write(line);
      line.clear();
      JsonObject(line).str("mention", mid).str("person", p.id).raw("variations", kinds_json(m.kinds)).end();
      persons.write(line);
    }

    if (!notice.empty()) {
      const Country* issuer =
          colour == "yellow" || g.neighbours.empty() ? c : g.neighbours[rng.below(g.neighbours.size())];
      std::string restriction = rng.chance(0.85) ? R"({"scope":"all"})" : R"({"scope":"owner"})";
      // Details come from their own stream, so the people and mentions stay as they were.
      Rng details(opt_.seed, mix64(kNoticeDetails, notice_no_));
      std::string body;
      {
        JsonObject o(body);
        o.str("type", colour).raw("subject", notice_subject(p, nullptr, colour == "yellow"));
        if (colour == "red") {
          o.str("offence", "organising the smuggling of migrants");
          o.str("legal_basis", legal_basis(*issuer, false));
          o.str("warrant", warrant_reference(*issuer, details));
        } else {
          const auto& leg = g.legs[details.below(g.legs.size())];
          Date on = date_from_days(days_from_date(kReferenceDate) - 1 - static_cast<std::int64_t>(details.below(900)));
          o.str("disappeared_on", on.iso()).str("disappeared_place", city_of(*leg.first, details));
          o.str("remarks", "Missing minor, last seen in transit");
        }
        o.raw("restriction", restriction).end();
      }
      std::string truth;
      JsonObject(truth).str("notice", notice).str("colour", colour).str("person", p.id).end();
      write_notice(notices, notice_truth, notice, issuer->code, body, truth);
      if (colour == "red" && wanted_.size() < wanted_cap) wanted_.emplace_back(p, notice);
    }
  }
  // The people of the networks, after their notices (red for organisers, yellow for missing victims, …).
  write_network_notices(notices, notice_truth);
  for (const auto& n : networks_) {
    for (const auto& np : n.people) write_person_line(people, np.person, np.notice, n.id, np.role);
  }
  for (auto* f : {&people, &mentions, &persons, &notices, &notice_truth}) note(f->close());
  files_.push_back({"mentions.jsonl", mentions.lines()});
  files_.push_back({"notices.jsonl", notices.lines()});
  files_.push_back({"truth/people.jsonl", people.lines()});
  files_.push_back({"truth/persons.jsonl", persons.lines()});
  files_.push_back({"truth/notices.jsonl", notice_truth.lines()});
}

}  // namespace ariadne::datagen::internal
