// The screening index: every published notice's and diffusion's subject
// names in memory. Namesakes share a spelling (a run of interned token ids),
// and postings go from phonetic keys, canonical spellings and character
// trigrams of the tokens to spellings, not to each name that has one. A
// query gathers the postings of its own keys, keeps the spellings that share
// the most, scores only those precisely (match_names), and expands the best
// of them to the records that hold them, so no search scans all names.
//
// Memory is about what a million subjects need: each distinct token is
// prepared and stored once, a spelling is a run of token ids stored once for
// all its namesakes, postings are 32-bit spelling ids under 64-bit hashes of
// the keys, and a record keeps its flags, an interned owner and restriction,
// and its subject encoded in one byte arena, decoded only for the records a
// search returns.
//
// Built from the store at server start (build) and kept current from the
// change log (follow, called by the follow_in_background thread), like the
// document index: a spelling counts its holders and leaves the postings with
// its last one. Records keep their owner, restriction, extract and victim
// flags; search() returns only what the caller may see, with the notices
// module's rules: the gate's full view, a published notice's extract for
// other member countries when its owner allowed it, a victim only to those
// notices::may_see_victim names.
//
// Thread-safety: search() and size() may run on any number of threads;
// follow() (one writer) applies each batch under an exclusive lock.
#pragma once

#include <atomic>
#include <chrono>
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

#include "notices/subject.hpp"
#include "policy/restriction.hpp"
#include "store/database.hpp"
#include "store/follower.hpp"
#include "text/matcher.hpp"

namespace ariadne::screen {

struct ScreenRecord {
  std::int64_t id = 0;  // the notice's id
  std::string kind;     // notice | diffusion
  std::string type;     // colour: red, yellow, …
  bool extract_to_all = false;
  policy::RecordMeta meta;
  notices::Subject subject;
  std::vector<text::PreparedName> names;  // one per subject name
};

// Whether the caller sees the record in a search: nullopt when not at all,
// false for the full record, true for the extract (names, birth dates, sex,
// nationalities) that extract_to_all opens to other member countries.
std::optional<bool> extract_only_for(const policy::Caller& caller, const ScreenRecord& r);

struct Hit {
  ScreenRecord record;  // a copy: the index may change once the lock is released
  bool extract_only = false;
  std::size_t name_index = 0;  // the subject name that matched best
  text::NameMatch match;
};

class ScreeningIndex {
 public:
  // Every published notice and diffusion in the store.
  static Result<std::unique_ptr<ScreeningIndex>> build(store::Database& db);

  // Applies the change log's notices changes since the last call; returns how many.
  Result<std::int64_t> follow(store::Database& db);

  // The caller's visible records whose names best match `name`, best first
  // (equal scores by how the names are written, then by record id), at most `limit`, each with a name score of
  // at least `min_score`. `candidates` spellings (at least `limit`; by
  // default candidates_for(limit)), chosen by shared keys, are scored
  // precisely; every record holding one of the best of them is a candidate.
  // With `crowded`, says whether spellings about as close by shared keys as
  // the best (at least half its votes) were left out at the cut: a search
  // with more candidates may then rank other records first.
  std::vector<Hit> search(const text::PreparedName& name, const policy::Caller& caller, std::size_t limit,
                          double min_score, std::size_t candidates = 0, bool* crowded = nullptr) const;
  // How many spellings a search for `limit` results scores by default.
  static std::size_t candidates_for(std::size_t limit);
  // Visible records with a document of this number (normalised), any name.
  std::vector<Hit> by_document(const std::string& number, const policy::Caller& caller) const;

  std::size_t size() const;
  // Distinct spellings among the indexed names (for tests and benchmarks).
  std::size_t spellings() const;
  // Name ids in use or free for reuse (for tests: removals do not leak them).
  std::size_t name_ids() const;
  // Spellings whose vote counters or typo stamps this thread holds outside a search: none,
  // however the last search ended (for tests).
  static std::size_t pending_votes();
  // Weights of the indexed names' tokens (for tests and benchmarks).
  double token_weight(const text::PreparedToken& t) const;
  // The query against a name prepared apart, its tokens weighed as the
  // indexed names' are (a record's other names, once a search found it).
  text::NameMatch match(const text::PreparedName& query, const text::PreparedName& candidate) const;

