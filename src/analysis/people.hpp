// The people of the analysis file: every person mention of every
// contribution resolved by entity resolution (er/) into person entities,
// across members. A person's record is what its mention says (names in any
// script, birth date, sex, nationality) and the identifiers of the things
// it is related to in its package (the phone it uses, the account, document
// and vehicle it holds), as their entities are keyed (entities.hpp).
//
// The resolution is held in memory and follows the store: contributions
// added since the last sync are resolved incrementally against everything
// known; the mentions of a contribution withdrawn or replaced by a new
// version are taken out, and only the clusters that held them are
// clustered again (a new version's mentions then come in as an addition).
// A file that has doubled in size since its model was estimated, or whose
// memory holds more mentions taken out than in, is resolved again from
// scratch. Either way the assignment of mentions to entities is
// persisted (entity_mentions, how "resolution") and entity ids are stable:
// a cluster takes the id most of its mentions already had (an id goes to the
// cluster holding most of its mentions); ids of clusters that merged
// redirect to the survivor (entities.merged_into); a cluster of mentions new
// to the file first takes back an id once created for one of them (a case
// sent again in a new version keeps its people's ids), else gets a new one.
// A restart resolves from scratch and so keeps every id.
//
// Analysts' decisions (decisions.hpp) are applied to the clusters before
// ids are assigned: they win over the algorithm, the later over the earlier.
//
// Thread-safety: every member function may be called from any thread; one
// sync runs at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/decisions.hpp"
#include "common/result.hpp"
#include "er/resolve.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

// How the analysis file resolves people: the `ariadne er` configuration of
// src/analysis/people_config.json, compiled in. Blocking on names across
// scripts with a birth date or year, or alone when rare; a birth date with
// nationality or sex (an alias keeps the date); identifiers; a name token
// with nationality or birth year, capped where names are common. Members'
// records of one person differ much (aliases, initials, missing dates): a
// pair links at 0.95, two clusters merge when their records match at 0.45
// on average, unless a case lists both or birth dates and documents of one
// state contradict. Below 500 mentions the file resolves with the prior
// model the configuration holds (estimated from the synthetic world's
// contributions), above with its own.
er::Settings people_settings();
er::Schema people_schema();

struct PeopleSync {
  bool from_scratch = false;
  std::size_t resolved = 0;    // person mentions resolved by this sync
  std::size_t removed = 0;     // person mentions taken out (withdrawn, or of a replaced version)
  std::size_t reassigned = 0;  // mentions whose entity changed (or that got their first)
  std::size_t redirected = 0;  // entities merged into another
  std::size_t mentions = 0;    // person mentions in the file
  std::size_t entities = 0;    // person entities they form
  double seconds = 0;
};
nlohmann::json to_json(const PeopleSync& s);

// Why two person mentions are one entity.
struct PersonLink {
  std::int64_t a = 0;  // mention rows
  std::int64_t b = 0;
  er::Explanation explanation;
};

// Identifiers of one case a person's context holds at most.
inline constexpr std::size_t kMaxContext = 100;
// A case's identifiers as its people's context: all of them, sorted and
// unique, or for a case with more than kMaxContext the kMaxContext smallest
// by a fixed hash (a bottom-k sketch: two cases that share many identifiers
// keep some of the same), so a huge case costs its people no more than a
// small one.
std::vector<std::string> context_sketch(std::vector<std::string> ids);

class People {
 public:
  explicit People(er::Settings settings = people_settings());
  ~People();
  People(const People&) = delete;
  People& operator=(const People&) = delete;

  // Brings the resolution and the stored assignment up to date with `db`.
  Result<PeopleSync> sync(store::Database& db);

  // The first sync, on a thread of its own, so that a server answers at once
  // however large the file: until it is done every other member function
  // waits for it (a request that needs the people is slow, none is wrong).
  // `done` is told its outcome; a failed one is retried by the next sync.
  // `db` must outlive this object. Destroyed meanwhile, it stops that
  // resolution at its next step rather than wait for its end.
  void start(store::Database& db, std::function<void(const Result<PeopleSync>&)> done);
  // Whether that first sync is done (true when start() was not used).
  bool started() const;
  // Asks a resolution from scratch under way (the first sync's, or one of a
  // file that doubled) to end at its next step, and every sync from now on
  // to answer `unavailable` at once: a server that is stopping does not
  // wait for a large file's resolution. Any thread; the destructor does it.
  void stop();

  // How many syncs so far found the file changed (a contribution added,
  // withdrawn or replaced, or an analyst's decision) and brought the stored
  // assignment up to date: what is built on the assignment (the link graph)
  // is current while this does not change.
  std::uint64_t generation() const;

  // The scored pairs at or above the threshold between the given mention
  // rows (those of one entity a caller may see), strongest first, each
  // explained.
  std::vector<PersonLink> links(const std::vector<std::int64_t>& mentions) const;

  // Person mentions (rows) whose names match `name` in any script, best
  // first with their scores, at most `limit`; mentions of victims never.
  std::vector<std::pair<std::int64_t, double>> find(std::string_view name, std::size_t limit) const;

 private:
  struct State;
  Result<PeopleSync> sync_locked(store::Database& db);
  Result<PeopleSync> sync_now(store::Database& db);
  void wait_started() const;
  Status rebuild(store::Database& db, PeopleSync& out);
  Status add(store::Database& db, const std::vector<std::int64_t>& contributions, PeopleSync& out,
             std::vector<std::uint32_t>& touched);
  void remove(const std::set<std::int64_t>& contributions, std::vector<std::uint32_t>& touched);
  Status assign(store::Database& db, PeopleSync& out, const std::vector<std::uint32_t>* touched);
  static std::vector<std::uint32_t> decided(const State& s);

  std::shared_ptr<std::atomic<bool>> stop_ = std::make_shared<std::atomic<bool>>(false);
  std::atomic<std::uint64_t> generation_{0};
  er::Settings settings_;
  mutable std::mutex mu_;
  std::unique_ptr<State> state_;
  std::shared_future<void> started_;  // valid once start() ran: ready when its sync is done
  std::thread starter_;
};

}  // namespace ariadne::analysis
