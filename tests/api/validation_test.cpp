// Requests the server must refuse, as one table run by one runner: each row
// is a request (method, path, raw body, media type, caller) and the expected
// status, problem type and field names. Every row also checks that the
// refusal changed nothing: the documents, members and write audit entries
// are the same before and after. Adding a case is adding a row.
#include <map>
#include <set>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

struct Case {
  std::string name;
  std::string method;
  std::string path;  // {{DOC}}: an existing FRA document
  std::string body;  // raw; {{NUMBER}}: a fresh number, {{DUP}}: the existing document's number
  std::string user;  // "" sends no token; "garbage" a made-up one
  int status;
  std::string type;                 // problem type after /problems/
  std::vector<std::string> fields;  // the exact set of errors[].field; empty: not checked
  std::string content_type = "application/json";
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.name;
}

std::string nested_objects(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  for (int i = 0; i < depth; ++i) s += "}";
  return s;
}

std::string nested_arrays(int depth) {
  return "{\"number\":" + std::string(static_cast<std::size_t>(depth), '[') + "1" +
         std::string(static_cast<std::size_t>(depth), ']') + "}";
}

// A valid FRA registration with `extra` spliced in (",\"key\": value" or "").
std::string fra_doc(const std::string& extra = "", const std::string& number = "{{NUMBER}}") {
  return R"({"number": ")" + number +
         R"(", "issuing_state": "FRA", "type": "passport", "status": "stolen", "reported_on": "2025-10-02")" + extra +
         "}";
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      // --- malformed bodies (400 invalid_input) --------------------------------
      {"malformed_json", "POST", "/documents", R"({"number": "X1",)", "fra.officer", 400, "invalid_input", {""}},
      {"trailing_garbage", "POST", "/documents", fra_doc() + " trailing", "fra.officer", 400, "invalid_input", {""}},
      {"json_array", "POST", "/documents", "[" + fra_doc() + "]", "fra.officer", 400, "invalid_input", {""}},
      {"json_string", "POST", "/documents", R"("a document")", "fra.officer", 400, "invalid_input", {""}},
      {"json_null", "POST", "/documents", "null", "fra.officer", 400, "invalid_input", {""}},
      {"empty_body", "POST", "/documents", "", "fra.officer", 400, "invalid_input", {""}},
      {"nested_objects_100", "POST", "/documents", nested_objects(100), "fra.officer", 400, "invalid_input", {""}},
      {"nested_arrays_100", "POST", "/documents", nested_arrays(100), "fra.officer", 400, "invalid_input", {""}},
      {"nested_objects_100000",
       "POST",
       "/documents",
       nested_objects(100000),
       "fra.officer",
       400,
       "invalid_input",
       {""}},
      {"nested_login_100000", "POST", "/auth/login", nested_arrays(100000), "", 400, "invalid_input", {""}},
      {"invalid_utf8",
       "POST",
       "/documents",
       fra_doc(",\"remarks\": \"\xff\xfe\""),
       "fra.officer",
       400,
       "invalid_input",
       {""}},
      {"login_array", "POST", "/auth/login", R"(["fra.officer"])", "", 400, "invalid_input", {""}},
      // Numbers no double holds: the client's value, named by its field (once a 500).
      {"login_number_overflow",
       "POST",
       "/auth/login",
       R"({"username":1e400,"password":"x"})",
       "",
       400,
       "invalid_input",
       {"username"}},
      {"document_number_overflow",
       "POST",
       "/documents",
       fra_doc(",\"remarks\": -1e999"),
       "fra.officer",
       400,
       "invalid_input",
       {"remarks"}},
      {"check_number_overflow",
       "POST",
       "/documents/check",
       R"({"number":"X1","issuing_state":"FRA","x":1e400})",
       "fra.officer",
       400,
       "invalid_input",
       {"x"}},
      {"batch_number_overflow",
       "POST",
       "/documents/check/batch",
       R"({"travellers":[{"number":"X1","n":-1e400}]})",
       "fra.officer",
       400,
       "invalid_input",
       {"travellers[0].n"}},

      // --- field validation (400 naming each field) ------------------------------
      {"unknown_field",
       "POST",
       "/documents",
       fra_doc(R"(, "colour": "red")"),
       "fra.officer",
       400,
       "invalid_input",
       {"colour"}},
      {"two_unknown_fields",
       "POST",
       "/documents",
       fra_doc(R"(, "colour": "red", "holder": "X")"),
       "fra.officer",
       400,
       "invalid_input",
       {"colour", "holder"}},
      {"unknown_restriction_field",
       "POST",
       "/documents",
       fra_doc(R"(, "restriction": {"scope": "all", "level": 2})"),
       "fra.officer",
       400,
       "invalid_input",
       {"restriction.level"}},
      {"missing_all_required",
       "POST",
       "/documents",
       "{}",
       "fra.officer",
       400,
       "invalid_input",
       {"number", "issuing_state", "type", "status"}},
      {"missing_some_required",
       "POST",
       "/documents",
       R"({"number": "{{NUMBER}}"})",
       "fra.officer",
       400,
       "invalid_input",
       {"issuing_state", "type", "status"}},
      {"null_required",
       "POST",
       "/documents",
       R"({"number": null, "issuing_state": "FRA", "type": "passport", "status": null})",
       "fra.officer",
       400,
       "invalid_input",
       {"number", "status"}},
      {"wrong_types",
       "POST",
       "/documents",
       R"({"number": 5, "issuing_state": ["FRA"], "type": true, "status": {"s": 1}})",
       "fra.officer",
       400,
       "invalid_input",
       {"number", "issuing_state", "type", "status"}},
      {"bad_status",
       "POST",
       "/documents",
       R"({"number": "{{NUMBER}}", "issuing_state": "FRA", "type": "passport",
       "status": "misplaced"})",
       "fra.officer",
       400,
       "invalid_input",
       {"status"}},
      {"bad_type",
       "POST",
       "/documents",
       R"({"number": "{{NUMBER}}", "issuing_state": "FRA", "type": "scroll",
       "status": "lost"})",
       "fra.officer",
       400,
       "invalid_input",
       {"type"}},
      {"bad_country",
       "POST",
       "/documents",
       R"({"number": "{{NUMBER}}", "issuing_state": "XXX", "type": "passport",
       "status": "lost"})",
       "fra.officer",
       400,
       "invalid_input",
       {"issuing_state"}},
      {"other_issuing_state",
       "POST",
       "/documents",
       R"({"number": "{{NUMBER}}", "issuing_state": "DEU",
       "type": "passport", "status": "lost"})",
       "fra.officer",
       400,
       "invalid_input",
       {"issuing_state"}},
      {"owner_not_caller",
       "POST",
       "/documents",
       fra_doc(R"(, "owner": "DEU")"),
       "fra.officer",
       400,
       "invalid_input",
       {"owner"}},
      {"number_symbols", "POST", "/documents", fra_doc("", "AB#12"), "fra.officer", 400, "invalid_input", {"number"}},
      {"number_too_long",
       "POST",
       "/documents",
       fra_doc("", std::string(21, '7')),
       "fra.officer",
       400,
       "invalid_input",
       {"number"}},
      {"bad_date",
       "POST",
       "/documents",
       fra_doc(R"(, "stolen_on": "2025-13-40")"),
       "fra.officer",
       400,
       "invalid_input",
       {"stolen_on"}},
      {"future_date",
       "POST",
       "/documents",
       fra_doc(R"(, "stolen_on": "2999-01-01")"),
       "fra.officer",
       400,
       "invalid_input",
       {"stolen_on"}},
      {"expiry_before_issue",
       "POST",
       "/documents",
       fra_doc(R"(, "issued_on": "2020-01-01", "expires_on": "2019-01-01")"),
       "fra.officer",
       400,
       "invalid_input",
       {"expires_on"}},
      {"series_end_not_blank",
       "POST",
       "/documents",
       fra_doc(R"(, "series_end": "ZZ999")"),
       "fra.officer",
       400,
       "invalid_input",
       {"series_end"}},
      {"remarks_too_long",
       "POST",
       "/documents",
       fra_doc(R"(, "remarks": ")" + std::string(2001, 'r') + "\""),
       "fra.officer",
       400,
       "invalid_input",
       {"remarks"}},
      {"restriction_not_object",
       "POST",
       "/documents",
       fra_doc(R"(, "restriction": "all")"),
       "fra.officer",
       400,
       "invalid_input",
       {"restriction"}},
      {"restriction_bad_scope",
       "POST",
       "/documents",
       fra_doc(R"(, "restriction": {"scope": "friends"})"),
       "fra.officer",
       400,
       "invalid_input",
       {"restriction.scope"}},
      {"restriction_members_empty",
       "POST",
       "/documents",
       fra_doc(R"(, "restriction": {"scope": "members", "members": []})"),
       "fra.officer",
       400,
       "invalid_input",
       {"restriction.members"}},
      {"restriction_unknown_member",
       "POST",
       "/documents",
       fra_doc(R"(, "restriction": {"scope": "members", "members": ["ESP"]})"),
       "fra.officer",
       400,
       "invalid_input",
       {"restriction.members[0]"}},
      {"restriction_members_with_all",
       "POST",
       "/documents",
       fra_doc(R"(, "restriction": {"scope": "all", "members": ["DEU"]})"),
       "fra.officer",
       400,
       "invalid_input",
       {"restriction.members"}},
      {"login_unknown_field",
       "POST",
       "/auth/login",
       R"({"username": "fra.officer", "password": "correct-horse-battery-staple", "otp": "1"})",
       "",
       400,
       "invalid_input",
       {"otp"}},
      {"login_missing_password",
       "POST",
       "/auth/login",
       R"({"username": "fra.officer"})",
       "",
       400,
       "invalid_input",
       {"password"}},
      {"member_bad_kind",
       "POST",
       "/members",
       R"({"code": "ESP", "name": "Spain", "kind": "embassy"})",
       "admin",
       400,
       "invalid_input",
       {"kind"}},
      {"member_bad_code",
       "POST",
       "/members",
       R"({"code": "SPAIN", "name": "Spain"})",
       "admin",
       400,
       "invalid_input",
       {"code"}},
      {"member_missing_name", "POST", "/members", R"({"code": "ESP"})", "admin", 400, "invalid_input", {"name"}},
      {"user_bad_role",
       "POST",
       "/users",
       R"({"username": "new.user", "member": "FRA", "role": "king", "password": "correct-horse-battery-staple"})",
       "admin",
       400,
       "invalid_input",
       {"role"}},
      {"user_short_password",
       "POST",
       "/users",
       R"({"username": "new.user", "member": "FRA", "role": "officer", "password": "short"})",
       "admin",
       400,
       "invalid_input",
       {"password"}},
      {"user_partner_role_in_ncb",
       "POST",
       "/users",
       R"({"username": "new.user", "member": "FRA", "role": "partner", "password": "correct-horse-battery-staple"})",
       "admin",
       400,
       "invalid_input",
       {"role"}},
      {"user_unknown_member",
       "POST",
       "/users",
       R"({"username": "new.user", "member": "ESP", "role": "officer", "password": "correct-horse-battery-staple"})",
       "admin",
       400,
       "invalid_input",
       {"member"}},

      // --- query and path parameters ---------------------------------------------
      {"unknown_query", "GET", "/documents?colour=red", "", "fra.officer", 400, "invalid_input", {"colour"}},
      {"unknown_query_beside_known",
       "GET",
       "/documents?number=X1&numbr=X1",
       "",
       "fra.officer",
       400,
       "invalid_input",
       {"numbr"}},
      {"limit_zero", "GET", "/documents?limit=0", "", "fra.officer", 400, "invalid_input", {"limit"}},
      {"limit_too_big", "GET", "/documents?limit=1001", "", "fra.officer", 400, "invalid_input", {"limit"}},
      {"limit_not_number", "GET", "/documents?limit=ten", "", "fra.officer", 400, "invalid_input", {"limit"}},
      {"after_negative", "GET", "/documents?after=-1", "", "fra.officer", 400, "invalid_input", {"after"}},
      {"status_query_bad", "GET", "/documents?status=misplaced", "", "fra.officer", 400, "invalid_input", {"status"}},
      {"id_not_number", "GET", "/documents/abc", "", "fra.officer", 400, "invalid_input", {"id"}},
      {"id_zero", "GET", "/documents/0", "", "fra.officer", 400, "invalid_input", {"id"}},
      {"id_negative", "DELETE", "/documents/-5", "", "fra.officer", 400, "invalid_input", {"id"}},
      {"id_overflow", "GET", "/documents/99999999999999999999999", "", "fra.officer", 400, "invalid_input", {"id"}},
      {"audit_unknown_query", "GET", "/audit?colour=red", "", "admin", 400, "invalid_input", {"colour"}},
      {"audit_limit_too_big", "GET", "/audit?limit=1001", "", "admin", 400, "invalid_input", {"limit"}},
      {"audit_after_negative", "GET", "/audit?after=-3", "", "admin", 400, "invalid_input", {"after"}},

      // --- patches -------------------------------------------------------------------
      {"patch_number",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"number": "OTHER123"})",
       "fra.officer",
       400,
       "invalid_input",
       {"number"}},
      {"patch_issuing_state",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"issuing_state": "DEU"})",
       "fra.officer",
       400,
       "invalid_input",
       {"issuing_state"}},
      {"patch_owner",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"owner": "DEU"})",
       "fra.officer",
       400,
       "invalid_input",
       {"owner"}},
      {"patch_type",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"type": "visa"})",
       "fra.officer",
       400,
       "invalid_input",
       {"type"}},
      {"patch_unknown_field",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"colour": "red"})",
       "fra.officer",
       400,
       "invalid_input",
       {"colour"}},
      {"patch_bad_status",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"status": "misplaced"})",
       "fra.officer",
       400,
       "invalid_input",
       {"status"}},
      {"patch_array",
       "PATCH",
       "/documents/{{DOC}}",
       R"([{"status": "lost"}])",
       "fra.officer",
       400,
       "invalid_input",
       {""}},
      {"patch_malformed", "PATCH", "/documents/{{DOC}}", R"({"status": )", "fra.officer", 400, "invalid_input", {""}},
      {"patch_bad_restriction",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"restriction": {"scope": "members"}})",
       "fra.officer",
       400,
       "invalid_input",
       {"restriction.members"}},

      // --- media type (415) --------------------------------------------------------
      {"text_plain", "POST", "/documents", fra_doc(), "fra.officer", 415, "unsupported", {}, "text/plain"},
      {"form_urlencoded",
       "POST",
       "/documents",
       "number=X1&issuing_state=FRA",
       "fra.officer",
       415,
       "unsupported",
       {},
       "application/x-www-form-urlencoded"},
      {"json_lookalike", "POST", "/documents", fra_doc(), "fra.officer", 415, "unsupported", {}, "text/json"},
      {"json_prefixed_type",
       "POST",
       "/documents",
       fra_doc(),
       "fra.officer",
       415,
       "unsupported",
       {},
       "application/json-seq"},
      {"patch_text_plain",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"status": "lost"})",
       "fra.officer",
       415,
       "unsupported",
       {},
       "text/plain"},
      {"login_text_plain",
       "POST",
       "/auth/login",
       R"({"username": "fra.officer", "password": "correct-horse-battery-staple"})",
       "",
       415,
       "unsupported",
       {},
       "text/plain"},

      // --- authentication before anything else (401) --------------------------------
      {"no_token_post", "POST", "/documents", fra_doc(), "", 401, "unauthenticated", {}},
      {"no_token_malformed", "POST", "/documents", "{oops", "", 401, "unauthenticated", {}},
      {"garbage_token_post", "POST", "/documents", fra_doc(), "garbage", 401, "unauthenticated", {}},
      {"no_token_patch", "PATCH", "/documents/{{DOC}}", R"({"status": "lost"})", "", 401, "unauthenticated", {}},
      {"no_token_delete", "DELETE", "/documents/{{DOC}}", "", "", 401, "unauthenticated", {}},
      {"no_token_members", "POST", "/members", R"({"code": "ESP", "name": "Spain"})", "", 401, "unauthenticated", {}},
      {"no_token_audit", "GET", "/audit", "", "", 401, "unauthenticated", {}},

      // --- roles (403) -----------------------------------------------------------------
      {"officer_adds_member",
       "POST",
       "/members",
       R"({"code": "ESP", "name": "Spain"})",
       "fra.officer",
       403,
       "forbidden",
       {}},
      {"officer_adds_user",
       "POST",
       "/users",
       R"({"username": "new.user", "member": "FRA", "role": "officer", "password": "correct-horse-battery-staple"})",
       "fra.officer",
       403,
       "forbidden",
       {}},
      {"officer_reads_audit", "GET", "/audit", "", "fra.officer", 403, "forbidden", {}},
      {"officer_verifies_audit", "GET", "/audit/verify", "", "fra.officer", 403, "forbidden", {}},
      {"ipsg_officer_adds_member",
       "POST",
       "/members",
       R"({"code": "ESP", "name": "Spain"})",
       "ipsg.officer",
       403,
       "forbidden",
       {}},
      {"ncb_admin_adds_member",
       "POST",
       "/members",
       R"({"code": "ESP", "name": "Spain"})",
       "fra.admin",
       403,
       "forbidden",
       {}},
      {"ncb_admin_adds_user_elsewhere",
       "POST",
       "/users",
       R"({"username": "new.user", "member": "DEU", "role": "officer", "password": "correct-horse-battery-staple"})",
       "fra.admin",
       403,
       "forbidden",
       {}},
      {"ncb_admin_reads_other_audit", "GET", "/audit?member=DEU", "", "fra.admin", 403, "forbidden", {}},
      {"ncb_admin_verifies_audit", "GET", "/audit/verify", "", "fra.admin", 403, "forbidden", {}},
      {"partner_lists_documents", "GET", "/documents", "", "partner.user", 403, "forbidden", {}},
      {"partner_searches_documents", "GET", "/documents?number={{DUP}}", "", "partner.user", 403, "forbidden", {}},
      {"partner_reads_document", "GET", "/documents/{{DOC}}", "", "partner.user", 403, "forbidden", {}},
      {"reviewer_registers_document", "POST", "/documents", fra_doc(), "fra.reviewer", 403, "forbidden", {}},
      {"partner_registers_document", "POST", "/documents", fra_doc(), "partner.user", 403, "forbidden", {}},
      {"reviewer_deletes_document", "DELETE", "/documents/{{DOC}}", "", "fra.reviewer", 403, "forbidden", {}},
      {"reviewer_patches_document",
       "PATCH",
       "/documents/{{DOC}}",
       R"({"status": "lost"})",
       "fra.reviewer",
       403,
       "forbidden",
       {}},

      // --- conflicts (409) and absent records (404) -------------------------------------
      {"duplicate_document", "POST", "/documents", fra_doc("", "{{DUP}}"), "fra.officer", 409, "conflict", {}},
      {"duplicate_document_spelled_differently",
       "POST",
       "/documents",
       fra_doc("", "{{DUP_SPACED}}"),
       "fra.officer",
       409,
       "conflict",
       {}},
      {"duplicate_member",
       "POST",
       "/members",
       R"({"code": "FRA", "name": "France again"})",
       "admin",
       409,
       "conflict",
       {}},
      {"duplicate_user",
       "POST",
       "/users",
       R"({"username": "fra.officer", "member": "FRA", "role": "officer", "password": "correct-horse-battery-staple"})",
       "admin",
       409,
       "conflict",
       {}},
      {"absent_read", "GET", "/documents/987654321", "", "fra.officer", 404, "not_found", {}},
      {"absent_patch", "PATCH", "/documents/987654321", R"({"status": "lost"})", "fra.officer", 404, "not_found", {}},
      {"absent_delete", "DELETE", "/documents/987654321", "", "fra.officer", 404, "not_found", {}},
  };
  return all;
}

