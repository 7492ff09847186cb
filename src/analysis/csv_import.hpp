// Case data from a spreadsheet (`ariadne import contribution FILE.csv
// --member CODE --mapping MAP.json`), for members whose case systems only
// export tables. A mapping says which column holds what:
//
//   {"case": {"column": "Case no"},                 or a constant: "case": "FRA-2026-17"
//    "crime_type": "migrant_smuggling",             or {"column": …}
//    "reported_on": {"column": "Date"},             or a constant
//    "restriction": {"scope": "all"},               as a case package gives it
//    "columns": {"Name": "person.names", "Alias": "person.names", "DOB": "person.birth_date",
//                "Phone": "phone.number", "IBAN": "account.iban", "Passport": "document.number",
//                "Passport state": "document.issuing_state", "Plate": "vehicle.plate", …},
//    "constants": {"document.type": "passport", "account.type": "bank"}}
//
// Each row is one person and what the row says they use or hold: a phone
// (`uses`), an account (`holds_account`), a document (`holds_document`), a
// vehicle (`drives`); a row without a person gives its things alone. The
// rows of one case, one after another, are one case package, validated and
// stored as POST /contributions does it, all or nothing; a problem names
// the row's line and the column. The mapping is checked whole, and against
// the header, before any row is read.
//
// Thread-safety: as import_contributions.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/import.hpp"

namespace ariadne::analysis {

struct CsvMapping {
  struct Source {
    std::string column;    // the column holding it, or
    std::string constant;  // the value for every row
  };
  struct Target {
    std::string column;
    std::string kind;  // person, phone, account, document, vehicle
    std::string prop;  // a field of that kind (docs/data-model.md, "Case packages")
  };
  Source case_ref, crime_type, reported_on;
  nlohmann::json restriction;
  std::vector<Target> columns;                   // in the mapping's order
  std::map<std::string, std::string> constants;  // "document.type" → "passport"
};

// The fields a column may fill, as KIND.PROP.
const std::vector<std::string>& csv_targets();

// Every problem of a mapping at once, each naming its field ("columns.DOB").
Result<CsvMapping> parse_csv_mapping(const nlohmann::json& mapping);

Result<ContributionImportProgress> import_csv_contributions(store::Database& db, const policy::Caller& caller,
                                                            std::istream& in, const CsvMapping& mapping,
                                                            const ContributionImportOptions& options);

}  // namespace ariadne::analysis
