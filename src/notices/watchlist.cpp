#include "notices/watchlist.hpp"

#include <expat.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "common/ascii.hpp"
#include "common/country.hpp"
#include "common/csv.hpp"
#include "common/time.hpp"
#include "common/utf8.hpp"
#include "notices/notices.hpp"
#include "policy/roles.hpp"

namespace ariadne::notices {

using nlohmann::json;

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// English country names as ICU writes them, plus the UN's own long forms.
std::optional<std::string> country_code(const std::string& name) {
  static const std::map<std::string, std::string> codes = [] {
    std::map<std::string, std::string> m;
    for (const char* const* cc = icu::Locale::getISOCountries(); *cc != nullptr; ++cc) {
      icu::Locale loc("", *cc);
      icu::UnicodeString display;
      loc.getDisplayCountry(icu::Locale::getEnglish(), display);
      std::string utf8;
      display.toUTF8String(utf8);
      const char* alpha3 = loc.getISO3Country();
      if (alpha3 == nullptr || !is_iso_alpha3(alpha3)) continue;
      m[ascii_lower(utf8)] = alpha3;
      // ICU writes "Trinidad & Tobago"; lists write "and".
      if (auto amp = utf8.find(" & "); amp != std::string::npos) m[ascii_lower(utf8.replace(amp, 3, " and "))] = alpha3;
    }
    for (const auto& [un, code] : std::initializer_list<std::pair<const char*, const char*>>{
             {"democratic republic of the congo", "COD"},
             {"congo", "COG"},
             {"democratic people's republic of korea", "PRK"},
             {"republic of korea", "KOR"},
             {"russian federation", "RUS"},
             {"syrian arab republic", "SYR"},
             {"iran (islamic republic of)", "IRN"},
             {"united republic of tanzania", "TZA"},
             {"united kingdom of great britain and northern ireland", "GBR"},
             {"united states of america", "USA"},
             {"state of palestine", "PSE"},
             {"türkiye", "TUR"},
             {"viet nam", "VNM"},
             {"lao people's democratic republic", "LAO"},
             {"bolivia (plurinational state of)", "BOL"},
             {"venezuela (bolivarian republic of)", "VEN"},
             {"côte d'ivoire", "CIV"}}) {
      m[un] = code;
    }
    return m;
  }();
  auto it = codes.find(ascii_lower(trim(name)));
  if (it == codes.end()) return std::nullopt;
  return it->second;
}

// At most `max` bytes, cut at a UTF-8 character boundary.
std::string bounded(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

// One <INDIVIDUAL> as it is read.
struct Individual {
  std::string title;  // the list and its regime
  std::string names[4];
  std::string original;
  std::string reference;
  std::string list_type;
  std::string gender;
  std::string comments;
  std::vector<std::string> nationalities;
  std::vector<std::string> aliases;
  std::vector<bool> weak_aliases;  // by alias: its QUALITY is "Low"
  std::string alias_quality;       // of the alias being read
  std::vector<std::string> birth_dates;
  std::vector<std::string> places;
  std::vector<json> documents;
  std::vector<std::string> unmapped;  // values kept in the remarks
  // The open date-of-birth, place-of-birth or document element's fields.
  std::map<std::string, std::string> open;
};

json to_body(const Individual& p) {
  std::string full;
  for (const auto& part : p.names) {
    if (!trim(part).empty()) full += (full.empty() ? "" : " ") + trim(part);
  }
  json names = json::array();
  std::set<std::string> seen;
  std::vector<std::string> unmapped = p.unmapped;
  // What does not fit a subject's bounds is named in the remarks, never dropped silently.
  auto overflow = [&](const std::string& what, const std::string& value) { unmapped.push_back(what + " " + value); };
  auto add_name = [&](const std::string& n, const char* kind, bool weak) {
    std::string t = trim(n);
    if (t.empty() || !seen.insert(ascii_lower(t)).second) return;
    if (names.size() >= 50) return overflow("name", t);
    names.push_back({{"full", bounded(t, 300)}, {"kind", kind}});
    if (weak) names.back()["quality"] = "low";
  };
  add_name(full, "primary", false);
  add_name(p.original, "primary", false);
  for (std::size_t i = 0; i < p.aliases.size(); ++i) {
    add_name(p.aliases[i], "alias", i < p.weak_aliases.size() && p.weak_aliases[i]);
  }
  json subject = {{"names", names}};
  std::vector<std::string> nationalities;
  for (const auto& n : p.nationalities) {
    if (auto code = country_code(n)) {
      if (std::find(nationalities.begin(), nationalities.end(), *code) != nationalities.end()) continue;
      if (nationalities.size() < 10) {
        nationalities.push_back(*code);
      } else {
        overflow("nationality", n);
      }
    } else {
      unmapped.push_back("nationality " + n);
    }
  }
  subject["nationalities"] = nationalities;
  std::vector<std::string> dates(p.birth_dates.begin(),
                                 p.birth_dates.begin() + std::min<std::size_t>(10, p.birth_dates.size()));
  subject["birth_dates"] = dates;
  std::vector<std::string> places;
  for (const auto& pl : p.places) {
    if (places.size() < 10) places.push_back(bounded(pl, 200));
  }
  subject["places_of_birth"] = places;
  json documents = json::array();
  for (const auto& d : p.documents) {
    if (documents.size() < 20) documents.push_back(d);
  }
  subject["documents"] = documents;
  if (p.gender == "Male") subject["sex"] = "M";
  if (p.gender == "Female") subject["sex"] = "F";
  json body = {{"type", "special"},
               {"subject", subject},
               {"title", bounded(p.title, 5000)},
               {"sanctions_reference", p.reference},
               {"restriction", {{"scope", "all"}}}};
  if (!p.comments.empty()) body["text"] = bounded(p.comments, 5000);
  if (!unmapped.empty()) {
    std::string remarks = "as listed, without an ISO code or beyond the subject's bounds:";
    for (const auto& u : unmapped) remarks += " " + u + ";";
    body["remarks"] = bounded(remarks, 5000);
  }
  return body;
}

struct Reader {
  Watchlist list{"un", {}};
  std::vector<std::string> path;
  std::string text;
  std::optional<Individual> current;

  const std::string& parent() const {
    static const std::string none;
    return path.size() >= 2 ? path[path.size() - 2] : none;
  }

  void start(const char* name) {
    path.emplace_back(name);
    text.clear();
    if (path.back() == "INDIVIDUAL") current.emplace();
    if (current && (path.back() == "INDIVIDUAL_DATE_OF_BIRTH" || path.back() == "INDIVIDUAL_PLACE_OF_BIRTH" ||
                    path.back() == "INDIVIDUAL_DOCUMENT")) {
      current->open.clear();
    }
  }

  void end() {
    const std::string name = path.back();
    const std::string value = trim(text);
    text.clear();
    if (current) close(name, value);
    path.pop_back();
  }

  void close(const std::string& name, const std::string& value) {
    Individual& p = *current;
    const std::string& up = parent();
    if (name == "INDIVIDUAL") {
      p.title = "UN Security Council sanctions list " + p.list_type;
      list.entries.push_back({p.reference, to_body(p)});
      current.reset();
      return;
    }
    if (up == "INDIVIDUAL") {
      if (name == "FIRST_NAME") p.names[0] = value;
      if (name == "SECOND_NAME") p.names[1] = value;
      if (name == "THIRD_NAME") p.names[2] = value;
      if (name == "FOURTH_NAME") p.names[3] = value;
      if (name == "NAME_ORIGINAL_SCRIPT") p.original = value;
      if (name == "REFERENCE_NUMBER") p.reference = value;
      if (name == "UN_LIST_TYPE") p.list_type = value;
      if (name == "GENDER") p.gender = value;
      if (name == "COMMENTS1") p.comments = value;
      if (name == "INDIVIDUAL_DATE_OF_BIRTH") close_birth_date(p);
      if (name == "INDIVIDUAL_PLACE_OF_BIRTH") close_place(p);
      if (name == "INDIVIDUAL_DOCUMENT") close_document(p);
      return;
    }
    if (up == "NATIONALITY" && name == "VALUE" && !value.empty()) p.nationalities.push_back(value);
    if (up == "INDIVIDUAL_ALIAS" && name == "QUALITY") p.alias_quality = value;
    if (up == "INDIVIDUAL_ALIAS" && name == "ALIAS_NAME") {
      if (!value.empty()) {
        p.aliases.push_back(value);
        p.weak_aliases.push_back(p.alias_quality == "Low");
      }
      p.alias_quality.clear();
    }
    if (up == "INDIVIDUAL_DATE_OF_BIRTH" || up == "INDIVIDUAL_PLACE_OF_BIRTH" || up == "INDIVIDUAL_DOCUMENT") {
      if (!value.empty()) p.open[name] = value;
    }
  }

  static void close_birth_date(Individual& p) {
    for (const char* key : {"DATE", "YEAR", "FROM_YEAR", "TO_YEAR"}) {
      auto it = p.open.find(key);
      if (it == p.open.end()) continue;
      std::string d = it->second.substr(0, 10);
      if (parse_partial_date(d)) {
        if (std::find(p.birth_dates.begin(), p.birth_dates.end(), d) == p.birth_dates.end()) {
          p.birth_dates.push_back(d);
        }
      } else {
        p.unmapped.push_back("birth date " + it->second);
      }
    }
  }

  static void close_place(Individual& p) {
    std::string place;
    for (const char* key : {"CITY", "STATE_PROVINCE", "COUNTRY"}) {
      if (auto it = p.open.find(key); it != p.open.end()) place += (place.empty() ? "" : ", ") + it->second;
    }
    if (!place.empty()) p.places.push_back(place);
  }

  static void close_document(Individual& p) {
    auto number = p.open.find("NUMBER");
    if (number == p.open.end()) return;
    json doc = {{"number", bounded(number->second, 64)}};
    std::string type = ascii_lower(p.open.count("TYPE_OF_DOCUMENT") ? p.open["TYPE_OF_DOCUMENT"] : "");
    if (type.find("passport") != std::string::npos || type.find("pasaporte") != std::string::npos ||
        type.find("passeport") != std::string::npos) {
      doc["type"] = "passport";
    } else if (type.find("national identification") != std::string::npos) {
      doc["type"] = "identity_card";
    }
    for (const char* key : {"ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"}) {
      auto it = p.open.find(key);
      if (it == p.open.end() || doc.contains("issuing_state")) continue;
      if (auto code = country_code(it->second)) {
        doc["issuing_state"] = *code;
      } else {
        p.unmapped.push_back("document " + number->second + " issued by " + it->second);
      }
    }
    p.documents.push_back(std::move(doc));
  }
};

// "-0-" is OFAC's empty field; quoted fields are trimmed too.
void ofac_fields(std::vector<std::string>& fields) {
  for (auto& f : fields) {
    f = trim(f);
    if (f == "-0-") f.clear();
  }
}

// "10 Dec 1948", "Dec 1948", "1948", "circa 1948", "1948 to 1950": partial ISO dates.
bool all_digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> ofac_dates(const std::string& text) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::vector<std::string> out;
  std::istringstream words(text);
  std::vector<std::string> w;
  for (std::string x; words >> x;) w.push_back(x);
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i].size() != 4 || !all_digits(w[i])) continue;
    std::string date = w[i];
    if (i >= 1) {
      for (int m = 0; m < 12; ++m) {
        if (w[i - 1] != kMonths[m]) continue;
        date += (m < 9 ? "-0" : "-") + std::to_string(m + 1);
        if (i >= 2 && w[i - 2].size() <= 2 && all_digits(w[i - 2])) {
          date += (w[i - 2].size() == 1 ? "-0" : "-") + w[i - 2];
        }
      }
    }
    if (parse_partial_date(date)) out.push_back(date);
  }
  return out;
}

