#include "policy/roles.hpp"

#include "common/enum_names.hpp"

namespace ariadne::policy {

namespace {

constexpr EnumName<MemberKind> kMemberKinds[] = {
    {MemberKind::ncb, "ncb"}, {MemberKind::secretariat, "secretariat"}, {MemberKind::partner, "partner"}};
constexpr EnumName<Role> kRoles[] = {{Role::officer, "officer"},   {Role::analyst, "analyst"},
                                     {Role::reviewer, "reviewer"}, {Role::coordinator, "coordinator"},
                                     {Role::admin, "admin"},       {Role::partner, "partner"}};

}  // namespace

std::optional<MemberKind> parse_member_kind(std::string_view s) {
  return enum_from_name(kMemberKinds, s);
}
std::string_view to_string(MemberKind k) {
  return enum_to_name(kMemberKinds, k);
}
std::optional<Role> parse_role(std::string_view s) {
  return enum_from_name(kRoles, s);
}
std::string_view to_string(Role r) {
  return enum_to_name(kRoles, r);
}

Caller system_caller() {
  return Caller{UserId{0}, "system", std::string(kSecretariat), MemberKind::secretariat, Role::admin};
}

bool role_may(Role role, Action action) {
  switch (action) {
    case Action::record_write:
      return role == Role::officer || role == Role::analyst || role == Role::coordinator || role == Role::admin;
    case Action::record_read: return role != Role::partner;
    case Action::member_manage:
    case Action::user_manage:
    case Action::audit_read: return role == Role::admin;
    case Action::passenger_check: return true;
  }
  return false;
}

}  // namespace ariadne::policy
