#include "datagen/world.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>

#include "datagen/identifiers.hpp"
#include "datagen/jsonl.hpp"
#include "datagen/rng.hpp"
#include "datagen/tables.hpp"

namespace ariadne::datagen {

std::optional<Scale> parse_scale(std::string_view s) {
  if (s == "small") return Scale::small;
  if (s == "medium") return Scale::medium;
  if (s == "large") return Scale::large;
  return std::nullopt;
}

std::string_view to_string(Scale s) {
  switch (s) {
    case Scale::small: return "small";
    case Scale::medium: return "medium";
    case Scale::large: return "large";
  }
  return "small";
}

ScaleCounts counts_for(Scale s) {
  switch (s) {
    case Scale::small: return {10'000, 2'000, 2'000};
    case Scale::medium: return {1'000'000, 100'000, 100'000};
    case Scale::large: return {10'000'000, 1'000'000, 1'000'000};
  }
  return {};
}

namespace {

// Independent random streams, one per section of the world.
enum Stream : std::uint64_t { kDocuments = 1, kPeople = 2, kTravellers = 3, kKeys = 4 };

constexpr double kRedShare = 0.03;        // adults wanted under a red notice
constexpr double kMinorShare = 0.08;      // people under 18
constexpr double kMissingShare = 0.25;    // minors reported missing (yellow notice)
constexpr double kDocHitShare = 0.03;     // travellers carrying a recorded document
constexpr double kPersonHitShare = 0.02;  // wanted travellers, under a name variant
constexpr double kMrzErrorShare = 0.04;   // travellers whose MRZ has a deliberate error

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep = " ") {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string pad_number(std::uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

Date add_days(const Date& d, std::int64_t n) {
  return date_from_days(days_from_date(d) + n);
}

// One name of a table, prepared: its forms for every kind of mention.
struct Tok {
  std::string native;
  std::string latin;                  // as printed in Latin: native for Latin-script cultures
  std::vector<std::string> variants;  // other Latin spellings
  std::string ascii;                  // latin folded to ASCII
  std::string machine;                // ICU machine transliteration (non-Latin scripts)
};

struct CultureData {
  const Culture* culture = nullptr;
  bool latin_script = true;
  std::vector<Tok> male, female, family, family_female, middle_male, middle_female;
};

struct Person {
  std::string id;
  const Country* country = nullptr;
  const CultureData* cd = nullptr;
  char sex = 'M';
  Date birth;
  std::vector<const Tok*> given;
  std::vector<const Tok*> family;
  const Tok* alias = nullptr;  // another given name the person uses
  std::string phone;
  std::string iban;
};

// A name as it appears in one record.
struct NameForm {
  std::vector<std::string> given;
  std::vector<std::string> family;
  std::string script = "Latn";
  bool swapped = false;
  std::string surname() const {
    if (family.empty()) return swapped ? std::string() : join(given);
    return swapped ? join(given) : join(family);
  }
  std::string given_names() const {
    if (family.empty()) return swapped ? join(given) : std::string();
    return swapped ? join(family) : join(given);
  }
};

struct Mention {
  NameForm name;
  std::string birth;  // YYYY-MM-DD, YYYY-MM, YYYY or "" (unknown)
  std::vector<std::string> kinds;
};

struct CountryGen {
  const Country* country = nullptr;
  // passport, identity card, residence permit, visa
  std::array<std::unique_ptr<NumberFormat>, 4> formats;
  std::array<std::unique_ptr<Permutation>, 4> perms;
  std::array<std::uint64_t, 4> next{};
  std::uint64_t clean_next = 0;            // numbers for travellers' genuine passports, drawn from the top
  std::vector<const Country*> neighbours;  // countries on the same corridors
  std::vector<std::pair<const Country*, const Country*>> legs;  // departure → arrival on its corridors
};

struct DocSample {
  std::size_t country = 0;
  std::string number;
  std::string status;
  std::string range_start;  // stolen blanks: the recorded first number
  Date expiry;              // year 0 when not recorded
};

constexpr std::string_view kTypeNames[] = {"passport", "identity_card", "residence_permit", "visa"};
constexpr std::string_view kTypeLayouts[] = {"", "", "R@#######", "V########"};
constexpr std::string_view kDestinations[] = {"ITA", "MLT", "GRC", "DEU", "AUT", "HUN", "FRA", "GBR",
                                              "USA", "TUR", "MYS", "THA", "SAU", "MEX", "RUS"};

constexpr std::string_view kStolenRemarks[] = {"Stolen with a handbag at a railway station",
                                               "Stolen in a residential burglary",
                                               "Stolen from a parked car",
                                               "Stolen during a street robbery",
                                               "Retained by an employer and not returned",
                                               "Taken by a travel agent and not returned"};
constexpr std::string_view kLostRemarks[] = {"Reported lost at an airport", "Lost while travelling abroad",
                                             "Lost in the post", "Lost at sea during a rescue operation",
                                             "Lost after a road accident"};
constexpr std::string_view kRevokedRemarks[] = {"Revoked by the issuing authority",
                                                "Revoked after a fraudulent application", "Revoked: holder deceased"};
constexpr std::string_view kInvalidatedRemarks[] = {"Invalidated after a replacement was issued",
                                                    "Invalidated: damaged", "Invalidated: found altered at a border"};
constexpr std::string_view kBlankRemarks[] = {"Blank booklets stolen in transit from the printing works",
                                              "Blank booklets stolen from a consulate",
                                              "Blank cards stolen from a municipal office"};

template <class T, std::size_t N>
std::span<const T> all(const T (&a)[N]) {
  return std::span<const T>(a, N);
}

class World {
 public:
  explicit World(const WorldOptions& options)
      : opt_(options), counts_(counts_for(options.scale)), keys_(options.seed, kKeys) {}

  Result<WorldSummary> run();

 private:
  void prepare();
  Status open(JsonlFile& f, const std::string& rel);
  // Keeps the first write error; run() reports it.
  void note(const Status& s) {
    if (!s && !first_error_) first_error_ = s.error();
  }
  void write_members();
  void write_documents();
  void write_people();
  void write_travellers();

  Person make_person(Rng& rng, const Country* country, const std::string& id, bool minor);
  Mention make_mention(const Person& p, Rng& rng, bool allow_native, bool need_full_birth, int min_name_variations);
  NameForm canonical(const Person& p) const;
  NameForm native(const Person& p) const;
  std::string names_json(const Person& p) const;
  const Country* pick_country(Rng& rng) const;
  std::string restriction_json(Rng& rng, const CountryGen& g) const;

  WorldOptions opt_;
  ScaleCounts counts_;
  Rng keys_;
  Transliterator tr_;
  PhoneMaker phones_;
  std::vector<std::unique_ptr<CultureData>> cultures_;
  std::map<std::string_view, const CultureData*> culture_of_;
  std::vector<CountryGen> gens_;
  std::map<std::string_view, std::size_t> gen_index_;
  std::vector<std::uint64_t> cumulative_;
  std::vector<DocSample> doc_pool_;
  std::vector<std::pair<Person, std::string>> wanted_;  // person, red notice id
  std::vector<FileCount> files_;
  std::optional<Error> first_error_;
};

Status World::open(JsonlFile& f, const std::string& rel) {
  return f.open((std::filesystem::path(opt_.out) / rel).string());
}

void World::prepare() {
  for (const auto& c : cultures()) {
    auto cd = std::make_unique<CultureData>();
    cd->culture = &c;
    cd->latin_script = c.script == "Latn";
    auto load = [&](std::span<const NameEntry> entries, std::vector<Tok>& out) {
      for (const auto& e : entries) {
        Tok t;
        t.native = std::string(e.native);
        auto spellings = split(e.latin, ',');
        t.latin = cd->latin_script ? t.native : spellings.front();
        for (const auto& s : spellings) {
          if (s != t.latin && std::find(t.variants.begin(), t.variants.end(), s) == t.variants.end()) {
            t.variants.push_back(s);
          }
        }
        t.ascii = is_ascii(t.latin) ? t.latin : tr_.ascii(t.latin);
        if (!cd->latin_script) t.machine = tr_.machine_latin(t.native);
        out.push_back(std::move(t));
      }
    };
    load(c.male, cd->male);
    load(c.female, cd->female);
    load(c.family, cd->family);
    load(c.family_female, cd->family_female);
    load(c.middle_male, cd->middle_male);
    load(c.middle_female, cd->middle_female);
    culture_of_[c.id] = cd.get();
    cultures_.push_back(std::move(cd));
  }

  std::uint64_t total = 0;
  for (const auto& c : countries()) {
    CountryGen g;
    g.country = &c;
    std::string_view layouts[] = {c.passport_format, c.id_card_format.empty() ? c.passport_format : c.id_card_format,
                                  kTypeLayouts[2], kTypeLayouts[3]};
    for (std::size_t t = 0; t < 4; ++t) {
      g.formats[t] = std::make_unique<NumberFormat>(layouts[t]);
      g.perms[t] = std::make_unique<Permutation>(g.formats[t]->capacity(), keys_.next());
    }
    gen_index_[c.code] = gens_.size();
    gens_.push_back(std::move(g));
    total += static_cast<std::uint64_t>(c.weight);
    cumulative_.push_back(total);
  }
  for (const auto& corridor : corridors()) {
    std::vector<std::vector<std::string>> stages;
    for (const auto& stage : split(corridor.stages, '|')) stages.push_back(split(stage, ','));
    for (std::size_t s = 0; s < stages.size(); ++s) {
      for (const auto& code : stages[s]) {
        auto& g = gens_[gen_index_.at(code)];
        for (const auto& st : stages) {
          for (const auto& other : st) {
            const Country* oc = find_country(other);
            if (oc != g.country && std::find(g.neighbours.begin(), g.neighbours.end(), oc) == g.neighbours.end()) {
              g.neighbours.push_back(oc);
            }
          }
        }
        // Legs a national of this country travels: onwards from its stage, or home again from the end.
        for (std::size_t from = s; from + 1 < stages.size(); ++from) {
          for (const auto& dep : from == s ? std::vector<std::string>{code} : stages[from]) {
            for (const auto& arr : stages[from + 1]) g.legs.emplace_back(find_country(dep), find_country(arr));
          }
        }
        if (s + 1 == stages.size()) {
          for (const auto& arr : stages.front()) g.legs.emplace_back(g.country, find_country(arr));
        }
      }
    }
  }
}

const Country* World::pick_country(Rng& rng) const {
  auto r = rng.below(cumulative_.back());
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), r);
  return gens_[static_cast<std::size_t>(it - cumulative_.begin())].country;
}

std::string World::restriction_json(Rng& rng, const CountryGen& g) const {
  double r = rng.unit();
  if (r < 0.90 || g.neighbours.size() < 2) return R"({"scope":"all"})";
  if (r < 0.96) {
    std::size_t a = rng.below(g.neighbours.size());
    std::size_t b = rng.below(g.neighbours.size() - 1);
    if (b >= a) ++b;
    std::string s = R"({"scope":"members","members":[)";
    append_json_string(s, g.neighbours[std::min(a, b)]->code);
    s += ',';
    append_json_string(s, g.neighbours[std::max(a, b)]->code);
    return s + "]}";
  }
  return R"({"scope":"owner"})";
}

void World::write_members() {
  JsonlFile members, users;
  note(open(members, "members.jsonl"));
  note(open(users, "users.jsonl"));
  std::string line;
  auto member = [&](std::string_view code, std::string_view name, std::string_view kind) {
    line.clear();
    JsonObject(line).str("code", code).str("name", name).str("kind", kind).end();
    members.write(line);
  };
  auto user = [&](std::string_view username, std::string_view code, std::string_view role) {
    line.clear();
    JsonObject(line).str("username", username).str("member", code).str("role", role).end();
    users.write(line);
  };
  member("IPSG", "General Secretariat", "secretariat");
  for (const auto& c : countries()) member(c.code, c.name, "ncb");
  for (const auto& p : partners()) member(p.code, p.name, "partner");
  user("gs.reviewer", "IPSG", "reviewer");
  user("gs.analyst", "IPSG", "analyst");
  user("gs.coordinator", "IPSG", "coordinator");
  constexpr std::string_view kHubs[] = {"ITA", "GRC", "TUR", "DEU", "LBY", "MEX", "THA", "FRA", "GBR", "USA"};
  for (const auto& c : countries()) {
    std::string lower;
    for (char ch : c.code) lower += static_cast<char>(ch - 'A' + 'a');
    user(lower + ".officer", c.code, "officer");
    user(lower + ".analyst", c.code, "analyst");
    if (std::find(std::begin(kHubs), std::end(kHubs), c.code) != std::end(kHubs)) {
      user(lower + ".coordinator", c.code, "coordinator");
    }
  }
  for (const auto& p : partners()) {
    std::string lower;
    for (char ch : p.code) lower += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    user(lower + ".checker", p.code, "partner");
  }
  note(members.close());
  note(users.close());
  files_.push_back({"members.jsonl", members.lines()});
  files_.push_back({"users.jsonl", users.lines()});
}

void World::write_documents() {
  Rng rng(opt_.seed, kDocuments);
  JsonlFile all_docs;
  note(open(all_docs, "documents.jsonl"));
  std::filesystem::create_directories(std::filesystem::path(opt_.out) / "documents");
  std::vector<std::unique_ptr<JsonlFile>> per_member(gens_.size());
  for (std::size_t i = 0; i < gens_.size(); ++i) {
    per_member[i] = std::make_unique<JsonlFile>();
    note(open(*per_member[i], "documents/" + std::string(gens_[i].country->code) + ".jsonl"));
  }
  const auto ref_days = days_from_date(kReferenceDate);
  const double sample_p = std::min(
      1.0, 4.0 * kDocHitShare * static_cast<double>(counts_.travellers) / static_cast<double>(counts_.documents));
  std::string line;
  for (std::uint64_t i = 0; i < counts_.documents; ++i) {
    const Country* c = pick_country(rng);
    std::size_t gi = gen_index_.at(c->code);
    auto& g = gens_[gi];
    bool destination =
        std::find(std::begin(kDestinations), std::end(kDestinations), c->code) != std::end(kDestinations);
    double t = rng.unit();
    std::size_t type = 0;
    if (t < 0.16 && !c->id_card_format.empty())
      type = 1;
    else if (t >= 0.94 && t < 0.97 && destination)
      type = 2;
    else if (t >= 0.97 && destination)
      type = 3;
    double s = rng.unit();
    std::string_view status = s < 0.40   ? "stolen"
                              : s < 0.85 ? "lost"
                              : s < 0.92 ? "revoked"
                              : s < 0.97 ? "invalidated"
                                         : "stolen_blank";
    if (status == "stolen_blank" && type > 1) status = "stolen";
    std::uint64_t v = (*g.perms[type])(g.next[type]++);
    std::string number = g.formats[type]->encode(v);
    std::string series_end;
    std::uint64_t range = 0;
    if (status == "stolen_blank") {
      range = 10 + rng.below(190);
      if (v + range >= g.formats[type]->capacity()) range = g.formats[type]->capacity() - 1 - v;
      series_end = g.formats[type]->encode(v + range);
    }
    line.clear();
    JsonObject o(line);
    o.str("number", number).str("issuing_state", c->code).str("type", kTypeNames[type]).str("status", status);
    if (!series_end.empty()) o.str("series_end", series_end);
    Date expiry{};
    if (status != "stolen_blank" && rng.chance(0.85)) {
      int validity = type == 3 ? 1 : (type == 2 ? 5 : (rng.chance(0.7) ? 10 : 5));
      Date issued =
          date_from_days(ref_days - static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(validity) * 365)));
      expiry = add_days(Date{issued.year + validity, issued.month, std::min(issued.day, 28)}, -1);
      o.str("issued_on", issued.iso()).str("expires_on", expiry.iso());
    }
    Date event = date_from_days(ref_days - static_cast<std::int64_t>(rng.below(std::uint64_t{5} * 365)));
    if (status == "stolen" || status == "lost" || status == "stolen_blank") o.str("stolen_on", event.iso());
    Date reported = add_days(event, static_cast<std::int64_t>(rng.below(30)));
    if (reported > kReferenceDate) reported = kReferenceDate;
    o.str("reported_on", reported.iso());
    if (rng.chance(0.25) && !g.neighbours.empty()) {
      o.str("reporting_country", g.neighbours[rng.below(g.neighbours.size())]->code);
    } else {
      o.str("reporting_country", c->code);
    }
    if (rng.chance(0.4)) {
      o.str("national_reference",
            std::string(c->code) + "/" + std::to_string(reported.year) + "/" + pad_number(rng.below(1'000'000), 6));
    }
    if (rng.chance(0.6)) {
      std::span<const std::string_view> pool = status == "stolen"        ? all(kStolenRemarks)
                                               : status == "lost"        ? all(kLostRemarks)
                                               : status == "revoked"     ? all(kRevokedRemarks)
                                               : status == "invalidated" ? all(kInvalidatedRemarks)
                                                                         : all(kBlankRemarks);
      o.str("remarks", rng.pick(pool));
    }
    o.str("owner", c->code).raw("restriction", restriction_json(rng, g));
    o.end();
    all_docs.write(line);
    per_member[gi]->write(line);
    if (type == 0 && rng.chance(sample_p)) {
      DocSample d{gi, number, std::string(status), "", expiry};
      if (range > 0) {
        d.range_start = number;
        d.number = g.formats[0]->encode(v + rng.below(range + 1));
      }
      doc_pool_.push_back(std::move(d));
    }
  }
  note(all_docs.close());
  files_.push_back({"documents.jsonl", all_docs.lines()});
  std::uint64_t per = 0;
  for (auto& f : per_member) {
    note(f->close());
    per += f->lines();
  }
  files_.push_back({"documents/<member>.jsonl (" + std::to_string(per_member.size()) + " files)", per});
}

