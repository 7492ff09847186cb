#include "server_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <thread>

namespace ariadne::apitest {

namespace {

using Clock = std::chrono::steady_clock;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Forks and execs argv with stdin from /dev/null and stdout/stderr to files,
// with `env` added to the environment (replacing inherited variables of the same names).
pid_t spawn(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err,
            const std::vector<std::pair<std::string, std::string>>& env = {}) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Built before fork: the child only execs.
  std::vector<std::string> variables;
  for (char** e = environ; *e; ++e) {
    std::string_view inherited(*e);
    bool replaced = false;
    for (const auto& [name, value] : env) {
      replaced = replaced || (inherited.size() > name.size() && inherited.compare(0, name.size(), name) == 0 &&
                              inherited[name.size()] == '=');
    }
    if (!replaced) variables.emplace_back(*e);
  }
  for (const auto& [name, value] : env) variables.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& v : variables) envp.push_back(v.data());
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    // Never outlive the test process, even when it is killed by a timeout.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int in_fd = open("/dev/null", O_RDONLY);
    int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(126);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    // The child must not inherit a blocked signal mask from test threads.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  return pid;
}

// Waits for pid up to `timeout`; returns the raw wait status, or nullopt.
std::optional<int> wait_for(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0) return -1;  // not our child any more
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::atomic<int> command_counter{0};

}  // namespace

// --- TempDir ------------------------------------------------------------------

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/ariadne-api-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

TempDir::~TempDir() {
  if (std::getenv("ARIADNE_API_KEEP")) return;  // for debugging a failure
  std::error_code ec;
  fs::remove_all(path_, ec);
}

// --- commands -----------------------------------------------------------------

CommandResult run_command(const std::vector<std::string>& argv, const fs::path& dir, std::chrono::seconds timeout) {
  int n = command_counter++;
  fs::path out = dir / ("cmd" + std::to_string(n) + ".out");
  fs::path err = dir / ("cmd" + std::to_string(n) + ".err");
  CommandResult result;
  pid_t pid = spawn(argv, out, err);
  if (pid < 0) return result;
  auto status = wait_for(pid, timeout);
  if (!status) {
    ::kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    result.timed_out = true;
  } else {
    result.exit_code = exit_code_of(*status);
  }
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

CommandResult run_ariadne(const std::vector<std::string>& args, const fs::path& dir, std::chrono::seconds timeout) {
  std::vector<std::string> argv{ARIADNE_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, dir, timeout);
}

// --- Response -----------------------------------------------------------------

std::string Response::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(),
                                              [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return v;
    }
  }
  return {};
}

std::string Response::problem_type() const {
  if (!body.is_object() || !body.contains("type") || !body["type"].is_string()) return {};
  return body["type"].get<std::string>();
}

std::vector<std::string> Response::error_fields() const {
  std::vector<std::string> out;
  if (!body.is_object() || !body.contains("errors") || !body["errors"].is_array()) return out;
  for (const auto& e : body["errors"]) {
    if (e.is_object() && e.contains("field") && e["field"].is_string()) out.push_back(e["field"].get<std::string>());
  }
  return out;
}

std::string Response::describe() const {
  if (!connected) return "no HTTP response (" + httplib::to_string(error) + ")";
  std::string text = raw.size() > 600 ? raw.substr(0, 600) + "…" : raw;
  return std::to_string(status) + " " + content_type() + " " + text;
}

// --- ApiClient ----------------------------------------------------------------

ApiClient::ApiClient(int port, bool tls) {
  if (tls) {
    auto ssl = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
    ssl->enable_server_certificate_verification(false);
    client_ = std::move(ssl);
  } else {
    client_ = std::make_unique<httplib::ClientImpl>("127.0.0.1", port);
  }
  client_->set_connection_timeout(std::chrono::seconds(5));
  client_->set_read_timeout(std::chrono::seconds(30));
  client_->set_write_timeout(std::chrono::seconds(30));
}

Response ApiClient::send(const Request& r) {
  httplib::Request req;
  req.method = r.method;
  req.path = "/api/v1" + r.path;
  req.headers = r.headers;
  if (!r.token.empty()) req.headers.emplace("Authorization", "Bearer " + r.token);
  if (r.raw_body) {
    req.body = *r.raw_body;
    req.headers.emplace("Content-Type", r.content_type);
  } else if (r.body) {
    req.body = r.body->dump();
    req.headers.emplace("Content-Type", r.content_type);
  }
  auto result = client_->send(req);
  Response out;
  out.error = result.error();
  if (!result) return out;
  out.connected = true;
  out.status = result->status;
  out.raw = result->body;
  out.headers = result->headers;
  auto type = out.content_type();
  if (type.find("json") != std::string::npos && !out.raw.empty()) {
    out.body = json::parse(out.raw, nullptr, /*allow_exceptions=*/false);
  }
  return out;
}

