#include "sltd/checks.hpp"
#include "check_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "exchange/notifications.hpp"
#include "policy/accounts.hpp"
#include "screen/index.hpp"
#include "sltd/documents.hpp"
#include "sltd/hits.hpp"
#include "store/audit.hpp"
#include "support/store.hpp"
#include "support/temp_dir.hpp"
#include "text/matcher.hpp"

namespace ariadne::sltd {
namespace {

using nlohmann::json;
using policy::MemberKind;
using policy::Role;

class ChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::member_store(dir_, "c.db", {"FRA", "DEU", "ITA"}, {"AIRX"});
    add({{"number", "15AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}, {"status", "stolen"}});
    add({{"number", "SECRET1"},
         {"issuing_state", "FRA"},
         {"type", "passport"},
         {"status", "lost"},
         {"restriction", {{"scope", "owner"}}}});
    index_ = DocumentIndex::build(*db_).value();
  }
  void add(const json& body) {
    auto d = parse_new_document(body, *db_, fra_).value();
    ASSERT_TRUE(create_document(*db_, fra_, std::move(d)).ok());
  }
  json check(const policy::Caller& c, const json& body) {
    auto r = check_json(*db_, *index_, c, body);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r.value() : json();
  }
  std::int64_t count(const char* table) {
    return db_->query(std::string("SELECT COUNT(*) FROM ") + table)->front().integer(0);
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<DocumentIndex> index_;
  policy::Caller fra_{UserId{1}, "alice", "FRA", MemberKind::ncb, Role::officer};
  policy::Caller deu_{UserId{2}, "bernd", "DEU", MemberKind::ncb, Role::officer};
  policy::Caller carrier_{UserId{3}, "air", "AIRX", MemberKind::partner, Role::partner};
};

TEST_F(ChecksTest, AnExactHitNamesTheRecordAndIsStoredAndNotified) {
  auto out = check(deu_, {{"number", "15ab-12345"}, {"issuing_state", "FRA"}, {"type", "P"}, {"location", "FRA-CDG"}});
  EXPECT_TRUE(out["hit"].get<bool>());
  ASSERT_EQ(out["matches"].size(), 1U);
  const auto& m = out["matches"][0];
  EXPECT_EQ(m["match"], "exact");
  EXPECT_EQ(m["status"], "stolen");
  EXPECT_EQ(m["owner"], "FRA");
  EXPECT_FALSE(m["restricted"].get<bool>());
  EXPECT_DOUBLE_EQ(m["confidence"].get<double>(), 1.0);
  EXPECT_EQ(count("hits"), 1);
  auto notes = exchange::list_notifications(*db_, "FRA").value();
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0].kind, "hit");
  EXPECT_NE(notes[0].text.find("FRA-CDG"), std::string::npos);
  auto audit = store::audit_list(*db_, {std::nullopt, std::nullopt, std::string("hit.create"), std::nullopt, 0, 10});
  EXPECT_EQ(audit->size(), 1U);
}

TEST_F(ChecksTest, AMissStoresNothing) {
  auto out = check(deu_, {{"number", "NOPE1"}, {"issuing_state", "FRA"}});
  EXPECT_FALSE(out["hit"].get<bool>());
  EXPECT_TRUE(out["matches"].empty());
  EXPECT_EQ(count("hits"), 0);
}

TEST_F(ChecksTest, ARestrictedHitHidesTheRecordAndTellsTheOwner) {
  auto out = check(deu_, {{"number", "SECRET1"}});  // no state, no type: every state
  EXPECT_TRUE(out["hit"].get<bool>());
  ASSERT_EQ(out["matches"].size(), 1U);
  const auto& m = out["matches"][0];
  EXPECT_TRUE(m["restricted"].get<bool>());
  EXPECT_FALSE(m.contains("document_id"));
  EXPECT_FALSE(m.contains("status"));
  EXPECT_FALSE(m.contains("owner"));
  EXPECT_EQ(exchange::list_notifications(*db_, "FRA").value().size(), 1U);
  auto hits = list_hits(*db_, deu_, {}).value();
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_TRUE(to_json(hits[0], hit_view(*db_, hits[0], deu_).value())["document_id"].is_null());
  EXPECT_FALSE(to_json(hits[0], hit_view(*db_, hits[0], fra_).value())["document_id"].is_null());
}

TEST_F(ChecksTest, ByMrzFindsThePassportAndReportsMrzErrors) {
  const std::string good = "P<FRADUPONT<<JEAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\n15AB123452FRA8001014M3501014<<<<<<<<<<<<<<08";
  auto out = check(deu_, {{"mrz", good}});
  EXPECT_TRUE(out["hit"].get<bool>()) << out.dump();
  EXPECT_TRUE(out["mrz"]["valid"].get<bool>());
  std::string bad = good;
  bad[bad.size() - 1] = '9';  // composite check digit wrong
  out = check(deu_, {{"mrz", bad}});
  EXPECT_TRUE(out["hit"].get<bool>());
  EXPECT_FALSE(out["mrz"]["valid"].get<bool>());
  EXPECT_FALSE(out["mrz"]["errors"].empty());
}

TEST_F(ChecksTest, APassengerListRecordWithNumberAndMrzIsChecked) {
  const std::string mrz = "P<FRADUPONT<<JEAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\n15AB123452FRA8001014M3501014<<<<<<<<<<<<<<08";
  json traveller = {{"id", "T0000001"},
                    {"number", "15AB12345"},
                    {"issuing_state", "FRA"},
                    {"type", "passport"},
                    {"mrz", mrz},
                    {"surname", "Dupont"},
                    {"given_names", "Jean"},
                    {"birth_date", "1980-01-01"},
                    {"nationality", "FRA"},
                    {"sex", "M"},
                    {"flight", "AF1234"},
                    {"departure", "CDG"},
                    {"arrival", "FCO"},
                    {"date", "2026-06-19"}};
  auto out = check(deu_, traveller);
  EXPECT_TRUE(out["hit"].get<bool>()) << out.dump();
  EXPECT_TRUE(out["mrz"]["warnings"].empty()) << out.dump();
  // A typed number that disagrees with a sound MRZ is reported; the MRZ's number is checked.
  traveller["number"] = "99ZZ99999";
  out = check(deu_, traveller);
  EXPECT_TRUE(out["hit"].get<bool>()) << out.dump();
  ASSERT_EQ(out["mrz"]["warnings"].size(), 1U) << out.dump();
  EXPECT_EQ(out["mrz"]["warnings"][0]["field"], "document_number");
}

TEST_F(ChecksTest, NearCandidatesAreLowerConfidenceAndNotHits) {
  auto out = check(deu_, {{"number", "I5AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}, {"near", true}});
  EXPECT_FALSE(out["hit"].get<bool>());
  ASSERT_EQ(out["matches"].size(), 1U);
  EXPECT_EQ(out["matches"][0]["match"], "near");
  EXPECT_LT(out["matches"][0]["confidence"].get<double>(), 1.0);
  EXPECT_EQ(count("hits"), 0);
}

TEST_F(ChecksTest, ACarrierGetsGoOrNoGoOnly) {
  auto out = check(carrier_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}});
  EXPECT_EQ(out, json({{"go", false}}));
  EXPECT_EQ(check(carrier_, {{"number", "CLEAN"}, {"issuing_state", "FRA"}}), json({{"go", true}}));
  EXPECT_EQ(exchange::list_notifications(*db_, "FRA").value().size(), 1U);
  EXPECT_FALSE(list_hits(*db_, carrier_, {}).ok());
}

TEST_F(ChecksTest, BadInputNamesTheField) {
  auto r = check_json(*db_, *index_, deu_, {{"number", "!!"}, {"issuing_state", "XXX"}, {"colour", 1}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.error().fields.size(), 3U);
  EXPECT_FALSE(check_json(*db_, *index_, deu_, json::object()).ok());
  EXPECT_FALSE(check_json(*db_, *index_, deu_, {{"number", "A"}, {"mrz", "P<"}}).ok());
}

TEST_F(ChecksTest, ABatchAnswersEveryTravellerInOrderWithItsOwnErrors) {
  json body = {{"travellers",
                {{{"number", "15AB12345"}, {"issuing_state", "FRA"}, {"ref", "a"}},
                 {{"number", ""}, {"ref", "b"}},
                 {{"number", "CLEAN"}, {"ref", "c"}}}},
               {"location", "gate 4"}};
  auto out = batch_json(*db_, *index_, deu_, body).value();
  ASSERT_EQ(out["results"].size(), 3U);
  EXPECT_TRUE(out["results"][0]["hit"].get<bool>());
  EXPECT_EQ(out["results"][1]["ref"], "b");
  EXPECT_EQ(out["results"][1]["error"]["status"], 400);
  EXPECT_FALSE(out["results"][2]["hit"].get<bool>());
  EXPECT_EQ(out["results"][2]["index"], 2);
  EXPECT_EQ(list_hits(*db_, fra_, {}).value().front().location, "gate 4");
  EXPECT_FALSE(batch_json(*db_, *index_, deu_, {{"travellers", "x"}}).ok());
  json big = {{"travellers", json::array()}};
  for (std::size_t i = 0; i <= kMaxBatchTravellers; ++i) big["travellers"].push_back(json::object());
  auto r = batch_json(*db_, *index_, deu_, big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::too_large);
  // Text that is not UTF-8 is refused, not thrown.
  auto refused = check_batch_text(*db_, *index_, deu_,
                                  "{\"travellers\":[{\"number\":\"AB\xff"
                                  "12\"}]}");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
  EXPECT_NE(refused.error().message.find("UTF-8"), std::string::npos) << refused.error().message;
}

// Passenger lists are read with simdjson, single checks with nlohmann: each
// traveller of a list is answered exactly as the same traveller checked alone.
TEST_F(ChecksTest, ABatchAnswersEachTravellerAsASingleCheckDoes) {
  const std::string clean_mrz =
      "P<FRAMARTIN<<LUC<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n99XX123457FRA8001014M3501014<<<<<<<<<<<<<<08";
  std::string lower_mrz = clean_mrz;
  lower_mrz[5] = 'm';  // a lowercase letter: an error with a suggestion
  const json travellers = json::array(
      {json{{"number", "CLEAN1"}, {"issuing_state", "FRA"}, {"type", "passport"}, {"ref", "a"}},
       json{{"mrz", clean_mrz}, {"id", "T1"}, {"surname", "Martin"}, {"flight", "AF1"}, {"date", "2026-06-01"}},
       json{{"mrz", lower_mrz}, {"number", "OTHER1"}, {"ref", "q\"\\\u00e9\n"}},
       json{{"number", "I5AB12345"}, {"issuing_state", "FRA"}, {"near", true}},
       json{{"number", 5}, {"issuing_state", "FRANCE"}, {"zeta", 1}, {"alpha", nullptr}, {"ref", "b"}},
       json{{"mrz", "P<"}, {"ref", std::string(150, 'r')}},
       json{{"number", "\u00c41"}, {"type", "bogus"}, {"near", "yes"}, {"location", 7}},
       json{{"number", nullptr}, {"mrz", nullptr}, {"id", 3}}, json("not an object"), json(nullptr)});
  auto out = batch_json(*db_, *index_, deu_, {{"travellers", travellers}, {"near", false}});
  ASSERT_TRUE(out.ok()) << out.error().message;
  ASSERT_EQ((*out)["results"].size(), travellers.size());
  for (std::size_t i = 0; i < travellers.size(); ++i) {
    const auto& t = travellers[i];
    auto single = check_json(*db_, *index_, deu_, t);
    json expected = single.ok() ? *single : error_result(single.error());
    if (!single.ok() && t.is_object() && t.contains("ref") && t["ref"].is_string()) expected["ref"] = t["ref"];
    expected["index"] = i;
    EXPECT_EQ((*out)["results"][i], expected) << "traveller " << i << ": " << t.dump();
  }
  EXPECT_EQ(count("hits"), 0);
}

TEST_F(ChecksTest, ATravellersProblemsComeInFieldOrderThenUnknownFieldsByName) {
  json body = {
      {"travellers", {{{"zeta", 1}, {"number", 5}, {"issuing_state", "FRANCE"}, {"near", "yes"}, {"alpha", nullptr}}}}};
  auto out = batch_json(*db_, *index_, deu_, body).value();
  const json& e = out["results"][0]["error"];
  EXPECT_EQ(e["status"], 400);
  const json expected = json::array({json{{"field", "number"}, {"reason", "must be a string"}},
                                     json{{"field", "issuing_state"}, {"reason", "is longer than 3 bytes"}},
                                     json{{"field", "near"}, {"reason", "must be true or false"}},
                                     json{{"field", "number"}, {"reason", "is required (or give mrz)"}},
                                     json{{"field", "alpha"}, {"reason", "is not a known field"}},
                                     json{{"field", "zeta"}, {"reason", "is not a known field"}}});
  EXPECT_EQ(e["errors"], expected);
  const std::string detail =
      "number: must be a string; issuing_state: is longer than 3 bytes; near: must be true or false; number: is "
      "required (or give mrz); alpha: is not a known field; zeta: is not a known field";
  EXPECT_EQ(e["detail"], detail);
}

TEST_F(ChecksTest, ABatchBodyReadsAsAnyJsonReaderWouldReadIt) {
  // A repeated key counts once, with its last value.
  auto dup = check_batch_text(*db_, *index_, deu_,
                              R"({"travellers":[{"number":5,"number":"15AB12345","issuing_state":"FRA"}]})");
  ASSERT_TRUE(dup.ok()) << dup.error().message;
  EXPECT_TRUE(json::parse(*dup)["results"][0]["hit"].get<bool>()) << *dup;
  // An integer beyond 64 bits (which simdjson declines) is still read.
  auto big = check_batch_text(*db_, *index_, deu_,
                              R"({"travellers":[{"number":"CLEAN","x":123456789012345678901234567890}]})");
  ASSERT_TRUE(big.ok()) << big.error().message;
  EXPECT_EQ(json::parse(*big)["results"][0]["error"]["errors"][0]["field"], "x");
  // Malformed or too deep: the messages every route gives.
  auto bad = check_batch_text(*db_, *index_, deu_, R"({"travellers":[)");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.rfind("malformed JSON", 0), 0U) << bad.error().message;
  std::string deep = R"({"travellers":[{"number":"A1","x":)" + std::string(40, '[') + std::string(40, ']') + "}]}";
  auto too_deep = check_batch_text(*db_, *index_, deu_, deep);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.error().message, "JSON nested deeper than 32 levels");
  EXPECT_EQ(check_batch_text(*db_, *index_, deu_, "[]").error().message, "a JSON object is expected");
  // The envelope's problems, in JsonFields' order.
  auto envelope = check_batch_text(*db_, *index_, deu_, R"({"travellers":"x","near":1,"b":1,"a":2})");
  ASSERT_FALSE(envelope.ok());
  EXPECT_EQ(envelope.error().message,
            "near: must be true or false; travellers: must be an array; a: is not a known field; b: is not a known "
            "field");
  EXPECT_EQ(check_batch_text(*db_, *index_, deu_, R"({"location":null})").error().message, "travellers: is required");
  EXPECT_EQ(check_batch_text(*db_, *index_, carrier_, "{").error().code, ErrorCode::invalid_input);
}

TEST_F(ChecksTest, ACarriersBatchIsGoOrNoGoPerPassengerAndStillNotifiesTheOwner) {
  json body = {{"travellers",
                {{{"number", "15AB12345"}, {"issuing_state", "FRA"}, {"type", "passport"}, {"ref", "p1"}},
                 {{"number", "CLEAN"}, {"issuing_state", "FRA"}, {"near", true}}}}};
  auto out = batch_json(*db_, *index_, carrier_, body).value();
  EXPECT_EQ(out, json::parse(R"({"results":[{"go":false,"index":0,"ref":"p1"},{"go":true,"index":1}]})"));
  EXPECT_EQ(exchange::list_notifications(*db_, "FRA").value().size(), 1U);
  EXPECT_EQ(count("hits"), 1);
}

// A screening index holding one red notice's subject, as the server's would.
std::unique_ptr<screen::ScreeningIndex> screening_of(const std::string& name, const std::string& birth_date) {
  auto index = std::make_unique<screen::ScreeningIndex>();
  screen::ScreenRecord r;
  r.id = 7;
  r.kind = "notice";
  r.type = "red";
  r.meta.owner = "FRA";
  r.subject.names.push_back({name, "", "primary", {}, {}});
  r.subject.birth_dates.push_back(birth_date);
  r.names.push_back(text::prepare_name(name));
  index->upsert(std::move(r));
  return index;
}

TEST_F(ChecksTest, TravellersAreScreenedByTypedAndMrzNames) {
  auto screening = screening_of("Jean Dupont", "1980-01-01");
  const std::string mrz = "P<FRADUPONT<<JEAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\n15AB123452FRA8001014M3501014<<<<<<<<<<<<<<08";
  json body = {{"travellers",
                {{{"number", "CLEAN1"}, {"name", "Jean Dupont"}, {"birth_date", "1980"}},
                 {{"mrz", mrz}},
                 {{"number", "CLEAN2"}, {"surname", "Rossi"}, {"given_names", "Maria"}, {"birth_date", "not a date"}},
                 {{"number", "CLEAN3"}},
                 {{"number", "CLEAN4"}, {"name", "Dupont"}, {"given_names", 5}, {"sex", "male"}}}}};
  auto out = batch_json(*db_, *index_, deu_, body, screening.get()).value();
  const json& r = out["results"];
  ASSERT_EQ(r.size(), 5U);
  for (std::size_t i : {0U, 1U}) {
    ASSERT_EQ(r[i]["screening"]["candidates"].size(), 1U) << r[i].dump();
    const json& c = r[i]["screening"]["candidates"][0];
    EXPECT_EQ(c["source"]["id"], 7);
    EXPECT_EQ(c["person_id"], "notice-7/subject");
    EXPECT_TRUE(c["match"].get<bool>()) << c.dump();
  }
  EXPECT_TRUE(r[1]["hit"].get<bool>()) << "the MRZ's document is a stolen passport too";
  EXPECT_TRUE(r[2]["screening"]["candidates"].empty()) << r[2].dump();
  EXPECT_FALSE(r[3].contains("screening")) << "no person fields, nothing to screen";
  EXPECT_TRUE(r[4].contains("screening")) << "unreadable person fields are left out, not an error";
  EXPECT_FALSE(r[4].contains("error")) << r[4].dump();

  // The same traveller checked alone, and by a carrier, and with no screening index.
  auto single = check_json(*db_, *index_, deu_, {{"mrz", mrz}}, screening.get()).value();
  EXPECT_EQ(single["screening"], r[1]["screening"]);
  auto carrier = batch_json(*db_, *index_, carrier_, body, screening.get()).value();
  for (const auto& result : carrier["results"]) EXPECT_FALSE(result.contains("screening")) << result.dump();
  auto unscreened = batch_json(*db_, *index_, deu_, body).value();
  for (const auto& result : unscreened["results"]) EXPECT_FALSE(result.contains("screening")) << result.dump();
}

TEST_F(ChecksTest, APersonFieldLongerThanScreeningTakesIsLeftOut) {
  auto screening = screening_of("Jean Dupont", "1980-01-01");
  std::string huge = "Jean Dupont";
  while (huge.size() <= 500) huge += " Ab";
  json body = {
      {"travellers", {{{"number", "CLEAN1"}, {"name", huge}}, {{"number", "CLEAN2"}, {"name", "Jean Dupont"}}}}};
  auto out = batch_json(*db_, *index_, deu_, body, screening.get()).value();
  const json& r = out["results"];
  ASSERT_EQ(r.size(), 2U);
  EXPECT_FALSE(r[0].contains("screening")) << r[0].dump();
  EXPECT_FALSE(r[0].contains("error")) << r[0].dump();
  EXPECT_EQ(r[1]["screening"]["candidates"].size(), 1U) << r[1].dump();
}

TEST_F(ChecksTest, ATravellersTwoNamesForOnePersonAreOneCandidate) {
  auto screening = screening_of("Pedro Sánchez García", "1983-11-05");
  const TravellerIdentity typed{"Pedro Sánchez García", std::string("1983-11-05"), std::nullopt, std::nullopt};
  const TravellerIdentity holder{"PEDRO SANCHEZ GARCIA", std::string("1983-11-05"), std::string("MEX"),
                                 std::string("M")};
  std::vector<std::int64_t> restricted;  // the notices here are open to all: none
  auto both = screen_traveller(*screening, deu_, {typed, holder}, restricted).value();
  ASSERT_EQ(both["candidates"].size(), 1U) << both.dump();
  auto alone = screen_traveller(*screening, deu_, {typed}, restricted).value();
  EXPECT_EQ(both["candidates"][0]["score"], alone["candidates"][0]["score"]);
  // A different name on the MRZ is screened as well, and its candidates merged.
  auto other = screening_of("Ivan Petrov", "1970");
  auto merged =
      screen_traveller(*other, deu_,
                       {typed, TravellerIdentity{"IVAN PETROV", std::nullopt, std::nullopt, std::nullopt}}, restricted)
          .value();
  ASSERT_EQ(merged["candidates"].size(), 1U) << merged.dump();
  EXPECT_EQ(merged["candidates"][0]["names"][0], "Ivan Petrov");
  EXPECT_TRUE(screen_traveller(screen::ScreeningIndex{}, deu_, {typed}, restricted).value()["candidates"].empty());
  EXPECT_TRUE(restricted.empty());
}

TEST_F(ChecksTest, OnlyTheOwnerConfirmsAHitOnce) {
  (void)check(deu_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}});
  auto id = list_hits(*db_, fra_, {}).value().front().id;
  EXPECT_EQ(decide_hit(*db_, deu_, id, HitStatus::confirmed, std::nullopt).error().code, ErrorCode::forbidden);
  policy::Caller ita{UserId{4}, "ita", "ITA", MemberKind::ncb, Role::officer};
  EXPECT_EQ(decide_hit(*db_, ita, id, HitStatus::confirmed, std::nullopt).error().code, ErrorCode::not_found);
  auto decided = decide_hit(*db_, fra_, id, HitStatus::confirmed, std::string("seized"));
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->status, HitStatus::confirmed);
  EXPECT_EQ(decide_hit(*db_, fra_, id, HitStatus::rejected, std::nullopt).error().code, ErrorCode::conflict);
  EXPECT_EQ(list_hits(*db_, deu_, {HitStatus::confirmed, 0, 100}).value().size(), 1U);
  EXPECT_TRUE(list_hits(*db_, deu_, {HitStatus::pending, 0, 100}).value().empty());
  auto told = exchange::list_notifications(*db_, "DEU").value();
  ASSERT_EQ(told.size(), 1U);
  EXPECT_EQ(told[0].kind, "hit.confirmed");
  EXPECT_TRUE(exchange::mark_read(*db_, "DEU", told[0].id).ok());
  EXPECT_FALSE(exchange::mark_read(*db_, "FRA", told[0].id).ok());
}

