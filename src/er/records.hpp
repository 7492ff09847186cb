// Person records as entity resolution reads them, and the prepared form it
// compares: every name transliterated and keyed once, every value interned
// (so a value shared by many records is held and compared once) and counted
// (how common a value is says how much agreeing on it means).
//
// Thread-safety: a RecordTable is built by one thread; once built, any number
// of threads may read it.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/matcher.hpp"

namespace ariadne::er {

// How a further field of the records compares: `text` by spelling
// (Jaro-Winkler), `code` exactly or within one typing error (a postcode, a
// house number), `category` exactly (a state, a region).
enum class AttributeKind { text, code, category };
const char* to_string(AttributeKind k);

struct Attribute {
  std::string name;
  AttributeKind kind = AttributeKind::text;
};

// Which parts of the records are compared; each is one comparison of the model.
struct Schema {
  bool names = false;        // full names, any script (PersonRecord::names)
  bool split_names = false;  // given name and surname as separate fields
  bool birth_date = false;
  bool sex = false;
  bool nationality = false;
  bool identifiers = false;
  bool context = false;  // what each record's source recorded alongside it (PersonRecord::context)
  std::vector<Attribute> attributes;
};

// One person as one source records them.
struct PersonRecord {
  std::string id;                  // the source's own id
  std::uint32_t source = 0;        // which file or member (linking compares records of different sources only)
  std::vector<std::string> names;  // full names, any script
  std::string given_name;          // a source that splits names
  std::string surname;
  std::string birth_date;                // YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD; empty when unknown
  std::string sex;                       // M, F or X; empty when unknown
  std::string nationality;               // ISO 3166-1 alpha-3; empty when unknown
  std::vector<std::string> identifiers;  // "kind:value", values canonical (ident/)
  // What the source recorded alongside the person, not about them: the
  // identifiers of the phones, accounts, documents and vehicles of the same
  // case. Two cases about one network share some; a namesake's rarely do.
  std::vector<std::string> context;
  // Records of one group are different people: a case lists each person
  // once, so two mentions of one case are never merged. Empty: no group.
  std::string group;
  std::vector<std::string> attributes;  // in Schema::attributes order; empty when unknown
};

// A birth date's digits as recorded. Not checked against the calendar: a
// typing error can make a date impossible (19560231) and still say much.
struct BirthDate {
  std::int16_t year = 0;  // 0: unknown
  std::int8_t month = 0;  // 0: unknown (a partial date)
  std::int8_t day = 0;
  bool known() const { return year != 0; }
  bool complete() const { return month != 0 && day != 0; }
};
// YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD with a month of 1 to 12 and a day
// of 1 to 31 (any other text: not a birth date, and false).
bool parse_birth_date(std::string_view text, BirthDate& out);

// The kind of a stored identifier "kind:value": all before its last ':'
// ("passport:FRA" of "passport:FRA:15AB12345"); empty when it has none.
inline std::string_view identifier_kind(std::string_view identifier) {
  const auto colon = identifier.rfind(':');
  return colon == std::string_view::npos ? std::string_view{} : identifier.substr(0, colon);
}

using ValueId = std::uint32_t;
inline constexpr ValueId kNone = 0xffffffffU;

// A name prepared for matching (text/matcher.hpp) with its phonetic keys.
struct NameEntry {
  text::PreparedName name;
  std::vector<const text::PreparedToken*> tokens;  // into name.tokens
  std::string text;                                // the tokens' spellings, space-joined
  std::uint32_t records = 0;                       // records holding it
  // The known birth years of those records, each once, up to kMaxYears:
  // how many people, rather than mentions, hold the name.
  std::vector<std::int16_t> years;
  static constexpr std::size_t kMaxYears = 32;
};

struct PreparedRecord {
  std::uint32_t source = 0;
  std::vector<ValueId> names;  // NameEntry ids
  ValueId given = kNone;       // NameEntry ids
  ValueId surname = kNone;
  BirthDate birth;
  char sex = 0;
  ValueId nationality = kNone;       // string ids
  std::vector<ValueId> identifiers;  // string ids, sorted
  std::vector<ValueId> context;      // string ids, sorted, without the record's own identifiers
  ValueId group = kNone;             // string id
  std::vector<ValueId> attributes;   // string ids (kNone when unknown), by Schema::attributes
  // The people the record's group also holds, as a resolution before found
  // them ("associate:CLUSTER" string ids, sorted): compared and blocked on
  // as part of the context (Settings::collective).
  std::vector<ValueId> associates;
};

class RecordTable {
 public:
  explicit RecordTable(Schema schema);

  // Adds a record; the return is its index. Values the schema does not
  // compare are not kept. A birth date that is not one is counted in
  // bad_birth_dates() and compared as unknown.
  std::uint32_t add(const PersonRecord& r);
  // Adds many, preparing their new names on `threads` threads first (0: one
  // per core); the same table as adding them one by one.
  void add(std::span<const PersonRecord> records, unsigned threads = 0);

  const Schema& schema() const { return schema_; }
  std::size_t size() const { return records_.size(); }
  const PreparedRecord& operator[](std::uint32_t i) const { return records_[i]; }
  const NameEntry& name(ValueId id) const { return names_[id]; }
  std::string_view string(ValueId id) const { return strings_[id].text; }
  // The share of records holding a value: what agreeing on it by chance is
  // worth. For a name, the people holding it count rather than the records:
  // a person mentioned by ten members does not make their name common. With
  // birth dates compared, a name's people are its distinct birth years, each
  // counted as many records as a name and year have on average (a name
  // whose records know no birth year counts its records).
  double name_frequency(ValueId id) const;
  double string_frequency(ValueId id) const;
  // Sets a record's associates (the clusters of the other people of its
  // group; none clears them).
  void set_associates(std::uint32_t record, const std::vector<std::uint32_t>& clusters);
  // How many records hold a string value (a group: its records).
  std::uint32_t records_with(ValueId id) const { return id == kNone ? 0 : strings_[id].records; }
  const text::TokenWeights& token_weights() const { return weights_; }
  std::size_t bad_birth_dates() const { return bad_birth_dates_; }

 private:
  struct StringEntry {
    std::string text;
    std::uint32_t records = 0;
  };
  ValueId intern_name(const std::string& raw);
  ValueId intern_prepared(const std::string& raw, text::PreparedName prepared);
  ValueId intern_string(std::string_view s);

  Schema schema_;
  std::vector<PreparedRecord> records_;
  std::deque<NameEntry> names_;  // a deque: tokens point into its entries
  std::unordered_map<std::string, ValueId> name_by_raw_;
  std::unordered_map<std::string, ValueId> name_by_text_;
  std::deque<StringEntry> strings_;
  std::unordered_map<std::string_view, ValueId> string_ids_;  // views into strings_
  text::TokenWeights weights_;
  std::size_t bad_birth_dates_ = 0;
  std::uint64_t name_records_ = 0;  // Σ NameEntry::records, of records with a birth year
  std::uint64_t name_years_ = 0;    // Σ NameEntry::years.size()
};

}  // namespace ariadne::er
