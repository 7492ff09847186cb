#include "screen/index.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <string_view>
#include <thread>
#include <tuple>

#include <nlohmann/json.hpp>

#include "ident/document_number.hpp"
#include "notices/notices.hpp"
#include "policy/roles.hpp"
#include "store/change_log.hpp"
#include "text/phonetic.hpp"
#include "text/readings.hpp"
#include "text/variants.hpp"

namespace ariadne::screen {
namespace {

// How many spellings the postings may propose per result asked for, and at least.
constexpr std::size_t kCandidatesPerResult = 10;
constexpr std::size_t kMinCandidates = 100;
// Trigrams held by more than 0.5% of the names (and more than this many)
// are skipped: they say little and cost the most to gather.
constexpr std::size_t kMinCommonGram = 200;
// Votes per shared key: a trigram says less than a spelling, a phonetic key,
// an initial beside a name or a set of consonants.
constexpr std::uint16_t kGramVote = 1;
constexpr std::uint16_t kKeyVote = 3;
// Spellings this many edits or more from the query as written rank alike
// (the tie-break among equal scores need not tell them apart).
constexpr int kFarWritten = 8;

ScreenRecord record_from(notices::PublishedSubject&& p) {
  ScreenRecord rec;
  rec.id = p.id;
  rec.kind = std::string(notices::to_string(p.kind));
  rec.type = std::string(notices::to_string(p.type));
  rec.extract_to_all = p.extract_to_all;
  rec.meta = std::move(p.meta);
  rec.subject = std::move(p.subject);  // names are prepared by the index, each spelling once
  return rec;
}

// The keys a token is posted under: its phonetic key, its canonical spelling,
// its consonant skeleton and the trigrams of its spelling (with word
// boundaries). A query looks its skeleton up only when written without
// vowels: for other spellings the phonetic key says more.
void add_token_keys(const text::PreparedToken& t, bool query, bool grams, std::vector<std::string>& keys) {
  keys.push_back("c:" + t.canon);
  if (t.key.size() >= 2) keys.push_back("p:" + t.key);
  if (t.skeleton.size() >= 3 && (!query || t.vowel_poor)) keys.push_back("v:" + t.skeleton);
  // The set of its consonants, first letter apart: a swap or a doubled letter
  // (Jonhson, Johnsson) keeps it, where a typo may change every other key.
  std::string consonants;
  for (std::size_t i = 1; i < t.norm.size(); ++i) {
    const char c = t.norm[i];
    if (std::isalpha(static_cast<unsigned char>(c)) && std::string_view("aeiouy").find(c) == std::string_view::npos) {
      consonants += c;
    }
  }
  std::sort(consonants.begin(), consonants.end());
  consonants.erase(std::unique(consonants.begin(), consonants.end()), consonants.end());
  if (consonants.size() >= 3) keys.push_back("s:" + t.norm.substr(0, 1) + consonants);
  if (!grams) return;
  const std::string padded = "^" + t.norm + "$";
  for (std::size_t i = 0; i + 3 <= padded.size(); ++i) keys.push_back("g:" + padded.substr(i, 3));
}

// The spellings of `s` one letter shorter, each once ("anna": nna, ana, ann).
std::vector<std::string> deletions(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && s[i] == s[i - 1]) continue;  // the same shorter spelling as the letter before
    out.push_back(s.substr(0, i) + s.substr(i + 1));
  }
  return out;
}

// Each spelling of a token one letter shorter (from four letters on). Two
// spellings one typing error apart (a letter dropped, added, replaced, or
// two swapped) meet by them, when trigrams and phonetic keys may all differ
// ("Thoas" and Thomas share one trigram): see typo_keys.
void add_deletion_keys(const text::PreparedToken& t, std::vector<std::string>& keys) {
  if (t.initial() || t.norm.size() < 4) return;
  for (const auto& d : deletions(t.norm)) keys.push_back("d:" + d);
}

// The keys a query token looks up for the spellings one typing error away:
// those one letter longer (a letter dropped: the token is one of their
// deletion keys), as long with a letter replaced or two swapped (a deletion
// key in common), and one letter shorter (a letter added: their canonical
// spelling, so "Davidd" finds David under its group's key).
void typo_keys(const text::PreparedToken& t, std::vector<std::string>& keys) {
  if (t.initial() || t.norm.size() < 3) return;
  keys.push_back("d:" + t.norm);
  if (t.norm.size() < 4) return;
  const auto& table = text::name_table();
  for (const auto& d : deletions(t.norm)) {
    keys.push_back("d:" + d);
    keys.push_back("c:" + table.canonical(d));
  }
}

// A Latin name part's key among the readings of Han and Hangul words (Kim,
// Gim: "r:kim"; a query looks it up apart: see best_by_votes).
void add_folded_key(const text::PreparedToken& t, std::vector<std::string>& keys) {
  constexpr std::size_t kLongestPart = 12;
  if (t.transliterated || t.cls != text::TokenClass::name || t.text.size() < 2 || t.text.size() > kLongestPart) return;
  keys.push_back("r:" + text::cjk_fold(t.text));
}

// The keys of the given names a token is or shortens (Tony: Anthony's).
void add_given_keys(const text::PreparedToken& t, std::vector<std::string>& keys) {
  if (!t.given) return;
  for (const auto code : *t.given) keys.push_back("n:" + std::to_string(code >> 1));
}

