// `ariadne er`: entity resolution of flat files of person records.

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "common/json_fields.hpp"
#include "er/flat_file.hpp"

namespace ariadne::cli {

namespace {

int report(const std::string& what, const Error& e) {
  return fail_on("er", what, e);
}

Result<std::vector<er::PersonRecord>> read_file(const std::string& path, const er::FlatConfig& config,
                                                const std::string& id_column, std::uint32_t source) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::invalid(path, "cannot be read");
  std::size_t warnings = 0;
  auto records = er::read_csv(in, config, id_column, source, [&](const LineError& w) {
    if (++warnings <= 20) std::cerr << "ariadne er: " << path << ": " << describe(w) << '\n';
  });
  if (warnings > 20) std::cerr << "ariadne er: " << path << ": " << warnings - 20 << " more warnings\n";
  return records;
}

// The process's peak resident memory (VmHWM), 0 when unknown.
std::uint64_t peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stoull(line.substr(6)) * 1024;  // in kB
  }
  return 0;
}

}  // namespace

int er(const ErOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  nlohmann::json config_json;
  if (options.config) {
    std::ifstream config_in(*options.config, std::ios::binary);
    if (!config_in) return report(*options.config, Error::invalid("config", "cannot be read"));
    std::stringstream text;
    text << config_in.rdbuf();
    // The depth-limited reader every request body goes through.
    auto parsed = parse_json_object(text.str());
    if (!parsed) return report(*options.config, parsed.error());
    config_json = std::move(*parsed);
  } else {
    std::ifstream header(options.input, std::ios::binary);
    if (!header) return report(options.input, Error::invalid(options.input, "cannot be read"));
    auto inferred = er::infer_config(header);
    if (!inferred) return report(options.input, inferred.error());
    config_json = std::move(*inferred);
  }
  const std::string config_name = options.config.value_or("the header's column names");
  auto config = er::parse_config(config_json);
  if (!config) return report(config_name, config.error());
  if (options.threads != 0) config->settings.threads = options.threads;
  config->settings.blocking.link_only = options.link.has_value();

  er::Resolver resolver(config->schema, config->settings);
  er::RecordTable& table = resolver.table();
  std::vector<std::string> ids;
  std::vector<std::string> files{options.input};
  if (options.link) files.push_back(*options.link);
  // Every file is read, and any found wrong, before anything is resolved.
  const auto last_source = static_cast<std::uint32_t>(files.size() - 1);
  std::optional<std::vector<er::PersonRecord>> added;
  if (options.add) {
    auto records = read_file(*options.add, *config, options.id_column, last_source);
    if (!records) return report(*options.add, records.error());
    added = std::move(*records);
  }
  for (std::uint32_t f = 0; f < files.size(); ++f) {
    auto records = read_file(files[f], *config, options.id_column, f);
    if (!records) return report(files[f], records.error());
    table.add(*records, options.threads);
    for (const auto& r : *records) ids.push_back(r.id);
  }
  if (table.size() == 0) return report(options.input, Error::invalid("input", "holds no records"));

  resolver.resolve();
  std::optional<er::Increment> increment;
  if (added) {
    const auto before = std::chrono::steady_clock::now();
    table.add(*added, options.threads);
    for (const auto& r : *added) ids.push_back(r.id);
    increment = resolver.update();
    increment->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
  }
  const auto& res = resolver.resolution();

  const bool linking = options.link.has_value();
  auto label = [&](std::uint32_t i) { return linking ? std::to_string(table[i].source + 1) + ":" + ids[i] : ids[i]; };
  std::ofstream out_file;
  if (!options.out.empty()) {
    out_file.open(options.out, std::ios::binary);
    if (!out_file) return report(options.out, Error::invalid("out", "cannot be written"));
  }
  std::ostream& out = options.out.empty() ? std::cout : out_file;
  auto write_pairs = [&](std::ostream& to) {
    to << "record_id_l,record_id_r,probability,weight\n";
    for (const auto& p : res.pairs) {
      const double probability = er::probability(p.weight);
      if (probability < 0.01) break;  // strongest first
      to << ids[p.a] << ',' << ids[p.b] << ',' << probability << ',' << p.weight << '\n';
    }
  };
  if (options.pairs) {
    write_pairs(out);
  } else {
    out << (linking ? "record_id,cluster_id,file\n" : "record_id,cluster_id\n");
    for (std::uint32_t i = 0; i < table.size(); ++i) {
      out << ids[i] << ',' << label(res.clusters.of[i]);
      if (linking) out << ',' << table[i].source + 1;
      out << '\n';
    }
  }
  if (!out.flush()) return report(options.out.empty() ? "stdout" : options.out, Error::internal("write failed"));
  if (options.pairs_file) {
    std::ofstream pairs(*options.pairs_file, std::ios::binary);
    write_pairs(pairs);
    if (!pairs.flush()) return report(*options.pairs_file, Error::internal("write failed"));
  }
  auto summary = res.summary();
  summary["bad_birth_dates"] = table.bad_birth_dates();
  summary["peak_rss_bytes"] = peak_rss_bytes();
  if (increment) {
    nlohmann::json redirects = nlohmann::json::array();
    for (const auto& [from, to] : increment->redirects) redirects.push_back({label(from), label(to)});
    summary["increment"] = {{"records", increment->records},     {"candidate_pairs", increment->candidate_pairs},
                            {"links", increment->links},         {"refused_merges", increment->refused},
                            {"redirects", std::move(redirects)}, {"seconds", increment->seconds}};
  }
  summary["seconds"]["total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.summary) {
    std::ofstream s(*options.summary, std::ios::binary);
    s << summary.dump(1) << '\n';
    if (!s.flush()) return report(*options.summary, Error::internal("write failed"));
  }
  std::cerr << "ariadne er: " << table.size() << " records, " << res.candidate_pairs << " candidate pairs, "
            << summary["clusters"].get<std::size_t>() << " entities (" << res.clusters.links << " links, "
            << res.clusters.refused << " merges refused as contradicted, " << res.clusters.outvoted
            << " for the mean across clusters) in " << summary["seconds"]["total"].get<double>() << " s\n";
  return 0;
}

}  // namespace ariadne::cli
