// GET /inbox/stream over a real server: new items arrive within a second, a
// reconnect with Last-Event-ID receives exactly what it missed and nothing
// twice, a member's stream carries nothing of another member's, and a client
// that never reads is dropped once its backlog is full (bounded memory),
// then resumes where it stopped.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

using Clock = std::chrono::steady_clock;

struct Event {
  long long id = 0;
  std::string kind;
  json data;
};

// A server-sent-events client on a plain socket: what a browser's EventSource
// does, with the receive buffer under the test's control.
class SseClient {
 public:
  SseClient(int port, const std::string& token, const std::string& last_event_id = "", int receive_buffer = 0) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (receive_buffer > 0) setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
    std::string request = "GET /api/v1/inbox/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n";
    if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
    if (!last_event_id.empty()) request += "Last-Event-ID: " + last_event_id + "\r\n";
    request += "\r\n";
    (void)::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
  }
  ~SseClient() {
    if (fd_ >= 0) close(fd_);
  }
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // The response head ("" when none came within the timeout).
  std::string head(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    auto until = Clock::now() + timeout;
    while (buf_.find("\r\n\r\n") == std::string::npos && Clock::now() < until && receive(50)) {
    }
    auto end = buf_.find("\r\n\r\n");
    if (end == std::string::npos) return {};
    std::string out = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    return out;
  }
  // Events received until `count` of them or the timeout; comments and the retry line skipped.
  std::vector<Event> events(std::size_t count, std::chrono::milliseconds timeout) {
    std::vector<Event> out;
    auto until = Clock::now() + timeout;
    while (out.size() < count) {
      auto end = buf_.find("\n\n");
      if (end == std::string::npos) {
        if (Clock::now() >= until || !receive(20)) {
          if (Clock::now() >= until || closed_) break;
        }
        continue;
      }
      std::string block = buf_.substr(0, end);
      buf_.erase(0, end + 2);
      Event e;
      std::size_t pos = 0;
      while (pos < block.size()) {
        auto eol = block.find('\n', pos);
        std::string line = block.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
        if (line.rfind("id: ", 0) == 0) e.id = std::stoll(line.substr(4));
        if (line.rfind("event: ", 0) == 0) e.kind = line.substr(7);
        if (line.rfind("data: ", 0) == 0) e.data = json::parse(line.substr(6), nullptr, false);
        if (eol == std::string::npos) break;
        pos = eol + 1;
      }
      if (e.id > 0) out.push_back(std::move(e));
    }
    return out;
  }
  bool closed() const { return closed_; }

 private:
  // Reads what is there within `ms`; false when nothing came (or the server closed).
  bool receive(int ms) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return false;
    char buf[16384];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    buf_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buf_;
  bool closed_ = false;
};

class apiInboxStream : public OwnWorldSuite<apiInboxStream> {
 public:
  static ServerOptions options() {
    ServerOptions o;
    o.extra_args = {"--stream-backlog-kib", "64", "--write-timeout-s", "2"};
    return o;
  }
  static std::vector<UserSpec> users() {
    auto u = standard_users();
    u.push_back({"fra.coordinator", "FRA", "coordinator"});
    return u;
  }

 protected:
  static int port() { return world_->server().port(); }
  static long long send(const std::string& from, const std::string& to, const std::string& subject) {
    auto r = api().post("/messages", {{"to", {to}}, {"subject", subject}, {"body", "b"}}, token(from));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body.value("id", 0LL);
  }
  static long long message_of(const Event& e) {
    return e.data["message"].is_object() ? e.data["message"].value("id", 0LL) : 0;
  }
};

