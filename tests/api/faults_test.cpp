// A real `ariadne serve` whose database writes fail: the fault shim
// (tests/support/fault_shim.cpp, preloaded into the server) makes the
// database's writes fail with ENOSPC or EIO, or its syncs with EIO, while a
// control file exists. Writes then answer 503 problems that say why without
// naming files, reads and /health keep answering, nothing is acknowledged
// that was not made durable, and once the fault is lifted writes succeed and
// the audit chain verifies. A database file the process may not write is
// refused at start-up by the server; the CLI still reads it.
#include <cstdlib>
#include <fstream>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

// The server (or CLI) environment that preloads the shim for `db`.
std::vector<std::pair<std::string, std::string>> shim_env(const fs::path& db, const fs::path& control) {
  return {{"LD_PRELOAD", ARIADNE_FAULT_SHIM},
          {"ARIADNE_FAULT_DB", db.string()},
          {"ARIADNE_FAULT_CONTROL", control.string()},
          // The shim comes first in sanitizer builds; the suite's own options still hold.
          {"ASAN_OPTIONS",
           std::string(std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "") + ":verify_asan_link_order=0"}};
}

void set_fault(const fs::path& control, const std::string& fault) {
  std::ofstream(control) << fault << "\n";
}

class apiFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.options().env = shim_env(world_.db(), control());
    ASSERT_EQ(world_.start(), "");
  }
  fs::path control() { return world_.dir() / "fault"; }
  Response post_document(const std::string& number) {
    auto c = world_.client();
    return c.post("/documents", document_body(number, "FRA"), world_.token("fra.officer"));
  }
  // `ariadne ARGS...` with the shim preloaded.
  CommandResult ariadne_with_shim(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"/usr/bin/env"};
    for (const auto& [name, value] : shim_env(world_.db(), control())) argv.push_back(name + "=" + value);
    argv.push_back(ARIADNE_BIN);
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, world_.dir().path());
  }
  std::string count_documents(const std::string& number) {
    return sqlite(world_.db(), "SELECT COUNT(*) FROM documents WHERE number = '" + number + "'", world_.dir().path());
  }

  World world_;
};

TEST_F(apiFaults, WritesFailClearlyWhileReadsAndHealthAnswer) {
  auto c = world_.client();
  const std::string& officer = world_.token("fra.officer");
  const std::string& admin = world_.token("admin");
  auto first = post_document(fresh_number("F"));
  ASSERT_EQ(first.status, 201) << first.describe();
  const std::string one = "/documents/" + std::to_string(first.body["id"].get<long long>());

  for (const auto& [fault, reason] :
       {std::pair<std::string, std::string>{"ENOSPC", "disk full"}, {"EIO", "I/O error"}, {"FSYNC", "durable"}}) {
    SCOPED_TRACE(fault);
    set_fault(control(), fault);
    const std::string number = fresh_number("F");
    auto refused = post_document(number);
    EXPECT_EQ(refused.status, 503) << refused.describe();
    EXPECT_TRUE(refused.is_problem()) << refused.describe();
    EXPECT_EQ(refused.problem_type(), "/problems/unavailable") << refused.describe();
    const std::string detail = refused.body.value("detail", "");
    EXPECT_NE(detail.find(reason), std::string::npos) << detail;
    EXPECT_EQ(detail.find(world_.dir().path().string()), std::string::npos) << detail;
    EXPECT_EQ(detail.find("a.db"), std::string::npos) << detail;

    // A bulk import stops at its first batch and names its lines.
    const std::string bulk_body =
        document_body(fresh_number("B"), "FRA").dump() + "\n" + document_body(fresh_number("B"), "FRA").dump() + "\n";
    auto bulk = c.send({"POST", "/documents/bulk", std::nullopt, bulk_body, "application/x-ndjson", officer, {}});
    EXPECT_EQ(bulk.status, 503) << bulk.describe();
    EXPECT_NE(bulk.body.value("detail", "").find("lines 1-2, which are not stored"), std::string::npos)
        << bulk.describe();

    // A login writes its session and audit entry: refused the same way, not taken for bad credentials.
    auto login = c.post("/auth/login", {{"username", "fra.officer"}, {"password", kPassword}});
    EXPECT_EQ(login.status, 503) << login.describe();

    auto read = c.get(one, officer);
    EXPECT_EQ(read.status, 200) << read.describe();
    EXPECT_EQ(read.body, first.body);
    EXPECT_EQ(c.get("/health").status, 200);
    auto listed = c.get("/documents?number=" + first.body["number"].get<std::string>(), officer);
    EXPECT_EQ(listed.status, 200) << listed.describe();

    fs::remove(control());
    EXPECT_EQ(count_documents(number), "0") << "a refused write was stored";
    auto retried = post_document(number);
    EXPECT_EQ(retried.status, 201) << retried.describe();
    EXPECT_EQ(count_documents(number), "1");
  }
  auto entries = all_audit(c, admin, "action=document.create");
  EXPECT_EQ(entries.size(), 4U);  // the first and the three retries
  EXPECT_TRUE(all_audit(c, admin, "action=document.bulk_create").empty());
  EXPECT_TRUE(world_.server().running());
  world_.server().stop();
  auto verify = run_ariadne({"audit", "verify", "--db", world_.db().string()}, world_.dir().path());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("intact"), std::string::npos) << verify.out;
}

