// External sanctions lists as special notices. The UN Security Council
// consolidated list (and OFAC's SDN list, a government's published list) is
// adopted by its authority itself, so its entries are
// published at once by the General Secretariat (owner IPSG, visible to every
// member) without the compliance review a member's request goes through:
// there is no member's request to review, and the General Secretariat may not
// second-guess the Council's listing. Each entry is keyed by the list's own
// reference number (`source`, `source_ref`), so importing a newer list adds
// new entries, updates changed ones, cancels those no longer listed and
// leaves the rest untouched: a re-import of the same list changes nothing.
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "notices/notices.hpp"
#include "store/database.hpp"

namespace ariadne::notices {

// One listed person as a POST /notices body (type special), and its reference.
struct WatchlistEntry {
  std::string reference;  // e.g. CDi.001
  nlohmann::json body;
};

struct WatchlistRejection {
  std::string reference;
  std::string reason;
};

struct Watchlist {
  std::string source;  // "un" or "ofac"
  std::vector<WatchlistEntry> entries;
};

// The individuals of the UN consolidated list (XML as published by the UN).
// Country names are turned into ISO 3166-1 alpha-3 codes; a name that has no
// code is kept in the notice's remarks rather than dropped.
Result<Watchlist> parse_un_xml(std::istream& in);

// The individuals of OFAC's SDN list in its legacy CSV layout (sdn.csv, no
// header, "-0-" for empty), with their aliases from alt.csv when given. Birth
// dates, places of birth, nationalities, gender, passports and national
// identity numbers are read from the remarks, which are kept whole in the text.
Result<Watchlist> parse_ofac_csv(std::istream& sdn, std::istream* alt);

struct WatchlistReport {
  std::size_t listed = 0;  // entries in the file
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t cancelled = 0;  // published entries the file no longer lists
  std::vector<WatchlistRejection> rejected;
};
nlohmann::json to_json(const WatchlistReport& r);

// The store side, beside the lifecycle in notices.cpp: a special notice owned
// by the General Secretariat, keyed by (source, reference), published at once.
enum class ExternalOutcome { added, updated, unchanged };
Result<ExternalOutcome> upsert_external(store::Database& db, const std::string& source, const std::string& reference,
                                        const Notice& content);
// (reference, notice id) of the source's published notices.
Result<std::vector<std::pair<std::string, std::int64_t>>> published_external(store::Database& db,
                                                                             const std::string& source);
Status cancel_external(store::Database& db, std::int64_t id, const std::string& reason);

// Applies the list in one transaction (all or nothing). An entry that fails
// validation is rejected by reference and changes nothing about its notice.
Result<WatchlistReport> import_watchlist(store::Database& db, const Watchlist& list);

}  // namespace ariadne::notices
