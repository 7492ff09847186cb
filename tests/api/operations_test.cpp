// Operations over a real server: a coordinator invites, participants answer,
// their checks, hits and outcomes within the window are counted in the
// report, small counts of others' people are suppressed, and bad operations
// and outcomes are refused without changing anything.
#include <chrono>
#include <thread>

#include "common/time.hpp"
#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

using Clock = std::chrono::steady_clock;

class apiOperations : public OwnWorldSuite<apiOperations> {
 public:
  static std::vector<UserSpec> users() {
    auto u = standard_users();
    u.push_back({"fra.coordinator", "FRA", "coordinator"});
    u.push_back({"deu.coordinator", "DEU", "coordinator"});
    return u;
  }

 protected:
  // A window from yesterday to tomorrow (UTC), so that what happens now is in it.
  static json operation(const std::string& name, const json& participants) {
    const auto today = today_utc();
    return {{"name", name},
            {"participants", participants},
            {"start", add_days(today, -1).iso()},
            {"end", add_days(today, 1).iso()},
            {"focus", "both"},
            {"region", "Europe"},
            {"locations", {{{"kind", "airport"}, {"name", "Frankfurt"}, {"country", "DEU"}}}}};
  }
  static long long create(const json& body, const std::string& user = "fra.coordinator") {
    auto r = api().post("/operations", body, token(user));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body.value("id", 0LL);
  }
  static std::string path(long long id, const std::string& rest = "") {
    return "/operations/" + std::to_string(id) + rest;
  }
  static json report(long long id, const std::string& user) {
    auto r = api().get(path(id, "/report"), token(user));
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.body;
  }
  static json country(const json& report, const std::string& code) {
    for (const auto& c : report["outcomes"]["by_country"]) {
      if (c["country"] == code) return c;
    }
    return nullptr;
  }
};