// The keys a token is posted under (a query looks its deletion and given
// name keys up apart: see best_by_votes).
std::vector<std::string> token_keys(const text::PreparedToken& t, bool query) {
  std::vector<std::string> keys;
  if (t.initial()) return keys;
  add_token_keys(t, query, true, keys);
  if (!query) add_deletion_keys(t, keys);
  // The given names it is or shortens: Tony and Anthony meet under Anthony's
  // (a query looks them up apart: see best_by_votes).
  if (!query) add_given_keys(t, keys);
  // Han and Hangul words meet Latin spellings of their parts by their
  // readings in every language (金正恩: kim, jong, un, kimjong, …), folded
  // as readings.hpp compares them.
  constexpr std::size_t kReadingKeys = 48;
  if (t.transliterated && text::has_readings(t.script)) {
    for (auto& r : text::reading_keys(t.original, kReadingKeys)) keys.push_back("r:" + r);
  } else if (!query) {
    add_folded_key(t, keys);
  }
  // The Arabic article written glued to its noun ("Altamimi", a machine's
  // "alshmry") is also posted as the noun alone, as "Al-Tamimi" and
  // التميمي are: the matcher joins the two, retrieval must meet them.
  const std::string_view text = t.text;
  if (!t.transliterated && t.cls == text::TokenClass::name && text.size() >= 6 &&
      (text.starts_with("al") || text.starts_with("el"))) {
    add_token_keys(text::prepare_token(std::string(text.substr(2)), text::RawToken{}), query, false, keys);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// The keys a name is posted under, or with `query` the keys a query looks up.
std::vector<std::string> name_keys(const text::PreparedName& n, bool query) {
  std::vector<std::string> keys;
  for (const auto& t : n.tokens) {
    auto k = token_keys(t, query);
    keys.insert(keys.end(), k.begin(), k.end());
  }
  // A run of initials is also posted whole, for the abbreviation ("A.B.C." / ABC).
  for (const auto& [from, to] : text::letter_runs(n.tokens)) {
    std::string joined;
    for (std::size_t k = from; k < to; ++k) joined += n.tokens[k].text;
    keys.push_back("c:" + joined);
  }
  // Each name's initial beside each other name: "J. Smith" finds the Smiths
  // whose other name starts with J among hundreds of Smiths.
  auto counts = [](const text::PreparedToken& t) {
    return t.cls == text::TokenClass::name || t.cls == text::TokenClass::patronymic;
  };
  // Pairs of the first kPairedTokens tokens only: a hostile name of hundreds
  // of words must not make a quadratic number of keys.
  constexpr std::size_t kPairedTokens = 8;
  const std::size_t paired = std::min(n.tokens.size(), kPairedTokens);
  for (std::size_t a = 0; a < paired; ++a) {
    const auto& first = n.tokens[a];
    if (!counts(first) || first.text.empty()) continue;
    for (std::size_t b = 0; b < paired; ++b) {
      const auto& other = n.tokens[b];
      if (b == a || other.initial() || !counts(other)) continue;
      keys.push_back("i:" + first.text.substr(0, 1) + other.canon);
      // Two names' phonetic keys together: across scripts (عائشة التميمي,
      // Aisha Al-Tamimi) spellings share few trigrams, and each key alone
      // is shared by thousands of names.
      if (b > a && !first.initial() && first.key.size() >= 2 && other.key.size() >= 2) {
        keys.push_back("q:" + std::min(first.key, other.key) + '+' + std::max(first.key, other.key));
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// A name's tokens as written once normalised, space-separated.
std::string written(const std::vector<const text::PreparedToken*>& tokens) {
  std::string out;
  for (const auto* t : tokens) {
    if (!out.empty()) out += ' ';
    out += t->text;
  }
  return out;
}

std::uint64_t key_hash(std::string_view key) {
  return std::hash<std::string_view>{}(key);
}

// A name as written, up to the case of ASCII letters and punctuation: "ABDUL
// RAHMAN" and "Abdul Rahman," alike, "Abdurrahman" not (though all three
// prepare alike).
std::uint32_t written_hash(std::string_view name) {
  std::string folded;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) {
      folded += static_cast<char>(std::tolower(u));
    } else if (!folded.empty() && folded.back() != ' ') {
      folded += ' ';
    }
  }
  if (!folded.empty() && folded.back() == ' ') folded.pop_back();
  return static_cast<std::uint32_t>(key_hash(folded));
}

// The subject in a compact byte form (lengths as varints), decoded only for
// the records a search returns.
void put_size(std::string& out, std::size_t n) {
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7F) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}
void put_text(std::string& out, std::string_view s) {
  put_size(out, s.size());
  out.append(s);
}
void put_maybe(std::string& out, const std::optional<std::string>& s) {
  out += s ? '\1' : '\0';
  if (s) put_text(out, *s);
}
void put_texts(std::string& out, const std::vector<std::string>& v) {
  put_size(out, v.size());
  for (const auto& s : v) put_text(out, s);
}

std::string encode_subject(const notices::Subject& s) {
  std::string out;
  put_size(out, s.names.size());
  for (const auto& n : s.names) {
    put_text(out, n.full);
    put_text(out, n.script);
    put_text(out, n.kind);
    put_maybe(out, n.given);
    put_maybe(out, n.family);
    out += n.weak ? '\1' : '\0';
  }
  put_texts(out, s.birth_dates);
  put_maybe(out, s.sex);
  put_texts(out, s.nationalities);
  put_texts(out, s.places_of_birth);
  put_size(out, s.documents.size());
  for (const auto& d : s.documents) {
    put_text(out, d.number);
    put_text(out, d.issuing_state);
    put_text(out, d.type);
  }
  put_texts(out, s.marks);
  put_texts(out, s.languages);
  put_texts(out, s.photos);
  out += s.victim ? '\1' : '\0';
  return out;
}

struct Reader {
  std::string_view in;
  std::size_t size() {
    std::size_t n = 0;
    for (int shift = 0; !in.empty(); shift += 7) {
      const auto b = static_cast<unsigned char>(in.front());
      in.remove_prefix(1);
      n |= static_cast<std::size_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    return n;
  }
  std::string text() {
    const auto n = std::min(size(), in.size());
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
  bool flag() {
    if (in.empty()) return false;
    const bool f = in.front() != '\0';
    in.remove_prefix(1);
    return f;
  }
  std::optional<std::string> maybe() { return flag() ? std::optional<std::string>(text()) : std::nullopt; }
  std::vector<std::string> texts() {
    std::vector<std::string> v(size());
    for (auto& s : v) s = text();
    return v;
  }
};

notices::Subject decode_subject(std::string_view bytes) {
  Reader r{bytes};
  notices::Subject s;
  s.names.resize(r.size());
  for (auto& n : s.names) {
    n.full = r.text();
    n.script = r.text();
    n.kind = r.text();
    n.given = r.maybe();
    n.family = r.maybe();
    n.weak = r.flag();
  }
  s.birth_dates = r.texts();
  s.sex = r.maybe();
  s.nationalities = r.texts();
  s.places_of_birth = r.texts();
  s.documents.resize(r.size());
  for (auto& d : s.documents) {
    d.number = r.text();
    d.issuing_state = r.text();
    d.type = r.text();
  }
  s.marks = r.texts();
  s.languages = r.texts();
  s.photos = r.texts();
  s.victim = r.flag();
  return s;
}

std::vector<std::uint64_t> document_hashes(const notices::Subject& s) {
  std::vector<std::uint64_t> out;
  for (const auto& d : s.documents) {
    auto number = ident::normalise_document_number(d.number);
    if (!number.empty()) out.push_back(key_hash(number));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Removes `id` from an ascending posting list; drops the list when empty.
template <typename Map>
void unpost(Map& map, std::uint64_t key, std::uint32_t id) {
  auto p = map.find(key);
  if (p == map.end()) return;
  auto& list = p->second;
  auto at = std::lower_bound(list.begin(), list.end(), id);
  if (at != list.end() && *at == id) list.erase(at);
  if (list.empty()) map.erase(p);
}

// Whether a caller sees a record (see extract_only_for), from its parts.
std::optional<bool> view_for(const policy::Caller& caller, const policy::RecordMeta& meta, bool notice,
                             bool extract_to_all, bool victim) {
  if (!policy::role_may(caller.role, policy::Action::record_read)) return std::nullopt;
  // The index holds published records only.
  if (victim && !notices::may_see_victim(caller, meta, notices::NoticeStatus::published)) return std::nullopt;
  if (policy::can_read(caller, meta)) return false;
  if (extract_to_all && notice && caller.member_kind != policy::MemberKind::partner && !victim) return true;
  return std::nullopt;
}

// Per-thread vote counters, one per spelling id, zero between searches.
struct Votes {
  std::vector<std::uint16_t> count;
  std::vector<std::uint32_t> touched;
  // Scratch kept between searches: large enough to be worth not reallocating.
  std::vector<std::uint32_t> alive;
  std::vector<std::pair<std::uint16_t, std::uint32_t>> ranked;
  std::vector<std::uint8_t> stamp;  // the last query token whose typo keys voted for a spelling
  std::vector<std::uint32_t> stamped;
};

thread_local Votes thread_votes;

// Adds `add` to the count of every spelling of `list`, noting those first seen.
void gather(const std::vector<std::uint32_t>& list, std::uint16_t add, std::uint16_t* count,
            std::vector<std::uint32_t>& touched) {
  for (const auto n : list) {
    auto& c = count[n];
    if (c == 0) touched.push_back(n);
    c = static_cast<std::uint16_t>(c + add);
  }
}

// Adds `add` to the count of each of `wanted` (ascending) that `list` holds.
// Galloping: the next wanted spelling is usually near the last one found,
// so the search widens from there before it halves.
void probe(const std::vector<std::uint32_t>& list, std::uint16_t add, const std::vector<std::uint32_t>& wanted,
           std::uint16_t* count) {
  const std::uint32_t* from = list.data();
  const std::uint32_t* const end = list.data() + list.size();
  for (const auto n : wanted) {
    std::size_t step = 1;
    const std::uint32_t* low = from;
    while (low + step < end && low[step] < n) {
      low += step;
      step *= 2;
    }
    from = std::lower_bound(low, std::min(low + step + 1, end), n);
    if (from == end) break;
    if (*from == n) count[n] = static_cast<std::uint16_t>(count[n] + add);
  }
}

}  // namespace

std::optional<bool> extract_only_for(const policy::Caller& caller, const ScreenRecord& r) {
  return view_for(caller, r.meta, r.kind == "notice", r.extract_to_all, r.subject.victim);
}

Result<std::optional<ScreenRecord>> load_record(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto found, notices::find_published_subject(db, id));
  if (!found) return std::optional<ScreenRecord>{};
  return std::optional<ScreenRecord>{record_from(std::move(*found))};
}

Result<std::unique_ptr<ScreeningIndex>> ScreeningIndex::build(store::Database& db) {
  auto index = std::make_unique<ScreeningIndex>();
  ARIADNE_ASSIGN(auto seq, store::last_change_seq(db));
  std::vector<ScreenRecord> records;
  ARIADNE_TRY(notices::for_each_published_subject(db, [&](notices::PublishedSubject&& p) {
    records.push_back(record_from(std::move(p)));
    return true;
  }));
  index->upsert_all(std::move(records));
  index->seq_ = seq;
  return index;
}

Result<std::int64_t> ScreeningIndex::follow(store::Database& db) {
  std::int64_t total = 0;
  for (;;) {
    ARIADNE_ASSIGN(auto changes, store::changes_since(db, seq_.load()));
    if (changes.empty()) return total;
    ARIADNE_ASSIGN(auto ids, store::changed_ids(changes, "notices"));
    // Read every changed record outside the lock, then apply the batch at once.
    std::vector<ScreenRecord> present;
    std::vector<std::int64_t> gone;
    for (auto id : ids) {
      ARIADNE_ASSIGN(auto rec, load_record(db, id));
      if (rec) {
        present.push_back(std::move(*rec));
      } else {
        gone.push_back(id);
      }
    }
    {
      std::unique_lock lock(mutex_);
      for (auto id : gone) remove_locked(id);
      for (auto& r : present) upsert_locked(std::move(r));
    }
    seq_ = changes.back().seq;
    total += static_cast<std::int64_t>(changes.size());
  }
}

struct ScreeningIndex::Spelled {
  text::PreparedName name;
  std::vector<std::uint64_t> keys;    // hashes of name_keys(name)
  std::vector<std::uint32_t> tokens;  // interned ids, set under the lock
  // In a bulk upsert, the posting list of each key (no list is erased
  // meanwhile) and how many names of the batch are spelled so.
  std::vector<std::vector<std::uint32_t>*> lists;
  std::size_t uses = 0;
};

void ScreeningIndex::upsert(ScreenRecord r) {
  std::vector<Spelled> names;
  if (r.names.empty()) {
    for (const auto& n : r.subject.names) names.push_back(spell(text::prepare_name(n.full)));
  } else {
    for (auto& n : r.names) names.push_back(spell(std::move(n)));
  }
  std::vector<Spelled*> refs;
  for (auto& n : names) refs.push_back(&n);
  std::unique_lock lock(mutex_);
  remove_locked(r.id);
  for (auto* n : refs) intern_tokens(*n);
  insert_locked(r, refs);
}

void ScreeningIndex::upsert_locked(ScreenRecord r) {
  std::vector<Spelled> names;
  if (r.names.empty()) {
    for (const auto& n : r.subject.names) names.push_back(spell(text::prepare_name(n.full)));
  } else {
    for (auto& n : r.names) names.push_back(spell(std::move(n)));
  }
  std::vector<Spelled*> refs;
  for (auto& n : names) {
    intern_tokens(n);
    refs.push_back(&n);
  }
  remove_locked(r.id);
  insert_locked(r, refs);
}

void ScreeningIndex::upsert_all(std::vector<ScreenRecord> records) {
  // Distinct spellings of the names to prepare (records that bring their own
  // prepared names keep them).
  std::unordered_map<std::string_view, std::uint32_t> which;
  std::vector<std::string_view> spellings;
  std::vector<std::uint32_t> spelling_of;  // per subject name of records without prepared names, in order
  for (const auto& r : records) {
    if (!r.names.empty()) continue;
    for (const auto& n : r.subject.names) {
      auto [it, added] = which.try_emplace(n.full, static_cast<std::uint32_t>(spellings.size()));
      if (added) spellings.push_back(n.full);
      spelling_of.push_back(it->second);
    }
  }
  which = {};
  std::vector<Spelled> spelled(spellings.size());
  {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i; (i = next.fetch_add(1)) < spellings.size();)
        spelled[i] = spell(text::prepare_name(spellings[i]));
    };
    std::vector<std::thread> pool;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned t = 1; t < cores && spellings.size() > 1000; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }
  // A record given twice: the later one stays.
  std::vector<char> skip(records.size(), 0);
  {
    std::unordered_map<std::int64_t, std::size_t> last;
    for (std::size_t i = 0; i < records.size(); ++i) {
      auto [it, added] = last.try_emplace(records[i].id, i);
      if (!added) {
        skip[it->second] = 1;
        it->second = i;
      }
    }
  }
  std::vector<std::vector<Spelled>> own(records.size());
  std::unique_lock lock(mutex_);
  for (auto& s : spelled) intern_tokens(s);
  for (const auto& r : records) remove_locked(r.id);
  {
    // Posting lists sized once: growing them by doubling would leave the
    // heap fragmented (resident but unused) after a large build.
    std::vector<std::uint32_t> uses(spelled.size(), 0);
    std::size_t next = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!records[i].names.empty()) continue;
      for (std::size_t k = 0; k < records[i].subject.names.size(); ++k, ++next) {
        if (!skip[i]) ++uses[spelling_of[next]];
      }
    }
    // A spelling is posted once, however many namesakes hold it.
    std::unordered_map<std::uint64_t, std::size_t> adds;
    adds.reserve(spelled.size() * 8);  // keys are several per spelling, mostly shared: no rehash on the way
    for (std::size_t i = 0; i < spelled.size(); ++i) {
      spelled[i].uses = uses[i];
      if (uses[i] == 0) continue;
      for (auto k : spelled[i].keys) ++adds[k];
    }
    postings_.reserve(postings_.size() + adds.size());
    for (const auto& [k, n] : adds) {
      auto& list = postings_[k];
      list.reserve(list.size() + n);
    }
    for (auto& sp : spelled) {
      for (auto k : sp.keys) sp.lists.push_back(&postings_[k]);
    }
  }
  std::vector<Spelled*> refs;
  std::size_t next_spelling = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& r = records[i];
    refs.clear();
    if (r.names.empty()) {
      for (std::size_t k = 0; k < r.subject.names.size(); ++k) refs.push_back(&spelled[spelling_of[next_spelling++]]);
    } else if (!skip[i]) {
      for (auto& n : r.names) {
        own[i].push_back(spell(std::move(n)));
        intern_tokens(own[i].back());
      }
      for (auto& n : own[i]) refs.push_back(&n);
    }
    if (!skip[i]) insert_locked(r, refs);
  }
}