TEST_F(ChecksTest, ARestrictedCheckerIsToldTheOutcomeButNotTheNoteNorTheOwner) {
  (void)check(deu_, {{"number", "SECRET1"}});
  auto created =
      store::audit_list(*db_, {std::nullopt, std::string("DEU"), std::string("hit.create"), std::nullopt, 0, 10});
  ASSERT_EQ(created->size(), 1U);
  EXPECT_EQ(created->front().record.detail.find("document:"), std::string::npos)
      << "the checker's audit entry names a record it may not see: " << created->front().record.detail;
  auto id = list_hits(*db_, fra_, {}).value().front().id;
  auto refused = decide_hit(*db_, deu_, id, HitStatus::confirmed, std::nullopt);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_EQ(refused.error().message.find("FRA"), std::string::npos) << refused.error().message;
  ASSERT_TRUE(decide_hit(*db_, fra_, id, HitStatus::confirmed, std::string("seized by Lt Martin")).ok());
  auto told = exchange::list_notifications(*db_, "DEU").value();
  ASSERT_EQ(told.size(), 1U);
  EXPECT_NE(told[0].text.find("confirmed"), std::string::npos) << told[0].text;
  EXPECT_EQ(told[0].text.find("Martin"), std::string::npos) << told[0].text;
  EXPECT_EQ(told[0].text.find("FRA"), std::string::npos) << told[0].text;
  auto hit = list_hits(*db_, deu_, {}).value().front();
  EXPECT_EQ(hit_view(*db_, hit, deu_).value(), HitView::existence);
  auto seen = to_json(hit, HitView::existence);
  EXPECT_EQ(seen["status"], "confirmed");
  EXPECT_TRUE(seen["note"].is_null());
  EXPECT_TRUE(seen["decided_by"].is_null());
  EXPECT_TRUE(seen["owner"].is_null());
  EXPECT_EQ(to_json(hit, hit_view(*db_, hit, fra_).value())["note"], "seized by Lt Martin");
}

