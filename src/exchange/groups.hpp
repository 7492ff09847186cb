// Expert groups: named sets of users across members and partner
// organisations (a human-trafficking expert group, an operational network
// against migrant smuggling), each with a coordinator who admits members and
// decides on requests to join.
//
// A group is a set of users, not of members: a message to a group reaches
// each of its users (an inbox item of the user's member addressed to that
// user alone), and other users of the same member do not see it. Anyone may
// see that a group exists, its description and its coordinator, and ask to
// join; only its members see who else belongs.
//
// Thread-safety: stateless functions over a thread-safe store::Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::exchange {

// Groups, their members and requests to join; group messages and per-user
// inbox items (exchange migration 3).
store::Migration groups_migration();

inline constexpr std::size_t kMaxGroupName = 120;
inline constexpr std::size_t kMaxGroupDescription = 4000;
inline constexpr std::size_t kMaxGroupMembers = 2000;

struct GroupMember {
  std::string user;
  std::string member;  // the user's member (country or partner organisation)
  std::string role;    // coordinator or member
  std::string added_at;
};

struct Group {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::string coordinator;         // a user
  std::string coordinator_member;  // the coordinator's member
  std::string created_at;
  std::vector<GroupMember> members;
};

// A group as POST /groups sends it: {"name", "description"?, "members"?: [user names]}.
struct NewGroup {
  std::string name;
  std::string description;
  std::vector<std::string> members;
};
Result<NewGroup> parse_new_group(const nlohmann::json& body);

// Sets up a group coordinated by the caller (a coordinator or an admin), with
// the users named; each is told. Unknown or disabled users and a name already
// taken are refused, and nothing is stored.
Result<Group> create_group(store::Database& db, const policy::Caller& caller, const NewGroup& group);
// Every group, by name: what anyone may know of it.
Result<std::vector<Group>> list_groups(store::Database& db);
// The group; not_found when there is none.
Result<Group> find_group(store::Database& db, std::int64_t id);
// Whether `user` belongs to the group.
bool in_group(const Group& g, const std::string& user);
// The group as `reader` sees it: its members' names only when the reader is
// one of them; `membership` says the reader's own standing (coordinator,
// member, requested or none).
nlohmann::json group_json(store::Database& db, const Group& g, const policy::Caller& reader);

// The coordinator adds a user (who is told); conflict when already a member.
Result<Group> add_group_member(store::Database& db, const policy::Caller& caller, std::int64_t group,
                               const std::string& user);
// The coordinator removes a member, or a member leaves; the coordinator hands
// over first (conflict otherwise).
Result<Group> remove_group_member(store::Database& db, const policy::Caller& caller, std::int64_t group,
                                  const std::string& user);
// The coordinator hands the group over to another of its members.
Result<Group> hand_over_group(store::Database& db, const policy::Caller& caller, std::int64_t group,
                              const std::string& user);

struct JoinRequest {
  std::int64_t id = 0;
  std::int64_t group = 0;
  std::string user;
  std::string member;
  std::string note;
  std::string status;  // pending, accepted, refused
  std::optional<std::string> decided_by;
  std::optional<std::string> reason;
  std::string created_at;
  std::optional<std::string> decided_at;
};
nlohmann::json to_json(const JoinRequest& r);

// A user asks to join (the coordinator is told); conflict when already a
// member or with a request pending.
Result<JoinRequest> request_to_join(store::Database& db, const policy::Caller& caller, std::int64_t group,
                                    const std::string& note);
// The pending requests, for the coordinator.
Result<std::vector<JoinRequest>> pending_requests(store::Database& db, const policy::Caller& caller,
                                                  std::int64_t group);
// The coordinator accepts or refuses a pending request; the requester is told.
Result<JoinRequest> decide_request(store::Database& db, const policy::Caller& caller, std::int64_t group,
                                   std::int64_t request, bool accept, const std::string& reason);

// Appends an inbox item addressed to one user of a member (joins the caller's transaction).
Status notify_user(store::Database& db, const std::string& member, const std::string& user, const std::string& kind,
                   const std::string& object, const std::string& text);

}  // namespace ariadne::exchange
