#include "sltd/index.hpp"

#include "sltd/document_rows.hpp"
#include "sltd/hits.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "common/enum_names.hpp"
#include "common/hex.hpp"
#include "common/time.hpp"
#include "ident/document_number.hpp"
#include "store/change_log.hpp"

namespace ariadne::sltd {

store::Migration sltd_index_migration() {
  // sltd_removed keeps the key of a deleted record (filled by a trigger, so
  // every path that deletes is covered) for the index and the offline deltas
  // to find the hash they must remove. The trigger is SQLite syntax; the
  // PostgreSQL backend will need a trigger function here.
  return {"sltd", 2, R"sql(
CREATE TABLE sltd_keys (
  name TEXT PRIMARY KEY,
  key_hex TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE TABLE sltd_signing (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public_key TEXT NOT NULL,
  secret_key TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE TABLE sltd_removed (
  record_id INTEGER PRIMARY KEY,
  issuing_state TEXT NOT NULL,
  type TEXT NOT NULL,
  number TEXT NOT NULL,
  series_end TEXT,
  removed_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE TRIGGER documents_removed AFTER DELETE ON documents
BEGIN
  INSERT INTO sltd_removed (record_id, issuing_state, type, number, series_end)
  VALUES (old.id, old.issuing_state, old.type, old.number, old.series_end);
END;
)sql" + sltd_hits_v1_sql()};
}

TypeClass type_class(DocumentType t) {
  switch (t) {
    case DocumentType::passport: return TypeClass::passport;
    case DocumentType::identity_card: return TypeClass::identity_card;
    case DocumentType::visa: return TypeClass::visa;
    case DocumentType::residence_permit:
    case DocumentType::other: return TypeClass::other;
  }
  return TypeClass::other;
}

namespace {

constexpr EnumName<TypeClass> kTypeClassNames[] = {{TypeClass::passport, "passport"},
                                                   {TypeClass::identity_card, "identity_card"},
                                                   {TypeClass::visa, "visa"},
                                                   {TypeClass::other, "other"}};
constexpr EnumName<MatchKind> kMatchKinds[] = {{MatchKind::exact, "exact"},
                                               {MatchKind::range, "range"},
                                               {MatchKind::near, "near"},
                                               {MatchKind::notice_document, "notice_document"}};

}  // namespace

std::optional<TypeClass> parse_type_class(std::string_view s) {
  if (auto named = enum_from_name(kTypeClassNames, s)) return named;
  if (s == "residence_permit") return TypeClass::other;
  if (s.empty() || s.size() > 2) return std::nullopt;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<')) return std::nullopt;
  }
  switch (s[0]) {
    case 'P': return TypeClass::passport;
    case 'I':
    case 'A':
    case 'C': return TypeClass::identity_card;
    case 'V': return TypeClass::visa;
    case '<': return std::nullopt;
    default: return TypeClass::other;
  }
}

std::string_view to_string(TypeClass c) {
  return enum_to_name(kTypeClassNames, c);
}
std::string_view to_string(MatchKind k) {
  return enum_to_name(kMatchKinds, k);
}

Result<IndexKey> load_index_key(store::Database& db) {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  auto read = [&]() -> Result<std::optional<IndexKey>> {
    ARIADNE_ASSIGN(auto rows, db.query("SELECT key_hex FROM sltd_keys WHERE name = 'index'"));
    if (rows.empty()) return std::optional<IndexKey>{};
    IndexKey key;
    std::string hex = rows.front().text(0);
    if (!hex_decode(hex, key.bytes.data(), key.bytes.size())) {
      return Error::internal("sltd_keys holds a malformed index key");
    }
    return std::optional<IndexKey>{key};
  };
  ARIADNE_ASSIGN(auto found, read());
  if (found) return *found;
  IndexKey fresh;
  randombytes_buf(fresh.bytes.data(), fresh.bytes.size());
  std::string hex = hex_encode(fresh.bytes.data(), fresh.bytes.size());
  // Another instance may create it at the same time: the first one wins.
  ARIADNE_TRY(
      db.execute("INSERT INTO sltd_keys (name, key_hex) VALUES ('index', ?) ON CONFLICT (name) DO NOTHING", {hex}));
  ARIADNE_ASSIGN(found, read());
  if (!found) return Error::internal("the index key could not be stored");
  return *found;
}

std::uint64_t key_hash(const IndexKey& key, std::string_view state, TypeClass cls, std::string_view number) {
  unsigned char buf[64];
  std::size_t n = 0;
  for (std::size_t i = 0; i < 3; ++i) buf[n++] = static_cast<unsigned char>(i < state.size() ? state[i] : '<');
  buf[n++] = static_cast<unsigned char>('0' + static_cast<int>(cls));
  std::size_t take = std::min(number.size(), sizeof(buf) - n);
  std::memcpy(buf + n, number.data(), take);
  n += take;
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, buf, n, key.bytes.data());
  std::uint64_t h;
  std::memcpy(&h, out, sizeof h);
  return h == 0 ? 1 : h;
}

namespace {

constexpr std::uint32_t kReviewMax = 0xFFFF;

}  // namespace

std::optional<std::int32_t> epoch_day(std::string_view iso_date) {
  auto d = parse_date(iso_date);
  if (!d) return std::nullopt;
  return epoch_day(*d);
}

std::int32_t today_epoch_day() {
  return epoch_day(today_utc());
}

std::uint32_t pack_meta(DocumentStatus status, std::int32_t review_day) {
  std::uint32_t day = static_cast<std::uint32_t>(std::clamp<std::int32_t>(review_day, 0, kReviewMax));
  return static_cast<std::uint32_t>(status) | (day << 3);
}
DocumentStatus meta_status(std::uint32_t meta) {
  return static_cast<DocumentStatus>(meta & 7U);
}
std::int32_t meta_review_day(std::uint32_t meta) {
  return static_cast<std::int32_t>((meta >> 3) & kReviewMax);
}

static std::string range_bucket_key(const std::string& state, TypeClass cls, std::size_t length) {
  return state + '/' + std::to_string(static_cast<int>(cls)) + '/' + std::to_string(length);
}

bool range_contains(const BlankRange& r, std::string_view number) {
  return number.size() == r.first.size() && number >= r.first && number <= r.last;
}

std::optional<char> ocr_partner(char c) {
  switch (c) {
    case 'O': return '0';
    case '0': return 'O';
    case 'I': return '1';
    case '1': return 'I';
    case 'S': return '5';
    case '5': return 'S';
    case 'B': return '8';
    case '8': return 'B';
    case 'Z': return '2';
    case '2': return 'Z';
    case 'G': return '6';
    case '6': return 'G';
    default: return std::nullopt;
  }
}

// ---- HashTable ----

HashTable HashTable::build(std::vector<Slot> entries, double load) {
  HashTable t;
  const std::size_t n = entries.size();
  t.capacity_ = std::max<std::size_t>(16, static_cast<std::size_t>(std::ceil(static_cast<double>(n) / load)));
  std::sort(entries.begin(), entries.end(),
            [](const Slot& a, const Slot& b) { return a.hash != b.hash ? a.hash < b.hash : a.id < b.id; });
  // Final positions: each at its home slot or just after its predecessor.
  std::vector<std::uint32_t> pos(n);
  std::size_t next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t p = std::max(t.home(entries[i].hash), next);
    if (p >= t.capacity_ + kSlack - 1) return build(std::move(entries), load * 0.9);  // ran off the end: spread out
    pos[i] = static_cast<std::uint32_t>(p);
    next = p + 1;
  }
  t.slots_.resize(t.capacity_ + kSlack);  // empty slots, exactly as many
  for (std::size_t i = 0; i < n; ++i) t.slots_[pos[i]] = entries[i];
  t.size_ = n;
  return t;
}

void HashTable::upsert(std::uint64_t hash, std::uint32_t id, std::uint32_t meta) {
  if (capacity_ == 0 || static_cast<double>(size_ + 1) > 0.9 * static_cast<double>(capacity_)) grow();
  std::size_t i = home(hash);
  while (slots_[i].hash != 0 && slots_[i].hash < hash) ++i;
  for (; slots_[i].hash == hash; ++i) {
    if (slots_[i].id == id) {
      slots_[i].meta = meta;
      return;
    }
    if (slots_[i].id > id) break;
  }
  std::size_t empty = i;
  while (slots_[empty].hash != 0) ++empty;
  if (empty >= slots_.size() - 1) {  // the last slot stays empty as the probe's sentinel
    grow();
    upsert(hash, id, meta);
    return;
  }
  std::move_backward(slots_.begin() + static_cast<std::ptrdiff_t>(i),
                     slots_.begin() + static_cast<std::ptrdiff_t>(empty),
                     slots_.begin() + static_cast<std::ptrdiff_t>(empty) + 1);
  slots_[i] = Slot{hash, id, meta};
  ++size_;
}

bool HashTable::erase(std::uint64_t hash, std::uint32_t id) {
  if (capacity_ == 0) return false;
  std::size_t i = home(hash);
  while (slots_[i].hash != 0 && slots_[i].hash < hash) ++i;
  for (; slots_[i].hash == hash; ++i) {
    if (slots_[i].id != id) continue;
    // Backward shift: pull every displaced successor one slot nearer its home.
    std::size_t j = i;
    while (slots_[j + 1].hash != 0 && home(slots_[j + 1].hash) <= j) {
      slots_[j] = slots_[j + 1];
      ++j;
    }
    slots_[j] = Slot{};
    --size_;
    return true;
  }
  return false;
}

std::vector<HashTable::Slot> HashTable::entries() const {
  std::vector<Slot> out;
  out.reserve(size_);
  for (const auto& s : slots_) {
    if (s.hash != 0) out.push_back(s);
  }
  return out;
}

void HashTable::grow() {
  auto all = entries();
  std::size_t target = std::max<std::size_t>(64, (size_ + 1) * 3 / 2);
  double load = static_cast<double>(size_ + 1) / static_cast<double>(target);
  *this = build(std::move(all), std::clamp(load, 0.05, 0.75));
}

// ---- DocumentIndex ----

namespace {

bool is_range(DocumentStatus status, const std::optional<std::string>& series_end) {
  return status == DocumentStatus::stolen_blank && series_end && !series_end->empty();
}

}  // namespace

Result<std::unique_ptr<DocumentIndex>> DocumentIndex::build(store::Database& db) {
  ARIADNE_ASSIGN(auto key, load_index_key(db));
  auto index = std::make_unique<DocumentIndex>(key);
  // The sequence first: changes made while streaming are applied again by
  // follow(), which is idempotent.
  ARIADNE_ASSIGN(auto seq, store::last_change_seq(db));
  ARIADNE_ASSIGN(auto count_rows, rows::count_documents(db));
  const auto count = static_cast<std::size_t>(count_rows);
  std::vector<HashTable::Slot> slots;
  slots.reserve(static_cast<std::size_t>(static_cast<double>(count) / 0.75) + 2048);
  std::vector<BlankRange> ranges;
  Status failed;
  ARIADNE_TRY(rows::for_each_key(db, [&](const rows::DocumentKey& k) {
    if (k.id.value <= 0 || k.id.value > 0xFFFFFFFFLL) {
      failed = Error::internal("record id " + std::to_string(k.id.value) + " does not fit the index");
      return false;
    }
    auto id = static_cast<std::uint32_t>(k.id.value);
    TypeClass cls = type_class(k.type);
    std::uint32_t meta = pack_meta(k.status, epoch_day(k.review_on).value_or(0));
    if (is_range(k.status, k.series_end)) {
      ranges.push_back(BlankRange{id, k.issuing_state, cls, k.number, *k.series_end, meta});
    } else {
      slots.push_back({key_hash(key, k.issuing_state, cls, k.number), id, meta});
    }
    ++index->pairs_[{k.issuing_state, static_cast<int>(cls)}];
    return true;
  }));
  ARIADNE_TRY(failed);
  index->table_ = HashTable::build(std::move(slots));
  index->load_ranges_locked(std::move(ranges));
  ARIADNE_TRY(notices::for_each_searchable(db, [&](const notices::Notice& n) {
    index->replace_notice_locked(n.id, index->notice_documents_of(n));
    return true;
  }));
  index->seq_ = seq;
  return index;
}

std::uint64_t notice_number_hash(const IndexKey& key, std::string_view number) {
  return key_hash(key, "", TypeClass::other, number);
}

DocumentIndex::NoticeDocuments DocumentIndex::notice_documents_of(const notices::Notice& n) const {
  NoticeDocuments out;
  if (!n.subject || !n.expires_on) return out;
  const std::int32_t expiry = epoch_day(*n.expires_on).value_or(0);
  for (const auto& d : n.subject->documents) {
    std::string number = ident::normalise_document_number(d.number);
    if (number.empty()) continue;
    std::optional<TypeClass> cls;
    if (!d.type.empty()) cls = parse_type_class(d.type);
    out.emplace_back(notice_number_hash(key_, number), NoticeDocument{n.id, d.issuing_state, cls, expiry});
  }
  return out;
}

void DocumentIndex::replace_notice_locked(std::int64_t notice, const NoticeDocuments& docs) {
  if (auto it = notice_hashes_.find(notice); it != notice_hashes_.end()) {
    for (auto hash : it->second) {
      auto [first, last] = notice_docs_.equal_range(hash);
      while (first != last) first = first->second.notice == notice ? notice_docs_.erase(first) : std::next(first);
    }
    notice_hashes_.erase(it);
  }
  if (docs.empty()) return;
  auto& hashes = notice_hashes_[notice];
  for (const auto& [hash, doc] : docs) {
    notice_docs_.emplace(hash, doc);
    hashes.push_back(hash);
  }
}

void DocumentIndex::count_pair_locked(const std::string& state, TypeClass cls, int delta) {
  auto key = std::make_pair(state, static_cast<int>(cls));
  int& n = pairs_[key];
  n += delta;
  if (n <= 0) pairs_.erase(key);
}

void DocumentIndex::upsert_locked(const Record& r) {
  auto id = static_cast<std::uint32_t>(r.id.value);
  std::uint32_t meta = pack_meta(r.status, r.review_day);
  // The key never changes, but a record may move between exact and range.
  remove_range_locked(id);
  if (table_.erase(key_hash(key_, r.state, r.cls, r.number), id)) count_pair_locked(r.state, r.cls, -1);
  if (is_range(r.status, r.series_end)) {
    add_range_locked(BlankRange{id, r.state, r.cls, r.number, *r.series_end, meta});
  } else {
    table_.upsert(key_hash(key_, r.state, r.cls, r.number), id, meta);
  }
  count_pair_locked(r.state, r.cls, +1);
}

void DocumentIndex::erase_locked(std::uint32_t id, const std::string& state, TypeClass cls, std::uint64_t hash) {
  if (remove_range_locked(id)) return;
  if (table_.erase(hash, id)) {
    count_pair_locked(state, cls, -1);
  }
}

void DocumentIndex::put(const Document& d) {
  std::unique_lock lock(mutex_);
  upsert_locked(Record{d.id, d.issuing_state, type_class(d.type), d.number, d.series_end, d.status,
                       epoch_day(d.review_on).value_or(0)});
}

void DocumentIndex::load_slots(std::vector<HashTable::Slot> slots, double load) {
  auto table = HashTable::build(std::move(slots), load);
  std::unique_lock lock(mutex_);
  table_ = std::move(table);
}

Result<std::int64_t> DocumentIndex::follow(store::Database& db, int max_changes) {
  std::int64_t total = 0;
  for (;;) {
    ARIADNE_ASSIGN(auto changes, store::changes_since(db, seq_.load(), max_changes));
    if (changes.empty()) return total;
    // Read what every changed record is now (outside the lock), then apply
    // the whole batch at once.
    std::set<std::int64_t> ids;
    std::set<std::int64_t> notice_ids;
    for (const auto& c : changes) {
      if (c.table != "documents" && c.table != "notices") continue;
      try {
        (c.table == "documents" ? ids : notice_ids).insert(std::stoll(c.record_id));
      } catch (const std::exception&) {
        return Error::internal("change " + std::to_string(c.seq) + " names a malformed record id");
      }
    }
    // A notice's documents as they are now: none unless it is published and current.
    std::vector<std::pair<std::int64_t, NoticeDocuments>> notice_docs;
    const std::string today = today_utc().iso();
    for (auto id : notice_ids) {
      ARIADNE_ASSIGN(auto n, notices::find_notice(db, id));
      NoticeDocuments docs;
      if (n && notices::documents_searchable(*n, today)) docs = notice_documents_of(*n);
      notice_docs.emplace_back(id, std::move(docs));
    }
    std::vector<Record> present;
    struct Gone {
      std::uint32_t id;
      std::string state;
      TypeClass cls;
      std::uint64_t hash;
    };
    std::vector<Gone> gone;
    for (auto id : ids) {
      if (id <= 0 || id > 0xFFFFFFFFLL) return Error::internal("record id " + std::to_string(id) + " out of range");
      ARIADNE_ASSIGN(auto k, rows::find_key(db, DocumentId{id}));
      if (k) {
        present.push_back(Record{DocumentId{id}, k->issuing_state, type_class(k->type), k->number, k->series_end,
                                 k->status, epoch_day(k->review_on).value_or(0)});
        continue;
      }
      ARIADNE_ASSIGN(auto removed, rows::find_removed(db, DocumentId{id}));
      if (!removed) continue;  // never seen by anyone: nothing to remove
      TypeClass cls = type_class(removed->type);
      gone.push_back({static_cast<std::uint32_t>(id), removed->issuing_state, cls,
                      key_hash(key_, removed->issuing_state, cls, removed->number)});
    }
    {
      std::unique_lock lock(mutex_);
      for (const auto& r : present) upsert_locked(r);
      for (const auto& g : gone) erase_locked(g.id, g.state, g.cls, g.hash);
      for (const auto& [id, docs] : notice_docs) replace_notice_locked(id, docs);
      seq_ = changes.back().seq;
    }
    total += static_cast<std::int64_t>(changes.size());
    if (static_cast<int>(changes.size()) < max_changes) return total;
  }
}

void DocumentIndex::probe_locked(const std::string& state, TypeClass cls, const std::string& number, MatchKind kind,
                                 int position, std::int32_t today, std::vector<Candidate>& out) const {
  table_.for_each_match(key_hash(key_, state, cls, number), [&](const HashTable::Slot& s) {
    if (meta_review_day(s.meta) < today) return;
    out.push_back(Candidate{DocumentId{s.id}, 0, kind, meta_status(s.meta), state, cls, false, number, position});
  });
}

void DocumentIndex::RangeBucket::insert(std::size_t at, std::string_view first, std::string_view last, std::uint32_t id,
                                        std::uint32_t meta) {
  // Positions at or after `at` move one up; then the new range's reach.
  for (auto& r : reach) r += r >= at ? 1 : 0;
  numbers.insert(2 * length * at, std::string(first).append(last));
  ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(at), id);
  metas.insert(metas.begin() + static_cast<std::ptrdiff_t>(at), meta);
  reach.insert(reach.begin() + static_cast<std::ptrdiff_t>(at), 0);
  update_reach(at);
}

