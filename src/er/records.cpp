#include "er/records.hpp"

#include <algorithm>
#include <thread>
#include <unordered_set>

#include "text/normalise.hpp"

namespace ariadne::er {

const char* to_string(AttributeKind k) {
  switch (k) {
    case AttributeKind::text: return "text";
    case AttributeKind::code: return "code";
    case AttributeKind::category: return "category";
  }
  return "text";
}

namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

bool parse_birth_date(std::string_view text, BirthDate& out) {
  std::string_view y, m, d;
  if (text.size() == 8 && digits(text)) {
    y = text.substr(0, 4), m = text.substr(4, 2), d = text.substr(6, 2);
  } else {
    y = text.substr(0, 4);
    if (text.size() >= 7) {
      if (text[4] != '-') return false;
      m = text.substr(5, 2);
    }
    if (text.size() == 10) {
      if (text[7] != '-') return false;
      d = text.substr(8, 2);
    }
    if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
  }
  if (!digits(y) || (!m.empty() && !digits(m)) || (!d.empty() && !digits(d))) return false;
  const int year = number(y), month = m.empty() ? 0 : number(m), day = d.empty() ? 0 : number(d);
  if (year == 0 || (!m.empty() && (month < 1 || month > 12)) || (!d.empty() && (day < 1 || day > 31))) return false;
  out = {static_cast<std::int16_t>(year), static_cast<std::int8_t>(month), static_cast<std::int8_t>(day)};
  return true;
}

RecordTable::RecordTable(Schema schema) : schema_(std::move(schema)) {}

ValueId RecordTable::intern_name(const std::string& raw) {
  if (raw.empty()) return kNone;
  if (auto it = name_by_raw_.find(raw); it != name_by_raw_.end()) return it->second;
  return intern_prepared(raw, text::prepare_name(raw));
}

ValueId RecordTable::intern_prepared(const std::string& raw, text::PreparedName prepared) {
  std::string joined;
  for (const auto& t : prepared.tokens) {
    if (!joined.empty()) joined += ' ';
    joined += t.text;
  }
  ValueId id = kNone;
  if (!joined.empty()) {
    auto [it, fresh] = name_by_text_.try_emplace(joined, static_cast<ValueId>(names_.size()));
    if (fresh) {
      NameEntry& e = names_.emplace_back();
      e.name = std::move(prepared);
      for (const auto& t : e.name.tokens) e.tokens.push_back(&t);
      e.text = joined;
    }
    id = it->second;
  }
  name_by_raw_.emplace(raw, id);
  return id;
}

ValueId RecordTable::intern_string(std::string_view s) {
  if (s.empty()) return kNone;
  if (auto it = string_ids_.find(s); it != string_ids_.end()) return it->second;
  const auto id = static_cast<ValueId>(strings_.size());
  strings_.push_back({std::string(s), 0});
  string_ids_.emplace(strings_.back().text, id);
  return id;
}

double RecordTable::name_frequency(ValueId id) const {
  if (records_.empty()) return 0.0;
  const auto& n = names_[id];
  double holders = n.records;
  if (schema_.birth_date && !n.years.empty() && n.years.size() < NameEntry::kMaxYears) {
    const double per_year = static_cast<double>(name_records_) / static_cast<double>(name_years_);
    holders = std::min(holders, static_cast<double>(n.years.size()) * per_year);
  }
  return holders / static_cast<double>(records_.size());
}

void RecordTable::set_associates(std::uint32_t record, const std::vector<std::uint32_t>& clusters) {
  auto& associates = records_[record].associates;
  associates.clear();
  for (const auto c : clusters) associates.push_back(intern_string("associate:" + std::to_string(c)));
  std::sort(associates.begin(), associates.end());
  associates.erase(std::unique(associates.begin(), associates.end()), associates.end());
}

double RecordTable::string_frequency(ValueId id) const {
  return records_.empty() ? 0.0 : static_cast<double>(strings_[id].records) / static_cast<double>(records_.size());
}

void RecordTable::add(std::span<const PersonRecord> records, unsigned threads) {
  // The names not met before, each once: preparing them (transliteration,
  // keys) is most of the cost, and independent of the table.
  std::vector<const std::string*> fresh;
  std::unordered_set<std::string_view> seen;
  auto note = [&](const std::string& raw) {
    if (!raw.empty() && !name_by_raw_.contains(raw) && seen.insert(raw).second) fresh.push_back(&raw);
  };
  for (const auto& r : records) {
    if (schema_.names) {
      for (const auto& n : r.names) note(n);
    }
    if (schema_.split_names) note(r.given_name), note(r.surname);
  }
  std::vector<text::PreparedName> prepared(fresh.size());
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, fresh.size() / 256)));
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t i = t; i < fresh.size(); i += threads) prepared[i] = text::prepare_name(*fresh[i]);
    });
  }
  for (auto& w : workers) w.join();
  for (std::size_t i = 0; i < fresh.size(); ++i) intern_prepared(*fresh[i], std::move(prepared[i]));
  for (const auto& r : records) add(r);
}

