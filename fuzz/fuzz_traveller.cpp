// The traveller reader: one traveller of a check or a batch, read by both of
// its readers (nlohmann for single checks, simdjson for passenger lists) and
// validated by to_request. The two must agree, reasons and all, whenever
// both parsers accept the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "sltd/traveller_reader.hpp"

namespace sltd = ariadne::sltd;

namespace {

// Everything a request or its error says, to compare the two readers.
nlohmann::json outcome(const ariadne::Result<sltd::CheckRequest>& r) {
  if (!r) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : r.error().fields) fields.push_back({f.field, f.reason});
    return {{"error", r.error().message}, {"fields", fields}};
  }
  nlohmann::json people = nlohmann::json::array();
  for (const auto& p : r->identities) {
    people.push_back({p.name, p.birth_date.value_or("-"), p.nationality.value_or("-"), p.sex.value_or("-")});
  }
  return {{"presented", sltd::presented_json(*r)},
          {"near", r->lookup.near},
          {"mrz", r->mrz ? sltd::to_json(*r->mrz) : nlohmann::json()},
          {"mrz_number_check_failed", r->mrz_number_check_failed},
          {"location", r->location.value_or("-")},
          {"ref", r->ref.value_or("-")},
          {"people", people}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  static simdjson::dom::parser parser;
  const std::string text(ariadne::fuzz::text_of(data, size));
  const ariadne::Date today{2026, 6, 15};
  sltd::CheckRequest defaults;
  defaults.location = "CDG T2";
  auto dom = nlohmann::json::parse(text, nullptr, false);
  if (!dom.is_discarded()) {
    const auto raw = sltd::detail::read_traveller(dom);
    const auto request = sltd::detail::to_request(raw, &defaults, &today);
    simdjson::dom::element element;
    if (parser.parse(text).get(element) == simdjson::SUCCESS) {
      const auto fast = sltd::detail::to_request(sltd::detail::read_traveller(element), &defaults, &today);
      if (outcome(request) != outcome(fast)) std::abort();  // the readers disagree
    }
  }
  return 0;
}
