// Request bodies: parse_json_object (every JSON route's first step, through
// Context::json_body) and the JsonFields readings of the routes that read
// their body inline (login, members, users, hit decisions, notice review and
// cancel, MRZ). The other routes' bodies have targets of their own.
#include <cstddef>
#include <cstdint>

#include "common/json_fields.hpp"
#include "fuzz_support.hpp"
#include "ident/mrz.hpp"

using ariadne::JsonFields;

namespace {

void read_login(const nlohmann::json& body) {
  JsonFields f(body);
  f.string("username", true, 64);
  f.string("password", true, 1024);
  (void)f.finish();
}

void read_user(const nlohmann::json& body) {
  JsonFields f(body);
  f.string("username", true, 64);
  f.string("member", true, 10);
  f.string("role", true, 16);
  f.string("password", true, 1024);
  f.string("kind", false, 16);
  (void)f.finish();
}

void read_review(const nlohmann::json& body) {
  JsonFields f(body);
  f.string("decision", true, 16);
  f.string_list("reasons", false, 50, 2000);
  f.string("note", false, 2000);
  f.integer("limit", false, 1, 100);
  f.boolean("near", false);
  if (const auto* nested = f.object("subject", false)) {
    JsonFields g(*nested, "subject");
    g.string("name", true);
    f.merge(g.finish());
  }
  f.any("travellers", false);
  (void)f.finish();
}

void read_mrz(const nlohmann::json& body) {
  JsonFields f(body);
  auto mrz = f.string("mrz", true, ariadne::ident::kMaxMrzInputBytes);
  if (f.finish().ok()) (void)ariadne::ident::parse_mrz(*mrz, {ariadne::Date{2026, 1, 1}});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto body = ariadne::parse_json_object(ariadne::fuzz::text_of(data, size));
  if (!body) return 0;
  read_login(*body);
  read_user(*body);
  read_review(*body);
  read_mrz(*body);
  return 0;
}
