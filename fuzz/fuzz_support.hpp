// What the fuzz targets share: the input as text, a scratch store that every
// input sees in the same state, and the callers routes act for.
//
// A target treats any exception escaping the code under test as a crash
// (libFuzzer reports an uncaught exception as a deadly signal), so parsers
// must turn every bad input into a Result error. Targets run on one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A migrated SQLite store in a temporary directory, made on first use and
// removed at exit, holding the General Secretariat (IPSG) and the members
// FRA, DEU, GBR, USA (national bureaus) and EUPL (a partner).
store::Database& scratch_store();

// Runs fn in a transaction that is always rolled back, so whatever an input
// writes is gone before the next one.
void rolled_back(const std::function<void(store::Database&)>& fn);

// An internal error (HTTP 500) is a finding too: the store does not fail
// here, so it means an exception was caught and turned into one (a bulk
// import's reader thread does that). Aborts on one, with its message.
void fail_on_internal(const Error& e);
template <class T>
void handled(const Result<T>& r) {
  if (!r) fail_on_internal(r.error());
}

// An input of the shape "JSON object\n%%CSV%%\nCSV text" (a configuration or
// mapping and the file it reads): its two parts, when it has that shape.
struct ConfigAndCsv {
  nlohmann::json config;
  std::string csv;
};
std::optional<ConfigAndCsv> config_and_csv(std::string_view text);

// A FRA officer, a FRA coordinator (writes notices), the General Secretariat's admin.
policy::Caller officer();
policy::Caller coordinator();
policy::Caller secretariat();

}  // namespace ariadne::fuzz