// "Passport 1084010 (Egypt)", "National ID No. 123 (Iraq)": a number and maybe its issuing country.
void ofac_document(Individual& p, const std::string& item, const char* type) {
  std::optional<std::string> country;
  auto open = item.find(" (");
  std::string head = open == std::string::npos ? item : item.substr(0, open);
  if (open != std::string::npos) {
    auto close = item.find(')', open);
    if (close != std::string::npos) country = item.substr(open + 2, close - open - 2);
  }
  auto space = head.find_last_of(' ');
  std::string number = trim(space == std::string::npos ? head : head.substr(space + 1));
  if (number.empty()) return;
  json doc = {{"number", bounded(number, 64)}};
  if (type != nullptr) doc["type"] = type;
  if (country) {
    if (auto code = country_code(*country)) {
      doc["issuing_state"] = *code;
    } else {
      p.unmapped.push_back("document " + number + " issued by " + *country);
    }
  }
  p.documents.push_back(std::move(doc));
}

// The facts OFAC's remarks hold about an individual; the remarks themselves go whole into the text.
void read_ofac_remarks(Individual& p, const std::string& remarks) {
  std::istringstream items(remarks);
  for (std::string item; std::getline(items, item, ';');) {
    item = trim(item);
    if (!item.empty() && item.back() == '.') item.pop_back();
    auto starts = [&](const char* prefix) { return item.rfind(prefix, 0) == 0; };
    if (starts("alt. ")) item = item.substr(5);
    if (starts("DOB ")) {
      for (const auto& d : ofac_dates(item.substr(4))) {
        if (std::find(p.birth_dates.begin(), p.birth_dates.end(), d) == p.birth_dates.end()) p.birth_dates.push_back(d);
      }
    } else if (starts("POB ")) {
      p.places.push_back(item.substr(4));
    } else if (starts("nationality ") || starts("citizen ")) {
      p.nationalities.push_back(item.substr(item.find(' ') + 1));
    } else if (starts("Gender ")) {
      p.gender = item.substr(7);
    } else if (starts("Passport ")) {
      ofac_document(p, item, "passport");
    } else if (starts("National ID No. ") || starts("Cedula No. ")) {
      ofac_document(p, item, "identity_card");
    }
  }
}

