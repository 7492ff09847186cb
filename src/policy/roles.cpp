#include "policy/roles.hpp"

#include <array>

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

namespace {

// The permission an action needs: one of the six base actions.
Action permission_of(Action action) {
  switch (action) {
    case Action::document_register:
    case Action::notice_issue:
    case Action::hit_decide:
    case Action::hit_act:
    case Action::case_contribute: return Action::record_write;
    case Action::notice_read:
    case Action::hit_read:
    case Action::person_screen:
    case Action::case_read: return Action::record_read;
    case Action::audit_head_read:
    case Action::audit_sign:
    case Action::audit_verify: return Action::audit_read;
    default: return action;
  }
}

// One phrase per action; the API's refusals quote them word for word.
constexpr EnumName<Action> kActions[] = {
    {Action::record_write, "change records"},
    {Action::record_read, "read records"},
    {Action::member_manage, "add members"},
    {Action::user_manage, "add users"},
    {Action::audit_read, "read the audit log"},
    {Action::passenger_check, "check documents"},
    {Action::document_register, "register documents"},
    {Action::notice_issue, "issue notices"},
    {Action::hit_decide, "decide hits"},
    {Action::notice_read, "read notices"},
    {Action::hit_read, "read hits"},
    {Action::person_screen, "screen persons"},
    {Action::audit_head_read, "read the audit chain's head"},
    {Action::audit_sign, "sign the audit chain"},
    {Action::audit_verify, "verify the audit log"},
    {Action::case_contribute, "contribute case data"},
    {Action::case_read, "read the analysis file"},
    {Action::entity_decide, "merge or split entities"},
    {Action::hit_act, "record what was done about hits"},
    {Action::message_send, "send messages"},
    {Action::message_read, "read messages"},
    {Action::operation_coordinate, "coordinate operations"},
    {Action::operation_take_part, "take part in operations"},
    {Action::operation_read, "read operations"},
    {Action::group_create, "set up expert groups"},
};

// Every value of Action in order, whether or not kActions names it (a test
// checks that it does).
constexpr auto kAllActions = [] {
  std::array<Action, static_cast<std::size_t>(kLastAction) + 1> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<Action>(i);
  return out;
}();

}  // namespace

std::span<const Action> all_actions() {
  return kAllActions;
}

bool role_may(Role role, Action action) {
  switch (permission_of(action)) {
    case Action::record_write:
      return role == Role::officer || role == Role::analyst || role == Role::coordinator || role == Role::admin;
    case Action::record_read: return role != Role::partner;
    case Action::member_manage:
    case Action::user_manage:
    case Action::audit_read: return role == Role::admin;
    case Action::passenger_check:
    case Action::message_send:
    case Action::message_read:
    case Action::operation_read: return true;
    case Action::operation_coordinate:
    case Action::group_create: return role == Role::coordinator || role == Role::admin;
    case Action::operation_take_part: return role != Role::reviewer;
    case Action::entity_decide: return role == Role::analyst || role == Role::coordinator || role == Role::admin;
    default: return false;
  }
}

std::string_view describe(Action action) {
  return enum_to_name(kActions, action);
}

Status require(const Caller& caller, Action action) {
  if (role_may(caller.role, action)) return {};
  return Error::forbidden("the role " + std::string(to_string(caller.role)) + " may not " +
                          std::string(describe(action)));
}

}  // namespace ariadne::policy