Response ApiClient::get(const std::string& path, const std::string& token) {
  return send({"GET", path, std::nullopt, std::nullopt, "application/json", token, {}});
}

Response ApiClient::post(const std::string& path, const json& body, const std::string& token) {
  return send({"POST", path, body, std::nullopt, "application/json", token, {}});
}

Response ApiClient::patch(const std::string& path, const json& body, const std::string& token) {
  return send({"PATCH", path, body, std::nullopt, "application/json", token, {}});
}

Response ApiClient::del(const std::string& path, const std::string& token) {
  return send({"DELETE", path, std::nullopt, std::nullopt, "application/json", token, {}});
}

std::string ApiClient::login(const std::string& username, const std::string& password) {
  auto r = post("/auth/login", {{"username", username}, {"password", password}});
  EXPECT_EQ(r.status, 200) << "login of " << username << ": " << r.describe();
  if (r.status != 200 || !r.body.contains("token")) return {};
  return r.body["token"].get<std::string>();
}

// --- ServerProcess ------------------------------------------------------------

ServerProcess::ServerProcess(fs::path dir, fs::path db, ServerOptions options)
    : dir_(std::move(dir)), db_(std::move(db)), options_(std::move(options)) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill_hard();
}

std::string ServerProcess::stderr_text() const {
  return read_file(dir_ / ("serve" + std::to_string(generation_) + ".err"));
}

std::string ServerProcess::stdout_text() const {
  return read_file(dir_ / ("serve" + std::to_string(generation_) + ".out"));
}

fs::path ServerProcess::port_file() const {
  return dir_ / ("port" + std::to_string(generation_));
}

std::string ServerProcess::launch() {
  if (pid_ > 0) return "already running";
  ++generation_;
  fs::path port_file = this->port_file();
  std::error_code ec;
  fs::remove(port_file, ec);
  std::vector<std::string> argv{ARIADNE_BIN, "serve",  "--db",        db_.string(),  "--port",
                                "0",         "--bind", options_.bind, "--port-file", port_file.string()};
  if (!options_.tls_cert.empty()) {
    argv.insert(argv.end(), {"--tls-cert", options_.tls_cert, "--tls-key", options_.tls_key});
  }
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  pid_ = spawn(argv, dir_ / ("serve" + std::to_string(generation_) + ".out"),
               dir_ / ("serve" + std::to_string(generation_) + ".err"), options_.env);
  if (pid_ < 0) return "fork failed";
  return {};
}

