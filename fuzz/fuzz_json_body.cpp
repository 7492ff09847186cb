// Request bodies: parse_json_object (every JSON route's first step, through
// Context::json_body) and the small request readers of the routes whose body
// has no target of its own (login, members, users, hit decisions and
// actions, notice review and cancel, messages and forwards, operations and
// their outcomes, MRZ).
#include <cstddef>
#include <cstdint>

#include "common/json_fields.hpp"
#include "exchange/groups.hpp"
#include "exchange/messages.hpp"
#include "exchange/watches.hpp"
#include "fuzz_support.hpp"
#include "ident/mrz.hpp"
#include "ident/mrz_json.hpp"
#include "notices/notices.hpp"
#include "operations/operations.hpp"
#include "policy/accounts.hpp"
#include "sltd/hits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto body = ariadne::parse_json_object(ariadne::fuzz::text_of(data, size));
  if (!body) return 0;
  ariadne::fuzz::handled(ariadne::policy::parse_login(*body));
  ariadne::fuzz::handled(ariadne::policy::parse_new_member(*body));
  ariadne::fuzz::handled(ariadne::policy::parse_new_user(*body));
  ariadne::fuzz::handled(ariadne::sltd::parse_hit_decision(*body));
  ariadne::fuzz::handled(ariadne::sltd::parse_hit_action_input(*body));
  ariadne::fuzz::handled(ariadne::exchange::parse_new_message(*body));
  ariadne::fuzz::handled(ariadne::exchange::parse_forward(*body));
  ariadne::fuzz::handled(ariadne::exchange::parse_new_group(*body));
  ariadne::fuzz::handled(ariadne::exchange::parse_new_watch(*body));
  ariadne::fuzz::handled(ariadne::operations::parse_new_operation(*body));
  ariadne::fuzz::handled(ariadne::operations::parse_outcomes(*body));
  ariadne::fuzz::handled(ariadne::notices::parse_review(*body));
  ariadne::fuzz::handled(ariadne::notices::parse_cancel(*body));
  if (auto request = ariadne::ident::parse_mrz_request(*body)) {
    (void)ariadne::ident::parse_mrz(request->mrz, {ariadne::Date{2026, 1, 1}});
  }
  return 0;
}
