// The document index: every travel-document record in memory, compactly, so
// checks never touch the database until something matches.
//
// Key: a keyed 64-bit hash (SipHash-2-4, libsodium crypto_shorthash, 128-bit
// key kept in the sltd_keys table so every server instance and the snapshot
// exporter agree) of (issuing state, type class, normalised number). Slots of
// 16 bytes {hash, record id, status and review day} sit in one flat array of
// about 1.33 slots per record (about 21 bytes per record). The table is kept
// sorted by hash with linear probing from each hash's home slot (fast range
// of the hash, monotone in the hash), so a miss stops at the first larger
// hash — Robin Hood's short misses without its bookkeeping.
//
// Stolen-blank ranges (number .. series_end) live apart, in sorted arrays
// per (issuing state, type class, number length).
//
// Documents listed in the subjects of published notices ("documents
// associated with notices") are a second, much smaller kind of entry, kept
// apart and keyed by the number alone, because a subject's document may lack
// its issuing state or type; an entry stops matching after the notice's
// expiry day and leaves when the change log says the notice was cancelled.
//
// A check without an issuing state (or type) probes every (state, class)
// pair present in the index — at most a few hundred probes, instead of a
// second table that would double the memory; MRZ checks always carry both.
//
// Thread-safety: find() and the other const members may be called from any
// number of threads; apply_changes() (one writer, the follower) publishes
// each batch of changes atomically under an exclusive lock, so a reader sees
// a batch entirely or not at all.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/huge_pages.hpp"
#include "common/ids.hpp"
#include "common/result.hpp"
#include "notices/notices.hpp"
#include "sltd/documents.hpp"
#include "store/database.hpp"
#include "store/follower.hpp"
#include "store/migrations.hpp"

namespace ariadne::sltd {

// The index's, the hits' and the offline copies' tables (sltd migration 2).
store::Migration sltd_index_migration();

// passport, identity card, visa, other: what an MRZ document code's first
// letter tells (P; I, A, C; V; anything else).
enum class TypeClass : std::uint8_t { passport = 0, identity_card = 1, visa = 2, other = 3 };
inline constexpr int kTypeClasses = 4;
TypeClass type_class(DocumentType t);
// A type name (passport, …) or an ICAO document code ("P", "P<", "PD", "ID", "AC", "V", …).
std::optional<TypeClass> parse_type_class(std::string_view s);
std::string_view to_string(TypeClass c);

struct IndexKey {
  std::array<unsigned char, 16> bytes{};
};
// The SipHash key, generated with randombytes on first use and kept in sltd_keys.
Result<IndexKey> load_index_key(store::Database& db);
// Never 0 (0 marks an empty slot). state is an alpha-3 code, number normalised.
std::uint64_t key_hash(const IndexKey& key, std::string_view state, TypeClass cls, std::string_view number);
// The key of a document listed in a notice: the number alone (state "<<<",
// which no record has), as a subject's document may lack its state or type.
std::uint64_t notice_number_hash(const IndexKey& key, std::string_view number);

// Days since 1970-01-01 of an ISO date (nullopt when unreadable).
std::optional<std::int32_t> epoch_day(std::string_view iso_date);
std::int32_t today_epoch_day();

// Status and review day packed beside a hash: bits 0-2 the status, 3-18 the
// review day (days since 1970, capped), the rest zero.
std::uint32_t pack_meta(DocumentStatus status, std::int32_t review_day);
DocumentStatus meta_status(std::uint32_t meta);
std::int32_t meta_review_day(std::uint32_t meta);

// A stolen-blank range: number .. series_end, same length, lexicographic.
struct BlankRange {
  std::uint32_t id = 0;
  std::string state;
  TypeClass cls = TypeClass::passport;
  std::string first;
  std::string last;
  std::uint32_t meta = 0;
};
bool range_contains(const BlankRange& r, std::string_view number);

// The flat sorted open-addressing table. Not thread-safe by itself.
class HashTable {
 public:
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t id = 0;
    std::uint32_t meta = 0;
  };
  static_assert(sizeof(Slot) == 16);

