// Flat files of person records for `ariadne er`: a configuration saying which
// CSV column holds what, and a reader turning rows into PersonRecords.
//
// Configuration (JSON):
//   {"columns": {"COLUMN": ROLE, …},            required
//    "blocking": [["KEY", …], …],                 optional (blocking.hpp; default by schema)
//    "threshold": 0.9,                            optional: match probability that links
//    "max_block": 2000, "random_pairs": 1000000,  optional
//    "exclusive_identifiers": ["passport"],       optional (cluster.hpp)
//    "estimate_u": true,                          optional: u by EM (else from random pairs only)
//    "merge_threshold": 0.45,                     optional: mean probability that merges clusters
//    "far_birth_dates_contradict": true,          optional: birth dates far apart are two people (cluster.hpp)
//    "prior": {MODEL}, "estimate_from": 1000,     optional: a model (as --summary writes it) used
//    "prior_matches": 4}                          below that many records (resolve.hpp)
// ROLE: name (a full name; several columns may be names), given_name,
// surname, birth_date, sex, nationality, identifier:KIND, text, code,
// category, context (identifiers recorded alongside the person, '|'-separated:
// PersonRecord::context), group (records of one group are different people:
// PersonRecord::group), or ignore. Columns the file has but the mapping does not name
// are ignored; a mapped column the file lacks is an error before any row is
// read.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/line_error.hpp"
#include "common/result.hpp"
#include "er/resolve.hpp"

namespace ariadne::er {

enum class Role {
  name,
  given_name,
  surname,
  birth_date,
  sex,
  nationality,
  identifier,
  context,
  group,
  attribute,
  ignore
};

struct ColumnRole {
  std::string column;
  Role role = Role::ignore;
  std::string identifier_kind;  // identifier
  std::size_t attribute = 0;    // attribute: its index in the schema
};

struct FlatConfig {
  std::vector<ColumnRole> columns;
  Schema schema;
  Settings settings;
};

Result<FlatConfig> parse_config(const nlohmann::json& config);

// A configuration from a header row alone, for a file without one: columns
// with the usual names take their role (name, full_name; given_name,
// first_name; surname, last_name, family_name; birth_date, date_of_birth,
// dob; sex, gender; nationality, citizenship; phone, email, iban, passport
// as identifiers), others are ignored. An error when no column names a person.
Result<nlohmann::json> infer_config(std::istream& header);

// Reads a CSV file with a header row. Every record gets `source`. Ids must be
// present and unique within the file. Values that cannot be compared (a
// birth date that is none, an unknown sex) are reported through `warn` and
// compared as unknown; a row that cannot be read at all is an error naming it.
Result<std::vector<PersonRecord>> read_csv(std::istream& in, const FlatConfig& config, const std::string& id_column,
                                           std::uint32_t source, const std::function<void(const LineError&)>& warn);

}  // namespace ariadne::er