// Root writes any file whatever its mode, so a file the service user may only
// read (the mistake an operator meets: chmod 0444, another owner) is made by
// the shim refusing to open it for writing, as the kernel does.
TEST_F(apiFaults, ADatabaseFileTheServerMayNotWriteIsRefusedAtStartUp) {
  auto first = post_document(fresh_number("R"));
  ASSERT_EQ(first.status, 201) << first.describe();
  world_.server().stop();
  set_fault(control(), "EACCES");

  ServerProcess refused(world_.dir().path(), world_.db(), world_.options());
  const std::string error = refused.start();
  EXPECT_NE(error.find("exited early with status 1"), std::string::npos) << error;
  EXPECT_NE(error.find("is read-only for this process"), std::string::npos) << error;

  // The CLI reads it, and a write says why it fails.
  auto verify = ariadne_with_shim({"audit", "verify", "--db", world_.db().string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("intact"), std::string::npos) << verify.out;
  auto add = ariadne_with_shim({"member", "add", "ESP", "Spain", "--kind", "ncb", "--db", world_.db().string()});
  EXPECT_EQ(add.exit_code, 1) << add.out << add.err;
  EXPECT_NE(add.err.find("read-only"), std::string::npos) << add.err;
  EXPECT_EQ(sqlite(world_.db(), "SELECT COUNT(*) FROM members WHERE code = 'ESP'", world_.dir().path()), "0");

  fs::remove(control());
  EXPECT_EQ(world_.restart(), "");
  EXPECT_EQ(post_document(fresh_number("R")).status, 201);
}

// The CLI's import on a full disk exits 1 naming the lines it could not
// store, and stores them once there is room.
TEST_F(apiFaults, ACliImportOnAFullDiskExitsWithTheReason) {
  const std::string a = fresh_number("C"), b = fresh_number("C");
  const fs::path file = world_.dir() / "import.jsonl";
  std::ofstream(file) << document_body(a, "FRA").dump() << "\n" << document_body(b, "FRA").dump() << "\n";
  const std::vector<std::string> import{"import", "documents", file.string(),       "--member",
                                        "FRA",    "--db",      world_.db().string()};
  set_fault(control(), "ENOSPC");
  auto full = ariadne_with_shim(import);
  EXPECT_EQ(full.exit_code, 1) << full.out << full.err;
  EXPECT_NE(full.err.find("disk full"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("lines 1-2, which are not stored"), std::string::npos) << full.err;
  EXPECT_EQ(count_documents(a), "0");
  fs::remove(control());
  auto done = ariadne_with_shim(import);
  EXPECT_EQ(done.exit_code, 0) << done.out << done.err;
  EXPECT_EQ(count_documents(a), "1");
  EXPECT_EQ(count_documents(b), "1");
}

}  // namespace
}  // namespace ariadne::apitest
