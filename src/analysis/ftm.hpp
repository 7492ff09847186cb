// FollowTheMoney (FtM), the entity format of Aleph, OpenSanctions and the
// tools around them, in and out of the analysis file.
//
// In (`ariadne import contribution FILE --format ftm`): JSON Lines of FtM
// entities ({"id", "schema", "properties": {"name": ["…"], …}}). The lines of
// one case follow one another; a line's case is `FtmOptions::case_ref`, or
// else its one `datasets` entry. Each case becomes a case package, validated
// and stored as POST /contributions does it, all or nothing, a problem
// naming the line and the FtM property:
//
//   Person → person (name, alias, previousName, weakAlias, firstName/lastName;
//     birthDate, gender, nationality or citizenship; each phone a phone it
//     uses; addressEntity an address it is located at)
//   Organization, Company, LegalEntity, PublicBody → organization
//   BankAccount → account (iban or accountNumber, country, bankName,
//     accountType hawala or bank)
//   Vehicle → vehicle (registrationNumber, country, type, model; its
//     operator drives it, its owner owns it), Vessel → boat (operator pilots)
//   Passport, Identification → document (number, country, type; holder)
//   Address → place of type address (full, city, country)
//   Ownership → owns (holds_account for a bank account), Family → family,
//   Associate → associate, Membership → member_of, Employment → employed_by,
//   UnknownLink → related (or the relationship kind its role names), each
//     with its other properties (dates, role, …) as the relationship's extra
//   Payment → a payment event when it has a full date, an amount and a
//     currency; else a `paid` relationship
//   any other schema → an entity of kind `other`, kept whole and flagged.
//
// A property without a field in Ariadne, and the values beyond the first of
// a one-valued field, are kept as the entity's `extra`: nothing is dropped.
//
// Out (GET /contributions/{id}?format=ftm, `ariadne export contribution
// --format ftm`): the reverse mapping, one entity per line, each with the
// case as its dataset. Victims are withheld: FtM has no way to protect them.
//
// Thread-safety: as import_contributions; to_ftm is pure.
#pragma once

#include <cstddef>
#include <istream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/import.hpp"
#include "analysis/package.hpp"

namespace ariadne::analysis {

struct FtmOptions {
  std::string case_ref;        // every line is of this case; empty: each line's `datasets` names it
  std::string crime_type;      // of every case
  std::string reported_on;     // of every case; empty: `today` of the import
  nlohmann::json restriction;  // of every case, as a case package gives it
};

Result<ContributionImportProgress> import_ftm_contributions(store::Database& db, const policy::Caller& caller,
                                                            std::istream& in, const FtmOptions& ftm,
                                                            const ContributionImportOptions& options);

struct FtmExport {
  std::vector<nlohmann::json> entities;  // in the package's order
  std::size_t withheld_victims = 0;
};

// The package as FtM entities, their ids its local ids after `id_prefix`.
// `also_victims`: local ids of people to withhold as victims though this
// package does not say so (another member's case does).
FtmExport to_ftm(const CasePackage& package, std::string_view id_prefix = "",
                 const std::set<std::string>* also_victims = nullptr);

}  // namespace ariadne::analysis
