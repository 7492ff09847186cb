#include "exchange/groups.hpp"

#include <algorithm>
#include <set>

#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "policy/accounts.hpp"
#include "store/audit.hpp"

namespace ariadne::exchange {

using nlohmann::json;

store::Migration groups_migration() {
  // A group message is a message with a group_id; its inbox items are
  // addressed to one user each (notifications.username), and items without
  // a username are for every user of their member.
  return {"exchange", 3, R"sql(
CREATE TABLE expert_groups (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  coordinator TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE TABLE expert_group_members (
  group_id INTEGER NOT NULL REFERENCES expert_groups(id),
  username TEXT NOT NULL,
  member TEXT NOT NULL REFERENCES members(code),
  role TEXT NOT NULL CHECK (role IN ('coordinator','member')),
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL DEFAULT ({{now}}),
  PRIMARY KEY (group_id, username)
);
CREATE INDEX expert_group_members_user ON expert_group_members(username, group_id);
CREATE TABLE expert_group_requests (
  id {{id}},
  group_id INTEGER NOT NULL REFERENCES expert_groups(id),
  username TEXT NOT NULL,
  member TEXT NOT NULL REFERENCES members(code),
  note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','accepted','refused')),
  decided_by TEXT,
  reason TEXT,
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  decided_at TEXT
);
CREATE UNIQUE INDEX expert_group_requests_pending ON expert_group_requests(group_id, username) WHERE status = 'pending';
ALTER TABLE messages ADD COLUMN group_id INTEGER REFERENCES expert_groups(id);
ALTER TABLE notifications ADD COLUMN username TEXT;
)sql"};
}

namespace {

std::string group_name(std::int64_t id) {
  return "group " + std::to_string(id);
}

std::string group_object(std::int64_t id) {
  return "group:" + std::to_string(id);
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

Result<std::optional<Group>> load_group(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT id, name, description, coordinator, created_at FROM expert_groups "
                                     "WHERE id = ?",
                                     {id}));
  if (rows.empty()) return std::optional<Group>{};
  const auto& r = rows.front();
  Group g{r.integer(0), r.text(1), r.text(2), r.text(3), "", r.text(4), {}};
  ARIADNE_TRY(
      db.for_each("SELECT username, member, role, added_at FROM expert_group_members WHERE group_id = ? "
                  "ORDER BY username",
                  {id}, [&](const store::Row& m) {
                    g.members.push_back({m.text(0), m.text(1), m.text(2), m.text(3)});
                    if (m.text(0) == g.coordinator) g.coordinator_member = m.text(1);
                    return true;
                  }));
  return std::optional<Group>{std::move(g)};
}

// The group, when the caller coordinates it: not_found when there is no such
// group, forbidden for anyone else.
Result<Group> coordinated_group(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_ASSIGN(auto g, find_group(db, id));
  if (g.coordinator != caller.username) {
    return Error::forbidden("only the coordinator of " + group_name(id) + ", " + g.coordinator + ", may do this");
  }
  return g;
}

// An active user to add, or the reason it cannot be.
Result<policy::Caller> active_user(store::Database& db, const std::string& field, const std::string& user) {
  auto found = policy::caller_for_user(db, user);
  if (!found) {
    if (found.error().code == ErrorCode::not_found || found.error().code == ErrorCode::forbidden) {
      return Error::invalid(field, "no active user " + user);
    }
    return found.error();
  }
  return std::move(*found);
}

Status insert_member(store::Database& db, std::int64_t group, const policy::Caller& user, const std::string& role,
                     const std::string& by) {
  ARIADNE_TRY(
      db.execute("INSERT INTO expert_group_members (group_id, username, member, role, added_by) VALUES (?, ?, ?, ?, ?)",
                 {group, user.username, user.member, role, by}));
  return {};
}

Result<JoinRequest> load_request(store::Database& db, std::int64_t group, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT id, group_id, username, member, note, status, decided_by, reason, "
                                     "created_at, decided_at FROM expert_group_requests WHERE id = ? AND group_id = ?",
                                     {id, group}));
  if (rows.empty()) return Error::not_found("request " + std::to_string(id) + " to join " + group_name(group));
  const auto& r = rows.front();
  return JoinRequest{r.integer(0), r.integer(1),  r.text(2),     r.text(3), r.text(4),
                     r.text(5),    r.opt_text(6), r.opt_text(7), r.text(8), r.opt_text(9)};
}

}  // namespace