TEST_F(apiOperations, AnOperationRunsFromInvitationToItsReportWithTrueCounts) {
  EXPECT_EQ(api().post("/operations", operation("x", {"DEU"}), token("fra.officer")).status, 403)
      << "an officer does not coordinate";
  const long long id = create(operation("Global Chain <week 48>", {"DEU", "ITA"}));
  ASSERT_GT(id, 0);
  bool invited = false;
  const auto told = api().get("/notifications?limit=1000", token("deu.officer"));
  for (const auto& n : told.body["notifications"]) {
    invited = invited || (n["kind"] == "operation.invitation" && n["object"] == "operation:" + std::to_string(id));
  }
  EXPECT_TRUE(invited) << told.describe();
  EXPECT_EQ(api().get(path(id), token("partner.user")).status, 404) << "not invited: not seen";
  EXPECT_EQ(api().get(path(id), token("ipsg.officer")).status, 200);

  ASSERT_EQ(api().post(path(id, "/decline"), json::object(), token("ita.officer")).status, 200);
  auto accepted = api().post(path(id, "/accept"), json::object(), token("deu.officer"));
  ASSERT_EQ(accepted.status, 200) << accepted.describe();
  EXPECT_EQ(accepted.body["participants"][1]["status"], "accepted");
  EXPECT_EQ(api().post(path(id, "/accept"), json::object(), token("deu.officer")).status, 409);

  // Checks: DEU 3 single and a list of 4 (one a hit on FRA's document); ITA declined, so its checks do not count.
  const std::string number = fresh_number("OP");
  ASSERT_EQ(api().post("/documents", document_body(number, "FRA"), token("fra.officer")).status, 201);
  long long hit = 0;
  for (int i = 0; i < 3; ++i) {
    auto c = api().post("/documents/check", {{"number", fresh_number("CLEAN")}}, token("deu.officer"));
    ASSERT_EQ(c.status, 200) << c.describe();
  }
  auto until = Clock::now() + std::chrono::seconds(3);
  json travellers = json::array({json{{"number", number}, {"issuing_state", "FRA"}}, json{{"number", "CLEAN-A"}},
                                 json{{"number", "CLEAN-B"}}, json{{"number", "CLEAN-C"}}});
  for (;;) {  // the index follows the new record within moments; only the last list counts below
    auto b = api().post("/documents/check/batch", {{"travellers", travellers}}, token("deu.officer"));
    ASSERT_EQ(b.status, 200) << b.describe();
    if (b.body["results"][0].value("hit", false)) {
      hit = b.body["results"][0]["matches"][0]["hit_id"];
      break;
    }
    ASSERT_LT(Clock::now(), until) << "the new record never matched";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(
      api().post("/hits/" + std::to_string(hit) + "/confirm", {{"outcome", "confirmed"}}, token("fra.officer")).status,
      200);
  ASSERT_EQ(api().post("/documents/check", {{"number", "ITA-1"}}, token("ita.officer")).status, 200);

  // Outcomes: DEU 2 arrests, a victim, 14 migrants; FRA (the coordinator) 13 arrests and 12 migrants.
  const std::string now = iso_time(unix_now());
  auto deu = api().post(path(id, "/outcomes"),
                        {{"outcomes",
                          {{{"kind", "arrest"}, {"offence", "migrant smuggling"}, {"occurred_at", now}, {"count", 2}},
                           {{"kind", "victim"},
                            {"age_band", "12-17"},
                            {"sex", "F"},
                            {"nationality", "NGA"},
                            {"exploitation", "sexual"},
                            {"occurred_at", now}},
                           {{"kind", "migrant"}, {"nationality", "SYR"}, {"count", 14}, {"occurred_at", now}},
                           {{"kind", "cash_seized"}, {"amount", 5000}, {"currency", "EUR"}, {"occurred_at", now}}}}},
                        token("deu.officer"));
  ASSERT_EQ(deu.status, 201) << deu.describe();
  ASSERT_EQ(api()
                .post(path(id, "/outcomes"),
                      {{"outcomes",
                        {{{"kind", "arrest"}, {"offence", "trafficking"}, {"occurred_at", now}, {"count", 13}},
                         {{"kind", "migrant"}, {"nationality", "AFG"}, {"count", 12}, {"occurred_at", now}}}}},
                      token("fra.officer"))
                .status,
            201);
  EXPECT_EQ(api()
                .post(path(id, "/outcomes"), {{"kind", "arrest"}, {"offence", "x"}, {"occurred_at", now}},
                      token("ita.officer"))
                .status,
            403)
      << "a member that declined records nothing";
  auto own = api().get(path(id, "/outcomes"), token("deu.officer"));
  EXPECT_EQ(own.body["outcomes"].size(), 4u) << "its own outcomes only";

  // The checks reach the store within seconds (counted in memory, written every 5 s).
  json fra;
  until = Clock::now() + std::chrono::seconds(15);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    fra = report(id, "fra.coordinator");
  } while (fra["checks"]["total"].get<long long>() < 7 && Clock::now() < until);
  const long long checks = fra["checks"]["total"];
  EXPECT_GE(checks, 7);
  EXPECT_EQ((checks - 3) % 4, 0) << "DEU's single checks and whole lists, none of ITA's";
  EXPECT_EQ(fra["hits"]["total"], 1);
  EXPECT_EQ(fra["hits"]["by_database"]["documents"]["confirmed"], 1);
  EXPECT_EQ(fra["outcomes"]["total"]["arrests"], "<11") << "15 arrests, 2 of them DEU's: FRA would subtract its 13";
  EXPECT_EQ(fra["outcomes"]["total"]["migrants"], 26);
  EXPECT_EQ(fra["outcomes"]["total"]["cash_seized"]["EUR"], 5000);
  EXPECT_EQ(country(fra, "FRA")["arrests"], 13) << "its own count is exact";
  EXPECT_EQ(country(fra, "DEU")["arrests"], "<11");
  EXPECT_EQ(country(fra, "DEU")["victims"], "<11");
  EXPECT_EQ(country(fra, "DEU")["migrants"], 14);
  EXPECT_EQ(fra["outcomes"]["victims"]["by_exploitation"]["sexual"], "<11");
  EXPECT_GT(fra["suppression"]["cells"].get<long long>(), 0);
  auto mine = report(id, "deu.officer");
  EXPECT_EQ(country(mine, "DEU")["arrests"], 2);
  EXPECT_EQ(country(mine, "DEU")["victims"], 1);
  EXPECT_EQ(country(mine, "FRA")["arrests"], 13) << "11 or more people are shown";
  const json gs = report(id, "ipsg.officer");
  EXPECT_EQ(gs["outcomes"]["total"]["victims"], "<11");
  EXPECT_EQ(gs["outcomes"]["total"]["arrests"], 15);
  EXPECT_EQ(country(gs, "DEU")["arrests"], "<11");
  EXPECT_EQ(country(gs, "FRA")["arrests"], "<11") << "hidden too, or 15 - 13 would give DEU's 2 away";
  EXPECT_EQ(api().get(path(id, "/report"), token("partner.user")).status, 404);

  auto html = api().get(path(id, "/report?format=html"), token("fra.coordinator"));
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.content_type().rfind("text/html", 0), 0u);
  EXPECT_NE(html.raw.find("Global Chain &lt;week 48&gt;"), std::string::npos);
  EXPECT_EQ(html.raw.find("<week 48>"), std::string::npos) << "the name is escaped";
}

