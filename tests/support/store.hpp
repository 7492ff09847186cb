// A migrated SQLite store for unit tests, holding the General Secretariat
// (IPSG) and the members a suite names, so each suite states only what it
// needs. A store that cannot be set up throws, which fails the test.
#pragma once

#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>

#include "app/schema.hpp"
#include "policy/accounts.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::testing {

inline std::unique_ptr<store::Database> member_store(const TempDir& dir, const std::string& file,
                                                     std::initializer_list<const char*> ncbs,
                                                     std::initializer_list<const char*> partners = {}) {
  auto must = [](const auto& done) {
    if (!done) throw std::runtime_error("test store: " + done.error().message);
  };
  auto db = store::open_database(dir.file(file));
  must(db);
  must(store::migrate(**db, app::all_migrations()));
  const auto sys = policy::system_caller();
  must(policy::add_member(**db, sys, "IPSG", "GS", policy::MemberKind::secretariat));
  for (const char* code : ncbs) must(policy::add_member(**db, sys, code, code, policy::MemberKind::ncb));
  for (const char* code : partners) must(policy::add_member(**db, sys, code, code, policy::MemberKind::partner));
  return std::move(*db);
}

}  // namespace ariadne::testing
