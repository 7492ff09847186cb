// POST /documents/check: the body as the route reads and runs it
// (parse_json_object, parse_check_request, then run_check against an empty
// index and store).
#include <cstddef>
#include <cstdint>

#include "common/json_fields.hpp"
#include "fuzz_support.hpp"
#include "sltd/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ariadne::sltd::DocumentIndex index(ariadne::sltd::IndexKey{});
  auto body = ariadne::parse_json_object(ariadne::fuzz::text_of(data, size));
  if (!body) return 0;
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    auto request = ariadne::sltd::parse_check_request(*body);
    if (!request) return;
    ariadne::fuzz::handled(ariadne::sltd::run_check(db, index, ariadne::fuzz::officer(), *request));
  });
  return 0;
}
