#include "datagen/world_internal.hpp"

namespace ariadne::datagen::internal {

namespace {

// Where a deliberate error goes, as offsets into the MRZ lines joined by '\n'.
struct MrzLayout {
  std::size_t number_check, birth, birth_check, expiry_check, composite;  // composite npos: none (visas)
};
constexpr std::size_t kNoCheck = std::string::npos;
constexpr MrzLayout kTd3{45 + 9, 45 + 13, 45 + 19, 45 + 27, 45 + 43};
constexpr MrzLayout kTd1{14, 31, 31 + 6, 31 + 14, 31 + 29};
constexpr MrzLayout kMrvA{45 + 9, 45 + 13, 45 + 19, 45 + 27, kNoCheck};
constexpr MrzLayout kMrvB{37 + 9, 37 + 13, 37 + 19, 37 + 27, kNoCheck};

// A genuine document's number: drawn from the top of the state's numbering,
// where no recorded document lies, and skipped while a stolen-blank series
// covers it (the truth says such a traveller is no hit).
std::string clean_number(CountryGen& g, std::size_t type) {
  std::string number;
  do {
    number = g.formats[type]->encode((*g.perms[type])(g.formats[type]->capacity() - 1 - g.clean_next[type]++));
  } while (g.blanks.covers(number));
  return number;
}

// Breaks one MRZ: a wrong check digit, or the letter O for a zero in the birth date. Returns what it did.
std::string spoil(std::string& mrz, const MrzLayout& l, Rng& rng) {
  auto birth_field = mrz.substr(l.birth, 6);
  if (rng.chance(0.25) && birth_field.find('0') != std::string::npos) {
    mrz[l.birth + birth_field.find('0')] = 'O';
    return "ocr_confusion_in_birth_date";
  }
  const std::pair<std::string_view, std::size_t> checks[] = {{"document_number_check", l.number_check},
                                                             {"birth_date_check", l.birth_check},
                                                             {"expiry_date_check", l.expiry_check},
                                                             {"composite_check", l.composite}};
  const auto& [what, at] = checks[rng.below(l.composite == kNoCheck ? 3 : 4)];
  char& digit = mrz[at];
  digit = static_cast<char>('0' + (digit - '0' + 1 + static_cast<int>(rng.below(9))) % 10);
  return std::string(what);
}

// States that issue identity cards as TD1 (numbers of at most nine characters).
bool issues_td1(const Country& c) {
  return !c.id_card_format.empty() && c.id_card_format.size() <= 9;
}

// Arrival states that ask a visa of the nationals of every state outside this set.
constexpr std::string_view kVisaFree[] = {"ITA", "MLT", "GRC", "DEU", "AUT", "HUN", "FRA", "GBR", "USA"};
bool visa_free(std::string_view code) {
  return std::find(std::begin(kVisaFree), std::end(kVisaFree), code) != std::end(kVisaFree);
}

}  // namespace

void World::write_travellers() {
  Rng rng(opt_.seed, kTravellers);
  // Identity cards and visas draw from their own stream, so passports stay as they were.
  Rng docs(opt_.seed, kTravelDocuments);
  JsonlFile travellers, visas, truth;
  note(open(travellers, "travellers.jsonl"));
  note(open(visas, "visas.jsonl"));
  note(open(truth, "truth/travellers.jsonl"));
  const auto ref = days_from_date(kReferenceDate);
  std::string line;
  for (std::uint64_t i = 0; i < counts_.travellers; ++i) {
    std::string id = "T" + pad_number(i + 1, 7);
    double r = rng.unit();
    std::string reasons = "[";
    Person p;
    NameForm name;
    std::string birth;
    std::string number;
    Date expiry = date_from_days(ref + 30 + static_cast<std::int64_t>(rng.below(std::uint64_t{9} * 365)));
    const Country* state = nullptr;
    if (r < kDocHitShare && !doc_pool_.empty()) {
      const auto& d = doc_pool_[rng.below(doc_pool_.size())];
      state = gens_[d.country].country;
      p = make_person(rng, state, "", false);
      name = canonical(p);
      birth = p.birth.iso();
      number = d.number;
      if (d.expiry.year != 0) expiry = d.expiry;
      JsonObject o(reasons);
      o.str("kind", "recorded_document").str("status", d.status).str("issuing_state", state->code);
      o.str("number", d.range_start.empty() ? d.number : d.range_start);
      if (!d.range_start.empty()) o.boolean("in_blank_range", true);
      o.end();
    } else if (r < kDocHitShare + kPersonHitShare && !wanted_.empty()) {
      const auto& [w, notice] = wanted_[rng.below(wanted_.size())];
      p = w;
      state = p.country;
      Mention m = make_mention(p, rng, false, true, 1);
      name = m.name;
      birth = m.birth;
      JsonObject o(reasons);
      o.str("kind", "wanted_person").str("person", p.id).str("notice", notice).raw("variations", kinds_json(m.kinds));
      o.end();
    } else {
      state = pick_country(rng);
      p = make_person(rng, state, "", false);
      name = canonical(p);
      birth = p.birth.iso();
    }
    reasons += "]";
    // A genuine document: a passport, or an identity card where the state issues TD1 cards.
    const bool card = number.empty() && issues_td1(*state) && docs.chance(0.35);
    if (number.empty()) {
      auto& g = gens_[gen_index_.at(state->code)];
      const std::size_t type = card ? 1 : 0;
      number = clean_number(g, type);
    }
    const auto& g = gens_[gen_index_.at(state->code)];
    const auto& leg = g.legs[rng.below(g.legs.size())];
    Date birth_date = *parse_date(birth);
    Td3 td3{'P',
            std::string(state->code),
            ascii_latin(name.surname()),
            ascii_latin(name.given_names()),
            number,
            std::string(state->code),
            birth_date,
            p.sex,
            expiry};
    std::string mrz = card ? td1_mrz(td3) : td3_mrz(td3);
    std::string error;
    if (rng.chance(kMrzErrorShare)) error = spoil(mrz, card ? kTd1 : kTd3, rng);
    // A visa for nationals travelling to a state that asks one of them.
    std::string visa_mrz, visa_number, visa_error;
    bool visa_a = false;
    if (!card && !visa_free(state->code) && leg.second != state &&
        std::find(std::begin(kDestinations), std::end(kDestinations), leg.second->code) != std::end(kDestinations) &&
        docs.chance(0.5)) {
      auto& vg = gens_[gen_index_.at(leg.second->code)];
      visa_number = clean_number(vg, 3);
      visa_a = docs.chance(0.5);
      Td3 v = td3;
      v.code = 'V';
      v.issuing_state = std::string(leg.second->code);
      v.number = visa_number;
      v.expiry = date_from_days(ref + 30 + static_cast<std::int64_t>(docs.below(180)));
      visa_mrz = mrv_mrz(v, visa_a);
      if (docs.chance(kMrzErrorShare)) visa_error = spoil(visa_mrz, visa_a ? kMrvA : kMrvB, docs);
    }
    Date date = date_from_days(ref - static_cast<std::int64_t>(rng.below(60)));
    std::string carrier(leg.second->carrier);
    line.clear();
    {
      JsonObject o(line);
      o.str("id", id).str("number", number).str("issuing_state", state->code);
      o.str("type", card ? "identity_card" : "passport").str("mrz", mrz);
      o.str("surname", name.surname()).str("given_names", name.given_names()).str("birth_date", birth);
      o.str("nationality", state->code).str("sex", std::string(1, p.sex));
      o.str("flight", carrier + std::to_string(100 + rng.below(8900)));
      o.str("departure", leg.first->code).str("arrival", leg.second->code).str("date", date.iso());
      o.end();
    }
    travellers.write(line);
    if (!visa_mrz.empty()) {  // a record of its own: a passenger-list check takes one document at a time
      line.clear();
      JsonObject(line)
          .str("id", id)
          .str("number", visa_number)
          .str("issuing_state", leg.second->code)
          .str("type", "visa")
          .str("mrz", visa_mrz)
          .end();
      visas.write(line);
    }
    line.clear();
    {
      JsonObject o(line);
      o.str("traveller", id)
          .boolean("hit", reasons != "[]")
          .raw("reasons", reasons)
          .boolean("mrz_valid", error.empty());
      if (!error.empty()) o.str("mrz_error", error);
      if (!visa_mrz.empty()) {
        o.str("visa_format", visa_a ? "MRVA" : "MRVB").boolean("visa_mrz_valid", visa_error.empty());
        if (!visa_error.empty()) o.str("visa_mrz_error", visa_error);
      }
      o.end();
    }
    truth.write(line);
  }
  note(travellers.close());
  note(visas.close());
  note(truth.close());
  files_.push_back({"travellers.jsonl", travellers.lines()});
  files_.push_back({"visas.jsonl", visas.lines()});
  files_.push_back({"truth/travellers.jsonl", truth.lines()});
}

}  // namespace ariadne::datagen::internal
