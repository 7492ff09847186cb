#include "exchange/watches.hpp"

#include <algorithm>
#include <limits>

#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "exchange/notifications.hpp"
#include "store/audit.hpp"

namespace ariadne::exchange {

using nlohmann::json;

store::Migration watches_migration() {
  // record_id 0 stands for every record of the kind, so that one unique
  // index holds both forms on every backend.
  return {"exchange", 5, R"sql(
CREATE TABLE query_watches (
  id {{id}},
  member TEXT NOT NULL REFERENCES members(code),
  kind TEXT NOT NULL CHECK (kind IN ('notice','document')),
  record_id INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE UNIQUE INDEX query_watches_record ON query_watches(member, kind, record_id);
CREATE TABLE query_sightings (
  member TEXT NOT NULL,
  object TEXT NOT NULL,
  by_member TEXT NOT NULL,
  hour TEXT NOT NULL,
  PRIMARY KEY (member, object, by_member, hour)
);
)sql"};
}

namespace {

Watch watch_from(const store::Row& r) {
  Watch w{r.integer(0), r.text(1), r.text(2), std::nullopt, r.text(4), r.text(5)};
  if (r.integer(3) != 0) w.record = r.integer(3);
  return w;
}

constexpr const char* kColumns = "id, member, kind, record_id, created_by, created_at";

}  // namespace

json to_json(const Watch& w) {
  return {{"id", w.id},
          {"member", w.member},
          {"kind", w.kind},
          {"record", w.record ? json(*w.record) : json(nullptr)},
          {"created_by", w.created_by},
          {"created_at", w.created_at}};
}

Result<NewWatch> parse_new_watch(const json& body) {
  JsonFields f(body);
  auto kind = f.string("kind", true, 16);
  auto record = f.integer("record", false, 1, std::numeric_limits<std::int64_t>::max());
  if (kind && std::find(std::begin(kWatchKinds), std::end(kWatchKinds), *kind) == std::end(kWatchKinds)) {
    f.fail("kind", "must be notice or document");
  }
  ARIADNE_TRY(f.finish());
  return NewWatch{std::move(*kind), record};
}

Result<Watch> add_watch(store::Database& db, const policy::Caller& caller, const NewWatch& in) {
  ARIADNE_TRY(policy::require(caller, policy::Action::record_write));
  std::int64_t id = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto same, db.query("SELECT id FROM query_watches WHERE member = ? AND kind = ? AND record_id = ?",
                                       {caller.member, in.kind, in.record.value_or(0)}));
    if (!same.empty()) {
      return Error::conflict("your member watches this already (watch " + std::to_string(same.front().integer(0)) +
                             ")");
    }
    ARIADNE_ASSIGN(auto n, db.query("SELECT COUNT(*) FROM query_watches WHERE member = ?", {caller.member}));
    if (n.front().integer(0) >= static_cast<std::int64_t>(kMaxWatchesPerMember)) {
      return Error::conflict("your member has " + std::to_string(kMaxWatchesPerMember) + " watches already");
    }
    ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO query_watches (member, kind, record_id, created_by) VALUES (?, ?, "
                                       "?, ?) RETURNING id",
                                       {caller.member, in.kind, in.record.value_or(0), caller.username}));
    id = rows.front().integer(0);
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "watch.add", "watch:" + std::to_string(id), "ok",
             in.kind + (in.record ? ":" + std::to_string(*in.record) : std::string(" (every record)"))}));
    return {};
  }));
  ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kColumns + " FROM query_watches WHERE id = ?", {id}));
  return watch_from(rows.front());
}

Result<std::vector<Watch>> list_watches(store::Database& db, const std::string& member) {
  std::vector<Watch> out;
  ARIADNE_TRY(db.for_each(std::string("SELECT ") + kColumns + " FROM query_watches WHERE member = ? ORDER BY id",
                          {member}, [&](const store::Row& r) {
                            out.push_back(watch_from(r));
                            return true;
                          }));
  return out;
}

Status remove_watch(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::record_write));
  return db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto changed,
                   db.execute("DELETE FROM query_watches WHERE id = ? AND member = ?", {id, caller.member}));
    if (changed == 0) return Error::not_found("watch " + std::to_string(id));
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "watch.remove", "watch:" + std::to_string(id), "ok", ""}));
    return {};
  });
}

Result<bool> any_watch(store::Database& db) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT 1 FROM query_watches LIMIT 1"));
  return !rows.empty();
}

Status record_queried(store::Database& db, const std::string& owner, std::string_view kind, std::int64_t record,
                      const policy::Caller& by, std::string_view how) {
  if (owner == by.member) return {};
  ARIADNE_ASSIGN(auto watched, db.query("SELECT 1 FROM query_watches WHERE member = ? AND kind = ? AND record_id IN "
                                        "(0, ?) LIMIT 1",
                                        {owner, std::string(kind), record}));
  if (watched.empty()) return {};
  const std::string object = std::string(kind) + ":" + std::to_string(record);
  const std::string hour = iso_now_ms().substr(0, 13);  // YYYY-MM-DDTHH
  return db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto first, db.execute("INSERT INTO query_sightings (member, object, by_member, hour) VALUES (?, ?, "
                                          "?, ?) ON CONFLICT DO NOTHING",
                                          {owner, object, by.member, hour}));
    if (first == 0) return {};
    ARIADNE_TRY(notify(db, owner, "record.queried", object,
                       by.member + " (" + by.username + ") " + std::string(how) + " your " + std::string(kind) + " " +
                           std::to_string(record) + "; further queries by " + by.member + " this hour are not told"));
    return {};
  });
}

}  // namespace ariadne::exchange
