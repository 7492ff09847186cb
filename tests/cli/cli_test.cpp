// The `ariadne` command line: subcommands, exit codes (0 ok, 1 failure,
// 2 bad usage or input) and the audit verification a tampered file fails.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace {

ariadne::testing::CommandResult run(const std::string& args) {
  return ariadne::testing::run_command(std::string(ARIADNE_BIN) + " " + args);
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("cli.db");
    std::ofstream(dir_.file("pw")) << "a long enough password\n";
    auto r = run("init --db " + db_ + " --admin-password-file " + dir_.file("pw"));
    ASSERT_EQ(r.code, 0) << r.out;
  }
  ariadne::testing::TempDir dir_;
  std::string db_;
};

TEST(Cli, HelpListsEverySubcommand) {
  auto r = run("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* sub : {"init", "member", "user", "serve", "audit"}) {
    EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
  }
  EXPECT_EQ(run("member add --help").code, 0);
  EXPECT_EQ(run("audit verify --help").code, 0);
}

TEST(Cli, BadUsageExitsTwo) {
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  EXPECT_EQ(run("audit verify").code, 2);  // --db missing
  EXPECT_EQ(run("serve --db x.db --port 70000").code, 2);
}

TEST_F(CliTest, InitPrintsCredentialsAndRefusesTwice) {
  ariadne::testing::TempDir other;
  auto fresh = run("init --db " + other.file("x.db"));
  EXPECT_EQ(fresh.code, 0);
  EXPECT_NE(fresh.out.find("password: "), std::string::npos);
  auto again = run("init --db " + db_);
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.out.find("already initialised"), std::string::npos);
}

TEST_F(CliTest, MembersAndUsers) {
  EXPECT_EQ(run("member add FRA France --db " + db_).code, 0);
  auto bad = run("member add XYZ Nowhere --db " + db_);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("ISO 3166-1 alpha-3"), std::string::npos);
  EXPECT_EQ(run("member add FRA again --db " + db_).code, 2);
  EXPECT_EQ(run("member add ACME Carrier --kind partner --db " + db_).code, 0);
  EXPECT_EQ(run("member add DEU Germany --kind nation --db " + db_).code, 2);
  auto user = run("user add --db " + db_ + " --member FRA --role officer alice");
  EXPECT_EQ(user.code, 0) << user.out;
  EXPECT_NE(user.out.find("password: "), std::string::npos);
  EXPECT_EQ(run("user add --db " + db_ + " --member FRA --role chief bob").code, 2);
  EXPECT_EQ(run("user add --db " + db_ + " --member ZZZ --role officer bob").code, 2);
  EXPECT_EQ(run("user add --db " + db_ + " --member FRA --role officer bob --password-file /nonexistent").code, 2);
}

TEST_F(CliTest, UninitialisedDatabaseIsRefused) {
  auto r = run("member add FRA France --db " + dir_.file("empty.db"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("ariadne init"), std::string::npos);
  EXPECT_EQ(run("serve --port 0 --db " + dir_.file("empty.db")).code, 2);
}

TEST_F(CliTest, AuditVerifyNamesTheFirstBadEntry) {
  ASSERT_EQ(run("member add FRA France --db " + db_).code, 0);
  ASSERT_EQ(run("member add DEU Germany --db " + db_).code, 0);
  auto ok = run("audit verify --db " + db_);
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("intact: 4 entries"), std::string::npos) << ok.out;
  auto edit = run("--version");  // keeps the binary warm; the edit below uses the sqlite3 shell
  ASSERT_EQ(edit.code, 0);
  ASSERT_EQ(std::system(("sqlite3 " + db_ + " \"UPDATE audit_log SET object = 'member:ITA' WHERE seq = 3\"").c_str()),
            0);
  auto broken = run("audit verify --db " + db_);
  EXPECT_EQ(broken.code, 1);
  EXPECT_NE(broken.out.find("broken at entry 3"), std::string::npos) << broken.out;
}

}  // namespace

namespace {

TEST(CliMrz, ParsesBothInputFormsOneResultPerMrz) {
  ariadne::testing::TempDir dir;
  std::ofstream(dir.file("in.txt")) << "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
                                       "\n"
                                       "IDCHEA1234567<6<<<<<<<<<<<<<<<\\n7510256M2009018CHE<<<<<<<<<<<8\\n"
                                       "SMITH<<JOHN<ALBERT<<<<<<<<<<<<\n"
                                       "IDCHEA1234567<7<<<<<<<<<<<<<<<\\n7510256M2009018CHE<<<<<<<<<<<8\\n"
                                       "SMITH<<JOHN<ALBERT<<<<<<<<<<<<\n";
  auto r = run("mrz parse " + dir.file("in.txt"));
  ASSERT_EQ(r.code, 0) << r.out;
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = r.out.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(r.out.substr(start, end - start));
  }
  ASSERT_EQ(lines.size(), 3U) << r.out;
  EXPECT_NE(lines[0].find("\"format\":\"TD3\""), std::string::npos);
  EXPECT_NE(lines[0].find("\"surname\":\"ERIKSSON\""), std::string::npos);
  EXPECT_NE(lines[0].find("\"valid\":true"), std::string::npos);
  EXPECT_NE(lines[1].find("\"format\":\"TD1\""), std::string::npos);
  EXPECT_NE(lines[1].find("\"line\":4"), std::string::npos);
  EXPECT_NE(lines[2].find("\"valid\":false"), std::string::npos);  // check digit 7 is wrong
  EXPECT_NE(lines[2].find("\"document_number\":false"), std::string::npos);
}

TEST(CliMrz, OversizedInputIsRejectedByLine) {
  ariadne::testing::TempDir dir;
  std::ofstream(dir.file("big.txt")) << std::string(3000, 'A') << "\n";
  auto r = run("mrz parse " + dir.file("big.txt"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("line 1"), std::string::npos) << r.out;
  EXPECT_EQ(run("mrz parse /nonexistent/file").code, 2);
}

}  // namespace
