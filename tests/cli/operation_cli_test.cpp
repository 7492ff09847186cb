// `ariadne datagen` simulates an operation week; `ariadne operation replay`
// runs it through the system (the coordinator's operation, every
// participant's acceptance, its checks uploaded with their times, its
// outcomes); `ariadne operation report` shows the report, whose counts are
// the simulation's truth.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace {

using nlohmann::json;

ariadne::testing::CommandResult run(const std::string& args) {
  return ariadne::testing::run_command(std::string(ARIADNE_BIN) + " " + args);
}

// The UTC day `offset` days from today, YYYY-MM-DD.
std::string day(int offset) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(offset) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

json first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return json::parse(line);
}

class OperationCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("op.db");
    world_ = dir_.file("world");
    std::ofstream(dir_.file("pw")) << "a long enough password\n";
    ASSERT_EQ(run("init --db " + db_ + " --admin-password-file " + dir_.file("pw")).code, 0);
    auto made = run("datagen --out " + world_ + " --scale small --seed 5");
    ASSERT_EQ(made.code, 0) << made.out;
    std::ifstream members(world_ + "/members.jsonl");
    std::string line;
    while (std::getline(members, line)) {
      auto m = json::parse(line);
      if (m["code"] == "IPSG") continue;
      ASSERT_EQ(run("member add " + m["code"].get<std::string>() + " X --kind " + m["kind"].get<std::string>() +
                    " --db " + db_)
                    .code,
                0);
    }
    // Every member's stolen and lost documents: what the checks find.
    for (const auto& file : std::filesystem::directory_iterator(world_ + "/documents")) {
      auto r =
          run("import documents " + file.path().string() + " --member " + file.path().stem().string() + " --db " + db_);
      ASSERT_EQ(r.code, 0) << r.out;
    }
  }

  ariadne::testing::TempDir dir_;
  std::string db_, world_;
};

TEST_F(OperationCliTest, AReplayedWeekReportsTheSimulationsTrueCounts) {
  // Offline checks are taken up to 30 days back: the week ends two days ago.
  auto replay = run("operation replay " + world_ + " --db " + db_ + " --ends-on " + day(-2));
  ASSERT_EQ(replay.code, 0) << replay.out;
  const json done = json::parse(replay.out.substr(replay.out.find('{')));
  const json truth = first_line(world_ + "/truth/operation.json");
  EXPECT_EQ(done["checks"], truth["checks"]);
  EXPECT_GT(truth["checks"].get<int>(), 500);
  EXPECT_GT(truth["document_hits"].get<int>(), 10);
  EXPECT_EQ(done["start"], day(-8) + "T00:00:00.000Z") << "the week moved to end on --ends-on";
  EXPECT_EQ(done["end"], day(-1) + "T00:00:00.000Z");

  const std::string id = std::to_string(done["operation"].get<long long>());
  auto shown = run("operation report " + id + " --db " + db_);
  ASSERT_EQ(shown.code, 0) << shown.out;
  const json report = json::parse(shown.out);
  EXPECT_EQ(report["checks"]["total"], truth["checks"]);
  EXPECT_EQ(report["hits"]["total"], truth["document_hits"]);
  for (const auto& p : report["participants"]) {
    const std::string m = p["member"];
    EXPECT_EQ(p["status"], "accepted") << m;
    EXPECT_EQ(p["checks"], truth["checks_by_member"].value(m, 0)) << m;
    EXPECT_EQ(p["hits"], truth["document_hits_by_member"].value(m, 0)) << m;
  }
  const json& total = report["outcomes"]["total"];
  const json& expected = truth["outcomes"];
  EXPECT_EQ(total["arrests"], expected.value("arrest", 0));
  EXPECT_EQ(total["victims"], expected.value("victim", 0));
  EXPECT_EQ(total["migrants"], expected.value("migrant", 0));
  EXPECT_EQ(total["documents_seized"], expected.value("document_seized", 0));
  EXPECT_EQ(total["investigations"], expected.value("investigation", 0));
  EXPECT_GT(expected.value("victim", 0), 0);
  EXPECT_EQ(report["suppression"]["cells"], 0) << "every participant let its small counts be shown";
  std::int64_t by_day = 0;
  for (const auto& d : report["by_day"]) by_day += d["checks"].get<std::int64_t>();
  EXPECT_EQ(by_day, truth["checks"]) << "each check counted on the day it was made";
  EXPECT_EQ(report["by_day"].size(), 7u);

  auto html = run("operation report " + id + " --db " + db_ + " --format html");
  ASSERT_EQ(html.code, 0);
  EXPECT_NE(html.out.find("<html"), std::string::npos);
  EXPECT_NE(html.out.find(truth["name"].get<std::string>()), std::string::npos);

  // The same week again would count its checks twice: refused.
  auto again = run("operation replay " + world_ + " --db " + db_ + " --ends-on " + day(-2));
  EXPECT_EQ(again.code, 2) << again.out;
  EXPECT_NE(again.out.find("replayed already: operation " + id), std::string::npos) << again.out;

  // Bad input: a world without an operation, an unknown report, a malformed
  // line (named, and nothing of the week stored: a week is replayed whole).
  EXPECT_EQ(run("operation replay " + dir_.file("nowhere") + " --db " + db_).code, 2);
  EXPECT_EQ(run("operation report 999999 --db " + db_).code, 2);
  std::filesystem::create_directories(dir_.file("bad"));
  std::filesystem::copy(world_ + "/operation", dir_.file("bad/operation"), std::filesystem::copy_options::recursive);
  std::ofstream(dir_.file("bad/operation/outcomes.jsonl"), std::ios::app) << R"({"member": "DEU", "outcome": 7})"
                                                                          << "\n";
  auto bad = run("operation replay " + dir_.file("bad") + " --db " + db_ + " --ends-on " + day(-3));
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("outcomes.jsonl line"), std::string::npos) << bad.out;
  std::ofstream(dir_.file("bad/operation/outcomes.jsonl"), std::ios::trunc)
      << R"({"member": "DEU", "outcome": {"kind": "arrest", "offence": "x", "occurred_at": "2026-06-01"}})"
      << "\n";
  bad = run("operation replay " + dir_.file("bad") + " --db " + db_ + " --ends-on " + day(-3));
  EXPECT_EQ(bad.code, 2) << "an outcome outside the window: " << bad.out;
  auto listed = run("operation report 2 --db " + db_);
  EXPECT_EQ(listed.code, 2) << "no second operation was stored: " << listed.out;
  EXPECT_EQ(run("audit verify --db " + db_).code, 0);
}

}  // namespace
