// Members, roles and the caller: who is acting, for which member, and what
// each role may do. Permissions live in one table (role_may).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/ids.hpp"

namespace ariadne::policy {

inline constexpr std::string_view kSecretariat = "IPSG";

enum class MemberKind { ncb, secretariat, partner };
enum class Role { officer, analyst, reviewer, coordinator, admin, partner };

std::optional<MemberKind> parse_member_kind(std::string_view s);
std::string_view to_string(MemberKind k);
std::optional<Role> parse_role(std::string_view s);
std::string_view to_string(Role r);

// Everything the gate needs to know about whoever makes a request.
struct Caller {
  UserId user;
  std::string username;
  std::string member;  // member code
  MemberKind member_kind = MemberKind::ncb;
  Role role = Role::officer;

  bool secretariat() const { return member_kind == MemberKind::secretariat; }
};

// The CLI acts as the system: a secretariat administrator named "system".
Caller system_caller();

enum class Action {
  record_write,     // create, update, delete a member's own records
  record_read,      // read records shared with the caller's member
  member_manage,    // add members
  user_manage,      // add users
  audit_read,       // read the audit log
  passenger_check,  // submit passenger documents for go/no-go
};

bool role_may(Role role, Action action);

}  // namespace ariadne::policy
