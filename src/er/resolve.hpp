// Entity resolution of person records, from scratch: blocking, comparison of
// the candidate pairs (on every core), estimation of the model from the data
// (no labels), scoring and constrained clustering. `ariadne er` and the
// analysis file both resolve through here.
//
// Thread-safety: resolve() reads the table from several threads it starts
// itself; the table must not change meanwhile.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "er/blocking.hpp"
#include "er/cluster.hpp"
#include "er/model.hpp"

namespace ariadne::er {

struct Settings {
  std::vector<BlockingRule> rules;  // empty: default_rules(schema)
  BlockingOptions blocking;
  double threshold = 0.9;                    // the match probability at which two records link
  double merge_threshold = -1;               // the mean one across two clusters that merges them (<0: threshold)
  std::vector<std::string> exclusive_kinds;  // cluster.hpp
  bool far_birth_dates_contradict = false;   // cluster.hpp
  // Collective resolution (Resolver): once resolved, each record's context
  // gains the other people of its group as resolved (its associates), and
  // the records are resolved again. Two cases that hold one network's
  // people share them; a namesake's case does not. An increment's records
  // gain theirs from the clusters it found, and are compared again.
  bool collective = false;
  std::size_t random_pairs = 300'000;  // sampled to estimate u
  EstimateOptions estimate;
  std::vector<BlockingRule> training_rules;  // empty: default_training_rules(schema)
  std::size_t max_training_pairs = 500'000;  // per training rule (an even sample beyond)
  unsigned threads = 0;                      // 0: one per core
  // A model used instead of estimating one while the table holds fewer than
  // `estimate_from` records: a small file has too few pairs to estimate
  // from, and a new analysis file starts empty. Its lambda is set from
  // `prior_matches`, how many other records one record matches on average.
  std::shared_ptr<const Model> prior;
  std::size_t estimate_from = 0;
  double prior_matches = 1.0;
  // Set by another thread, it stops a resolution from scratch between steps
  // and within the comparison (Resolution::stopped): a server that is asked
  // to stop does not wait for a large file's resolution to end.
  std::shared_ptr<const std::atomic<bool>> stop;
};

struct Resolution {
  Model model;
  BlockingStats blocking;
  // The candidate pairs that may link anything, strongest first: those of a
  // probability of at least 0.01 (or the threshold, when lower). The weaker
  // ones, most of them, are not kept: asked again, a pair is compared again.
  std::vector<ScoredPair> pairs;
  std::uint64_t candidate_pairs = 0;  // compared, kept or not
  Clusters clusters;
  std::uint64_t patterns = 0;  // distinct level patterns among the candidate pairs
  std::vector<TrainingResult> training;
  bool prior = false;                 // the model is Settings::prior's, not estimated
  bool stopped = false;               // Settings::stop cut it short: no model, no clusters to use
  std::uint64_t with_associates = 0;  // records given associates (Settings::collective)
  double first_pass_s = 0;            // the resolution the associates came from
  // Seconds spent in each step.
  double blocking_s = 0, sampling_s = 0, comparing_s = 0, estimating_s = 0, clustering_s = 0;
  nlohmann::json summary() const;  // counts, timings and the model
};

Resolution resolve(const RecordTable& table, const Settings& settings);

// What one incremental update did.
struct Increment {
  std::uint32_t records = 0;  // records it resolved
  std::uint64_t candidate_pairs = 0;
  std::uint64_t links = 0;
  std::uint64_t refused = 0;
  // Clusters that existed before and were merged into another: (old name, new name).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> redirects;
  double seconds = 0;
};

// What taking records out did.
struct Removal {
  std::vector<std::uint32_t> reclustered;  // the other records of the clusters that held them
  // Clusters untouched by the removal that the reclustered records joined: (old name, new name).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> redirects;
  double seconds = 0;
};

// Resolution that goes on: records added after a resolution from scratch
// are resolved against everything known without redoing the rest. Their
// candidate pairs (those with at least one new record) are scored with the
// model as estimated and merged into the existing clusters. A cluster no
// new pair touches keeps its name (its smallest record), a cluster the new
// records join keeps its name too, and when new evidence merges two
// clusters the smaller name survives and the other is reported as a
// redirect. resolve() again re-estimates the model from everything.
//
// Thread-safety: one thread at a time; update() compares on every core.
class Resolver {
 public:
  Resolver(Schema schema, Settings settings);
  RecordTable& table() { return table_; }  // records are added through it
  // From scratch (records taken out by remove() count again: a resolver
  // that removed records is replaced rather than resolved again).
  const Resolution& resolve();
  Increment update();
  // Takes resolved records out for good (the person mentions of a withdrawn
  // or replaced contribution): they stay in the table, each a cluster of its
  // own that nothing joins, and every pair with one of them is forgotten.
  // The clusters that held them are clustered again from the known pairs of
  // their other records (which may join other clusters, as new evidence
  // would); every other cluster keeps its records and name, and the model
  // stays as estimated.
  Removal remove(const std::vector<std::uint32_t>& records);
  bool removed(std::uint32_t record) const { return record < removed_.size() && removed_[record] != 0; }
  const Resolution& resolution() const { return res_; }

 private:
  bool collective() const;
  std::uint64_t set_associates(std::uint32_t first);
  std::vector<CandidatePair> associate_pairs(std::uint32_t first) const;
  void absorb(std::vector<CandidatePair>& candidates, bool again,
              std::vector<std::pair<std::uint32_t, std::uint32_t>>& merged);

  RecordTable table_;
  Settings settings_;
  Clustering clustering_;
  BlockIndex index_;
  Resolution res_;
  std::vector<ScoredPair> known_;  // the kept pairs (Resolution::pairs), in (a, b) order
  std::uint32_t resolved_ = 0;     // records resolved so far
  std::vector<char> removed_;      // per record: taken out
  // Per associate value: the records that have it (Settings::collective).
  std::unordered_map<ValueId, std::vector<std::uint32_t>> associated_;
};

// At most this many associates per record (Settings::collective).
inline constexpr std::size_t kMaxAssociates = 64;

// The explanation of one pair under a resolution's model.
Explanation explain_pair(const Resolution& resolution, const RecordTable& table, std::uint32_t a, std::uint32_t b);

}  // namespace ariadne::er