TEST_F(ChecksTest, ACarrierIsNotToldTheOutcome) {
  EXPECT_EQ(check(carrier_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}}), json({{"go", false}}));
  auto id = list_hits(*db_, fra_, {}).value().front().id;
  ASSERT_TRUE(decide_hit(*db_, fra_, id, HitStatus::rejected, std::string("a clone; the holder is innocent")).ok());
  EXPECT_TRUE(exchange::list_notifications(*db_, "AIRX").value().empty());
}

TEST_F(ChecksTest, TheOutcomeFollowsWhatTheCheckerMaySeeWhenTheOwnerDecides) {
  (void)check(deu_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}});
  auto id = list_hits(*db_, fra_, {}).value().front().id;
  auto doc = list_documents(*db_, fra_, {std::string("15AB12345")}).value().front();
  ASSERT_TRUE(update_document(*db_, fra_, doc.id, {{"restriction", {{"scope", "owner"}}}}).ok());
  ASSERT_TRUE(decide_hit(*db_, fra_, id, HitStatus::confirmed, std::string("seized by Lt Martin")).ok());
  auto told = exchange::list_notifications(*db_, "DEU").value();
  ASSERT_EQ(told.size(), 1U);
  EXPECT_EQ(told[0].text.find("Martin"), std::string::npos) << told[0].text;
  auto hit = list_hits(*db_, deu_, {}).value().front();
  EXPECT_EQ(hit_view(*db_, hit, deu_).value(), HitView::existence);
}

