// Reference tables of the synthetic world: member countries along the real
// migration corridors, their document number formats, IBAN layouts and
// carriers, and culture-appropriate given and family names in their own
// script with their usual Latin spellings. Data only; no state.
#pragma once

#include <span>
#include <string_view>

namespace ariadne::datagen {

// One name: as written in its own script, and its Latin spellings separated
// by commas, the most common first ("محمد" → "Mohammed,Muhammad,Mohamed").
// For Latin-script cultures native is the spelling with its diacritics.
struct NameEntry {
  std::string_view native;
  std::string_view latin;
};

enum class NameOrder { given_family, family_given };

struct Culture {
  std::string_view id;
  std::string_view script;  // ISO 15924: Arab, Ethi, Cyrl, Grek, Beng, Mymr, Thai, Hani, Latn
  std::span<const NameEntry> male;
  std::span<const NameEntry> female;
  std::span<const NameEntry> family;         // empty: the culture has no family names (Myanmar)
  std::span<const NameEntry> family_female;  // index-aligned feminine forms (Иванова), or empty
  std::span<const NameEntry> middle_male;    // Vietnamese middle names (Văn, Thị), or empty
  std::span<const NameEntry> middle_female;
  int family_names = 1;        // 2: paternal and maternal surnames (Hispanic)
  bool patronymic = false;     // the "surname" is the father's given name (Eritrea, Ethiopia, Somalia)
  bool father_middle = false;  // the father's given name stands between given and family (Arabic)
  NameOrder order = NameOrder::given_family;
};

// Document number layouts: '#' digit, '@' letter, '*' digit or letter,
// '%' German passport alphabet (digits and CFGHJKLMNPRTVWXYZ); any other
// character is literal. Passport numbers fit TD3's nine characters.
struct Country {
  std::string_view code;  // ISO 3166-1 alpha-3
  std::string_view alpha2;
  std::string_view name;
  std::string_view culture;
  int weight;  // share of documents and people
  std::string_view passport_format;
  std::string_view id_card_format;  // empty: no national identity card in the world
  std::string_view iban_bban;       // BBAN layout after "CCkk", empty: no IBAN
  std::string_view carrier;         // two-character airline code
};

struct Partner {
  std::string_view code;
  std::string_view name;
};

// A corridor is a chain of stages separated by '|'; a stage lists the
// countries people move through at that point, separated by ',' (origins
// first, destinations last): "SYR,AFG,IRQ|TUR|GRC|…".
struct Corridor {
  std::string_view id;
  std::string_view stages;
};

std::span<const Country> countries();
std::span<const Partner> partners();
std::span<const Corridor> corridors();
std::span<const Culture> cultures();
const Culture* find_culture(std::string_view id);
const Country* find_country(std::string_view code);

}  // namespace ariadne::datagen
