#include "text/variants.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace ariadne::text {

extern const char* const kNameVariantsText;  // generated from name_variants.txt
extern const char* const kNicknamesText;     // generated from nicknames_en.csv

namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool longer_first(const std::pair<std::string, std::string>& a, const std::pair<std::string, std::string>& b) {
  return a.first.size() > b.first.size();
}

}  // namespace

Status NameTable::load(std::string_view text) {
  NameTable& t = *this;
  std::istringstream in{std::string(text)};
  std::string section;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    auto w = words(line);
    if (w.empty()) continue;
    auto bad = [&](const std::string& why) { return Error::invalid("name_variants:" + std::to_string(number), why); };
    if (w[0].front() == '[') {
      if (w.size() != 1 || w[0].back() != ']') return bad("a section header stands alone: [name]");
      section = w[0].substr(1, w[0].size() - 2);
      continue;
    }
    if (section == "variants") {
      if (w.size() < 2) return bad("a variant group needs at least two spellings");
      for (const auto& s : w) {
        if (!t.variants_.emplace(s, w[0]).second) return bad("'" + s + "' is listed twice among the variant groups");
      }
    } else if (section == "particles") {
      t.particles_.insert(w.begin(), w.end());
    } else if (section == "honorifics") {
      t.honorifics_.insert(w.begin(), w.end());
    } else if (section == "common_words") {
      t.common_.insert(w.begin(), w.end());
    } else if (section == "patronymic_endings") {
      t.patronymic_endings_.insert(t.patronymic_endings_.end(), w.begin(), w.end());
    } else if (section == "suffixes") {
      if (w.size() != 2) return bad("an ending rewrite is 'from to'");
      t.suffixes_.emplace_back(w[0], w[1]);
    } else if (section == "prefixes") {
      if (w.size() < 2) return bad("a prefix line is 'key spelling…'");
      for (std::size_t i = 1; i < w.size(); ++i) t.prefixes_.emplace_back(w[i], w[0]);
      t.prefixes_.emplace_back(w[0], w[0]);
    } else {
      return bad("unknown section '" + section + "'");
    }
  }
  std::stable_sort(t.suffixes_.begin(), t.suffixes_.end(), longer_first);
  std::stable_sort(t.prefixes_.begin(), t.prefixes_.end(), longer_first);
  return {};
}

std::string NameTable::rewrite_ending(std::string_view token) const {
  std::string s(token);
  for (const auto& [from, to] : suffixes_) {
    // Keep a stem of at least three letters, so short names are left alone.
    if (s.size() >= from.size() + 3 && s.ends_with(from)) return s.substr(0, s.size() - from.size()) + to;
  }
  return s;
}

std::string NameTable::canonical(std::string_view token) const {
  if (auto it = variants_.find(std::string(token)); it != variants_.end()) return it->second;
  std::string s = rewrite_ending(token);
  if (auto it = variants_.find(s); it != variants_.end()) return it->second;
  return s;
}

bool NameTable::in_variant_group(std::string_view token) const {
  return variants_.contains(std::string(token));
}

TokenClass NameTable::classify(std::string_view token) const {
  std::string s(token);
  if (particles_.contains(s)) return TokenClass::particle;
  if (honorifics_.contains(s)) return TokenClass::honorific;
  if (common_.contains(s)) return TokenClass::common_word;
  for (const auto& e : patronymic_endings_) {
    if (s.size() >= e.size() + 3 && s.ends_with(e)) return TokenClass::patronymic;
  }
  return TokenClass::name;
}

std::pair<std::string, std::string> NameTable::split_prefix(std::string_view token) const {
  for (const auto& [spelling, key] : prefixes_) {
    // The rest must be a name of its own (three letters at least).
    if (token.size() >= spelling.size() + 3 && token.starts_with(spelling)) {
      return {key, std::string(token.substr(spelling.size()))};
    }
  }
  return {};
}

