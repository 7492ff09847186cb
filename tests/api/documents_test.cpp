// Travel-document records over HTTP: register, read, merge-patch, delete,
// list and search, and registration on behalf of an issuing state.
#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

class apiDocuments : public ApiSuite {
 protected:
  // Registers a FRA document as fra.officer; returns its JSON (fails the test otherwise).
  json register_fra(const json& restriction = json{{"scope", "all"}}) {
    auto r = api().post("/documents", document_body(fresh_number(), "FRA", restriction), token("fra.officer"));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body;
  }
  static std::string path_of(const json& doc) { return "/documents/" + std::to_string(doc["id"].get<long long>()); }
};

TEST_F(apiDocuments, RegisterReadPatchDelete) {
  std::string number = fresh_number("CRUD");
  json body = document_body(number, "FRA");
  body["number"] = number.substr(0, 4) + " " + number.substr(4);  // spaces are ignored
  body["issued_on"] = "2020-01-15";
  body["expires_on"] = "2030-01-14";
  body["national_reference"] = "PV-2025-77";
  auto created = api().post("/documents", body, token("fra.officer"));
  ASSERT_EQ(created.status, 201) << created.describe();
  EXPECT_EQ(created.content_type().rfind("application/json", 0), 0u);
  const json& d = created.body;
  ASSERT_TRUE(d["id"].is_number_integer());
  EXPECT_EQ(d["number"], number);
  EXPECT_EQ(d["issuing_state"], "FRA");
  EXPECT_EQ(d["type"], "passport");
  EXPECT_EQ(d["status"], "stolen");
  EXPECT_EQ(d["owner"], "FRA");
  EXPECT_EQ(d["restriction"], json({{"scope", "all"}}));
  EXPECT_EQ(d["issued_on"], "2020-01-15");
  EXPECT_EQ(d["national_reference"], "PV-2025-77");
  EXPECT_TRUE(d["stolen_on"].is_null());
  EXPECT_TRUE(d["review_on"].is_string());
  std::string one = "/documents/" + std::to_string(d["id"].get<long long>());

  auto read = api().get(one, token("fra.officer"));
  ASSERT_EQ(read.status, 200) << read.describe();
  EXPECT_EQ(read.body, d) << "GET returns what POST returned";

  auto patched =
      api().patch(one, {{"status", "lost"}, {"remarks", nullptr}, {"stolen_on", "2025-09-30"}}, token("fra.officer"));
  ASSERT_EQ(patched.status, 200) << patched.describe();
  EXPECT_EQ(patched.body["status"], "lost");
  EXPECT_TRUE(patched.body["remarks"].is_null()) << "null removes a field (merge patch)";
  EXPECT_EQ(patched.body["stolen_on"], "2025-09-30");
  EXPECT_EQ(patched.body["national_reference"], "PV-2025-77") << "fields not in the patch are kept";
  EXPECT_EQ(patched.body["number"], number);
  EXPECT_EQ(patched.body["id"], d["id"]);
  EXPECT_EQ(api().get(one, token("fra.officer")).body, patched.body);

  // Immutable fields: refused, record unchanged. The same value is accepted.
  auto immutable = api().patch(one, {{"number", "ZZ999999"}, {"status", "revoked"}}, token("fra.officer"));
  EXPECT_EQ(immutable.status, 400) << immutable.describe();
  EXPECT_EQ(immutable.error_fields(), std::vector<std::string>{"number"});
  EXPECT_EQ(api().get(one, token("fra.officer")).body["status"], "lost");
  auto same = api().patch(one, {{"number", number}, {"status", "revoked"}}, token("fra.officer"));
  EXPECT_EQ(same.status, 200) << same.describe();
  EXPECT_EQ(same.body["status"], "revoked");

  auto deleted = api().del(one, token("fra.officer"));
  EXPECT_EQ(deleted.status, 204) << deleted.describe();
  EXPECT_TRUE(deleted.raw.empty());
  auto gone = api().get(one, token("fra.officer"));
  EXPECT_EQ(gone.status, 404) << gone.describe();
  EXPECT_EQ(gone.problem_type(), "/problems/not_found");
  EXPECT_EQ(api().del(one, token("fra.officer")).status, 404);
  EXPECT_EQ(api().patch(one, {{"status", "lost"}}, token("fra.officer")).status, 404);
  EXPECT_TRUE(ids_of(api().get("/documents?number=" + number, token("fra.officer"))).empty());

  // Each change is audited once.
  std::string object = "object=document:" + std::to_string(d["id"].get<long long>());
  EXPECT_EQ(all_audit(api(), token("admin"), "action=document.create&" + object).size(), 1u);
  EXPECT_EQ(all_audit(api(), token("admin"), "action=document.update&" + object).size(), 2u);
  EXPECT_EQ(all_audit(api(), token("admin"), "action=document.delete&" + object).size(), 1u);
}