  HashTable() = default;
  // Builds from entries (any order) at the given load factor, in place.
  static HashTable build(std::vector<Slot> entries, double load = 0.75);

  // Inserts or, when (hash, id) is present, replaces meta.
  void upsert(std::uint64_t hash, std::uint32_t id, std::uint32_t meta);
  bool erase(std::uint64_t hash, std::uint32_t id);
  // Calls fn(slot) for every slot with this hash; returns how many.
  template <class Fn>
  int for_each_match(std::uint64_t hash, Fn&& fn) const {
    if (capacity_ == 0) return 0;
    std::size_t i = home(hash);
    const Slot* s = slots_.data();
    while (s[i].hash != 0 && s[i].hash < hash) ++i;
    int n = 0;
    for (; s[i].hash == hash; ++i, ++n) fn(s[i]);
    return n;
  }
  void prefetch(std::uint64_t hash) const {
    if (capacity_ != 0) __builtin_prefetch(&slots_[home(hash)]);
  }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }
  std::vector<Slot> entries() const;

 private:
  static constexpr std::size_t kSlack = 1024;  // room past the last home slot
  std::size_t home(std::uint64_t hash) const {
    __extension__ using U128 = unsigned __int128;
    return static_cast<std::size_t>((static_cast<U128>(hash) * capacity_) >> 64);
  }
  void grow();

  // capacity_ + kSlack, sorted by hash among occupied slots; on huge pages,
  // probes landing anywhere in hundreds of MiB.
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
};

enum class MatchKind { exact, range, near, notice_document };
std::string_view to_string(MatchKind k);

struct Candidate {
  DocumentId id;            // the document record (0 for a notice document)
  std::int64_t notice = 0;  // the notice, for a notice document
  MatchKind kind = MatchKind::exact;
  DocumentStatus status = DocumentStatus::stolen;
  std::string state;  // empty: a notice document without an issuing state
  TypeClass cls = TypeClass::passport;
  bool any_class = false;  // a notice document without a type
  std::string number;      // the number that matched (a near variant for near matches)
  int position = -1;       // near: the index of the confused character
};

struct Lookup {
  std::string number;                // normalised
  std::optional<std::string> state;  // every state in the index when absent
  std::optional<TypeClass> cls;      // every class when absent
  bool near = false;                 // also numbers one OCR confusion away
};

// The characters OCR confuses: O/0, I/1, S/5, B/8, Z/2, G/6.
std::optional<char> ocr_partner(char c);

class DocumentIndex {
 public:
  explicit DocumentIndex(IndexKey key) : key_(key) {}
  DocumentIndex(const DocumentIndex&) = delete;
  DocumentIndex& operator=(const DocumentIndex&) = delete;

  // Streams every record from the store (Database::for_each) and remembers
  // the change-log sequence it is current to.
  static Result<std::unique_ptr<DocumentIndex>> build(store::Database& db);

  // Applies the changes logged after seq() (up to max_changes at a time,
  // repeated until caught up); each batch becomes visible atomically.
  // Returns how many changes were read.
  Result<std::int64_t> follow(store::Database& db, int max_changes = 10000);

  // Exact and range candidates (and near ones when asked), not yet verified
  // against the store. Records past their review day do not match.
  std::vector<Candidate> find(const Lookup& q, std::int32_t today) const;
  // The hot path for benchmarks and offline-style batch use: record id or 0.
  std::uint32_t find_id(std::uint64_t hash, std::int32_t today) const;
  // n lookups with software prefetching a few keys ahead; ids or 0.
  void find_ids(const std::uint64_t* hashes, std::size_t n, std::uint32_t* ids, std::int32_t today) const;

  const IndexKey& key() const { return key_; }
  std::int64_t seq() const { return seq_.load(); }
  std::size_t size() const;  // exact entries plus ranges
  std::size_t notice_documents() const;
  std::size_t memory_bytes() const;

  // For tests and benchmarks: adds one record as a change would.
  void put(const Document& d);
  // Replaces the table with one built from raw slots (benchmarks).
  void load_slots(std::vector<HashTable::Slot> slots, double load = 0.75);

