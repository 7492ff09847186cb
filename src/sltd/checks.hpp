// Document checks: a traveller's document (typed fields or an MRZ) against
// the index, every candidate verified against the store, the gate applied,
// and every hit stored with its owner notified.
//
// What a caller learns:
//   - a caller who may read the record: the match, the record id, status, owner;
//   - one who may not: {"restricted": true} and that the owner was told;
//   - a carrier (partner role): only {"go": bool} per passenger.
//
// Travellers are screened too: the person fields typed with a traveller and
// the holder an MRZ names are screened against published notices and
// diffusions (screen::screen), for callers whose role may read records; the
// candidates come as "screening" in the traveller's result. Carriers learn
// nothing of screening.
//
// Passenger lists are the hot path: check_batch_text reads the list with
// simdjson and writes the answer straight into a string; a hit (rare) is
// still stored, audited and notified one by one.
//
// Thread-safety: any number of checks may run at once (the index is read
// under a shared lock, the store is thread-safe).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "ident/mrz.hpp"
#include "policy/roles.hpp"
#include "screen/index.hpp"
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

// A person a traveller is said to be, for screening: the typed fields, or the
// holder an MRZ names. Facts that do not read (a malformed date) are left out.
struct TravellerIdentity {
  std::string name;
  std::optional<std::string> birth_date;   // YYYY, YYYY-MM or YYYY-MM-DD
  std::optional<std::string> nationality;  // ISO 3166-1 alpha-3
  std::optional<std::string> sex;          // M, F or X
};

struct CheckRequest {
  Lookup lookup;                         // number, state, class, near
  std::optional<MrzSummary> mrz;         // when the document came as an MRZ
  bool mrz_number_check_failed = false;  // the MRZ's document-number check digit is wrong
  std::optional<std::string> location;
  std::optional<std::string> ref;             // the caller's own reference, echoed
  std::vector<TravellerIdentity> identities;  // the typed person first, then the MRZ's holder
  // When an offline check was made (unix seconds), uploaded later: its hits
  // and counts carry that time. Within the last kMaxOfflineAge, not ahead.
  std::optional<std::int64_t> checked_at;
};

// An offline copy is refreshed at least monthly; older checks would reopen finished operations' reports.
inline constexpr std::int64_t kMaxOfflineAge = 30LL * 86400;

// How many checks a batch made, by when: now for live checks, at their
// checked_at minute for offline ones (travellers refused count as live).
struct CheckedCounts {
  std::int64_t live = 0;
  std::map<std::int64_t, std::int64_t> offline;  // unix minute → checks
};

// Stored with a hit: the document fields only, never the holder's name.
nlohmann::json presented_json(const CheckRequest& request);

// Reads one check (or one batch traveller): {number, issuing_state?, type?}
// or {mrz}, with near?, location?, ref?, and the person fields name (or
// surname and given_names), birth_date, nationality and sex for screening.
// `defaults` supplies location and near from a batch envelope.
Result<CheckRequest> parse_check_request(const nlohmann::json& body, const CheckRequest* defaults = nullptr);

// Runs one check and answers {hit, matches[], mrz?, ref?, screening?} (or {go, mrz?, ref?} for a
// carrier) as JSON text, written once from the result (the same writer as a
// batch's results). `screening` null: travellers are not screened.
Result<std::string> run_check(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                              const CheckRequest& request, const screen::ScreeningIndex* screening = nullptr);

// POST /documents/check/batch: the request body as sent, {travellers:[…], location?, near?} →
// {results:[…]} as JSON text, in order, a traveller's own error in its result; fails only for
// malformed JSON (the messages of parse_json_object), a malformed envelope or over 100,000 travellers.
// `counted` (when given) receives how many travellers it checked, by when.
Result<std::string> check_batch_text(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                     std::string_view body, const screen::ScreeningIndex* screening = nullptr,
                                     CheckedCounts* counted = nullptr);

// Whether the caller's checks screen travellers: not a carrier's, and only a
// role that may read records.
bool screens_travellers(const policy::Caller& caller);

// Screens a traveller's identities, merged by person (best score first, at
// most 10): {"candidates": [...]} in POST /screen's shape. Two identities
// with the same name are screened once, with the facts of both. The ids of
// the restricted records the answer shows in full go to `restricted`, for
// the caller to audit.
Result<nlohmann::json> screen_traveller(const screen::ScreeningIndex& index, const policy::Caller& caller,
                                        const std::vector<TravellerIdentity>& identities,
                                        std::vector<std::int64_t>& restricted);

// A per-traveller error as it appears in a batch result.
nlohmann::json error_result(const Error& e);

}  // namespace ariadne::sltd
