// The exchange over a real server: messages reach their parties and no one
// else (the General Secretariat included), references never show a record
// its restriction hides, threads, forwards, read receipts, the inbox's
// filters and paging, bad input; and the hit workflow: confirmation with
// reasons, the checking member's action, history, overdue hits.
#include <chrono>
#include <climits>
#include <set>
#include <thread>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

using Clock = std::chrono::steady_clock;

class apiExchange : public OwnWorldSuite<apiExchange> {
 public:
  // Hits are overdue after a second, and reminders run every second.
  static ServerOptions options() {
    ServerOptions o;
    o.extra_args = {"--hit-overdue-s", "1", "--remind-interval-s", "1"};
    return o;
  }
  static std::vector<UserSpec> users() {
    auto u = standard_users();
    u.push_back({"deu.reviewer", "DEU", "reviewer"});
    u.push_back({"gs.reviewer", "IPSG", "reviewer"});
    return u;
  }

 protected:
  static Response send(const std::string& user, const json& body) { return api().post("/messages", body, token(user)); }
  static long long sent_id(const std::string& user, const json& body) {
    auto r = send(user, body);
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body.value("id", 0LL);
  }
  static Response get_message(const std::string& user, long long id) {
    return api().get("/messages/" + std::to_string(id), token(user));
  }
  static std::vector<json> inbox(const std::string& user, const std::string& query = "") {
    auto r = api().get("/inbox?limit=500" + query, token(user));
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.body["items"].get<std::vector<json>>();
  }
  static bool holds(const std::vector<json>& items, long long message) {
    for (const auto& i : items) {
      if (i["message"].is_object() && i["message"]["id"] == message) return true;
    }
    return false;
  }
  static long long register_fra(const json& restriction) {
    auto r = api().post("/documents", document_body(fresh_number("X"), "FRA", restriction), token("fra.officer"));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body.value("id", 0LL);
  }
  // A document of FRA checked by DEU until the check is a hit: the hit's id.
  static long long hit_on_fra_document() {
    const std::string number = fresh_number("H");
    auto r = api().post("/documents", document_body(number, "FRA"), token("fra.officer"));
    EXPECT_EQ(r.status, 201) << r.describe();
    json traveller = {{"number", number}, {"issuing_state", "FRA"}, {"location", "DEU-FRA"}};
    auto until = Clock::now() + std::chrono::seconds(3);
    for (;;) {
      auto c = api().post("/documents/check", traveller, token("deu.officer"));
      EXPECT_EQ(c.status, 200) << c.describe();
      if (c.body.value("hit", false)) return c.body["matches"][0].value("hit_id", 0LL);
      if (Clock::now() > until) return 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
};

TEST_F(apiExchange, AMessageReachesItsRecipientsAndOnlyItsParties) {
  auto r = send("fra.officer", {{"to", {"DEU"}},
                                {"subject", "Convoy crossing at Kehl tonight"},
                                {"body", "Two vans, about 20 migrants, driver known to us."},
                                {"priority", "urgent"}});
  ASSERT_EQ(r.status, 201) << r.describe();
  const long long id = r.body["id"];
  EXPECT_EQ(r.body["from"]["member"], "FRA");
  EXPECT_EQ(r.body["to"], json::array({"DEU"}));
  EXPECT_EQ(r.body["priority"], "urgent");

  auto read = get_message("deu.officer", id);
  ASSERT_EQ(read.status, 200) << read.describe();
  EXPECT_EQ(read.body["body"], "Two vans, about 20 migrants, driver known to us.");
  EXPECT_FALSE(read.body.contains("receipts")) << "receipts are the sender's";
  EXPECT_TRUE(holds(inbox("deu.officer", "&kind=message"), id));
  for (const char* outsider : {"ita.officer", "ipsg.officer", "admin", "partner.user"}) {
    EXPECT_EQ(get_message(outsider, id).status, 404) << outsider;
    EXPECT_FALSE(holds(inbox(outsider), id)) << outsider;
    EXPECT_EQ(api().post("/messages/" + std::to_string(id) + "/read", json::object(), token(outsider)).status, 404);
  }

  // Read receipts: the recipient's first read is kept and shown to the sender.
  auto mine = get_message("fra.officer", id);
  ASSERT_EQ(mine.body["receipts"].size(), 1u) << mine.describe();
  EXPECT_TRUE(mine.body["receipts"][0]["read_at"].is_null());
  auto marked = api().post("/messages/" + std::to_string(id) + "/read", json::object(), token("deu.officer"));
  ASSERT_EQ(marked.status, 200) << marked.describe();
  const std::string first_read = marked.body["read_at"];
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto again = api().post("/messages/" + std::to_string(id) + "/read", json::object(), token("deu.reviewer"));
  EXPECT_EQ(again.body["read_at"], first_read);
  mine = get_message("fra.officer", id);
  EXPECT_EQ(mine.body["receipts"][0]["member"], "DEU");
  EXPECT_EQ(mine.body["receipts"][0]["read_at"], first_read);
  EXPECT_EQ(mine.body["receipts"][0]["read_by"], "deu.officer");
  auto own = api().post("/messages/" + std::to_string(id) + "/read", json::object(), token("fra.officer"));
  EXPECT_EQ(own.status, 409) << own.describe();
  auto sent = api().get("/outbox?limit=200", token("fra.officer"));
  ASSERT_EQ(sent.status, 200) << sent.describe();
  bool listed = false;
  for (const auto& m : sent.body["messages"]) {
    if (m["id"] == id) listed = m["read_by_members"] == 1;
  }
  EXPECT_TRUE(listed) << sent.describe();
}

TEST_F(apiExchange, TheSecretariatReadsAMemberToMemberMessageOnlyWhenAPartyForwardsIt) {
  const long long id = sent_id(
      "fra.officer",
      {{"to", {"DEU"}}, {"subject", "Broker in Offenburg"}, {"body", "He takes payments through a hawala shop."}});
  EXPECT_EQ(get_message("ipsg.officer", id).status, 404);
  auto fwd = api().post("/messages/" + std::to_string(id) + "/forward",
                        {{"to", {"IPSG"}}, {"note", "For the smuggling desk."}}, token("deu.officer"));
  ASSERT_EQ(fwd.status, 201) << fwd.describe();
  const long long forwarded = fwd.body["id"];
  auto gs = get_message("ipsg.officer", forwarded);
  ASSERT_EQ(gs.status, 200) << gs.describe();
  EXPECT_EQ(gs.body["subject"], "Fwd: Broker in Offenburg");
  EXPECT_EQ(gs.body["body"], "For the smuggling desk.");
  EXPECT_EQ(gs.body["forwarded"]["from"], "FRA");
  EXPECT_EQ(gs.body["forwarded"]["body"], "He takes payments through a hawala shop.");
  EXPECT_EQ(get_message("ipsg.officer", id).status, 404) << "the original stays with its parties";

  // The sender may ask that a message not be forwarded: only it forwards it then.
  const long long kept = sent_id("fra.officer", {{"to", {"DEU"}},
                                                 {"subject", "Source protection"},
                                                 {"body", "Do not pass on."},
                                                 {"handling", "no_forward"},
                                                 {"caveat", "for the NCB only"}});
  auto refused = api().post("/messages/" + std::to_string(kept) + "/forward", {{"to", {"ITA"}}}, token("deu.officer"));
  EXPECT_EQ(refused.status, 403) << refused.describe();
  EXPECT_EQ(get_message("deu.officer", kept).body["caveat"], "for the NCB only");
  auto by_sender =
      api().post("/messages/" + std::to_string(kept) + "/forward", {{"to", {"ITA"}}}, token("fra.officer"));
  ASSERT_EQ(by_sender.status, 201) << by_sender.describe();
  EXPECT_EQ(by_sender.body["handling"], "no_forward") << "the sender's instructions travel with its words";
  EXPECT_EQ(by_sender.body["caveat"], "for the NCB only");
  const std::string onward = "/messages/" + std::to_string(by_sender.body["id"].get<long long>()) + "/forward";
  EXPECT_EQ(api().post(onward, {{"to", {"DEU"}}}, token("ita.officer")).status, 403);
  EXPECT_EQ(api().post("/messages/" + std::to_string(id) + "/forward", {{"to", {"DEU"}}}, token("ita.officer")).status,
            404)
      << "a non-party cannot forward";
}

TEST_F(apiExchange, AReferenceNeverShowsARecordToAReaderItsRestrictionExcludes) {
  const long long open = register_fra({{"scope", "all"}});
  const long long to_deu = register_fra({{"scope", "members"}, {"members", {"DEU"}}});
  const long long own = register_fra({{"scope", "owner"}});
  json refs = json::array({json{{"kind", "document"}, {"id", open}}, json{{"kind", "document"}, {"id", to_deu}},
                           json{{"kind", "document"}, {"id", own}}});
  const long long id = sent_id("fra.officer", {{"to", {"DEU", "ITA"}},
                                               {"subject", "Passports of the network"},
                                               {"body", "Three of their documents."},
                                               {"references", refs}});
  auto visible = [](const Response& r) {
    std::vector<bool> out;
    for (const auto& ref : r.body["references"]) out.push_back(ref["visible"].get<bool>());
    return out;
  };
  auto fra = get_message("fra.officer", id);
  EXPECT_EQ(visible(fra), (std::vector<bool>{true, true, true})) << fra.describe();
  auto deu = get_message("deu.officer", id);
  EXPECT_EQ(visible(deu), (std::vector<bool>{true, true, false})) << deu.describe();
  EXPECT_FALSE(deu.body["references"][2].contains("id")) << "a hidden record's id is not shown";
  auto ita = get_message("ita.officer", id);
  EXPECT_EQ(visible(ita), (std::vector<bool>{true, false, false})) << ita.describe();
  EXPECT_NE(ita.body["references"][0]["label"].get<std::string>().find("FRA passport"), std::string::npos);

  // A victim's notice open to all: the victim rule keeps it from everyone but its owner, references included.
  json victim = {
      {"type", "yellow"},
      {"subject", {{"names", json::array({json{{"full", "Amira Haddad"}}})}, {"victim", true}, {"birth_date", "2010"}}},
      {"disappeared_on", "2026-03-01"},
      {"disappeared_place", "Marseille"},
      {"restriction", {{"scope", "all"}}}};
  auto published = publish_notice(api(), victim, token("fra.officer"), token("gs.reviewer"));
  ASSERT_EQ(published.error, "");
  const long long about_victim = sent_id("fra.officer", {{"to", {"DEU"}},
                                                         {"subject", "Missing girl"},
                                                         {"body", "See the notice."},
                                                         {"references", {{{"kind", "notice"}, {"id", published.id}}}}});
  EXPECT_EQ(get_message("fra.officer", about_victim).body["references"][0]["visible"], true);
  EXPECT_EQ(get_message("deu.officer", about_victim).body["references"][0]["visible"], false);
  EXPECT_EQ(send("deu.officer", {{"to", {"ITA"}},
                                 {"subject", "s"},
                                 {"body", "b"},
                                 {"references", {{{"kind", "notice"}, {"id", published.id}}}}})
                .status,
            400)
      << "a member cannot find victims' notices by referring to them";

  // A member cannot refer to a record it may not see, nor to one that does not exist: the same answer.
  auto hidden =
      send("ita.officer",
           {{"to", {"DEU"}}, {"subject", "s"}, {"body", "b"}, {"references", {{{"kind", "document"}, {"id", own}}}}});
  EXPECT_EQ(hidden.status, 400) << hidden.describe();
  EXPECT_EQ(hidden.error_fields(), std::vector<std::string>{"references[0]"});
  auto absent = send(
      "ita.officer",
      {{"to", {"DEU"}}, {"subject", "s"}, {"body", "b"}, {"references", {{{"kind", "document"}, {"id", 99999999}}}}});
  EXPECT_EQ(absent.status, 400);
  EXPECT_EQ(absent.body["errors"][0]["reason"].get<std::string>().find("that you may see") != std::string::npos,
            hidden.body["errors"][0]["reason"].get<std::string>().find("that you may see") != std::string::npos);
}

TEST_F(apiExchange, RepliesStayInTheirThreadAndOnlyAPartyAnswers) {
  const long long first = sent_id("fra.officer", {{"to", {"DEU"}}, {"subject", "Route via Passau"}, {"body", "?"}});
  auto reply = send("deu.officer", {{"reply_to", first}, {"subject", "Re: Route via Passau"}, {"body", "Confirmed."}});
  ASSERT_EQ(reply.status, 201) << reply.describe();
  EXPECT_EQ(reply.body["to"], json::array({"FRA"})) << "a reply goes to the other parties";
  EXPECT_EQ(reply.body["thread_id"], first);
  auto outsider = send("ita.officer", {{"reply_to", first}, {"subject", "x"}, {"body", "y"}});
  EXPECT_EQ(outsider.status, 400) << outsider.describe();
  EXPECT_EQ(outsider.error_fields(), std::vector<std::string>{"reply_to"});

  // ITA joins at the third message: it sees that message of the thread, not the earlier ones.
  auto widened =
      send("fra.officer",
           {{"reply_to", reply.body["id"]}, {"to", {"DEU", "ITA"}}, {"subject", "Adding ITA"}, {"body", "."}});
  ASSERT_EQ(widened.status, 201) << widened.describe();
  auto fra_thread = api().get("/threads/" + std::to_string(first), token("fra.officer"));
  ASSERT_EQ(fra_thread.status, 200) << fra_thread.describe();
  EXPECT_EQ(fra_thread.body["messages"].size(), 3u);
  auto ita_thread = api().get("/threads/" + std::to_string(first), token("ita.officer"));
  ASSERT_EQ(ita_thread.status, 200) << ita_thread.describe();
  ASSERT_EQ(ita_thread.body["messages"].size(), 1u);
  EXPECT_EQ(ita_thread.body["messages"][0]["subject"], "Adding ITA");
  EXPECT_EQ(api().get("/threads/" + std::to_string(first), token("ipsg.officer")).status, 404);
}

TEST_F(apiExchange, ToAllReachesEveryMemberCountryAndTheSecretariatButNoPartner) {
  auto r = send("ita.officer", {{"to", "all"}, {"subject", "New smuggling route"}, {"body", "Through Lampedusa."}});
  ASSERT_EQ(r.status, 201) << r.describe();
  EXPECT_EQ(r.body["to"], json::array({"DEU", "FRA", "IPSG"}));
  const long long id = r.body["id"];
  for (const char* reader : {"fra.officer", "deu.officer", "ipsg.officer"}) {
    EXPECT_EQ(get_message(reader, id).status, 200) << reader;
  }
  EXPECT_EQ(get_message("partner.user", id).status, 404);
}

TEST_F(apiExchange, BadMessagesAreRefusedAndChangeNothing) {
  const auto before = inbox("deu.officer").size();
  const auto audit_before = all_audit(api(), token("admin"), "action=message.send").size();
  struct Case {
    json body;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {{{"to", {"DEU", "XYZ"}}, {"subject", "s"}, {"body", "b"}}, {"to[1]"}},
      {{{"to", {"FRA"}}, {"subject", "s"}, {"body", "b"}}, {"to[0]"}},
      {{{"to", {"DEU", "DEU"}}, {"subject", "s"}, {"body", "b"}}, {"to[1]"}},
      {{{"to", "everyone"}, {"subject", "s"}, {"body", "b"}}, {"to"}},
      {{{"to", json::array()}, {"subject", "s"}, {"body", "b"}}, {"to"}},
      {{{"subject", "s"}, {"body", "b"}}, {"to"}},
      {{{"to", {"DEU"}}, {"subject", "  "}, {"body", "b"}}, {"subject"}},
      {{{"to", {"DEU"}}, {"subject", "s"}, {"body", std::string(64 * 1024 + 1, 'x')}}, {"body"}},
      {{{"to", {"DEU"}}, {"subject", "s"}, {"body", "b"}, {"priority", "flash"}}, {"priority"}},
      {{{"to", {"DEU"}}, {"subject", "s"}, {"body", "b"}, {"handling", "burn"}}, {"handling"}},
      {{{"to", {"DEU"}}, {"subject", "s"}, {"body", "b"}, {"references", {{{"kind", "car"}, {"id", 1}}}}},
       {"references[0].kind"}},
      {{{"to", {"DEU"}}, {"subject", "s"}, {"body", "b"}, {"cc", {"ITA"}}}, {"cc"}},
      {{{"to", {"DEU"}}, {"subject", "s"}, {"body", "b"}, {"reply_to", 99999999}}, {"reply_to"}},
  };
  for (const auto& c : cases) {
    auto r = send("fra.officer", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump().substr(0, 200) << " → " << r.describe();
    EXPECT_EQ(r.error_fields(), c.fields) << c.body.dump().substr(0, 200);
  }
  // This server keeps no attachment key: a message with a file is refused, not sent without it.
  auto unsealed = send("fra.officer", {{"to", {"DEU"}},
                                       {"subject", "s"},
                                       {"body", "b"},
                                       {"attachments", {{{"name", "a.txt"}, {"content_base64", "aGVsbG8K"}}}}});
  EXPECT_EQ(unsealed.status, 503) << unsealed.describe();
  EXPECT_EQ(inbox("deu.officer").size(), before);
  EXPECT_EQ(all_audit(api(), token("admin"), "action=message.send").size(), audit_before);
  EXPECT_EQ(get_message("fra.officer", 99999999).status, 404);
  EXPECT_EQ(api().get("/inbox?priority=flash", token("fra.officer")).status, 400);
  EXPECT_EQ(api().get("/inbox?box=sent", token("fra.officer")).status, 400);
}

TEST_F(apiExchange, TheInboxFiltersSearchesAndPages) {
  std::set<long long> sent;
  for (int i = 0; i < 7; ++i) {
    json body = {{"to", {"DEU"}}, {"subject", "Batch report " + std::to_string(i)}, {"body", "Routine figures."}};
    if (i == 3) body["body"] = "Boats leave from the EVROS delta at night.";
    if (i == 5) body["priority"] = "immediate";
    sent.insert(sent_id("ita.officer", body));
  }
  std::set<long long> paged;
  std::string before;
  for (int page = 0; page < 10; ++page) {
    auto r = api().get("/inbox?kind=message&from=ITA&limit=3" + before, token("deu.officer"));
    ASSERT_EQ(r.status, 200) << r.describe();
    long long last = 0;
    for (const auto& item : r.body["items"]) {
      EXPECT_TRUE(paged.insert(item["message"]["id"].get<long long>()).second) << "listed twice";
      EXPECT_LT(item["id"].get<long long>(), last == 0 ? LLONG_MAX : last) << "newest first";
      last = item["id"];
    }
    if (r.body["next_before"].is_null()) break;
    before = "&before=" + std::to_string(r.body["next_before"].get<long long>());
  }
  for (auto id : sent) EXPECT_TRUE(paged.count(id)) << id;

  auto found = inbox("deu.officer", "&q=evros");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["text"], "Batch report 3");
  // Words are indexed: the beginning of one finds it, accents aside, and every word must be there.
  EXPECT_EQ(inbox("deu.officer", "&q=evr").size(), 1u);
  EXPECT_EQ(inbox("deu.officer", "&q=%C3%89vros%20delta").size(), 1u) << "Évros delta";
  EXPECT_TRUE(inbox("deu.officer", "&q=evros%20lorry").empty()) << "every word";
  EXPECT_EQ(inbox("deu.officer", "&q=%22batch%22%20report%203").size(), 1u) << "quotes are not operators";
  auto immediate = inbox("deu.officer", "&priority=immediate&from=ITA");
  ASSERT_EQ(immediate.size(), 1u);
  EXPECT_EQ(immediate[0]["message"]["priority"], "immediate");
  const long long five = immediate[0]["message"]["id"];
  ASSERT_EQ(api().post("/messages/" + std::to_string(five) + "/read", json::object(), token("deu.officer")).status,
            200);
  for (const auto& item : inbox("deu.officer", "&unread=true")) EXPECT_NE(item["message"].value("id", 0LL), five);
  for (const auto& item : inbox("deu.officer", "&kind=notification")) EXPECT_NE(item["kind"], "message");
  EXPECT_TRUE(inbox("deu.officer", "&from=UNODC").empty());
  EXPECT_TRUE(inbox("deu.officer", "&q=100%25%20sure").empty()) << "% is a character, not a wildcard";
}

TEST_F(apiExchange, AHitGoesFromPendingToConfirmedToTheCheckersActionWithItsHistory) {
  const long long hit = hit_on_fra_document();
  ASSERT_GT(hit, 0);
  const std::string path = "/hits/" + std::to_string(hit);
  auto early = api().post(path + "/action", {{"action", "arrest"}}, token("deu.officer"));
  EXPECT_EQ(early.status, 409) << early.describe();
  auto no_reason = api().post(path + "/confirm", {{"outcome", "rejected"}}, token("fra.officer"));
  EXPECT_EQ(no_reason.status, 400) << no_reason.describe();
  EXPECT_EQ(no_reason.error_fields(), std::vector<std::string>{"note"});
  EXPECT_EQ(api().get(path, token("fra.officer")).body["status"], "pending");
  auto confirmed =
      api().post(path + "/confirm", {{"outcome", "confirmed"}, {"note", "stolen in Lyon"}}, token("fra.officer"));
  ASSERT_EQ(confirmed.status, 200) << confirmed.describe();
  EXPECT_EQ(api().post(path + "/action", {{"action", "arrest"}}, token("fra.officer")).status, 403);
  EXPECT_EQ(api().post(path + "/action", {{"action", "arrest"}}, token("ita.officer")).status, 404);
  EXPECT_EQ(api().post(path + "/action", {{"action", "shoot"}}, token("deu.officer")).status, 400);
  auto acted =
      api().post(path + "/action", {{"action", "document_seized"}, {"note", "held at the gate"}}, token("deu.officer"));
  ASSERT_EQ(acted.status, 200) << acted.describe();
  EXPECT_EQ(acted.body["action"], "document_seized");
  EXPECT_EQ(api().post(path + "/action", {{"action", "none"}}, token("deu.officer")).status, 409);

  for (const char* side : {"fra.officer", "deu.officer", "ipsg.officer"}) {
    auto r = api().get(path, token(side));
    ASSERT_EQ(r.status, 200) << side << r.describe();
    ASSERT_EQ(r.body["history"].size(), 3u) << side << r.describe();
    EXPECT_EQ(r.body["history"][0]["event"], "checked");
    EXPECT_EQ(r.body["history"][1]["event"], "confirmed");
    EXPECT_EQ(r.body["history"][1]["detail"], "stolen in Lyon") << side;
    EXPECT_EQ(r.body["history"][2]["event"], "action");
    EXPECT_EQ(r.body["history"][2]["member"], "DEU");
  }
  EXPECT_EQ(api().get(path, token("ita.officer")).status, 404);
  bool told = false;
  for (const auto& item : inbox("fra.officer", "&kind=hit.action"))
    told = told || item["object"] == "hit:" + std::to_string(hit);
  EXPECT_TRUE(told) << "the owner learns the action";
}

TEST_F(apiExchange, AHitLeftPendingIsOverdueForItsOwnerAndTheSecretariat) {
  const long long hit = hit_on_fra_document();
  ASSERT_GT(hit, 0);
  auto listed = [&](const std::string& user) {
    auto r = api().get("/hits?overdue=true&limit=1000", token(user));
    EXPECT_EQ(r.status, 200) << r.describe();
    for (const auto& h : r.body["hits"]) {
      if (h["id"] == hit) return true;
    }
    return false;
  };
  // Overdue after a second (--hit-overdue-s 1); the owner is reminded by the next run (every second).
  bool reminded = false;
  auto until = Clock::now() + std::chrono::seconds(5);
  while (!reminded && Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (const auto& item : inbox("fra.officer", "&kind=hit.overdue")) {
      reminded = reminded || item["object"] == "hit:" + std::to_string(hit);
    }
  }
  EXPECT_TRUE(reminded);
  EXPECT_TRUE(listed("fra.officer"));
  EXPECT_TRUE(listed("ipsg.officer"));
  EXPECT_FALSE(listed("deu.officer")) << "the checker has nothing to answer";
  EXPECT_EQ(api().get("/hits?overdue=maybe", token("fra.officer")).status, 400);
  ASSERT_EQ(
      api().post("/hits/" + std::to_string(hit) + "/confirm", {{"outcome", "confirmed"}}, token("fra.officer")).status,
      200);
  EXPECT_FALSE(listed("fra.officer"));
  EXPECT_FALSE(listed("ipsg.officer"));
}

}  // namespace
}  // namespace ariadne::apitest