TEST_F(ChecksTest, TheCheckingMemberRecordsItsActionOnceTheOwnerConfirmed) {
  (void)check(deu_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}});
  auto id = list_hits(*db_, fra_, {}).value().front().id;
  const HitActionInput arrest{HitAction::arrest, std::string("holder arrested at gate 12")};
  EXPECT_EQ(record_action(*db_, deu_, id, arrest).error().code, ErrorCode::conflict) << "not confirmed yet";
  ASSERT_TRUE(decide_hit(*db_, fra_, id, HitStatus::confirmed, std::string("ours, stolen in Lyon")).ok());
  EXPECT_EQ(record_action(*db_, fra_, id, arrest).error().code, ErrorCode::forbidden) << "the owner does not act";
  policy::Caller ita{UserId{4}, "ita", "ITA", MemberKind::ncb, Role::officer};
  EXPECT_EQ(record_action(*db_, ita, id, arrest).error().code, ErrorCode::not_found);
  policy::Caller deu_reviewer{UserId{5}, "rev", "DEU", MemberKind::ncb, Role::reviewer};
  EXPECT_EQ(record_action(*db_, deu_reviewer, id, arrest).error().code, ErrorCode::forbidden);
  auto acted = record_action(*db_, deu_, id, arrest);
  ASSERT_TRUE(acted.ok()) << acted.error().message;
  EXPECT_EQ(acted->action, HitAction::arrest);
  EXPECT_EQ(acted->action_note, "holder arrested at gate 12");
  EXPECT_EQ(record_action(*db_, deu_, id, {HitAction::none, std::nullopt}).error().code, ErrorCode::conflict);
  auto told = exchange::list_notifications(*db_, "FRA").value();
  ASSERT_EQ(told.size(), 2U);
  EXPECT_EQ(told[1].kind, "hit.action");
  EXPECT_NE(told[1].text.find("arrest"), std::string::npos) << told[1].text;
  auto history = hit_history(*db_, id).value();
  ASSERT_EQ(history.size(), 3U);
  EXPECT_EQ(history[0].event, "checked");
  EXPECT_EQ(history[0].member, "DEU");
  EXPECT_EQ(history[1].event, "confirmed");
  EXPECT_EQ(history[1].detail, "ours, stolen in Lyon");
  EXPECT_EQ(history[2].event, "action");
  EXPECT_EQ(history[2].detail, "arrest: holder arrested at gate 12");
  EXPECT_EQ(find_hit(*db_, deu_, id).value().action, HitAction::arrest);
  EXPECT_EQ(find_hit(*db_, ita, id).error().code, ErrorCode::not_found);
}