TEST_F(apiOperations, BadOperationsAndOutcomesAreRefusedAndChangeNothing) {
  const auto listed = api().get("/operations", token("deu.coordinator")).body["operations"].size();
  struct Case {
    json body;
    std::vector<std::string> fields;
  };
  json late = operation("x", {"DEU"});
  late["end"] = add_days(today_utc(), -3).iso();
  json long_one = operation("x", {"DEU"});
  long_one["end"] = add_days(today_utc(), 400).iso();
  json bad_place = operation("x", {"DEU"});
  bad_place["locations"] = {{{"kind", "moon"}, {"name", "x"}, {"latitude", 10}}};
  const std::vector<Case> cases = {
      {operation("x", {"DEU", "XYZ"}), {"participants[1]"}},
      {operation("x", {"FRA"}), {"participants[0]"}},
      {operation("x", {"DEU", "DEU"}), {"participants[1]"}},
      {late, {"end"}},
      {long_one, {"end"}},
      {bad_place, {"locations[0].kind", "locations[0].latitude"}},
      {json{{"name", "x"}, {"participants", {"DEU"}}, {"start", "soon"}, {"end", "2026-13-01"}, {"focus", "drugs"}},
       {"start", "end", "focus"}},
  };
  for (const auto& c : cases) {
    auto r = api().post("/operations", c.body, token("fra.coordinator"));
    EXPECT_EQ(r.status, 400) << c.body.dump() << " → " << r.describe();
    EXPECT_EQ(r.error_fields(), c.fields) << c.body.dump();
  }
  EXPECT_EQ(api().get("/operations", token("deu.coordinator")).body["operations"].size(), listed);

  const long long id = create(operation("Checks", {"DEU"}));
  ASSERT_EQ(api().post(path(id, "/accept"), {{"share_small_counts", true}}, token("deu.officer")).status, 200);
  const std::string now = iso_time(unix_now());
  auto bad = api().post(path(id, "/outcomes"),
                        {{"outcomes",
                          {{{"kind", "arrest"}, {"occurred_at", now}},
                           {{"kind", "victim"},
                            {"age_band", "adult"},
                            {"sex", "Q"},
                            {"nationality", "NGA"},
                            {"exploitation", "sexual"},
                            {"count", 2},
                            {"occurred_at", now}},
                           {{"kind", "cash_seized"}, {"amount", 10}, {"occurred_at", now}},
                           {{"kind", "theft"}, {"occurred_at", now}}}}},
                        token("deu.officer"));
  EXPECT_EQ(bad.status, 400) << bad.describe();
  EXPECT_EQ(bad.error_fields(),
            (std::vector<std::string>{"outcomes[0].offence", "outcomes[1].age_band", "outcomes[1].sex",
                                      "outcomes[1].count", "outcomes[2].currency", "outcomes[3].kind"}));
  auto outside = api().post(path(id, "/outcomes"),
                            {{"outcomes",
                              {{{"kind", "migrant"}, {"nationality", "SYR"}, {"occurred_at", now}},
                               {{"kind", "migrant"}, {"nationality", "SYR"}, {"occurred_at", "2020-01-01"}}}}},
                            token("deu.officer"));
  EXPECT_EQ(outside.status, 400) << outside.describe();
  EXPECT_EQ(outside.error_fields(), std::vector<std::string>{"outcomes[1].occurred_at"});
  EXPECT_TRUE(api().get(path(id, "/outcomes"), token("deu.officer")).body["outcomes"].empty())
      << "an outcome list is stored whole or not at all";

  // A member that shares its small counts lets the others see them as they are.
  ASSERT_EQ(api()
                .post(path(id, "/outcomes"), {{"kind", "arrest"}, {"offence", "smuggling"}, {"occurred_at", now}},
                      token("deu.officer"))
                .status,
            201);
  EXPECT_EQ(report(id, "fra.coordinator")["outcomes"]["total"]["arrests"], 1);
  EXPECT_EQ(api().get(path(id, "/report?format=pdf"), token("fra.coordinator")).status, 400);

  // A message's reference to the operation shows it to its participants only.
  auto sent = api().post("/messages",
                         {{"to", {"DEU", "ITA"}},
                          {"subject", "Operation briefing"},
                          {"body", "See the operation."},
                          {"references", {{{"kind", "operation"}, {"id", id}}}}},
                         token("fra.coordinator"));
  ASSERT_EQ(sent.status, 201) << sent.describe();
  const std::string message = "/messages/" + std::to_string(sent.body["id"].get<long long>());
  EXPECT_EQ(api().get(message, token("deu.officer")).body["references"][0]["visible"], true);
  EXPECT_EQ(api().get(message, token("ita.officer")).body["references"][0]["visible"], false);
  EXPECT_EQ(api().get(path(99999999), token("fra.coordinator")).status, 404);
}

}  // namespace
}  // namespace ariadne::apitest

