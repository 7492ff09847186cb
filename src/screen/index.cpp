#include "screen/index.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <nlohmann/json.hpp>

#include "policy/roles.hpp"
#include "store/change_log.hpp"

namespace ariadne::screen {
namespace {

constexpr const char* kColumns =
    "id, kind, type, status, subject, extract_to_all, owner, scope, scope_members FROM notices";

// How many names the postings may propose per result asked for, and at least.
constexpr std::size_t kCandidatesPerResult = 10;
constexpr std::size_t kMinCandidates = 100;
// Trigrams held by more than 0.5% of the names (and more than this many)
// are skipped: they say little and cost the most to gather.
constexpr std::size_t kMinCommonGram = 200;
// Votes per shared key: a trigram says less than a spelling, a phonetic key,
// an initial beside a name or a set of consonants.
constexpr int kGramVote = 1;
constexpr int kKeyVote = 3;

ScreenRecord record_from(const store::Row& r, notices::Subject subject) {
  ScreenRecord rec;
  rec.id = r.integer(0);
  rec.kind = r.text(1);
  rec.type = r.text(2);
  rec.extract_to_all = r.integer(5) != 0;
  rec.meta.owner = r.text(6);
  rec.meta.restriction = policy::Restriction::from_stored(r.text(7), r.text(8));
  rec.subject = std::move(subject);
  for (const auto& n : rec.subject.names) rec.names.push_back(prepare_name(n.full));
  return rec;
}

Result<std::optional<ScreenRecord>> from_row(const store::Row& r) {
  if (r.text(3) != "published" || r.is_null(4)) return std::optional<ScreenRecord>{};
  auto parsed = nlohmann::json::parse(r.text(4), nullptr, false);
  if (parsed.is_discarded()) return Error::internal("notice " + std::to_string(r.integer(0)) + ": unreadable subject");
  ARIADNE_ASSIGN(auto subject, notices::parse_subject(parsed));
  return std::optional<ScreenRecord>{record_from(r, std::move(subject))};
}

// The keys a token is posted under: its phonetic key, its canonical spelling
// and the trigrams of its spelling (with word boundaries).
std::vector<std::string> token_keys(const PreparedToken& t) {
  std::vector<std::string> keys;
  if (t.initial()) return keys;
  keys.push_back("c:" + t.canon);
  if (t.key.size() >= 2) keys.push_back("p:" + t.key);
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
  const std::string padded = "^" + t.norm + "$";
  for (std::size_t i = 0; i + 3 <= padded.size(); ++i) keys.push_back("g:" + padded.substr(i, 3));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::vector<std::string> name_keys(const PreparedName& n) {
  std::vector<std::string> keys;
  for (const auto& t : n.tokens) {
    auto k = token_keys(t);
    keys.insert(keys.end(), k.begin(), k.end());
  }
  // A run of initials is also posted whole, for the abbreviation ("A.B.C." / ABC).
  for (const auto& [from, to] : letter_runs(n.tokens)) {
    std::string joined;
    for (std::size_t i = from; i < to; ++i) joined += n.tokens[i].text;
    keys.push_back("c:" + joined);
  }
  // Each name's initial beside each other name: "J. Smith" finds the Smiths
  // whose other name starts with J among hundreds of Smiths.
  auto counts = [](const PreparedToken& t) { return t.cls == TokenClass::name || t.cls == TokenClass::patronymic; };
  for (std::size_t i = 0; i < n.tokens.size(); ++i) {
    const auto& a = n.tokens[i];
    if (!counts(a) || a.text.empty()) continue;
    for (std::size_t j = 0; j < n.tokens.size(); ++j) {
      const auto& b = n.tokens[j];
      if (j == i || b.initial() || !counts(b)) continue;
      keys.push_back("i:" + a.text.substr(0, 1) + b.canon);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace

std::string normalise_document_number(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<bool> extract_only_for(const policy::Caller& caller, const ScreenRecord& r) {
  if (!policy::role_may(caller.role, policy::Action::record_read)) return std::nullopt;
  // Victims stay out of broad searches but for the owner and the members it listed.
  if (r.subject.victim && caller.member != r.meta.owner) {
    const auto& listed = r.meta.restriction.members;
    if (r.meta.restriction.scope != policy::Scope::members ||
        !std::binary_search(listed.begin(), listed.end(), caller.member)) {
      return std::nullopt;
    }
  }
  if (policy::can_read(caller, r.meta)) return false;
  if (r.extract_to_all && r.kind == "notice" && caller.member_kind != policy::MemberKind::partner &&
      !r.subject.victim) {
    return true;
  }
  return std::nullopt;
}

Result<std::optional<ScreenRecord>> load_record(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kColumns + " WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<ScreenRecord>{};
  return from_row(rows.front());
}

Result<std::unique_ptr<ScreeningIndex>> ScreeningIndex::build(store::Database& db) {
  auto index = std::make_unique<ScreeningIndex>();
  ARIADNE_ASSIGN(auto seq, store::last_change_seq(db));
  std::optional<Error> failed;
  ARIADNE_TRY(
      db.for_each(std::string("SELECT ") + kColumns + " WHERE status = 'published'", {}, [&](const store::Row& r) {
        auto rec = from_row(r);
        if (!rec) {
          failed = rec.error();
          return false;
        }
        if (*rec) index->upsert_locked(std::move(**rec));
        return true;
      }));
  if (failed) return *failed;
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

void ScreeningIndex::upsert(ScreenRecord r) {
  std::unique_lock lock(mutex_);
  upsert_locked(std::move(r));
}

void ScreeningIndex::remove(std::int64_t id) {
  std::unique_lock lock(mutex_);
  remove_locked(id);
}

void ScreeningIndex::upsert_locked(ScreenRecord r) {
  remove_locked(r.id);
  for (std::uint32_t i = 0; i < r.names.size(); ++i) {
    for (const auto& k : name_keys(r.names[i])) postings_[k].push_back({r.id, i});
    weights_.add(r.names[i]);
    ++names_;
  }
  for (const auto& d : r.subject.documents) {
    auto number = normalise_document_number(d.number);
    if (!number.empty()) postings_["d:" + number].push_back({r.id, 0});
  }
  const auto id = r.id;
  records_.emplace(id, std::move(r));
}

void ScreeningIndex::remove_locked(std::int64_t id) {
  auto it = records_.find(id);
  if (it == records_.end()) return;
  for (std::uint32_t i = 0; i < it->second.names.size(); ++i) {
    for (const auto& k : name_keys(it->second.names[i])) {
      auto p = postings_.find(k);
      if (p == postings_.end()) continue;
      std::erase(p->second, NameRef{id, i});
      if (p->second.empty()) postings_.erase(p);
    }
    weights_.remove(it->second.names[i]);
    --names_;
  }
  for (const auto& d : it->second.subject.documents) {
    auto p = postings_.find("d:" + normalise_document_number(d.number));
    if (p == postings_.end()) continue;
    std::erase(p->second, NameRef{id, 0});
    if (p->second.empty()) postings_.erase(p);
  }
  records_.erase(it);
}

std::vector<Hit> ScreeningIndex::search(const PreparedName& name, const policy::Caller& caller, std::size_t limit,
                                        double min_score) const {
  std::shared_lock lock(mutex_);
  // Count, per indexed name, the query's keys it shares; phonetic and
  // canonical keys count more than trigrams. Very common trigrams are skipped.
  std::unordered_map<std::uint64_t, int> votes;
  votes.reserve(4096);
  const std::size_t common = std::max<std::size_t>(kMinCommonGram, names_ / 200);
  for (const auto& key : name_keys(name)) {
    auto p = postings_.find(key);
    if (p == postings_.end()) continue;
    const bool gram = key[0] == 'g';
    if (gram && p->second.size() > common) continue;
    for (const auto& ref : p->second) {
      votes[(static_cast<std::uint64_t>(ref.record) << 8) | ref.name] += gram ? kGramVote : kKeyVote;
    }
  }
  std::vector<std::pair<int, std::uint64_t>> ranked;
  ranked.reserve(votes.size());
  for (const auto& [ref, n] : votes) ranked.emplace_back(n, ref);
  const std::size_t keep = std::min(ranked.size(), std::max(kMinCandidates, limit * kCandidatesPerResult));
  std::partial_sort(
      ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(),
      [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
  ranked.resize(keep);

  // Precise scores; one per record, with its best name. Records are copied
  // only for the hits returned.
  struct Best {
    const ScreenRecord* record;
    bool extract_only;
    std::size_t name;
    NameMatch match;
  };
  std::unordered_map<std::int64_t, Best> best;
  for (const auto& [n, ref] : ranked) {
    const auto id = static_cast<std::int64_t>(ref >> 8);
    const auto which = static_cast<std::size_t>(ref & 0xFF);
    const auto& rec = records_.at(id);
    auto view = extract_only_for(caller, rec);
    if (!view) continue;
    auto m = match_names(name, rec.names[which], weights_);
    if (m.score < min_score) continue;
    auto it = best.find(id);
    if (it == best.end()) {
      best.emplace(id, Best{&rec, *view, which, std::move(m)});
    } else if (m.score > it->second.match.score) {
      it->second.name = which;
      it->second.match = std::move(m);
    }
  }
  std::vector<const Best*> order;
  order.reserve(best.size());
  for (const auto& [id, b] : best) order.push_back(&b);
  std::sort(order.begin(), order.end(), [](const Best* a, const Best* b) {
    return a->match.score > b->match.score || (a->match.score == b->match.score && a->record->id < b->record->id);
  });
  if (order.size() > limit) order.resize(limit);
  std::vector<Hit> out;
  out.reserve(order.size());
  for (const auto* b : order) out.push_back(Hit{*b->record, b->extract_only, b->name, b->match});
  return out;
}

std::vector<Hit> ScreeningIndex::by_document(const std::string& number, const policy::Caller& caller) const {
  std::shared_lock lock(mutex_);
  std::vector<Hit> out;
  const auto wanted = normalise_document_number(number);
  if (wanted.empty()) return out;
  auto p = postings_.find("d:" + wanted);
  if (p == postings_.end()) return out;
  for (const auto& ref : p->second) {
    const auto& rec = records_.at(ref.record);
    auto view = extract_only_for(caller, rec);
    // Documents are details: only a caller who sees the full record may find it by one.
    if (!view || *view) continue;
    out.push_back(Hit{rec, false, 0, {}});
  }
  return out;
}

std::size_t ScreeningIndex::size() const {
  std::shared_lock lock(mutex_);
  return records_.size();
}

double ScreeningIndex::token_weight(const PreparedToken& t) const {
  std::shared_lock lock(mutex_);
  return weights_.weight(t);
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