// What a refused request must not change.
struct Snapshot {
  std::vector<json> documents;
  std::vector<json> members;
  std::map<std::string, int> writes;  // audit entries of write actions, by action

  bool operator==(const Snapshot&) const = default;
};

const std::set<std::string> kWriteActions = {"document.create", "document.bulk_create", "document.update",
                                             "document.delete", "member.create",        "user.create",
                                             "logout"};

class Refusals : public ApiSuite, public ::testing::WithParamInterface<Case> {
 protected:
  static void SetUpTestSuite() {
    ApiSuite::SetUpTestSuite();
    if (!start_error_.empty()) return;
    existing_number_ = fresh_number("DUP");
    auto r = api().post("/documents", document_body(existing_number_, "FRA"), token("fra.officer"));
    if (r.status != 201) {
      start_error_ = "cannot register the shared document: " + r.describe();
      return;
    }
    existing_id_ = std::to_string(r.body["id"].get<long long>());
  }

  Snapshot snapshot() {
    Snapshot s;
    s.documents = all_documents(api(), token("admin"));
    auto members = api().get("/members", token("admin"));
    EXPECT_EQ(members.status, 200);
    for (const auto& m : members.body["members"]) s.members.push_back(m);
    for (const auto& e : all_audit(api(), token("admin"))) {
      auto action = e["action"].get<std::string>();
      if (kWriteActions.count(action)) ++s.writes[action];
    }
    return s;
  }

