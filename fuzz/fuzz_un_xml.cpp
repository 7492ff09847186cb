// `ariadne import watchlist --source un`: the UN consolidated list's XML
// (expat), then the entries validated and written as special notices
// (rolled back after each input).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.hpp"
#include "notices/watchlist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(ariadne::fuzz::text_of(data, size))};
  auto list = ariadne::notices::parse_un_xml(in);
  if (!list) return 0;
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    auto report = ariadne::notices::import_watchlist(db, *list);
    ariadne::fuzz::handled(report);
    if (report) (void)ariadne::notices::to_json(*report).dump();  // as the CLI prints it
  });
  return 0;
}
