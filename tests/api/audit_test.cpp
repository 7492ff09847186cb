// The audit log over HTTP and the hash chain through the CLI.
#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

class apiAudit : public ApiSuite {
 protected:
  static std::vector<json> entries(const std::string& query) { return all_audit(api(), token("admin"), query); }

  long long register_fra(const json& restriction) {
    auto r = api().post("/documents", document_body(fresh_number("A"), "FRA", restriction), token("fra.officer"));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body.value("id", 0LL);
  }
};

bool has_entry(const std::vector<json>& list, const std::string& user, const std::string& outcome) {
  for (const auto& e : list) {
    if (e["user"] == user && e["outcome"] == outcome) return true;
  }
  return false;
}

TEST_F(apiAudit, RestrictedReadsAreRecorded) {
  long long members_only = register_fra({{"scope", "members"}, {"members", {"DEU"}}});
  long long owner_only = register_fra({{"scope", "owner"}});
  long long open = register_fra({{"scope", "all"}});

  ASSERT_EQ(api().get("/documents/" + std::to_string(members_only), token("deu.officer")).status, 200);
  ASSERT_EQ(api().get("/documents/" + std::to_string(owner_only), token("fra.officer")).status, 200);
  ASSERT_EQ(api().get("/documents/" + std::to_string(open), token("ita.officer")).status, 200);

  auto read_of = [&](long long id) { return entries("action=document.read&object=document:" + std::to_string(id)); };
  auto deu = read_of(members_only);
  ASSERT_EQ(deu.size(), 1u);
  EXPECT_EQ(deu[0]["user"], "deu.officer");
  EXPECT_EQ(deu[0]["member"], "DEU");
  EXPECT_EQ(deu[0]["outcome"], "ok");
  EXPECT_TRUE(deu[0]["hash"].is_string());
  auto fra = read_of(owner_only);
  ASSERT_EQ(fra.size(), 1u);
  EXPECT_EQ(fra[0]["user"], "fra.officer");
  // The same listing without the object filter contains both.
  auto all_reads = entries("action=document.read");
  EXPECT_GE(all_reads.size(), 2u);
  for (const auto& e : all_reads) EXPECT_EQ(e["action"], "document.read");
  // A refused read of a restricted record leaves no read entry behind it.
  ASSERT_EQ(api().get("/documents/" + std::to_string(owner_only), token("ita.officer")).status, 404);
  EXPECT_FALSE(has_entry(read_of(owner_only), "ita.officer", "ok"));
}

TEST_F(apiAudit, ListingRestrictedRecordsIsRecorded) {
  long long id = register_fra({{"scope", "members"}, {"members", {"DEU"}}});
  auto before = entries("action=document.list&user=deu.officer").size();
  auto r = api().get(
      "/documents?number=" +
          api().get("/documents/" + std::to_string(id), token("fra.officer")).body["number"].get<std::string>(),
      token("deu.officer"));
  ASSERT_EQ(ids_of(r), std::vector<long long>{id});
  auto after = entries("action=document.list&user=deu.officer");
  ASSERT_EQ(after.size(), before + 1);
  EXPECT_NE(after.back()["detail"].get<std::string>().find(std::to_string(id)), std::string::npos)
      << after.back().dump();
}

TEST_F(apiAudit, LoginsAndFailuresAreRecorded) {
  api().login("ita.officer");
  auto failed = api().post("/auth/login", {{"username", "ita.officer"}, {"password", "definitely-wrong-pass"}});
  ASSERT_EQ(failed.status, 401);
  auto unknown = api().post("/auth/login", {{"username", "ghost.user"}, {"password", "definitely-wrong-pass"}});
  ASSERT_EQ(unknown.status, 401);

  auto logins = entries("action=login&object=user:ita.officer");
  EXPECT_TRUE(has_entry(logins, "ita.officer", "ok")) << json(logins).dump(1);
  EXPECT_TRUE(has_entry(logins, "ita.officer", "failed")) << json(logins).dump(1);
  for (const auto& e : logins) {
    EXPECT_EQ(e["detail"].get<std::string>().find("definitely-wrong-pass"), std::string::npos)
        << "a password reached the audit log";
  }
  auto ghost = entries("action=login&user=ghost.user");
  ASSERT_EQ(ghost.size(), 1u);
  EXPECT_EQ(ghost[0]["outcome"], "failed");
}

