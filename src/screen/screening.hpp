// Person screening: a query (name and optional birth date, nationality, sex,
// document) against the screening index, answered with ranked candidates and
// the reasons for each score. The name score comes from the matcher; birth
// date agreement (partial dates compared at their common precision),
// nationality, sex and a shared document adjust it, and appear in the reasons.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "screen/index.hpp"
#include "text/matcher.hpp"

namespace ariadne::screen {

struct ScreenQuery {
  std::string name;
  std::optional<std::string> birth_date;   // YYYY, YYYY-MM or YYYY-MM-DD
  std::optional<std::string> nationality;  // ISO 3166-1 alpha-3
  std::optional<std::string> sex;          // M | F | X
  std::optional<std::string> document;     // a document number
  int limit = 10;
  // The name as parse_query prepared it to check it (transliteration is most
  // of a query's cost: a batch of long names in many scripts is prepared
  // once, not twice); prepared on demand when absent.
  std::optional<text::PreparedName> prepared;
};

inline constexpr int kMaxLimit = 100;
inline constexpr std::size_t kMaxBatch = 1000;
// Candidates below this final score are not reported.
inline constexpr double kReportFloor = 0.6;
// The three outcomes a candidate's final score gives: "match" from
// text::kDefaultThreshold (0.80), "possible" (for a person to review) from
// kPossibleThreshold, "no_match" below it.
inline constexpr double kPossibleThreshold = 0.7;
// A weak name (an alias its list marks low quality, or of one word) alone
// never makes a match: a candidate found only by one scores at most this.
inline constexpr double kWeakNameCap = 0.75;
// The audit action of a screening that showed restricted records.
inline constexpr std::string_view kScreenRead = "screen.read";

// Validates one query object; field names in errors carry `prefix`.
Result<ScreenQuery> parse_query(const nlohmann::json& body, const std::string& prefix = "");

// {"candidates": [{"score", "match", "outcome", "person_id", "source": {"kind", "id", "type"},
//                  "names", "reasons", "extract"}]}, best first; outcome is
// match | possible | no_match (kPossibleThreshold).
Result<nlohmann::json> screen(const ScreeningIndex& index, const policy::Caller& caller, const ScreenQuery& q);
// The same with q.name already prepared (a caller that compares names first).
// When `restricted` is given, the ids of the records the answer shows in
// full under a restriction other than `all` are appended to it, for the
// caller to audit (see below).
Result<nlohmann::json> screen(const ScreeningIndex& index, const policy::Caller& caller, const ScreenQuery& q,
                              const text::PreparedName& name, std::vector<std::int64_t>* restricted = nullptr);

// {"queries": [...]} → {"results": [{"candidates": [...]}, ...]} in order; every
// query is validated before any is run.
Result<nlohmann::json> screen_batch(const ScreeningIndex& index, const policy::Caller& caller,
                                    const nlohmann::json& body);

// The forms above leave no trace. A request screens through these, which
// also append one audit entry (screen.read on "notices") naming the records
// the answer shows in full under a restriction other than `all`, since every
// read of a restricted record is audited; none when there is no such record.
Result<nlohmann::json> screen(store::Database& db, const ScreeningIndex& index, const policy::Caller& caller,
                              const ScreenQuery& q);
Result<nlohmann::json> screen_batch(store::Database& db, const ScreeningIndex& index, const policy::Caller& caller,
                                    const nlohmann::json& body);

}  // namespace ariadne::screen
