// POST /screen and POST /screen/batch: the body as the routes read it
// (parse_json_object, then parse_query and screen, or screen_batch), against
// an index of an empty store.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "common/json_fields.hpp"
#include "fuzz_support.hpp"
#include "screen/index.hpp"
#include "screen/screening.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto index = [] {
    auto built = ariadne::screen::ScreeningIndex::build(ariadne::fuzz::scratch_store());
    if (!built) std::abort();
    return std::move(built).value();
  }();
  auto body = ariadne::parse_json_object(ariadne::fuzz::text_of(data, size));
  if (!body) return 0;
  const auto caller = ariadne::fuzz::officer();
  if (auto query = ariadne::screen::parse_query(*body))
    ariadne::fuzz::handled(ariadne::screen::screen(*index, caller, *query));
  ariadne::fuzz::handled(ariadne::screen::screen_batch(*index, caller, *body));
  return 0;
}