void ScreeningIndex::remove(std::int64_t id) {
  std::unique_lock lock(mutex_);
  remove_locked(id);
}

ScreeningIndex::Spelled ScreeningIndex::spell(text::PreparedName name) {
  Spelled s;
  for (const auto& k : name_keys(name, false)) s.keys.push_back(key_hash(k));
  s.name = std::move(name);
  return s;
}

void ScreeningIndex::intern_tokens(Spelled& s) {
  s.tokens.clear();
  for (const auto& t : s.name.tokens) s.tokens.push_back(intern_token(t));
}

std::uint32_t ScreeningIndex::intern_token(const text::PreparedToken& t) {
  // Every field, so two tokens share an id only when the matcher cannot tell them apart.
  std::string key;
  key.reserve(t.text.size() + t.norm.size() + t.canon.size() + t.key.size() + t.original.size() * 4 + 16);
  for (const auto* part : {&t.text, &t.norm, &t.canon, &t.key}) {
    key += *part;
    key += '\0';
  }
  key += static_cast<char>(t.cls);
  key += static_cast<char>(t.transliterated);
  key += static_cast<char>(t.abjad);
  key.append(reinterpret_cast<const char*>(&t.script), sizeof t.script);
  key.append(reinterpret_cast<const char*>(t.original.data()), t.original.size() * sizeof(char32_t));
  auto [it, added] = token_ids_.try_emplace(std::move(key), static_cast<std::uint32_t>(tokens_.size()));
  if (added) tokens_.push_back(t);
  return it->second;
}

