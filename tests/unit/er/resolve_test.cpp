// Resolution end to end: flat files, clustering, explanations, determinism.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "er/flat_file.hpp"

namespace ariadne::er {
namespace {

// bench/er/febrl.json, with fewer random and training pairs than a real
// run samples: enough for FEBRL, and quick under the sanitizers.
FlatConfig febrl_config() {
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/bench/er/febrl.json");
  auto config = parse_config(nlohmann::json::parse(in));
  EXPECT_TRUE(config) << (config ? "" : config.error().message);
  config->settings.random_pairs = 40000;
  config->settings.max_training_pairs = 20000;
  return *config;
}

struct Loaded {
  FlatConfig config;
  RecordTable table;
  std::vector<std::string> ids;
};

std::unique_ptr<Loaded> load_febrl(const std::string& file) {
  auto config = febrl_config();
  auto loaded = std::make_unique<Loaded>(Loaded{config, RecordTable(config.schema), {}});
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/tests/data/febrl/" + file);
  auto records = read_csv(in, loaded->config, "rec_id", 0, [](const LineError&) {});
  EXPECT_TRUE(records);
  for (const auto& r : *records) {
    loaded->table.add(r);
    loaded->ids.push_back(r.id);
  }
  return loaded;
}

// The person a FEBRL id is: rec-12-org and rec-12-dup-0 are person 12.
std::string person_of(const std::string& id) {
  return id.substr(4, id.find('-', 4) - 4);
}

TEST(Resolve, FindsTheDuplicatesOfFebrlDataset1) {
  auto f = load_febrl("dataset1.csv");
  const auto res = resolve(f->table, f->config.settings);
  std::size_t true_pairs = 0, found = 0, correct = 0;
  std::map<std::string, std::vector<std::uint32_t>> by_person;
  for (std::uint32_t i = 0; i < f->table.size(); ++i) by_person[person_of(f->ids[i])].push_back(i);
  for (const auto& [p, members] : by_person) true_pairs += members.size() * (members.size() - 1) / 2;
  for (std::uint32_t i = 0; i < f->table.size(); ++i) {
    for (std::uint32_t j = i + 1; j < f->table.size(); ++j) {
      if (res.clusters.of[i] != res.clusters.of[j]) continue;
      ++found;
      correct += person_of(f->ids[i]) == person_of(f->ids[j]);
    }
  }
  ASSERT_GT(found, 0U);
  EXPECT_GE(static_cast<double>(correct) / static_cast<double>(found), 0.95);
  EXPECT_GE(static_cast<double>(correct) / static_cast<double>(true_pairs), 0.95);
  // Every cluster is named by its smallest record index.
  for (std::uint32_t i = 0; i < f->table.size(); ++i) EXPECT_LE(res.clusters.of[i], i);
  EXPECT_GT(res.model.lambda, 0);
  EXPECT_LT(res.model.lambda, 0.01);
}

TEST(Resolve, ExplanationsAddUpToTheProbability) {
  auto f = load_febrl("dataset1.csv");
  const auto res = resolve(f->table, f->config.settings);
  ASSERT_GT(res.pairs.size(), 100U);
  for (std::size_t k = 0; k < res.pairs.size(); k += res.pairs.size() / 100) {
    const auto& p = res.pairs[k];
    const auto e = explain_pair(res, f->table, p.a, p.b);
    double sum = e.prior_weight;
    for (const auto& feature : e.features) {
      sum += feature.weight + feature.tf_adjustment;
      if (feature.tf_adjustment != 0) {
        EXPECT_FALSE(feature.value.empty());
      }
    }
    EXPECT_NEAR(sum, e.weight, 1e-9);
    EXPECT_NEAR(e.weight, p.weight, 1e-3) << "the explanation is of the weight the pair was clustered with";
    EXPECT_NEAR(e.probability, 1 / (1 + std::exp2(-e.weight)), 1e-12);
    EXPECT_EQ(e.features.size(), res.model.comparisons.size());
    const auto j = to_json(e);
    EXPECT_EQ(j["features"].size(), e.features.size());
  }
}

TEST(Resolve, KeepsOnlyThePairsThatMayLinkAndComparesTheOthersAgainWhenAsked) {
  auto f = load_febrl("dataset1.csv");
  const auto res = resolve(f->table, f->config.settings);
  ASSERT_GT(res.pairs.size(), 100U);
  EXPECT_GT(res.candidate_pairs, res.pairs.size() + 100) << "candidate pairs of different people go";
  std::set<std::pair<std::uint32_t, std::uint32_t>> kept;
  for (const auto& p : res.pairs) {
    EXPECT_GE(probability(p.weight), 0.0099);
    kept.emplace(p.a, p.b);
  }
  // A candidate pair not kept is compared again when asked, and falls below the floor.
  const auto& settings = f->config.settings;
  BlockingStats stats;
  const auto candidates = candidate_pairs(
      f->table, settings.rules.empty() ? default_rules(f->table.schema()) : settings.rules, settings.blocking, stats);
  EXPECT_EQ(candidates.size(), res.candidate_pairs);
  std::size_t asked = 0;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    if (kept.contains({candidates[k].a, candidates[k].b})) continue;
    ++asked;
    EXPECT_LT(explain_pair(res, f->table, candidates[k].a, candidates[k].b).probability, 0.0101);
  }
  EXPECT_GT(asked, 100U);
  // The summary tells the two counts apart.
  const auto s = res.summary();
  EXPECT_EQ(s["candidate_pairs"].get<std::uint64_t>(), res.candidate_pairs);
  EXPECT_EQ(s["kept_pairs"].get<std::uint64_t>(), res.pairs.size());
}

TEST(Resolve, StopsWhenAskedAndSaysSo) {
  auto f = load_febrl("dataset1.csv");
  auto settings = f->config.settings;
  auto stop = std::make_shared<std::atomic<bool>>(true);
  settings.stop = stop;
  const auto stopped = resolve(f->table, settings);
  EXPECT_TRUE(stopped.stopped);
  EXPECT_TRUE(stopped.pairs.empty());
  EXPECT_TRUE(stopped.clusters.of.empty());
  // Not asked, the same settings resolve the file.
  stop->store(false);
  const auto done = resolve(f->table, settings);
  EXPECT_FALSE(done.stopped);
  EXPECT_EQ(done.clusters.of.size(), f->table.size());
  // A resolver asked to stop says so too.
  Resolver resolver(f->config.schema, settings);
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/tests/data/febrl/dataset1.csv");
  auto records = read_csv(in, f->config, "rec_id", 0, [](const LineError&) {});
  ASSERT_TRUE(records);
  resolver.table().add(*records);
  stop->store(true);
  EXPECT_TRUE(resolver.resolve().stopped);
}

TEST(Resolve, IsDeterministicWhateverTheThreads) {
  auto f = load_febrl("dataset1.csv");
  auto one = f->config.settings;
  one.threads = 1;
  auto two = f->config.settings;
  two.threads = 2;
  const auto a = resolve(f->table, one);
  const auto b = resolve(f->table, two);
  EXPECT_EQ(a.clusters.of, b.clusters.of);
  ASSERT_EQ(a.pairs.size(), b.pairs.size());
  for (std::size_t i = 0; i < a.pairs.size(); ++i) EXPECT_EQ(a.pairs[i].weight, b.pairs[i].weight);
}

TEST(Resolve, LinksTwoFilesAcrossOnly) {
  auto config = febrl_config();
  config.settings.blocking.link_only = true;
  RecordTable table(config.schema);
  std::vector<std::string> ids;
  for (std::uint32_t source = 0; source < 2; ++source) {
    std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/tests/data/febrl/" +
                     (source == 0 ? "dataset4a.csv" : "dataset4b.csv"));
    auto records = read_csv(in, config, "rec_id", source, [](const LineError&) {});
    ASSERT_TRUE(records);
    for (std::size_t i = 0; i < 1000 && i < records->size(); ++i) {  // a slice keeps the test quick
      table.add((*records)[i]);
      ids.push_back((*records)[i].id);
    }
  }
  const auto res = resolve(table, config.settings);
  for (const auto& p : res.pairs) ASSERT_NE(table[p.a].source, table[p.b].source);
  std::size_t linked = 0;
  for (std::uint32_t i = 1000; i < table.size(); ++i) {
    if (res.clusters.of[i] < 1000) {
      ++linked;
      EXPECT_EQ(person_of(ids[i]), person_of(ids[res.clusters.of[i]]));
    }
  }
  EXPECT_GT(linked, 0U);
}