Person World::make_person(Rng& rng, const Country* country, const std::string& id, bool minor) {
  Person p;
  p.id = id;
  p.country = country;
  p.cd = culture_of_.at(country->culture);
  const Culture& c = *p.cd->culture;
  p.sex = rng.chance(0.6) ? 'M' : 'F';
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
      for (auto& s : m.name.given) s = is_ascii(s) ? s : tr_.ascii(s);
      for (auto& s : m.name.family) s = is_ascii(s) ? s : tr_.ascii(s);
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

std::string World::names_json(const Person& p) const {
  NameForm l = canonical(p);
  std::string s = "[" + name_json(l.surname(), l.given_names(), "Latn");
  if (!p.cd->latin_script) {
    NameForm n = native(p);
    s += "," + name_json(n.surname(), n.given_names(), n.script);
  }
  return s + "]";
}

void World::write_people() {
  Rng rng(opt_.seed, kPeople);
  JsonlFile people, mentions, persons, notices, notice_truth;
  note(open(people, "truth/people.jsonl"));
  note(open(mentions, "mentions.jsonl"));
  note(open(persons, "truth/persons.jsonl"));
  note(open(notices, "notices.jsonl"));
  note(open(notice_truth, "truth/notices.jsonl"));
  std::uint64_t mention_no = 0, notice_no = 0;
  std::string line;
  const std::size_t wanted_cap = 200'000;
  for (std::uint64_t i = 0; i < counts_.people; ++i) {
    const Country* c = pick_country(rng);
    const auto& g = gens_[gen_index_.at(c->code)];
    bool minor = rng.chance(kMinorShare);
    Person p = make_person(rng, c, "P" + pad_number(i + 1, 7), minor);
    std::string notice;
    std::string_view colour;
    if (!minor && rng.chance(kRedShare)) colour = "red";
    if (minor && rng.chance(kMissingShare)) colour = "yellow";
    if (!colour.empty()) notice = "N" + pad_number(++notice_no, 7);

    NameForm l = canonical(p);
    NameForm n = native(p);
    line.clear();
    {
      JsonObject o(line);
      o.str("id", p.id).str("sex", std::string(1, p.sex)).str("birth_date", p.birth.iso()).str("nationality", c->code);
      o.str("culture", p.cd->culture->id).str("script", p.cd->culture->script);
      o.raw("native", name_json(n.surname(), n.given_names(), n.script));
      o.raw("latin", name_json(l.surname(), l.given_names(), "Latn"));
      NameForm alias = l;
      alias.given[p.cd->culture->middle_male.empty() ? 0 : alias.given.size() - 1] = p.alias->latin;
      o.raw("aliases", "[" + name_json(alias.surname(), alias.given_names(), "Latn") + "]");
      if (!p.phone.empty()) o.str("phone", p.phone);
      if (!p.iban.empty()) o.str("iban", p.iban);
      if (!notice.empty()) o.str("notice", notice);
      o.end();
    }
    people.write(line);

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
      line.clear();
      {
        JsonObject o(line);
        o.str("id", notice).str("colour", colour).str("issuer", issuer->code);
        o.raw("restriction", rng.chance(0.85) ? R"({"scope":"all"})" : R"({"scope":"owner"})");
        std::string subject;
        JsonObject(subject)
            .raw("names", names_json(p))
            .str("birth_date", p.birth.iso())
            .str("nationality", c->code)
            .str("sex", std::string(1, p.sex))
            .end();
        o.raw("subject", subject);
        o.str("summary",
              colour == "red" ? "Wanted for organising migrant smuggling" : "Missing minor, last seen in transit");
        o.end();
      }
      notices.write(line);
      line.clear();
      JsonObject(line).str("notice", notice).str("person", p.id).end();
      notice_truth.write(line);
      if (colour == "red" && wanted_.size() < wanted_cap) wanted_.emplace_back(p, notice);
    }
  }
  for (auto* f : {&people, &mentions, &persons, &notices, &notice_truth}) note(f->close());
  files_.push_back({"mentions.jsonl", mentions.lines()});
  files_.push_back({"notices.jsonl", notices.lines()});
  files_.push_back({"truth/people.jsonl", people.lines()});
  files_.push_back({"truth/persons.jsonl", persons.lines()});
  files_.push_back({"truth/notices.jsonl", notice_truth.lines()});
}

