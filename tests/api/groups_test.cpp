// Expert groups over a real server: a coordinator sets one up across members
// and a partner organisation, its messages reach its users and no other user
// of their members (nor the General Secretariat), membership requests go to
// the coordinator, removal and hand-over, and bad input changes nothing.
#include <set>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

class apiGroups : public OwnWorldSuite<apiGroups> {
 public:
  static std::vector<UserSpec> users() {
    auto u = standard_users();
    u.push_back({"fra.coordinator", "FRA", "coordinator"});
    u.push_back({"deu.analyst", "DEU", "analyst"});
    return u;
  }

 protected:
  static long long create(const json& body, const std::string& user = "fra.coordinator") {
    auto r = api().post("/groups", body, token(user));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body.value("id", 0LL);
  }
  static std::string path(long long group, const std::string& rest = "") {
    return "/groups/" + std::to_string(group) + rest;
  }
  static std::vector<json> inbox(const std::string& user, const std::string& query = "") {
    auto r = api().get("/inbox?limit=500" + query, token(user));
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.body["items"].get<std::vector<json>>();
  }
  static bool holds_message(const std::vector<json>& items, long long message) {
    for (const auto& i : items) {
      if (i["message"].is_object() && i["message"]["id"] == message) return true;
    }
    return false;
  }
  static bool told(const std::string& user, const std::string& kind, long long group) {
    for (const auto& i : inbox(user, "&kind=" + kind)) {
      if (i["object"].get<std::string>().rfind("group:" + std::to_string(group), 0) == 0) return true;
    }
    return false;
  }
  static long long group_message(const std::string& user, long long group, const std::string& subject) {
    auto r = api().post("/messages", {{"group", group}, {"subject", subject}, {"body", "b"}}, token(user));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body.value("id", 0LL);
  }
  static std::size_t group_count() {
    auto r = api().get("/groups", token("ita.officer"));
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.body["groups"].size();
  }
};