TEST_F(ChecksTest, ARejectionSaysWhyAndNoActionFollowsIt) {
  (void)check(deu_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}});
  auto id = list_hits(*db_, fra_, {}).value().front().id;
  auto bare = decide_hit(*db_, fra_, id, HitStatus::rejected, std::nullopt);
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(decide_hit(*db_, fra_, id, HitStatus::rejected, std::string(" \n")).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(find_hit(*db_, fra_, id).value().status, HitStatus::pending) << "a refused decision changes nothing";
  ASSERT_TRUE(decide_hit(*db_, fra_, id, HitStatus::rejected, std::string("number reissued to its holder")).ok());
  auto after = record_action(*db_, deu_, id, {HitAction::entry_refused, std::nullopt});
  EXPECT_EQ(after.error().code, ErrorCode::conflict);
  EXPECT_NE(after.error().message.find("rejected"), std::string::npos) << after.error().message;
  EXPECT_EQ(hit_history(*db_, id).value().size(), 2U);
}

TEST_F(ChecksTest, OverdueHitsAreListedForTheirOwnerAndTheSecretariatAndTheOwnerIsRemindedOnce) {
  (void)check(deu_, {{"number", "15AB12345"}, {"issuing_state", "FRA"}});
  (void)check(deu_, {{"number", "SECRET1"}});
  auto hits = list_hits(*db_, fra_, {}).value();
  ASSERT_EQ(hits.size(), 2U);
  const auto old_id = hits[0].id;
  ASSERT_TRUE(db_->execute("UPDATE hits SET checked_at = '2026-01-01T08:00:00.000Z', received_at = "
                           "'2026-01-01T08:00:00.000Z' WHERE id = ?",
                           {old_id})
                  .ok());
  const std::string cutoff = "2026-01-02T08:00:00.000Z";
  HitQuery overdue;
  overdue.overdue_before = cutoff;
  auto owners = list_hits(*db_, fra_, overdue).value();
  ASSERT_EQ(owners.size(), 1U);
  EXPECT_EQ(owners[0].id, old_id);
  policy::Caller gs{UserId{9}, "gs", "IPSG", MemberKind::secretariat, Role::officer};
  ASSERT_EQ(list_hits(*db_, gs, overdue).value().size(), 1U);
  EXPECT_TRUE(list_hits(*db_, deu_, overdue).value().empty()) << "overdue is the owner's to answer";
  EXPECT_TRUE(list_hits(*db_, gs, {}).value().empty()) << "otherwise the Secretariat lists only its own";
  EXPECT_EQ(remind_overdue_hits(*db_, cutoff).value(), 1);
  EXPECT_EQ(remind_overdue_hits(*db_, cutoff).value(), 0) << "reminded once";
  auto told = exchange::list_notifications(*db_, "FRA").value();
  EXPECT_EQ(told.back().kind, "hit.overdue");
  EXPECT_EQ(told.back().object, "hit:" + std::to_string(old_id));
  ASSERT_TRUE(decide_hit(*db_, fra_, old_id, HitStatus::confirmed, std::nullopt).ok());
  EXPECT_TRUE(list_hits(*db_, fra_, overdue).value().empty()) << "a decided hit is no longer overdue";
}