std::uint8_t ScreeningIndex::intern_label(const std::string& label) {
  auto it = std::find(labels_.begin(), labels_.end(), label);
  if (it != labels_.end()) return static_cast<std::uint8_t>(it - labels_.begin());
  labels_.push_back(label);
  return static_cast<std::uint8_t>(labels_.size() - 1);
}

std::uint32_t ScreeningIndex::intern_meta(const policy::RecordMeta& meta) {
  std::string key = meta.owner + '|' + std::string(policy::to_string(meta.restriction.scope)) + '|' +
                    meta.restriction.stored_members();
  auto [it, added] = meta_ids_.try_emplace(std::move(key), static_cast<std::uint32_t>(metas_.size()));
  if (added) metas_.push_back(meta);
  return it->second;
}

text::PreparedName ScreeningIndex::spelling_at(std::uint32_t spelling) const {
  text::PreparedName n;
  for (auto at = spelling_tokens_at_[spelling]; at < spelling_tokens_at_[spelling + 1]; ++at)
    n.tokens.push_back(tokens_[spelling_tokens_[at]]);
  return n;
}

void ScreeningIndex::tokens_of(std::uint32_t spelling, std::vector<const text::PreparedToken*>& out) const {
  out.clear();
  for (auto at = spelling_tokens_at_[spelling]; at < spelling_tokens_at_[spelling + 1]; ++at) {
    out.push_back(&tokens_[spelling_tokens_[at]]);
  }
}

