// Schemas of the OpenAPI document's components. Routes refer to them by
// name; a test checks every reference resolves.
#include "server/router.hpp"
#include "server/schema.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

using schema::nullable_str;
using schema::str;
constexpr auto* object = &schema::closed_object;

json date() {
  return {{"type", "string"}, {"format", "date"}};
}
json nullable_date() {
  return {{"type", json::array({"string", "null"})}, {"format", "date"}};
}
json country() {
  return {{"type", "string"}, {"pattern", "^[A-Z]{3}$"}};
}
json list_of(const char* key, const char* schema) {
  return object({{key, {{"type", "array"}, {"items", schema_ref(schema)}}}}, json::array({key}));
}

}  // namespace

json components() {
  json s;
  s["Problem"] = {{"type", "object"},
                  {"properties",
                   {{"type", str()},
                    {"title", str()},
                    {"status", {{"type", "integer"}}},
                    {"detail", str()},
                    {"errors",
                     {{"type", "array"},
                      {"items", object({{"field", str()}, {"reason", str()}}, json::array({"field", "reason"}))}}}}},
                  {"required", json::array({"type", "title", "status", "detail"})}};
  s["Health"] = object({{"status", str()},
                        {"version", str()},
                        {"database", str()},
                        {"people", {{"type", "string"}, {"enum", {"ready", "resolving"}}}}},
                       json::array({"status"}));
  s["Restriction"] = object({{"scope", {{"type", "string"}, {"enum", {"all", "members", "owner"}}}},
                             {"members", {{"type", "array"}, {"items", str()}}}},
                            json::array({"scope"}));
  s["Member"] = object({{"code", str()},
                        {"name", str()},
                        {"kind", {{"type", "string"}, {"enum", {"ncb", "secretariat", "partner"}}}},
                        {"created_at", str()}},
                       json::array({"code", "name", "kind"}));
  s["MemberInput"] = object({{"code", str("ISO 3166-1 alpha-3, IPSG, or a partner code")},
                             {"name", str()},
                             {"kind", {{"type", "string"}, {"enum", {"ncb", "secretariat", "partner"}}}}},
                            json::array({"code", "name"}));
  s["MemberList"] = list_of("members", "Member");
  json roles = {{"type", "string"}, {"enum", {"officer", "analyst", "reviewer", "coordinator", "admin", "partner"}}};
  s["User"] = object({{"id", {{"type", "integer"}}},
                      {"username", str()},
                      {"member", str()},
                      {"role", roles},
                      {"created_at", str()},
                      {"disabled", {{"type", "boolean"}}}},
                     json::array({"id", "username", "member", "role"}));
  s["UserInput"] = object({{"username", str()}, {"member", str()}, {"role", roles}, {"password", str()}},
                          json::array({"username", "member", "role", "password"}));
  s["LoginRequest"] = object({{"username", str()}, {"password", str()}}, json::array({"username", "password"}));
  s["LoginResult"] = object({{"token", str("bearer token, shown once")},
                             {"expires_at", str()},
                             {"user", schema_ref("User")},
                             {"member", schema_ref("Member")}},
                            json::array({"token", "expires_at", "user", "member"}));
  s["Me"] = object({{"user", schema_ref("User")}, {"member", schema_ref("Member")}}, json::array({"user", "member"}));
  json types = {
      {"type", "string"},
      {"description", "passport, identity_card, visa, residence_permit, other, or an ICAO code (P, I, V, …)"}};
  json statuses = {{"type", "string"}, {"enum", {"stolen", "lost", "revoked", "invalidated", "stolen_blank"}}};
  json doc_fields = {{"number", str("letters and digits; spaces, hyphens and fillers are ignored")},
                     {"issuing_state", country()},
                     {"type", types},
                     {"status", statuses},
                     {"reporting_country", country()},
                     {"issued_on", date()},
                     {"expires_on", date()},
                     {"stolen_on", date()},
                     {"reported_on", date()},
                     {"national_reference", str()},
                     {"series_end", str("last number of a stolen-blank range")},
                     {"remarks", str("free text; never the holder's identity")},
                     {"review_on", date()},
                     {"owner", str()},
                     {"restriction", schema_ref("Restriction")}};
  s["DocumentInput"] = object(doc_fields, json::array({"number", "issuing_state", "type", "status"}));
  s["DocumentPatch"] = object(doc_fields, json::array());
  json out_fields = doc_fields;
  out_fields["id"] = {{"type", "integer"}};
  out_fields["created_at"] = str();
  out_fields["updated_at"] = str();
  for (const char* k : {"reporting_country", "national_reference", "series_end", "remarks"})
    out_fields[k] = nullable_str();
  for (const char* k : {"issued_on", "expires_on", "stolen_on", "reported_on"}) out_fields[k] = nullable_date();
  s["Document"] =
      object(out_fields,
             json::array({"id", "number", "issuing_state", "type", "status", "owner", "restriction", "review_on"}));
  s["DocumentList"] = object({{"documents", {{"type", "array"}, {"items", schema_ref("Document")}}},
                              {"next_after", {{"type", json::array({"integer", "null"})}}}},
                             json::array({"documents"}));
  s["DocumentBulkInput"] =
      str("JSON Lines (application/x-ndjson or application/jsonl): one DocumentInput object per line. CSV (text/csv, "
          "RFC 4180): a header row naming the columns number, issuing_state, type, status, reporting_country, "
          "issued_on, expires_on, stolen_on, reported_on, national_reference, series_end, remarks, review_on, owner, "
          "restriction_scope and restriction_members (member codes separated by ';' or '|'), then one document per "
          "row; empty cells are absent fields. Blank lines are skipped; a record may be at most 64 KiB.");
  json integer = {{"type", "integer"}};
  s["DocumentBulkReport"] = object(
      {{"accepted", integer},
       {"rejected", {{"type", "integer"}, {"description", "bad records and good ones rolled back with their batch"}}},
       {"batches",
        {{"type", "array"},
         {"items", object({{"first_line", integer},
                           {"last_line", integer},
                           {"records", integer},
                           {"committed", {{"type", "boolean"}}}},
                          json::array({"first_line", "last_line", "records", "committed"}))}}},
       {"errors",
        {{"type", "array"},
         {"items",
          object({{"line", integer}, {"field", str("empty when the whole line is at fault")}, {"reason", str()}},
                 json::array({"line", "field", "reason"}))}}},
       {"errors_omitted", {{"type", "integer"}, {"description", "errors beyond the first 1000"}}}},
      json::array({"accepted", "rejected", "batches", "errors"}));
  // Document checks and hits (routes_checks.cpp).
  json traveller = {
      {"number", str("document number; or give mrz")},
      {"issuing_state", country()},
      {"type", types},
      {"mrz", str("the MRZ lines separated by \\n")},
      {"near", {{"type", "boolean"}, {"description", "also flag numbers one OCR confusion away"}}},
      {"location", str("where the check happens (border post, airport)")},
      {"ref", str("the caller's own reference, echoed")},
      {"checked_at", str("an offline check uploaded later: when it was made (UTC, within the last 30 days)")},
      {"name", str("the traveller's name, screened against notices and diffusions")},
      {"surname", str("screened with given_names when name is absent")},
      {"given_names", str()},
      {"birth_date", str("YYYY, YYYY-MM or YYYY-MM-DD; refines the screening")},
      {"nationality", str("ISO 3166-1 alpha-3; refines the screening")},
      {"sex", str("M, F or X; refines the screening")}};
  s["CheckRequest"] = object(traveller, json::array());
  json match = {{"type", "object"},
                {"properties",
                 {{"document_id", {{"type", "integer"}}},
                  {"match", {{"type", "string"}, {"enum", {"exact", "range", "near", "notice_document"}}}},
                  {"confidence", {{"type", "number"}}},
                  {"notice_id", {{"type", "integer"}, {"description", "notice_document: the published notice"}}},
                  {"notice_type", str("notice_document: the notice's colour")},
                  {"victim", {{"type", "boolean"}, {"description", "notice_document: the subject is a victim"}}},
                  {"names",
                   {{"type", "array"},
                    {"description", "notice_document: the subject's names, when the caller may see them"},
                    {"items", {{"type", "object"}}}}},
                  {"reason", str()},
                  {"status", str()},
                  {"issuing_state", str()},
                  {"type", str()},
                  {"owner", str()},
                  {"number", str("near matches: the number that matched")},
                  {"hit_id", {{"type", "integer"}}},
                  {"restricted", {{"type", "boolean"}}}}},
                {"required", json::array({"match", "confidence", "reason", "restricted"})}};
  s["CheckResult"] = {
      {"type", "object"},
      {"description",
       "{hit, matches, mrz?, ref?, screening?}; for a carrier {go, mrz?, ref?}; in a batch, index and maybe error"},
      {"properties",
       {{"hit", {{"type", "boolean"}}},
        {"go", {{"type", "boolean"}}},
        {"matches", {{"type", "array"}, {"items", match}}},
        {"mrz", {{"type", "object"}}},
        {"ref", str()},
        {"screening",
         {{"allOf", json::array({schema_ref("ScreenResult")})},
          {"description", "the travellers' names screened as POST /screen does; not for carriers"}}},
        {"index", {{"type", "integer"}}},
        {"error", {{"type", "object"}}}}}};
  s["CheckBatchRequest"] =
      object({{"travellers", {{"type", "array"}, {"maxItems", 100000}, {"items", {{"type", "object"}}}}},
              {"location", str()},
              {"near", {{"type", "boolean"}}}},
             json::array({"travellers"}));
  s["CheckBatchResult"] = list_of("results", "CheckResult");
  s["Hit"] = {{"type", "object"},
              {"properties",
               {{"id", {{"type", "integer"}}},
                {"checked_at", str()},
                {"user", str()},
                {"member", str()},
                {"location", nullable_str()},
                {"presented", {{"type", "object"}}},
                {"document_id", {{"type", json::array({"integer", "null"})}}},
                {"notice_id", {{"type", json::array({"integer", "null"})}}},
                {"owner", nullable_str()},
                {"match", str()},
                {"restricted", {{"type", "boolean"}}},
                {"status", {{"type", "string"}, {"enum", {"pending", "confirmed", "rejected"}}}},
                {"note", nullable_str()},
                {"decided_by", nullable_str()},
                {"decided_at", nullable_str()},
                {"action",
                 {{"type", json::array({"string", "null"})},
                  {"enum", {"arrest", "victim_referred", "document_seized", "entry_refused", "none", nullptr}}}},
                {"action_note", nullable_str()},
                {"action_at", nullable_str()}}},
              {"required", json::array({"id", "checked_at", "member", "match", "status"})}};
  s["HitList"] = list_of("hits", "Hit");
  s["HitEvent"] = object({{"at", str()},
                          {"event", {{"type", "string"}, {"enum", {"checked", "confirmed", "rejected", "action"}}}},
                          {"member", nullable_str()},
                          {"user", nullable_str()},
                          {"detail", nullable_str()}},
                         json::array({"at", "event"}));
  s["HitWithHistory"] = {
      {"allOf",
       json::array({schema_ref("Hit"), object({{"history", {{"type", "array"}, {"items", schema_ref("HitEvent")}}}},
                                              json::array({"history"}))})}};
  s["HitActionRequest"] = object(
      {{"action",
        {{"type", "string"}, {"enum", {"arrest", "victim_referred", "document_seized", "entry_refused", "none"}}}},
       {"note", str()}},
      json::array({"action"}));
  s["Notification"] = object(
      {{"id", {{"type", "integer"}}},
       {"kind", str("hit, hit.confirmed, hit.rejected, hit.action, hit.overdue, document.review, notice.expiry")},
       {"object", str("what it is about: hit:12, document:7, notice:3")},
       {"text", str()},
       {"created_at", str()},
       {"read_at", nullable_str()}},
      json::array({"id", "kind", "object", "text", "created_at", "read_at"}));
  s["NotificationList"] = list_of("notifications", "Notification");
  s["HitDecision"] = object({{"outcome", {{"type", "string"}, {"enum", {"confirmed", "rejected"}}}}, {"note", str()}},
                            json::array({"outcome"}));
  s["AuditEntry"] = object({{"seq", {{"type", "integer"}}},
                            {"at", str()},
                            {"user", str()},
                            {"member", str()},
                            {"action", str()},
                            {"object", str()},
                            {"outcome", str()},
                            {"detail", str()},
                            {"prev_hash", str()},
                            {"hash", str()}},
                           json::array({"seq", "at", "user", "member", "action", "object", "outcome", "hash"}));
  s["AuditList"] = list_of("entries", "AuditEntry");
  s["AuditVerdict"] = object({{"intact", {{"type", "boolean"}}},
                              {"entries", {{"type", "integer"}}},
                              {"first_bad_seq", {{"type", json::array({"integer", "null"})}}},
                              {"reason", str()}},
                             json::array({"intact", "entries"}));
  s["MrzRequest"] = object({{"mrz", str("the MRZ lines separated by \\n")}}, json::array({"mrz"}));
  json issue =
      object({{"field", str()}, {"reason", str()}, {"suggestion", nullable_str()}}, json::array({"field", "reason"}));
  json nullable_bool = {{"type", json::array({"boolean", "null"})}};
  s["MrzResult"] = {{"type", "object"},
                    {"properties",
                     {{"valid", {{"type", "boolean"}}},
                      {"format",
                       {{"type", json::array({"string", "null"})},
                        {"enum", json::array({"TD1", "TD2", "TD3", "MRVA", "MRVB", "FRA_ID", nullptr})}}},
                      {"document_code", nullable_str()},
                      {"issuing_state", nullable_str()},
                      {"surname", nullable_str()},
                      {"given_names", nullable_str()},
                      {"document_number", nullable_str()},
                      {"nationality", nullable_str()},
                      {"birth_date", nullable_str()},
                      {"sex", nullable_str()},
                      {"expiry_date", nullable_str()},
                      {"optional_data", nullable_str()},
                      {"optional_data_2", nullable_str()},
                      {"issue_date", nullable_str()},
                      {"checks", object({{"document_number", nullable_bool},
                                         {"birth_date", nullable_bool},
                                         {"expiry_date", nullable_bool},
                                         {"optional_data", nullable_bool},
                                         {"composite", nullable_bool}},
                                        json::array())},
                      {"errors", {{"type", "array"}, {"items", issue}}},
                      {"warnings", {{"type", "array"}, {"items", issue}}},
                      {"raw", {{"type", "array"}, {"items", str()}}},
                      {"suggested_lines", {{"type", json::array({"array", "null"})}, {"items", str()}}}}},
                    {"required", json::array({"valid", "format", "checks", "errors"})}};
  return {{"schemas", s}};
}

}  // namespace ariadne::server
