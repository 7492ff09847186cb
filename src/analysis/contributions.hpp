// The analysis file's contributions: case packages stored as statements.
// A contribution belongs to the member that sent it and carries its
// restriction; each of its entities and events is a mention, each property
// value of a mention a statement, and relationships, event participants and
// places are links between mentions. Every fact shown anywhere traces back
// to its statements, hence to a member, a contribution, a time and a
// restriction. A member sending a case reference again sends a new version
// of that case: its statements replace the previous ones. Withdrawing a
// contribution removes its statements; the audit keeps that it happened.
//
// Thread-safety: as the Database given; each write is one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/package.hpp"
#include "common/result.hpp"
#include "policy/restriction.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::analysis {

// Tables: contributions, mentions, statements, mention_links; entities and
// entity_mentions (entities.hpp).
std::vector<store::Migration> analysis_migrations();

struct ContributionInfo {
  std::int64_t id = 0;
  std::string case_ref;
  std::string crime_type;
  std::string reported_on;
  policy::RecordMeta meta;
  std::int64_t version = 1;  // 2, 3, … after the member sent the case again
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::int64_t entities = 0;
  std::int64_t events = 0;
  std::int64_t links = 0;
};

struct Contribution {
  ContributionInfo info;
  CasePackage package;
};

// Stores a package validated by parse_package for the caller's member: a new
// contribution, or a new version of the member's contribution with the same
// case reference. Forbidden for roles that may not contribute.
Result<ContributionInfo> contribute(store::Database& db, const policy::Caller& caller, const CasePackage& package);
// The same without reading the stored contribution back: its id (an import needs no more).
Result<std::int64_t> store_contribution(store::Database& db, const policy::Caller& caller, const CasePackage& package);

// The contribution with its package; not_found when absent or hidden from the caller.
Result<Contribution> get_contribution(store::Database& db, const policy::Caller& caller, std::int64_t id);

// Removes a contribution of the caller's member and every statement of it.
Status withdraw_contribution(store::Database& db, const policy::Caller& caller, std::int64_t id);

struct ContributionQuery {
  std::optional<std::string> member;  // only this member's contributions
  std::int64_t after_id = 0;          // keyset paging: ids above this
  int limit = 100;
};
// The contributions the caller may see, by id.
Result<std::vector<ContributionInfo>> list_contributions(store::Database& db, const policy::Caller& caller,
                                                         const ContributionQuery& query);

}  // namespace ariadne::analysis
