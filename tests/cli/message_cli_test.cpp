// `ariadne message send|inbox`: a script sends as a user, one message from
// flags or JSON Lines all or nothing, and reads its member's inbox.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace {

using nlohmann::json;

ariadne::testing::CommandResult run(const std::string& args) {
  return ariadne::testing::run_command(std::string(ARIADNE_BIN) + " " + args);
}

std::vector<json> lines_of(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto parsed = json::parse(line, nullptr, false);
    if (!parsed.is_discarded()) lines.push_back(parsed);
  }
  return lines;
}

class MessageCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("m.db");
    const std::string pw = dir_.file("pw");
    std::ofstream(pw) << "a long enough password\n";
    ASSERT_EQ(run("init --db " + db_ + " --admin-password-file " + pw).code, 0);
    for (const char* m : {"FRA France", "DEU Germany"})
      ASSERT_EQ(run(std::string("member add ") + m + " --db " + db_).code, 0);
    ASSERT_EQ(run("user add --db " + db_ + " --member FRA --role officer fra.o --password-file " + pw).code, 0);
    ASSERT_EQ(run("user add --db " + db_ + " --member DEU --role analyst deu.a --password-file " + pw).code, 0);
  }
  std::vector<json> inbox(const std::string& user, const std::string& extra = "") {
    auto r = run("message inbox --db " + db_ + " --as " + user + " " + extra);
    EXPECT_EQ(r.code, 0) << r.out;
    return lines_of(r.out);
  }
  ariadne::testing::TempDir dir_;
  std::string db_;
};

TEST_F(MessageCliTest, SendsFromFlagsAndReadsTheInbox) {
  auto sent = run("message send --db " + db_ + " --as fra.o --to DEU --subject 'Van at Kehl' --body 'Plate AB-123' " +
                  "--priority urgent");
  ASSERT_EQ(sent.code, 0) << sent.out;
  auto result = lines_of(sent.out);
  ASSERT_EQ(result.size(), 1u) << sent.out;
  const auto id = result[0]["id"].get<long long>();
  auto items = inbox("deu.a", "--kind message");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["message"]["id"], id);
  EXPECT_EQ(items[0]["message"]["from"], "FRA");
  EXPECT_EQ(items[0]["message"]["priority"], "urgent");
  EXPECT_EQ(items[0]["text"], "Van at Kehl");
  EXPECT_TRUE(inbox("fra.o").empty()) << "the sender's inbox holds what it received, not what it sent";

  auto reply = run("message send --db " + db_ + " --as deu.a --reply-to " + std::to_string(id) +
                   " --subject 'Re: Van' --body 'Stopped.'");
  ASSERT_EQ(reply.code, 0) << reply.out;
  EXPECT_EQ(lines_of(reply.out)[0]["thread_id"], id);
  EXPECT_EQ(inbox("fra.o", "--unread").size(), 1u);
}

TEST_F(MessageCliTest, JsonLinesAreSentAllOrNothingAndTheRejectedLinesNamed) {
  const std::string file = dir_.file("messages.jsonl");
  std::ofstream(file) << R"({"to":["DEU"],"subject":"one","body":"first"})"
                      << "\n\n"
                      << R"({"to":["XXX"],"subject":"two","body":"second"})"
                      << "\n"
                      << R"({"to":["DEU"],"subject":"three"})"
                      << "\n";
  auto bad = run("message send --db " + db_ + " --as fra.o " + file);
  EXPECT_EQ(bad.code, 2) << bad.out;
  auto errors = lines_of(bad.out);
  ASSERT_EQ(errors.size(), 2u) << bad.out;
  EXPECT_EQ(errors[0]["line"], 3);
  EXPECT_EQ(errors[0]["error"]["errors"][0]["field"], "to[0]");
  EXPECT_EQ(errors[1]["line"], 4);
  EXPECT_EQ(errors[1]["error"]["errors"][0]["field"], "body");
  EXPECT_NE(bad.out.find("nothing was sent"), std::string::npos) << bad.out;
  EXPECT_TRUE(inbox("deu.a").empty()) << "the good line was not sent either";

  std::ofstream(file) << R"({"to":["DEU"],"subject":"one","body":"first"})"
                      << "\n"
                      << R"({"to":"all","subject":"two","body":"second","priority":"immediate"})"
                      << "\n";
  auto good = run("message send --db " + db_ + " --as fra.o < " + file);
  ASSERT_EQ(good.code, 0) << good.out;
  EXPECT_EQ(lines_of(good.out).size(), 2u);
  EXPECT_EQ(inbox("deu.a").size(), 2u);
  EXPECT_EQ(inbox("deu.a", "--priority immediate").size(), 1u);
  EXPECT_EQ(inbox("admin", "--kind message").size(), 1u) << "\"all\" reaches the Secretariat";
  EXPECT_EQ(run("message send --db " + db_ + " --as nobody --to DEU --subject s --body b").code, 2);
  EXPECT_EQ(run("message inbox --db " + db_ + " --as deu.a --priority flash").code, 2);
}

}  // namespace