// Every text of a notice is stored and served as UTF-8: a file in another
// encoding is refused whole, naming its first such line.
Error not_utf8(const std::string& file, std::size_t line) {
  return Error::invalid("file", file + ", line " + std::to_string(line) + ": the text is not UTF-8");
}

bool all_utf8(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return valid_utf8(f); });
}

// Far above the longest entry of the published lists.
constexpr std::size_t kMaxOfacRecordBytes = std::size_t{1} << 20;

}  // namespace

Result<Watchlist> parse_ofac_csv(std::istream& sdn, std::istream* alt) {
  std::map<std::string, std::vector<std::string>> aliases;  // by entry number
  CsvRecord r;
  if (alt != nullptr) {
    for (CsvReader reader(*alt, kMaxOfacRecordBytes); reader.next(r);) {
      if (!r.error.empty())
        return Error::invalid("file", "the aliases, line " + std::to_string(r.line) + ": " + r.error);
      if (!all_utf8(r.fields)) return not_utf8("the aliases", r.line);
      auto& f = r.fields;
      ofac_fields(f);
      if (f.size() >= 4 && !f[0].empty() && !f[3].empty()) aliases[f[0]].push_back(f[3]);
    }
  }
  Watchlist list{"ofac", {}};
  for (CsvReader reader(sdn, kMaxOfacRecordBytes); reader.next(r);) {
    if (!r.error.empty()) return Error::invalid("file", "line " + std::to_string(r.line) + ": " + r.error);
    // The legacy file ends with a DOS end-of-file mark.
    if (r.blank() || (r.fields.size() == 1 && r.fields[0].front() == '\x1a')) continue;
    if (!all_utf8(r.fields)) return not_utf8("the SDN list", r.line);
    auto& f = r.fields;
    ofac_fields(f);
    if (f.size() != 12) {
      return Error::invalid("file", "line " + std::to_string(r.line) + ": " + std::to_string(f.size()) +
                                        " fields, not the SDN list's 12");
    }
    if (f[2] != "individual") continue;
    Individual p;
    p.names[0] = f[1];
    p.reference = f[0];
    p.title = "OFAC SDN list " + f[3];
    p.comments = f[11];
    p.aliases = aliases[f[0]];
    read_ofac_remarks(p, f[11]);
    list.entries.push_back({p.reference, to_body(p)});
  }
  if (sdn.bad()) return Error::invalid("file", "the SDN list could not be read");
  if (list.entries.empty()) return Error::invalid("file", "holds no individuals");
  return list;
}