namespace ariadne::apitest {
namespace {

// Query watches: the owner is told when another member reads or screens its
// records, once per record, member and hour; not of its own queries; only for
// what it watches.
TEST_F(apiExchange, AMemberWatchingItsRecordsIsToldWhenOthersQueryThem) {
  auto told = [](const std::string& object) {
    int n = 0;
    for (const auto& i : inbox("fra.officer", "&kind=record.queried")) n += i["object"] == object ? 1 : 0;
    return n;
  };
  const long long watched_doc = register_fra({{"scope", "all"}});
  const long long other_doc = register_fra({{"scope", "all"}});
  auto w = api().post("/watches", {{"kind", "document"}, {"record", watched_doc}}, token("fra.officer"));
  ASSERT_EQ(w.status, 201) << w.describe();
  EXPECT_EQ(w.body["kind"], "document");
  EXPECT_EQ(w.body["record"], watched_doc);
  EXPECT_EQ(api().post("/watches", {{"kind", "document"}, {"record", watched_doc}}, token("fra.admin")).status, 409);

  const std::string object = "document:" + std::to_string(watched_doc);
  ASSERT_EQ(api().get("/documents/" + std::to_string(watched_doc), token("fra.officer")).status, 200);
  EXPECT_EQ(told(object), 0) << "the owner's own read";
  ASSERT_EQ(api().get("/documents/" + std::to_string(watched_doc), token("deu.officer")).status, 200);
  ASSERT_EQ(api().get("/documents/" + std::to_string(watched_doc), token("deu.reviewer")).status, 200);
  EXPECT_EQ(told(object), 1) << "DEU's reads within the hour: told once";
  ASSERT_EQ(api().get("/documents/" + std::to_string(watched_doc), token("ita.officer")).status, 200);
  EXPECT_EQ(told(object), 2) << "another member's read";
  ASSERT_EQ(api().get("/documents/" + std::to_string(other_doc), token("ita.officer")).status, 200);
  EXPECT_EQ(told("document:" + std::to_string(other_doc)), 0) << "a record not watched";
  bool names_reader = false;
  for (const auto& i : inbox("fra.officer", "&kind=record.queried")) {
    names_reader |= i["object"] == object && i["text"].get<std::string>().find("ITA (ita.officer) read") == 0;
  }
  EXPECT_TRUE(names_reader);

  // Every notice of the member: a screening that returns one tells it.
  auto every = api().post("/watches", {{"kind", "notice"}}, token("fra.officer"));
  ASSERT_EQ(every.status, 201) << every.describe();
  EXPECT_TRUE(every.body["record"].is_null());
  json red = {{"type", "red"},
              {"subject", {{"names", {{{"full", "Radovan Kostic"}}}}, {"birth_date", "1971-02-03"}}},
              {"offence", "trafficking in human beings"},
              {"legal_basis", "Code pénal art. 225-4-1"},
              {"warrant", "MA-2026-0101"},
              {"restriction", {{"scope", "all"}}}};
  auto published = publish_notice(api(), red, token("fra.officer"), token("gs.reviewer"));
  ASSERT_EQ(published.error, "");
  const std::string notice = "notice:" + std::to_string(published.id);
  auto until = Clock::now() + std::chrono::seconds(5);
  bool found = false;
  while (!found && Clock::now() < until) {
    auto r = api().post("/screen", {{"name", "Radovan Kostic"}}, token("ita.officer"));
    ASSERT_EQ(r.status, 200) << r.describe();
    for (const auto& c : r.body["candidates"]) found |= c["source"]["id"] == published.id;
    if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(found);
  EXPECT_EQ(told(notice), 1) << "ITA's screening returned it";

  // Bad watches change nothing.
  const auto watches = api().get("/watches", token("fra.officer")).body["watches"].size();
  EXPECT_EQ(api().post("/watches", {{"kind", "car"}}, token("fra.officer")).status, 400);
  EXPECT_EQ(api().post("/watches", {{"kind", "document"}, {"record", 99999999}}, token("fra.officer")).status, 400);
  auto foreign = api().post("/watches", {{"kind", "document"}, {"record", watched_doc}}, token("deu.officer"));
  EXPECT_EQ(foreign.status, 400) << "another member's record: " << foreign.describe();
  EXPECT_EQ(api().post("/watches", {{"kind", "notice"}}, token("fra.reviewer")).status, 403);
  EXPECT_EQ(api().get("/watches", token("fra.officer")).body["watches"].size(), watches);
  EXPECT_EQ(api().del("/watches/" + std::to_string(w.body["id"].get<long long>()), token("deu.officer")).status, 404);
  EXPECT_EQ(api().del("/watches/" + std::to_string(w.body["id"].get<long long>()), token("fra.officer")).status, 204);
  ASSERT_EQ(api().get("/documents/" + std::to_string(watched_doc), token("ipsg.officer")).status, 200);
  EXPECT_EQ(told(object), 2) << "no longer watched";
}

}  // namespace
}  // namespace ariadne::apitest
