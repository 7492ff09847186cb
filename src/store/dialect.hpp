// The SQL differences between backends, in one place. Schema text uses
// portable types plus these tokens, expanded per dialect:
//   {{id}}    auto-assigned 64-bit primary key
//   {{blob}}  binary column
//   {{now}}   the current UTC time as ISO 8601 text
#pragma once

#include <string>
#include <string_view>

#include "store/database.hpp"

namespace ariadne::store {

std::string expand_dialect(Dialect dialect, std::string_view sql);
// '?' placeholders to PostgreSQL's $1, $2, … (outside quoted literals).
std::string numbered_placeholders(std::string_view sql);
// "?, ?, …" for `n` values of an IN list.
std::string placeholders(std::size_t n);

}  // namespace ariadne::store
