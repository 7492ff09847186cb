// Attachments over a real server: files travel with a message and its
// forwards to the message's parties only, are accepted by their content
// (not their name), stay within their limits, and are stored sealed: the
// database file never holds their content, and a sealed file moved to
// another row or sealed with another key does not open.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Small files of each kind, as their first bytes make them.
const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n% statement of witness K-17 about Lagos recruiters\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
constexpr char kPngHead[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
const std::string kPng = std::string(kPngHead, sizeof kPngHead - 1) + std::string(64, '\0');
const std::string kText = "Transfers of 12 March: 4,000 EUR to IBAN DE89 3704 0044 0532 0130 00 (plain text)\n";
const std::string kHtml = "<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n";
const std::string kScript = "#!/bin/sh\nrm -rf /\n";

// A Word document (Office Open XML) that carries a macro project, built with Python's zipfile.
std::string macro_document() {
  const std::string path = "/tmp/ariadne-macro-" + std::to_string(::getpid()) + ".docx";
  const std::string script =
      "import zipfile, sys\n"
      "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
      "    z.writestr('[Content_Types].xml', '<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
      "content-types\"/>')\n"
      "    z.writestr('_rels/.rels', '<Relationships/>')\n"
      "    z.writestr('word/document.xml', '<w:document/>')\n"
      "    z.writestr('word/vbaProject.bin', 'Attribute VB_Name = \"Module1\"')\n";
  std::ofstream("/tmp/ariadne-macro.py") << script;
  if (std::system(("/usr/bin/python3 /tmp/ariadne-macro.py " + path).c_str()) != 0) return {};
  std::ifstream in(path, std::ios::binary);
  std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  return out;
}

// The head of a real executable: this test's own.
std::string executable_head() {
  std::ifstream in("/proc/self/exe", std::ios::binary);
  std::string out(16384, '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(in.gcount()));
  return out;
}

json file(const std::string& name, const std::string& bytes) {
  return {{"name", name}, {"content_base64", base64(bytes)}};
}

class apiAttachments : public OwnWorldSuite<apiAttachments> {
 public:
  // The key lives in the world's own directory, created by the server.
  static void SetUpTestSuite() {
    world_ = std::make_unique<World>(ServerOptions{}, standard_members(), standard_users());
    key_path_ = (world_->dir() / "attachments.key").string();
    world_->options().extra_args = {"--attachment-key", key_path_};
    start_error_ = world_->start();
    if (start_error_.empty()) client_ = std::make_unique<ApiClient>(world_->client());
  }

 protected:
  static Response send(const json& body, const std::string& user = "fra.officer") {
    return api().post("/messages", body, token(user));
  }
  // A vector: a braced list of one json is an array on every compiler.
  static json message(const std::vector<json>& attachments) {
    return {{"to", {"DEU"}}, {"subject", "Evidence"}, {"body", "Files attached."}, {"attachments", attachments}};
  }
  static Response download(const json& attachment, const std::string& user) {
    std::string href = attachment["href"];
    return api().get(href.substr(std::string("/api/v1").size()), token(user));
  }
  static long long count(const std::string& sql) {
    sqlite3* db = nullptr;
    long long n = -1;
    if (sqlite3_open_v2(world().db().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
      }
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
  }
  static bool execute(const std::string& sql) {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(world().db().c_str(), &db) == SQLITE_OK && sqlite3_busy_timeout(db, 5000) == SQLITE_OK &&
              sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
  }
  static std::string database_bytes() {
    std::string out;
    for (const auto* suffix : {"", "-wal"}) {
      std::ifstream in(world().db().string() + suffix, std::ios::binary);
      out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return out;
  }

  static inline std::string key_path_;
};

TEST_F(apiAttachments, FilesReachTheMessagesPartiesOnlyAndAreStoredSealed) {
  auto sent = send(message({file("statement.pdf", kPdf), file("passport-photo", kPng), file("iban", kText)}));
  ASSERT_EQ(sent.status, 201) << sent.describe();
  const auto& files = sent.body["attachments"];
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0]["media_type"], "application/pdf");
  EXPECT_EQ(files[1]["media_type"], "image/png") << "by its content";
  EXPECT_EQ(files[2]["media_type"], "text/plain");
  EXPECT_EQ(files[0]["size"], kPdf.size());
  EXPECT_EQ(files[0]["name"], "statement.pdf");

  auto pdf = download(files[0], "deu.officer");
  ASSERT_EQ(pdf.status, 200) << pdf.describe();
  EXPECT_EQ(pdf.raw, kPdf);
  EXPECT_EQ(pdf.content_type(), "application/pdf");
  EXPECT_EQ(pdf.header("Content-Disposition").rfind("attachment;", 0), 0u) << "a download, never shown inline";
  EXPECT_NE(pdf.header("Content-Disposition").find("statement.pdf"), std::string::npos);
  EXPECT_EQ(pdf.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(download(files[1], "fra.officer").raw, kPng) << "the sender reads its own files";
  for (const char* outsider : {"ita.officer", "ipsg.officer", "partner.user"}) {
    EXPECT_EQ(download(files[0], outsider).status, 404) << outsider;
  }
  // Another message's id with this attachment's id: not this message's file.
  auto other = send({{"to", {"ITA"}}, {"subject", "s"}, {"body", "b"}}, "deu.officer");
  ASSERT_EQ(other.status, 201);
  EXPECT_EQ(api()
                .get("/messages/" + std::to_string(other.body["id"].get<long long>()) + "/attachments/" +
                         std::to_string(files[0]["id"].get<long long>()),
                     token("ita.officer"))
                .status,
            404);

  // A forward carries the files to its own recipients.
  auto fwd = api().post("/messages/" + std::to_string(sent.body["id"].get<long long>()) + "/forward",
                        {{"to", {"ITA"}}, {"note", "for your case"}}, token("deu.officer"));
  ASSERT_EQ(fwd.status, 201) << fwd.describe();
  ASSERT_EQ(fwd.body["attachments"].size(), 3u);
  EXPECT_EQ(download(fwd.body["attachments"][2], "ita.officer").raw, kText);

  // At rest: neither the content nor its base64 is anywhere in the database's files.
  const std::string stored = database_bytes();
  EXPECT_EQ(stored.find("statement of witness K-17"), std::string::npos);
  EXPECT_EQ(stored.find("DE89 3704 0044"), std::string::npos);
  EXPECT_EQ(stored.find(base64(kText).substr(0, 40)), std::string::npos);

  // The key file was created for the server, readable by its user only.
  struct stat st {};
  ASSERT_EQ(stat(key_path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(apiAttachments, ASealedFileMovedToAnotherRowDoesNotOpen) {
  auto sent = send(message({file("a.txt", "first file, plain text\n"), file("b.txt", "second file, plain text\n")}));
  ASSERT_EQ(sent.status, 201) << sent.describe();
  const auto& files = sent.body["attachments"];
  const std::string a = std::to_string(files[0]["id"].get<long long>());
  const std::string b = std::to_string(files[1]["id"].get<long long>());
  ASSERT_TRUE(
      execute("UPDATE attachments SET sealed = (SELECT sealed FROM attachments WHERE id = " + b + ") WHERE id = " + a));
  auto moved = download(files[0], "deu.officer");
  EXPECT_EQ(moved.status, 500) << moved.describe();
  EXPECT_NE(moved.raw.find("does not open"), std::string::npos) << moved.describe();
  EXPECT_EQ(moved.raw.find("second file"), std::string::npos);
  EXPECT_EQ(download(files[1], "deu.officer").raw, "second file, plain text\n");
}

TEST_F(apiAttachments, FilesOfForbiddenTypesOrOverTheLimitAreRefusedAndChangeNothing) {
  const long long messages = count("SELECT COUNT(*) FROM messages");
  const long long stored = count("SELECT COUNT(*) FROM attachments");
  struct Case {
    json attachments;
    std::string field;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {json::array({file("photo.jpg", executable_head())}), "attachments[0].content_base64", "application/x-"},
      {json::array({file("notes.txt", kPdf), file("page.txt", kHtml)}), "attachments[1].content_base64", "text/html"},
      {json::array({file("run.txt", kScript)}), "attachments[0].content_base64", "shellscript"},
      {json::array({file("big.txt", std::string(5 * 1024 * 1024 + 1, 'a'))}), "attachments[0].content_base64",
       "5242880 bytes"},
      {json::array({{{"name", "x.txt"}, {"content_base64", "not base64 at all!"}}}), "attachments[0].content_base64",
       "base64"},
      {json::array({file("", kText)}), "attachments[0].name", ""},
      {json::array({file("../../etc/passwd", kText)}), "attachments[0].name", "'/'"},
      {json::array({{{"name", "x.txt"}, {"content_base64", ""}}}), "attachments[0].content_base64", "empty"},
      {json::array({file("x.txt", kText), 7}), "attachments[1]", "object"},
      {json::array({file("invoice.ps1", kText)}), "attachments[0].name", ".ps1 does not match its content, text/plain"},
      {json::array({file("scan.pdf", kPng)}), "attachments[0].name", "image/png"},
      {json::array({file("report.docx", macro_document())}), "attachments[0].content_base64", "vbaproject.bin"},
  };
  for (const auto& c : cases) {
    auto r = send(message(c.attachments));
    ASSERT_EQ(r.status, 400) << c.field << ": " << r.describe();
    bool named = false;
    for (const auto& e : r.body["errors"]) {
      named |= e["field"] == c.field && e["reason"].get<std::string>().find(c.reason) != std::string::npos;
    }
    EXPECT_TRUE(named) << c.field << " / " << c.reason << ": " << r.describe();
  }
  json eleven = json::array();
  for (int i = 0; i < 11; ++i) eleven.push_back(file("f" + std::to_string(i) + ".txt", kText));
  auto many = send(message(eleven));
  EXPECT_EQ(many.status, 400) << many.describe();
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages"), messages) << "no message of a refused file was sent";
  EXPECT_EQ(count("SELECT COUNT(*) FROM attachments"), stored);
}

TEST_F(apiAttachments, AKeyFileOthersMayReadOrAMissingOneOnceFilesAreSealedIsRefused) {
  const auto loose = world().dir() / "loose.key";
  {
    std::ofstream out(loose);
    out << std::string(64, 'a') << "\n";
  }
  ASSERT_EQ(chmod(loose.c_str(), 0644), 0);
  auto r = run_ariadne({"serve", "--db", world().db().string(), "--port", "0", "--attachment-key", loose.string()},
                       world().dir().path(), std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;

  // Once a file is sealed, a missing key file is a volume not mounted or a
  // mistyped path: refused, not replaced by a new key.
  auto sealed = send(message({file("a.txt", kText)}));
  ASSERT_EQ(sealed.status, 201) << sealed.describe();
  const auto missing = world().dir() / "not-mounted" / "attachments.key";
  r = run_ariadne({"serve", "--db", world().db().string(), "--port", "0", "--attachment-key", missing.string()},
                  world().dir().path(), std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("attachments are sealed with a key: restore the file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ariadne::apitest