void World::write_travellers() {
  Rng rng(opt_.seed, kTravellers);
  JsonlFile travellers, truth;
  note(open(travellers, "travellers.jsonl"));
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
    if (number.empty()) {
      auto& g = gens_[gen_index_.at(state->code)];
      number = g.formats[0]->encode((*g.perms[0])(g.formats[0]->capacity() - 1 - g.clean_next++));
    }
    const auto& g = gens_[gen_index_.at(state->code)];
    const auto& leg = g.legs[rng.below(g.legs.size())];
    Date birth_date = *parse_date(birth);
    Td3 td3{'P',
            std::string(state->code),
            tr_.ascii(name.surname()),
            tr_.ascii(name.given_names()),
            number,
            std::string(state->code),
            birth_date,
            p.sex,
            expiry};
    std::string mrz = td3_mrz(td3);
    std::string error;
    if (rng.chance(kMrzErrorShare)) {
      // Line 2 starts at offset 45: number check at 9, birth check 19, expiry check 27, composite 43.
      constexpr std::pair<std::string_view, std::size_t> kChecks[] = {
          {"document_number_check", 9}, {"birth_date_check", 19}, {"expiry_date_check", 27}, {"composite_check", 43}};
      auto birth_field = mrz.substr(45 + 13, 6);
      if (rng.chance(0.25) && birth_field.find('0') != std::string::npos) {
        mrz[45 + 13 + birth_field.find('0')] = 'O';
        error = "ocr_confusion_in_birth_date";
      } else {
        const auto& [what, at] = kChecks[rng.below(4)];
        char& digit = mrz[45 + at];
        digit = static_cast<char>('0' + (digit - '0' + 1 + static_cast<int>(rng.below(9))) % 10);
        error = what;
      }
    }
    Date date = date_from_days(ref - static_cast<std::int64_t>(rng.below(60)));
    std::string carrier(leg.second->carrier);
    line.clear();
    {
      JsonObject o(line);
      o.str("id", id).str("number", number).str("issuing_state", state->code).str("type", "passport").str("mrz", mrz);
      o.str("surname", name.surname()).str("given_names", name.given_names()).str("birth_date", birth);
      o.str("nationality", state->code).str("sex", std::string(1, p.sex));
      o.str("flight", carrier + std::to_string(100 + rng.below(8900)));
      o.str("departure", leg.first->code).str("arrival", leg.second->code).str("date", date.iso());
      o.end();
    }
    travellers.write(line);
    line.clear();
    {
      JsonObject o(line);
      o.str("traveller", id)
          .boolean("hit", reasons != "[]")
          .raw("reasons", reasons)
          .boolean("mrz_valid", error.empty());
      if (!error.empty()) o.str("mrz_error", error);
      o.end();
    }
    truth.write(line);
  }
  note(travellers.close());
  note(truth.close());
  files_.push_back({"travellers.jsonl", travellers.lines()});
  files_.push_back({"truth/travellers.jsonl", truth.lines()});
}