void DocumentIndex::RangeBucket::erase(std::size_t at) {
  // Ranges whose reach was the erased one are recomputed (a position no
  // range has stops update_reach from taking them for current).
  for (auto& r : reach) r = r == at ? kStale : r > at ? r - 1 : r;
  numbers.erase(2 * length * at, 2 * length);
  ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(at));
  metas.erase(metas.begin() + static_cast<std::ptrdiff_t>(at));
  reach.erase(reach.begin() + static_cast<std::ptrdiff_t>(at));
  if (at < size()) update_reach(at);
}

// reach[i] is the position of the furthest last number among 0..i (the
// earliest on ties); recomputed from `from`, stopping where the stored value
// holds again, since every later one then holds too.
void DocumentIndex::RangeBucket::update_reach(std::size_t from) {
  for (std::size_t i = from; i < size(); ++i) {
    const auto want = i == 0 || last(i) > last(reach[i - 1]) ? static_cast<std::uint32_t>(i) : reach[i - 1];
    if (i > from && reach[i] == want) break;
    reach[i] = want;
  }
}

DocumentIndex::RangeBucket* DocumentIndex::range_bucket_of(std::uint32_t id) const {
  auto it = std::lower_bound(range_of_.begin(), range_of_.end(), id,
                             [](const auto& e, std::uint32_t v) { return e.first < v; });
  return it != range_of_.end() && it->first == id ? it->second : nullptr;
}