text::PreparedName ScreeningIndex::name_at(std::uint32_t name) const {
  return spelling_at(name_spelling_[name]);
}

ScreenRecord ScreeningIndex::record_at(std::uint32_t slot) const {
  const Slot& s = slots_[slot];
  ScreenRecord r;
  r.id = s.id;
  r.kind = labels_[s.kind];
  r.type = labels_[s.type];
  r.extract_to_all = s.extract_to_all;
  r.meta = metas_[s.meta];
  r.subject = decode_subject(std::string_view(subjects_).substr(s.subject_at, s.subject_size));
  for (std::uint32_t i = 0; i < s.names; ++i) {
    r.names.push_back(name_at(s.first_name + i));
    if (i < r.subject.names.size()) r.names.back().original = r.subject.names[i].full;
  }
  return r;
}

std::optional<bool> ScreeningIndex::view_of(const policy::Caller& caller, const Slot& s) const {
  return view_for(caller, metas_[s.meta], labels_[s.kind] == "notice", s.extract_to_all, s.victim);
}

void ScreeningIndex::insert_locked(const ScreenRecord& r, const std::vector<Spelled*>& names) {
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  Slot& s = slots_[slot];
  s = Slot{};
  s.id = r.id;
  s.kind = intern_label(r.kind);
  s.type = intern_label(r.type);
  s.extract_to_all = r.extract_to_all;
  s.victim = r.subject.victim;
  s.meta = intern_meta(r.meta);
  s.names = static_cast<std::uint32_t>(names.size());
  s.first_name = take_names(s.names);
  const auto view = intern_view(s);
  for (std::uint32_t k = 0; k < s.names; ++k) {
    const auto* name = names[k];
    const auto id = s.first_name + k;
    name_slot_[id] = slot;
    name_spelling_[id] = hold_spelling(*names[k], {r.id, id, slot, view, k});
    name_written_[id] = written_hash(name->name.original);
    weights_.add(name->name);
    ++names_;
  }
  for (auto h : document_hashes(r.subject)) documents_[h].push_back(slot);
  const auto bytes = encode_subject(r.subject);
  s.subject_at = subjects_.size();
  s.subject_size = static_cast<std::uint32_t>(bytes.size());
  subjects_ += bytes;
  records_[r.id] = slot;
}

// A spelling is its token ids; this hashes them.
std::uint64_t ScreeningIndex::spelling_hash(const std::uint32_t* tokens, std::size_t n) {
  return key_hash(std::string_view(reinterpret_cast<const char*>(tokens), n * sizeof(std::uint32_t)));
}

// A run of `n` consecutive name ids: a free run of that length, else the
// front of a longer one (the rest stays free), else new ids at the end.
std::uint32_t ScreeningIndex::take_names(std::uint32_t n) {
  if (n == 0) return static_cast<std::uint32_t>(name_slot_.size());
  if (auto it = free_names_.lower_bound(n); it != free_names_.end()) {
    const auto length = it->first;
    const auto first = it->second.back();
    it->second.pop_back();
    if (it->second.empty()) free_names_.erase(it);
    if (length > n) free_names_[length - n].push_back(first + n);
    return first;
  }
  const auto first = static_cast<std::uint32_t>(name_slot_.size());
  name_slot_.resize(first + n, kNone);
  name_spelling_.resize(first + n, kNone);
  name_written_.resize(first + n, 0);
  return first;
}

void ScreeningIndex::free_names(std::uint32_t first, std::uint32_t n) {
  if (n > 0) free_names_[n].push_back(first);
}

std::uint32_t ScreeningIndex::intern_view(const Slot& s) {
  const auto key = (static_cast<std::uint64_t>(s.meta) << 16) | (static_cast<std::uint64_t>(s.kind) << 2) |
                   (s.extract_to_all ? 2u : 0u) | (s.victim ? 1u : 0u);
  auto [it, added] = view_class_ids_.try_emplace(key, static_cast<std::uint32_t>(view_classes_.size()));
  if (added) view_classes_.push_back({s.meta, s.kind, s.extract_to_all, s.victim});
  return it->second;
}

std::uint32_t ScreeningIndex::hold_spelling(Spelled& s, const Holder& holder) {
  const auto hash = spelling_hash(s.tokens.data(), s.tokens.size());
  for (auto [it, end] = spelling_ids_.equal_range(hash); it != end; ++it) {
    const auto* at = spelling_tokens_.data() + spelling_tokens_at_[it->second];
    const auto size = spelling_tokens_at_[it->second + 1] - spelling_tokens_at_[it->second];
    if (size == s.tokens.size() && std::equal(s.tokens.begin(), s.tokens.end(), at)) {
      // Name ids are reused: the holder goes where its id keeps the list ascending.
      auto& holders = holders_[it->second];
      holders.insert(std::lower_bound(holders.begin(), holders.end(), holder.name,
                                      [](const Holder& h, std::uint32_t n) { return h.name < n; }),
                     holder);
      return it->second;
    }
  }
  // A new spelling: its id is above every posted one, so each list stays ascending.
  const auto id = static_cast<std::uint32_t>(holders_.size());
  spelling_tokens_.insert(spelling_tokens_.end(), s.tokens.begin(), s.tokens.end());
  spelling_tokens_at_.push_back(static_cast<std::uint32_t>(spelling_tokens_.size()));
  holders_.emplace_back();
  holders_.back().reserve(std::max<std::size_t>(1, s.uses));
  holders_.back().push_back(holder);
  spelling_ids_.emplace(hash, id);
  if (s.lists.size() == s.keys.size()) {
    for (auto* list : s.lists) list->push_back(id);
  } else {
    for (const auto k : s.keys) postings_[k].push_back(id);
  }
  ++spellings_;
  return id;
}

