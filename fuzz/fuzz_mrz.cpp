// The MRZ parser (POST /mrz/parse and MRZs given to checks), with a fixed
// reference date so a finding replays the same way on any day.
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "ident/mrz.hpp"
#include "ident/mrz_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = ariadne::fuzz::text_of(data, size);
  auto parsed = ariadne::ident::parse_mrz(text, {ariadne::Date{2026, 6, 15}});
  if (parsed) {
    // As the router writes a reply.
    (void)ariadne::ident::mrz_to_json(*parsed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  (void)ariadne::ident::mrz_check_digit(text);
  (void)ariadne::ident::is_mrz_state_code(text);
  return 0;
}