TEST(Resolver, ResolvesNewRecordsAgainstEverythingKnownKeepingNames) {
  const auto config = febrl_config();
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/tests/data/febrl/dataset2.csv");
  auto records = read_csv(in, config, "rec_id", 0, [](const LineError&) {});
  ASSERT_TRUE(records);
  const std::size_t base = 4000;
  Resolver resolver(config.schema, config.settings);
  resolver.table().add(std::span(records->data(), base));
  resolver.resolve();
  const auto before = resolver.resolution().clusters.of;
  EXPECT_EQ(resolver.update().records, 0U) << "nothing new";

  resolver.table().add(std::span(records->data() + base, records->size() - base));
  const auto inc = resolver.update();
  EXPECT_EQ(inc.records, records->size() - base);
  EXPECT_GT(inc.candidate_pairs, 0U);
  EXPECT_GT(inc.links, 0U);
  const auto& after = resolver.resolution().clusters.of;
  ASSERT_EQ(after.size(), records->size());
  // A base record keeps its cluster's name unless that cluster merged into another.
  std::map<std::uint32_t, std::uint32_t> redirect(inc.redirects.begin(), inc.redirects.end());
  for (std::uint32_t i = 0; i < base; ++i) {
    const auto it = redirect.find(before[i]);
    EXPECT_EQ(after[i], it == redirect.end() ? before[i] : it->second) << i;
  }
  // The new records are resolved as well as from scratch, near enough.
  RecordTable all(config.schema);
  all.add(*records);
  const auto scratch = resolve(all, config.settings);
  std::size_t same = 0, found = 0;
  for (std::uint32_t i = 0; i < all.size(); ++i) {
    for (std::uint32_t j = i + 1; j < all.size(); ++j) {
      const bool x = after[i] == after[j], y = scratch.clusters.of[i] == scratch.clusters.of[j];
      found += x || y;
      same += x && y;
    }
  }
  EXPECT_GE(static_cast<double>(same) / static_cast<double>(found), 0.98);
  // Scored pairs stay strongest first.
  const auto& pairs = resolver.resolution().pairs;
  for (std::size_t k = 1; k < pairs.size(); ++k) ASSERT_GE(pairs[k - 1].weight, pairs[k].weight);
}