  // Adds or replaces a record (a record that is not published is removed).
  // Its names may be left empty: the index then prepares the subject's names.
  void upsert(ScreenRecord r);
  // The same for many records at once, as the start-up build does: each
  // distinct spelling among their subjects' names is prepared once, on every
  // core, and the batch is applied under one lock.
  void upsert_all(std::vector<ScreenRecord> records);
  void remove(std::int64_t id);

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  // One per record: its flags, where its names and encoded subject are.
  struct Slot {
    std::int64_t id = 0;
    std::uint64_t subject_at = 0;  // in subjects_
    std::uint32_t subject_size = 0;
    std::uint32_t first_name = 0;  // its names are first_name .. first_name + names - 1
    std::uint32_t names = 0;
    std::uint32_t meta = 0;  // in metas_
    std::uint8_t kind = 0;   // in labels_
    std::uint8_t type = 0;   // in labels_
    bool extract_to_all = false;
    bool victim = false;
  };
  // A name in its spelling's holder list, with what a search needs of its
  // record, so that expanding namesakes does not reach for each one's slot.
  struct Holder {
    std::int64_t id;           // the record's
    std::uint32_t name;        // the name's id (a list is ascending by it)
    std::uint32_t slot;        // the record's
    std::uint32_t view;        // the record's class in view_classes_
    std::uint32_t name_index;  // among the record's names
  };
  // What decides whether a caller sees a record (see view_of).
  struct ViewClass {
    std::uint32_t meta;
    std::uint8_t kind;
    bool extract_to_all;
    bool victim;
  };
  struct Spelled;  // a prepared name with its token ids and key hashes
  // A spelling's precise score in a search.
  struct Scored {
    double score;
    int distance;  // edits between the query and the spelling as written
    std::uint32_t spelling;
  };
  // A record a search may return: where its score is, which name earned it.
  struct Found {
    std::uint32_t slot;
    std::int64_t id;     // the record's
    std::size_t scored;  // in the search's Scored list
    bool extract_only;
    std::size_t name;
    bool as_written;  // the name is written as the query is
  };
  // The `keep` spellings sharing the most of the name's keys, most first.
  std::vector<std::uint32_t> best_by_votes(const text::PreparedName& name, std::size_t keep, bool* crowded) const;
  // The best `limit` visible records holding the scored spellings (best
  // first), into `found`; equal scores are ordered by order_by_written as
  // far as needed.
  void holders_by_score(std::vector<Scored>& scored, std::string_view query_text, std::uint32_t query_written,
                        const policy::Caller& caller, std::size_t limit, std::vector<Found>& found) const;
  void order_by_written(std::vector<Scored>& scored, std::size_t from, std::size_t to,
                        std::string_view query_text) const;
  // A record already found at `rank` through another name: marked as written
  // as the query, with that name, when `h` (its name written so) has the same rank.
  void written_as_query(std::vector<Found>& found, const std::vector<Scored>& scored, const Scored& rank,
                        const Holder& h) const;
  static Spelled spell(text::PreparedName name);
  void upsert_locked(ScreenRecord r);
  void insert_locked(const ScreenRecord& r, const std::vector<Spelled*>& names);
  static std::uint64_t spelling_hash(const std::uint32_t* tokens, std::size_t n);
  std::uint32_t hold_spelling(Spelled& s, const Holder& holder);
  std::uint32_t intern_view(const Slot& s);
  std::uint32_t take_names(std::uint32_t n);
  void free_names(std::uint32_t first, std::uint32_t n);
  void release_spelling(std::uint32_t name);
  void intern_tokens(Spelled& s);
  void remove_locked(std::int64_t id);
  std::uint32_t intern_token(const text::PreparedToken& t);
  std::uint8_t intern_label(const std::string& label);
  std::uint32_t intern_meta(const policy::RecordMeta& meta);
  text::PreparedName name_at(std::uint32_t name) const;
  text::PreparedName spelling_at(std::uint32_t spelling) const;
  void tokens_of(std::uint32_t spelling, std::vector<const text::PreparedToken*>& out) const;
  ScreenRecord record_at(std::uint32_t slot) const;
  std::optional<bool> view_of(const policy::Caller& caller, const Slot& s) const;
  void compact_subjects();

  mutable std::shared_mutex mutex_;
  // Everything below is guarded by mutex_.
  std::unordered_map<std::int64_t, std::uint32_t> records_;  // notice id → slot
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::string subjects_;  // encoded subjects; removed ones stay until compacted
  std::size_t dead_subject_bytes_ = 0;
  // Names by id; a record's are consecutive. A removed record's run of ids
  // is free (its names' slot is kNone) and taken again by a later record.
  std::vector<std::uint32_t> name_slot_;
  std::vector<std::uint32_t> name_spelling_;
  // Each name as written (written_hash), to rank it first among names that
  // prepare alike ("Abdul Rahman", "Abdurrahman") for a query written so.
  std::vector<std::uint32_t> name_written_;
  std::map<std::uint32_t, std::vector<std::uint32_t>> free_names_;  // run length → first ids
  // Spellings by id (ids are never reused, so posting lists stay ascending):
  // spelling s's tokens are [at[s], at[s + 1]) of spelling_tokens_; its
  // holders are the names spelled so, ascending, empty once it is gone.
  std::vector<std::uint32_t> spelling_tokens_at_{0};
  std::vector<std::uint32_t> spelling_tokens_;
  std::vector<std::vector<Holder>> holders_;
  std::unordered_multimap<std::uint64_t, std::uint32_t> spelling_ids_;  // hash of the token ids → live spellings
  // Distinct prepared tokens, each stored once (never removed: they are few).
  std::vector<text::PreparedToken> tokens_;
  std::unordered_map<std::string, std::uint32_t> token_ids_;
  std::vector<std::string> labels_;  // kinds and colours
  std::vector<policy::RecordMeta> metas_;
  std::vector<ViewClass> view_classes_;  // never removed: they are few
  std::unordered_map<std::uint64_t, std::uint32_t> view_class_ids_;
  std::unordered_map<std::string, std::uint32_t> meta_ids_;
  // Key hash → ids of the live spellings holding the key, ascending.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> postings_;
  // Normalised document number's hash → slots.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> documents_;
  text::TokenWeights weights_;
  std::size_t names_ = 0;
  std::size_t spellings_ = 0;  // live ones
  std::atomic<std::int64_t> seq_{0};
};

// A published notice's record as the index holds it, from its stored row;
// nullopt when the notice is absent or not published.
Result<std::optional<ScreenRecord>> load_record(store::Database& db, std::int64_t id);

// The server's follower: applies the change log every `interval` on its own thread.
std::unique_ptr<store::Follower> follow_in_background(store::Database& db, ScreeningIndex& index,
                                                      std::chrono::milliseconds interval);

}  // namespace ariadne::screen
