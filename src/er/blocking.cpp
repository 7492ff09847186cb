#include "er/blocking.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string_view>

#include "common/mix.hpp"

namespace ariadne::er {

namespace {

// Key values scattered over 64 bits (splitmix64's finaliser).
constexpr auto mix = splitmix_finalise;

std::uint64_t hash_text(std::string_view s) {
  return mix(std::hash<std::string_view>{}(s));
}

enum class Key {
  name_token,
  name_token_pair,
  name_initials,
  given_key,
  surname_key,
  given_initial,
  surname_initial,
  birth_year,
  birth_date,
  birth_month_day,
  sex,
  nationality,
  identifier,
  context,
  attribute
};

struct KeySpec {
  Key key;
  std::size_t attribute = 0;
};

std::optional<KeySpec> parse_key(const std::string& name, const Schema& schema) {
  static const std::pair<const char*, Key> kKeys[] = {{"name_token", Key::name_token},
                                                      {"name_token_pair", Key::name_token_pair},
                                                      {"name_initials", Key::name_initials},
                                                      {"given_key", Key::given_key},
                                                      {"surname_key", Key::surname_key},
                                                      {"given_initial", Key::given_initial},
                                                      {"surname_initial", Key::surname_initial},
                                                      {"birth_year", Key::birth_year},
                                                      {"birth_date", Key::birth_date},
                                                      {"birth_month_day", Key::birth_month_day},
                                                      {"sex", Key::sex},
                                                      {"nationality", Key::nationality},
                                                      {"identifier", Key::identifier},
                                                      {"context", Key::context}};
  if (name.starts_with("attr:")) {
    for (std::size_t i = 0; i < schema.attributes.size(); ++i) {
      if (schema.attributes[i].name == name.substr(5)) return KeySpec{Key::attribute, i};
    }
    return std::nullopt;
  }
  for (const auto& [n, k] : kKeys) {
    if (name != n) continue;
    const bool ok = (k <= Key::name_initials && schema.names) ||
                    (k >= Key::given_key && k <= Key::surname_initial && schema.split_names) ||
                    (k >= Key::birth_year && k <= Key::birth_month_day && schema.birth_date) ||
                    (k == Key::sex && schema.sex) || (k == Key::nationality && schema.nationality) ||
                    (k == Key::identifier && schema.identifiers) || (k == Key::context && schema.context);
    return ok ? std::optional<KeySpec>(KeySpec{k}) : std::nullopt;
  }
  return std::nullopt;
}

void token_keys(const NameEntry& n, std::vector<std::uint64_t>& out) {
  for (const auto* t : n.tokens) {
    if (t->cls == text::TokenClass::name && !t->key.empty()) out.push_back(hash_text(t->key));
  }
}

void first_initial(const NameEntry& n, std::vector<std::uint64_t>& out) {
  if (!n.tokens.empty() && !n.tokens[0]->text.empty())
    out.push_back(mix(static_cast<unsigned char>(n.tokens[0]->text[0])));
}

// The values of one key for one record (none when it does not know it).
void key_values(const RecordTable& table, const PreparedRecord& r, const KeySpec& spec,
                std::vector<std::uint64_t>& out) {
  out.clear();
  switch (spec.key) {
    case Key::name_token:
      for (ValueId id : r.names) token_keys(table.name(id), out);
      break;
    case Key::name_token_pair:
      for (ValueId id : r.names) {
        std::vector<std::uint64_t> keys;
        token_keys(table.name(id), keys);
        for (std::size_t i = 0; i < keys.size(); ++i) {
          for (std::size_t j = i + 1; j < keys.size(); ++j) {
            out.push_back(mix(std::min(keys[i], keys[j]) * 31 + std::max(keys[i], keys[j])));
          }
        }
      }
      break;
    case Key::name_initials:
      for (ValueId id : r.names) {
        std::string letters;
        for (const auto* t : table.name(id).tokens) {
          if (!t->text.empty()) letters += t->text[0];
        }
        std::sort(letters.begin(), letters.end());
        if (letters.size() >= 2) out.push_back(hash_text(letters));
      }
      break;
    case Key::given_key:
      if (r.given != kNone) token_keys(table.name(r.given), out);
      break;
    case Key::surname_key:
      if (r.surname != kNone) token_keys(table.name(r.surname), out);
      break;
    case Key::given_initial:
      if (r.given != kNone) first_initial(table.name(r.given), out);
      break;
    case Key::surname_initial:
      if (r.surname != kNone) first_initial(table.name(r.surname), out);
      break;
    case Key::birth_year:
      if (r.birth.known()) out.push_back(mix(static_cast<std::uint64_t>(r.birth.year)));
      break;
    case Key::birth_date:
      if (r.birth.complete()) {
        out.push_back(mix((static_cast<std::uint64_t>(r.birth.year) << 16) | (r.birth.month << 8) | r.birth.day));
      }
      break;
    case Key::birth_month_day:
      if (r.birth.complete()) out.push_back(mix((static_cast<std::uint64_t>(r.birth.month) << 8) | r.birth.day));
      break;
    case Key::sex:
      if (r.sex != 0) out.push_back(mix(static_cast<unsigned char>(r.sex)));
      break;
    case Key::nationality:
      if (r.nationality != kNone) out.push_back(hash_text(table.string(r.nationality)));
      break;
    case Key::identifier:
      for (ValueId id : r.identifiers) out.push_back(hash_text(table.string(id)));
      break;
    case Key::context:
      for (ValueId id : r.context) out.push_back(hash_text(table.string(id)));
      for (ValueId id : r.associates) out.push_back(hash_text(table.string(id)));
      break;
    case Key::attribute:
      if (r.attributes[spec.attribute] != kNone) out.push_back(hash_text(table.string(r.attributes[spec.attribute])));
      break;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace

Status check_rules(const std::vector<BlockingRule>& rules, const Schema& schema) {
  std::vector<FieldError> errors;
  if (rules.empty()) errors.push_back({"blocking", "must name at least one rule"});
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string field = "blocking[" + std::to_string(i) + "]";
    if (rules[i].keys.empty()) errors.push_back({field, "must name at least one key"});
    for (const auto& k : rules[i].keys) {
      if (!parse_key(k, schema)) errors.push_back({field, "'" + k + "' is no key of these records"});
    }
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return {};
}

std::vector<BlockingRule> default_rules(const Schema& s) {
  std::vector<BlockingRule> rules;
  if (s.names) {
    // Two tokens of a name and a birth year; one token and the whole birth
    // date (a typo in the other token); the initials and the birth date
    // ("M. A. Khan"); two tokens alone for names rare enough (a wrong or
    // missing birth date).
    if (s.birth_date) {
      rules.push_back({{"name_token_pair", "birth_year"}});
      rules.push_back({{"name_token", "birth_date"}});
      rules.push_back({{"name_initials", "birth_date"}});
    }
    rules.push_back({{"name_token_pair"}, 50});
  }
  if (s.split_names) {
    rules.push_back({{"given_key", "surname_key"}});
    if (s.birth_date) rules.push_back({{"surname_key", "birth_year"}});
    if (s.birth_date) rules.push_back({{"given_key", "birth_date"}});
  }
  if (s.identifiers) rules.push_back({{"identifier"}});
  if (rules.empty() && s.birth_date) rules.push_back({{"birth_date"}});
  return rules;
}

std::vector<std::string> compared_by(const BlockingRule& rule, const Schema& schema) {
  std::vector<std::string> out;
  auto add = [&](std::string c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
  };
  for (const auto& k : rule.keys) {
    const auto spec = parse_key(k, schema);
    if (!spec) continue;
    switch (spec->key) {
      // A name says much of its bearer's sex and origin: pairs that share
      // one agree on sex and nationality far more often than chance.
      case Key::name_token:
      case Key::name_token_pair:
      case Key::name_initials: add("name"), add("sex"), add("nationality"); break;
      case Key::given_key:
      case Key::given_initial: add("given_name"), add("sex"), add("nationality"); break;
      case Key::surname_key:
      case Key::surname_initial: add("surname"), add("nationality"); break;
      case Key::birth_year:
      case Key::birth_date:
      case Key::birth_month_day: add("birth_date"); break;
      case Key::sex: add("sex"); break;
      case Key::nationality: add("nationality"); break;
      case Key::identifier: add("identifier"); break;
      case Key::context: add("context"); break;
      case Key::attribute: add(schema.attributes[spec->attribute].name); break;
    }
  }
  return out;
}

std::vector<BlockingRule> default_training_rules(const Schema& s) {
  std::vector<BlockingRule> rules;
  if (s.birth_date) rules.push_back({{"birth_date"}});
  if (s.names) rules.push_back({{"name_token_pair"}});
  if (s.split_names) rules.push_back({{"given_key", "surname_key"}});
  if (s.identifiers) rules.push_back({{"identifier"}});
  return rules;
}

std::string describe(const BlockingRule& rule) {
  std::string out;
  for (const auto& k : rule.keys) out += (out.empty() ? "" : "+") + k;
  return out;
}

namespace {

// Records of one group (one case) share their whole context: a rule on the
// context pairs records of different groups only, or every case would pair
// all its people (who are never merged) by it.
bool across_groups_only(const BlockingRule& rule) {
  return std::find(rule.keys.begin(), rule.keys.end(), "context") != rule.keys.end();
}

bool one_group(const PreparedRecord& a, const PreparedRecord& b) {
  return a.group != kNone && a.group == b.group;
}

struct Packed {
  std::uint64_t pair;  // a << 32 | b
  std::uint32_t rules;
};

// The block keys of records [from, to) under rule `ri`, sorted.
std::vector<BlockEntry> rule_entries(const RecordTable& table, const std::vector<BlockingRule>& rules, std::size_t ri,
                                     std::size_t max_block, std::uint32_t from, std::uint32_t to) {
  std::vector<KeySpec> specs;
  for (const auto& k : rules[ri].keys) specs.push_back(*parse_key(k, table.schema()));
  std::vector<BlockEntry> entries;
  std::vector<std::uint64_t> values, combined, next;
  const bool across = across_groups_only(rules[ri]);
  const std::size_t cap = rules[ri].max_block != 0 ? rules[ri].max_block : max_block;
  for (std::uint32_t i = from; i < to; ++i) {
    // A group larger than the rule's blocks puts all its records in every
    // block of its context: blocks skipped anyway, so not even indexed.
    if (across && table.records_with(table[i].group) > cap) continue;
    combined.assign(1, 0x9e3779b97f4a7c15ULL + ri);
    for (const auto& spec : specs) {
      key_values(table, table[i], spec, values);
      next.clear();
      for (auto c : combined) {
        for (auto v : values) next.push_back(mix(c ^ v));
      }
      combined.swap(next);
      if (combined.empty()) break;
    }
    for (auto c : combined) entries.push_back({c, i});
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

// Sorted and unique pairs with the rules that brought each.
std::vector<CandidatePair> unpack(std::vector<Packed>& packed) {
  std::sort(packed.begin(), packed.end(), [](const Packed& x, const Packed& y) { return x.pair < y.pair; });
  std::vector<CandidatePair> out;
  for (const auto& p : packed) {
    const auto a = static_cast<std::uint32_t>(p.pair >> 32), b = static_cast<std::uint32_t>(p.pair);
    if (!out.empty() && out.back().a == a && out.back().b == b) {
      out.back().rules |= p.rules;
    } else {
      out.push_back({a, b, p.rules});
    }
  }
  return out;
}

}  // namespace

std::vector<CandidatePair> candidate_pairs(const RecordTable& table, const std::vector<BlockingRule>& rules,
                                           const BlockingOptions& options, BlockingStats& stats, std::uint32_t first) {
  std::vector<Packed> packed;
  stats.pairs_by_rule.assign(rules.size(), 0);
  for (std::size_t ri = 0; ri < rules.size(); ++ri) {
    const auto entries = rule_entries(table, rules, ri, options.max_block, 0, static_cast<std::uint32_t>(table.size()));
    const std::size_t cap = rules[ri].max_block != 0 ? rules[ri].max_block : options.max_block;
    // The blocks: [lo, hi) runs of one key.
    std::vector<std::pair<std::size_t, std::size_t>> blocks;
    double pairs_in_blocks = 0;
    for (std::size_t lo = 0; lo < entries.size();) {
      std::size_t hi = lo + 1;
      while (hi < entries.size() && entries[hi].key == entries[lo].key) ++hi;
      const std::size_t size = hi - lo;
      if (size > cap) {
        ++stats.oversized_blocks;
        stats.largest_oversized_block = std::max<std::uint64_t>(stats.largest_oversized_block, size);
      } else if (size > 1 && entries[hi - 1].record >= first) {
        blocks.emplace_back(lo, hi);
        pairs_in_blocks += static_cast<double>(size) * static_cast<double>(size - 1) / 2;
      }
      lo = hi;
    }
    const bool across = across_groups_only(rules[ri]);
    // A pair is kept in a sample when its hash falls under the share wanted.
    const bool sampling = options.sample_pairs != 0 && pairs_in_blocks > static_cast<double>(options.sample_pairs);
    const auto keep_below = static_cast<std::uint64_t>(
        sampling ? static_cast<double>(options.sample_pairs) / pairs_in_blocks * 18446744073709551615.0 : 0);
    for (const auto& [lo, hi] : blocks) {
      for (std::size_t x = lo; x < hi; ++x) {
        for (std::size_t y = x + 1; y < hi; ++y) {
          const std::uint32_t a = entries[x].record, b = entries[y].record;
          if (a == b || b < first) continue;
          if (options.link_only && table[a].source == table[b].source) continue;
          if (across && one_group(table[a], table[b])) continue;
          const std::uint64_t pair = (std::uint64_t{a} << 32) | b;
          if (sampling && mix(pair) >= keep_below) continue;
          packed.push_back({pair, ri < 32 ? 1U << ri : 0U});
          ++stats.pairs_by_rule[ri];
        }
      }
    }
  }
  return unpack(packed);
}

BlockIndex::BlockIndex(std::vector<BlockingRule> rules, BlockingOptions options)
    : rules_(std::move(rules)), options_(options), entries_(rules_.size()) {}

std::vector<CandidatePair> BlockIndex::add(const RecordTable& table, BlockingStats& stats) {
  const std::uint32_t first = indexed_;
  const auto end = static_cast<std::uint32_t>(table.size());
  std::vector<Packed> packed;
  stats.pairs_by_rule.assign(rules_.size(), 0);
  std::vector<std::uint32_t> block;
  for (std::size_t ri = 0; ri < rules_.size(); ++ri) {
    auto& known = entries_[ri];
    const auto fresh = rule_entries(table, rules_, ri, options_.max_block, first, end);
    const std::size_t cap = rules_[ri].max_block != 0 ? rules_[ri].max_block : options_.max_block;
    const bool across = across_groups_only(rules_[ri]);
    for (std::size_t lo = 0; lo < fresh.size();) {
      std::size_t hi = lo + 1;
      while (hi < fresh.size() && fresh[hi].key == fresh[lo].key) ++hi;
      // The block: the records indexed before under this key, then the new ones.
      const auto old = std::equal_range(known.begin(), known.end(), BlockEntry{fresh[lo].key, 0},
                                        [](const BlockEntry& x, const BlockEntry& y) { return x.key < y.key; });
      block.clear();
      for (auto it = old.first; it != old.second; ++it) block.push_back(it->record);
      for (std::size_t k = lo; k < hi; ++k) block.push_back(fresh[k].record);
      if (block.size() > cap) {
        ++stats.oversized_blocks;
        stats.largest_oversized_block = std::max<std::uint64_t>(stats.largest_oversized_block, block.size());
      } else {
        const std::size_t first_new = static_cast<std::size_t>(old.second - old.first);
        for (std::size_t y = first_new; y < block.size(); ++y) {
          for (std::size_t x = 0; x < y; ++x) {
            const std::uint32_t a = block[x], b = block[y];
            if (a == b || (options_.link_only && table[a].source == table[b].source)) continue;
            if (across && one_group(table[a], table[b])) continue;
            packed.push_back({(std::uint64_t{a} << 32) | b, ri < 32 ? 1U << ri : 0U});
            ++stats.pairs_by_rule[ri];
          }
        }
      }
      lo = hi;
    }
    const auto middle = static_cast<std::ptrdiff_t>(known.size());
    known.insert(known.end(), fresh.begin(), fresh.end());
    std::inplace_merge(known.begin(), known.begin() + middle, known.end());
  }
  indexed_ = end;
  return unpack(packed);
}

}  // namespace ariadne::er