Status notify_user(store::Database& db, const std::string& member, const std::string& user, const std::string& kind,
                   const std::string& object, const std::string& text) {
  ARIADNE_TRY(db.execute("INSERT INTO notifications (member, kind, object, text, username) VALUES (?, ?, ?, ?, ?)",
                         {member, kind, object, text, user}));
  return {};
}

Result<NewGroup> parse_new_group(const json& body) {
  JsonFields f(body);
  NewGroup g;
  auto name = f.string("name", true, kMaxGroupName);
  auto description = f.string("description", false, kMaxGroupDescription);
  auto members = f.string_list("members", false, kMaxGroupMembers, 64);
  if (name && blank(*name)) f.fail("name", "must not be blank");
  ARIADNE_TRY(f.finish());
  g.name = std::move(*name);
  if (description) g.description = std::move(*description);
  if (members) g.members = std::move(*members);
  return g;
}

Result<Group> create_group(store::Database& db, const policy::Caller& caller, const NewGroup& in) {
  ARIADNE_TRY(policy::require(caller, policy::Action::group_create));
  std::int64_t id = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto taken, db.query("SELECT id FROM expert_groups WHERE name = ?", {in.name}));
    if (!taken.empty()) return Error::conflict("a group is already named " + in.name);
    std::vector<FieldError> errors;
    std::vector<policy::Caller> users;
    std::set<std::string> seen{caller.username};
    for (std::size_t i = 0; i < in.members.size(); ++i) {
      const std::string field = "members[" + std::to_string(i) + "]";
      if (!seen.insert(in.members[i]).second) {
        errors.push_back({field, in.members[i] == caller.username ? "is you: the coordinator belongs to the group"
                                                                  : "lists " + in.members[i] + " again"});
        continue;
      }
      auto user = active_user(db, field, in.members[i]);
      if (!user) {
        if (user.error().code != ErrorCode::invalid_input) return user.error();
        errors.push_back({field, user.error().fields.empty() ? user.error().message : user.error().fields[0].reason});
        continue;
      }
      users.push_back(std::move(*user));
    }
    if (!errors.empty()) return Error::invalid_fields(std::move(errors));
    ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO expert_groups (name, description, coordinator, created_by) "
                                       "VALUES (?, ?, ?, ?) RETURNING id",
                                       {in.name, in.description, caller.username, caller.username}));
    id = rows.front().integer(0);
    ARIADNE_TRY(insert_member(db, id, caller, "coordinator", caller.username));
    for (const auto& u : users) {
      ARIADNE_TRY(insert_member(db, id, u, "member", caller.username));
      ARIADNE_TRY(notify_user(db, u.member, u.username, "group.added", group_object(id),
                              caller.username + " (" + caller.member + ") added you to the group " + in.name));
    }
    ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, "group.create", group_object(id), "ok",
                                         in.name + "; " + std::to_string(users.size() + 1) + " members"}));
    return {};
  }));
  return find_group(db, id);
}

Result<std::vector<Group>> list_groups(store::Database& db) {
  std::vector<std::int64_t> ids;
  ARIADNE_TRY(db.for_each("SELECT id FROM expert_groups ORDER BY name", {}, [&](const store::Row& r) {
    ids.push_back(r.integer(0));
    return true;
  }));
  std::vector<Group> out;
  for (auto id : ids) {
    ARIADNE_ASSIGN(auto g, find_group(db, id));
    out.push_back(std::move(g));
  }
  return out;
}

Result<Group> find_group(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto g, load_group(db, id));
  if (!g) return Error::not_found(group_name(id));
  return std::move(*g);
}

bool in_group(const Group& g, const std::string& user) {
  return std::any_of(g.members.begin(), g.members.end(), [&](const GroupMember& m) { return m.user == user; });
}