 private:
  struct Record {  // what apply needs of a record
    DocumentId id;
    std::string state;
    TypeClass cls;
    std::string number;
    std::optional<std::string> series_end;
    DocumentStatus status;
    std::int32_t review_day;
  };
  struct NoticeDocument {  // one document of a published notice's subject
    std::int64_t notice;
    std::string state;             // empty when the notice does not say
    std::optional<TypeClass> cls;  // nullopt when the notice does not say
    std::int32_t expiry_day;       // the notice's expiry
  };
  using NoticeDocuments = std::vector<std::pair<std::uint64_t, NoticeDocument>>;  // by number hash
  NoticeDocuments notice_documents_of(const notices::Notice& n) const;
  void replace_notice_locked(std::int64_t notice, const NoticeDocuments& docs);
  void upsert_locked(const Record& r);
  void erase_locked(std::uint32_t id, const std::string& state, TypeClass cls, std::uint64_t hash);
  void count_pair_locked(const std::string& state, TypeClass cls, int delta);
  void probe_locked(const std::string& state, TypeClass cls, const std::string& number, MatchKind kind, int position,
                    std::int32_t today, std::vector<Candidate>& out) const;

  IndexKey key_;
  std::atomic<std::int64_t> seq_{0};
  mutable std::shared_mutex mutex_;
  HashTable table_;  // guarded by mutex_
  // Stolen-blank ranges by (state, class, number length), sorted by first
  // number. A bucket's numbers all have its length L, so each range keeps
  // its numbers once, in one character array (first then last, 2L bytes per
  // range), beside its id, status/review meta and reach: the position of the
  // range with the furthest last number up to it. A lookup walks back from
  // its number only while an earlier range can still reach it. About 46
  // bytes per range instead of a node and two string copies. Guarded by mutex_.
  struct RangeBucket {
    std::string state;
    TypeClass cls = TypeClass::passport;
    std::size_t length = 0;
    std::string numbers;
    std::vector<std::uint32_t> ids;
    std::vector<std::uint32_t> metas;
    std::vector<std::uint32_t> reach;
    static constexpr std::uint32_t kStale = 0xFFFFFFFF;  // a reach still to compute
    std::size_t size() const { return ids.size(); }
    std::string_view first(std::size_t i) const { return {numbers.data() + 2 * length * i, length}; }
    std::string_view last(std::size_t i) const { return {numbers.data() + 2 * length * i + length, length}; }
    void insert(std::size_t at, std::string_view first, std::string_view last, std::uint32_t id, std::uint32_t meta);
    void erase(std::size_t at);
    void update_reach(std::size_t from);  // after a change at `from`
  };
  std::map<std::string, RangeBucket> range_buckets_;
  // Each range's bucket, by record id (sorted: ids mostly arrive in order).
  std::vector<std::pair<std::uint32_t, RangeBucket*>> range_of_;
  RangeBucket* range_bucket_of(std::uint32_t id) const;
  void add_range_locked(const BlankRange& r);
  void load_ranges_locked(std::vector<BlankRange> ranges);  // a bulk load: one sort per bucket
  bool remove_range_locked(std::uint32_t id);               // false when the id is no range
  void probe_ranges_locked(const RangeBucket& b, const std::string& number, std::int32_t today,
                           std::vector<Candidate>& out) const;
  std::map<std::pair<std::string, int>, int> pairs_;                    // (state, class) → entries; guarded by mutex_
  std::unordered_multimap<std::uint64_t, NoticeDocument> notice_docs_;  // by number hash; guarded by mutex_
  std::map<std::int64_t, std::vector<std::uint64_t>> notice_hashes_;    // notice → its hashes; guarded by mutex_
};

// The server's follower: polls the change log every `interval` on its own
// thread until destroyed.
class IndexFollower {
 public:
  IndexFollower(store::Database& db, DocumentIndex& index, std::chrono::milliseconds interval);

 private:
  store::Follower follower_;
};

}  // namespace ariadne::sltd