std::string ServerProcess::start(std::chrono::seconds timeout) {
  if (auto e = launch(); !e.empty()) return e;
  fs::path port_file = this->port_file();
  auto deadline = Clock::now() + timeout;
  port_ = 0;
  while (Clock::now() < deadline) {
    if (auto status = wait_for(pid_, std::chrono::milliseconds(0))) {
      pid_ = -1;
      return "the server exited early with status " + std::to_string(exit_code_of(*status)) + ": " + stderr_text();
    }
    if (port_ == 0 && fs::exists(port_file)) {
      std::ifstream in(port_file);
      int p = 0;
      if (in >> p && p > 0) port_ = p;
    }
    if (port_ > 0) {
      ApiClient probe(port_, tls());
      auto r = probe.get("/health");
      if (r.connected && r.status == 200) return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string log = stderr_text();
  kill_hard();
  return "the server did not become healthy within the timeout; log: " + log;
}

void ServerProcess::signal(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
}

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  auto status = wait_for(pid_, timeout);
  if (!status) return std::nullopt;
  pid_ = -1;
  return exit_code_of(*status);
}

int ServerProcess::stop(std::chrono::seconds grace) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  if (auto code = wait_exit(grace)) return *code;
  kill_hard();
  return -1;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

// --- World --------------------------------------------------------------------

std::vector<MemberSpec> standard_members() {
  return {{"FRA", "France", "ncb"}, {"DEU", "Germany", "ncb"}, {"ITA", "Italy", "ncb"}, {"UNODC", "UNODC", "partner"}};
}

std::vector<UserSpec> standard_users() {
  return {{"ipsg.officer", "IPSG", "officer"}, {"fra.officer", "FRA", "officer"}, {"fra.admin", "FRA", "admin"},
          {"fra.reviewer", "FRA", "reviewer"}, {"deu.officer", "DEU", "officer"}, {"ita.officer", "ITA", "officer"},
          {"partner.user", "UNODC", "partner"}};
}

World::World(ServerOptions options, std::vector<MemberSpec> members, std::vector<UserSpec> users)
    : options_(std::move(options)), members_(std::move(members)), users_(std::move(users)) {}

World::~World() {
  if (server_) server_->stop(std::chrono::seconds(5));
}

std::string World::prepare_database() {
  fs::path password_file = dir_ / "password";
  write_file(password_file, std::string(kPassword) + "\n");
  auto check = [](const CommandResult& r, const std::string& what) -> std::string {
    if (r.exit_code == 0) return {};
    return what + " failed (exit " + std::to_string(r.exit_code) + "): " + r.err;
  };
  std::string db_path = db().string();
  if (auto e =
          check(run_ariadne({"init", "--db", db_path, "--admin-password-file", password_file.string()}, dir_.path()),
                "ariadne init");
      !e.empty()) {
    return e;
  }
  for (const auto& m : members_) {
    auto r = run_ariadne({"member", "add", m.code, m.name, "--kind", m.kind, "--db", db_path}, dir_.path());
    if (auto e = check(r, "ariadne member add " + m.code); !e.empty()) return e;
  }
  for (const auto& u : users_) {
    auto r = run_ariadne({"user", "add", "--db", db_path, "--member", u.member, "--role", u.role, u.username,
                          "--password-file", password_file.string()},
                         dir_.path());
    if (auto e = check(r, "ariadne user add " + u.username); !e.empty()) return e;
  }
  return {};
}

// Preparing a world costs an Argon2 hash per user; ctest runs every test in
// its own process, so the prepared database is kept beside the test binary,
// keyed by the ariadne binary (size and time) and the world's members and
// users, and copied for each world.
std::string World::prepare_from_template() {
  std::error_code ec;
  std::string key = std::to_string(fs::file_size(ARIADNE_BIN, ec)) + "/" +
                    std::to_string(fs::last_write_time(ARIADNE_BIN, ec).time_since_epoch().count());
  for (const auto& m : members_) key += "|" + m.code + "," + m.name + "," + m.kind;
  for (const auto& u : users_) key += "|" + u.username + "," + u.member + "," + u.role;
  fs::path cache = fs::read_symlink("/proc/self/exe", ec).parent_path() / "api_world_cache";
  if (ec) return prepare_database();
  fs::path cached = cache / (std::to_string(std::hash<std::string>{}(key)) + ".db");
  // Test processes started together (ctest -j) wait for the first to prepare the world.
  fs::create_directories(cache, ec);
  int lock = open((cache / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock >= 0) flock(lock, LOCK_EX);
  struct Unlock {
    int fd;
    ~Unlock() {
      if (fd >= 0) close(fd);  // closing releases the lock
    }
  } unlock{lock};
  if (!fs::exists(cached)) {
    if (auto e = prepare_database(); !e.empty()) return e;
    if (fs::exists(dir_ / "a.db-wal")) return {};  // not a single file: do not cache
    fs::path tmp = cache / ("tmp-" + std::to_string(getpid()) + ".db");
    fs::copy_file(db(), tmp, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(tmp, cached, ec);  // atomic: concurrent test processes see all or nothing
    return {};
  }
  fs::copy_file(cached, db(), ec);
  if (ec) return "cannot copy the prepared database " + cached.string() + ": " + ec.message();
  return {};
}

std::string World::start() {
  if (!fs::exists(db())) {
    if (auto e = prepare_from_template(); !e.empty()) return e;
  }
  server_ = std::make_unique<ServerProcess>(dir_.path(), db(), options_);
  return server_->start();
}

std::string World::restart() {
  tokens_.clear();  // tokens survive a restart, but tests should not depend on a cache
  if (server_->running()) server_->stop();
  return server_->start();
}

const std::string& World::token(const std::string& username) {
  auto it = tokens_.find(username);
  if (it != tokens_.end()) return it->second;
  auto c = client();
  return tokens_[username] = c.login(username);
}

// --- helpers ------------------------------------------------------------------

std::string fresh_number(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(getpid() % 100000) + "X" + std::to_string(++counter);
}

json document_body(const std::string& number, const std::string& issuing_state, const json& restriction) {
  return {{"number", number},          {"issuing_state", issuing_state}, {"type", "passport"},
          {"status", "stolen"},        {"reported_on", "2025-10-02"},    {"remarks", "reported at the border"},
          {"restriction", restriction}};
}

std::vector<long long> ids_of(const Response& list) {
  std::vector<long long> out;
  if (!list.body.is_object() || !list.body.contains("documents")) return out;
  for (const auto& d : list.body["documents"]) out.push_back(d["id"].get<long long>());
  return out;
}

std::vector<json> all_documents(ApiClient& client, const std::string& token, const std::string& query) {
  std::vector<json> out;
  long long after = 0;
  for (int page = 0; page < 1000; ++page) {
    std::string path = "/documents?limit=1000&after=" + std::to_string(after) + (query.empty() ? "" : "&" + query);
    auto r = client.get(path, token);
    EXPECT_EQ(r.status, 200) << path << ": " << r.describe();
    if (r.status != 200) break;
    for (const auto& d : r.body["documents"]) out.push_back(d);
    if (r.body["next_after"].is_null()) break;
    after = r.body["next_after"].get<long long>();
  }
  return out;
}

Published publish_notice(ApiClient& client, const json& body, const std::string& owner_token,
                         const std::string& reviewer_token) {
  auto drafted = client.post("/notices", body, owner_token);
  if (drafted.status != 201) return {0, "draft: " + drafted.describe()};
  const long long id = drafted.body["id"].get<long long>();
  const std::string path = "/notices/" + std::to_string(id);
  auto submitted = client.post(path + "/submit", json::object(), owner_token);
  if (submitted.status != 200) return {id, "submit: " + submitted.describe()};
  auto reviewed = client.post(path + "/review", {{"decision", "approve"}}, reviewer_token);
  if (reviewed.status != 200 || reviewed.body["status"] != "published") return {id, "review: " + reviewed.describe()};
  return {id, "", reviewed.body};
}

std::vector<json> all_audit(ApiClient& client, const std::string& admin_token, const std::string& query) {
  std::vector<json> out;
  long long after = 0;
  for (int page = 0; page < 1000; ++page) {
    std::string path = "/audit?limit=1000&after=" + std::to_string(after) + (query.empty() ? "" : "&" + query);
    auto r = client.get(path, admin_token);
    EXPECT_EQ(r.status, 200) << path << ": " << r.describe();
    if (r.status != 200) break;
    const auto& entries = r.body["entries"];
    for (const auto& e : entries) out.push_back(e);
    if (entries.size() < 1000) break;
    after = entries.back()["seq"].get<long long>();
  }
  return out;
}

std::string sqlite(const fs::path& db, const std::string& sql, const fs::path& scratch) {
  auto r = run_command({"/usr/bin/sqlite3", "-cmd", ".timeout 10000", db.string(), sql}, scratch);
  EXPECT_EQ(r.exit_code, 0) << "sqlite3 " << sql << ": " << r.err;
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string raw_http(int port, const std::string& bytes, std::chrono::seconds timeout, const std::string& source) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  if (!source.empty()) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    if (inet_pton(AF_INET, source.c_str(), &from.sin_addr) != 1 ||
        bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
      close(fd);
      return {};
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    auto deadline = Clock::now() + timeout;
    std::size_t sent = 0;
    char buf[65536];
    bool open = true;
    while (open && Clock::now() < deadline) {
      pollfd p{fd, static_cast<short>(POLLIN | (sent < bytes.size() ? POLLOUT : 0)), 0};
      if (poll(&p, 1, 50) <= 0) continue;
      if (p.revents & POLLIN) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
      } else if (p.revents & POLLOUT) {
        ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0)
          open = false;  // the server stopped reading; collect what it answered
        else
          sent += static_cast<std::size_t>(n);
      } else if (p.revents & (POLLERR | POLLHUP)) {
        break;
      }
    }
    while (!open) {  // drain an answer sent before the server closed
      ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  return out;
}

int raw_status(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.substr(9, 3).c_str());
}

std::string raw_body(const std::string& response) {
  auto pos = response.find("\r\n\r\n");
  return pos == std::string::npos ? std::string() : response.substr(pos + 4);
}

std::string url_encode(const std::string& s) {
  std::string out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

// --- ApiSuite -----------------------------------------------------------------

std::unique_ptr<World> ApiSuite::world_;
std::unique_ptr<ApiClient> ApiSuite::client_;
std::string ApiSuite::start_error_;

void ApiSuite::SetUpTestSuite() {
  world_ = std::make_unique<World>();
  start_error_ = world_->start();
  if (start_error_.empty()) client_ = std::make_unique<ApiClient>(world_->client());
}

// Every suite ends with a graceful stop and an intact audit chain.
void ApiSuite::TearDownTestSuite() {
  client_.reset();
  if (world_ && world_->server().running()) {
    int code = world_->server().stop();
    EXPECT_EQ(code, 0) << "the server did not stop cleanly on SIGTERM: " << world_->server().stderr_text();
    auto verify = run_ariadne({"audit", "verify", "--db", world_->db().string()}, world_->dir().path());
    EXPECT_EQ(verify.exit_code, 0) << "ariadne audit verify after the suite: " << verify.out << verify.err;
  }
  world_.reset();
}

void ApiSuite::SetUp() {
  ASSERT_TRUE(start_error_.empty()) << start_error_;
}

}  // namespace ariadne::apitest