TEST_F(apiDocuments, ABulkRegistrationIsAuditedOncePerBatchAndFoundById) {
  std::string first = fresh_number("BLK");
  std::string body = document_body(first, "FRA").dump() + "\n";
  for (int i = 0; i < 2; ++i) body += document_body(fresh_number("BLK"), "FRA").dump() + "\n";
  auto r = api().send(
      {"POST", "/documents/bulk?batch_size=2", std::nullopt, body, "application/x-ndjson", token("fra.officer"), {}});
  ASSERT_EQ(r.status, 200) << r.describe();
  ASSERT_EQ(r.body["accepted"], 3);
  auto ids = ids_of(api().get("/documents?number=" + first, token("fra.officer")));
  ASSERT_EQ(ids.size(), 1u);
  // The first batch's entry names the document by id, and GET /audit finds it by that id.
  std::string object = "document:" + std::to_string(ids.front());
  auto found = all_audit(api(), token("admin"), "object=" + object);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.front()["action"], "document.bulk_create");
  EXPECT_EQ(found.front()["object"], object + "-" + std::to_string(ids.front() + 1));
  EXPECT_EQ(found.front()["detail"], "2 documents, lines 1-2");
  EXPECT_EQ(found.front()["user"], "fra.officer");
  EXPECT_TRUE(all_audit(api(), token("admin"), "action=document.create&object=" + object).empty());
}

TEST_F(apiDocuments, CharsetParameterIsAccepted) {
  auto r = api().send({"POST",
                       "/documents",
                       document_body(fresh_number(), "FRA"),
                       std::nullopt,
                       "application/json; charset=utf-8",
                       token("fra.officer"),
                       {}});
  EXPECT_EQ(r.status, 201) << r.describe();
}

TEST_F(apiDocuments, IcaoTypeCodesAndUnicodeRemarks) {
  json body = document_body(fresh_number(), "FRA");
  body["type"] = "P";
  body["remarks"] = "déclaré volé à Marseille — 東京";
  auto r = api().post("/documents", body, token("fra.officer"));
  ASSERT_EQ(r.status, 201) << r.describe();
  EXPECT_EQ(r.body["type"], "passport");
  EXPECT_EQ(r.body["remarks"], "déclaré volé à Marseille — 東京");
}

TEST_F(apiDocuments, AnotherIssuingStateIsRefused) {
  auto r = api().post("/documents", document_body(fresh_number(), "DEU"), token("fra.officer"));
  EXPECT_EQ(r.status, 400) << r.describe();
  EXPECT_EQ(r.problem_type(), "/problems/invalid_input");
  EXPECT_EQ(r.error_fields(), std::vector<std::string>{"issuing_state"});
}

TEST_F(apiDocuments, DuplicateIsConflict) {
  std::string number = fresh_number("DUP");
  ASSERT_EQ(api().post("/documents", document_body(number, "FRA"), token("fra.officer")).status, 201);
  auto again = api().post("/documents", document_body(number, "FRA"), token("fra.officer"));
  EXPECT_EQ(again.status, 409) << again.describe();
  EXPECT_EQ(again.problem_type(), "/problems/conflict");
  // Another type with the same number is another document.
  json visa = document_body(number, "FRA");
  visa["type"] = "visa";
  EXPECT_EQ(api().post("/documents", visa, token("fra.officer")).status, 201);
  EXPECT_EQ(ids_of(api().get("/documents?number=" + number, token("fra.officer"))).size(), 2u);
}

TEST_F(apiDocuments, SecretariatRegistersOnBehalfOfTheIssuingState) {
  std::string number = fresh_number("GS");
  auto r = api().post("/documents", document_body(number, "FRA"), token("admin"));
  ASSERT_EQ(r.status, 201) << r.describe();
  EXPECT_EQ(r.body["owner"], "FRA");
  std::string one = "/documents/" + std::to_string(r.body["id"].get<long long>());
  // The issuing state owns it: it may change it, the secretariat may not.
  EXPECT_EQ(api().patch(one, {{"status", "lost"}}, token("fra.officer")).status, 200);
  auto by_gs = api().patch(one, {{"status", "revoked"}}, token("admin"));
  EXPECT_EQ(by_gs.status, 403) << by_gs.describe();
  EXPECT_EQ(api().get(one, token("fra.officer")).body["status"], "lost");
  // Explicitly on its own behalf.
  json own = document_body(fresh_number("GS"), "DEU");
  own["owner"] = "IPSG";
  auto mine = api().post("/documents", own, token("admin"));
  ASSERT_EQ(mine.status, 201) << mine.describe();
  EXPECT_EQ(mine.body["owner"], "IPSG");
  // Neither the issuing state nor itself: refused.
  json other = document_body(fresh_number("GS"), "FRA");
  other["owner"] = "DEU";
  auto refused = api().post("/documents", other, token("admin"));
  EXPECT_EQ(refused.status, 400) << refused.describe();
  EXPECT_EQ(refused.error_fields(), std::vector<std::string>{"owner"});
  // An issuing state that is not a member: refused naming owner.
  auto absent = api().post("/documents", document_body(fresh_number("GS"), "ESP"), token("admin"));
  EXPECT_EQ(absent.status, 400) << absent.describe();
  EXPECT_EQ(absent.error_fields(), std::vector<std::string>{"owner"});
}