TEST_F(apiGroups, AGroupMessageReachesItsUsersAndNoOtherUserOfTheirMembers) {
  auto made = api().post("/groups",
                         {{"name", "Human trafficking experts"},
                          {"description", "Specialists of THB investigations"},
                          {"members", {"fra.officer", "deu.officer", "partner.user"}}},
                         token("fra.coordinator"));
  ASSERT_EQ(made.status, 201) << made.describe();
  const long long group = made.body["id"];
  EXPECT_EQ(made.body["coordinator"]["user"], "fra.coordinator");
  EXPECT_EQ(made.body["coordinator"]["member"], "FRA");
  EXPECT_EQ(made.body["member_count"], 4);
  EXPECT_EQ(made.body["member_organisations"], 3);
  EXPECT_EQ(made.body["membership"], "coordinator");
  EXPECT_TRUE(told("deu.officer", "group.added", group));
  EXPECT_TRUE(told("partner.user", "group.added", group));
  EXPECT_FALSE(told("deu.analyst", "group.added", group)) << "a user of DEU not in the group";

  const long long id = group_message("deu.officer", group, "Recruiters at the Lagos job fair");
  ASSERT_GT(id, 0);
  for (const char* user : {"fra.officer", "fra.coordinator", "partner.user"}) {
    EXPECT_TRUE(holds_message(inbox(user, "&kind=message"), id)) << user;
    auto read = api().get("/messages/" + std::to_string(id), token(user));
    ASSERT_EQ(read.status, 200) << user << read.describe();
    EXPECT_EQ(read.body["group"], group);
    EXPECT_EQ(read.body["to"], json::array()) << "a group message lists no members";
  }
  // Users of the same members outside the group, and the Secretariat, see nothing.
  for (const char* user : {"fra.reviewer", "fra.admin", "deu.analyst", "ipsg.officer", "admin", "ita.officer"}) {
    EXPECT_FALSE(holds_message(inbox(user), id)) << user;
    EXPECT_EQ(api().get("/messages/" + std::to_string(id), token(user)).status, 404) << user;
    auto notes = api().get("/notifications?limit=1000", token(user));
    ASSERT_EQ(notes.status, 200);
    for (const auto& n : notes.body["notifications"]) {
      EXPECT_NE(n["object"], "message:" + std::to_string(id)) << user;
    }
    auto sent = api().get("/outbox?limit=200", token(user));
    for (const auto& m : sent.body["messages"]) EXPECT_NE(m["id"], id) << user << ": another user's group message";
  }

  // Receipts per user, to the sending user.
  auto marked = api().post("/messages/" + std::to_string(id) + "/read", json::object(), token("fra.officer"));
  ASSERT_EQ(marked.status, 200) << marked.describe();
  EXPECT_FALSE(marked.body["read_at"].is_null());
  auto mine = api().get("/messages/" + std::to_string(id), token("deu.officer"));
  ASSERT_EQ(mine.body["receipts"].size(), 3u) << mine.describe();
  std::set<std::string> read_by;
  for (const auto& r : mine.body["receipts"]) {
    if (!r["read_at"].is_null()) read_by.insert(r["user"].get<std::string>());
  }
  EXPECT_EQ(read_by, std::set<std::string>{"fra.officer"});
  auto coordinator = api().get("/messages/" + std::to_string(id), token("fra.coordinator"));
  EXPECT_TRUE(coordinator.body["read_at"].is_null()) << "fra.officer's read is not fra.coordinator's";
  EXPECT_EQ(api().post("/messages/" + std::to_string(id) + "/read", json::object(), token("deu.officer")).status, 409);

  // A reply without recipients stays in the group; the thread is the group's.
  auto reply = api().post("/messages", {{"reply_to", id}, {"subject", "Re: Lagos"}, {"body", "Same recruiters here."}},
                          token("partner.user"));
  ASSERT_EQ(reply.status, 201) << reply.describe();
  EXPECT_EQ(reply.body["group"], group);
  EXPECT_EQ(reply.body["thread_id"], id);
  EXPECT_TRUE(holds_message(inbox("deu.officer"), reply.body["id"]));
  EXPECT_FALSE(holds_message(inbox("fra.reviewer"), reply.body["id"]));
  EXPECT_EQ(api().get("/threads/" + std::to_string(id), token("fra.reviewer")).status, 404);
  auto outsider_reply =
      api().post("/messages", {{"reply_to", id}, {"subject", "Re"}, {"body", "x"}}, token("fra.reviewer"));
  EXPECT_EQ(outsider_reply.status, 400) << outsider_reply.describe();

  // The member list shows to members only; anyone sees that the group exists.
  auto inside = api().get(path(group), token("partner.user"));
  ASSERT_EQ(inside.status, 200);
  EXPECT_EQ(inside.body["members"].size(), 4u);
  EXPECT_EQ(inside.body["membership"], "member");
  auto outside = api().get(path(group), token("ita.officer"));
  ASSERT_EQ(outside.status, 200);
  EXPECT_FALSE(outside.body.contains("members"));
  EXPECT_EQ(outside.body["membership"], "none");
  EXPECT_EQ(outside.body["member_count"], 4);

  // A group member forwards to a member country; a no_forward message stays.
  auto fwd = api().post("/messages/" + std::to_string(id) + "/forward", {{"to", {"ITA"}}, {"note", "FYI"}},
                        token("fra.officer"));
  ASSERT_EQ(fwd.status, 201) << fwd.describe();
  EXPECT_TRUE(fwd.body["group"].is_null());
  EXPECT_EQ(api().get("/messages/" + std::to_string(fwd.body["id"].get<long long>()), token("ita.officer")).status,
            200);
  auto kept =
      api().post("/messages", {{"group", group}, {"subject", "Kept"}, {"body", "b"}, {"handling", "no_forward"}},
                 token("deu.officer"));
  ASSERT_EQ(kept.status, 201);
  EXPECT_EQ(api()
                .post("/messages/" + std::to_string(kept.body["id"].get<long long>()) + "/forward", {{"to", {"ITA"}}},
                      token("fra.officer"))
                .status,
            403);
}

