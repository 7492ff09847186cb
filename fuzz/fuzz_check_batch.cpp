// POST /documents/check/batch: the body as sent, through check_batch_text
// (simdjson's reader, and parse_json_object when simdjson declines), against
// an empty index and store.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "sltd/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ariadne::sltd::DocumentIndex index(ariadne::sltd::IndexKey{});
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    ariadne::fuzz::handled(
        ariadne::sltd::check_batch_text(db, index, ariadne::fuzz::officer(), ariadne::fuzz::text_of(data, size)));
  });
  return 0;
}
