#include "name_pairs.hpp"

#include <fstream>
#include <map>
#include <string_view>

#include "common/csv.hpp"
#include "text/matcher.hpp"
#include "text/normalise.hpp"

namespace ariadne::text::quality {

Result<std::vector<LabelledPair>> read_scored_pairs(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::not_found("cannot open " + path);
  CsvReader reader(in, std::size_t{1} << 20);
  CsvRecord r;
  if (!reader.next(r) || !r.error.empty()) return Error::invalid(path, "no header row: " + r.error);
  const auto header = r.fields;
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const char* need : {"schema", "name1", "name2", "is_match", "quality", "predicted_match"}) {
    if (!col.contains(need)) return Error::invalid(path, std::string("no column ") + need);
  }
  std::vector<LabelledPair> pairs;
  while (reader.next(r)) {
    const std::string where = path + ":" + std::to_string(r.line);
    if (!r.error.empty()) return Error::invalid(where, r.error);
    if (r.blank()) continue;
    const auto& f = r.fields;
    if (f.size() != header.size()) {
      return Error::invalid(where,
                            "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(f.size()));
    }
    LabelledPair p;
    p.schema = f[col["schema"]];
    p.name1 = f[col["name1"]];
    p.name2 = f[col["name2"]];
    p.is_match = f[col["is_match"]] == "true";
    p.quality = f[col["quality"]];
    p.peer_match = f[col["predicted_match"]] == "true";
    p.non_latin = has_non_latin_letter(p.name1) || has_non_latin_letter(p.name2);
    pairs.push_back(std::move(p));
  }
  return pairs;
}

void Counts::add(bool truth, bool predicted) {
  if (truth && predicted) ++tp;
  if (!truth && predicted) ++fp;
  if (truth && !predicted) ++fn;
  if (!truth && !predicted) ++tn;
}

double Counts::precision() const {
  return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / (tp + fp);
}
double Counts::recall() const {
  return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / (tp + fn);
}
double Counts::f1() const {
  return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
}

std::vector<Group> evaluate(const std::vector<LabelledPair>& pairs, double threshold) {
  std::vector<PreparedName> first, second;
  TokenWeights weights;
  for (const auto& p : pairs) {
    first.push_back(prepare_name(p.name1));
    second.push_back(prepare_name(p.name2));
    weights.add(first.back());
    weights.add(second.back());
  }
  std::vector<Group> groups = {{"all", {}, {}},    {"people", {}, {}}, {"latin", {}, {}}, {"non_latin", {}, {}},
                               {"strong", {}, {}}, {"medium", {}, {}}, {"weak", {}, {}}};
  auto group = [&groups](std::string_view name) -> Group& {
    for (auto& g : groups) {
      if (g.name == name) return g;
    }
    return groups.front();
  };
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& p = pairs[i];
    const bool ours = match_names(first[i], second[i], weights).score >= threshold;
    std::vector<Group*> in = {&group("all"), &group(p.non_latin ? "non_latin" : "latin")};
    if (p.schema == "Person") in.push_back(&group("people"));
    if (p.quality == "STRONG") in.push_back(&group("strong"));
    if (p.quality == "MEDIUM") in.push_back(&group("medium"));
    if (p.quality == "WEAK") in.push_back(&group("weak"));
    for (auto* g : in) {
      g->ours.add(p.is_match, ours);
      g->peer.add(p.is_match, p.peer_match);
    }
  }
  return groups;
}

std::vector<Bin> reliability(const std::vector<LabelledPair>& pairs) {
  TokenWeights weights;
  std::vector<PreparedName> first, second;
  for (const auto& p : pairs) {
    first.push_back(prepare_name(p.name1));
    second.push_back(prepare_name(p.name2));
    weights.add(first.back());
    weights.add(second.back());
  }
  std::vector<Bin> bins = {{0.0, 0.5}, {0.5, 0.6}, {0.6, 0.7}, {0.7, 0.8}, {0.8, 0.9}, {0.9, 1.0001}};
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const double s = match_names(first[i], second[i], weights).score;
    for (auto& b : bins) {
      if (s < b.from || s >= b.to) continue;
      ++b.pairs;
      b.matches += pairs[i].is_match;
    }
  }
  return bins;
}

}  // namespace ariadne::text::quality