void ScreeningIndex::release_spelling(std::uint32_t name) {
  const auto spelling = name_spelling_[name];
  auto& holders = holders_[spelling];
  auto at = std::lower_bound(holders.begin(), holders.end(), name,
                             [](const Holder& h, std::uint32_t n) { return h.name < n; });
  if (at != holders.end() && at->name == name) holders.erase(at);
  if (!holders.empty()) return;
  // Its last holder is gone: it leaves the postings.
  holders.shrink_to_fit();
  for (const auto& k : name_keys(spelling_at(spelling), false)) unpost(postings_, key_hash(k), spelling);
  const auto* tokens = spelling_tokens_.data() + spelling_tokens_at_[spelling];
  const auto hash = spelling_hash(tokens, spelling_tokens_at_[spelling + 1] - spelling_tokens_at_[spelling]);
  for (auto [it, end] = spelling_ids_.equal_range(hash); it != end; ++it) {
    if (it->second == spelling) {
      spelling_ids_.erase(it);
      break;
    }
  }
  --spellings_;
}

void ScreeningIndex::remove_locked(std::int64_t id) {
  auto it = records_.find(id);
  if (it == records_.end()) return;
  const auto slot = it->second;
  Slot& s = slots_[slot];
  for (std::uint32_t n = s.first_name; n < s.first_name + s.names; ++n) {
    weights_.remove(name_at(n));
    release_spelling(n);
    name_slot_[n] = kNone;
    --names_;
  }
  free_names(s.first_name, s.names);
  const auto subject = decode_subject(std::string_view(subjects_).substr(s.subject_at, s.subject_size));
  for (auto h : document_hashes(subject)) {
    // Slots are reused, so the list may hold them out of order.
    auto p = documents_.find(h);
    if (p == documents_.end()) continue;
    std::erase(p->second, slot);
    if (p->second.empty()) documents_.erase(p);
  }
  dead_subject_bytes_ += s.subject_size;
  s = Slot{};
  free_slots_.push_back(slot);
  records_.erase(it);
  if (dead_subject_bytes_ > (1u << 20) && dead_subject_bytes_ > subjects_.size() / 2) compact_subjects();
}

void ScreeningIndex::compact_subjects() {
  std::string live;
  live.reserve(subjects_.size() - dead_subject_bytes_);
  for (const auto& [id, slot] : records_) {
    Slot& s = slots_[slot];
    const auto at = live.size();
    live.append(subjects_, s.subject_at, s.subject_size);
    s.subject_at = at;
  }
  subjects_ = std::move(live);
  dead_subject_bytes_ = 0;
}

std::size_t ScreeningIndex::candidates_for(std::size_t limit) {
  return std::max(kMinCandidates, limit * kCandidatesPerResult);
}