json group_json(store::Database& db, const Group& g, const policy::Caller& reader) {
  const bool inside = in_group(g, reader.username);
  std::string membership = g.coordinator == reader.username ? "coordinator" : inside ? "member" : "none";
  if (!inside) {
    auto pending =
        db.query("SELECT 1 FROM expert_group_requests WHERE group_id = ? AND username = ? AND status = 'pending'",
                 {g.id, reader.username});
    if (pending && !pending->empty()) membership = "requested";
  }
  std::set<std::string> countries;
  for (const auto& m : g.members) countries.insert(m.member);
  json out = {{"id", g.id},
              {"name", g.name},
              {"description", g.description},
              {"coordinator", {{"user", g.coordinator}, {"member", g.coordinator_member}}},
              {"member_count", g.members.size()},
              {"member_organisations", countries.size()},
              {"membership", membership},
              {"created_at", g.created_at}};
  if (inside) {
    json members = json::array();
    for (const auto& m : g.members) {
      members.push_back({{"user", m.user}, {"member", m.member}, {"role", m.role}, {"added_at", m.added_at}});
    }
    out["members"] = members;
  }
  return out;
}

Result<Group> add_group_member(store::Database& db, const policy::Caller& caller, std::int64_t group,
                               const std::string& user) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_send));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto g, coordinated_group(db, caller, group));
    if (in_group(g, user)) return Error::conflict(user + " already belongs to " + group_name(group));
    if (g.members.size() >= kMaxGroupMembers) {
      return Error::conflict(group_name(group) + " has " + std::to_string(kMaxGroupMembers) + " members already");
    }
    ARIADNE_ASSIGN(auto u, active_user(db, "user", user));
    ARIADNE_TRY(insert_member(db, group, u, "member", caller.username));
    // A pending request is answered by the admission.
    ARIADNE_TRY(
        db.execute("UPDATE expert_group_requests SET status = 'accepted', decided_by = ?, decided_at = ? "
                   "WHERE group_id = ? AND username = ? AND status = 'pending'",
                   {caller.username, iso_now_ms(), group, user}));
    ARIADNE_TRY(notify_user(db, u.member, u.username, "group.added", group_object(group),
                            caller.username + " (" + caller.member + ") added you to the group " + g.name));
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "group.member.add", group_object(group), "ok", user + " of " + u.member}));
    return {};
  }));
  return find_group(db, group);
}

Result<Group> remove_group_member(store::Database& db, const policy::Caller& caller, std::int64_t group,
                                  const std::string& user) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_read));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto g, find_group(db, group));
    const bool leaving = user == caller.username;
    if (!leaving && g.coordinator != caller.username) {
      return Error::forbidden("only the coordinator of " + group_name(group) + " removes its members");
    }
    auto it = std::find_if(g.members.begin(), g.members.end(), [&](const GroupMember& m) { return m.user == user; });
    if (it == g.members.end()) return Error::not_found(user + " in " + group_name(group));
    if (user == g.coordinator) {
      return Error::conflict("the coordinator hands " + group_name(group) + " over before leaving it");
    }
    ARIADNE_TRY(db.execute("DELETE FROM expert_group_members WHERE group_id = ? AND username = ?", {group, user}));
    if (!leaving) {
      ARIADNE_TRY(notify_user(db, it->member, user, "group.removed", group_object(group),
                              caller.username + " removed you from the group " + g.name));
    }
    ARIADNE_TRY(
        store::audit_append(db, {caller.username, caller.member, leaving ? "group.member.leave" : "group.member.remove",
                                 group_object(group), "ok", user + " of " + it->member}));
    return {};
  }));
  return find_group(db, group);
}

Result<Group> hand_over_group(store::Database& db, const policy::Caller& caller, std::int64_t group,
                              const std::string& user) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_send));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto g, coordinated_group(db, caller, group));
    if (user == caller.username) return Error::conflict(user + " coordinates " + group_name(group) + " already");
    auto it = std::find_if(g.members.begin(), g.members.end(), [&](const GroupMember& m) { return m.user == user; });
    if (it == g.members.end()) return Error::invalid("user", user + " is not a member of " + group_name(group));
    ARIADNE_TRY(active_user(db, "user", user));
    ARIADNE_TRY(db.execute("UPDATE expert_groups SET coordinator = ? WHERE id = ?", {user, group}));
    ARIADNE_TRY(
        db.execute("UPDATE expert_group_members SET role = CASE WHEN username = ? THEN 'coordinator' ELSE "
                   "'member' END WHERE group_id = ? AND username IN (?, ?)",
                   {user, group, user, caller.username}));
    ARIADNE_TRY(notify_user(db, it->member, user, "group.coordinator", group_object(group),
                            caller.username + " handed the group " + g.name + " over to you"));
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "group.hand_over", group_object(group), "ok", "to " + user}));
    return {};
  }));
  return find_group(db, group);
}

