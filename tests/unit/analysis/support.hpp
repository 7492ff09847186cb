// What the analysis file's tests share: contributing a package as JSON and
// reading which entity a mention belongs to.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "common/time.hpp"

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

}  // namespace ariadne::testing
