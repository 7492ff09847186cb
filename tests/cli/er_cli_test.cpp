// `ariadne er`: flat files of person records resolved and linked.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace {

ariadne::testing::CommandResult run(const std::string& args) {
  return ariadne::testing::run_command(std::string(ARIADNE_BIN) + " er " + args);
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// record_id → cluster_id (and file when linking) from the output.
std::map<std::string, std::string> clusters(const std::string& csv) {
  std::map<std::string, std::string> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    out[line.substr(0, comma)] = line.substr(comma + 1);
  }
  return out;
}

const std::string kFebrl = std::string(ARIADNE_SOURCE_DIR) + "/tests/data/febrl/";

// bench/er/febrl.json with fewer random pairs than a real run samples
// (enough for FEBRL, and quick under the sanitizers), written into `dir`.
std::string febrl_config(const ariadne::testing::TempDir& dir) {
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/bench/er/febrl.json");
  auto config = nlohmann::json::parse(in);
  config["random_pairs"] = 20000;
  const auto path = dir.file("febrl.json");
  std::ofstream(path) << config.dump();
  return path;
}

// The header and the first `rows` records of a FEBRL file, written into `dir`.
std::string slice(const ariadne::testing::TempDir& dir, const std::string& file, int rows) {
  std::ifstream in(kFebrl + file);
  const auto path = dir.file("slice-" + file);
  std::ofstream out(path);
  std::string line;
  for (int i = 0; i <= rows && std::getline(in, line); ++i) out << line << '\n';
  return path;
}

TEST(ErCli, DeduplicatesAFileIntoClusters) {
  ariadne::testing::TempDir dir;
  const auto config = febrl_config(dir);
  const auto out = dir.file("clusters.csv"), pairs = dir.file("pairs.csv"), summary = dir.file("summary.json");
  auto r = run("--input " + kFebrl + "dataset1.csv --id-column rec_id --config " + config + " --out " + out +
               " --pairs-file " + pairs + " --summary " + summary);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1000 records"), std::string::npos) << r.out;
  const auto text = read(out);
  EXPECT_EQ(text.substr(0, text.find('\n')), "record_id,cluster_id");
  const auto c = clusters(text);
  ASSERT_EQ(c.size(), 1000U);
  // An original and its duplicate share a cluster (rec-10 has one).
  EXPECT_EQ(c.at("rec-10-org"), c.at("rec-10-dup-0"));
  EXPECT_NE(c.at("rec-10-org"), c.at("rec-122-org"));
  const auto p = read(pairs);
  EXPECT_EQ(p.substr(0, p.find('\n')), "record_id_l,record_id_r,probability,weight");
  EXPECT_NE(p.find("rec-10-"), std::string::npos);
  const auto s = nlohmann::json::parse(read(summary));
  EXPECT_EQ(s["records"], 1000);
  EXPECT_GT(s["candidate_pairs"].get<int>(), 0);
  EXPECT_EQ(s["model"]["comparisons"].size(), 10U);
  // To stdout without --out; the pairs instead of the clusters with --pairs.
  const auto part = slice(dir, "dataset1.csv", 300);
  r = run("--input " + part + " --id-column rec_id --config " + config);
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("record_id,cluster_id\n"), std::string::npos);
  r = run("--input " + part + " --id-column rec_id --config " + config + " --pairs");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("record_id_l,record_id_r,probability,weight\n"), std::string::npos);
  EXPECT_EQ(r.out.find("record_id,cluster_id"), std::string::npos);
}

TEST(ErCli, WithoutAConfigurationTheHeaderSaysWhatColumnsHold) {
  ariadne::testing::TempDir dir;
  std::ofstream(dir.file("people.csv")) << "ref,First Name,Last_Name,DOB,Gender,shoe\n"
                                        << "a,Kayla,Harrington,1915-06-12,F,38\n"
                                        << "b,Kayla,Harrington,1915-06-12,female,39\n"
                                        << "c,Lachlan,Berry,1999-02-19,M,44\n";
  const auto out = dir.file("c.csv"), summary = dir.file("s.json");
  auto r = run("--input " + dir.file("people.csv") + " --id-column ref --out " + out + " --summary " + summary);
  ASSERT_EQ(r.code, 0) << r.out;
  std::vector<std::string> compared;
  const auto s = nlohmann::json::parse(read(summary));
  for (const auto& c : s["model"]["comparisons"]) compared.push_back(c["name"]);
  EXPECT_EQ(compared, (std::vector<std::string>{"given_name", "surname", "birth_date", "sex"}));
  std::ofstream(dir.file("things.csv")) << "id,colour\n1,red\n";
  r = run("--input " + dir.file("things.csv") + " --id-column id");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("no column of the header is a name"), std::string::npos) << r.out;
}