TEST(Resolver, RecordsTakenOutLeaveTheirClustersAndPairWithNothing) {
  const auto config = febrl_config();
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/tests/data/febrl/dataset2.csv");
  auto records = read_csv(in, config, "rec_id", 0, [](const LineError&) {});
  ASSERT_TRUE(records);
  Resolver resolver(config.schema, config.settings);
  resolver.table().add(*records);
  resolver.resolve();
  const auto before = resolver.resolution().clusters.of;
  // Every record whose cluster has another: take out every third of them.
  std::vector<std::uint32_t> out;
  std::vector<std::size_t> size(before.size(), 0);
  for (const auto c : before) ++size[c];
  for (std::uint32_t i = 0; i < before.size(); ++i) {
    if (size[before[i]] > 1 && i % 3 == 0) out.push_back(i);
  }
  ASSERT_GT(out.size(), 100U);
  const auto removal = resolver.remove(out);
  EXPECT_FALSE(removal.reclustered.empty());
  const auto& after = resolver.resolution().clusters.of;
  std::set<std::uint32_t> held;  // clusters that held a record taken out
  for (const auto r : out) held.insert(before[r]);
  for (const auto r : out) {
    EXPECT_TRUE(resolver.removed(r));
    EXPECT_EQ(after[r], r) << "a record taken out is alone";
  }
  for (std::uint32_t i = 0; i < after.size(); ++i) {
    if (resolver.removed(i)) continue;
    if (!held.contains(before[i])) {
      EXPECT_EQ(after[i], before[i]) << "an untouched cluster keeps its records and name";
    } else {
      EXPECT_FALSE(resolver.removed(after[i])) << "no one is in a removed record's cluster";
    }
  }
  for (const auto& p : resolver.resolution().pairs) ASSERT_FALSE(resolver.removed(p.a) || resolver.removed(p.b));
  // The same records again, as new ones: they resolve with the rest, not with their removed selves.
  std::vector<PersonRecord> again;
  for (const auto r : out) again.push_back((*records)[r]);
  resolver.table().add(again);
  const auto inc = resolver.update();
  EXPECT_GT(inc.links, 0U);
  const auto& last = resolver.resolution().clusters.of;
  std::size_t rejoined = 0;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const auto fresh = static_cast<std::uint32_t>(records->size() + k);
    EXPECT_FALSE(resolver.removed(last[fresh]));
    rejoined += last[fresh] != fresh;
  }
  EXPECT_GT(rejoined, out.size() * 9 / 10) << "back with the records they were with";
}

