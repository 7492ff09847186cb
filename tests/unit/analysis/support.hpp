// What the analysis file's tests share: contributing a package as JSON and
// reading which entity a mention belongs to.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "analysis/import.hpp"
#include "common/line_error.hpp"
#include "common/time.hpp"
#include "support/store.hpp"

namespace ariadne::testing {

// Stores a package for its caller; 0 (and a test failure) when refused.
inline std::int64_t contribute(store::Database& db, const policy::Caller& who, const nlohmann::json& body) {
  auto p = analysis::parse_package(body, who.member, policy::members_of(db), today_utc());
  EXPECT_TRUE(p) << (p ? "" : p.error().message);
  if (!p) return 0;
  auto id = analysis::store_contribution(db, who, *p);
  EXPECT_TRUE(id) << (id ? "" : id.error().message);
  return id ? *id : 0;
}

// The entity of a contribution's mention (0 when none).
inline std::int64_t entity_of(store::Database& db, std::int64_t contribution, const std::string& local_id) {
  auto rows = db.query(
                    "SELECT em.entity FROM entity_mentions em JOIN mentions m ON m.id = em.mention "
                    "WHERE m.contribution = ? AND m.local_id = ?",
                    {contribution, local_id})
                  .value();
  return rows.empty() ? 0 : rows.front().integer(0);
}

// An import into a store of the members ROU and ITA, by a Romanian analyst:
// what it reported, and every problem and warning by line.
class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = member_store(dir_, "import.db", {"ROU", "ITA"}, {}); }

  struct Run {
    Result<analysis::ContributionImportProgress> report = Error::internal("not run");
    std::vector<LineError> errors, warnings;
  };
  // Options that collect into `run`.
  static analysis::ContributionImportOptions collecting(Run& run) {
    analysis::ContributionImportOptions options;
    options.on_error = [&run](const LineError& e) { run.errors.push_back(e); };
    options.on_warning = [&run](const LineError& e) { run.warnings.push_back(e); };
    return options;
  }
  std::int64_t count(const char* table) {
    return db_->query(std::string("SELECT COUNT(*) FROM ") + table)->front().integer(0);
  }

  TempDir dir_;
  std::unique_ptr<store::Database> db_;
  policy::Caller rou_{UserId{1}, "rou.analyst", "ROU", policy::MemberKind::ncb, policy::Role::analyst};
};

}  // namespace ariadne::testing
