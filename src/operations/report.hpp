// An operation's report: the checks its participants performed within the
// window (sltd's check counts), their hits by database and status, and the
// outcomes they recorded by country and kind, day by day, with victims by
// exploitation, sex, age band and nationality and migrants by nationality.
//
// Counts of people (arrests, victims, migrants) from 1 to 10 that rest on
// another member's outcomes are shown as "<11" to the viewer, unless that
// member allowed its small counts to be shown (share_small_counts): a
// viewer's own counts are always exact. Checks, hits, seizures and
// investigations count no people and are shown as they are.
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::operations {

inline constexpr std::int64_t kSmallCell = 11;

// For the operation's participants and the General Secretariat (404 for others).
Result<nlohmann::json> operation_report(store::Database& db, const policy::Caller& viewer, std::int64_t id);
// The report as one self-contained printable HTML page (every text escaped).
std::string report_html(const nlohmann::json& report);

}  // namespace ariadne::operations