Result<WorldSummary> World::run() {
  auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(opt_.out) / "truth", ec);
  if (ec) return Error::invalid("out", "cannot create " + opt_.out + ": " + ec.message());
  {
    JsonlFile probe;
    ARIADNE_TRY(open(probe, "members.jsonl"));
  }
  prepare();
  write_members();
  write_documents();
  write_people();
  write_travellers();
  if (first_error_) return *first_error_;
  {
    JsonlFile manifest;
    ARIADNE_TRY(open(manifest, "manifest.json"));
    std::string line;
    JsonObject o(line);
    o.num("seed", static_cast<std::int64_t>(opt_.seed)).str("scale", to_string(opt_.scale));
    o.str("reference_date", kReferenceDate.iso());
    std::string files = "{";
    for (std::size_t i = 0; i < files_.size(); ++i) {
      if (i) files += ',';
      append_json_string(files, files_[i].file);
      files += ':' + std::to_string(files_[i].lines);
    }
    o.raw("files", files + "}");
    o.end();
    manifest.write(line);
    ARIADNE_TRY(manifest.close());
  }
  WorldSummary s;
  s.files = files_;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

}  // namespace

Result<WorldSummary> generate_world(const WorldOptions& options) {
  World world(options);
  return world.run();
}

}  // namespace ariadne::datagen