Schema dated_schema() {
  Schema s;
  s.names = true;
  s.birth_date = true;
  s.identifiers = true;
  return s;
}

PersonRecord named(std::string name, std::string birth, std::vector<std::string> ids = {}) {
  PersonRecord r;
  r.names = {std::move(name)};
  r.birth_date = std::move(birth);
  r.identifiers = std::move(ids);
  return r;
}

TEST(Cluster, OnePairCannotChainTwoPeople) {
  RecordTable t(dated_schema());
  t.add(named("Claudia Huber", "1962-05-11"));
  t.add(named("Claudia Huber", ""));
  t.add(named("Claudia Huber", "1975-08-02"));
  // Each matches the one of unknown birth; they do not match each other.
  auto weight = [](std::uint32_t a, std::uint32_t b) { return a == 0 && b == 2 ? -12.0 : 3.0; };
  std::vector<ScoredPair> pairs{{0, 1, 3.0F}, {1, 2, 3.0F}};
  ClusterOptions options;
  options.threshold = 0.8;
  const auto c = cluster(t, pairs, options, weight);
  EXPECT_EQ(c.of, (std::vector<std::uint32_t>{0, 0, 2}));
  EXPECT_EQ(c.links, 1U);
  EXPECT_EQ(c.outvoted, 1U) << "the mean across the clusters is too low";
  EXPECT_EQ(c.refused, 0U) << "nothing contradicts";
  // Without the contradiction, the three are one.
  auto agree = [](std::uint32_t, std::uint32_t) { return 3.0; };
  const auto d = cluster(t, pairs, options, agree);
  EXPECT_EQ(d.of, (std::vector<std::uint32_t>{0, 0, 0}));
}

