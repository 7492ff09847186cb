// Reports of the analysis file, as JSON and as a printable HTML page.
//
// An operational report of a network: its people and their roles, its
// assets and who holds them, its places, its route, its timeline, its key
// players and brokers, the caller's member's open leads on its cases, and
// the gaps an analyst would chase next (an account seen but never traced, a
// phone no call is known through, a crew member no nationality or document
// identifies, a crossing without its crossing point).
//
// A strategic report of a region and a period: the corridors and borders
// through it, people moved by month with the months flagged beyond their
// history, the nationalities moved, the modus operandi (modes, crossing
// points, payment methods) and victims by exploitation type.
//
// Both are answered over what the caller may see and name no victim (a
// victim is "victim 1", "victim 2", …). A strategic report is an aggregate
// meant to leave the owners of the data: every count of people from 1 to 10
// that rests on another member's cases is shown as "<11" (the Counter-
// Trafficking Data Collaborative's practice), and the report says how many
// were; a count resting only on the caller's member's own cases is its own
// to show.
//
// Thread-safety: as LinkGraph's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/link_graph.hpp"
#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

// Counts of people below this, resting on another member's cases, are suppressed.
inline constexpr std::size_t kSmallCell = 11;

Result<nlohmann::json> network_report(LinkGraph& graph, store::Database& db, const policy::Caller& caller,
                                      std::int64_t entity);

struct StrategicScope {
  std::vector<std::string> countries;  // the region (alpha-3); empty: everywhere
  std::string from;                    // the period (ISO dates); empty: unbounded
  std::string to;
};
Result<nlohmann::json> strategic_report(LinkGraph& graph, store::Database& db, const policy::Caller& caller,
                                        const StrategicScope& scope);

// Either report as one self-contained HTML page laid out for print.
std::string report_html(const nlohmann::json& report);

}  // namespace ariadne::analysis