TEST_F(apiDocuments, RestrictionCanBeNarrowedByPatch) {
  json d = register_fra();
  std::string one = path_of(d);
  ASSERT_EQ(api().get(one, token("ita.officer")).status, 200);
  auto narrowed =
      api().patch(one, {{"restriction", {{"scope", "members"}, {"members", {"DEU"}}}}}, token("fra.officer"));
  ASSERT_EQ(narrowed.status, 200) << narrowed.describe();
  EXPECT_EQ(narrowed.body["restriction"], json({{"scope", "members"}, {"members", {"DEU"}}}));
  EXPECT_EQ(api().get(one, token("ita.officer")).status, 404);
  EXPECT_EQ(api().get(one, token("deu.officer")).status, 200);
  auto closed = api().patch(one, {{"restriction", {{"scope", "owner"}}}}, token("fra.officer"));
  ASSERT_EQ(closed.status, 200) << closed.describe();
  EXPECT_EQ(api().get(one, token("deu.officer")).status, 404);
  EXPECT_EQ(api().get(one, token("fra.officer")).status, 200);
}

TEST_F(apiDocuments, SearchNormalisesTheNumberAndFilters) {
  std::string number = fresh_number("SRCH");
  json body = document_body(number, "FRA");
  body["status"] = "lost";
  auto r = api().post("/documents", body, token("fra.officer"));
  ASSERT_EQ(r.status, 201) << r.describe();
  long long id = r.body["id"].get<long long>();
  std::string lower = number;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string messy = url_encode(lower.substr(0, 2) + "-" + lower.substr(2, 3) + " " + lower.substr(5));
  EXPECT_EQ(ids_of(api().get("/documents?number=" + messy, token("deu.officer"))), std::vector<long long>{id});
  EXPECT_EQ(ids_of(api().get("/documents?number=" + number + "&status=lost", token("deu.officer"))),
            std::vector<long long>{id});
  EXPECT_TRUE(ids_of(api().get("/documents?number=" + number + "&status=stolen", token("deu.officer"))).empty());
  EXPECT_EQ(ids_of(api().get("/documents?number=" + number + "&issuing_state=FRA&owner=FRA", token("ita.officer"))),
            std::vector<long long>{id});
  EXPECT_TRUE(ids_of(api().get("/documents?number=" + number + "&owner=DEU", token("ita.officer"))).empty());
}

TEST_F(apiDocuments, ListPagesWithNextAfter) {
  for (int i = 0; i < 5; ++i) register_fra();
  auto everything = all_documents(api(), token("fra.officer"));
  ASSERT_GE(everything.size(), 5u);
  std::vector<long long> paged;
  long long after = 0;
  for (int page = 0; page < 100; ++page) {
    auto r = api().get("/documents?limit=2&after=" + std::to_string(after), token("fra.officer"));
    ASSERT_EQ(r.status, 200) << r.describe();
    auto ids = ids_of(r);
    EXPECT_LE(ids.size(), 2u);
    paged.insert(paged.end(), ids.begin(), ids.end());
    if (r.body["next_after"].is_null()) break;
    after = r.body["next_after"].get<long long>();
  }
  std::vector<long long> all_ids;
  for (const auto& d : everything) all_ids.push_back(d["id"].get<long long>());
  EXPECT_EQ(paged, all_ids);
  EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end()));
}

TEST_F(apiDocuments, StolenBlankRange) {
  std::string first = fresh_number("B");
  std::string last = first;
  last.back() = '9';
  json body = document_body(first, "FRA");
  body["status"] = "stolen_blank";
  body["series_end"] = last;
  auto r = api().post("/documents", body, token("fra.officer"));
  ASSERT_EQ(r.status, 201) << r.describe();
  EXPECT_EQ(r.body["series_end"], last);
}

}  // namespace
}  // namespace ariadne::apitest
