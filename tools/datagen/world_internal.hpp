// Internal to the generator: the people, names and per-country state that
// every part of the world shares, and the World that writes them. Each part
// has its own file (world.cpp: members and documents, people.cpp,
// travellers.cpp, networks.cpp, contributions.cpp, notices.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "datagen/identifiers.hpp"
#include "datagen/jsonl.hpp"
#include "datagen/rng.hpp"
#include "datagen/tables.hpp"
#include "datagen/world.hpp"

namespace ariadne::datagen::internal {

// Independent random streams, one per section of the world.
enum Stream : std::uint64_t {
  kDocuments = 1,
  kPeople = 2,
  kTravellers = 3,
  kKeys = 4,
  kNetworks = 5,
  kContributions = 6,
  kNetworkNotices = 7,
  kTravelDocuments = 8,
  kNoticeDetails = 9,
  kDiffusions = 10,
  kOperation = 11,
};

// Member countries with a coordinator among their users.
inline constexpr std::string_view kHubs[] = {"ITA", "GRC", "TUR", "DEU", "LBY", "MEX", "THA", "FRA", "GBR", "USA"};

inline constexpr double kRedShare = 0.03;        // adults wanted under a red notice
inline constexpr double kMinorShare = 0.08;      // people under 18
inline constexpr double kMissingShare = 0.25;    // minors reported missing (yellow notice)
inline constexpr double kDocHitShare = 0.03;     // travellers carrying a recorded document
inline constexpr double kPersonHitShare = 0.02;  // wanted travellers, under a name variant
inline constexpr double kMrzErrorShare = 0.04;   // travellers whose MRZ has a deliberate error

inline std::vector<std::string> split(std::string_view s, char sep) {
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

inline std::string join(const std::vector<std::string>& parts, std::string_view sep = " ") {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

inline bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

inline std::string pad_number(std::uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

inline Date add_days(const Date& d, std::int64_t n) {
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

// A state's recorded stolen-blank series, of every document type: a check
// without a type matches a number inside any of them (same length, between
// first and last), so a traveller's genuine number must fall in none.
class BlankSeries {
 public:
  void add(std::string first, std::string last) {
    ranges_[first.size()].push_back({std::move(first), std::move(last)});
  }
  // Once every series is added: sorts them and notes how far each prefix reaches.
  void seal() {
    for (auto& [_, list] : ranges_) {
      std::sort(list.begin(), list.end());
      for (std::size_t i = 1; i < list.size(); ++i) list[i].reach = std::max(list[i].reach, list[i - 1].reach);
    }
  }
  bool covers(std::string_view number) const {
    auto it = ranges_.find(number.size());
    if (it == ranges_.end()) return false;
    const auto& list = it->second;
    auto after = std::upper_bound(list.begin(), list.end(), number,
                                  [](std::string_view n, const Series& s) { return n < s.first; });
    return after != list.begin() && std::prev(after)->reach >= number;
  }

 private:
  struct Series {
    std::string first;
    std::string reach;  // the furthest last of this series and every earlier one
    bool operator<(const Series& o) const { return first < o.first; }
  };
  std::map<std::size_t, std::vector<Series>> ranges_;
};

struct CountryGen {
  const Country* country = nullptr;
  // passport, identity card, residence permit, visa
  std::array<std::unique_ptr<NumberFormat>, 4> formats;
  std::array<std::unique_ptr<Permutation>, 4> perms;
  std::array<std::uint64_t, 4> next{};
  std::array<std::uint64_t, 4> clean_next{};  // numbers for travellers' genuine documents, drawn from the top
  BlankSeries blanks;                         // its stolen-blank series: no genuine number falls in one
  std::vector<const Country*> neighbours;     // countries on the same corridors
  std::vector<std::pair<const Country*, const Country*>> legs;  // departure → arrival on its corridors
};

struct DocSample {
  std::size_t country = 0;
  std::string number;
  std::string status;
  std::string range_start;  // stolen blanks: the recorded first number
  Date expiry;              // year 0 when not recorded
};

// A person of a network: its crew, or the people it moves or exploits.
struct NetPerson {
  Person person;
  std::string role;  // organiser, recruiter, driver, boat_captain, forger, money_handler, transporter, exploiter,
                     // migrant, victim
  std::string fate;  // active or arrested (crew); arrived, rescued, dead or missing (migrants and victims)
  bool minor = false;
  std::string notice;  // the red or yellow notice about this person, if any
};

inline constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Things a network uses. holder indexes Network::people (kNone: nobody).
struct NetAsset {
  std::string id;
  std::string kind;     // phone, account, vehicle, boat, document, place
  std::string type;     // account: bank or hawala; vehicle: van, lorry, car, pickup, minibus; boat: rubber_dinghy, …
                        // document: passport (forged or retained); place: city, crossing_point, safe_house, …
  std::string value;    // phone E.164, IBAN or account number, plate, boat name, document number, place name
  std::string country;  // alpha-3
  std::string extra;    // account: hawala office or bank; vehicle: make; boat: length in metres; place: city
  std::size_t holder = kNone;
  bool iban = false;    // an account number that is an IBAN
  bool forged = false;  // a document not issued by its stated issuing state
};

struct NetEvent {
  std::string id;
  std::string kind;  // recruitment, payment, call, border_crossing, rescue, arrest, death_in_transit, exploitation,
                     // document_supply
  Date date;
  std::string country;         // where it happened
  std::string from, to, mode;  // border crossings (and deaths on a leg): mode land, sea, desert, jungle, air
  std::size_t place = kNone;   // index into Network::assets
  std::vector<std::size_t> people;
  std::vector<std::size_t> assets;
  std::int64_t amount = 0;
  std::string currency, method;  // payments: cash, hawala or bank_transfer
  int count = 0;                 // crossings: people moved; rescues: people rescued; deaths: bodies
  std::string by;                // rescues and arrests: the member that acted
};

struct Network {
  std::string id;
  bool trafficking = false;
  std::string exploitation;  // trafficking: sexual, labour or forced_criminality
  std::vector<const Corridor*> corridors;
  std::vector<std::vector<const Country*>> routes;  // one per corridor, in travel order
  Date start, end;
  std::string concealment;
  std::vector<NetPerson> people;
  std::vector<NetAsset> assets;
  std::vector<NetEvent> events;
};

std::string full_name(const NameForm& n, const Culture& c);
// A city of the country (notices' places, network addresses).
std::string city_of(const Country& c, Rng& rng);
// The law a red notice cites, and a warrant reference in the issuer's style.
std::string legal_basis(const Country& c, bool trafficking);
std::string warrant_reference(const Country& c, Rng& rng);

inline constexpr std::string_view kTypeNames[] = {"passport", "identity_card", "residence_permit", "visa"};
inline constexpr std::string_view kTypeLayouts[] = {"", "", "R@#######", "V########"};
inline constexpr std::string_view kDestinations[] = {"ITA", "MLT", "GRC", "DEU", "AUT", "HUN", "FRA", "GBR",
                                                     "USA", "TUR", "MYS", "THA", "SAU", "MEX", "RUS"};

inline constexpr std::string_view kStolenRemarks[] = {"Stolen with a handbag at a railway station",
                                                      "Stolen in a residential burglary",
                                                      "Stolen from a parked car",
                                                      "Stolen during a street robbery",
                                                      "Retained by an employer and not returned",
                                                      "Taken by a travel agent and not returned"};
inline constexpr std::string_view kLostRemarks[] = {"Reported lost at an airport", "Lost while travelling abroad",
                                                    "Lost in the post", "Lost at sea during a rescue operation",
                                                    "Lost after a road accident"};
inline constexpr std::string_view kRevokedRemarks[] = {
    "Revoked by the issuing authority", "Revoked after a fraudulent application", "Revoked: holder deceased"};
inline constexpr std::string_view kInvalidatedRemarks[] = {
    "Invalidated after a replacement was issued", "Invalidated: damaged", "Invalidated: found altered at a border"};
inline constexpr std::string_view kBlankRemarks[] = {"Blank booklets stolen in transit from the printing works",
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
  // DIR/<CODE>.jsonl for every member country, in gens_ order; closing records their total.
  std::vector<std::unique_ptr<JsonlFile>> open_per_member(const std::string& dir);
  void close_per_member(const std::string& dir, std::vector<std::unique_ptr<JsonlFile>>& files);
  // Keeps the first write error; run() reports it.
  void note(const Status& s) {
    if (!s && !first_error_) first_error_ = s.error();
  }
  void write_members();
  void write_documents();
  void write_people();
  void write_travellers();
  void write_person_line(JsonlFile& out, const Person& p, const std::string& notice, std::string_view network,
                         std::string_view role);

  // networks.cpp
  void plan_networks();
  void plan_network(Network& n, Rng& rng);
  void write_networks();
  std::size_t add_place(Network& n, std::string_view kind, const Country* c, std::string name, Rng& rng);
  // contributions.cpp
  void write_contributions();
  // notices.cpp
  std::string notice_subject(const Person& p, const Mention* m, bool victim) const;
  // One line {id, owner, body}: body is what POST /notices (or /diffusions) takes as it is.
  static void write_notice(JsonlFile& out, JsonlFile& truth, const std::string& id, std::string_view owner,
                           const std::string& body, const std::string& truth_line);
  void write_network_notices(JsonlFile& notices, JsonlFile& truth);
  void write_diffusions();
  // operation.cpp (after write_travellers: it reads the passenger lists back)
  void write_operation();
  std::string next_notice_id() { return "N" + pad_number(++notice_no_, 7); }

  // sex 0: drawn at random.
  Person make_person(Rng& rng, const Country* country, const std::string& id, bool minor, char sex = 0);
  Mention make_mention(const Person& p, Rng& rng, bool allow_native, bool need_full_birth, int min_name_variations);
  NameForm canonical(const Person& p) const;
  NameForm native(const Person& p) const;
  const Country* pick_country(Rng& rng) const;
  std::string restriction_json(Rng& rng, const CountryGen& g) const;

  WorldOptions opt_;
  ScaleCounts counts_;
  Rng keys_;
  PhoneMaker phones_;
  std::vector<std::unique_ptr<CultureData>> cultures_;
  std::map<std::string_view, const CultureData*> culture_of_;
  std::vector<CountryGen> gens_;
  std::map<std::string_view, std::size_t> gen_index_;
  std::vector<std::uint64_t> cumulative_;
  std::vector<DocSample> doc_pool_;
  std::vector<std::pair<Person, std::string>> wanted_;  // person, red notice id
  std::vector<Network> networks_;
  std::uint64_t network_people_ = 0;
  std::uint64_t notice_no_ = 0;
  std::uint64_t shared_entities_ = 0;
  std::uint64_t networks_with_overlap_ = 0;
  std::uint64_t contributions_ = 0;
  std::vector<FileCount> files_;
  std::optional<Error> first_error_;
};

std::string name_json(std::string_view surname, std::string_view given, std::string_view script);
// A JSON array of strings (kinds_json: variation labels).
std::string kinds_json(const std::vector<std::string>& kinds);

}  // namespace ariadne::datagen::internal
