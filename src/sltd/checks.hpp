// Document checks: a traveller's document (typed fields or an MRZ) against
// the index, every candidate verified against the store, the gate applied,
// and every hit stored with its owner notified.
//
// What a caller learns:
//   - a caller who may read the record: the match, the record id, status, owner;
//   - one who may not: {"restricted": true} and that the owner was told;
//   - a carrier (partner role): only {"go": bool} per passenger.
//
// Passenger lists are the hot path: check_batch_text reads the list with
// simdjson and writes the answer straight into a string; a hit (rare) is
// still stored, audited and notified one by one.
//
// Thread-safety: any number of checks may run at once (the index is read
// under a shared lock, the store is thread-safe).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "ident/mrz.hpp"
#include "policy/roles.hpp"
#include "sltd/index.hpp"
#include "store/database.hpp"

namespace ariadne::sltd {

inline constexpr std::size_t kMaxBatchTravellers = 100000;

// What a check reports of an MRZ: {valid, format, errors, warnings}.
struct MrzSummary {
  bool valid = false;
  std::optional<ident::MrzFormat> format;
  std::vector<ident::MrzIssue> errors;
  std::vector<ident::MrzIssue> warnings;
};
nlohmann::json to_json(const MrzSummary& mrz);

struct CheckRequest {
  Lookup lookup;                         // number, state, class, near
  std::optional<MrzSummary> mrz;         // when the document came as an MRZ
  bool mrz_number_check_failed = false;  // the MRZ's document-number check digit is wrong
  std::optional<std::string> location;
  std::optional<std::string> ref;  // the caller's own reference, echoed
};

// Stored with a hit: the document fields only, never the holder's name.
nlohmann::json presented_json(const CheckRequest& request);

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

// POST /documents/check/batch: the request body as sent, {travellers:[…], location?, near?} →
// {results:[…]} as JSON text, in order, a traveller's own error in its result; fails only for
// malformed JSON (the messages of parse_json_object), a malformed envelope or over 100,000 travellers.
Result<std::string> check_batch_text(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                     std::string_view body);

// The same for a parsed body (tests, and callers that hold a DOM already).
Result<nlohmann::json> check_batch(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                   const nlohmann::json& body);

// A per-traveller error as it appears in a batch result.
nlohmann::json error_result(const Error& e);

}  // namespace ariadne::sltd
