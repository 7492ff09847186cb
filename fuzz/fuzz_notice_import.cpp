// `ariadne import notices FILE`: JSON Lines of POST /notices bodies, each
// validated as the route validates it and written in batches (rolled back
// after each input), drafted and submitted.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.hpp"
#include "notices/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(ariadne::fuzz::text_of(data, size))};
  ariadne::notices::ImportOptions options;
  options.batch_size = 3;
  options.submit = size % 2 == 1;  // either way, from the same corpus
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    ariadne::fuzz::handled(ariadne::notices::import_notices(db, ariadne::fuzz::officer(), in, options));
  });
  return 0;
}
