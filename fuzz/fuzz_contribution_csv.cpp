// `ariadne import contribution FILE.csv --mapping MAP.json`: a column
// mapping, then (after a line holding only "%%CSV%%") the spreadsheet it
// maps, imported as case packages in a transaction rolled back after; the
// people it holds are then resolved as the import resolves them, so hostile
// names, dates and identifiers reach entity resolution too.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "analysis/csv_import.hpp"
#include "analysis/people.hpp"
#include "common/json_fields.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = ariadne::fuzz::config_and_csv(ariadne::fuzz::text_of(data, size));
  if (!input) return 0;
  auto mapping = ariadne::analysis::parse_csv_mapping(input->config);
  if (!mapping) return 0;
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    std::istringstream csv{input->csv};
    ariadne::analysis::ContributionImportOptions options;
    options.today = ariadne::Date{2026, 6, 30};
    options.on_error = [](const ariadne::LineError& e) { (void)ariadne::describe(e); };
    auto report = ariadne::analysis::import_csv_contributions(db, ariadne::fuzz::officer(), csv, *mapping, options);
    ariadne::fuzz::handled(report);
    if (!report || report->accepted == 0) return;
    auto settings = ariadne::analysis::people_settings();
    settings.threads = 1;
    ariadne::analysis::People people(settings);
    ariadne::fuzz::handled(people.sync(db));
  });
  return 0;
}
