#include "app/schema.hpp"

#include "analysis/contributions.hpp"
#include "exchange/notifications.hpp"
#include "notices/notices.hpp"
#include "operations/operations.hpp"
#include "policy/accounts.hpp"
#include "sltd/documents.hpp"

namespace ariadne::app {

std::vector<store::Migration> all_migrations() {
  std::vector<store::Migration> all = store::store_migrations();
  for (auto list :
       {policy::policy_migrations(), exchange::exchange_migrations(), sltd::sltd_migrations(),
        notices::notices_migrations(), analysis::analysis_migrations(), operations::operations_migrations()}) {
    all.insert(all.end(), list.begin(), list.end());
  }
  return all;
}

Status require_initialised(store::Database& db) {
  std::optional<policy::Member> secretariat;
  if (store::module_migrated(db, "policy")) {
    auto found = policy::find_member(db, std::string(policy::kSecretariat));
    if (found) secretariat = *found;
  }
  if (!secretariat) {
    return Error::invalid("db", "the database is not initialised: run `ariadne init --db " +
                                    db.describe().substr(db.describe().find(':') + 1) + "` first");
  }
  return {};
}

Status prepare_schema(store::Database& db) {
  ARIADNE_TRY(require_initialised(db));
  if (auto migrated = store::migrate(db, all_migrations()); !migrated) {
    return Error{migrated.error().code, "migration failed: " + migrated.error().message, migrated.error().fields};
  }
  return {};
}

Result<std::unique_ptr<store::Database>> open_ready(const std::string& url) {
  ARIADNE_ASSIGN(auto db, store::open_database(url));
  ARIADNE_TRY(prepare_schema(*db));
  return db;
}

}  // namespace ariadne::app