TEST(ErCli, LinksTwoFiles) {
  ariadne::testing::TempDir dir;
  // Slices of the two files keep the test quick.
  const auto a = slice(dir, "dataset4a.csv", 800), b = slice(dir, "dataset4b.csv", 800);
  const auto out = dir.file("links.csv");
  auto r = run("--input " + a + " --link " + b + " --id-column rec_id --config " + febrl_config(dir) + " --out " + out);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto text = read(out);
  EXPECT_EQ(text.substr(0, text.find('\n')), "record_id,cluster_id,file");
  const auto c = clusters(text);
  EXPECT_EQ(c.size(), 1600U);
  // Every cluster id names its file; records of the second file carry 2.
  std::size_t linked = 0;
  for (const auto& [id, rest] : c) {
    ASSERT_TRUE(rest.starts_with("1:") || rest.starts_with("2:")) << rest;
    if (id.find("-dup-") != std::string::npos) {
      EXPECT_TRUE(rest.ends_with(",2")) << rest;
      linked += rest.starts_with("1:");
    }
  }
  EXPECT_GT(linked, 0U);
}

TEST(ErCli, AddsAFileIncrementally) {
  ariadne::testing::TempDir dir;
  const auto config = febrl_config(dir);
  std::ifstream in(kFebrl + "dataset2.csv");
  std::ofstream base(dir.file("base.csv")), added(dir.file("added.csv"));
  std::string line;
  std::getline(in, line);
  base << line << '\n';
  added << line << '\n';
  for (int i = 0; std::getline(in, line); ++i) (i < 4000 ? base : added) << line << '\n';
  base.close();
  added.close();
  const auto out = dir.file("c.csv"), summary = dir.file("s.json");
  auto r = run("--input " + dir.file("base.csv") + " --add " + dir.file("added.csv") + " --id-column rec_id --config " +
               config + " --out " + out + " --summary " + summary);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto c = clusters(read(out));
  EXPECT_EQ(c.size(), 5000U);
  const auto s = nlohmann::json::parse(read(summary));
  EXPECT_EQ(s["increment"]["records"], 1000);
  EXPECT_GT(s["increment"]["links"].get<int>(), 0);
  // Added duplicates join their originals of the base file.
  std::size_t joined = 0;
  for (const auto& [id, cluster] : c) {
    const auto dup = id.find("-dup-");
    if (dup == std::string::npos) continue;
    const auto org = id.substr(0, dup) + "-org";
    if (c.contains(org) && c.at(org) == cluster && cluster == org) ++joined;
  }
  EXPECT_GT(joined, 100U);
  // A bad added file stops the run before anything is resolved.
  std::ofstream(dir.file("bad.csv")) << "rec_id,given_name\nx,y\n";
  r = run("--input " + dir.file("base.csv") + " --add " + dir.file("bad.csv") + " --id-column rec_id --config " +
          config);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("columns.surname: is not in the header"), std::string::npos) << r.out;
}

TEST(ErCli, BadInputIsRefusedWithItsReason) {
  ariadne::testing::TempDir dir;
  std::ofstream(dir.file("people.csv")) << "id,name\n1,Ana Lopez\n";
  std::ofstream(dir.file("bad.json")) << R"({"columns": {"name": "name", "shoe": "size"}, "colour": 1})";
  auto r = run("--input " + dir.file("people.csv") + " --id-column id --config " + dir.file("bad.json"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("columns.shoe"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("colour: is not a configuration field"), std::string::npos) << r.out;
  std::ofstream(dir.file("notjson.json")) << "{";
  EXPECT_EQ(run("--input " + dir.file("people.csv") + " --id-column id --config " + dir.file("notjson.json")).code, 2);
  std::ofstream(dir.file("dob.json")) << R"({"columns": {"name": "name", "dob": "birth_date"}})";
  r = run("--input " + dir.file("people.csv") + " --id-column id --config " + dir.file("dob.json"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("columns.dob: is not in the header"), std::string::npos) << r.out;
  std::ofstream(dir.file("ok.json")) << R"({"columns": {"name": "name"}})";
  r = run("--input " + dir.file("missing.csv") + " --id-column id --config " + dir.file("ok.json"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("cannot be read"), std::string::npos) << r.out;
  std::ofstream(dir.file("twice.csv")) << "id,name\n1,Ana\n1,Ana\n";
  r = run("--input " + dir.file("twice.csv") + " --id-column id --config " + dir.file("ok.json"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("line 3: id '1' appears twice"), std::string::npos) << r.out;
  // A file of one person resolves to one entity.
  r = run("--input " + dir.file("people.csv") + " --id-column id --config " + dir.file("ok.json"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1,1\n"), std::string::npos) << r.out;
}

}  // namespace
