// The JSON shape of an MRZ parse that `ariadne mrz parse` and POST /mrz/parse
// return (design/API.md, "Results that scripts read"), plus warnings,
// optional_data_2, issue_date, raw and suggested_lines. Every key is always
// present; absent values are null.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "ident/mrz.hpp"

namespace ariadne::ident {

nlohmann::json mrz_to_json(const MrzResult& result);

}  // namespace ariadne::ident