TEST_F(apiInboxStream, NewItemsArriveWithinASecondAndAReconnectReceivesExactlyWhatItMissed) {
  auto deu = std::make_unique<SseClient>(port(), token("deu.officer"));
  SseClient ita(port(), token("ita.officer"));
  const std::string head = deu->head();
  ASSERT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  EXPECT_NE(head.find("text/event-stream"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  ASSERT_EQ(ita.head().rfind("HTTP/1.1 200", 0), 0u);

  const auto sent_at = Clock::now();
  const long long first = send("fra.officer", "DEU", "Live: convoy at Kehl");
  auto got = deu->events(1, std::chrono::milliseconds(3000));
  const auto latency = Clock::now() - sent_at;
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, "message");
  EXPECT_EQ(message_of(got[0]), first);
  EXPECT_EQ(got[0].data["text"], "Live: convoy at Kehl");
  EXPECT_LT(latency, std::chrono::seconds(1));
  const long long seen = got[0].id;

  // Gone for a while: two messages and a notification arrive meanwhile.
  deu.reset();
  const long long second = send("fra.officer", "DEU", "Live: second");
  const long long third = send("ita.officer", "DEU", "Live: third");
  SseClient back(port(), token("deu.officer"), std::to_string(seen));
  ASSERT_EQ(back.head().rfind("HTTP/1.1 200", 0), 0u);
  auto missed = back.events(10, std::chrono::milliseconds(1500));
  ASSERT_EQ(missed.size(), 2u) << "exactly what it missed";
  EXPECT_EQ(message_of(missed[0]), second);
  EXPECT_EQ(message_of(missed[1]), third);
  EXPECT_GT(missed[0].id, seen);
  EXPECT_LT(missed[0].id, missed[1].id);

  for (const auto& e : ita.events(10, std::chrono::milliseconds(300))) {
    EXPECT_NE(message_of(e), first) << "ITA's stream carries DEU's messages";
    EXPECT_NE(message_of(e), second);
  }
  SseClient anonymous(port(), "");
  SseClient bad(port(), token("deu.officer"), "abc");
  EXPECT_EQ(bad.head().rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(anonymous.head().rfind("HTTP/1.1 401", 0), 0u) << "no token, no stream";
}

TEST_F(apiInboxStream, AClientThatNeverReadsIsDroppedThenResumesWhereItStopped) {
  auto start = api().get("/inbox?limit=1", token("deu.officer"));
  ASSERT_EQ(start.status, 200);
  const std::string from =
      start.body["items"].empty() ? "0" : std::to_string(start.body["items"][0]["id"].get<long long>());
  SseClient stuck(port(), token("deu.officer"), from, 4096);
  ASSERT_EQ(stuck.head().rfind("HTTP/1.1 200", 0), 0u);

  // Far more than the socket and the 64 KiB backlog hold, written straight to
  // the store by a script (as another process's writes would be).
  constexpr int kMessages = 800;
  const auto file = world_->dir() / "many.jsonl";
  {
    std::ofstream out(file);
    const std::string subject(190, 's');
    for (int i = 0; i < kMessages; ++i) {
      out << json{{"to", {"DEU"}}, {"subject", subject + std::to_string(i)}, {"body", "b"}}.dump() << "\n";
    }
  }
  auto sent = run_ariadne({"message", "send", "--db", world_->db().string(), "--as", "fra.officer", file.string()},
                          world_->dir().path(), std::chrono::seconds(120));
  ASSERT_EQ(sent.exit_code, 0) << sent.err;

  // Not reading: the server sends what the socket holds, keeps no more than
  // its backlog, and closes the connection once the client took nothing for
  // the write deadline (2 s here); what was sent still reaches the client,
  // then the end.
  std::this_thread::sleep_for(std::chrono::seconds(5));
  auto before_drop = stuck.events(kMessages, std::chrono::milliseconds(5000));
  EXPECT_TRUE(stuck.closed()) << "a client that never reads is dropped";
  EXPECT_LT(before_drop.size(), static_cast<std::size_t>(kMessages));
  ASSERT_GT(before_drop.size(), 0u);

  // It reconnects from the last event it has and gets the rest, each once.
  std::set<long long> ids;
  for (const auto& e : before_drop) EXPECT_TRUE(ids.insert(e.id).second);
  SseClient again(port(), token("deu.officer"), std::to_string(before_drop.back().id));
  ASSERT_EQ(again.head().rfind("HTTP/1.1 200", 0), 0u);
  auto rest = again.events(kMessages - before_drop.size(), std::chrono::milliseconds(30000));
  for (const auto& e : rest) EXPECT_TRUE(ids.insert(e.id).second) << "sent twice: " << e.id;
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kMessages));
  EXPECT_TRUE(again.events(1, std::chrono::milliseconds(300)).empty()) << "nothing beyond what was sent";
}

TEST_F(apiInboxStream, AStreamEndsWithTheSessionThatOpenedIt) {
  const std::string session = api().login("deu.officer");
  SseClient stream(port(), session);
  ASSERT_EQ(stream.head().rfind("HTTP/1.1 200", 0), 0u);
  const long long before = send("fra.officer", "DEU", "Before the logout");
  auto got = stream.events(1, std::chrono::milliseconds(3000));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(message_of(got[0]), before);
  auto out = api().post("/auth/logout", json::object(), session);
  ASSERT_EQ(out.status, 204) << out.describe();
  // The session is checked before anything more is pushed: nothing sent after the logout arrives.
  (void)send("fra.officer", "DEU", "After the logout");
  auto after = stream.events(10, std::chrono::seconds(12));
  EXPECT_TRUE(stream.closed()) << "the stream outlived its session";
  for (const auto& e : after) EXPECT_NE(e.data.value("text", ""), "After the logout");
}

// A group message is pushed to the streams of the group's users only, not to
// another user of the same member.
TEST_F(apiInboxStream, AGroupMessageReachesTheStreamsOfItsUsersOnly) {
  auto group =
      api().post("/groups", {{"name", "Stream group"}, {"members", {"fra.officer"}}}, token("fra.coordinator"));
  ASSERT_EQ(group.status, 201) << group.describe();
  SseClient member(port(), token("fra.officer"));
  SseClient other(port(), token("fra.reviewer"));
  ASSERT_EQ(member.head().rfind("HTTP/1.1 200", 0), 0u);
  ASSERT_EQ(other.head().rfind("HTTP/1.1 200", 0), 0u);
  auto sent = api().post("/messages", {{"group", group.body["id"]}, {"subject", "For the group"}, {"body", "b"}},
                         token("fra.coordinator"));
  ASSERT_EQ(sent.status, 201) << sent.describe();
  const long long to_fra = send("deu.officer", "FRA", "For all of FRA");
  auto got = member.events(2, std::chrono::milliseconds(3000));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(message_of(got[0]), sent.body["id"].get<long long>());
  EXPECT_EQ(got[0].data["message"]["group"], group.body["id"]);
  EXPECT_EQ(message_of(got[1]), to_fra);
  auto others = other.events(2, std::chrono::milliseconds(3000));
  ASSERT_EQ(others.size(), 1u) << "the member's message, not the group's";
  EXPECT_EQ(message_of(others[0]), to_fra);
}

}  // namespace
}  // namespace ariadne::apitest
