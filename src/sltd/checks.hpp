// Document checks: a traveller's document (typed fields or an MRZ) against
// the index, every candidate verified against the store, the gate applied,
// and every hit stored with its owner notified.
//
// What a caller learns:
//   - a caller who may read the record: the match, the record id, status, owner;
//   - one who may not: {"restricted": true} and that the owner was told;
//   - a carrier (partner role): only {"go": bool} per passenger.
//
// Thread-safety: any number of checks may run at once (the index is read
// under a shared lock, the store is thread-safe).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "sltd/index.hpp"
#include "store/database.hpp"

namespace ariadne::sltd {

inline constexpr std::size_t kMaxBatchTravellers = 100000;

struct CheckRequest {
  Lookup lookup;                         // number, state, class, near
  std::optional<nlohmann::json> mrz;     // {valid, format, errors, warnings} when the document came as an MRZ
  bool mrz_number_check_failed = false;  // the MRZ's document-number check digit is wrong
  std::optional<std::string> location;
  std::optional<std::string> ref;  // the caller's own reference, echoed
  nlohmann::json presented;        // stored with a hit: document fields only
};

// Reads one check (or one batch traveller): {number, issuing_state?, type?}
// or {mrz}, with near?, location?, ref?. Person fields (name, birth_date,
// nationality, sex) are accepted for the person screening and ignored here.
// `defaults` supplies location and near from a batch envelope.
Result<CheckRequest> parse_check_request(const nlohmann::json& body, const CheckRequest* defaults = nullptr);

// Runs one check and answers {hit, matches[], mrz?} (or {go, mrz?} for a carrier).
Result<nlohmann::json> run_check(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                 const CheckRequest& request);

// POST /documents/check: parse and run.
Result<nlohmann::json> check_document(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                      const nlohmann::json& body);

// POST /documents/check/batch: {travellers:[…], location?, near?} → {results:[…]} in order,
// a traveller's own error in its result; fails only for a malformed envelope or over 100,000 travellers.
Result<nlohmann::json> check_batch(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                   const nlohmann::json& body);

// A per-traveller error as it appears in a batch result.
nlohmann::json error_result(const Error& e);

}  // namespace ariadne::sltd
