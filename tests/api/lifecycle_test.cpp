// The server process's life: killed in the middle of concurrent writes it
// loses nothing it acknowledged and leaves a consistent database; on SIGTERM
// it finishes the requests in flight and exits 0.
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

using Clock = std::chrono::steady_clock;

TEST(apiLifecycle, KilledDuringWritesLosesNothingAcknowledged) {
  World w;
  ASSERT_EQ(w.start(), "");
  std::string fra = w.token("fra.officer");
  std::string admin = w.token("admin");
  ASSERT_FALSE(fra.empty());

  constexpr int kThreads = 4;
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::mutex mutex;
  std::vector<long long> acknowledged;  // guarded by mutex
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      ApiClient c(w.server().port(), false);
      auto deadline = Clock::now() + std::chrono::seconds(30);
      while (!stop && Clock::now() < deadline) {
        json body = document_body(fresh_number("K" + std::to_string(t)), "FRA",
                                  t % 2 ? json{{"scope", "owner"}} : json{{"scope", "all"}});
        auto r = c.post("/documents", body, fra);
        if (!r.connected) break;  // the server is gone
        if (r.status == 201) {
          std::lock_guard guard(mutex);
          acknowledged.push_back(r.body["id"].get<long long>());
          ++created;
        }
      }
    });
  }
  // Kill once some writes went through, or after a bounded wait.
  auto deadline = Clock::now() + std::chrono::seconds(15);
  while (created < 40 && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  w.server().kill_hard();
  stop = true;
  for (auto& th : clients) th.join();
  ASSERT_GE(created.load(), 1) << "no write succeeded before the kill; log: " << w.server().stderr_text();

  // The files are consistent without the server.
  auto verify = run_ariadne({"audit", "verify", "--db", w.db().string()}, w.dir().path());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_EQ(sqlite(w.db(), "PRAGMA integrity_check;", w.dir().path()), "ok");
  EXPECT_EQ(sqlite(w.db(), "PRAGMA foreign_key_check;", w.dir().path()), "");

  // A restarted server has every acknowledged document, and tokens survive.
  ASSERT_EQ(w.server().start(), "");
  auto c = w.client();
  EXPECT_EQ(c.get("/me", fra).status, 200) << "a session did not survive the restart";
  for (long long id : acknowledged) {
    auto r = c.get("/documents/" + std::to_string(id), fra);
    EXPECT_EQ(r.status, 200) << "acknowledged document " << id << " is lost: " << r.describe();
  }
  // Every stored document has exactly one creation entry, and every creation entry a document.
  auto docs = all_documents(c, admin);
  EXPECT_GE(docs.size(), acknowledged.size());
  std::map<std::string, int> creations;
  for (const auto& e : all_audit(c, admin, "action=document.create")) ++creations[e["object"].get<std::string>()];
  std::set<std::string> stored;
  for (const auto& d : docs) {
    std::string object = "document:" + std::to_string(d["id"].get<long long>());
    stored.insert(object);
    EXPECT_EQ(creations[object], 1) << object << " has " << creations[object] << " creation entries";
  }
  for (const auto& [object, n] : creations) {
    EXPECT_TRUE(stored.count(object)) << object << " was audited as created but is not stored";
  }
  // Writing works again after the crash.
  EXPECT_EQ(c.post("/documents", document_body(fresh_number("AFTER"), "FRA"), fra).status, 201);
  EXPECT_EQ(w.server().stop(), 0);
  auto again = run_ariadne({"audit", "verify", "--db", w.db().string()}, w.dir().path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

struct Outcome {
  Clock::time_point started;
  Clock::time_point ended;
  bool connected = false;
  int status = 0;
  std::string error;
};

// Logins are the slow requests (an Argon2 hash each), so several are in
// flight when the signal arrives; every one that reached the server before
// the signal must be answered in full.
TEST(apiLifecycle, SigtermFinishesRequestsInFlight) {
  World w;
  ASSERT_EQ(w.start(), "");
  constexpr int kThreads = 4;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<Outcome> outcomes;  // guarded by mutex
  std::vector<std::thread> clients;
  const std::vector<std::string> users = {"fra.officer", "deu.officer", "ita.officer", "ipsg.officer"};
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      ApiClient c(w.server().port(), false);
      auto deadline = Clock::now() + std::chrono::seconds(30);
      while (!stop && Clock::now() < deadline) {
        Outcome o;
        o.started = Clock::now();
        auto r = c.post("/auth/login", {{"username", users[static_cast<std::size_t>(t)]}, {"password", kPassword}});
        o.ended = Clock::now();
        o.connected = r.connected;
        o.status = r.status;
        o.error = httplib::to_string(r.error);
        {
          std::lock_guard guard(mutex);
          outcomes.push_back(o);
        }
        if (!r.connected) break;
      }
    });
  }
  // Let every thread complete a few logins, then signal.
  auto warmup = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < warmup) {
    {
      std::lock_guard guard(mutex);
      if (outcomes.size() >= 8) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto signalled = Clock::now();
  w.server().signal(SIGTERM);
  auto code = w.server().wait_exit(std::chrono::seconds(15));
  stop = true;
  for (auto& th : clients) th.join();
  if (!code) w.server().kill_hard();
  ASSERT_TRUE(code.has_value()) << "the server did not exit within 15 s of SIGTERM";
  EXPECT_EQ(*code, 0) << w.server().stderr_text();

  int in_flight = 0;
  const auto margin = std::chrono::milliseconds(20);  // the kernel may hold a just-opened connection unaccepted
  for (const auto& o : outcomes) {
    if (o.started + margin < signalled) {
      EXPECT_TRUE(o.connected && o.status == 200)
          << "a request sent " << std::chrono::duration_cast<std::chrono::milliseconds>(signalled - o.started).count()
          << " ms before SIGTERM got " << (o.connected ? std::to_string(o.status) : o.error);
      if (o.ended > signalled) ++in_flight;
    } else if (o.connected) {
      EXPECT_EQ(o.status, 200) << "a request answered during shutdown got a non-200 status";
    }
  }
  EXPECT_GE(in_flight, 1) << "no request was in flight at SIGTERM; the test proved nothing";
  std::string log = w.server().stderr_text();
  EXPECT_NE(log.find("\"shutdown\""), std::string::npos) << log;
  EXPECT_NE(log.find("clean shutdown"), std::string::npos) << log;

  // The database is whole and serves again.
  auto verify = run_ariadne({"audit", "verify", "--db", w.db().string()}, w.dir().path());
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  ASSERT_EQ(w.server().start(), "");
  EXPECT_EQ(w.client().get("/health").status, 200);
}

TEST(apiLifecycle, RefusesAnUninitialisedDatabase) {
  TempDir dir;
  ServerProcess server(dir.path(), dir / "empty.db");
  std::string error = server.start(std::chrono::seconds(10));
  EXPECT_NE(error, "");
  EXPECT_NE(error.find("init"), std::string::npos) << error;
}

TEST(apiLifecycle, SigintAlsoStopsCleanly) {
  World w;
  ASSERT_EQ(w.start(), "");
  w.server().signal(SIGINT);
  auto code = w.server().wait_exit(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

}  // namespace
}  // namespace ariadne::apitest

namespace ariadne::apitest {
namespace {

// The port file announces a server ready to be used, and so ready to be
// stopped: a SIGTERM sent the moment it appears must still stop the server.
// (The window is short, so the test tries many times.)
TEST(apiLifecycle, SigtermRightAfterThePortFileAppears) {
  World w;
  ASSERT_EQ(w.start(), "");
  ASSERT_EQ(w.server().stop(), 0);
  constexpr int kAttempts = 30;
  int hung = 0;
  for (int i = 0; i < kAttempts; ++i) {
    int fd = inotify_init1(IN_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_GE(inotify_add_watch(fd, w.dir().path().c_str(), IN_MOVED_TO | IN_CLOSE_WRITE), 0);
    ASSERT_EQ(w.server().launch(), "");
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (!fs::exists(w.server().port_file()) && Clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 100) > 0) {
        char buf[4096];
        (void)read(fd, buf, sizeof buf);
      }
    }
    close(fd);
    ASSERT_TRUE(fs::exists(w.server().port_file())) << w.server().stderr_text();
    w.server().signal(SIGTERM);
    auto code = w.server().wait_exit(std::chrono::seconds(5));
    if (!code) {
      ++hung;
      w.server().kill_hard();
    } else {
      EXPECT_EQ(*code, 0) << w.server().stderr_text();
    }
  }
  EXPECT_EQ(hung, 0) << hung << " of " << kAttempts
                     << " servers ignored a SIGTERM sent as soon as the port file appeared and kept running";
}

}  // namespace
}  // namespace ariadne::apitest