  static std::string expand(std::string text) {
    auto replace = [&text](const std::string& from, const std::string& to) {
      for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
        text.replace(pos, from.size(), to);
      }
    };
    std::string spaced = existing_number_.substr(0, 3) + " " + existing_number_.substr(3);
    for (auto& c : spaced) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    replace("{{DUP_SPACED}}", spaced);
    replace("{{DUP}}", existing_number_);
    replace("{{DOC}}", existing_id_);
    replace("{{NUMBER}}", fresh_number("V"));
    return text;
  }

  static std::string existing_number_;
  static std::string existing_id_;
};

std::string Refusals::existing_number_;
std::string Refusals::existing_id_;

TEST_P(Refusals, IsRefusedAndChangesNothing) {
  const Case& c = GetParam();
  // Tokens first: logging in is itself audited, but not as a write.
  std::string bearer = c.user.empty() ? "" : c.user == "garbage" ? "art_garbage" : token(c.user);
  Snapshot before = snapshot();

  Request req{c.method, expand(c.path), std::nullopt, std::nullopt, c.content_type, bearer, {}};
  if (c.method != "GET" && c.method != "DELETE") req.raw_body = expand(c.body);
  auto r = api().send(req);

  ASSERT_TRUE(r.connected) << r.describe();
  EXPECT_EQ(r.status, c.status) << r.describe();
  EXPECT_TRUE(r.is_problem()) << "Content-Type: " << r.content_type();
  EXPECT_EQ(r.problem_type(), "/problems/" + c.type) << r.describe();
  EXPECT_EQ(r.body.is_object() && r.body.contains("status") ? r.body["status"] : json(), json(r.status))
      << "the problem's status differs from the HTTP status";
  EXPECT_TRUE(r.body.contains("title") && r.body["title"].is_string()) << r.describe();
  EXPECT_TRUE(r.body.contains("detail") && r.body["detail"].is_string()) << r.describe();
  if (!c.fields.empty()) {
    auto got = r.error_fields();
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), std::set<std::string>(c.fields.begin(), c.fields.end()))
        << r.describe();
  }

  Snapshot after = snapshot();
  EXPECT_EQ(after.documents.size(), before.documents.size()) << "a refused request changed the documents";
  EXPECT_TRUE(after.documents == before.documents) << "a refused request changed a document";
  EXPECT_EQ(after.members, before.members) << "a refused request changed the members";
  EXPECT_EQ(after.writes, before.writes) << "a refused request left a write in the audit log";
}