TEST(Cluster, StrongContradictionRefusesAMerge) {
  RecordTable t(dated_schema());
  t.add(named("Ali Hassan", "1980-01-01", {"passport:SYR:N1234567"}));
  t.add(named("Ali Hassan", "1983-06-12", {"passport:SYR:N7654321"}));
  t.add(named("Ali Hassan", "1983-06-12", {"passport:IRQ:A1111111"}));  // another state's passport
  auto weight = [](std::uint32_t, std::uint32_t) { return 20.0; };
  ClusterOptions options;
  options.exclusive_kinds = {"passport"};
  std::vector<ScoredPair> pairs{{0, 1, 20.0F}};
  auto c = cluster(t, pairs, options, weight);
  EXPECT_EQ(c.of, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(c.refused, 1U);
  // Another state's document, or the same birth date, is no contradiction.
  std::vector<ScoredPair> others{{0, 2, 20.0F}};
  EXPECT_EQ(cluster(t, others, options, weight).of, (std::vector<std::uint32_t>{0, 1, 0}));
  std::vector<ScoredPair> same_birth{{1, 2, 20.0F}};
  EXPECT_EQ(cluster(t, same_birth, options, weight).of, (std::vector<std::uint32_t>{0, 1, 1}));
  // Without exclusive kinds, different passports are just different documents.
  options.exclusive_kinds.clear();
  std::vector<ScoredPair> again{{0, 1, 20.0F}};
  EXPECT_EQ(cluster(t, again, options, weight).of, (std::vector<std::uint32_t>{0, 0, 2}));
}

// Birth dates far apart are two people when the option says so; the slips
// one person's records carry (a digit, a year either way, day and month
// swapped) are not.
TEST(Cluster, FarBirthDatesRefuseAMergeWhenAsked) {
  RecordTable t(dated_schema());
  t.add(named("Frantz Louis", "1986-03-04"));
  t.add(named("Frantz Louis", ""));
  t.add(named("Frantz Louis", "2013-06-25"));
  t.add(named("Frantz Louis", "1987-03-04"));  // a year on
  t.add(named("Frantz Louis", "1989-03-04"));  // one digit
  t.add(named("Frantz Louis", "1986-04-03"));  // day and month swapped
  t.add(named("Frantz Louis", "1985-04-03"));  // swapped, a year back
  t.add(named("Frantz Louis", "1996-05-04"));  // far
  auto weight = [](std::uint32_t, std::uint32_t) { return 20.0; };
  ClusterOptions options;
  // The dateless mention bridges 1986 and 2013 unless far dates contradict.
  std::vector<ScoredPair> chain{{0, 1, 20.0F}, {1, 2, 20.0F}};
  EXPECT_EQ(cluster(t, chain, options, weight).of[2], 0U);
  options.far_birth_dates_contradict = true;
  const auto c = cluster(t, chain, options, weight);
  EXPECT_EQ(c.of[1], 0U);
  EXPECT_EQ(c.of[2], 2U);
  EXPECT_EQ(c.refused, 1U);
  for (std::uint32_t slip : {3U, 4U, 5U, 6U}) {
    std::vector<ScoredPair> pair{{0, slip, 20.0F}};
    EXPECT_EQ(cluster(t, pair, options, weight).of[slip], 0U) << slip;
  }
  std::vector<ScoredPair> far{{0, 7, 20.0F}};
  EXPECT_EQ(cluster(t, far, options, weight).of[7], 7U);
}

TEST(Cluster, RecordsOfOneGroupAreNeverMerged) {
  RecordTable t(dated_schema());
  auto grouped = [](std::string group) {
    auto r = named("Ali Hassan", "1980-01-01");
    r.group = std::move(group);
    return r;
  };
  t.add(grouped("case-1"));
  t.add(grouped("case-1"));
  t.add(grouped("case-2"));
  auto weight = [](std::uint32_t, std::uint32_t) { return 20.0; };
  std::vector<ScoredPair> pairs{{0, 1, 20.0F}, {0, 2, 19.0F}, {1, 2, 18.0F}};
  auto c = cluster(t, pairs, {}, weight);
  EXPECT_EQ(c.of, (std::vector<std::uint32_t>{0, 1, 0})) << "a case lists each person once";
  EXPECT_EQ(c.refused, 2U);
}

TEST(Cluster, TheMeanAcrossClustersHasItsOwnThreshold) {
  RecordTable t(dated_schema());
  for (int i = 0; i < 3; ++i) t.add(named("Claudia Huber", ""));
  // 0–1 and 1–2 match well, 0–2 hardly: the mean across {0, 1} and {2} is 0.5.
  auto weight = [](std::uint32_t a, std::uint32_t b) { return a == 0 && b == 2 ? -20.0 : 20.0; };
  std::vector<ScoredPair> pairs{{0, 1, 20.0F}, {1, 2, 20.0F}};
  ClusterOptions strict;
  EXPECT_EQ(cluster(t, pairs, strict, weight).of, (std::vector<std::uint32_t>{0, 0, 2}));
  ClusterOptions lenient;
  lenient.merge_threshold = 0.45;
  EXPECT_EQ(cluster(t, pairs, lenient, weight).of, (std::vector<std::uint32_t>{0, 0, 0}));
}

TEST(Model, ReadsBackAsWrittenAndNamesWhatIsMissing) {
  const auto loaded = load_febrl("dataset1.csv");
  const auto res = resolve(loaded->table, loaded->config.settings);
  const auto again = model_from_json(res.model.to_json(), res.model.comparisons);
  ASSERT_TRUE(again) << again.error().message;
  for (std::size_t c = 0; c < res.model.comparisons.size(); ++c) {
    for (std::size_t l = 1; l < res.model.comparisons[c].levels.size(); ++l) {
      EXPECT_DOUBLE_EQ(again->weight(c, static_cast<int>(l)), res.model.weight(c, static_cast<int>(l)));
    }
  }
  EXPECT_DOUBLE_EQ(again->prior_weight(), res.model.prior_weight());
  auto broken = res.model.to_json();
  broken["comparisons"][0]["levels"].erase(0);
  broken["lambda"] = 0;
  const auto bad = model_from_json(broken, res.model.comparisons);
  ASSERT_FALSE(bad);
  std::set<std::string> fields;
  for (const auto& f : bad.error().fields) fields.insert(f.field);
  EXPECT_TRUE(fields.contains("lambda"));
  EXPECT_TRUE(fields.contains("comparisons." + res.model.comparisons[0].name + ".exact")) << bad.error().message;
}

TEST(Resolve, ASmallFileResolvesWithThePriorModel) {
  auto loaded = load_febrl("dataset1.csv");
  const auto estimated = resolve(loaded->table, loaded->config.settings);
  EXPECT_FALSE(estimated.prior);
  auto settings = loaded->config.settings;
  auto prior = estimated.model;
  prior.m[0][1] *= 0.5;  // recognisably not what this file would estimate
  settings.prior = std::make_shared<const Model>(prior);
  settings.prior_matches = 3;
  settings.estimate_from = loaded->table.size() + 1;
  const auto with_prior = resolve(loaded->table, settings);
  EXPECT_TRUE(with_prior.prior);
  EXPECT_DOUBLE_EQ(with_prior.model.weight(0, 1), prior.weight(0, 1));
  EXPECT_DOUBLE_EQ(with_prior.model.lambda, 3.0 / static_cast<double>(loaded->table.size() - 1));
  EXPECT_TRUE(with_prior.training.empty()) << "nothing was estimated";
  settings.estimate_from = loaded->table.size();
  EXPECT_FALSE(resolve(loaded->table, settings).prior) << "from estimate_from records on, the file estimates";
}

TEST(Model, AnExactNameNeverWeighsLessThanACloseOne) {
  Model model = initial_model(comparisons_for(dated_schema()));
  // No matching pair agreed exactly: EM left m of "exact" at nothing.
  model.m[0][1] = 1e-9;
  model.m[0][2] = 0.5;
  model.u[0][1] = 1e-4;
  model.u[0][2] = 1e-3;
  order_name_levels(model);
  EXPECT_GE(model.weight(0, 1), model.weight(0, 2));
  EXPECT_DOUBLE_EQ(model.weight(0, 2), std::log2(0.5 / 1e-3)) << "the looser level keeps its weight";
}

TEST(FlatFile, ConfigurationErrorsNameTheirField) {
  auto fields = [](const nlohmann::json& j) {
    std::set<std::string> out;
    auto r = parse_config(j);
    if (!r) {
      for (const auto& f : r.error().fields) out.insert(f.field);
    }
    return out;
  };
  EXPECT_EQ(fields({{"columns", {{"a", "name"}, {"b", "shoe_size"}}}, {"colour", 1}}),
            (std::set<std::string>{"columns.b", "colour"}));
  EXPECT_EQ(fields({{"columns", {{"a", "given_name"}}}}), (std::set<std::string>{"columns"}))
      << "a given name without a surname";
  EXPECT_EQ(fields({{"columns", {{"a", "name"}}}, {"threshold", 1.5}}), (std::set<std::string>{"threshold"}));
  EXPECT_EQ(fields({{"columns", {{"a", "name"}}}, {"blocking", {{"birth_year"}}}}),
            (std::set<std::string>{"blocking[0]"}))
      << "a key of a part the records lack";
  EXPECT_EQ(fields({{"columns", {{"a", "name"}}}, {"blocking", {{{"keys", {"name_token"}}, {"max_block", 1}}}}}),
            (std::set<std::string>{"blocking[0].max_block"}));
  EXPECT_EQ(fields({{"columns", {{"a", "name"}}}, {"training", {{"identifier"}}}}),
            (std::set<std::string>{"training[0]"}));
  EXPECT_EQ(fields(nlohmann::json::object()), (std::set<std::string>{"columns"}));
  auto ok = parse_config({{"columns", {{"n", "name"}, {"d", "birth_date"}, {"p", "identifier:phone"}, {"z", "code"}}},
                          {"blocking", {{{"keys", {"name_token"}}, {"max_block", 40}}, {"attr:z"}}}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->settings.rules.size(), 2U);
  EXPECT_EQ(ok->settings.rules[0].max_block, 40U);
  EXPECT_EQ(ok->schema.attributes.size(), 1U);
  EXPECT_EQ(fields({{"columns", {{"a", "name"}}}, {"merge_threshold", 0}, {"prior", {{"lambda", 0.1}}}}),
            (std::set<std::string>{"merge_threshold"}));
  EXPECT_EQ(fields({{"columns", {{"a", "name"}}}, {"prior", {{"lambda", 0.1}}}}),
            (std::set<std::string>{"prior.comparisons"}));
  EXPECT_EQ(fields({{"columns", {{"a", "name"}}}, {"far_birth_dates_contradict", "yes"}}),
            (std::set<std::string>{"far_birth_dates_contradict"}));
  auto cases = parse_config({{"columns", {{"n", "name"}, {"c", "context"}, {"g", "group"}}},
                             {"merge_threshold", 0.45},
                             {"far_birth_dates_contradict", true},
                             {"estimate_from", 9}});
  ASSERT_TRUE(cases) << cases.error().message;
  EXPECT_TRUE(cases->settings.far_birth_dates_contradict);
  EXPECT_TRUE(cases->schema.context);
  EXPECT_DOUBLE_EQ(cases->settings.merge_threshold, 0.45);
  EXPECT_EQ(cases->settings.estimate_from, 9U);
  std::istringstream csv("id,n,c,g\n1,Ali Hassan,phone:+1|plate:FRA:AB1,case-7\n");
  auto rows = read_csv(csv, *cases, "id", 0, [](const LineError&) {});
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->at(0).context, (std::vector<std::string>{"phone:+1", "plate:FRA:AB1"}));
  EXPECT_EQ(rows->at(0).group, "case-7");
}

TEST(FlatFile, ReadsRowsAndNamesWhatIsWrong) {
  auto config = parse_config(
      {{"columns", {{"name", "name"}, {"dob", "birth_date"}, {"sex", "sex"}, {"phone", "identifier:phone"}}}});
  ASSERT_TRUE(config);
  std::vector<LineError> warnings;
  auto warn = [&](const LineError& w) { warnings.push_back(w); };
  std::istringstream good(
      "id,name,dob,sex,phone,other\n1,Ana Lopez,1990-02-03,female,+34600000000,x\n"
      "2,Ana López,31/02/1990,?,,y\n");
  auto records = read_csv(good, *config, "id", 7, warn);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2U);
  EXPECT_EQ((*records)[0].sex, "F");
  EXPECT_EQ((*records)[0].identifiers, (std::vector<std::string>{"phone:+34600000000"}));
  EXPECT_EQ((*records)[1].source, 7U);
  EXPECT_TRUE((*records)[1].birth_date.empty());
  ASSERT_EQ(warnings.size(), 2U);
  EXPECT_EQ(warnings[0].line, 3U);
  EXPECT_EQ(warnings[0].field, "dob");
  EXPECT_EQ(warnings[1].field, "sex");

  // Absent columns are reported before any row is read.
  std::istringstream missing("id,name\n1,Ana\n");
  auto m = read_csv(missing, *config, "id", 0, warn);
  ASSERT_FALSE(m);
  std::set<std::string> fields;
  for (const auto& f : m.error().fields) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"columns.dob", "columns.sex", "columns.phone"}));
  std::istringstream no_id("key,name,dob,sex,phone\n");
  EXPECT_FALSE(read_csv(no_id, *config, "id", 0, warn));

  auto error_of = [&](const std::string& text) {
    std::istringstream in(text);
    auto r = read_csv(in, *config, "id", 0, warn);
    return r ? std::string("accepted") : r.error().fields.at(0).field + ": " + r.error().fields.at(0).reason;
  };
  EXPECT_EQ(error_of("id,name,dob,sex,phone\n1,A,,,\n1,B,,,\n"), "line 3: id '1' appears twice");
  EXPECT_EQ(error_of("id,name,dob,sex,phone\n1,A,,\n"), "line 2: has 4 fields, the header 5");
  EXPECT_EQ(error_of("id,name,dob,sex,phone\n,A,,,\n"), "line 2: the id column is empty");
  EXPECT_EQ(error_of(""), "input: is empty: a header row is expected");
}