namespace ariadne::apitest {
namespace {

// An offline border post uploads its checks later: each counts on the day it
// was made, its hit carries that time, and a time ahead or too old is refused.
TEST_F(apiOperations, OfflineChecksUploadedLaterCountWhenTheyWereMade) {
  const long long id = create(operation("Offline week", {"DEU"}));
  ASSERT_EQ(api().post(path(id, "/accept"), json::object(), token("deu.officer")).status, 200);
  const std::string number = fresh_number("OFF");
  ASSERT_EQ(api().post("/documents", document_body(number, "FRA"), token("fra.officer")).status, 201);
  const std::string yesterday = add_days(today_utc(), -1).iso();
  const std::string then = yesterday + "T10:15:00Z";
  json travellers = json::array({json{{"number", number}, {"issuing_state", "FRA"}, {"checked_at", then}},
                                 json{{"number", "OFFLINE-A"}, {"checked_at", then}},
                                 json{{"number", "OFFLINE-B"}, {"checked_at", yesterday + "T23:59:59Z"}}});
  long long hit = 0;
  auto until = Clock::now() + std::chrono::seconds(3);
  int lists = 0;
  for (;;) {  // the index follows the new record within moments
    auto b = api().post("/documents/check/batch", {{"travellers", travellers}}, token("deu.officer"));
    ASSERT_EQ(b.status, 200) << b.describe();
    ++lists;
    if (b.body["results"][0].value("hit", false)) {
      hit = b.body["results"][0]["matches"][0]["hit_id"];
      break;
    }
    ASSERT_LT(Clock::now(), until) << "the new record never matched";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto single = api().post("/documents/check", {{"number", "OFFLINE-C"}, {"checked_at", then}}, token("deu.officer"));
  ASSERT_EQ(single.status, 200) << single.describe();
  // A hit checked two days ago and uploaded now is not overdue (a day by
  // default): its owner has a day from when it arrived.
  auto late = api().post(
      "/documents/check",
      {{"number", number}, {"issuing_state", "FRA"}, {"checked_at", add_days(today_utc(), -2).iso() + "T00:00:00Z"}},
      token("deu.officer"));
  ASSERT_EQ(late.status, 200) << late.describe();
  ASSERT_TRUE(late.body.value("hit", false)) << late.describe();
  const long long late_hit = late.body["matches"][0]["hit_id"];
  const auto overdue = api().get("/hits?overdue=true&limit=1000", token("fra.officer"));
  ASSERT_EQ(overdue.status, 200) << overdue.describe();
  for (const auto& o : overdue.body["hits"]) EXPECT_NE(o["id"], late_hit) << "overdue from when it was made";

  auto h = api().get("/hits/" + std::to_string(hit), token("fra.officer"));
  ASSERT_EQ(h.status, 200) << h.describe();
  EXPECT_EQ(h.body["checked_at"], yesterday + "T10:15:00.000Z");
  EXPECT_EQ(h.body["history"][0]["at"], yesterday + "T10:15:00.000Z");
  bool told = false;
  auto notes = api().get("/notifications?limit=1000", token("fra.officer"));
  for (const auto& n : notes.body["notifications"]) {
    told |= n["object"] == "hit:" + std::to_string(hit) &&
            n["text"].get<std::string>().find("(uploaded later)") != std::string::npos;
  }
  EXPECT_TRUE(told) << notes.describe();

  json r;
  until = Clock::now() + std::chrono::seconds(15);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    r = report(id, "fra.coordinator");
  } while (r["checks"]["total"].get<long long>() < 3 * lists + 1 && Clock::now() < until);
  EXPECT_EQ(r["checks"]["total"], 3 * lists + 1);
  long long on_that_day = -1;
  for (const auto& d : r["by_day"]) {
    if (d["day"] == yesterday) on_that_day = d["checks"];
  }
  EXPECT_EQ(on_that_day, 3 * lists + 1) << "counted on the day they were made, not today";

  // Ahead of now, over 30 days old, or not a time: refused, naming the field.
  for (const std::string& bad :
       std::vector<std::string>{add_days(today_utc(), 2).iso() + "T00:00:00Z", "2020-01-01T00:00:00Z", "yesterday"}) {
    auto c = api().post("/documents/check", {{"number", "OFFLINE-D"}, {"checked_at", bad}}, token("deu.officer"));
    EXPECT_EQ(c.status, 400) << bad;
    EXPECT_EQ(c.error_fields(), std::vector<std::string>{"checked_at"}) << bad;
    auto b = api().post("/documents/check/batch", {{"travellers", {{{"number", "OFFLINE-D"}, {"checked_at", bad}}}}},
                        token("deu.officer"));
    ASSERT_EQ(b.status, 200);
    EXPECT_EQ(b.body["results"][0]["error"]["errors"][0]["field"], "checked_at") << b.describe();
  }
}

}  // namespace
}  // namespace ariadne::apitest
