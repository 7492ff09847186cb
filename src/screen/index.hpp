// The screening index: every published notice's and diffusion's subject
// names in memory, with postings from phonetic keys, canonical spellings and
// character trigrams of their tokens to (record, name). A query gathers the
// postings of its own keys, keeps the names that share the most, and scores
// only those precisely (match_names), so no search scans all names.
//
// Built from the store at server start (build) and kept current from the
// change log (follow, called by the follow_in_background thread), like the
// document index. Records keep their owner, restriction, extract and victim
// flags; search() returns only what the caller may see, with the notices
// module's rules: the gate's full view, a published notice's extract for
// other member countries when its owner allowed it, never a victim to anyone
// but the owner and the members it listed.
//
// Thread-safety: search() and size() may run on any number of threads;
// follow() (one writer) applies each batch under an exclusive lock.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "notices/subject.hpp"
#include "policy/restriction.hpp"
#include "screen/matcher.hpp"
#include "store/database.hpp"
#include "store/follower.hpp"

namespace ariadne::screen {

struct ScreenRecord {
  std::int64_t id = 0;  // the notice's id
  std::string kind;     // notice | diffusion
  std::string type;     // colour: red, yellow, …
  bool extract_to_all = false;
  policy::RecordMeta meta;
  notices::Subject subject;
  std::vector<PreparedName> names;  // one per subject name
};

// Whether the caller sees the record in a search: nullopt when not at all,
// false for the full record, true for the extract (names, birth dates, sex,
// nationalities) that extract_to_all opens to other member countries.
std::optional<bool> extract_only_for(const policy::Caller& caller, const ScreenRecord& r);

struct Hit {
  ScreenRecord record;  // a copy: the index may change once the lock is released
  bool extract_only = false;
  std::size_t name_index = 0;  // the subject name that matched best
  NameMatch match;
};

class ScreeningIndex {
 public:
  // Every published notice and diffusion in the store.
  static Result<std::unique_ptr<ScreeningIndex>> build(store::Database& db);

  // Applies the change log's notices changes since the last call; returns how many.
  Result<std::int64_t> follow(store::Database& db);

  // The caller's visible records whose names best match `name`, best first,
  // at most `limit`, each with a name score of at least `min_score`.
  std::vector<Hit> search(const PreparedName& name, const policy::Caller& caller, std::size_t limit,
                          double min_score) const;
  // Visible records with a document of this number (normalised), any name.
  std::vector<Hit> by_document(const std::string& number, const policy::Caller& caller) const;

  std::size_t size() const;
  // Weights of the indexed names' tokens (for tests and benchmarks).
  double token_weight(const PreparedToken& t) const;

  // Adds or replaces a record (a record that is not published is removed).
  void upsert(ScreenRecord r);
  void remove(std::int64_t id);

 private:
  struct NameRef {
    std::int64_t record;
    std::uint32_t name;
    bool operator==(const NameRef&) const = default;
  };
  void upsert_locked(ScreenRecord r);
  void remove_locked(std::int64_t id);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::int64_t, ScreenRecord> records_;          // guarded by mutex_
  std::unordered_map<std::string, std::vector<NameRef>> postings_;  // guarded by mutex_
  TokenWeights weights_;                                            // guarded by mutex_
  std::size_t names_ = 0;                                           // guarded by mutex_
  std::atomic<std::int64_t> seq_{0};
};

// A published notice's record as the index holds it, from its stored row;
// nullopt when the notice is absent or not published.
Result<std::optional<ScreenRecord>> load_record(store::Database& db, std::int64_t id);

// Normalised document number: upper-case letters and digits only.
std::string normalise_document_number(std::string_view number);

// The server's follower: applies the change log every `interval` on its own thread.
std::unique_ptr<store::Follower> follow_in_background(store::Database& db, ScreeningIndex& index,
                                                      std::chrono::milliseconds interval);

}  // namespace ariadne::screen
