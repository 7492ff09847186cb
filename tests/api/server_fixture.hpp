// Harness of the API suite: a temporary directory with a SQLite database
// prepared through the real CLI (`ariadne init`, `member add`, `user add`),
// a real `ariadne serve` child process on a free loopback port, and an HTTP
// client that returns status, headers and parsed JSON.
//
// Every child process is bounded in time and killed by its owner's
// destructor, so a failing assertion never leaves a server behind.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ariadne::apitest {

using nlohmann::json;
namespace fs = std::filesystem;

// The password of every user the harness creates (at least 12 characters).
inline constexpr const char* kPassword = "correct-horse-battery-staple";

// A directory under $TMPDIR removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs argv[0] with arguments, stdin from /dev/null, output captured through
// files in `dir`; kills it after `timeout`.
CommandResult run_command(const std::vector<std::string>& argv, const fs::path& dir,
                          std::chrono::seconds timeout = std::chrono::seconds(60));
// `ariadne ARGS...`
CommandResult run_ariadne(const std::vector<std::string>& args, const fs::path& dir,
                          std::chrono::seconds timeout = std::chrono::seconds(60));

// One HTTP answer. `connected` is false when no HTTP response came back
// (connection refused or reset, TLS failure, timeout).
struct Response {
  bool connected = false;
  httplib::Error error = httplib::Error::Success;
  int status = 0;
  std::string raw;
  json body;  // parsed when the body is JSON, null otherwise
  httplib::Headers headers;

  std::string header(const std::string& name) const;
  std::string content_type() const { return header("Content-Type"); }
  bool is_problem() const { return content_type().rfind("application/problem+json", 0) == 0; }
  // The `type` of a problem document, e.g. /problems/invalid_input.
  std::string problem_type() const;
  // Field names listed in a problem's errors[].
  std::vector<std::string> error_fields() const;
  std::string describe() const;  // for assertion messages
};

// A request to send. `body` is sent as JSON unless `raw_body` is set.
struct Request {
  std::string method = "GET";
  std::string path;  // under /api/v1, e.g. /documents?number=X
  std::optional<json> body;
  std::optional<std::string> raw_body;
  std::string content_type = "application/json";
  std::string token;  // bearer token; empty sends no Authorization header
  httplib::Headers headers;
};

// A client of one server. Not thread-safe: give each thread its own.
class ApiClient {
 public:
  ApiClient(int port, bool tls);
  Response send(const Request& r);
  Response get(const std::string& path, const std::string& token = "");
  Response post(const std::string& path, const json& body, const std::string& token = "");
  Response patch(const std::string& path, const json& body, const std::string& token = "");
  Response del(const std::string& path, const std::string& token = "");
  // POST /auth/login; returns the token or fails the current test.
  std::string login(const std::string& username, const std::string& password = kPassword);

 private:
  std::unique_ptr<httplib::ClientImpl> client_;
};

struct ServerOptions {
  std::vector<std::string> extra_args;  // e.g. {"--body-limit-mib", "1"}
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::pair<std::string, std::string>> env;  // added to the server's environment
  std::string bind = "127.0.0.1";                        // "::" listens on IPv6 (and IPv4) too
};

// One `ariadne serve` child process. The destructor kills it (SIGKILL) if
// it still runs.
class ServerProcess {
 public:
  ServerProcess(fs::path dir, fs::path db, ServerOptions options = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the server and waits (at most `timeout`) until it wrote its port
  // file and answers GET /api/v1/health. Returns an error message, or "".
  std::string start(std::chrono::seconds timeout = std::chrono::seconds(10));
  // Only forks and execs; the port file appears at port_file() once it listens.
  std::string launch();
  fs::path port_file() const;
  // SIGTERM, then waits up to `grace`; SIGKILL after that. Returns the exit
  // code, or -1 when it had to be killed or died by a signal.
  int stop(std::chrono::seconds grace = std::chrono::seconds(10));
  // SIGKILL and reap: the crash case.
  void kill_hard();
  // Sends a signal without waiting.
  void signal(int sig);
  // Waits up to `timeout` for the process to exit; returns the exit code,
  // -1 for a signal death, or nullopt if it still runs.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  bool tls() const { return !options_.tls_cert.empty(); }
  ApiClient client() const { return ApiClient(port_, tls()); }
  std::string stderr_text() const;  // the server's log so far
  std::string stdout_text() const;

 private:
  fs::path dir_;
  fs::path db_;
  ServerOptions options_;
  pid_t pid_ = -1;
  int port_ = 0;
  int generation_ = 0;  // each start writes its own log files
};

struct UserSpec {
  std::string username;
  std::string member;
  std::string role;
};

struct MemberSpec {
  std::string code;
  std::string name;
  std::string kind;  // ncb | secretariat | partner
};

// The standard world: the General Secretariat (IPSG) with its admin from
// `ariadne init`, members FRA, DEU, ITA (ncb) and UNODC (partner), and users
//   admin        IPSG admin        ipsg.officer IPSG officer
//   fra.officer  FRA officer       fra.admin    FRA admin     fra.reviewer FRA reviewer
//   deu.officer  DEU officer       ita.officer  ITA officer
//   partner.user UNODC partner
std::vector<MemberSpec> standard_members();
std::vector<UserSpec> standard_users();

// A temporary directory, a database prepared through the CLI, and a server.
class World {
 public:
  explicit World(ServerOptions options = {}, std::vector<MemberSpec> members = standard_members(),
                 std::vector<UserSpec> users = standard_users());
  ~World();

