#include "policy/roles.hpp"

namespace ariadne::policy {

std::optional<MemberKind> parse_member_kind(std::string_view s) {
  if (s == "ncb") return MemberKind::ncb;
  if (s == "secretariat") return MemberKind::secretariat;
  if (s == "partner") return MemberKind::partner;
  return std::nullopt;
}

std::string_view to_string(MemberKind k) {
  switch (k) {
    case MemberKind::ncb: return "ncb";
    case MemberKind::secretariat: return "secretariat";
    case MemberKind::partner: return "partner";
  }
  return "ncb";
}

std::optional<Role> parse_role(std::string_view s) {
  if (s == "officer") return Role::officer;
  if (s == "analyst") return Role::analyst;
  if (s == "reviewer") return Role::reviewer;
  if (s == "coordinator") return Role::coordinator;
  if (s == "admin") return Role::admin;
  if (s == "partner") return Role::partner;
  return std::nullopt;
}

std::string_view to_string(Role r) {
  switch (r) {
    case Role::officer: return "officer";
    case Role::analyst: return "analyst";
    case Role::reviewer: return "reviewer";
    case Role::coordinator: return "coordinator";
    case Role::admin: return "admin";
    case Role::partner: return "partner";
  }
  return "officer";
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
