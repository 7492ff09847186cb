// The request readers of POST /auth/login, /members and /users: a good body
// reads into its struct, and every problem is reported by field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "policy/accounts.hpp"
#include "support/field_errors.hpp"

namespace ariadne::policy {
namespace {

using nlohmann::json;
using testing::field_errors;
using Fields = std::vector<FieldError>;

TEST(ParseLogin, ReadsCredentials) {
  auto r = parse_login(json{{"username", "fra.officer"}, {"password", "correct-horse"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->username, "fra.officer");
  EXPECT_EQ(r->password, "correct-horse");
}

TEST(ParseLogin, ReportsEveryBadField) {
  EXPECT_EQ(field_errors(parse_login(json::object())),
            (Fields{{"username", "is required"}, {"password", "is required"}}));
  EXPECT_EQ(field_errors(parse_login(json{{"username", 7}, {"password", ""}})),
            (Fields{{"username", "must be a string"}, {"password", "must not be empty"}}));
  EXPECT_EQ(field_errors(parse_login(json{{"username", std::string(65, 'u')}, {"password", std::string(1025, 'p')}})),
            (Fields{{"username", "is longer than 64 bytes"}, {"password", "is longer than 1024 bytes"}}));
  EXPECT_EQ(field_errors(parse_login(json{{"username", "u"}, {"password", "p"}, {"otp", "1"}})),
            (Fields{{"otp", "is not a known field"}}));
}

TEST(ParseNewMember, ReadsAMemberWithItsKindOrNcb) {
  auto partner = parse_new_member(json{{"code", "AIRX"}, {"name", "Carrier"}, {"kind", "partner"}});
  ASSERT_TRUE(partner.ok());
  EXPECT_EQ(partner->code, "AIRX");
  EXPECT_EQ(partner->name, "Carrier");
  EXPECT_EQ(partner->kind, MemberKind::partner);
  auto ncb = parse_new_member(json{{"code", "FRA"}, {"name", "France"}});
  ASSERT_TRUE(ncb.ok());
  EXPECT_EQ(ncb->kind, MemberKind::ncb);
}

TEST(ParseNewMember, ReportsEveryBadField) {
  EXPECT_EQ(field_errors(parse_new_member(json::object())), (Fields{{"code", "is required"}, {"name", "is required"}}));
  EXPECT_EQ(field_errors(parse_new_member(json{{"code", std::string(11, 'A')}, {"name", 1}, {"kind", "state"}})),
            (Fields{{"code", "is longer than 10 bytes"},
                    {"name", "must be a string"},
                    {"kind", "must be ncb, secretariat or partner"}}));
  EXPECT_EQ(field_errors(parse_new_member(json{{"code", "FRA"}, {"name", std::string(201, 'n')}, {"kind", true}})),
            (Fields{{"name", "is longer than 200 bytes"}, {"kind", "must be a string"}}));
  EXPECT_EQ(field_errors(parse_new_member(json{{"code", "FRA"}, {"name", "France"}, {"region", "EU"}})),
            (Fields{{"region", "is not a known field"}}));
}

TEST(ParseNewUser, ReadsAUser) {
  auto r = parse_new_user(
      json{{"username", "fra.reviewer"}, {"member", "FRA"}, {"role", "reviewer"}, {"password", "long-enough-pass"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->username, "fra.reviewer");
  EXPECT_EQ(r->member, "FRA");
  EXPECT_EQ(r->role, Role::reviewer);
  EXPECT_EQ(r->password, "long-enough-pass");
}

TEST(ParseNewUser, ReportsEveryBadField) {
  EXPECT_EQ(field_errors(parse_new_user(json::object())), (Fields{{"username", "is required"},
                                                                  {"member", "is required"},
                                                                  {"role", "is required"},
                                                                  {"password", "is required"}}));
  EXPECT_EQ(field_errors(parse_new_user(json{{"username", std::string(65, 'u')},
                                             {"member", std::string(11, 'M')},
                                             {"role", "chief"},
                                             {"password", std::string(1025, 'p')}})),
            (Fields{{"username", "is longer than 64 bytes"},
                    {"member", "is longer than 10 bytes"},
                    {"password", "is longer than 1024 bytes"},
                    {"role", "must be officer, analyst, reviewer, coordinator, admin or partner"}}));
  EXPECT_EQ(field_errors(parse_new_user(
                json{{"username", "u"}, {"member", "FRA"}, {"role", std::string(17, 'r')}, {"password", "p"}})),
            (Fields{{"role", "is longer than 16 bytes"}}));
  EXPECT_EQ(field_errors(parse_new_user(
                json{{"username", "u"}, {"member", "FRA"}, {"role", "admin"}, {"password", "p"}, {"kind", "ncb"}})),
            (Fields{{"kind", "is not a known field"}}));
}

}  // namespace
}  // namespace ariadne::policy