// Two cases of one network: each holds Anna Berg, Carl Dahl and an Ekström
// known only by a family name and a first name or its initial. Alone the
// Ekströms are too weak a match; the people their cases share say they are one.
struct Network {
  Schema schema;
  Settings settings;
  std::vector<PersonRecord> first, second;
};

Network network(bool collective) {
  Network n;
  n.schema.names = true;
  n.schema.birth_date = true;
  n.schema.context = true;
  auto model = initial_model(comparisons_for(n.schema));
  for (std::size_t l = 1; l < model.m[0].size(); ++l) model.m[0][l] = 0.1, model.u[0][l] = 0.01;
  model.m[0][1] = 0.5, model.u[0][1] = 1e-5;  // exact name
  model.m[0].back() = 0.01, model.u[0].back() = 0.9;
  model.m[1][1] = 0.6, model.u[1][1] = 1e-4;  // exact birth date
  model.m[2][1] = 0.3, model.u[2][1] = 1e-4;  // context: several shared
  model.m[2][2] = 0.3, model.u[2][2] = 1e-3;
  n.settings.prior = std::make_shared<const Model>(model);
  n.settings.estimate_from = 1000;
  n.settings.prior_matches = 1;
  n.settings.threshold = 0.9;
  n.settings.rules = {{{"name_token"}, 0}, {{"context"}, 100}};
  n.settings.collective = collective;
  const auto person = [](std::string name, std::string birth, std::string group) {
    PersonRecord r;
    r.names = {std::move(name)};
    r.birth_date = std::move(birth);
    r.group = std::move(group);
    return r;
  };
  n.first = {person("Anna Berg", "1980-01-01", "c1"), person("Carl Dahl", "1975-05-05", "c1"),
             person("J. Ekström", "", "c1"), person("Anna Berg", "1980-01-01", "c2"),
             person("Carl Dahl", "1975-05-05", "c2")};
  n.second = {person("Johan Ekström", "", "c2")};
  return n;
}

