// Notifications to members: the minimal inbox that tells an owner member
// something happened to its records (a hit on one of its documents, the
// outcome of a hit it was told about).
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::exchange {

std::vector<store::Migration> exchange_migrations();

struct Notification {
  std::int64_t id = 0;
  std::string member;  // the member told
  std::string kind;    // e.g. hit, hit.confirmed, hit.rejected
  std::string object;  // what it is about, e.g. hit:12
  std::string text;
  std::string created_at;
  std::optional<std::string> read_at;
};

// Appends a notification for `member`. Joins the caller's transaction when
// there is one, so the notification commits with the event it reports.
Result<Notification> notify(store::Database& db, const std::string& member, const std::string& kind,
                            const std::string& object, const std::string& text);

struct NotificationQuery {
  std::string user;  // the reader: items addressed to another user of the member (group items) are left out
  bool unread_only = false;
  std::int64_t after_id = 0;
  int limit = 100;
};
// The member's notifications, oldest first.
Result<std::vector<Notification>> list_notifications(store::Database& db, const std::string& member,
                                                     const NotificationQuery& query = {});
// Marks one of the member's notifications read; not_found for another
// member's, or one addressed to another user than `user`.
Status mark_read(store::Database& db, const std::string& member, std::int64_t id, const std::string& user = "");

}  // namespace ariadne::exchange