void DocumentIndex::load_ranges_locked(std::vector<BlankRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const BlankRange& a, const BlankRange& c) {
    return std::tie(a.state, a.cls, a.first, a.id) < std::tie(c.state, c.cls, c.first, c.id);
  });
  for (const auto& r : ranges) {
    auto& b = range_buckets_[range_bucket_key(r.state, r.cls, r.first.size())];
    b.state = r.state;
    b.cls = r.cls;
    b.length = r.first.size();
    b.numbers.append(r.first).append(r.last);
    b.ids.push_back(r.id);
    b.metas.push_back(r.meta);
    range_of_.emplace_back(r.id, &b);
  }
  for (auto& [_, b] : range_buckets_) {
    b.reach.assign(b.size(), RangeBucket::kStale);  // none may pass for current
    b.update_reach(0);
    b.numbers.shrink_to_fit();
  }
  std::sort(range_of_.begin(), range_of_.end());
}

void DocumentIndex::add_range_locked(const BlankRange& r) {
  auto& b = range_buckets_[range_bucket_key(r.state, r.cls, r.first.size())];
  b.state = r.state;
  b.cls = r.cls;
  b.length = r.first.size();
  std::size_t lo = 0, hi = b.size();  // to the first range after (first, id)
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    const auto c = b.first(mid).compare(r.first);
    if (c < 0 || (c == 0 && b.ids[mid] < r.id)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  b.insert(lo, r.first, r.last, r.id, r.meta);
  auto pos =
      std::lower_bound(range_of_.begin(), range_of_.end(), std::pair<std::uint32_t, RangeBucket*>{r.id, nullptr});
  range_of_.insert(pos, {r.id, &b});
}

bool DocumentIndex::remove_range_locked(std::uint32_t id) {
  auto pos = std::lower_bound(range_of_.begin(), range_of_.end(), id,
                              [](const auto& e, std::uint32_t v) { return e.first < v; });
  if (pos == range_of_.end() || pos->first != id) return false;
  RangeBucket& b = *pos->second;
  range_of_.erase(pos);
  count_pair_locked(b.state, b.cls, -1);
  auto at = std::find(b.ids.begin(), b.ids.end(), id);
  if (at != b.ids.end()) b.erase(static_cast<std::size_t>(at - b.ids.begin()));
  if (b.size() == 0) range_buckets_.erase(range_bucket_key(b.state, b.cls, b.length));
  return true;
}

void DocumentIndex::probe_ranges_locked(const RangeBucket& b, const std::string& number, std::int32_t today,
                                        std::vector<Candidate>& out) const {
  if (number.size() != b.length) return;
  std::size_t lo = 0, hi = b.size();  // to the first range starting after the number
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (b.first(mid) <= number) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  for (auto i = static_cast<std::ptrdiff_t>(lo) - 1; i >= 0; --i) {
    const auto idx = static_cast<std::size_t>(i);
    if (b.last(b.reach[idx]) < number) break;  // no range at or before i reaches the number
    if (b.last(idx) < number) continue;
    if (meta_review_day(b.metas[idx]) < today) continue;
    out.push_back(Candidate{DocumentId{b.ids[idx]}, 0, MatchKind::range, meta_status(b.metas[idx]), b.state, b.cls,
                            false, number, -1});
  }
}

std::vector<Candidate> DocumentIndex::find(const Lookup& q, std::int32_t today) const {
  std::vector<Candidate> out;
  if (q.number.empty()) return out;
  std::shared_lock lock(mutex_);
  std::vector<std::pair<std::string, TypeClass>> targets;
  if (q.state && q.cls) {
    targets.emplace_back(*q.state, *q.cls);
  } else {
    for (const auto& [pair, _] : pairs_) {
      if (q.state && pair.first != *q.state) continue;
      if (q.cls && static_cast<int>(*q.cls) != pair.second) continue;
      targets.emplace_back(pair.first, static_cast<TypeClass>(pair.second));
    }
  }
  for (const auto& [state, cls] : targets) probe_locked(state, cls, q.number, MatchKind::exact, -1, today, out);
  if (q.state && q.cls) {
    auto it = range_buckets_.find(range_bucket_key(*q.state, *q.cls, q.number.size()));
    if (it != range_buckets_.end()) probe_ranges_locked(it->second, q.number, today, out);
  } else {
    for (const auto& [key, b] : range_buckets_) {
      if ((q.state && b.state != *q.state) || (q.cls && b.cls != *q.cls)) continue;
      probe_ranges_locked(b, q.number, today, out);
    }
  }
  auto [first, last] = notice_docs_.equal_range(notice_number_hash(key_, q.number));
  for (auto it = first; it != last; ++it) {
    const NoticeDocument& d = it->second;
    if (d.expiry_day < today) continue;
    if (q.state && !d.state.empty() && d.state != *q.state) continue;
    if (q.cls && d.cls && *d.cls != *q.cls) continue;
    Candidate c{DocumentId{0},
                d.notice,
                MatchKind::notice_document,
                DocumentStatus::stolen,
                d.state,
                d.cls.value_or(TypeClass::other),
                !d.cls,
                q.number,
                -1};
    out.push_back(std::move(c));
  }
  if (q.near) {
    std::string variant = q.number;
    for (std::size_t i = 0; i < variant.size(); ++i) {
      auto partner = ocr_partner(variant[i]);
      if (!partner) continue;
      char original = variant[i];
      variant[i] = *partner;
      for (const auto& [state, cls] : targets) {
        probe_locked(state, cls, variant, MatchKind::near, static_cast<int>(i), today, out);
      }
      variant[i] = original;
    }
  }
  return out;
}

std::uint32_t DocumentIndex::find_id(std::uint64_t hash, std::int32_t today) const {
  std::shared_lock lock(mutex_);
  std::uint32_t id = 0;
  table_.for_each_match(hash, [&](const HashTable::Slot& s) {
    if (id == 0 && meta_review_day(s.meta) >= today) id = s.id;
  });
  return id;
}

void DocumentIndex::find_ids(const std::uint64_t* hashes, std::size_t n, std::uint32_t* ids, std::int32_t today) const {
  constexpr std::size_t kAhead = 12;
  std::shared_lock lock(mutex_);
  for (std::size_t i = 0; i < std::min(n, kAhead); ++i) table_.prefetch(hashes[i]);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) table_.prefetch(hashes[i + kAhead]);
    std::uint32_t id = 0;
    table_.for_each_match(hashes[i], [&](const HashTable::Slot& s) {
      if (id == 0 && meta_review_day(s.meta) >= today) id = s.id;
    });
    ids[i] = id;
  }
}

std::size_t DocumentIndex::size() const {
  std::shared_lock lock(mutex_);
  return table_.size() + range_of_.size();
}

std::size_t DocumentIndex::notice_documents() const {
  std::shared_lock lock(mutex_);
  return notice_docs_.size();
}

std::size_t DocumentIndex::memory_bytes() const {
  std::shared_lock lock(mutex_);
  std::size_t bytes = table_.memory_bytes();
  bytes += range_of_.capacity() * sizeof(range_of_[0]);
  for (const auto& [key, b] : range_buckets_) {
    bytes += sizeof(b) + 48 + key.capacity() + b.state.capacity() + b.numbers.capacity();
    bytes += (b.ids.capacity() + b.metas.capacity() + b.reach.capacity()) * sizeof(std::uint32_t);
  }
  bytes += pairs_.size() * 64;
  return bytes;
}

// ---- IndexFollower ----

IndexFollower::IndexFollower(store::Database& db, DocumentIndex& index, std::chrono::milliseconds interval)
    : follower_(
          "the document index could not follow the change log",
          [&db, &index]() -> Status {
            ARIADNE_TRY(index.follow(db));
            return {};
          },
          interval) {}

}  // namespace ariadne::sltd