std::uint32_t RecordTable::add(const PersonRecord& r) {
  PreparedRecord p;
  p.source = r.source;
  // Each distinct value counts once per record, for its frequency.
  auto count_string = [&](ValueId id) {
    if (id != kNone) ++strings_[id].records;
    return id;
  };
  if (schema_.names) {
    for (const auto& n : r.names) {
      const ValueId id = intern_name(n);
      if (id != kNone && std::find(p.names.begin(), p.names.end(), id) == p.names.end()) {
        p.names.push_back(id);
        ++names_[id].records;
        weights_.add(names_[id].name);
      }
    }
  }
  if (schema_.split_names) {
    p.given = intern_name(r.given_name);
    p.surname = intern_name(r.surname);
    for (ValueId id : {p.given, p.surname}) {
      if (id == kNone) continue;
      ++names_[id].records;
      weights_.add(names_[id].name);
    }
  }
  if (schema_.birth_date && !r.birth_date.empty() && !parse_birth_date(r.birth_date, p.birth)) ++bad_birth_dates_;
  if (schema_.sex && r.sex.size() == 1) p.sex = r.sex[0];
  if (schema_.nationality) p.nationality = count_string(intern_string(r.nationality));
  if (schema_.identifiers) {
    for (const auto& v : r.identifiers) {
      const ValueId id = intern_string(v);
      if (id != kNone && std::find(p.identifiers.begin(), p.identifiers.end(), id) == p.identifiers.end()) {
        p.identifiers.push_back(count_string(id));
      }
    }
    std::sort(p.identifiers.begin(), p.identifiers.end());
  }
  if (schema_.context) {
    for (const auto& v : r.context) {
      const ValueId id = intern_string(v);
      // The record's own identifiers are compared as such.
      if (id != kNone && !std::binary_search(p.identifiers.begin(), p.identifiers.end(), id)) p.context.push_back(id);
    }
    std::sort(p.context.begin(), p.context.end());
    p.context.erase(std::unique(p.context.begin(), p.context.end()), p.context.end());
    for (const ValueId id : p.context) count_string(id);
  }
  p.group = count_string(intern_string(r.group));
  if (schema_.birth_date && p.birth.known()) {
    auto note_year = [&](ValueId id) {
      if (id == kNone) return;
      auto& years = names_[id].years;
      ++name_records_;
      const auto at = std::lower_bound(years.begin(), years.end(), p.birth.year);
      if (years.size() < NameEntry::kMaxYears && (at == years.end() || *at != p.birth.year)) {
        years.insert(at, p.birth.year);
        ++name_years_;
      }
    };
    for (ValueId id : p.names) note_year(id);
    note_year(p.given);
    note_year(p.surname);
  }
  for (std::size_t a = 0; a < schema_.attributes.size(); ++a) {
    p.attributes.push_back(count_string(intern_string(a < r.attributes.size() ? r.attributes[a] : "")));
  }
  records_.push_back(std::move(p));
  return static_cast<std::uint32_t>(records_.size() - 1);
}

}  // namespace ariadne::er
