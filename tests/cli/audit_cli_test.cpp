// `ariadne audit keygen | checkpoint | export-head | verify --anchor`: signed
// checkpoints kept outside the database expose a chain rewritten in the file.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace {

ariadne::testing::CommandResult run(const std::string& args) {
  return ariadne::testing::run_command(std::string(ARIADNE_BIN) + " " + args);
}

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("cli.db");
    key_ = dir_.file("audit.key");
    pub_ = dir_.file("audit.pub");
    anchor_ = dir_.file("anchor.jsonl");
    std::ofstream(dir_.file("pw")) << "a long enough password\n";
    auto r = run("init --db " + db_ + " --admin-password-file " + dir_.file("pw"));
    ASSERT_EQ(r.code, 0) << r.out;
    ASSERT_EQ(run("member add FRA France --db " + db_).code, 0);
    auto k = run("audit keygen --key " + key_ + " --public-out " + pub_);
    ASSERT_EQ(k.code, 0) << k.out;
  }
  void sqlite(const std::string& sql) {
    ASSERT_EQ(std::system(("sqlite3 " + db_ + " \"" + sql + "\"").c_str()), 0) << sql;
  }
  ariadne::testing::CommandResult checkpoint() {
    return run("audit checkpoint --db " + db_ + " --key " + key_ + " --anchor-out " + anchor_);
  }
  ariadne::testing::CommandResult verify(const std::string& anchor, const std::string& pub) {
    return run("audit verify --db " + db_ + " --anchor " + anchor + " --public-key " + pub);
  }
  ariadne::testing::TempDir dir_;
  std::string db_, key_, pub_, anchor_;
};

TEST_F(AuditCliTest, KeygenWritesAPrivateKeyOnceAndPrintsThePublicKey) {
  struct stat st {};
  ASSERT_EQ(::stat(key_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  std::string pub;
  std::getline(std::ifstream(pub_), pub);
  EXPECT_EQ(pub.size(), 64U);
  auto again = run("audit keygen --key " + key_);
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.out.find("never overwritten"), std::string::npos) << again.out;
  EXPECT_EQ(run("audit keygen").code, 2);  // --key missing
}

TEST_F(AuditCliTest, CheckpointThenVerifyAgainstTheAnchor) {
  auto c = checkpoint();
  ASSERT_EQ(c.code, 0) << c.out;
  EXPECT_NE(c.out.find("\"sig\":"), std::string::npos) << c.out;
  ASSERT_EQ(run("member add DEU Germany --db " + db_).code, 0);  // one entry after the checkpoint
  auto v = verify(anchor_, pub_);
  EXPECT_EQ(v.code, 0) << v.out;
  EXPECT_NE(v.out.find("audit chain intact: 4 entries, 2 checkpoints verified"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("1 entries after the last checkpoint are not yet anchored"), std::string::npos) << v.out;
  // Without an anchor, today's check; with the key alone, the stored checkpoints too.
  EXPECT_EQ(run("audit verify --db " + db_).code, 0);
  auto stored = run("audit verify --db " + db_ + " --public-key " + pub_);
  EXPECT_EQ(stored.code, 0) << stored.out;
  EXPECT_NE(stored.out.find("1 checkpoints verified"), std::string::npos) << stored.out;
}

TEST_F(AuditCliTest, TruncationWithTheHeadPassesTheChainButNotTheAnchor) {
  ASSERT_EQ(run("member add DEU Germany --db " + db_).code, 0);
  ASSERT_EQ(checkpoint().code, 0);
  sqlite(
      "DELETE FROM audit_log WHERE seq = 4; UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log "
      "WHERE seq = 3)");
  auto chain_only = run("audit verify --db " + db_);
  EXPECT_EQ(chain_only.code, 0) << "the chain alone cannot tell: " << chain_only.out;
  auto v = verify(anchor_, pub_);
  EXPECT_EQ(v.code, 1) << v.out;
  EXPECT_NE(v.out.find("broken at entry 4: anchor line 1: it covers 4 entries, but the chain ends at entry 3"),
            std::string::npos)
      << v.out;
}

TEST_F(AuditCliTest, DroppedTablesAreDetected) {
  ASSERT_EQ(checkpoint().code, 0);
  sqlite("DROP TABLE audit_log; DROP TABLE audit_head; DROP TABLE audit_checkpoints; DROP TABLE audit_chain");
  auto v = verify(anchor_, pub_);
  EXPECT_EQ(v.code, 1) << v.out;
  EXPECT_NE(v.out.find("audit_log table is missing"), std::string::npos) << v.out;
}

TEST_F(AuditCliTest, AnotherKeysPublicKeyFails) {
  ASSERT_EQ(checkpoint().code, 0);
  ASSERT_EQ(run("audit keygen --key " + dir_.file("other.key") + " --public-out " + dir_.file("other.pub")).code, 0);
  auto v = verify(anchor_, dir_.file("other.pub"));
  EXPECT_EQ(v.code, 1) << v.out;
  EXPECT_NE(v.out.find("anchor line 1: the signature does not verify"), std::string::npos) << v.out;
}

TEST_F(AuditCliTest, KeyReadableByOthersIsRefused) {
  ASSERT_EQ(::chmod(key_.c_str(), 0644), 0);
  auto c = checkpoint();
  EXPECT_EQ(c.code, 2);
  EXPECT_NE(c.out.find("has mode 0644"), std::string::npos) << c.out;
  std::ifstream anchor(anchor_);
  EXPECT_FALSE(anchor.good()) << "nothing was anchored";
}

TEST_F(AuditCliTest, CorruptedAnchorLineIsNamed) {
  ASSERT_EQ(checkpoint().code, 0);
  std::ofstream(anchor_, std::ios::app) << "{\"chain\":\n";
  auto v = verify(anchor_, pub_);
  EXPECT_EQ(v.code, 1) << v.out;
  EXPECT_NE(v.out.find("line 2: not JSON"), std::string::npos) << v.out;
}

TEST_F(AuditCliTest, BadUsageExitsTwo) {
  EXPECT_EQ(run("audit verify --db " + db_ + " --anchor " + anchor_).code, 2);  // no --public-key
  EXPECT_EQ(verify(dir_.file("absent.jsonl"), pub_).code, 2);
  EXPECT_EQ(verify(anchor_, "not-a-key").code, 2);
  EXPECT_EQ(run("audit checkpoint --db " + db_).code, 2);   // no --key
  EXPECT_EQ(run("audit export-head --db " + db_).code, 2);  // no checkpoint yet
}

TEST_F(AuditCliTest, ExportedHeadIsAWitnessMembersVerifyWith) {
  auto head = run("audit export-head --db " + db_ + " --key " + key_);
  ASSERT_EQ(head.code, 0) << head.out;
  std::ofstream(dir_.file("witness.jsonl")) << head.out;
  EXPECT_EQ(verify(dir_.file("witness.jsonl"), pub_).code, 0);
  auto again = run("audit export-head --db " + db_);
  EXPECT_EQ(again.out, head.out) << "the same head is not signed twice";
  sqlite("UPDATE audit_log SET detail = 'x' WHERE seq = 1");
  EXPECT_EQ(verify(dir_.file("witness.jsonl"), pub_).code, 1);
}

}  // namespace
