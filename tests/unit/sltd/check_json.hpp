// The check functions answer JSON text (written once, as the API sends it);
// the tests read it back.
#pragma once

#include <nlohmann/json.hpp>

#include "sltd/checks.hpp"

namespace ariadne::sltd {

inline Result<nlohmann::json> check_json(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                         const nlohmann::json& body,
                                         const screen::ScreeningIndex* screening = nullptr) {
  ARIADNE_ASSIGN(auto request, parse_check_request(body));
  ARIADNE_ASSIGN(auto text, run_check(db, index, caller, request, screening));
  return nlohmann::json::parse(text);
}

inline Result<nlohmann::json> batch_json(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                         const nlohmann::json& body,
                                         const screen::ScreeningIndex* screening = nullptr) {
  ARIADNE_ASSIGN(auto text, check_batch_text(db, index, caller, body.dump(), screening));
  return nlohmann::json::parse(text);
}

}  // namespace ariadne::sltd
