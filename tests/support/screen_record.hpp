// A published red notice's subject as the screening index holds it, for its tests.
#pragma once

#include <cstdint>
#include <string>

#include "screen/index.hpp"

namespace ariadne::testing {

// Owned by FRA, visible to all, one Latin primary name and an optional birth date.
inline screen::ScreenRecord person(std::int64_t id, const std::string& name, const std::string& birth_date = "") {
  screen::ScreenRecord r;
  r.id = id;
  r.kind = "notice";
  r.type = "red";
  r.meta.owner = "FRA";
  r.subject.names.push_back({name, "Latn", "primary", {}, {}});
  if (!birth_date.empty()) r.subject.birth_dates.push_back(birth_date);
  return r;
}

}  // namespace ariadne::testing