  // Builds the database (once) and starts the server. Returns "" or an error.
  std::string start();
  TempDir& dir() { return dir_; }
  fs::path db() const { return dir_ / "a.db"; }
  // The options the next start() uses (e.g. an environment naming db()).
  ServerOptions& options() { return options_; }
  ServerProcess& server() { return *server_; }
  ApiClient client() const { return server_->client(); }
  // A cached token of `username` (logged in on first use).
  const std::string& token(const std::string& username);
  // Starts a fresh server process on the same database (after stop or kill).
  std::string restart();

 private:
  std::string prepare_database();
  std::string prepare_from_template();

  TempDir dir_;
  ServerOptions options_;
  std::vector<MemberSpec> members_;
  std::vector<UserSpec> users_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> tokens_;
};

// --- helpers shared by the test files ---------------------------------------

// A document number never used before in this process (letters and digits).
std::string fresh_number(const std::string& prefix = "T");
// A valid registration body for `issuing_state` with the given restriction.
json document_body(const std::string& number, const std::string& issuing_state,
                   const json& restriction = json{{"scope", "all"}});
// Ids of documents in a GET /documents answer.
std::vector<long long> ids_of(const Response& list);
// Every document the token can see (pages through GET /documents).
std::vector<json> all_documents(ApiClient& client, const std::string& token, const std::string& query = "");
// Every audit entry matching `query` (e.g. "action=login"), paging through GET /audit.
std::vector<json> all_audit(ApiClient& client, const std::string& admin_token, const std::string& query = "");
// A notice drafted and submitted by `owner`, then approved by `reviewer`
// (a General Secretariat reviewer): its id, or what went wrong.
struct Published {
  long long id = 0;
  std::string error;  // empty when the notice is published
  json review;        // the reviewer's answer
};
Published publish_notice(ApiClient& client, const json& body, const std::string& owner_token,
                         const std::string& reviewer_token);
// Runs `sqlite3 DB SQL` and returns its stdout (trimmed), failing the test on error.
std::string sqlite(const fs::path& db, const std::string& sql, const fs::path& scratch);
// Sends `bytes` as they are to 127.0.0.1:port (plain TCP) and returns what
// comes back until the server closes or `timeout` passes. `source` is the
// local address to send from (another loopback address, e.g. 127.0.0.2).
std::string raw_http(int port, const std::string& bytes, std::chrono::seconds timeout = std::chrono::seconds(10),
                     const std::string& source = "");
// The status code of a raw HTTP response ("HTTP/1.1 413 ..." → 413), 0 if none.
int raw_status(const std::string& response);
// The body of a raw HTTP response (after the blank line).
std::string raw_body(const std::string& response);
// A URL query component with reserved characters escaped.
std::string url_encode(const std::string& s);

// Suites share one world per test suite (and so per process under ctest,
// which runs every test in its own process).
class ApiSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  static World& world() { return *world_; }
  static ApiClient& api() { return *client_; }
  static const std::string& token(const std::string& username) { return world_->token(username); }

  static std::unique_ptr<World> world_;
  static std::unique_ptr<ApiClient> client_;
  static std::string start_error_;
};

// A suite with a world of its own: `Suite` gives its server's options and
// users through static `options()` and `users()` (standard ones by default).
template <class Suite>
class OwnWorldSuite : public ::testing::Test {
 protected:
  static ServerOptions options() { return {}; }
  static std::vector<UserSpec> users() { return standard_users(); }

  static void SetUpTestSuite() {
    world_ = std::make_unique<World>(Suite::options(), standard_members(), Suite::users());
    start_error_ = world_->start();
    if (start_error_.empty()) client_ = std::make_unique<ApiClient>(world_->client());
  }
  static void TearDownTestSuite() {
    client_.reset();
    world_.reset();
  }
  void SetUp() override { ASSERT_TRUE(start_error_.empty()) << start_error_; }

  static World& world() { return *world_; }
  static ApiClient& api() { return *client_; }
  static const std::string& token(const std::string& username) { return world_->token(username); }

  static inline std::unique_ptr<World> world_;
  static inline std::unique_ptr<ApiClient> client_;
  static inline std::string start_error_;
};

}  // namespace ariadne::apitest