TEST(Resolver, CollectivelyThePeopleTwoCasesShareLinkTheirWeakerMatches) {
  for (const bool collective : {false, true}) {
    auto n = network(collective);
    Resolver resolver(n.schema, n.settings);
    resolver.table().add(n.first);
    resolver.table().add(n.second);
    const auto& res = resolver.resolve();
    const auto& of = res.clusters.of;
    EXPECT_EQ(of[0], of[3]);
    EXPECT_EQ(of[1], of[4]);
    EXPECT_EQ(of[2] == of[5], collective) << "the Ekströms are one only through their cases' people";
    EXPECT_EQ(res.with_associates, collective ? 6U : 0U);
    if (!collective) continue;
    const auto x = explain_pair(res, resolver.table(), 2, 5);
    EXPECT_EQ(x.features[2].level, "several");
  }
}

TEST(Resolver, CollectivelyAnIncrementGainsItsAssociatesFromWhatItJoined) {
  for (const bool collective : {false, true}) {
    auto n = network(collective);
    Resolver resolver(n.schema, n.settings);
    resolver.table().add(n.first);
    resolver.resolve();
    resolver.table().add(n.second);
    const auto inc = resolver.update();
    EXPECT_EQ(inc.records, 1U);
    const auto& of = resolver.resolution().clusters.of;
    EXPECT_EQ(of[2] == of[5], collective);
    EXPECT_EQ(inc.links, collective ? 1U : 0U);
    // Pairs stay strongest first, and each is known once.
    const auto& pairs = resolver.resolution().pairs;
    for (std::size_t k = 1; k < pairs.size(); ++k) ASSERT_GE(pairs[k - 1].weight, pairs[k].weight);
    std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
    for (const auto& p : pairs) EXPECT_TRUE(seen.insert({p.a, p.b}).second);
  }
}

}  // namespace
}  // namespace ariadne::er