Result<Watchlist> parse_un_xml(std::istream& in) {
  Reader reader;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (parser == nullptr) return Error::internal("the XML parser could not be created");
  XML_SetUserData(parser, &reader);
  XML_SetElementHandler(
      parser, [](void* r, const XML_Char* name, const XML_Char**) { static_cast<Reader*>(r)->start(name); },
      [](void* r, const XML_Char*) { static_cast<Reader*>(r)->end(); });
  XML_SetCharacterDataHandler(parser, [](void* r, const XML_Char* s, int len) {
    static_cast<Reader*>(r)->text.append(s, static_cast<std::size_t>(len));
  });
  char buf[65536];
  bool done = false;
  std::string failure;
  while (!done) {
    in.read(buf, sizeof buf);
    auto n = in.gcount();
    done = n < static_cast<std::streamsize>(sizeof buf);
    if (XML_Parse(parser, buf, static_cast<int>(n), done ? 1 : 0) == XML_STATUS_ERROR) {
      failure = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
                std::to_string(XML_GetCurrentLineNumber(parser));
      break;
    }
  }
  XML_ParserFree(parser);
  if (!failure.empty()) return Error::invalid("file", "not a readable UN list: " + failure);
  if (reader.list.entries.empty()) return Error::invalid("file", "holds no <INDIVIDUAL> entries");
  return std::move(reader.list);
}

