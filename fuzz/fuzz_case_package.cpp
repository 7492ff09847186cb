// POST /contributions and `ariadne import contribution`: a case package as
// both read it (parse_json_object, then parse_package), stored as
// statements, given back by to_json, in a transaction rolled back after.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "analysis/contributions.hpp"
#include "common/json_fields.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto body = ariadne::parse_json_object(ariadne::fuzz::text_of(data, size));
  if (!body) return 0;
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    const auto caller = ariadne::fuzz::officer();
    auto package = ariadne::analysis::parse_package(*body, caller.member, ariadne::policy::members_of(db),
                                                    ariadne::Date{2026, 6, 30});
    if (!package) return;
    (void)ariadne::analysis::to_json(*package).dump();  // every accepted package can be given back
    ariadne::fuzz::handled(ariadne::analysis::contribute(db, caller, *package));
  });
  return 0;
}