TEST_F(apiAudit, FiltersAndPaging) {
  auto page1 = api().get("/audit?limit=2", token("admin"));
  ASSERT_EQ(page1.status, 200) << page1.describe();
  ASSERT_EQ(page1.body["entries"].size(), 2u);
  long long last = page1.body["entries"][1]["seq"].get<long long>();
  auto page2 = api().get("/audit?limit=2&after=" + std::to_string(last), token("admin"));
  ASSERT_EQ(page2.status, 200);
  ASSERT_FALSE(page2.body["entries"].empty());
  EXPECT_EQ(page2.body["entries"][0]["seq"].get<long long>(), last + 1);
  EXPECT_EQ(page2.body["entries"][0]["prev_hash"], page1.body["entries"][1]["hash"]) << "entries chain by hash";
  for (const auto& e : entries("member=FRA")) EXPECT_EQ(e["member"], "FRA");
}

TEST_F(apiAudit, MemberAdministratorSeesOwnMemberOnly) {
  register_fra({{"scope", "all"}});
  api().login("deu.officer");
  auto r = api().get("/audit?limit=1000", token("fra.admin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_FALSE(r.body["entries"].empty());
  for (const auto& e : r.body["entries"]) EXPECT_EQ(e["member"], "FRA") << e.dump();
}

TEST_F(apiAudit, ChainVerifiesOverHttpAndCli) {
  // A bit of everything first.
  long long id = register_fra({{"scope", "owner"}});
  std::string one = "/documents/" + std::to_string(id);
  api().get(one, token("fra.officer"));
  api().patch(one, {{"status", "lost"}}, token("fra.officer"));
  api().post("/auth/login", {{"username", "fra.officer"}, {"password", "definitely-wrong-pass"}});
  api().post("/members", {{"code", "ESP"}, {"name", "Spain"}}, token("admin"));
  api().del(one, token("fra.officer"));

  auto v = api().get("/audit/verify", token("admin"));
  ASSERT_EQ(v.status, 200) << v.describe();
  EXPECT_EQ(v.body["intact"], true) << v.describe();
  EXPECT_GT(v.body["entries"].get<long long>(), 5);

  auto cli = run_ariadne({"audit", "verify", "--db", world().db().string()}, world().dir().path());
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("intact"), std::string::npos) << cli.out;
}

// Its own world: it breaks the chain on purpose.
TEST(apiAuditTamper, EditedEntryIsFound) {
  World w;
  ASSERT_EQ(w.start(), "");
  auto c = w.client();
  std::string t = c.login("fra.officer");
  ASSERT_EQ(c.post("/documents", document_body(fresh_number(), "FRA"), t).status, 201);
  ASSERT_EQ(w.server().stop(), 0);
  auto intact = run_ariadne({"audit", "verify", "--db", w.db().string()}, w.dir().path());
  ASSERT_EQ(intact.exit_code, 0) << intact.err;

  std::string seq = sqlite(w.db(), "SELECT seq FROM audit_log WHERE action = 'document.create';", w.dir().path());
  sqlite(w.db(), "UPDATE audit_log SET detail = 'FRA NOTHING' WHERE seq = " + seq + ";", w.dir().path());
  auto broken = run_ariadne({"audit", "verify", "--db", w.db().string()}, w.dir().path());
  EXPECT_EQ(broken.exit_code, 1) << broken.out << broken.err;
  EXPECT_NE(broken.err.find(seq), std::string::npos) << "the first bad entry is named: " << broken.err;
}

// A server with a checkpoint key: checkpoints on demand and at shutdown,
// witnesses for members, and an anchor file that exposes a truncated chain.
TEST(apiAuditCheckpoints, SignedOnDemandAndAtShutdownAndHeldAgainstTheFile) {
  TempDir keys;
  const std::string key = (keys / "audit.key").string(), pub = (keys / "audit.pub").string();
  const std::string anchor = (keys / "anchor.jsonl").string();
  auto made = run_ariadne({"audit", "keygen", "--key", key, "--public-out", pub}, keys.path());
  ASSERT_EQ(made.exit_code, 0) << made.err;
  World w({{"--audit-key", key, "--audit-anchor-out", anchor, "--audit-checkpoint-interval", "3600"}});
  ASSERT_EQ(w.start(), "");
  auto c = w.client();
  EXPECT_EQ(c.get("/audit/head", w.token("fra.admin")).status, 404);  // none yet
  EXPECT_EQ(c.post("/audit/checkpoints", json::object(), w.token("fra.admin")).status, 403);
  auto signed_now = c.post("/audit/checkpoints", json::object(), w.token("admin"));
  ASSERT_EQ(signed_now.status, 201) << signed_now.describe();
  auto head = c.get("/audit/head", w.token("fra.admin"));
  ASSERT_EQ(head.status, 200) << head.describe();
  EXPECT_EQ(head.body, signed_now.body);
  EXPECT_EQ(c.get("/audit/head", w.token("fra.officer")).status, 403);
  ASSERT_EQ(c.post("/documents", document_body(fresh_number(), "FRA"), w.token("fra.officer")).status, 201);
  ASSERT_EQ(w.server().stop(), 0) << w.server().stderr_text();

  auto verified = run_ariadne({"audit", "verify", "--db", w.db().string(), "--anchor", anchor, "--public-key", pub},
                              w.dir().path());
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find(" 0 entries after the last checkpoint"), std::string::npos)
      << "the shutdown checkpoint covers the last write: " << verified.out;
  std::string last = sqlite(w.db(), "SELECT MAX(seq) FROM audit_log;", w.dir().path());
  sqlite(w.db(),
         "DELETE FROM audit_log WHERE seq = " + last +
             "; UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit_log WHERE seq = " + last + " - 1);",
         w.dir().path());
  auto chain_only = run_ariadne({"audit", "verify", "--db", w.db().string()}, w.dir().path());
  EXPECT_EQ(chain_only.exit_code, 0) << "the chain alone cannot tell: " << chain_only.err;
  auto broken = run_ariadne({"audit", "verify", "--db", w.db().string(), "--anchor", anchor, "--public-key", pub},
                            w.dir().path());
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.err.find("entries were removed"), std::string::npos) << broken.err;
}

TEST(apiAuditCheckpoints, KeyOthersMayReadStopsTheServer) {
  TempDir keys;
  const std::string key = (keys / "audit.key").string();
  ASSERT_EQ(run_ariadne({"audit", "keygen", "--key", key}, keys.path()).exit_code, 0);
  fs::permissions(key, fs::perms::others_read, fs::perm_options::add);
  World w({{"--audit-key", key}});
  auto refused = w.start();
  EXPECT_NE(refused.find("status 2"), std::string::npos) << refused;
  EXPECT_NE(refused.find("has mode 0604"), std::string::npos) << refused;
}

TEST(apiAuditCheckpoints, WithoutAKeyNothingIsSignedAndTheLogSaysSo) {
  World w;
  ASSERT_EQ(w.start(), "");
  auto r = w.client().post("/audit/checkpoints", json::object(), w.token("admin"));
  EXPECT_EQ(r.status, 409) << r.describe();
  EXPECT_NE(w.server().stderr_text().find("the audit chain is not checkpointed"), std::string::npos);
}

}  // namespace
}  // namespace ariadne::apitest
