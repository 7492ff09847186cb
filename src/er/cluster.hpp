// Clustering of scored pairs into entities. Pairs at or above the threshold
// propose merges, strongest first; a merge of two clusters happens when the
// records of one match the records of the other on average (the mean match
// probability of every pair across them, compared when blocking did not
// bring it, reaches the threshold). One pair cannot chain two people into
// one entity: "Claudia Huber, born 1962" and "Claudia Huber, born 1975"
// both match a "Claudia Huber" of unknown birth, but not each other, so the
// second merge fails. A merge is also refused when strong evidence says the
// records are different people: complete birth dates that all differ and,
// for an identifier kind a person holds one of (a passport of one state),
// values that all differ; with far_birth_dates_contradict, complete birth
// dates all far apart; and when the two clusters hold records of one
// group (two mentions of one case are two people). Refused merges are
// counted, the contradicted apart from those the average failed.
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "er/records.hpp"

namespace ariadne::er {

struct ScoredPair {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  float weight = 0;  // log-odds (model.hpp)
};

struct ClusterOptions {
  double threshold = 0.9;       // match probability of a pair to propose a merge
  double merge_threshold = -1;  // mean match probability across two clusters to make it (<0: threshold)
  // Identifier kinds ("passport:FRA") a person holds one value of at a time.
  std::vector<std::string> exclusive_kinds;
  // Complete birth dates that are all far apart (not a digit, nor a year
  // with the same or swapped day and month) say two people, as documents
  // do: a mention without a birth date then cannot chain them.
  bool far_birth_dates_contradict = false;
};

struct Clusters {
  std::vector<std::uint32_t> of;  // per record: the smallest record index of its cluster
  std::uint64_t links = 0;        // pairs that merged two clusters
  std::uint64_t refused = 0;      // merges refused as contradicted
  std::uint64_t outvoted = 0;     // merges refused for the mean across the clusters
};

// The weight of any pair of records (compared on demand).
using PairWeight = std::function<double(std::uint32_t, std::uint32_t)>;

// Clusters that grow: records join as clusters of their own, pairs merge
// them. A cluster is named by its smallest record, so a cluster no pair
// touches keeps its name, and of two clusters that merge the one with the
// smaller name survives.
class Clustering {
 public:
  Clustering(const RecordTable& table, ClusterOptions options);
  // Takes in the records the table gained since, each a cluster of its own.
  void grow();
  // Forgets every record and merge.
  void reset();
  // Merges along `pairs` (reordered: strongest first) as cluster() does.
  // The names of clusters merged into another are appended to `merged`
  // when given, each with the name it now has.
  void merge(std::vector<ScoredPair>& pairs, const PairWeight& weight,
             std::vector<std::pair<std::uint32_t, std::uint32_t>>* merged = nullptr);
  // Breaks the clusters named `roots` back into clusters of one record each
  // (when some of their records leave, the rest are merged again); returns
  // their records.
  std::vector<std::uint32_t> release(const std::vector<std::uint32_t>& roots);
  std::uint32_t cluster_of(std::uint32_t record);
  Clusters result();

 private:
  struct Evidence {
    std::vector<std::uint32_t> dates;  // complete birth dates, packed, sorted
    std::vector<ValueId> documents;    // exclusive identifiers, sorted
    std::vector<ValueId> groups;       // sorted
  };
  bool contradicts(const Evidence& x, const Evidence& y) const;
  Evidence evidence_of(std::uint32_t record) const;

  const RecordTable& table_;
  ClusterOptions options_;
  std::vector<std::uint32_t> parent_;
  std::vector<Evidence> evidence_;                   // at each root
  std::vector<std::vector<std::uint32_t>> members_;  // at each root
  std::uint64_t links_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t outvoted_ = 0;
};

// All of a table's records clustered along `pairs` (reordered: strongest first).
Clusters cluster(const RecordTable& table, std::vector<ScoredPair>& pairs, const ClusterOptions& options,
                 const PairWeight& weight);

// Whether an identifier value ("passport:FRA:15AB12345") is of one of the kinds.
bool exclusive(std::string_view identifier, const std::vector<std::string>& kinds);

}  // namespace ariadne::er
