// Name-matcher quality on the nomenklatura labelled pairs, beside
// OpenSanctions logic-v2 on the same pairs. Prints {"figures": [...]}.
// Usage: screening_quality [SCORES_CSV] [--threshold T] [--misses]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "name_pairs.hpp"
#include "text/matcher.hpp"

using namespace ariadne::text;

int main(int argc, char** argv) {
  std::string path = std::string(ARIADNE_TEST_DATA) + "/names/nomenklatura_logicv2_scores.csv";
  double threshold = kDefaultThreshold;
  bool misses = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--threshold" && i + 1 < argc) {
      threshold = std::strtod(argv[++i], nullptr);
    } else if (a == "--misses") {
      misses = true;
    } else {
      path = a;
    }
  }
  auto pairs = quality::read_scored_pairs(path);
  if (!pairs) {
    std::cerr << pairs.error().message << "\n";
    return 1;
  }
  if (misses) {
    // The wrong decisions with their scores, for reading (not for tuning by name).
    TokenWeights weights;
    for (const auto& p : *pairs) {
      weights.add(prepare_name(p.name1));
      weights.add(prepare_name(p.name2));
    }
    for (const auto& p : *pairs) {
      double s = match_names(prepare_name(p.name1), prepare_name(p.name2), weights).score;
      if ((s >= threshold) != p.is_match) {
        std::printf("%s %.3f %s | %s | %s\n", p.is_match ? "FN" : "FP", s, p.schema.c_str(), p.name1.c_str(),
                    p.name2.c_str());
      }
    }
  }
  auto groups = quality::evaluate(*pairs, threshold);
  nlohmann::json figures = nlohmann::json::array();
  auto figure = [&figures](const std::string& name, double value, double peer) {
    figures.push_back(
        {{"name", name}, {"value", value}, {"unit", "ratio"}, {"peer", "logic-v2"}, {"peer_value", peer}});
  };
  for (const auto& g : groups) {
    figure("screening.f1_" + g.name, g.ours.f1(), g.peer.f1());
    if (g.name == "all") {
      figure("screening.precision_all", g.ours.precision(), g.peer.precision());
      figure("screening.recall_all", g.ours.recall(), g.peer.recall());
    }
  }
  // How far a score is a probability: the share of true matches among the
  // pairs scored in each tenth (on stderr, and as figures from 0.6 up).
  for (const auto& b : quality::reliability(*pairs)) {
    std::fprintf(stderr, "score [%.1f, %.1f): %d pairs, %.3f true matches\n", b.from, std::min(b.to, 1.0), b.pairs,
                 b.share());
    if (b.from < 0.6) continue;
    const auto tenth = static_cast<int>(b.from * 10 + 0.5);
    figures.push_back({{"name", "screening.reliability_0_" + std::to_string(tenth)},
                       {"value", b.share()},
                       {"unit", "ratio"},
                       {"peer", nullptr},
                       {"peer_value", nullptr}});
  }
  std::cout << nlohmann::json{{"figures", figures}}.dump(1) << "\n";
  return 0;
}
