#include "er/comparisons.hpp"

#include <algorithm>
#include <stdexcept>

#include "text/phonetic.hpp"

namespace ariadne::er {

namespace {

// Level indices, as comparisons_for names them.
namespace name_level {
constexpr int exact = 1, close = 2, similar = 3, typo = 4, weak = 5, token = 6, different = 7;
}
namespace date_level {
constexpr int exact = 1, typo = 2, month = 3, partial = 4, year = 5, different = 6;
}
namespace id_level {
constexpr int shared = 1, typo = 2, different = 3;
}
namespace context_level {
constexpr int several = 1, shared = 2, different = 3;
}
namespace two_level {
constexpr int agree = 1, disagree = 2;
}
namespace code_level {
constexpr int exact = 1, typo = 2, different = 3;
}
namespace text_level {
constexpr int exact = 1, close = 2, similar = 3, different = 4;
}

const std::vector<std::string> kNameLevels{"null", "exact", "close", "similar", "typo", "weak", "token", "different"};
const std::vector<std::string> kDateLevels{"null", "exact", "typo", "month", "partial", "year", "different"};
const std::vector<std::string> kIdentifierLevels{"null", "shared", "typo", "different"};
const std::vector<std::string> kContextLevels{"null", "several", "shared", "different"};
const std::vector<std::string> kTwoLevels{"null", "agree", "disagree"};
const std::vector<std::string> kCodeLevels{"null", "exact", "typo", "different"};
const std::vector<std::string> kTextLevels{"null", "exact", "close", "similar", "different"};

// Whether two names share a whole name token (not an initial, nor a
// particle or title: "Al-Jubouri" and "Al-Shami" share only the article) as
// the matcher spells or sounds it: an alias keeps the family name ("Fatou
// Diallo", "Ramatoulaye Diallo"), an initial the other token ("S. Sylla").
bool shares_token(const NameEntry& x, const NameEntry& y) {
  const auto counts = [](const text::PreparedToken* t) {
    return !t->initial() && (t->cls == text::TokenClass::name || t->cls == text::TokenClass::patronymic);
  };
  for (const auto* a : x.tokens) {
    if (!counts(a)) continue;
    for (const auto* b : y.tokens) {
      if (!counts(b)) continue;
      if (a->canon == b->canon || (!a->key.empty() && a->key == b->key)) return true;
    }
  }
  return false;
}

std::string date_digits(const BirthDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

int date_level_of(const BirthDate& a, const BirthDate& b) {
  if (!a.known() || !b.known()) return 0;
  if (a.complete() && b.complete()) {
    if (a.year == b.year && a.month == b.month && a.day == b.day) return date_level::exact;
    if (a.year == b.year && a.month == b.day && a.day == b.month) return date_level::typo;
    if (text::edit_distance_within(date_digits(a), date_digits(b), 1) <= 1) return date_level::typo;
    if (a.year == b.year && a.month == b.month) return date_level::month;
    return a.year == b.year ? date_level::year : date_level::different;
  }
  // Compared as far as the less precise date goes.
  if (a.year != b.year) return date_level::different;
  if (a.month != 0 && b.month != 0 && a.month != b.month) return date_level::year;
  if (a.month != 0 && b.month != 0 && a.day != 0 && b.day != 0 && a.day != b.day) return date_level::month;
  return date_level::partial;
}

}  // namespace

std::vector<Comparison> comparisons_for(const Schema& schema) {
  std::vector<Comparison> out;
  if (schema.names) out.push_back({"name", ComparisonKind::name, 0, kNameLevels, name_level::exact});
  if (schema.split_names) {
    out.push_back({"given_name", ComparisonKind::given_name, 0, kNameLevels, name_level::exact});
    out.push_back({"surname", ComparisonKind::surname, 0, kNameLevels, name_level::exact});
  }
  if (schema.birth_date) out.push_back({"birth_date", ComparisonKind::birth_date, 0, kDateLevels, -1});
  if (schema.sex) out.push_back({"sex", ComparisonKind::sex, 0, kTwoLevels, -1});
  if (schema.nationality) out.push_back({"nationality", ComparisonKind::nationality, 0, kTwoLevels, -1});
  if (schema.identifiers) out.push_back({"identifier", ComparisonKind::identifier, 0, kIdentifierLevels, -1});
  if (schema.context) out.push_back({"context", ComparisonKind::context, 0, kContextLevels, -1});
  for (std::size_t i = 0; i < schema.attributes.size(); ++i) {
    const auto& a = schema.attributes[i];
    switch (a.kind) {
      case AttributeKind::text: out.push_back({a.name, ComparisonKind::text, i, kTextLevels, text_level::exact}); break;
      case AttributeKind::code: out.push_back({a.name, ComparisonKind::code, i, kCodeLevels, code_level::exact}); break;
      case AttributeKind::category: out.push_back({a.name, ComparisonKind::category, i, kTwoLevels, 1}); break;
    }
  }
  if (out.size() > kMaxComparisons) throw std::invalid_argument("more than 16 comparisons");
  return out;
}

Comparer::Comparer(const RecordTable& table, const std::vector<Comparison>& comparisons)
    : table_(table), comparisons_(comparisons), scorer_(table.token_weights()) {}

Comparer::NamePair& Comparer::name_pair(ValueId a, ValueId b) {
  if (a > b) std::swap(a, b);
  const std::uint64_t key = (std::uint64_t{a} << 32) | b;
  if (auto it = names_.find(key); it != names_.end()) return it->second;
  if (names_.size() >= (std::size_t{1} << 22)) names_.clear();  // bounded memory
  // The matcher weighs how much of both names is covered, so one direction
  // says it (both ways, and the lower taken, gave the same resolutions at
  // twice the cost).
  const double s = scorer_.score(table_.name(a).tokens, table_.name(b).tokens);
  return names_.emplace(key, NamePair{static_cast<float>(s), -1}).first->second;
}

double Comparer::name_score(ValueId a, ValueId b) {
  return name_pair(a, b).score;
}

int Comparer::name_level(ValueId a, ValueId b, ValueId& agreed) {
  if (a == kNone || b == kNone) return 0;
  if (a == b) {
    agreed = a;
    return name_level::exact;
  }
  NamePair& pair = name_pair(a, b);
  if (pair.level < 0) {
    const double s = pair.score;
    const auto& x = table_.name(a);
    const auto& y = table_.name(b);
    pair.level = static_cast<std::int8_t>(s >= 0.92                                    ? name_level::close
                                          : s >= 0.80                                  ? name_level::similar
                                          : text::jaro_winkler(x.text, y.text) >= 0.90 ? name_level::typo
                                          : s >= 0.60                                  ? name_level::weak
                                          : shares_token(x, y)                         ? name_level::token
                                                                                       : name_level::different);
  }
  return pair.level;
}

int Comparer::names_level(const std::vector<ValueId>& a, const std::vector<ValueId>& b, ValueId& agreed) {
  int best = 0;
  for (ValueId x : a) {
    for (ValueId y : b) {
      ValueId v = kNone;
      const int l = name_level(x, y, v);
      if (l != 0 && (best == 0 || l < best)) best = l, agreed = v;
      if (best == name_level::exact) return best;
    }
  }
  return best;
}

namespace {

// How many values two sorted lists share, counted up to two.
std::size_t shared_values(const std::vector<ValueId>& a, const std::vector<ValueId>& b) {
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size() && shared < 2;) {
    if (a[i] == b[j]) {
      ++shared, ++i, ++j;
    } else {
      a[i] < b[j] ? ++i : ++j;
    }
  }
  return shared;
}

}  // namespace

Compared Comparer::compare(std::uint32_t ia, std::uint32_t ib) {
  const PreparedRecord& a = table_[ia];
  const PreparedRecord& b = table_[ib];
  Compared out;
  out.agreed.fill(kNone);
  for (std::size_t c = 0; c < comparisons_.size(); ++c) {
    const Comparison& cmp = comparisons_[c];
    int level = 0;
    ValueId agreed = kNone;
    switch (cmp.kind) {
      case ComparisonKind::name: level = names_level(a.names, b.names, agreed); break;
      case ComparisonKind::given_name: {
        // Both names at once: a swapped pair is compared crosswise.
        ValueId ag = kNone, as = kNone;
        int lg = name_level(a.given, b.given, ag);
        int ls = name_level(a.surname, b.surname, as);
        if (a.given != kNone && a.surname != kNone && b.given != kNone && b.surname != kNone &&
            lg + ls > 2 * name_level::similar) {
          ValueId cg = kNone, cs = kNone;
          const int xg = name_level(a.given, b.surname, cg);
          const int xs = name_level(a.surname, b.given, cs);
          if (xg + xs < lg + ls) lg = xg, ls = xs, ag = cg, as = cs;
        }
        out.pattern = with_level(out.pattern, c, lg);
        out.agreed[c] = ag;
        out.pattern = with_level(out.pattern, c + 1, ls);
        out.agreed[c + 1] = as;
        continue;
      }
      case ComparisonKind::surname: continue;  // with given_name
      case ComparisonKind::birth_date: level = date_level_of(a.birth, b.birth); break;
      case ComparisonKind::sex:
        if (a.sex != 0 && b.sex != 0) level = a.sex == b.sex ? two_level::agree : two_level::disagree;
        break;
      case ComparisonKind::nationality:
        if (a.nationality != kNone && b.nationality != kNone) {
          level = a.nationality == b.nationality ? two_level::agree : two_level::disagree;
        }
        break;
      case ComparisonKind::identifier: {
        if (a.identifiers.empty() || b.identifiers.empty()) break;
        for (ValueId x : a.identifiers) {
          if (std::binary_search(b.identifiers.begin(), b.identifiers.end(), x)) {
            level = id_level::shared, agreed = x;
            break;
          }
        }
        if (level != 0) break;
        for (ValueId x : a.identifiers) {
          for (ValueId y : b.identifiers) {
            const auto sx = table_.string(x), sy = table_.string(y);
            const auto kind = identifier_kind(sx);
            if (kind != identifier_kind(sy)) continue;
            const int l = text::edit_distance_within(sx.substr(kind.size()), sy.substr(kind.size()), 1) <= 1
                              ? id_level::typo
                              : id_level::different;
            if (level == 0 || l < level) level = l;
          }
        }
        break;
      }
      case ComparisonKind::context: {
        if ((a.context.empty() && a.associates.empty()) || (b.context.empty() && b.associates.empty())) break;
        const std::size_t shared = shared_values(a.context, b.context) + shared_values(a.associates, b.associates);
        level = shared >= 2 ? context_level::several : shared == 1 ? context_level::shared : context_level::different;
        break;
      }
      case ComparisonKind::text:
      case ComparisonKind::code:
      case ComparisonKind::category: {
        const ValueId x = a.attributes[cmp.attribute], y = b.attributes[cmp.attribute];
        if (x == kNone || y == kNone) break;
        if (x == y) {
          level = 1, agreed = x;  // exact, agree
          break;
        }
        if (cmp.kind == ComparisonKind::category) {
          level = two_level::disagree;
        } else if (cmp.kind == ComparisonKind::code) {
          level = text::edit_distance_within(table_.string(x), table_.string(y), 1) <= 1 ? code_level::typo
                                                                                         : code_level::different;
        } else {
          const double jw = text::jaro_winkler(table_.string(x), table_.string(y));
          level = jw >= 0.92 ? text_level::close : jw >= 0.80 ? text_level::similar : text_level::different;
        }
        break;
      }
    }
    out.pattern = with_level(out.pattern, c, level);
    out.agreed[c] = agreed;
  }
  return out;
}

}  // namespace ariadne::er
