// POST /documents and PATCH /documents/{id}: the body as the routes read it
// (parse_json_object, then parse_new_document or update_document).
#include <cstddef>
#include <cstdint>

#include "common/json_fields.hpp"
#include "fuzz_support.hpp"
#include "sltd/documents.hpp"

namespace {

// A document of FRA's, registered once, for the patches to change.
ariadne::DocumentId stored_document() {
  static const ariadne::DocumentId id = [] {
    auto& db = ariadne::fuzz::scratch_store();
    const auto caller = ariadne::fuzz::officer();
    nlohmann::json body = {
        {"number", "FUZZ00001"}, {"issuing_state", "FRA"}, {"type", "passport"}, {"status", "stolen"}};
    auto doc = ariadne::sltd::parse_new_document(body, db, caller);
    if (!doc) std::abort();
    auto created = ariadne::sltd::create_document(db, caller, std::move(doc).value());
    if (!created) std::abort();
    return created->id;
  }();
  return id;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto id = stored_document();
  auto body = ariadne::parse_json_object(ariadne::fuzz::text_of(data, size));
  if (!body) return 0;
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    const auto caller = ariadne::fuzz::officer();
    if (auto doc = ariadne::sltd::parse_new_document(*body, db, caller)) {
      ariadne::fuzz::handled(ariadne::sltd::create_document(db, caller, std::move(doc).value()));
    }
    ariadne::fuzz::handled(ariadne::sltd::update_document(db, caller, id, *body));
  });
  return 0;
}
