// `ariadne import contribution FILE --format ftm`: FollowTheMoney entities as
// JSON Lines, grouped into cases by their datasets (or, when the input's
// first byte is odd, all of one case), imported in a transaction rolled back
// after. Every case stored is then written out as FtM and read in again, so
// the export meets what the import let through.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "analysis/contributions.hpp"
#include "analysis/ftm.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = ariadne::fuzz::text_of(data, size);
  ariadne::analysis::FtmOptions ftm{
      size > 0 && (data[0] & 1) ? "FUZZ-1" : "", "trafficking_in_human_beings", "", {{"scope", "all"}}};
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    ariadne::analysis::ContributionImportOptions options;
    options.today = ariadne::Date{2026, 6, 30};
    options.on_error = [](const ariadne::LineError& e) { (void)ariadne::describe(e); };
    options.on_warning = options.on_error;
    std::istringstream in{std::string(text)};
    const auto caller = ariadne::fuzz::officer();
    auto report = ariadne::analysis::import_ftm_contributions(db, caller, in, ftm, options);
    ariadne::fuzz::handled(report);
    if (!report || report->accepted == 0) return;
    auto list = ariadne::analysis::list_contributions(db, caller, {});
    ariadne::fuzz::handled(list);
    if (!list) return;
    std::string out;
    for (const auto& info : *list) {
      auto c = ariadne::analysis::get_contribution(db, caller, info.id);
      ariadne::fuzz::handled(c);
      if (!c) continue;
      for (const auto& e : ariadne::analysis::to_ftm(c->package, "x").entities) out += e.dump() + "\n";
    }
    std::istringstream again{out};
    ariadne::fuzz::handled(ariadne::analysis::import_ftm_contributions(db, caller, again, ftm, options));
  });
  return 0;
}
