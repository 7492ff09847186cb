// Writing JSON text straight into a string, for answers too large or too
// frequent to build as a nlohmann DOM first (a passenger list's results).
// The text is what nlohmann's dump(-1, ' ', false, replace) would write for
// the same value, so both ways of answering read alike.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace ariadne {

// Appends s as a JSON string (quotes included).
void append_json_string(std::string& out, std::string_view s);
// Appends "key": (the key is trusted to need no escaping).
void append_json_key(std::string& out, std::string_view key);
void append_json_int(std::string& out, std::int64_t n);
// Appends a nlohmann value as dump() would write it.
void append_json(std::string& out, const nlohmann::json& value);

}  // namespace ariadne
