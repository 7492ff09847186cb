// Members, roles and the caller: who is acting, for which member, and what
// each role may do. Permissions live in one table (role_may).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/ids.hpp"
#include "common/result.hpp"

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

// What a caller asks to do. Several actions share one permission (e.g. every
// read of shared records); each has its own phrase for the refusal.
enum class Action {
  record_write,          // create, update, delete a member's own records
  record_read,           // read records shared with the caller's member
  member_manage,         // add members
  user_manage,           // add users
  audit_read,            // read the audit log
  passenger_check,       // submit passenger documents for go/no-go
  document_register,     // register travel documents (record_write)
  notice_issue,          // draft, submit, review, publish notices (record_write)
  hit_decide,            // confirm or reject hits (record_write)
  notice_read,           // read notices (record_read)
  hit_read,              // read hits (record_read)
  person_screen,         // screen persons (record_read)
  audit_head_read,       // read the audit chain's head (audit_read)
  audit_sign,            // sign an audit checkpoint (audit_read)
  audit_verify,          // verify the audit log (audit_read)
  case_contribute,       // contribute, update and withdraw case data (record_write)
  case_read,             // read the analysis file (record_read)
  entity_decide,         // merge and split the analysis file's entities (analysts, coordinators, admins)
  hit_act,               // record the action taken on a confirmed hit (record_write)
  message_send,          // send messages to members and groups (every role)
  message_read,          // read the member's inbox (every role)
  operation_coordinate,  // start operations (coordinators, admins)
  operation_take_part,   // accept an invitation, record outcomes (record_write roles and partners)
  operation_read,        // read operations the member takes part in, and their reports (every role)
  group_create,          // set up an expert group and coordinate it (coordinators, admins)
};

inline constexpr Action kLastAction = Action::group_create;  // keep it the last value

// Every action, for tests and tables.
std::span<const Action> all_actions();

bool role_may(Role role, Action action);

// The action as a phrase after "may not" ("register documents").
std::string_view describe(Action action);

// The one gate: forbidden "the role <role> may not <describe(action)>" when
// role_may refuses.
Status require(const Caller& caller, Action action);

}  // namespace ariadne::policy
