// `ariadne er`: a column-mapping configuration, then (after a line holding
// only "%%CSV%%") the CSV file it maps; the records read are resolved with
// few random pairs, so hostile values reach the comparisons, blocking,
// estimation and clustering too.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "common/json_fields.hpp"
#include "er/flat_file.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = ariadne::fuzz::config_and_csv(ariadne::fuzz::text_of(data, size));
  if (!input) return 0;
  auto config = ariadne::er::parse_config(input->config);
  if (!config) return 0;
  config->settings.random_pairs = 1000;
  config->settings.max_training_pairs = 1000;
  config->settings.threads = 1;
  std::istringstream csv{input->csv};
  auto records = ariadne::er::read_csv(csv, *config, "id", 0, [](const ariadne::LineError&) {});
  ariadne::fuzz::handled(records);
  if (!records || records->size() > 2000) return 0;
  ariadne::er::Resolver resolver(config->schema, config->settings);
  resolver.table().add(*records, 1);
  const auto& res = resolver.resolve();
  for (std::size_t i = 0; i < res.pairs.size() && i < 20; ++i) {
    (void)ariadne::er::to_json(ariadne::er::explain_pair(res, resolver.table(), res.pairs[i].a, res.pairs[i].b));
  }
  (void)res.summary().dump();
  return 0;
}
