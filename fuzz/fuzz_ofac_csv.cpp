// `ariadne import watchlist --source ofac`: OFAC's sdn.csv and, after a line
// holding only "%%ALT%%", alt.csv; then the entries validated and written as
// special notices (rolled back after each input).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.hpp"
#include "notices/watchlist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(ariadne::fuzz::text_of(data, size));
  const std::string separator = "\n%%ALT%%\n";
  const auto at = text.find(separator);
  std::istringstream sdn{text.substr(0, at)};
  std::istringstream alt{at == std::string::npos ? std::string() : text.substr(at + separator.size())};
  auto list = ariadne::notices::parse_ofac_csv(sdn, at == std::string::npos ? nullptr : &alt);
  if (!list) return 0;
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    auto report = ariadne::notices::import_watchlist(db, *list);
    ariadne::fuzz::handled(report);
    if (report) (void)ariadne::notices::to_json(*report).dump();  // as the CLI prints it
  });
  return 0;
}
