// POST /notices, POST /diffusions and PATCH /notices/{id}: the body as the
// routes read it (parse_json_object, then parse_notice or update_draft, which
// read the subject with parse_subject and the restriction with parse_restriction).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "common/json_fields.hpp"
#include "fuzz_support.hpp"
#include "notices/notices.hpp"

namespace {

// A draft of FRA's, created once, for the patches to change.
std::int64_t stored_draft() {
  static const std::int64_t id = [] {
    auto& db = ariadne::fuzz::scratch_store();
    const auto caller = ariadne::fuzz::officer();
    nlohmann::json body = {{"type", "red"},
                           {"subject", {{"names", {{{"full", "Ali Hassan"}}}}, {"birth_date", "1985-04-12"}}},
                           {"offence", "fraud"},
                           {"legal_basis", "Code pénal art. 313-1"},
                           {"warrant", "MA-2026-0001"}};
    auto n = ariadne::notices::parse_notice(body, db, caller, ariadne::notices::Kind::notice);
    if (!n) std::abort();
    auto created = ariadne::notices::create_notice(db, caller, std::move(n).value());
    if (!created) std::abort();
    return created->id;
  }();
  return id;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto id = stored_draft();
  auto body = ariadne::parse_json_object(ariadne::fuzz::text_of(data, size));
  if (!body) return 0;
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    const auto caller = ariadne::fuzz::officer();
    for (auto kind : {ariadne::notices::Kind::notice, ariadne::notices::Kind::diffusion}) {
      if (auto n = ariadne::notices::parse_notice(*body, db, caller, kind)) {
        ariadne::fuzz::handled(ariadne::notices::create_notice(db, caller, std::move(n).value()));
      }
    }
    ariadne::fuzz::handled(ariadne::notices::update_draft(db, caller, id, *body));
  });
  return 0;
}