json to_json(const WatchlistReport& r) {
  json rejected = json::array();
  for (const auto& x : r.rejected) rejected.push_back({{"reference", x.reference}, {"reason", x.reason}});
  return {{"listed", r.listed},       {"added", r.added},         {"updated", r.updated},
          {"unchanged", r.unchanged}, {"cancelled", r.cancelled}, {"rejected", rejected}};
}

Result<WatchlistReport> import_watchlist(store::Database& db, const Watchlist& list) {
  WatchlistReport report;
  report.listed = list.entries.size();
  const auto gs = policy::system_caller();
  ARIADNE_TRY(db.transaction([&]() -> Status {
    std::set<std::string> listed;
    for (const auto& e : list.entries) {
      if (e.reference.empty()) {
        report.rejected.push_back({"", "an entry without a reference number"});
        continue;
      }
      if (!listed.insert(e.reference).second) {
        report.rejected.push_back({e.reference, "listed twice"});
        continue;
      }
      auto n = parse_notice(e.body, db, gs, Kind::notice);
      if (!n) {
        report.rejected.push_back({e.reference, n.error().message});
        continue;
      }
      if (auto problems = compliance_problems(*n); !problems.empty()) {
        report.rejected.push_back({e.reference, problems.front().field + ": " + problems.front().reason});
        continue;
      }
      ARIADNE_ASSIGN(auto outcome, upsert_external(db, list.source, e.reference, *n));
      switch (outcome) {
        case ExternalOutcome::added: ++report.added; break;
        case ExternalOutcome::updated: ++report.updated; break;
        case ExternalOutcome::unchanged: ++report.unchanged; break;
      }
    }
    ARIADNE_ASSIGN(auto published, published_external(db, list.source));
    for (const auto& [reference, id] : published) {
      if (listed.count(reference)) continue;
      ARIADNE_TRY(cancel_external(db, id, "no longer on the " + list.source + " list"));
      ++report.cancelled;
    }
    return {};
  }));
  return report;
}

}  // namespace ariadne::notices