TEST_F(apiGroups, RequestsToJoinGoToTheCoordinatorWhoAdmitsOrRefuses) {
  const long long group = create({{"name", "Smuggling network Balkans"}, {"members", {"deu.officer"}}});
  auto asked = api().post(path(group, "/requests"), {{"note", "I lead the Adriatic desk"}}, token("ita.officer"));
  ASSERT_EQ(asked.status, 201) << asked.describe();
  const long long request = asked.body["id"];
  EXPECT_EQ(asked.body["status"], "pending");
  EXPECT_TRUE(told("fra.coordinator", "group.request", group));
  EXPECT_FALSE(told("fra.officer", "group.request", group)) << "the coordinator's request, not its member's";
  EXPECT_EQ(api().get(path(group), token("ita.officer")).body["membership"], "requested");
  EXPECT_EQ(api().post(path(group, "/requests"), json::object(), token("ita.officer")).status, 409)
      << "one pending request at a time";
  EXPECT_EQ(api().post(path(group, "/requests"), json::object(), token("deu.officer")).status, 409)
      << "already a member";

  EXPECT_EQ(api().get(path(group, "/requests"), token("deu.officer")).status, 403);
  auto pending = api().get(path(group, "/requests"), token("fra.coordinator"));
  ASSERT_EQ(pending.status, 200);
  ASSERT_EQ(pending.body["requests"].size(), 1u);
  EXPECT_EQ(pending.body["requests"][0]["user"], "ita.officer");
  EXPECT_EQ(pending.body["requests"][0]["note"], "I lead the Adriatic desk");

  const std::string decide = path(group, "/requests/" + std::to_string(request));
  EXPECT_EQ(api().post(decide, {{"decision", "accept"}}, token("deu.officer")).status, 403);
  EXPECT_EQ(api().post(decide, {{"decision", "maybe"}}, token("fra.coordinator")).status, 400);
  auto accepted = api().post(decide, {{"decision", "accept"}}, token("fra.coordinator"));
  ASSERT_EQ(accepted.status, 200) << accepted.describe();
  EXPECT_EQ(accepted.body["status"], "accepted");
  EXPECT_EQ(accepted.body["decided_by"], "fra.coordinator");
  EXPECT_TRUE(told("ita.officer", "group.request.accepted", group));
  EXPECT_EQ(api().post(decide, {{"decision", "refuse"}}, token("fra.coordinator")).status, 409) << "decided once";
  const long long welcome = group_message("fra.coordinator", group, "Welcome");
  EXPECT_TRUE(holds_message(inbox("ita.officer"), welcome));

  auto other = api().post(path(group, "/requests"), json::object(), token("partner.user"));
  ASSERT_EQ(other.status, 201);
  auto refused = api().post(path(group, "/requests/" + std::to_string(other.body["id"].get<long long>())),
                            {{"decision", "refuse"}, {"reason", "Operational members only"}}, token("fra.coordinator"));
  ASSERT_EQ(refused.status, 200) << refused.describe();
  EXPECT_EQ(refused.body["status"], "refused");
  bool with_reason = false;
  for (const auto& i : inbox("partner.user", "&kind=group.request.refused")) {
    with_reason |= i["text"].get<std::string>().find("Operational members only") != std::string::npos;
  }
  EXPECT_TRUE(with_reason);
  EXPECT_EQ(api().get(path(group), token("partner.user")).body["membership"], "none");
}