INSTANTIATE_TEST_SUITE_P(api, Refusals, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// --- body size -------------------------------------------------------------------

void expect_too_large(const Response& r) {
  ASSERT_TRUE(r.connected) << "the client got no answer to an oversized body: " << r.describe();
  EXPECT_EQ(r.status, 413) << r.describe();
  EXPECT_TRUE(r.is_problem()) << r.content_type();
  EXPECT_EQ(r.problem_type(), "/problems/too_large") << r.describe();
  EXPECT_EQ(r.body.is_object() ? r.body.value("status", json()) : json(), json(413));
}

TEST(apiBodyLimit, DefaultLimitIsTenMiB) {
  World w;
  ASSERT_EQ(w.start(), "");
  auto c = w.client();
  std::string t = c.login("fra.officer");
  auto before = all_documents(c, t);
  json body = document_body(fresh_number(), "FRA");
  body["remarks"] = std::string(10 * 1024 * 1024 + 100, 'r');
  expect_too_large(c.post("/documents", body, t));
  // Just under the limit: read, then refused for its content (remarks over 2000 bytes), not its size.
  body["remarks"] = std::string(9 * 1024 * 1024, 'r');
  auto under = c.post("/documents", body, t);
  EXPECT_EQ(under.status, 400) << under.describe();
  EXPECT_EQ(all_documents(c, t).size(), before.size());
}

TEST(apiBodyLimit, FlagLowersTheLimit) {
  World w(ServerOptions{{"--body-limit-mib", "1"}, "", ""});
  ASSERT_EQ(w.start(), "");
  auto c = w.client();
  std::string t = c.login("fra.officer");
  std::string admin = c.login("admin");
  auto before = all_documents(c, admin);
  auto creates = all_audit(c, admin, "action=document.create").size();
  auto bulk_creates = all_audit(c, admin, "action=document.bulk_create").size();

  json body = document_body(fresh_number(), "FRA");
  body["remarks"] = std::string(2 * 1024 * 1024, 'r');
  expect_too_large(c.post("/documents", body, t));
  // Unauthenticated oversized bodies are refused the same way.
  expect_too_large(c.post("/auth/login", {{"username", std::string(2 * 1024 * 1024, 'u')}, {"password", "x"}}));

  EXPECT_EQ(all_documents(c, admin).size(), before.size());
  EXPECT_EQ(all_audit(c, admin, "action=document.create").size(), creates);
  EXPECT_EQ(all_audit(c, admin, "action=document.bulk_create").size(), bulk_creates);
  // The server still serves normal requests afterwards.
  auto ok = c.post("/documents", document_body(fresh_number(), "FRA"), t);
  EXPECT_EQ(ok.status, 201) << ok.describe();
}

}  // namespace
}  // namespace ariadne::apitest