std::vector<std::uint32_t> ScreeningIndex::best_by_votes(const text::PreparedName& name, std::size_t keep,
                                                         bool* crowded) const {
  // Count, per spelling, the query's keys it shares; phonetic and canonical
  // keys count more than trigrams. Very common trigrams are skipped.
  auto& votes = thread_votes;
  // The counters and stamps are zero again however the search ends (an
  // allocation may fail midway), or the thread's next search would start
  // from stale votes.
  struct Reset {
    Votes& v;
    ~Reset() {
      for (const auto n : v.touched) v.count[n] = 0;
      v.touched.clear();
      for (const auto n : v.stamped) v.stamp[n] = 0;
      v.stamped.clear();
    }
  } reset{votes};
  if (votes.count.size() < holders_.size()) votes.count.resize(holders_.size(), 0);
  if (votes.stamp.size() < holders_.size()) votes.stamp.resize(holders_.size(), 0);
  const std::size_t common = std::max<std::size_t>(kMinCommonGram, spellings_ / 200);
  struct List {
    const std::vector<std::uint32_t>* ids;
    std::uint16_t add;
  };
  std::vector<List> lists;
  for (const auto& key : name_keys(name, true)) {
    auto p = postings_.find(key_hash(key));
    if (p == postings_.end()) continue;
    const bool gram = key[0] == 'g';
    // A pair of phonetic keys helps only where it is rare (common ones, such
    // as two frequent given names, cost the most to gather).
    if ((gram || key[0] == 'q') && p->second.size() > common) continue;
    lists.push_back({&p->second, gram ? kGramVote : kKeyVote});
  }
  // A query token's typo keys vote once together: a spelling one typing
  // error away shares one of them, the same spelling several, and must not
  // outvote the typo by the token's length. Their lists are gathered here,
  // each spelling once per token (stamped with the token's number); common
  // ones are skipped, as common trigrams are.
  std::vector<std::string> near;
  std::uint8_t token = 0;
  for (const auto& t : name.tokens) {
    if (token == 255) break;
    ++token;
    near.clear();
    // The given names it is or shortens (John: Ian, Jack, Johnny, …) and its
    // folded key among Han and Hangul readings vote once together, as typo
    // keys do: many names must not outvote the other parts.
    add_given_keys(t, near);
    add_folded_key(t, near);
    // A spelling many names share is no typing error: its namesakes come by
    // its other keys, and its deletion keys are as common as it is.
    if (auto own = postings_.find(key_hash("c:" + t.canon));
        own == postings_.end() || own->second.size() <= common / 8) {
      typo_keys(t, near);
    }
    for (const auto& key : near) {
      auto p = postings_.find(key_hash(key));
      if (p == postings_.end() || p->second.size() > common) continue;
      for (const auto n : p->second) {
        if (votes.stamp[n] == token) continue;
        if (votes.stamp[n] == 0) votes.stamped.push_back(n);
        votes.stamp[n] = token;
        auto& c = votes.count[n];
        if (c == 0) votes.touched.push_back(n);
        c = static_cast<std::uint16_t>(c + kKeyVote);
      }
    }
  }
  // The same best spellings as counting every list, with less work
  // (MaxScore): shortest lists first; once the votes still to come (`rest`)
  // are fewer than the keep-th best count so far (`floor`), a spelling not
  // yet seen cannot make the cut, so the longer lists are only probed for the
  // spellings that still can (count + rest ≥ floor) — each by binary search,
  // lists being ascending.
  std::sort(lists.begin(), lists.end(), [](const List& a, const List& b) { return a.ids->size() < b.ids->size(); });
  std::vector<std::uint32_t> rest(lists.size() + 1, 0);
  for (std::size_t i = lists.size(); i-- > 0;) rest[i] = rest[i + 1] + lists[i].add;
  std::size_t counted = 0;
  std::uint32_t floor = 0;
  for (; counted < lists.size(); ++counted) {
    const auto& list = *lists[counted].ids;
    // Worth checking only when gathering the list would cost more than the check.
    if (votes.touched.size() >= keep && votes.touched.size() < list.size()) {
      std::vector<std::uint32_t> histogram(rest[0] + 1, 0);
      for (const auto n : votes.touched) ++histogram[std::min<std::uint32_t>(votes.count[n], rest[0])];
      std::size_t seen = 0;
      for (std::uint32_t v = rest[0] + 1; v-- > 0;) {
        seen += histogram[v];
        if (seen >= keep) {
          floor = v;
          break;
        }
      }
      if (rest[counted] < floor) break;
    }
    gather(list, lists[counted].add, votes.count.data(), votes.touched);
  }
  auto& ranked = votes.ranked;
  ranked.clear();
  if (counted < lists.size()) {
    auto& alive = votes.alive;
    alive.clear();
    for (const auto n : votes.touched) {
      if (votes.count[n] + rest[counted] >= floor) alive.push_back(n);
    }
    std::sort(alive.begin(), alive.end());
    for (std::size_t i = counted; i < lists.size(); ++i) probe(*lists[i].ids, lists[i].add, alive, votes.count.data());
    for (const auto n : alive) ranked.emplace_back(votes.count[n], n);
  } else {
    for (const auto n : votes.touched) ranked.emplace_back(votes.count[n], n);
  }
  for (const auto n : votes.touched) votes.count[n] = 0;
  votes.touched.clear();
  // The best `keep` spellings by votes. Among equal votes at the cut (a
  // common name alone shares every key of "Mohammad Hejazi" and of hundreds
  // like it), those with about as many tokens as the query go first, then
  // the order they were added.
  std::vector<std::uint32_t> out;
  if (ranked.size() <= keep) {
    for (const auto& [count, spelling] : ranked) out.push_back(spelling);
    return out;
  }
  auto more_votes = [](const auto& a, const auto& b) { return a.first > b.first; };
  std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep - 1), ranked.end(), more_votes);
  const auto cut = ranked[keep - 1].first;
  if (crowded != nullptr) {
    std::uint32_t best = 0;
    for (const auto& r : ranked) best = std::max<std::uint32_t>(best, r.first);
    *crowded = 2 * cut >= best;  // a spelling left out has at least cut votes
  }
  std::vector<std::pair<std::size_t, std::uint32_t>> tied;  // (tokens apart from the query, spelling)
  for (const auto& [count, spelling] : ranked) {
    if (count > cut) {
      out.push_back(spelling);
    } else if (count == cut) {
      const std::size_t tokens = spelling_tokens_at_[spelling + 1] - spelling_tokens_at_[spelling];
      const std::size_t apart = tokens > name.tokens.size() ? tokens - name.tokens.size() : name.tokens.size() - tokens;
      tied.emplace_back(apart, spelling);
    }
  }
  const std::size_t room = keep - out.size();
  std::partial_sort(tied.begin(), tied.begin() + static_cast<std::ptrdiff_t>(room), tied.end());
  for (std::size_t i = 0; i < room; ++i) out.push_back(tied[i].second);
  return out;
}

void ScreeningIndex::order_by_written(std::vector<Scored>& scored, std::size_t from, std::size_t to,
                                      std::string_view query_text) const {
  // The name score pairs tokens in any order; among equal scores the
  // spelling written most like the query (same order, fewest edits) ranks
  // first, before namesakes are ordered by record id.
  thread_local std::vector<const text::PreparedToken*> candidate;
  thread_local std::string text;
  for (auto k = from; k < to; ++k) {
    tokens_of(scored[k].spelling, candidate);
    text.clear();
    for (const auto* t : candidate) {
      if (!text.empty()) text += ' ';
      text += t->text;
    }
    scored[k].distance = text::edit_distance_within(query_text, text, kFarWritten);
  }
  std::stable_sort(scored.begin() + static_cast<std::ptrdiff_t>(from), scored.begin() + static_cast<std::ptrdiff_t>(to),
                   [](const Scored& a, const Scored& b) { return a.distance < b.distance; });
}

void ScreeningIndex::written_as_query(std::vector<Found>& found, const std::vector<Scored>& scored, const Scored& rank,
                                      const Holder& h) const {
  for (auto f = found.rbegin(); f != found.rend(); ++f) {
    if (f->slot != h.slot) continue;
    const auto& was = scored[f->scored];
    if (!f->as_written && was.score == rank.score && was.distance == rank.distance) {
      f->as_written = true;
      f->name = h.name_index;
    }
    return;
  }
}