TEST_F(apiGroups, MembersAreAdmittedRemovedAndTheGroupHandedOver) {
  const long long group = create({{"name", "Document fraud experts"}});
  EXPECT_EQ(api().post(path(group, "/members"), {{"user", "deu.officer"}}, token("fra.officer")).status, 403)
      << "only the coordinator admits";
  auto added = api().post(path(group, "/members"), {{"user", "deu.officer"}}, token("fra.coordinator"));
  ASSERT_EQ(added.status, 200) << added.describe();
  EXPECT_EQ(added.body["member_count"], 2);
  EXPECT_EQ(api().post(path(group, "/members"), {{"user", "deu.officer"}}, token("fra.coordinator")).status, 409);
  auto unknown = api().post(path(group, "/members"), {{"user", "nobody.here"}}, token("fra.coordinator"));
  EXPECT_EQ(unknown.status, 400) << unknown.describe();
  ASSERT_EQ(api().post(path(group, "/members"), {{"user", "ita.officer"}}, token("fra.coordinator")).status, 200);

  // Removed: no longer reached; what it received stays its own.
  const long long before = group_message("fra.coordinator", group, "Before removal");
  auto removed = api().del(path(group, "/members/ita.officer"), token("fra.coordinator"));
  ASSERT_EQ(removed.status, 200) << removed.describe();
  EXPECT_EQ(removed.body["member_count"], 2);
  EXPECT_TRUE(told("ita.officer", "group.removed", group));
  const long long after = group_message("fra.coordinator", group, "After removal");
  EXPECT_TRUE(holds_message(inbox("ita.officer"), before));
  EXPECT_FALSE(holds_message(inbox("ita.officer"), after));
  EXPECT_EQ(api().post("/messages", {{"group", group}, {"subject", "s"}, {"body", "b"}}, token("ita.officer")).status,
            400);

  EXPECT_EQ(api().del(path(group, "/members/fra.coordinator"), token("fra.coordinator")).status, 409)
      << "the coordinator hands over first";
  EXPECT_EQ(api().post(path(group, "/coordinator"), {{"user", "ita.officer"}}, token("fra.coordinator")).status, 400)
      << "to a member only";
  auto handed = api().post(path(group, "/coordinator"), {{"user", "deu.officer"}}, token("fra.coordinator"));
  ASSERT_EQ(handed.status, 200) << handed.describe();
  EXPECT_EQ(handed.body["coordinator"]["user"], "deu.officer");
  EXPECT_EQ(handed.body["membership"], "member");
  EXPECT_TRUE(told("deu.officer", "group.coordinator", group));
  EXPECT_EQ(api().post(path(group, "/members"), {{"user", "ita.officer"}}, token("fra.coordinator")).status, 403);
  auto left = api().del(path(group, "/members/fra.coordinator"), token("fra.coordinator"));
  ASSERT_EQ(left.status, 200) << left.describe();
  EXPECT_EQ(left.body["member_count"], 1);
  EXPECT_EQ(left.body["membership"], "none");
}

TEST_F(apiGroups, BadGroupsAndGroupMessagesAreRefusedAndChangeNothing) {
  const std::size_t groups = group_count();
  EXPECT_EQ(api().post("/groups", {{"name", "Officers' own"}}, token("fra.officer")).status, 403)
      << "coordinators and admins set groups up";
  const long long group = create({{"name", "Unique name"}});
  EXPECT_EQ(api().post("/groups", {{"name", "Unique name"}}, token("admin")).status, 409);
  auto bad =
      api().post("/groups", {{"name", "Bad members"}, {"members", {"deu.officer", "nobody.here", "deu.officer"}}},
                 token("fra.coordinator"));
  ASSERT_EQ(bad.status, 400) << bad.describe();
  std::set<std::string> fields;
  for (const auto& e : bad.body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"members[1]", "members[2]"}));
  EXPECT_EQ(api().post("/groups", {{"name", "  "}}, token("fra.coordinator")).status, 400);
  EXPECT_EQ(api().post("/groups", {{"name", "x"}, {"colour", "red"}}, token("fra.coordinator")).status, 400);
  EXPECT_EQ(group_count(), groups + 1) << "only the good group was stored";
  EXPECT_FALSE(told("deu.officer", "group.added", group + 1));

  // Messages to unknown groups and groups the sender is not in read alike.
  auto unknown = api().post("/messages", {{"group", 999999}, {"subject", "s"}, {"body", "b"}}, token("fra.officer"));
  auto foreign = api().post("/messages", {{"group", group}, {"subject", "s"}, {"body", "b"}}, token("fra.officer"));
  ASSERT_EQ(unknown.status, 400);
  ASSERT_EQ(foreign.status, 400);
  EXPECT_EQ(unknown.body["errors"][0]["field"], "group");
  EXPECT_EQ(foreign.body["errors"][0]["reason"].get<std::string>().find(std::to_string(group)),
            unknown.body["errors"][0]["reason"].get<std::string>().find("999999"));
  auto both = api().post("/messages", {{"group", group}, {"to", {"DEU"}}, {"subject", "s"}, {"body", "b"}},
                         token("fra.coordinator"));
  EXPECT_EQ(both.status, 400) << both.describe();
  auto alone = api().post("/messages", {{"group", group}, {"subject", "s"}, {"body", "b"}}, token("fra.coordinator"));
  EXPECT_EQ(alone.status, 400) << "nobody else in the group: " << alone.describe();
  EXPECT_EQ(api().get(path(999999), token("fra.officer")).status, 404);
  EXPECT_EQ(api().post(path(999999, "/requests"), json::object(), token("fra.officer")).status, 404);
}

}  // namespace
}  // namespace ariadne::apitest