TEST_F(ChecksTest, TheSecretariatSeesAHitAsTheRecordAllowsAndTheCheckerAsItWasTold) {
  (void)check(deu_, {{"number", "SECRET1"}});
  auto id = list_hits(*db_, fra_, {}).value().front().id;
  ASSERT_TRUE(decide_hit(*db_, fra_, id, HitStatus::confirmed, std::string("seized by Lt Martin")).ok());
  policy::Caller gs{UserId{9}, "gs", "IPSG", MemberKind::secretariat, Role::officer};
  auto hit = find_hit(*db_, gs, id).value();
  EXPECT_EQ(hit_view(*db_, hit, gs).value(), HitView::full);
  auto history = hit_history(*db_, id).value();
  const auto checker = to_json(history, hit_view(*db_, hit, deu_).value());
  ASSERT_EQ(checker.size(), 2U);
  EXPECT_EQ(checker[1]["event"], "confirmed");
  EXPECT_TRUE(checker[1]["detail"].is_null()) << checker.dump();
  EXPECT_TRUE(checker[1]["member"].is_null()) << checker.dump();
  EXPECT_EQ(checker[0]["member"], "DEU");
  EXPECT_EQ(to_json(history, HitView::full)[1]["detail"], "seized by Lt Martin");
}

}  // namespace
}  // namespace ariadne::sltd