namespace ariadne::apitest {
namespace {

// A body sent with Transfer-Encoding: chunked has no Content-Length for the
// limit to check up front; the limit must hold all the same.
TEST(apiBodyLimit, ChunkedBodyOverTheLimitIsRefused) {
  World w(ServerOptions{{"--body-limit-mib", "1"}, "", ""});
  ASSERT_EQ(w.start(), "");
  std::string json_body = R"({"username": ")" + std::string(3 * 1024 * 1024, 'u') + R"(", "password": "x"})";
  std::string request =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  constexpr std::size_t kChunk = 64 * 1024;
  for (std::size_t at = 0; at < json_body.size(); at += kChunk) {
    std::string piece = json_body.substr(at, kChunk);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    request += size + piece + "\r\n";
  }
  request += "0\r\n\r\n";
  std::string response = raw_http(w.server().port(), request);
  // Chunked bodies are refused before any of them is read: the limit cannot
  // be enforced on them, so no chunked body is accepted at all (411).
  EXPECT_EQ(raw_status(response), 411) << "a 3 MiB chunked body was read past a 1 MiB limit: "
                                       << response.substr(0, std::min<std::size_t>(response.size(), 400));
  auto problem = json::parse(raw_body(response), nullptr, false);
  EXPECT_EQ(problem.value("type", ""), "/problems/length_required");
  // A small chunked body is refused the same way.
  std::string small =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{\"a\":\r\n0\r\n\r\n";
  EXPECT_EQ(raw_status(raw_http(w.server().port(), small)), 411);
  // Still serving.
  EXPECT_EQ(w.client().get("/health").status, 200);
}

TEST(apiBodyLimit, UnreadableRequestGetsAProblem) {
  World w;
  ASSERT_EQ(w.start(), "");
  std::string response = raw_http(w.server().port(), "GARBAGE\r\n\r\n");
  EXPECT_EQ(raw_status(response), 400) << response;
  auto problem = json::parse(raw_body(response), nullptr, false);
  EXPECT_EQ(problem.value("type", ""), "/problems/invalid_input") << response;
  EXPECT_EQ(w.client().get("/health").status, 200);
}

}  // namespace
}  // namespace ariadne::apitest