std::string NameTable::prefix_of(std::string_view token) const {
  for (const auto& [spelling, key] : prefixes_) {
    if (spelling == token) return key;
  }
  // A typing error inside a prefix written apart ("Abeul Manan"): one letter
  // replaced, after the first two, in a spelling of five letters or more, by
  // a letter of the other class. Spellings of a prefix differ in vowels and
  // voicing (Abdol, Abtol), never a consonant for a vowel: those stay names.
  auto vowel = [](char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; };
  for (const auto& [spelling, key] : prefixes_) {
    if (spelling.size() < 5 || spelling.size() != token.size() || spelling.compare(0, 2, token.substr(0, 2)) != 0) {
      continue;
    }
    int differ = 0;
    bool across = false;
    for (std::size_t i = 2; i < token.size(); ++i) {
      if (spelling[i] == token[i]) continue;
      ++differ;
      across = vowel(spelling[i]) != vowel(token[i]);
    }
    if (differ == 1 && across) return key;
  }
  // Two adjacent letters swapped, as lists carry them ("Abudl", "Adbul"), in
  // a spelling of five letters or more.
  for (const auto& [spelling, key] : prefixes_) {
    if (spelling.size() < 5 || spelling.size() != token.size()) continue;
    for (std::size_t i = 0; i + 1 < token.size(); ++i) {
      if (token[i] == spelling[i]) continue;
      if (token[i] == spelling[i + 1] && token[i + 1] == spelling[i] &&
          token.substr(i + 2) == std::string_view(spelling).substr(i + 2)) {
        return key;
      }
      break;
    }
  }
  return {};
}

Status NameTable::load_nicknames(std::string_view csv) {
  std::istringstream in{std::string(csv)};
  std::unordered_map<std::string, std::uint32_t> ids;
  auto id_of = [&ids](const std::string& name) {
    return ids.try_emplace(name, static_cast<std::uint32_t>(ids.size())).first->second;
  };
  auto add = [this](const std::string& token, std::uint32_t code) {
    auto& v = given_[token];
    if (std::find(v.begin(), v.end(), code) == v.end()) v.push_back(code);
  };
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 || line.empty()) continue;  // the header
    const auto comma = line.find(',');
    auto bad = [&](const std::string& why) { return Error::invalid("nicknames:" + std::to_string(number), why); };
    if (comma == std::string::npos || line.find(',', comma + 1) != std::string::npos) {
      return bad("a line is 'canonical,nickname'");
    }
    const std::string name = line.substr(0, comma);
    // A nickname of initials ("k.c.") is kept as its letters written together.
    std::string nick = line.substr(comma + 1);
    std::erase(nick, '.');
    auto lower_ascii = [](const std::string& s) {
      return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    };
    if (!lower_ascii(name) || !lower_ascii(nick)) return bad("names are lower-case ASCII letters");
    if (name == nick) return bad("a name is not its own nickname");
    const auto id = id_of(name);
    add(name, id << 1);
    add(nick, (id << 1) | 1);
    ++nicknames_;
  }
  // A canonical name stands for its whole variant group (Mikhail, Michael).
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_group;
  for (const auto& [name, id] : ids) {
    if (auto it = variants_.find(name); it != variants_.end()) by_group[it->second].push_back(id << 1);
  }
  for (const auto& [spelling, group] : variants_) {
    auto it = by_group.find(group);
    if (it == by_group.end()) continue;
    for (const auto code : it->second) add(spelling, code);
  }
  for (auto& [token, codes] : given_) std::sort(codes.begin(), codes.end());
  return {};
}

const std::vector<std::uint32_t>* NameTable::given_name_ids(std::string_view token) const {
  if (given_.empty()) return nullptr;
  auto it = given_.find(std::string(token));
  return it == given_.end() ? nullptr : &it->second;
}

bool NameTable::nickname_related(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  // Both lists are short and ascending: walk them together by id.
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const auto x = a[i] >> 1, y = b[j] >> 1;
    if (x < y) {
      ++i;
    } else if (y < x) {
      ++j;
    } else {
      // The same name: related unless both tokens are that name itself.
      if ((a[i] & 1) || (b[j] & 1)) return true;
      ++i;
      ++j;
    }
  }
  return false;
}

namespace {

// The text is compiled in and covered by a unit test: a failure here is a build defect.
NameTable load_compiled_table() {
  NameTable table;
  if (auto loaded = table.load(kNameVariantsText); !loaded) {
    const auto& e = loaded.error();
    throw std::logic_error(e.fields.empty() ? e.message : e.fields[0].field + ": " + e.fields[0].reason);
  }
  if (auto loaded = table.load_nicknames(kNicknamesText); !loaded) {
    const auto& e = loaded.error();
    throw std::logic_error(e.fields.empty() ? e.message : e.fields[0].field + ": " + e.fields[0].reason);
  }
  return table;
}

}  // namespace

const NameTable& name_table() {
  static const NameTable table = load_compiled_table();
  return table;
}

}  // namespace ariadne::text
