// The JSON shape of an MRZ parse that `ariadne mrz parse` and POST /mrz/parse
// return (design/API.md, "Results that scripts read"), plus warnings,
// optional_data_2, issue_date, raw and suggested_lines. Every key is always
// present; absent values are null.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "ident/mrz.hpp"

namespace ariadne::ident {

nlohmann::json mrz_to_json(const MrzResult& result);

// What POST /mrz/parse sends: {mrz} (at most kMaxMrzInputBytes). The body is
// an object; every bad field is reported.
struct MrzRequest {
  std::string mrz;
};
Result<MrzRequest> parse_mrz_request(const nlohmann::json& body);

}  // namespace ariadne::ident