json to_json(const JoinRequest& r) {
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", r.id},
          {"group_id", r.group},
          {"user", r.user},
          {"member", r.member},
          {"note", r.note},
          {"status", r.status},
          {"decided_by", opt(r.decided_by)},
          {"reason", opt(r.reason)},
          {"created_at", r.created_at},
          {"decided_at", opt(r.decided_at)}};
}

Result<JoinRequest> request_to_join(store::Database& db, const policy::Caller& caller, std::int64_t group,
                                    const std::string& note) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_send));
  std::int64_t id = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto g, find_group(db, group));
    if (in_group(g, caller.username)) return Error::conflict("you belong to " + group_name(group) + " already");
    ARIADNE_ASSIGN(auto pending, db.query("SELECT id FROM expert_group_requests WHERE group_id = ? AND username = ? "
                                          "AND status = 'pending'",
                                          {group, caller.username}));
    if (!pending.empty()) {
      return Error::conflict("your request " + std::to_string(pending.front().integer(0)) + " to join " +
                             group_name(group) + " is pending");
    }
    ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO expert_group_requests (group_id, username, member, note, status) "
                                       "VALUES (?, ?, ?, ?, 'pending') RETURNING id",
                                       {group, caller.username, caller.member, note}));
    id = rows.front().integer(0);
    ARIADNE_TRY(notify_user(db, g.coordinator_member, g.coordinator, "group.request",
                            group_object(group) + "/request:" + std::to_string(id),
                            caller.username + " (" + caller.member + ") asks to join the group " + g.name));
    ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, "group.request", group_object(group), "ok",
                                         "request " + std::to_string(id)}));
    return {};
  }));
  return load_request(db, group, id);
}

Result<std::vector<JoinRequest>> pending_requests(store::Database& db, const policy::Caller& caller,
                                                  std::int64_t group) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_read));
  ARIADNE_TRY(coordinated_group(db, caller, group));
  std::vector<std::int64_t> ids;
  ARIADNE_TRY(db.for_each("SELECT id FROM expert_group_requests WHERE group_id = ? AND status = 'pending' ORDER BY id",
                          {group}, [&](const store::Row& r) {
                            ids.push_back(r.integer(0));
                            return true;
                          }));
  std::vector<JoinRequest> out;
  for (auto id : ids) {
    ARIADNE_ASSIGN(auto r, load_request(db, group, id));
    out.push_back(std::move(r));
  }
  return out;
}

Result<JoinRequest> decide_request(store::Database& db, const policy::Caller& caller, std::int64_t group,
                                   std::int64_t request, bool accept, const std::string& reason) {
  ARIADNE_TRY(policy::require(caller, policy::Action::message_send));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto g, coordinated_group(db, caller, group));
    ARIADNE_ASSIGN(auto r, load_request(db, group, request));
    if (r.status != "pending") return Error::conflict("request " + std::to_string(request) + " was " + r.status);
    if (accept) {
      if (g.members.size() >= kMaxGroupMembers) {
        return Error::conflict(group_name(group) + " has " + std::to_string(kMaxGroupMembers) + " members already");
      }
      ARIADNE_ASSIGN(auto u, active_user(db, "request", r.user));
      ARIADNE_TRY(insert_member(db, group, u, "member", caller.username));
    }
    ARIADNE_TRY(
        db.execute("UPDATE expert_group_requests SET status = ?, decided_by = ?, reason = ?, decided_at = ? "
                   "WHERE id = ?",
                   {accept ? "accepted" : "refused", caller.username,
                    reason.empty() ? store::Value{} : store::Value{reason}, iso_now_ms(), request}));
    ARIADNE_TRY(notify_user(db, r.member, r.user, accept ? "group.request.accepted" : "group.request.refused",
                            group_object(group),
                            "your request to join the group " + g.name + (accept ? " was accepted" : " was refused") +
                                (reason.empty() ? "" : ": " + reason)));
    ARIADNE_TRY(
        store::audit_append(db, {caller.username, caller.member, accept ? "group.accept" : "group.refuse",
                                 group_object(group), "ok", "request " + std::to_string(request) + " of " + r.user}));
    return {};
  }));
  return load_request(db, group, request);
}

}  // namespace ariadne::exchange
