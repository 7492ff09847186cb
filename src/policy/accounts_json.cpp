// The JSON edge of accounts: request bodies read into typed requests, and
// members, users and logins written out.
#include <nlohmann/json.hpp>

#include "common/json_fields.hpp"
#include "policy/accounts.hpp"

namespace ariadne::policy {

using nlohmann::json;

json to_json(const Member& m) {
  return {{"code", m.code}, {"name", m.name}, {"kind", to_string(m.kind)}, {"created_at", m.created_at}};
}

json to_json(const User& u) {
  return {{"id", u.id.value},          {"username", u.username},     {"member", u.member},
          {"role", to_string(u.role)}, {"created_at", u.created_at}, {"disabled", u.disabled}};
}

json to_json(const LoginResult& r) {
  return {{"token", r.token}, {"expires_at", r.expires_at}, {"user", to_json(r.user)}, {"member", to_json(r.member)}};
}

Result<NewMember> parse_new_member(const json& body) {
  JsonFields f(body);
  NewMember out;
  auto code = f.string("code", true, 10);
  auto name = f.string("name", true, 200);
  if (auto kind = f.string("kind", false, 16)) {
    if (auto k = parse_member_kind(*kind)) {
      out.kind = *k;
    } else {
      f.fail("kind", "must be ncb, secretariat or partner");
    }
  }
  ARIADNE_TRY(f.finish());
  out.code = std::move(*code);
  out.name = std::move(*name);
  return out;
}

Result<NewUser> parse_new_user(const json& body) {
  JsonFields f(body);
  NewUser out;
  auto username = f.string("username", true, 64);
  auto member = f.string("member", true, 10);
  auto role = f.string("role", true, 16);
  auto password = f.string("password", true, 1024);
  if (role) {
    if (auto r = parse_role(*role)) {
      out.role = *r;
    } else {
      f.fail("role", "must be officer, analyst, reviewer, coordinator, admin or partner");
    }
  }
  ARIADNE_TRY(f.finish());
  out.username = std::move(*username);
  out.member = std::move(*member);
  out.password = std::move(*password);
  return out;
}

Result<LoginRequest> parse_login(const json& body) {
  JsonFields f(body);
  auto username = f.string("username", true, 64);
  auto password = f.string("password", true, 1024);
  ARIADNE_TRY(f.finish());
  return LoginRequest{std::move(*username), std::move(*password)};
}

}  // namespace ariadne::policy