void ScreeningIndex::holders_by_score(std::vector<Scored>& scored, std::string_view query_text,
                                      std::uint32_t query_written, const policy::Caller& caller, std::size_t limit,
                                      std::vector<Found>& found) const {
  // Spellings best first, each expanded to the visible records holding it; a
  // record counts once, with its best name. A group of equal scores is taken
  // whole, so the cut by record id below sees every namesake of the last one.
  // Equal scores are told apart by how they are written only for the groups
  // the expansion reaches.
  thread_local std::vector<std::uint64_t> seen;  // a bit per slot
  thread_local std::vector<std::uint32_t> touched;
  thread_local std::vector<signed char> views;
  if (seen.size() * 64 < slots_.size()) seen.resize(slots_.size() / 64 + 1, 0);
  // What the caller sees depends on a record's view class only: decided once
  // per class (namesakes are many, classes few).
  constexpr signed char kUnknown = -2, kHidden = -1;
  views.assign(view_classes_.size(), kUnknown);
  auto view = [&](std::uint32_t c) {
    auto& v = views[c];
    if (v == kUnknown) {
      const auto& k = view_classes_[c];
      const auto seen_as = view_for(caller, metas_[k.meta], labels_[k.kind] == "notice", k.extract_to_all, k.victim);
      v = seen_as ? static_cast<signed char>(*seen_as) : kHidden;
    }
    return v;
  };
  // Marks are cleared however the expansion ends (see best_by_votes).
  struct Unmark {
    std::vector<std::uint64_t>& seen;
    std::vector<std::uint32_t>& touched;
    ~Unmark() {
      for (const auto slot : touched) seen[slot / 64] = 0;
      touched.clear();
    }
  };
  touched.clear();
  found.clear();
  Unmark unmark{seen, touched};
  for (std::size_t i = 0, same_score = 0; i < scored.size() && found.size() < limit;) {
    if (i >= same_score) {
      for (same_score = i + 1; same_score < scored.size() && scored[same_score].score == scored[i].score;) ++same_score;
      if (same_score - i >= 2) order_by_written(scored, i, same_score, query_text);
    }
    const auto& first = scored[i];
    for (; i < scored.size() && scored[i].score == first.score && scored[i].distance == first.distance; ++i) {
      for (const auto& h : holders_[scored[i].spelling]) {
        auto& word = seen[h.slot / 64];
        const auto bit = std::uint64_t{1} << (h.slot % 64);
        if (word & bit) {
          // Another of the record's names, at the same rank, may be the one written as the query.
          if (name_written_[h.name] == query_written) written_as_query(found, scored, scored[i], h);
          continue;
        }
        touched.push_back(h.slot);  // first: a mark is never left unlisted
        word |= bit;
        if (const auto v = view(h.view); v != kHidden) {
          found.push_back({h.slot, h.id, i, v == 1, h.name_index, name_written_[h.name] == query_written});
        }
      }
    }
  }
  // Found in rank order: names written as the query first among equals, then by record id.
  auto rank = [&](const Found& f) {
    return std::make_tuple(-scored[f.scored].score, scored[f.scored].distance, !f.as_written);
  };
  std::sort(found.begin(), found.end(),
            [&](const Found& a, const Found& b) { return rank(a) < rank(b) || (rank(a) == rank(b) && a.id < b.id); });
  if (found.size() > limit) found.resize(limit);
}

std::vector<Hit> ScreeningIndex::search(const text::PreparedName& name, const policy::Caller& caller, std::size_t limit,
                                        double min_score, std::size_t candidates, bool* crowded) const {
  if (crowded != nullptr) *crowded = false;
  std::shared_lock lock(mutex_);
  const std::size_t keep = std::max(limit, candidates ? candidates : candidates_for(limit));
  // Precise scores of the spellings that share the most keys, best first
  // (equal scores in vote order).
  thread_local std::vector<Scored> scored;
  thread_local std::vector<const text::PreparedToken*> candidate;
  thread_local std::vector<Found> found;
  scored.clear();
  std::vector<const text::PreparedToken*> query;
  for (const auto& t : name.tokens) query.push_back(&t);
  const auto query_text = written(query);
  text::NameScorer scorer(query, weights_);
  for (const auto spelling : best_by_votes(name, keep, crowded)) {
    tokens_of(spelling, candidate);
    // Rounded: the same name with its tokens in another order must not rank
    // apart by the last bit of a sum taken in another order.
    const double score = std::round(scorer.score(candidate) * 1e9) / 1e9;
    if (score >= min_score) scored.push_back({score, 0, spelling});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  holders_by_score(scored, query_text, written_hash(name.original), caller, limit, found);
  std::vector<Hit> out;
  // The reasons only for the records returned.
  for (const auto& f : found) {
    tokens_of(scored[f.scored].spelling, candidate);
    out.push_back(Hit{record_at(f.slot), f.extract_only, f.name, scorer.match(candidate)});
  }
  return out;
}

std::vector<Hit> ScreeningIndex::by_document(const std::string& number, const policy::Caller& caller) const {
  std::shared_lock lock(mutex_);
  std::vector<Hit> out;
  const auto wanted = ident::normalise_document_number(number);
  if (wanted.empty()) return out;
  auto p = documents_.find(key_hash(wanted));
  if (p == documents_.end()) return out;
  for (const auto slot : p->second) {
    auto view = view_of(caller, slots_[slot]);
    // Documents are details: only a caller who sees the full record may find it by one.
    if (!view || *view) continue;
    auto rec = record_at(slot);
    // The key is a hash: the record must really hold the number.
    const bool holds = std::any_of(rec.subject.documents.begin(), rec.subject.documents.end(),
                                   [&](const auto& d) { return ident::normalise_document_number(d.number) == wanted; });
    if (holds) out.push_back(Hit{std::move(rec), false, 0, {}});
  }
  return out;
}

std::size_t ScreeningIndex::size() const {
  std::shared_lock lock(mutex_);
  return records_.size();
}

std::size_t ScreeningIndex::spellings() const {
  std::shared_lock lock(mutex_);
  return spellings_;
}

std::size_t ScreeningIndex::pending_votes() {
  return thread_votes.touched.size() + thread_votes.stamped.size();
}

std::size_t ScreeningIndex::name_ids() const {
  std::shared_lock lock(mutex_);
  return name_slot_.size();
}

double ScreeningIndex::token_weight(const text::PreparedToken& t) const {
  std::shared_lock lock(mutex_);
  return weights_.weight(t);
}

text::NameMatch ScreeningIndex::match(const text::PreparedName& query, const text::PreparedName& candidate) const {
  std::shared_lock lock(mutex_);
  return text::match_names(query, candidate, weights_);
}

std::unique_ptr<store::Follower> follow_in_background(store::Database& db, ScreeningIndex& index,
                                                      std::chrono::milliseconds interval) {
  return std::make_unique<store::Follower>(
      "the screening index could not follow the change log",
      [&db, &index]() -> Status {
        auto done = index.follow(db);
        if (!done) return done.error();
        return {};
      },
      interval);
}

}  // namespace ariadne::screen
