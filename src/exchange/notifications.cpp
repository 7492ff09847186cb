#include "exchange/notifications.hpp"

#include "common/time.hpp"
#include "exchange/attachments.hpp"
#include "exchange/groups.hpp"
#include "exchange/messages.hpp"
#include "exchange/watches.hpp"

namespace ariadne::exchange {

std::vector<store::Migration> exchange_migrations() {
  return {{"exchange", 1, R"sql(
CREATE TABLE notifications (
  id {{id}},
  member TEXT NOT NULL REFERENCES members(code),
  kind TEXT NOT NULL,
  object TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  read_at TEXT
);
CREATE INDEX notifications_member ON notifications(member, id);
)sql"},
          messages_migration(),
          groups_migration(),
          attachments_migration(),
          watches_migration(),
          inbox_words_migration()};
}

namespace {

constexpr const char* kColumns = "id, member, kind, object, text, created_at, read_at";

Notification from_row(const store::Row& r) {
  return {r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.opt_text(6)};
}

}  // namespace

Result<Notification> notify(store::Database& db, const std::string& member, const std::string& kind,
                            const std::string& object, const std::string& text) {
  if (member.empty() || kind.empty()) return Error::internal("a notification needs a member and a kind");
  ARIADNE_ASSIGN(auto rows, db.query(std::string("INSERT INTO notifications (member, kind, object, text) VALUES (?, ?, "
                                                 "?, ?) RETURNING ") +
                                         kColumns,
                                     {member, kind, object, text}));
  return from_row(rows.front());
}

Result<std::vector<Notification>> list_notifications(store::Database& db, const std::string& member,
                                                     const NotificationQuery& q) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM notifications WHERE member = ? AND (username IS NULL OR username = ?) AND id > ?";
  if (q.unread_only) sql += " AND read_at IS NULL";
  sql += " ORDER BY id LIMIT ?";
  std::vector<Notification> out;
  ARIADNE_TRY(
      db.for_each(sql, {member, q.user, q.after_id, static_cast<std::int64_t>(q.limit)}, [&](const store::Row& r) {
        out.push_back(from_row(r));
        return true;
      }));
  return out;
}

Status mark_read(store::Database& db, const std::string& member, std::int64_t id, const std::string& user) {
  ARIADNE_ASSIGN(auto changed, db.execute("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND "
                                          "member = ? AND (username IS NULL OR username = ?)",
                                          {iso_now_ms(), id, member, user}));
  if (changed == 0) return Error::not_found("notification " + std::to_string(id));
  return {};
}

}  // namespace ariadne::exchange
